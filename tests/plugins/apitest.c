/*
 * rivet's plugin API test: one source, built once per API version (-DQEMU_PLUGIN_API_VERSION=N,
 * N = 2..7) against include/qemu-plugin.h. Run on examples/mandelbrot, it exercises the API of its
 * version and checks the results; at exit it prints "apitest vN: PASS (...)" or one
 * "apitest vN: FAIL ..." line per failed check (the runner looks for those).
 *
 * Checked: qemu_info_t; argv; bool_parse; instruction counts three ways (inline per-insn
 * scoreboard, exec callbacks with u64_add, per-block inline add of n_insns) agree; memory
 * callbacks agree with inline memory counters; mem values (API 4+); registers at vCPU init and in
 * R_REGS callbacks (x0 == 0, sp inside the stack, a0 read back); NO_REGS reads and R_REGS writes
 * refused; RW_REGS writes accepted; forged handles and NULL buffers refused; descriptor size of
 * the version (24/32 bytes) and pc read-only from API 6; insn_data in both forms; conditional
 * callbacks and STORE_U64 (API 3+); read/write_memory_vaddr (API 4+/5+); set_pc (API 6+:
 * redirects from RW_REGS_PC, refused elsewhere, never returns); syscall callbacks and a syscall
 * filter (API 6+) that answers getrandom itself; API 7 userdata; no vCPU in atexit.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qemu-plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define V QEMU_PLUGIN_API_VERSION
#define STACK_TOP 0x3ffffff000ULL
#define STACK_SIZE (8ULL << 20)

static int fails;
static GString *report;
static qemu_plugin_id_t my_id;
static int magic = 0x5eed; /* API 7 userdata for id-less callbacks */

#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fails++;                                                        \
            g_string_append_printf(report, "apitest v%d: FAIL %s:%d: ", V, \
                                   __func__, __LINE__);                     \
            g_string_append_printf(report, __VA_ARGS__);                    \
            g_string_append(report, "\n");                                  \
        }                                                                   \
    } while (0)

static struct qemu_plugin_scoreboard *sb;
typedef struct {
    uint64_t insn_inline;   /* per-insn inline add */
    uint64_t insn_cb;       /* exec callback u64_add */
    uint64_t tb_inline;     /* per-block inline add of n_insns */
    uint64_t mem_inline;    /* inline per memory access */
    uint64_t mem_cb;        /* memory callbacks */
    uint64_t flag;          /* STORE_U64 target */
} counters;
static qemu_plugin_u64 c_insn_inline, c_insn_cb, c_tb_inline, c_mem_inline, c_mem_cb, c_flag;

static struct qemu_plugin_register *h_sp, *h_zero, *h_a0, *h_pc;
static uint64_t entry, start_code, end_code;
static int regs_checked, cond_fired, setpc_hits, setpc_after, refused_setpc_runs, refused_setpc_after;
static int mem_bad_value, syscalls, syscall_rets, filtered, translated_entry, rw_checked;
static unsigned char entry_bytes[4];
static int entry_len;

static uint64_t read_u64(struct qemu_plugin_register *h, int *ok)
{
    GByteArray *b = g_byte_array_new();
    uint64_t v = 0;
    int r = qemu_plugin_read_register(h, b);
#if V <= 5
    *ok = (r == 8 && b->len == 8);
#else
    *ok = (r == 1 && b->len == 8);
#endif
    if (b->len >= 8) {
        memcpy(&v, b->data, 8);
    }
    g_byte_array_free(b, TRUE);
    return v;
}

static int read_fails(struct qemu_plugin_register *h, GByteArray *b)
{
    int r = qemu_plugin_read_register(h, b);
#if V <= 5
    return r == -1;
#else
    return r == 0;
#endif
}

