/* rivet test: register reads agree with the guest. tests/plugins/knownregs.S leaves known values in
 * x1..x31, f0..f31 and fcsr, then runs the marker `addi x0, x0, 1234`. Before the marker an R_REGS
 * callback reads every register by name and checks it; instret must equal the instructions the
 * plugin saw execute before the marker, and cycle must read too. Prints "knownregs: PASS" or the
 * first mismatches. Built for API 4 (QEMU 10.0's). */
#define QEMU_PLUGIN_API_VERSION 4
#include <qemu-plugin.h>
#include <stdio.h>
#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static GArray *regs;
static uint64_t executed;
static int checked, errors;

static const char *xnames[32] = {"zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2", "fp", "s1", "a0",
                                 "a1",   "a2", "a3",  "a4",  "a5", "a6", "a7", "s2", "s3", "s4", "s5",
                                 "s6",   "s7", "s8",  "s9",  "s10", "s11", "t3", "t4", "t5", "t6"};
static const char *fnames[32] = {"ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0",
                                 "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5",
                                 "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};

static int read_named(const char *name, uint64_t *out) {
    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d = &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        if (strcmp(d->name, name))
            continue;
        g_autoptr(GByteArray) buf = g_byte_array_new();
        if (qemu_plugin_read_register(d->handle, buf) != 8)
            return 0;
        memcpy(out, buf->data, 8);
        return 1;
    }
    return 0;
}

static void expect(const char *name, uint64_t want) {
    uint64_t v = 0;
    checked++;
    if (!read_named(name, &v) || v != want) {
        if (errors++ < 5) {
            g_autofree char *s = g_strdup_printf("knownregs: %s = 0x%lx, expected 0x%lx\n", name,
                                                 (unsigned long)v, (unsigned long)want);
            qemu_plugin_outs(s);
        }
    }
}

static void count(unsigned int vcpu, void *u) { executed++; }

static void at_marker(unsigned int vcpu, void *u) {
    regs = qemu_plugin_get_registers();
    for (int i = 1; i < 32; i++)
        expect(xnames[i], (uint64_t)i * 0x0101010101010101ULL);
    expect("zero", 0);
    for (int i = 0; i < 32; i++)
        expect(fnames[i], 0x4000000000000000ULL | i);
    expect("fcsr", 0x85);
    expect("frm", 4);
    expect("fflags", 5);
    expect("instret", executed);
    uint64_t cycle;
    checked++;
    if (!read_named("cycle", &cycle)) {
        errors++;
        qemu_plugin_outs("knownregs: cycle unreadable\n");
    }
    g_array_free(regs, TRUE);
    g_autofree char *s = g_strdup_printf("knownregs: %s (%d checks, %lu instructions before the marker)\n",
                                         errors ? "FAIL" : "PASS", checked, (unsigned long)executed);
    qemu_plugin_outs(s);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint32_t raw = 0;
        qemu_plugin_insn_data(insn, &raw, sizeof raw);
        if (qemu_plugin_insn_size(insn) == 4 && raw == 0x4d200013) /* addi x0, x0, 1234 */
            qemu_plugin_register_vcpu_insn_exec_cb(insn, at_marker, QEMU_PLUGIN_CB_R_REGS, NULL);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, count, QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    return 0;
}
