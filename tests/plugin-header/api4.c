/*
 * API 4 (QEMU 9.2, 10.0): memory value of each access, read_memory_vaddr.
 */
#define QEMU_PLUGIN_API_VERSION 4
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

_Static_assert(QEMU_PLUGIN_VERSION == 4, "version selection");
_Static_assert(sizeof(qemu_plugin_mem_value) == 24, "mem_value layout");
_Static_assert(offsetof(qemu_plugin_mem_value, data) == 8, "mem_value layout");
_Static_assert(QEMU_PLUGIN_MEM_VALUE_U128 == 4, "mem_value_type values");
_Static_assert(_Generic(qemu_plugin_read_register(NULL, NULL), int: 1, default: 0),
               "API 4 read_register returns int");

static void mem_access(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
                       uint64_t vaddr, void *udata)
{
    qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);
    uint64_t lo = 0;
    (void)vcpu_index;
    (void)udata;
    switch (v.type) {
    case QEMU_PLUGIN_MEM_VALUE_U8:   lo = v.data.u8;  break;
    case QEMU_PLUGIN_MEM_VALUE_U16:  lo = v.data.u16; break;
    case QEMU_PLUGIN_MEM_VALUE_U32:  lo = v.data.u32; break;
    case QEMU_PLUGIN_MEM_VALUE_U64:  lo = v.data.u64; break;
    case QEMU_PLUGIN_MEM_VALUE_U128: lo = v.data.u128.low ^ v.data.u128.high; break;
    }
    if (!qemu_plugin_mem_is_store(info)) {
        GByteArray *buf = g_byte_array_new();
        if (qemu_plugin_read_memory_vaddr(vaddr, buf, 8) && buf->len == 8 && lo) {
            qemu_plugin_outs("read back\n");
        }
        g_byte_array_free(buf, TRUE);
    }
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint32_t word;
        qemu_plugin_insn_data(insn, &word, sizeof(word));
        qemu_plugin_register_vcpu_mem_cb(insn, mem_access, QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, NULL);
    }
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    (void)info;
    (void)argc;
    (void)argv;
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    return 0;
}
