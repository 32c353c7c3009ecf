/*
 * execlog.c -- log every executed instruction, its memory accesses and,
 * optionally, the registers it changed.
 *
 * Part of the plugins rivet ships; builds against rivet's qemu-plugin.h and
 * loads in rivet and in QEMU. The output has the same text format as QEMU's
 * contrib/plugins/execlog.c (QEMU 9.1 to 10.x), one line per instruction:
 *
 *   VCPU, 0xPC, 0xOPCODE, "DISASSEMBLY"[, ACCESS]...[, REG -> 0xVALUE]...
 *
 * with, for each memory access, ", load" or ", store" followed by
 * ", 0x%08 physical address, device name" in system mode or
 * ", 0x%08 virtual address" in user mode. OPCODE is the first (up to) four
 * bytes of the instruction read as a little-endian number, so compressed
 * instructions show their 16 bits. A register change is printed as the
 * lower-case register name and its new value, bytes in reverse order
 * (most significant first on a little-endian target), zero-padded to the
 * register's size.
 *
 * A line is printed when the vCPU starts its next instruction (or at exit),
 * because memory accesses and register changes are only known after the
 * instruction ran; register changes are found by reading the tracked
 * registers before the next instruction and comparing with the last values.
 *
 * Options (all repeatable except rdisas):
 *   ifilter=PREFIX  only log instructions whose disassembly starts with PREFIX
 *   afilter=ADDR    only log the instruction at hex address ADDR
 *   reg=PATTERN     track registers whose name (or lower-cased name) matches
 *                   the glob PATTERN (* and ?), e.g. reg=a0 reg=f* reg=*
 *   rdisas=on|off   only check registers after instructions whose operands
 *                   mention a tracked register (faster, may miss changes
 *                   made implicitly, e.g. by CSR side effects)
 *
 * Differences from QEMU's plugin, on purpose:
 *   - A register that cannot be read (QEMU 10.0 returns 0 bytes for
 *     htimedelta, tdata1-3 and time on riscv64) is left out with a note on
 *     stderr instead of failing an assertion; a later failed read is ignored.
 *   - A register matched by several patterns is tracked (and printed) once.
 *   - With filters and reg= together, register values are refreshed after
 *     instructions that are not logged too, so a logged change is one the
 *     logged instruction made (QEMU attributes changes made by unlogged
 *     instructions to the next logged one), and no stale line is printed
 *     again at exit (QEMU 10.0 does that when the last instruction of a vCPU
 *     was not logged).
 *   - Each line is written with a single qemu_plugin_outs() call, so lines
 *     of different vCPUs do not interleave.
 *
 * Builds for plugin API 3..6 (default 4, the newest QEMU 10.0 loads).
 */
#ifndef QEMU_PLUGIN_API_VERSION
#define QEMU_PLUGIN_API_VERSION 4
#endif

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <qemu-plugin.h>

#if QEMU_PLUGIN_API_VERSION < 3 || QEMU_PLUGIN_API_VERSION > 6
#error "execlog.c is written for plugin API versions 3 to 6"
#endif

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* A register being watched on one vCPU. */
typedef struct {
    struct qemu_plugin_register *handle;
    const char *name;           /* lower-case, interned */
    GByteArray *last;           /* value after the last check */
    GByteArray *scratch;        /* buffer for the next read */
} TrackedReg;

/* Per-vCPU state, kept in a scoreboard (one entry per vCPU). */
typedef struct {
    GString *line;              /* line of the current instruction; "" if none */
    GPtrArray *regs;            /* TrackedReg *, or NULL when none tracked */
    bool started;               /* a line has been started on this vCPU */
} VcpuLog;

static struct qemu_plugin_scoreboard *vcpus;

static GPtrArray *ifilters;     /* char *: disassembly prefixes */
static GArray *afilters;        /* uint64_t: instruction addresses */
static GPtrArray *reg_patterns; /* GPatternSpec * */
static bool rdisas;

/* Names of all tracked registers, for rdisas; grows at vCPU init. */
static GPtrArray *tracked_names;
static GMutex tracked_names_lock;