/* ---- vCPU init: register list and values ---- */
#if V <= 6
static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu)
{
    CHECK(id == my_id, "vcpu_init id %" PRIu64, id);
#else
static void vcpu_init(unsigned int vcpu, void *ud)
{
    CHECK(ud == &magic, "vcpu_init userdata");
#endif
    GArray *regs = qemu_plugin_get_registers();
    CHECK(regs && regs->len > 33, "register list: %u entries", regs ? regs->len : 0);
    CHECK(g_array_get_element_size(regs) == sizeof(qemu_plugin_reg_descriptor),
          "descriptor size %u, header says %zu", g_array_get_element_size(regs),
          sizeof(qemu_plugin_reg_descriptor));
    CHECK(sizeof(qemu_plugin_reg_descriptor) == (V >= 6 ? 32 : 24), "header descriptor size");
    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d = &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        CHECK(d->handle != NULL && d->name && d->feature, "descriptor %u incomplete", i);
        if (!strcmp(d->name, "sp")) {
            h_sp = d->handle;
            CHECK(!strcmp(d->feature, "org.gnu.gdb.riscv.cpu"), "sp feature %s", d->feature);
        } else if (!strcmp(d->name, "zero")) {
            h_zero = d->handle;
        } else if (!strcmp(d->name, "a0")) {
            h_a0 = d->handle;
        } else if (!strcmp(d->name, "pc")) {
            h_pc = d->handle;
#if V >= 6
            CHECK(d->is_readonly, "pc should be read-only for API 6+");
        } else if (!strcmp(d->name, "a1")) {
            CHECK(!d->is_readonly, "a1 read-only");
#endif
        }
    }
    CHECK(h_sp && h_zero && h_a0 && h_pc, "sp/zero/a0/pc not listed");
    g_array_free(regs, TRUE);
    int ok;
    uint64_t sp = read_u64(h_sp, &ok);
    CHECK(ok && sp < STACK_TOP && sp > STACK_TOP - STACK_SIZE, "sp at init: %d 0x%" PRIx64, ok, sp);
    uint64_t pc = read_u64(h_pc, &ok);
    CHECK(ok && pc == entry, "pc at init 0x%" PRIx64 " entry 0x%" PRIx64, pc, entry);
    CHECK(qemu_plugin_num_vcpus() == 1, "num_vcpus %d", qemu_plugin_num_vcpus());
    CHECK(vcpu == 0, "vcpu %u", vcpu);
}

/* ---- exec callbacks ---- */
static void insn_exec(unsigned int vcpu, void *ud)
{
    qemu_plugin_u64_add(c_insn_cb, vcpu, 1);
}

/* R_REGS on the entry instruction: reads work, writes do not. */
static void entry_r(unsigned int vcpu, void *ud)
{
    int ok;
    CHECK(ud == &magic, "exec userdata");
    uint64_t z = read_u64(h_zero, &ok);
    CHECK(ok && z == 0, "x0: %d %" PRIu64, ok, z);
    uint64_t sp = read_u64(h_sp, &ok);
    CHECK(ok && sp < STACK_TOP && sp > STACK_TOP - STACK_SIZE, "sp 0x%" PRIx64, sp);
    uint64_t pc = read_u64(h_pc, &ok);
    CHECK(ok && pc == entry, "pc in entry callback 0x%" PRIx64, pc);
    GByteArray *b = g_byte_array_new();
    CHECK(read_fails((struct qemu_plugin_register *)(uintptr_t)0xdead0001, b), "forged handle read");
    CHECK(read_fails(NULL, b), "NULL handle read");
    CHECK(b->len == 0, "failed reads appended %u bytes", b->len);
    CHECK(read_fails(h_sp, NULL), "NULL buffer read");
#if V >= 5
    g_byte_array_append(b, (const guint8 *)&sp, 8);
    int w = qemu_plugin_write_register(h_sp, b);
    CHECK(w == (V <= 5 ? -1 : 0), "R_REGS write returned %d", w);
#endif
#if V >= 4
    GByteArray *m = g_byte_array_new();
    CHECK(qemu_plugin_read_memory_vaddr(entry, m, entry_len), "read_memory_vaddr(entry)");
    CHECK(m->len == (guint)entry_len && !memcmp(m->data, entry_bytes, entry_len), "entry bytes differ");
    CHECK(!qemu_plugin_read_memory_vaddr(0, m, 4), "read at 0 succeeded");
    CHECK(!qemu_plugin_read_memory_vaddr(entry, NULL, 4), "read into NULL succeeded");
    g_byte_array_free(m, TRUE);
#endif
#if V >= 5
    GByteArray *wm = g_byte_array_new();
    uint64_t pattern = 0x1122334455667788ULL, back = 0;
    g_byte_array_append(wm, (const guint8 *)&pattern, 8);
    CHECK(qemu_plugin_write_memory_vaddr(sp - 4096, wm), "write_memory_vaddr below sp");
    CHECK(!qemu_plugin_write_memory_vaddr(entry, wm), "write to code succeeded (no W permission)");
    GByteArray *rb = g_byte_array_new();
    CHECK(qemu_plugin_read_memory_vaddr(sp - 4096, rb, 8), "read back");
    if (rb->len == 8) {
        memcpy(&back, rb->data, 8);
    }
    CHECK(back == pattern, "read back 0x%" PRIx64, back);
    uint64_t hw = 0;
    CHECK(qemu_plugin_translate_vaddr(entry, &hw) && hw == entry, "translate_vaddr");
    CHECK(qemu_plugin_read_memory_hwaddr(entry, rb, 4) == QEMU_PLUGIN_HWADDR_OPERATION_ERROR,
          "hwaddr read in user mode");
    g_byte_array_free(wm, TRUE);
    g_byte_array_free(rb, TRUE);
#endif
    g_byte_array_free(b, TRUE);
    regs_checked++;
}

