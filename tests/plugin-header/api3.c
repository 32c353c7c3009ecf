/*
 * API 3 (QEMU 9.1): insn_data copies into a caller buffer, conditional
 * callbacks, STORE_U64 inline op, time control.
 */
#define QEMU_PLUGIN_API_VERSION 3
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

_Static_assert(QEMU_PLUGIN_VERSION == 3, "version selection");
_Static_assert(QEMU_PLUGIN_INLINE_STORE_U64 == 1, "STORE_U64 value");
_Static_assert(QEMU_PLUGIN_COND_NEVER == 0 && QEMU_PLUGIN_COND_ALWAYS == 1 &&
               QEMU_PLUGIN_COND_GE == 7, "cond values");
_Static_assert(_Generic(qemu_plugin_insn_data(NULL, NULL, 0), size_t: 1, default: 0),
               "API 3 insn_data returns size_t");

typedef struct {
    uint64_t count;
    uint64_t flag;
} Entry;

static struct qemu_plugin_scoreboard *sb;
static const void *time_handle;

static void hot_block(unsigned int vcpu_index, void *udata)
{
    Entry *e = qemu_plugin_scoreboard_find(sb, vcpu_index);
    (void)udata;
    e->flag = 0;
    qemu_plugin_u64_set(qemu_plugin_scoreboard_u64_in_struct(sb, Entry, count),
                        vcpu_index, 0);
    if (time_handle) {
        qemu_plugin_update_ns(time_handle, 1000);
    }
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    qemu_plugin_u64 count = qemu_plugin_scoreboard_u64_in_struct(sb, Entry, count);
    qemu_plugin_u64 flag = qemu_plugin_scoreboard_u64_in_struct(sb, Entry, flag);
    (void)id;
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
        tb, QEMU_PLUGIN_INLINE_ADD_U64, count, 1);
    qemu_plugin_register_vcpu_tb_exec_cond_cb(tb, hot_block, QEMU_PLUGIN_CB_NO_REGS,
                                              QEMU_PLUGIN_COND_GE, count, 1000, NULL);
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint8_t bytes[16];
        size_t got = qemu_plugin_insn_data(insn, bytes, sizeof(bytes));  /* API 3 form */
        (void)got;
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
            insn, QEMU_PLUGIN_INLINE_STORE_U64, flag, qemu_plugin_insn_vaddr(insn));
        qemu_plugin_register_vcpu_insn_exec_cond_cb(insn, hot_block,
                                                    QEMU_PLUGIN_CB_NO_REGS,
                                                    QEMU_PLUGIN_COND_EQ, flag, 0, NULL);
        qemu_plugin_register_vcpu_mem_inline_per_vcpu(
            insn, QEMU_PLUGIN_MEM_W, QEMU_PLUGIN_INLINE_ADD_U64, count, 1);
    }
}

static void gone(qemu_plugin_id_t id)
{
    (void)id;
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
    (void)udata;
    qemu_plugin_scoreboard_free(sb);
    qemu_plugin_uninstall(id, gone);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    (void)argc;
    (void)argv;
    sb = qemu_plugin_scoreboard_new(sizeof(Entry));
    if (info->system_emulation) {
        time_handle = qemu_plugin_request_time_control();
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
