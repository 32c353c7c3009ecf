/* Benchmark plugin: the "register watch". mode=watch reads the 65 cpu+fpu registers (R_REGS) after
 * every instruction and compares them with the previous values, as a polling register tracer does;
 * mode=noregs only calls an empty NO_REGS callback on every instruction; mode=none registers
 * nothing; mode=readbench times qemu_plugin_read_register alone: in the first instruction's
 * callback it reads all the registers 200,000 times and prints the mean cost of one read.
 * Built for API 4 so QEMU 10.0 loads it too. */
#define QEMU_PLUGIN_API_VERSION 4
#define RIVET_PLUGIN_EXTENSIONS
#include <qemu-plugin.h>
#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAXREGS 65
static struct qemu_plugin_register *handles[MAXREGS];
static int nregs;
static uint64_t last[MAXREGS], changes, reads;
static GByteArray *buf;
static enum { NONE, NOREGS, WATCH, READBENCH, CHANGES } mode = WATCH;
static int benched;

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu) {
    GArray *regs = qemu_plugin_get_registers();
    for (guint i = 0; i < regs->len && nregs < MAXREGS; i++) {
        qemu_plugin_reg_descriptor *d = &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        if (!strcmp(d->feature, "org.gnu.gdb.riscv.cpu") || !strcmp(d->feature, "org.gnu.gdb.riscv.fpu"))
            handles[nregs++] = d->handle;
    }
    g_array_free(regs, TRUE);
}

static void watch(unsigned int vcpu, void *udata) {
    /* Empty the buffer once, append every register, then compare: what a careful polling tracer
     * does (one GLib call per instruction rather than one per register). */
    g_byte_array_set_size(buf, 0);
    for (int i = 0; i < nregs; i++)
        qemu_plugin_read_register(handles[i], buf);
    reads += nregs;
    if (buf->len != (guint)nregs * 8)
        return;
    for (int i = 0; i < nregs; i++) {
        uint64_t v;
        memcpy(&v, buf->data + 8 * i, 8);
        changes += v != last[i];
        last[i] = v;
    }
}

static void nothing(unsigned int vcpu, void *udata) {}

/* mode=changes (rivet only): the same 65 registers, but rivet says what changed. */
static void changed(const rivet_reg_change *c, void *udata) {
    __atomic_add_fetch(&changes, 1, __ATOMIC_RELAXED);
}

static void readbench(unsigned int vcpu, void *udata) {
    if (benched++)
        return;
    const int rounds = 200000;
    gint64 t0 = g_get_monotonic_time();
    for (int r = 0; r < rounds; r++) {
        g_byte_array_set_size(buf, 0);
        for (int i = 0; i < nregs; i++)
            qemu_plugin_read_register(handles[i], buf);
    }
    gint64 t1 = g_get_monotonic_time();
    g_autofree char *s = g_strdup_printf("readbench: %.2f ns per qemu_plugin_read_register (%d registers x %d)\n",
                                         (t1 - t0) * 1000.0 / ((double)rounds * nregs), nregs, rounds);
    qemu_plugin_outs(s);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (mode == WATCH)
            qemu_plugin_register_vcpu_insn_exec_cb(insn, watch, QEMU_PLUGIN_CB_R_REGS, NULL);
        else if (mode == READBENCH)
            qemu_plugin_register_vcpu_insn_exec_cb(insn, readbench, QEMU_PLUGIN_CB_R_REGS, NULL);
        else
            qemu_plugin_register_vcpu_insn_exec_cb(insn, nothing, QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
}

static void at_exit(qemu_plugin_id_t id, void *p) {
    g_autofree char *s = g_strdup_printf("regwatch: %d registers, %lu reads, %lu changes\n", nregs,
                                         (unsigned long)reads, (unsigned long)changes);
    qemu_plugin_outs(s);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "mode=noregs")) mode = NOREGS;
        else if (!strcmp(argv[i], "mode=none")) mode = NONE;
        else if (!strcmp(argv[i], "mode=watch")) mode = WATCH;
        else if (!strcmp(argv[i], "mode=readbench")) mode = READBENCH;
        else if (!strcmp(argv[i], "mode=changes")) mode = CHANGES;
        else return -1;
    }
    buf = g_byte_array_new();
    if (mode == CHANGES) {
        static const char *const groups[] = {"cpu", "fpu"};
        if (!rivet_plugin_register_reg_change_cb || !rivet_plugin_register_reg_change_cb(id, groups, 2, changed, NULL))
            return -1;
        qemu_plugin_register_atexit_cb(id, at_exit, NULL);
        return 0;
    }
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    if (mode != NONE)
        qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