/* NO_REGS on the entry instruction: reads refused. */
static void entry_noregs(unsigned int vcpu, void *ud)
{
    GByteArray *b = g_byte_array_new();
    CHECK(read_fails(h_sp, b), "NO_REGS read allowed");
    g_byte_array_free(b, TRUE);
    regs_checked++;
}

#if V >= 5
/* RW_REGS: a0 written with its own value succeeds; pc refused from API 6 (set_pc instead). */
static void entry_rw(unsigned int vcpu, void *ud)
{
    int ok;
    uint64_t a0 = read_u64(h_a0, &ok);
    GByteArray *b = g_byte_array_new();
    g_byte_array_append(b, (const guint8 *)&a0, 8);
    int w = qemu_plugin_write_register(h_a0, b);
    CHECK(w == (V <= 5 ? 8 : 1), "RW_REGS write of a0 returned %d", w);
    int z = qemu_plugin_write_register(h_zero, b);
    CHECK(z == (V <= 5 ? -1 : 0), "write to x0 returned %d", z);
#if V >= 6
    uint64_t pc = entry;
    GByteArray *p = g_byte_array_new();
    g_byte_array_append(p, (const guint8 *)&pc, 8);
    CHECK(qemu_plugin_write_register(h_pc, p) == 0, "pc write allowed for API 6+");
    g_byte_array_free(p, TRUE);
#endif
    GByteArray *e = g_byte_array_new();
    CHECK(qemu_plugin_write_register(h_a0, e) == (V <= 5 ? -1 : 0), "empty buffer write");
    CHECK(qemu_plugin_write_register(h_a0, NULL) == (V <= 5 ? -1 : 0), "NULL buffer write");
    g_byte_array_free(e, TRUE);
    g_byte_array_free(b, TRUE);
    rw_checked++;
}
#endif

#if V >= 3
static void cond_cb(unsigned int vcpu, void *ud)
{
    cond_fired++;
}
#endif

#if V >= 6
/* `ld a1,0(sp)` at entry+14 in mandelbrot's _start: the first time, go back to entry+6
 * (`auipc a0; addi a0`, harmless to run twice). */
static void setpc_cb(unsigned int vcpu, void *ud)
{
    if (setpc_hits++ == 0) {
        qemu_plugin_set_pc(entry + 6);
        setpc_after++; /* never reached */
    }
}

/* set_pc from an R_REGS callback is refused: the callback is abandoned, pc unchanged. */
static void setpc_refused(unsigned int vcpu, void *ud)
{
    refused_setpc_runs++;
    qemu_plugin_set_pc(0x1234);
    refused_setpc_after++;
}
#endif