/* Unreadable registers are reported once, by the first vCPU to meet them. */
static gsize unreadable_reported;

static VcpuLog *vcpu_log(unsigned int vcpu_index)
{
    return qemu_plugin_scoreboard_find(vcpus, vcpu_index);
}

/*
 * Append the current value of @handle to @buf; returns the number of bytes
 * read, or <= 0 if the register could not be read.
 */
static int read_reg(struct qemu_plugin_register *handle, GByteArray *buf)
{
#if QEMU_PLUGIN_API_VERSION >= 6
    guint before = buf->len;

    return qemu_plugin_read_register(handle, buf) ? (int)(buf->len - before) : -1;
#else
    return qemu_plugin_read_register(handle, buf);
#endif
}

/*
 * Read every tracked register; if @line is not NULL append ", name -> 0x.."
 * for each one whose value differs from the last check. The new value
 * becomes the last one either way.
 */
static void check_regs(VcpuLog *v, GString *line)
{
    for (guint i = 0; i < v->regs->len; i++) {
        TrackedReg *r = g_ptr_array_index(v->regs, i);
        int n;

        g_byte_array_set_size(r->scratch, 0);
        n = read_reg(r->handle, r->scratch);
        if (n <= 0) {
            continue;           /* unreadable this time: keep the old value */
        }
        if ((guint)n == r->last->len && memcmp(r->scratch->data, r->last->data, n) == 0) {
            continue;
        }
        if (line) {
            g_string_append_printf(line, ", %s -> 0x", r->name);
            for (int b = n - 1; b >= 0; b--) {
                g_string_append_printf(line, "%02x", r->scratch->data[b]);
            }
        }
        GByteArray *t = r->last;
        r->last = r->scratch;
        r->scratch = t;
    }
}

/* Print the pending line of @v, if any, and forget it. */
static void flush_line(VcpuLog *v)
{
    if (v->line->len) {
        g_string_append_c(v->line, '\n');
        qemu_plugin_outs(v->line->str);
        g_string_truncate(v->line, 0);
    }
}

static void start_line(VcpuLog *v, unsigned int vcpu_index, const char *insn_text)
{
    g_string_printf(v->line, "%u, %s", vcpu_index, insn_text);
    v->started = true;
}

/*
 * Before an instruction, with registers checked: attribute the changes
 * since the last check to the pending line. Without a pending line (the
 * previous instruction was not logged) just refresh the values, except
 * before the first logged instruction: as in QEMU, the first line then
 * shows every register that changed since vCPU init.
 */
static void check_before_insn(VcpuLog *v)
{
    if (!v->regs) {
        return;
    }
    if (v->line->len) {
        check_regs(v, v->line);
    } else if (v->started) {
        check_regs(v, NULL);
    }
}

/* Logged instruction, registers not checked: print the previous line. */
static void exec_log(unsigned int vcpu_index, void *udata)
{
    VcpuLog *v = vcpu_log(vcpu_index);

    flush_line(v);
    start_line(v, vcpu_index, udata);
}

/*
 * Logged instruction, registers checked: the changes since the last check
 * were made by the previous instruction; add them to its line, print it.
 */
static void exec_log_regs(unsigned int vcpu_index, void *udata)
{
    VcpuLog *v = vcpu_log(vcpu_index);

    check_before_insn(v);
    flush_line(v);
    start_line(v, vcpu_index, udata);
}

/* Instruction not logged (filters): finish the previous line, if any. */
static void exec_regs_only(unsigned int vcpu_index, void *udata)
{
    VcpuLog *v = vcpu_log(vcpu_index);

    (void)udata;
    check_before_insn(v);
    flush_line(v);
}

/* A memory access of the instruction whose line is pending. */
static void vcpu_mem(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
                     uint64_t vaddr, void *udata)
{
    VcpuLog *v = vcpu_log(vcpu_index);
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);

    (void)udata;
    g_string_append(v->line, qemu_plugin_mem_is_store(info) ? ", store" : ", load");
    if (hw) {
        g_string_append_printf(v->line, ", 0x%08" PRIx64 ", %s",
                               qemu_plugin_hwaddr_phys_addr(hw),
                               qemu_plugin_hwaddr_device_name(hw));
    } else {
        g_string_append_printf(v->line, ", 0x%08" PRIx64, vaddr);
    }
}

