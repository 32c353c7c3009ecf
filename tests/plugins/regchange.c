/*
 * regchange.c -- checks rivet's register-change callbacks against polling.
 *
 * It asks rivet_plugin_register_reg_change_cb() for changes of the registers
 * named by its `regs=` options (default "*", every register) and also polls
 * the same registers before every instruction, as QEMU's execlog does. The
 * change stream, replayed from the values at vCPU init, must give exactly the
 * polled values at every poll, and each change's old value must be the value
 * the stream said before. At exit it prints
 *
 *   regchange: PASS polls N changes M regs R
 *   regchange: FAIL ... (the first disagreement)
 *
 * Registers whose values move with the host clock (time; mip and sip, which
 * a timer raises) are left out of the check: a poll and a check look at them
 * at different instants.
 *
 * Options: regs=NAME (repeatable: a register, a group such as fpu, or *);
 * limit=N: give the verdict after N polls and uninstall (long programs then
 * run on uninstrumented).
 */
#define QEMU_PLUGIN_API_VERSION 4
#define RIVET_PLUGIN_EXTENSIONS
#include <qemu-plugin.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAXV 8
#define MAXR 256

struct reg {
    struct qemu_plugin_register *handle;
    const char *name;
};

static const char *names[64];
static size_t nnames;
static struct reg regs[MAXV][MAXR];
static int nregs[MAXV];
static uint64_t polled[MAXV][MAXR]; /* values at the last poll */
static uint64_t known[MAXV][MAXR];  /* values as the change stream says */
static uint64_t limit = UINT64_MAX;
static qemu_plugin_id_t self_id;
static int verdict_given;
static uint64_t polls, changes, bad_old, bad_state, first_bad_reported;
static char first_bad[256];
static __thread GByteArray *buf; /* vCPUs run on threads of their own */

static int selected(const qemu_plugin_reg_descriptor *d) {
    if (!strcmp(d->name, "time") || !strcmp(d->name, "mip") || !strcmp(d->name, "sip"))
        return 0;
    for (size_t i = 0; i < nnames; i++) {
        const char *n = names[i];
        const char *dot = strrchr(d->feature, '.');
        if (!strcmp(n, "*") || !strcmp(n, d->name) || !strcmp(n, d->feature) || (dot && !strcmp(n, dot + 1)))
            return 1;
    }
    return 0;
}

static uint64_t value(struct qemu_plugin_register *h) {
    uint64_t v = 0;
    if (!buf)
        buf = g_byte_array_new();
    g_byte_array_set_size(buf, 0);
    qemu_plugin_read_register(h, buf);
    memcpy(&v, buf->data, buf->len < 8 ? buf->len : 8);
    return v;
}

static void note_bad(const char *what, unsigned vcpu, const char *reg, uint64_t a, uint64_t b) {
    if (__atomic_fetch_add(&first_bad_reported, 1, __ATOMIC_RELAXED))
        return;
    snprintf(first_bad, sizeof first_bad, "%s: vcpu %u %s %#" PRIx64 " vs %#" PRIx64 " (after %" PRIu64 " polls)",
             what, vcpu, reg, a, b, polls);
}

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu) {
    if (vcpu >= MAXV)
        return;
    GArray *list = qemu_plugin_get_registers();
    for (guint i = 0; i < list->len && nregs[vcpu] < MAXR; i++) {
        qemu_plugin_reg_descriptor *d = &g_array_index(list, qemu_plugin_reg_descriptor, i);
        if (selected(d)) {
            int k = nregs[vcpu]++;
            regs[vcpu][k] = (struct reg){d->handle, d->name};
            polled[vcpu][k] = known[vcpu][k] = value(d->handle);
        }
    }
    g_array_free(list, TRUE);
}

static int find(unsigned vcpu, struct qemu_plugin_register *h) {
    for (int k = 0; k < nregs[vcpu]; k++)
        if (regs[vcpu][k].handle == h)
            return k;
    return -1;
}

static void changed(const rivet_reg_change *c, void *ud) {
    unsigned v = c->vcpu_index;
    if (v >= MAXV)
        return;
    int k = find(v, c->reg);
    if (k < 0) /* a clock-driven register left out of the check */
        return;
    __atomic_add_fetch(&changes, 1, __ATOMIC_RELAXED);
    if (c->old_value != known[v][k]) {
        bad_old++;
        note_bad("old value differs from the last reported", v, c->name, c->old_value, known[v][k]);
    }
    if (c->old_value == c->new_value) {
        bad_old++;
        note_bad("a change to the same value", v, c->name, c->old_value, c->new_value);
    }
    known[v][k] = c->new_value;
}

static void verdict(void);

static void poll(unsigned int vcpu, void *ud) {
    if (vcpu >= MAXV)
        return;
    if (__atomic_add_fetch(&polls, 1, __ATOMIC_RELAXED) > limit) {
        if (!__atomic_exchange_n(&verdict_given, 1, __ATOMIC_RELAXED)) {
            verdict();
            qemu_plugin_uninstall(self_id, NULL);
        }
        return;
    }
    for (int k = 0; k < nregs[vcpu]; k++) {
        uint64_t v = value(regs[vcpu][k].handle);
        if (v != known[vcpu][k]) {
            bad_state++;
            note_bad("polled value not reported", vcpu, regs[vcpu][k].name, v, known[vcpu][k]);
            known[vcpu][k] = v;
        }
        polled[vcpu][k] = v;
    }
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++)
        qemu_plugin_register_vcpu_insn_exec_cb(qemu_plugin_tb_get_insn(tb, i), poll, QEMU_PLUGIN_CB_R_REGS, NULL);
}

static void verdict(void) {
    int n = 0;
    for (int v = 0; v < MAXV; v++)
        n = nregs[v] > n ? nregs[v] : n;
    char *s;
    if (bad_old || bad_state || !polls)
        s = g_strdup_printf("regchange: FAIL %s (%" PRIu64 " bad old values, %" PRIu64 " unreported changes)\n",
                            polls ? first_bad : "no instruction polled", bad_old, bad_state);
    else
        s = g_strdup_printf("regchange: PASS polls %" PRIu64 " changes %" PRIu64 " regs %d\n", polls, changes, n);
    qemu_plugin_outs(s);
    g_free(s);
}

static void at_exit(qemu_plugin_id_t id, void *p) {
    if (!__atomic_exchange_n(&verdict_given, 1, __ATOMIC_RELAXED))
        verdict();
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    for (int i = 0; i < argc; i++) {
        if (!strncmp(argv[i], "regs=", 5) && nnames < 64)
            names[nnames++] = argv[i] + 5;
        else if (!strncmp(argv[i], "limit=", 6))
            limit = g_ascii_strtoull(argv[i] + 6, NULL, 10);
        else
            return -1;
    }
    if (!nnames)
        names[nnames++] = "*";
    self_id = id;
    if (!rivet_plugin_register_reg_change_cb) {
        qemu_plugin_outs("regchange: FAIL the host has no rivet_plugin_register_reg_change_cb\n");
        return -1;
    }
    if (!rivet_plugin_register_reg_change_cb(id, names, nnames, changed, NULL)) {
        qemu_plugin_outs("regchange: FAIL registration refused\n");
        return -1;
    }
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
