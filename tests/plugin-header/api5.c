/*
 * API 5 (QEMU 10.1, 10.2): int write_register, guest memory writes,
 * physical-address access, translate_vaddr, discontinuity callbacks (with id).
 */
#define QEMU_PLUGIN_API_VERSION 5
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

_Static_assert(QEMU_PLUGIN_VERSION == 5, "version selection");
_Static_assert(QEMU_PLUGIN_DISCON_INTERRUPT == 1 && QEMU_PLUGIN_DISCON_EXCEPTION == 2 &&
               QEMU_PLUGIN_DISCON_HOSTCALL == 4 && QEMU_PLUGIN_DISCON_ALL == -1,
               "discon values");
_Static_assert(QEMU_PLUGIN_HWADDR_OPERATION_INVALID_ADDRESS_SPACE == 5, "hwaddr result values");
_Static_assert(sizeof(qemu_plugin_reg_descriptor) == 24, "API 5 descriptor has no is_readonly");
_Static_assert(_Generic(qemu_plugin_write_register(NULL, NULL), int: 1, default: 0),
               "API 5 write_register returns int");

static struct qemu_plugin_register *a0;

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu_index)
{
    g_autoptr(GArray) regs = qemu_plugin_get_registers();
    (void)id;
    (void)vcpu_index;
    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d =
            &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        if (g_strcmp0(d->name, "a0") == 0) {
            a0 = d->handle;
        }
    }
}

static void insn_exec(unsigned int vcpu_index, void *udata)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    uint64_t hw;
    (void)vcpu_index;
    (void)udata;
    if (qemu_plugin_read_register(a0, buf) > 0) {
        int written = qemu_plugin_write_register(a0, buf);
        (void)written;
    }
    if (qemu_plugin_translate_vaddr(0x80000000u, &hw)) {
        g_autoptr(GByteArray) mem = g_byte_array_new();
        enum qemu_plugin_hwaddr_operation_result r =
            qemu_plugin_read_memory_hwaddr(hw, mem, 4);
        if (r == QEMU_PLUGIN_HWADDR_OPERATION_OK) {
            (void)qemu_plugin_write_memory_hwaddr(hw, mem);
            (void)qemu_plugin_write_memory_vaddr(0x80000000u, mem);
        }
    }
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    qemu_plugin_register_vcpu_insn_exec_cb(qemu_plugin_tb_get_insn(tb, 0), insn_exec,
                                           QEMU_PLUGIN_CB_RW_REGS, NULL);
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
    qemu_plugin_register_vcpu_discon_cb(id, QEMU_PLUGIN_DISCON_ALL, discon);
    return 0;
}