static bool matches_ifilter(const char *disas)
{
    for (guint i = 0; ifilters && i < ifilters->len; i++) {
        if (g_str_has_prefix(disas, g_ptr_array_index(ifilters, i))) {
            return true;
        }
    }
    return false;
}

static bool matches_afilter(uint64_t vaddr)
{
    for (guint i = 0; afilters && i < afilters->len; i++) {
        if (g_array_index(afilters, uint64_t, i) == vaddr) {
            return true;
        }
    }
    return false;
}

/* rdisas: do the operands of @disas name a tracked register? */
static bool mentions_tracked_reg(const char *disas)
{
    const char *ops = strpbrk(disas, " \t");
    bool found = false;

    if (!ops) {
        return false;           /* no operands (ret, wfi, ecall...) */
    }
    g_mutex_lock(&tracked_names_lock);
    for (guint i = 0; i < tracked_names->len && !found; i++) {
        found = strstr(ops, g_ptr_array_index(tracked_names, i)) != NULL;
    }
    g_mutex_unlock(&tracked_names_lock);
    return found;
}

/*
 * Instrument a new block. Without filters every instruction is logged.
 * With filters, an instruction is logged when it matches; instructions that
 * are not logged still get a callback when registers are tracked, so that
 * the previous (logged) instruction's register changes are reported.
 * With rdisas, registers are checked only after an instruction whose
 * operands mention a tracked register (and such an instruction is logged).
 */
static void vcpu_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    bool filtering = ifilters || afilters;
    bool tracking = reg_patterns != NULL;
    bool check_this = tracking;     /* check regs before this instruction */
    size_t n = qemu_plugin_tb_n_insns(tb);

    (void)id;
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
        char *disas = qemu_plugin_insn_disas(insn);
        bool log = !filtering || matches_ifilter(disas) || matches_afilter(vaddr);
        bool check_next = check_this;

        if (rdisas && tracking) {
            check_next = mentions_tracked_reg(disas);
            log = log || check_next;
        }

        if (log) {
            uint32_t opcode = 0;    /* first <= 4 bytes, in host order as QEMU */
            char *text;

            qemu_plugin_insn_data(insn, &opcode, sizeof(opcode));
            /* Kept for the life of the translation: never freed. */
            text = g_strdup_printf("0x%" PRIx64 ", 0x%" PRIx32 ", \"%s\"",
                                   vaddr, opcode, disas);
            qemu_plugin_register_vcpu_mem_cb(insn, vcpu_mem, QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_RW, NULL);
            if (check_this) {
                qemu_plugin_register_vcpu_insn_exec_cb(insn, exec_log_regs,
                                                       QEMU_PLUGIN_CB_R_REGS, text);
            } else {
                qemu_plugin_register_vcpu_insn_exec_cb(insn, exec_log,
                                                       QEMU_PLUGIN_CB_NO_REGS, text);
            }
        } else if (check_this) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, exec_regs_only,
                                                   QEMU_PLUGIN_CB_R_REGS, NULL);
        }
        check_this = check_next;
        g_free(disas);
    }
}

