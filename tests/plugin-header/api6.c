/*
 * API 6 (QEMU 11.0): bool read/write_register, is_readonly in the register
 * descriptor, set_pc under RW_REGS_PC, syscall filter (uint64_t *sysret).
 */
#define QEMU_PLUGIN_API_VERSION 6
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

_Static_assert(QEMU_PLUGIN_VERSION == 6, "version selection");
_Static_assert(QEMU_PLUGIN_CB_RW_REGS_PC == 3, "RW_REGS_PC value");
_Static_assert(sizeof(qemu_plugin_reg_descriptor) == 32, "API 6 descriptor size");
_Static_assert(offsetof(qemu_plugin_reg_descriptor, is_readonly) == 24, "is_readonly offset");
_Static_assert(_Generic(qemu_plugin_read_register(NULL, NULL), bool: 1, default: 0),
               "API 6 read_register returns bool");
_Static_assert(_Generic(qemu_plugin_write_register(NULL, NULL), bool: 1, default: 0),
               "API 6 write_register returns bool");

static GArray *writable;   /* handles of registers we may write */
static uint64_t skip_to;

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu_index)
{
    g_autoptr(GArray) regs = qemu_plugin_get_registers();
    (void)id;
    (void)vcpu_index;
    writable = g_array_new(FALSE, FALSE, sizeof(struct qemu_plugin_register *));
    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d =
            &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        if (!d->is_readonly) {
            g_array_append_val(writable, d->handle);
        }
    }
}

static void insn_exec(unsigned int vcpu_index, void *udata)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    (void)vcpu_index;
    (void)udata;
    if (writable->len > 0) {
        struct qemu_plugin_register *r =
            g_array_index(writable, struct qemu_plugin_register *, 0);
        bool ok = qemu_plugin_read_register(r, buf);
        if (ok && !qemu_plugin_write_register(r, buf)) {
            qemu_plugin_outs("write failed\n");
        }
    }
    if (skip_to) {
        qemu_plugin_set_pc(skip_to);   /* does not return */
    }
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    qemu_plugin_register_vcpu_insn_exec_cb(qemu_plugin_tb_get_insn(tb, 0), insn_exec,
                                           QEMU_PLUGIN_CB_RW_REGS_PC, NULL);
}

static bool filter(qemu_plugin_id_t id, unsigned int vcpu_index, int64_t num,
                   uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                   uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8,
                   uint64_t *sysret)
{
    (void)id; (void)vcpu_index; (void)a2; (void)a3; (void)a4; (void)a5;
    (void)a6; (void)a7; (void)a8;
    if (num == 4096) {
        *sysret = a1;
        return true;
    }
    return false;
}

static void syscall_ret(qemu_plugin_id_t id, unsigned int vcpu_index,
                        int64_t num, int64_t ret)
{
    (void)id; (void)vcpu_index; (void)num; (void)ret;
}

static void discon(qemu_plugin_id_t id, unsigned int vcpu_index,
                   enum qemu_plugin_discon_type type, uint64_t from_pc,
                   uint64_t to_pc)
{
    (void)id; (void)vcpu_index; (void)type; (void)from_pc; (void)to_pc;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    (void)info;
    (void)argc;
    (void)argv;
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_vcpu_syscall_filter_cb(id, filter);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, syscall_ret);
    qemu_plugin_register_vcpu_discon_cb(id, QEMU_PLUGIN_DISCON_EXCEPTION, discon);
    return 0;
}
