/*
 * Uninstall, reset, two instances of one .so, vcpu_for_each, flush-free runs and qemu_plugin_outs
 * through the log. Built for API 7 (userdata callbacks) and API 4 (id callbacks).
 * argv: mode=uninstall | mode=reset | mode=count
 *   uninstall: counts instructions with an exec callback and uninstalls itself after 5000; the
 *              uninstall callback checks the count stopped (no callback after the request's block).
 *   reset:     after 5000 instructions resets itself; the reset callback registers an atexit that
 *              checks the exec callbacks stopped.
 *   count:     counts instructions with an inline scoreboard; loaded twice, both instances (one copy
 *              of the library's globals, two ids) report per id.
 *   flush:     counts flush callbacks (the guest rewrites its code) and checks that a flush callback
 *              has no current vCPU: a register read there fails.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include "qemu-plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;
#define V QEMU_PLUGIN_API_VERSION

static uint64_t count, at_request, after;
static int requested, done_calls, for_each_calls;
static qemu_plugin_id_t ids[2];
static struct qemu_plugin_scoreboard *boards[2];
static int n_inst;
static enum { UNINSTALL, RESET, COUNT, FLUSH } mode;
static int flushes, flush_reads_ok;
static struct qemu_plugin_register *a0_handle;

static void out(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static void out(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_plugin_outs(s);
    g_free(s);
}

#if V <= 6
static void at_exit(qemu_plugin_id_t id, void *ud);
#else
static void at_exit(void *ud);
#endif

#if V <= 6
static void done(qemu_plugin_id_t id)
#else
static void done(void *ud)
#endif
{
    done_calls++;
    after = count;
    if (mode == RESET) {
        /* A reset drops every callback, atexit included: register it again. */
        qemu_plugin_register_atexit_cb(ids[0], at_exit, NULL);
    }
}

static void exec_cb(unsigned int vcpu, void *ud)
{
    count++;
    if (count == 5000 && !requested) {
        requested = 1;
        at_request = count;
#if V <= 6
        if (mode == UNINSTALL) {
            qemu_plugin_uninstall(ids[0], done);
        } else {
            qemu_plugin_reset(ids[0], done);
        }
#else
        if (mode == UNINSTALL) {
            qemu_plugin_uninstall(ids[0], done, NULL);
        } else {
            qemu_plugin_reset(ids[0], done, NULL);
        }
#endif
    }
}

#if V <= 6
static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
#else
static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
#endif
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        qemu_plugin_register_vcpu_insn_exec_cb(qemu_plugin_tb_get_insn(tb, i), exec_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
}

#if V <= 6
static void count_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    int k = id == ids[0] ? 0 : 1;
#else
static void count_trans(struct qemu_plugin_tb *tb, void *ud)
{
    int k = (int)(uintptr_t)ud;
#endif
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64,
                                                      qemu_plugin_scoreboard_u64(boards[k]),
                                                      qemu_plugin_tb_n_insns(tb));
}

#if V <= 6
static void on_flush(qemu_plugin_id_t id)
#else
static void on_flush(void *ud)
#endif
{
    flushes++;
    GByteArray *buf = g_byte_array_new();
    if (a0_handle && qemu_plugin_read_register(a0_handle, buf) > 0) {
        flush_reads_ok++;
    }
    g_byte_array_free(buf, TRUE);
}

#if V <= 6
static void flush_init(qemu_plugin_id_t id, unsigned int vcpu)
#else
static void flush_init(unsigned int vcpu, void *ud)
#endif
{
    GArray *regs = qemu_plugin_get_registers();
    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d = &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        if (!strcmp(d->name, "a0")) {
            a0_handle = d->handle;
        }
    }
    g_array_free(regs, TRUE);
}

#if V <= 6
static void each(qemu_plugin_id_t id, unsigned int vcpu)
#else
static void each(unsigned int vcpu, void *ud)
#endif
{
    for_each_calls++;
}

#if V <= 6
static void at_exit(qemu_plugin_id_t id, void *ud)
#else
static void at_exit(void *ud)
#endif
{
    int k = (int)(uintptr_t)ud;
    if (mode == COUNT) {
        uint64_t n = qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(boards[k]));
        out("lifecycle: instance %d (id %s) counted %" PRIu64 "\n", k, ids[0] != ids[1] ? "distinct" : "SAME", n);
        return;
    }
    if (mode == FLUSH) {
        out("lifecycle flush: %s (%d flushes, %d register reads succeeded in them)\n",
            flushes > 0 && a0_handle && flush_reads_ok == 0 ? "PASS" : "FAIL", flushes, flush_reads_ok);
        return;
    }
    int ok = requested && done_calls == 1 && after == at_request && count == at_request;
#if V <= 6
    qemu_plugin_vcpu_for_each(ids[0], each);
#else
    qemu_plugin_vcpu_for_each(ids[0], each, NULL);
#endif
    out("lifecycle %s: %s (requested at %" PRIu64 ", callbacks stopped at %" PRIu64 ", done %d, for_each %d)\n",
        mode == RESET ? "reset" : "uninstall", ok ? "PASS" : "FAIL", at_request, count, done_calls, for_each_calls);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
    mode = COUNT;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "mode=uninstall")) {
            mode = UNINSTALL;
        } else if (!strcmp(argv[i], "mode=reset")) {
            mode = RESET;
        } else if (!strcmp(argv[i], "mode=flush")) {
            mode = FLUSH;
        }
    }
    int k = n_inst++;
    if (k > 1) {
        return 1;
    }
    ids[k] = id;
    void *ud = (void *)(uintptr_t)k;
    if (mode == FLUSH) {
#if V <= 6
        qemu_plugin_register_flush_cb(id, on_flush);
#else
        qemu_plugin_register_flush_cb(id, on_flush, NULL);
#endif
#if V <= 6
        qemu_plugin_register_vcpu_init_cb(id, flush_init);
#else
        qemu_plugin_register_vcpu_init_cb(id, flush_init, NULL);
#endif
        qemu_plugin_register_atexit_cb(id, at_exit, ud);
        return 0;
    }
    if (mode == COUNT) {
        boards[k] = qemu_plugin_scoreboard_new(sizeof(uint64_t));
#if V <= 6
        qemu_plugin_register_vcpu_tb_trans_cb(id, count_trans);
#else
        qemu_plugin_register_vcpu_tb_trans_cb(id, count_trans, ud);
#endif
        qemu_plugin_register_atexit_cb(id, at_exit, ud);
        return 0;
    }
#if V <= 6
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
#else
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
#endif
    if (mode == UNINSTALL) {
        /* An uninstalled plugin gets no atexit: a second instance (k == 1) would; report from a
         * plain C destructor instead. */
    } else {
        qemu_plugin_register_atexit_cb(id, at_exit, ud);
    }
    return 0;
}

static void __attribute__((destructor)) report_uninstall(void)
{
    if (mode == UNINSTALL) {
        int ok = requested && done_calls == 1 && after == at_request && count == at_request;
        fprintf(stderr, "lifecycle uninstall: %s (requested at %" PRIu64 ", callbacks stopped at %" PRIu64
                ", done %d)\n", ok ? "PASS" : "FAIL", at_request, count, done_calls);
    }
}