static bool reg_wanted(const char *name, const char *lower)
{
    for (guint i = 0; i < reg_patterns->len; i++) {
        GPatternSpec *p = g_ptr_array_index(reg_patterns, i);
#if GLIB_CHECK_VERSION(2, 70, 0)
        if (g_pattern_spec_match_string(p, name) ||
            g_pattern_spec_match_string(p, lower)) {
#else
        if (g_pattern_match_string(p, name) || g_pattern_match_string(p, lower)) {
#endif
            return true;
        }
    }
    return false;
}

/* Pick the tracked registers of a new vCPU and read their first values. */
static GPtrArray *init_tracked_regs(void)
{
    GArray *descs = qemu_plugin_get_registers();
    GPtrArray *regs = g_ptr_array_new();
    GString *unreadable = g_string_new(NULL);

    for (guint i = 0; descs && i < descs->len; i++) {
        qemu_plugin_reg_descriptor *d =
            &g_array_index(descs, qemu_plugin_reg_descriptor, i);
        char *lower = g_utf8_strdown(d->name, -1);

        if (reg_wanted(d->name, lower)) {
            TrackedReg *r = g_new0(TrackedReg, 1);

            r->handle = d->handle;
            r->name = g_intern_string(lower);
            r->last = g_byte_array_new();
            r->scratch = g_byte_array_new();
            if (read_reg(r->handle, r->last) > 0) {
                g_ptr_array_add(regs, r);
                if (rdisas) {
                    g_mutex_lock(&tracked_names_lock);
                    if (!g_ptr_array_find(tracked_names, r->name, NULL)) {
                        g_ptr_array_add(tracked_names, (gpointer)r->name);
                    }
                    g_mutex_unlock(&tracked_names_lock);
                }
            } else {
                g_string_append_printf(unreadable, " %s", r->name);
                g_byte_array_free(r->last, TRUE);
                g_byte_array_free(r->scratch, TRUE);
                g_free(r);
            }
        }
        g_free(lower);
    }

    if (unreadable->len && g_once_init_enter(&unreadable_reported)) {
        fprintf(stderr, "execlog: not tracking registers that cannot be read:%s\n",
                unreadable->str);
        g_once_init_leave(&unreadable_reported, 1);
    }
    g_string_free(unreadable, TRUE);
    if (descs) {
        g_array_free(descs, TRUE);
    }
    if (!regs->len) {
        g_ptr_array_free(regs, TRUE);
        return NULL;
    }
    return regs;
}

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu_index)
{
    VcpuLog *v = vcpu_log(vcpu_index);

    (void)id;
    v->line = g_string_new(NULL);
    v->regs = reg_patterns ? init_tracked_regs() : NULL;
}

/* Print the last instruction of each vCPU (registers cannot be read here). */
static void plugin_exit(qemu_plugin_id_t id, void *udata)
{
    int n = qemu_plugin_num_vcpus();

    (void)id;
    (void)udata;
    for (int i = 0; i < n; i++) {
        VcpuLog *v = vcpu_log(i);

        if (v->line) {
            flush_line(v);
        }
    }
}

static bool parse_option(const char *opt)
{
    char **kv = g_strsplit(opt, "=", 2);
    const char *key = kv[0], *val = kv[1];
    bool ok = val != NULL;

    if (!ok) {
        /* fall through to the error */
    } else if (strcmp(key, "ifilter") == 0) {
        if (!ifilters) {
            ifilters = g_ptr_array_new();
        }
        g_ptr_array_add(ifilters, g_strdup(val));
    } else if (strcmp(key, "afilter") == 0) {
        char *end;
        uint64_t a = g_ascii_strtoull(val, &end, 16);

        ok = *val && !*end;
        if (ok) {
            if (!afilters) {
                afilters = g_array_new(FALSE, FALSE, sizeof(uint64_t));
            }
            g_array_append_val(afilters, a);
        }
    } else if (strcmp(key, "reg") == 0) {
        if (!reg_patterns) {
            reg_patterns = g_ptr_array_new();
        }
        g_ptr_array_add(reg_patterns, g_pattern_spec_new(val));
    } else if (strcmp(key, "rdisas") == 0) {
        ok = qemu_plugin_bool_parse(key, val, &rdisas);
    } else {
        ok = false;
    }
    g_strfreev(kv);
    return ok;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    (void)info;
    for (int i = 0; i < argc; i++) {
        if (!parse_option(argv[i])) {
            fprintf(stderr, "execlog: bad option '%s' (known: ifilter=PREFIX, "
                    "afilter=HEXADDR, reg=PATTERN, rdisas=on|off)\n", argv[i]);
            return -1;
        }
    }
    tracked_names = g_ptr_array_new();

    vcpus = qemu_plugin_scoreboard_new(sizeof(VcpuLog));
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, vcpu_tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
