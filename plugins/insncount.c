/*
 * insncount.c -- count executed guest instructions per vCPU.
 *
 * Part of the plugins rivet ships; builds against rivet's qemu-plugin.h and
 * loads in rivet and in QEMU (system or user mode).
 *
 * Every instruction of every translated block is instrumented so that each
 * execution adds 1 to the executing vCPU's counter. Two ways to do that,
 * which must give the same numbers:
 *
 *   inline=true   (default) an inline ADD_U64 on a per-vCPU scoreboard
 *                 entry: no call into the plugin at run time.
 *   inline=false  a regular execution callback (NO_REGS) per instruction
 *                 that adds 1 to the same scoreboard entry.
 *
 * At exit it prints, as QEMU's tests/tcg/plugins/insn.c does:
 *   cpu 0 insns: 12345
 *   ...
 *   total insns: 12345
 *
 * Builds for plugin API 2..6 (default 4, the newest QEMU 10.0 loads).
 */
#ifndef QEMU_PLUGIN_API_VERSION
#define QEMU_PLUGIN_API_VERSION 4
#endif

#include <inttypes.h>
#include <stdio.h>

#include <glib.h>
#include <qemu-plugin.h>

#if QEMU_PLUGIN_API_VERSION > 6
#error "insncount.c is written for plugin API versions 2 to 6"
#endif

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* One uint64_t per vCPU; the scoreboard grows with the vCPU count. */
static qemu_plugin_u64 insn_count;
static bool use_inline = true;

/* inline=false: runs before every instruction on the executing vCPU. */
static void vcpu_insn_exec(unsigned int vcpu_index, void *udata)
{
    (void)udata;
    /* Each vCPU only touches its own entry, so no lock is needed. */
    qemu_plugin_u64_add(insn_count, vcpu_index, 1);
}

static void vcpu_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    (void)id;
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

        if (use_inline) {
            qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
                insn, QEMU_PLUGIN_INLINE_ADD_U64, insn_count, 1);
        } else {
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, vcpu_insn_exec, QEMU_PLUGIN_CB_NO_REGS, NULL);
        }
    }
}

static void plugin_exit(qemu_plugin_id_t id, void *udata)
{
    GString *out = g_string_new(NULL);
    int n = qemu_plugin_num_vcpus();

    (void)id;
    (void)udata;
    for (int i = 0; i < n; i++) {
        g_string_append_printf(out, "cpu %d insns: %" PRIu64 "\n", i,
                               qemu_plugin_u64_get(insn_count, i));
    }
    g_string_append_printf(out, "total insns: %" PRIu64 "\n",
                           qemu_plugin_u64_sum(insn_count));
    qemu_plugin_outs(out->str);
    g_string_free(out, TRUE);
    qemu_plugin_scoreboard_free(insn_count.score);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    (void)info;
    for (int i = 0; i < argc; i++) {
        char **kv = g_strsplit(argv[i], "=", 2);
        bool ok = false;

        if (g_strcmp0(kv[0], "inline") == 0 && kv[1]) {
            ok = qemu_plugin_bool_parse(kv[0], kv[1], &use_inline);
        }
        g_strfreev(kv);
        if (!ok) {
            fprintf(stderr, "insncount: bad option '%s' (known: inline=on|off)\n",
                    argv[i]);
            return -1;
        }
    }

    insn_count = qemu_plugin_scoreboard_u64(
        qemu_plugin_scoreboard_new(sizeof(uint64_t)));
    qemu_plugin_register_vcpu_tb_trans_cb(id, vcpu_tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