static void mem_cb(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    qemu_plugin_u64_add(c_mem_cb, vcpu, 1);
    CHECK(!qemu_plugin_mem_is_big_endian(info), "big endian");
    unsigned shift = qemu_plugin_mem_size_shift(info);
#if V >= 4
    qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);
    if ((unsigned)v.type != shift && !mem_bad_value++) {
        CHECK(0, "mem value type %d for shift %u", v.type, shift);
    }
#else
    (void)shift;
#endif
}

/* ---- translation ---- */
#if V <= 6
static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
#else
static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
    CHECK(ud == &magic, "tb_trans userdata");
#endif
    size_t n = qemu_plugin_tb_n_insns(tb);
    CHECK(n > 0, "empty block");
    CHECK(qemu_plugin_tb_get_insn(tb, n) == NULL, "insn past the end");
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64, c_tb_inline, n);
#if V >= 3
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_STORE_U64, c_flag, 1);
#endif
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t va = qemu_plugin_insn_vaddr(insn);
        size_t sz = qemu_plugin_insn_size(insn);
        CHECK(sz == 2 || sz == 4, "insn size %zu", sz);
        CHECK(i > 0 || va == qemu_plugin_tb_vaddr(tb), "first insn vaddr");
        unsigned char bytes[4] = {0};
#if V <= 2
        const unsigned char *d = qemu_plugin_insn_data(insn);
        memcpy(bytes, d, sz);
#else
        size_t got = qemu_plugin_insn_data(insn, bytes, sizeof(bytes));
        CHECK(got == sz, "insn_data copied %zu of %zu", got, sz);
        CHECK(qemu_plugin_insn_data(insn, NULL, 4) == 0, "insn_data into NULL");
#endif
        CHECK(((bytes[0] & 3) == 3) == (sz == 4), "insn length bits vs size");
        char *dis = qemu_plugin_insn_disas(insn);
        CHECK(dis && *dis, "no disassembly");
        g_free(dis);
        CHECK(qemu_plugin_insn_haddr(insn) != NULL, "no haddr");
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_ADD_U64, c_insn_inline, 1);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_exec, QEMU_PLUGIN_CB_NO_REGS, &magic);
        qemu_plugin_register_vcpu_mem_inline_per_vcpu(insn, QEMU_PLUGIN_MEM_RW, QEMU_PLUGIN_INLINE_ADD_U64,
                                                      c_mem_inline, 1);
        qemu_plugin_register_vcpu_mem_cb(insn, mem_cb, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW, &magic);
#if V >= 3
        /* Fires exactly once: when the inline counter (added just before) reaches 1000. */
        qemu_plugin_register_vcpu_insn_exec_cond_cb(insn, cond_cb, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_COND_EQ,
                                                    c_insn_inline, 1000, NULL);
#endif
        if (va == entry) {
            translated_entry++;
            entry_len = sz;
            memcpy(entry_bytes, bytes, sz);
            qemu_plugin_register_vcpu_insn_exec_cb(insn, entry_r, QEMU_PLUGIN_CB_R_REGS, &magic);
            qemu_plugin_register_vcpu_insn_exec_cb(insn, entry_noregs, QEMU_PLUGIN_CB_NO_REGS, &magic);
#if V >= 5
            qemu_plugin_register_vcpu_insn_exec_cb(insn, entry_rw, QEMU_PLUGIN_CB_RW_REGS, &magic);
#endif
#if V >= 6
            qemu_plugin_register_vcpu_insn_exec_cb(insn, setpc_refused, QEMU_PLUGIN_CB_R_REGS, &magic);
#endif
        }
#if V >= 6
        if (va == entry + 14) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, setpc_cb, QEMU_PLUGIN_CB_RW_REGS_PC, &magic);
        }
#endif
    }
    /* Forged handles are ignored, not crashes. */
    qemu_plugin_register_vcpu_insn_exec_cb((struct qemu_plugin_insn *)(uintptr_t)0x1000, insn_exec,
                                           QEMU_PLUGIN_CB_NO_REGS, NULL);
    CHECK(qemu_plugin_tb_n_insns((struct qemu_plugin_tb *)(uintptr_t)0x1000) == 0, "forged tb");
    CHECK(qemu_plugin_insn_size(NULL) == 0, "NULL insn");
}

