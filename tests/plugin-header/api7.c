/*
 * API 7 (QEMU 11.1): no plugin id in callbacks, trailing userdata in every
 * callback, userdata argument in every registration.
 */
#define QEMU_PLUGIN_API_VERSION 7
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

_Static_assert(QEMU_PLUGIN_VERSION == 7, "version selection");
_Static_assert(sizeof(qemu_plugin_reg_descriptor) == 32, "API 7 descriptor size");
_Static_assert(_Generic(qemu_plugin_read_register(NULL, NULL), bool: 1, default: 0),
               "API 7 read_register returns bool");

typedef struct {
    qemu_plugin_id_t id;
    struct qemu_plugin_scoreboard *insns;
    uint64_t syscalls;
    uint64_t traps;
} State;

static void vcpu_init(unsigned int vcpu_index, void *udata)
{
    State *s = udata;
    qemu_plugin_u64_set(qemu_plugin_scoreboard_u64(s->insns), vcpu_index, 0);
}

static void vcpu_idle(unsigned int vcpu_index, void *udata)
{
    (void)vcpu_index;
    (void)udata;
}

static void tb_exec(unsigned int vcpu_index, void *udata)
{
    (void)vcpu_index;
    (void)udata;
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    State *s = udata;
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
        tb, QEMU_PLUGIN_INLINE_ADD_U64, qemu_plugin_scoreboard_u64(s->insns),
        qemu_plugin_tb_n_insns(tb));
    qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS, s);
}

static void discon(unsigned int vcpu_index, enum qemu_plugin_discon_type type,
                   uint64_t from_pc, uint64_t to_pc, void *udata)
{
    State *s = udata;
    (void)vcpu_index; (void)type; (void)from_pc; (void)to_pc;
    s->traps++;
}

static void syscall_entry(unsigned int vcpu_index, int64_t num, uint64_t a1,
                          uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
                          uint64_t a6, uint64_t a7, uint64_t a8, void *udata)
{
    State *s = udata;
    (void)vcpu_index; (void)num; (void)a1; (void)a2; (void)a3; (void)a4;
    (void)a5; (void)a6; (void)a7; (void)a8;
    s->syscalls++;
}

static bool filter(unsigned int vcpu_index, int64_t num, uint64_t a1,
                   uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
                   uint64_t a6, uint64_t a7, uint64_t a8, int64_t *sysret,
                   void *udata)
{
    (void)vcpu_index; (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    (void)a6; (void)a7; (void)a8; (void)udata;
    if (num == 4096) {
        *sysret = -38;   /* -ENOSYS */
        return true;
    }
    return false;
}

static void syscall_ret(unsigned int vcpu_index, int64_t num, int64_t ret,
                        void *udata)
{
    (void)vcpu_index; (void)num; (void)ret; (void)udata;
}

static void flushed(void *udata)
{
    (void)udata;
}

static void removed(void *udata)
{
    g_free(udata);
}

static void at_exit(void *udata)
{
    State *s = udata;
    g_autofree gchar *msg = g_strdup_printf(
        "insns %" PRIu64 " syscalls %" PRIu64 " traps %" PRIu64 "\n",
        qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(s->insns)),
        s->syscalls, s->traps);
    qemu_plugin_outs(msg);
    qemu_plugin_scoreboard_free(s->insns);
    qemu_plugin_reset(s->id, flushed, NULL);
    qemu_plugin_uninstall(s->id, removed, s);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    State *s = g_new0(State, 1);
    (void)info;
    (void)argc;
    (void)argv;
    s->id = id;
    s->insns = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init, s);
    qemu_plugin_register_vcpu_exit_cb(id, vcpu_idle, s);
    qemu_plugin_register_vcpu_idle_cb(id, vcpu_idle, s);
    qemu_plugin_register_vcpu_resume_cb(id, vcpu_idle, s);
    qemu_plugin_vcpu_for_each(id, vcpu_init, s);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, s);
    qemu_plugin_register_vcpu_discon_cb(id, QEMU_PLUGIN_DISCON_ALL, discon, s);
    qemu_plugin_register_vcpu_syscall_cb(id, syscall_entry, s);
    qemu_plugin_register_vcpu_syscall_filter_cb(id, filter, s);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, syscall_ret, s);
    qemu_plugin_register_flush_cb(id, flushed, s);
    qemu_plugin_register_atexit_cb(id, at_exit, s);
    return 0;
}
