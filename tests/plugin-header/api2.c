/*
 * API 2 (QEMU 9.0): old insn_data (returns a pointer), int read_register,
 * id-carrying callbacks, scoreboards and per-vCPU inline ops only ADD_U64.
 */
#define QEMU_PLUGIN_API_VERSION 2
#include <qemu-plugin.h>

#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

_Static_assert(QEMU_PLUGIN_VERSION == 2, "version selection");
_Static_assert(sizeof(qemu_info_t) == 32, "qemu_info_t layout");
_Static_assert(sizeof(qemu_plugin_u64) == 16, "qemu_plugin_u64 layout");
_Static_assert(sizeof(qemu_plugin_reg_descriptor) == 24, "API 2 descriptor has no is_readonly");
_Static_assert(QEMU_PLUGIN_CB_RW_REGS == 2 && QEMU_PLUGIN_MEM_RW == 3, "enum values");
_Static_assert(_Generic(qemu_plugin_insn_data((const struct qemu_plugin_insn *)0),
                        const void *: 1, default: 0), "API 2 insn_data returns const void *");
_Static_assert(_Generic(qemu_plugin_read_register(NULL, NULL), int: 1, default: 0),
               "API 2 read_register returns int");

static struct qemu_plugin_scoreboard *counts;
static GArray *regs;

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu_index)
{
    (void)id;
    (void)vcpu_index;
    regs = qemu_plugin_get_registers();
}

static void insn_exec(unsigned int vcpu_index, void *udata)
{
    GByteArray *buf = g_byte_array_new();
    (void)vcpu_index;
    (void)udata;
    if (regs && regs->len > 0) {
        qemu_plugin_reg_descriptor *d =
            &g_array_index(regs, qemu_plugin_reg_descriptor, 0);
        int n = qemu_plugin_read_register(d->handle, buf);
        if (n < 0) {
            qemu_plugin_outs(d->name);
        }
    }
    g_byte_array_free(buf, TRUE);
}

static void mem_access(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
                       uint64_t vaddr, void *udata)
{
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);
    (void)vcpu_index;
    (void)udata;
    if (hw && !qemu_plugin_hwaddr_is_io(hw)) {
        (void)qemu_plugin_hwaddr_phys_addr(hw);
    }
    (void)qemu_plugin_mem_size_shift(info);
    (void)qemu_plugin_mem_is_store(info);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    (void)id;
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
        tb, QEMU_PLUGIN_INLINE_ADD_U64, qemu_plugin_scoreboard_u64(counts), n);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint32_t word = 0;
        const void *bytes = qemu_plugin_insn_data(insn);   /* API 2 form */
        size_t size = qemu_plugin_insn_size(insn);
        memcpy(&word, bytes, size < sizeof(word) ? size : sizeof(word));
        char *dis = qemu_plugin_insn_disas(insn);
        g_free(dis);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_exec,
                                               QEMU_PLUGIN_CB_R_REGS, NULL);
        qemu_plugin_register_vcpu_mem_cb(insn, mem_access, QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, NULL);
    }
}

static void syscall_entry(qemu_plugin_id_t id, unsigned int vcpu_index,
                          int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
                          uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7,
                          uint64_t a8)
{
    (void)id; (void)vcpu_index; (void)num; (void)a1; (void)a2; (void)a3;
    (void)a4; (void)a5; (void)a6; (void)a7; (void)a8;
}

static void flushed(qemu_plugin_id_t id)
{
    (void)id;
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
    (void)id;
    (void)udata;
    g_autofree gchar *msg =
        g_strdup_printf("insns: %" PRIu64 "\n",
                        qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(counts)));
    qemu_plugin_outs(msg);
    qemu_plugin_scoreboard_free(counts);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    bool verbose = false;
    (void)info;
    for (int i = 0; i < argc; i++) {
        g_auto(GStrv) kv = g_strsplit(argv[i], "=", 2);
        if (!qemu_plugin_bool_parse(kv[0], kv[1], &verbose)) {
            return -1;
        }
    }
    counts = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_vcpu_for_each(id, vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_vcpu_syscall_cb(id, syscall_entry);
    qemu_plugin_register_flush_cb(id, flushed);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return qemu_plugin_num_vcpus() < 0;
}