/* ---- syscalls ---- */
#if V <= 6
static void on_syscall(qemu_plugin_id_t id, unsigned int vcpu, int64_t num, uint64_t a1, uint64_t a2,
                       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8)
#else
static void on_syscall(unsigned int vcpu, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                       uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, void *ud)
#endif
{
    int ok;
    syscalls++;
    uint64_t a0 = read_u64(h_a0, &ok);
    CHECK(ok && a0 == a1, "a0 0x%" PRIx64 " vs a1 0x%" PRIx64, a0, a1);
}

#if V <= 6
static void on_syscall_ret(qemu_plugin_id_t id, unsigned int vcpu, int64_t num, int64_t ret)
#else
static void on_syscall_ret(unsigned int vcpu, int64_t num, int64_t ret, void *ud)
#endif
{
    syscall_rets++;
}

#if V == 6
static bool filter(qemu_plugin_id_t id, unsigned int vcpu, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
                   uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, uint64_t *sysret)
#elif V >= 7
static bool filter(unsigned int vcpu, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                   uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, int64_t *sysret, void *ud)
#endif
#if V >= 6
{
    if (num == 278) { /* getrandom: answered here, never reaches the host */
        filtered++;
        *sysret = a2;
        return true;
    }
    return false;
}
#endif

/* ---- exit ---- */
static void at_exit(qemu_plugin_id_t id, void *ud)
{
    uint64_t ii = qemu_plugin_u64_sum(c_insn_inline), ic = qemu_plugin_u64_sum(c_insn_cb);
    uint64_t ti = qemu_plugin_u64_sum(c_tb_inline);
    uint64_t mi = qemu_plugin_u64_sum(c_mem_inline), mc = qemu_plugin_u64_sum(c_mem_cb);
#if V <= 6
    CHECK(id == my_id, "atexit id");
#endif
    CHECK(ud == &magic, "atexit userdata");
    CHECK(ii > 100000, "only %" PRIu64 " instructions", ii);
#if V < 6
    CHECK(ii == ic && ii == ti, "insn counts differ: inline %" PRIu64 " cb %" PRIu64 " tb %" PRIu64, ii, ic, ti);
#else
    /* set_pc left a block halfway: its block-entry count counted the instructions it skipped. */
    CHECK(ii == ic && ti > ii && ti - ii < 16, "insn counts: inline %" PRIu64 " cb %" PRIu64 " tb %" PRIu64, ii,
          ic, ti);
#endif
    CHECK(mi > 1000 && mi == mc, "mem counts: inline %" PRIu64 " cb %" PRIu64, mi, mc);
    CHECK(regs_checked == 2, "entry callbacks ran %d times", regs_checked);
    CHECK(translated_entry >= 1, "entry never translated");
    CHECK(syscalls > 5 && syscall_rets == syscalls - 1, "syscalls %d, returns %d", syscalls, syscall_rets);
#if V >= 3
    CHECK(cond_fired == 1, "conditional callback fired %d times", cond_fired);
    CHECK(qemu_plugin_u64_get(c_flag, 0) == 1, "STORE_U64");
#endif
#if V >= 5
    CHECK(rw_checked == 1, "RW callback ran %d times", rw_checked);
#endif
#if V >= 6
    CHECK(setpc_hits == 2 && setpc_after == 0, "set_pc: hits %d, after %d", setpc_hits, setpc_after);
    CHECK(refused_setpc_runs == 1 && refused_setpc_after == 0, "refused set_pc: runs %d, after %d",
          refused_setpc_runs, refused_setpc_after);
    CHECK(filtered == 1, "getrandom filtered %d times", filtered);
#endif
    /* No vCPU in atexit. */
    GArray *regs = qemu_plugin_get_registers();
    CHECK(regs == NULL || regs->len == 0, "registers listed in atexit");
    if (regs) {
        g_array_free(regs, TRUE);
    }
    GByteArray *b = g_byte_array_new();
    CHECK(read_fails(h_sp, b), "register read in atexit");
    g_byte_array_free(b, TRUE);
    /* Bad scoreboard entries read as 0. */
    qemu_plugin_u64 bad = {(struct qemu_plugin_scoreboard *)(uintptr_t)0x4242, 0};
    CHECK(qemu_plugin_u64_get(bad, 0) == 0, "forged scoreboard");
    qemu_plugin_u64 past = {sb, sizeof(counters)};
    CHECK(qemu_plugin_u64_get(past, 0) == 0, "offset past the element");
    CHECK(qemu_plugin_scoreboard_find(sb, 0) != NULL, "scoreboard_find");

    if (fails == 0) {
        g_string_append_printf(report, "apitest v%d: PASS (%" PRIu64 " insns, %" PRIu64 " mem, %d syscalls)\n", V,
                               ii, mi, syscalls);
    }
    qemu_plugin_outs(report->str);
    qemu_plugin_scoreboard_free(sb);
}

#if V >= 7
static void at_exit7(void *ud)
{
    at_exit(my_id, ud);
}
#endif

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
    report = g_string_new(NULL);
    my_id = id;
    CHECK(!strcmp(info->target_name, "riscv64"), "target %s", info->target_name);
    CHECK(info->version.min == 2 && info->version.cur == 7, "versions %d..%d", info->version.min,
          info->version.cur);
    CHECK(!info->system_emulation, "system emulation");
    bool flag = false, seen = false;
    for (int i = 0; i < argc; i++) {
        char **kv = g_strsplit(argv[i], "=", 2);
        if (!strcmp(kv[0], "flag")) {
            seen = qemu_plugin_bool_parse(kv[0], kv[1], &flag);
        }
        g_strfreev(kv);
    }
    CHECK(argc == 2 && seen && flag, "argv: argc %d, flag parsed %d value %d", argc, seen, flag);
    bool junk;
    CHECK(!qemu_plugin_bool_parse("x", "maybe", &junk), "bool_parse accepted 'maybe'");
    entry = qemu_plugin_entry_code();
    start_code = qemu_plugin_start_code();
    end_code = qemu_plugin_end_code();
    CHECK(start_code <= entry && entry < end_code, "code 0x%" PRIx64 "..0x%" PRIx64 " entry 0x%" PRIx64,
          start_code, end_code, entry);
    const char *path = qemu_plugin_path_to_binary();
    CHECK(path && g_str_has_suffix(path, "mandelbrot"), "path %s", path ? path : "(null)");
    g_free((void *)path);

    sb = qemu_plugin_scoreboard_new(sizeof(counters));
    c_insn_inline = qemu_plugin_scoreboard_u64_in_struct(sb, counters, insn_inline);
    c_insn_cb = qemu_plugin_scoreboard_u64_in_struct(sb, counters, insn_cb);
    c_tb_inline = qemu_plugin_scoreboard_u64_in_struct(sb, counters, tb_inline);
    c_mem_inline = qemu_plugin_scoreboard_u64_in_struct(sb, counters, mem_inline);
    c_mem_cb = qemu_plugin_scoreboard_u64_in_struct(sb, counters, mem_cb);
    c_flag = qemu_plugin_scoreboard_u64_in_struct(sb, counters, flag);

    /* Outside any vCPU: no registers. */
    GArray *regs = qemu_plugin_get_registers();
    CHECK(regs == NULL || regs->len == 0, "registers listed in install");
    if (regs) {
        g_array_free(regs, TRUE);
    }
#if V <= 6
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_vcpu_syscall_cb(id, on_syscall);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, on_syscall_ret);
    qemu_plugin_register_atexit_cb(id, at_exit, &magic);
#if V == 6
    qemu_plugin_register_vcpu_syscall_filter_cb(id, filter);
#endif
#else
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init, &magic);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, &magic);
    qemu_plugin_register_vcpu_syscall_cb(id, on_syscall, &magic);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, on_syscall_ret, &magic);
    qemu_plugin_register_vcpu_syscall_filter_cb(id, filter, &magic);
    qemu_plugin_register_atexit_cb(id, at_exit7, &magic);
#endif
    return 0;
}
