/*
 * lockstep.c -- instruction-by-instruction state trace for comparing two
 * emulators (rivet and QEMU) with scripts/lockstep.
 *
 * Part of the plugins rivet ships; builds against rivet's qemu-plugin.h and
 * loads in rivet and in QEMU (10.0 and newer, system or user mode).
 *
 * For every executed instruction it writes one text line: the instruction,
 * then every traced register whose value that instruction changed. Traced
 * registers: the feature groups org.gnu.gdb.riscv.cpu (without `zero` and
 * `pc`, which is implied by the next line) and org.gnu.gdb.riscv.fpu, plus
 * `fcsr`, in the order the host lists them; `reg=NAME` adds registers, and
 * `mask=NAME` removes registers whose values the specification leaves to the
 * implementation.
 *
 * TRACE FORMAT (version 1). Tokens are separated by one space, numbers are
 * lower-case hex without `0x` and without leading zeros except as noted:
 *
 *   # lockstep 1 ...                    comment (ignored by readers)
 *   V state NAME=VAL NAME=VAL ...       full state of vCPU V: every traced
 *                                       register, just before the first
 *                                       logged instruction (after skip=)
 *   V PC BITS [NAME=VAL]...             one executed instruction of vCPU V
 *                                       and the registers it changed, with
 *                                       their new values
 *   V PC BITS ?                         the last instruction of vCPU V when
 *                                       its effects could not be read (the
 *                                       run ended before the vCPU's next
 *                                       instruction and the host allows no
 *                                       register reads at exit)
 *
 * V is the vCPU index in decimal. PC is the instruction's virtual address,
 * taken at translation time (QEMU 10.0 reports the start of the translation
 * block when `pc` is read in an instruction callback). BITS is the
 * instruction as fetched, read as a little-endian number and zero-padded to
 * twice its size in bytes: 4 digits for a compressed instruction, 8 for a
 * 32-bit one. VAL is the register's value read as a little-endian number
 * (registers of more than 8 bytes are not traced).
 *
 * A line is "an instruction that started executing": it is written when the
 * same vCPU starts its next instruction, because registers read in an
 * R_REGS execution callback hold the state *before* the instruction runs;
 * the changes found then are those of the previous instruction. An
 * instruction that traps still gets its line (usually with no changes: the
 * trap CSRs are not traced), followed by the first instruction of the
 * handler; an instruction whose fetch faults gets none. An interrupt taken
 * between two instructions is only visible as the jump to the handler.
 * At the end of the run the last pending line of each vCPU is completed in
 * the vCPU exit callback when the host calls it with registers readable,
 * otherwise written with `?` at plugin exit (QEMU 10.0 system mode).
 *
 * OUTPUT. out=FILE writes to FILE (default: the process's standard error),
 * through stdio with a 1 MiB buffer. With several vCPUs and split=off
 * (default) all vCPUs share that file and a mutex around each line keeps
 * lines whole; the lines of different vCPUs interleave in the order they
 * were executed. With split=on each vCPU N writes FILE.N instead (no lock;
 * this is what scripts/lockstep uses, as it compares vCPU by vCPU).
 *
 * Options:
 *   out=FILE        output file (see above)
 *   split=on|off    one file per vCPU, FILE.N (needs out=)
 *   skip=N          do not log the first N instructions of each vCPU
 *   limit=N         log at most N instructions per vCPU, then stop
 *   mask=NAME       never trace register NAME (repeatable)
 *   reg=NAME        also trace register NAME of any group (repeatable),
 *                   e.g. reg=priv reg=mstatus reg=mepc reg=mcause; not
 *                   mip or the counters, which change with time
 *
 * Values the specification leaves open (reads of time, cycle, instret and
 * CLINT mtime) are in the trace as read; scripts/lib/lockstep_compare.py
 * knows the instructions that read them and masks their destinations.
 * Registers that cannot be read when a vCPU starts are left out with a note
 * on stderr. Register handles are looked up in each vCPU's init callback.
 *
 * Builds for plugin API 3..6 (default 4, the newest QEMU 10.0 loads).
 */
#ifndef QEMU_PLUGIN_API_VERSION
#define QEMU_PLUGIN_API_VERSION 4
#endif

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <qemu-plugin.h>

#if QEMU_PLUGIN_API_VERSION < 3 || QEMU_PLUGIN_API_VERSION > 6
#error "lockstep.c is written for plugin API versions 3 to 6"
#endif

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define OUT_BUFFER_SIZE (1u << 20)

/* One traced register of a vCPU. */
typedef struct {
    struct qemu_plugin_register *handle;
    const char *name;           /* interned */
} TracedReg;

/* An instruction seen at translation time; shared by every vCPU. */
typedef struct {
    uint64_t vaddr;
    uint32_t bits;
    uint8_t size;
    uint8_t text_len;
    char text[40];              /* "PC BITS" */
} Insn;

/* Per-vCPU state; the scoreboard entry holds a pointer to it. */
typedef struct {
    unsigned int index;
    TracedReg *regs;
    unsigned int nregs;
    uint64_t *last;             /* values as of the last read */
    GByteArray *buf;            /* read buffer */
    const Insn *pending;        /* logged, effects not yet written */
    uint64_t seen;              /* instructions started (logged or not) */
    uint64_t logged;            /* lines started */
    bool started;               /* state line written */
    bool stopped;               /* limit reached */
    FILE *out;                  /* own file (split) or the shared one */
    char *line;                 /* line being built */
    size_t line_cap;
} Vcpu;

static struct qemu_plugin_scoreboard *vcpu_board;   /* Vcpu * per vCPU */

static char *out_path;
static bool split;
static uint64_t skip_count;
static uint64_t limit_count;    /* 0: no limit */
static GPtrArray *mask_names;   /* char * */
static GPtrArray *extra_names;  /* char * */

static FILE *shared_out;        /* !split */
static GMutex out_lock;         /* guards shared_out */

static GMutex all_lock;         /* guards all_vcpus and insn_table */
static GPtrArray *all_vcpus;    /* Vcpu * */
static GHashTable *insn_table;  /* "PC BITS" -> Insn *, for reuse */

static gsize unreadable_reported;

static Vcpu *vcpu_get(unsigned int vcpu_index)
{
    return *(Vcpu **)qemu_plugin_scoreboard_find(vcpu_board, vcpu_index);
}

/* Read @handle into v->buf; returns the byte count, <= 0 on failure. */
static int read_reg(Vcpu *v, struct qemu_plugin_register *handle)
{
    g_byte_array_set_size(v->buf, 0);
#if QEMU_PLUGIN_API_VERSION >= 6
    return qemu_plugin_read_register(handle, v->buf) ? (int)v->buf->len : -1;
#else
    return qemu_plugin_read_register(handle, v->buf);
#endif
}

static uint64_t buf_value(const GByteArray *buf, int n)
{
    uint64_t value = 0;

    for (int i = n - 1; i >= 0; i--) {
        value = value << 8 | buf->data[i];
    }
    return value;
}

/* ---------------------------------------------------------------- output */

static void line_reserve(Vcpu *v, size_t len, size_t more)
{
    if (len + more + 1 > v->line_cap) {
        v->line_cap = (len + more + 1) * 2;
        v->line = g_realloc(v->line, v->line_cap);
    }
}

static size_t put_str(Vcpu *v, size_t len, const char *s, size_t n)
{
    line_reserve(v, len, n);
    memcpy(v->line + len, s, n);
    return len + n;
}

static size_t put_hex(Vcpu *v, size_t len, uint64_t value)
{
    static const char digits[] = "0123456789abcdef";
    char tmp[16];
    int n = 0;

    do {
        tmp[n++] = digits[value & 0xf];
        value >>= 4;
    } while (value);
    line_reserve(v, len, (size_t)n);
    while (n) {
        v->line[len++] = tmp[--n];
    }
    return len;
}

static size_t put_dec(Vcpu *v, size_t len, unsigned int value)
{
    char tmp[16];
    int n = snprintf(tmp, sizeof(tmp), "%u", value);

    return put_str(v, len, tmp, (size_t)n);
}

/* " NAME=VAL" */
static size_t put_reg(Vcpu *v, size_t len, const char *name, uint64_t value)
{
    len = put_str(v, len, " ", 1);
    len = put_str(v, len, name, strlen(name));
    len = put_str(v, len, "=", 1);
    return put_hex(v, len, value);
}

static void write_line(Vcpu *v, size_t len)
{
    len = put_str(v, len, "\n", 1);
    if (split) {
        fwrite_unlocked(v->line, 1, len, v->out);
    } else {
        g_mutex_lock(&out_lock);
        fwrite_unlocked(v->line, 1, len, v->out);
        g_mutex_unlock(&out_lock);
    }
}

/* "V PC BITS" of the pending instruction */
static size_t put_pending(Vcpu *v)
{
    size_t len = put_dec(v, 0, v->index);

    len = put_str(v, len, " ", 1);
    return put_str(v, len, v->pending->text, v->pending->text_len);
}

/* The full state line, from fresh reads. */
static void write_state(Vcpu *v)
{
    size_t len = put_dec(v, 0, v->index);

    len = put_str(v, len, " state", 6);
    for (unsigned int i = 0; i < v->nregs; i++) {
        int n = read_reg(v, v->regs[i].handle);

        if (n > 0) {
            v->last[i] = buf_value(v->buf, n);
        }
        len = put_reg(v, len, v->regs[i].name, v->last[i]);
    }
    write_line(v, len);
}

/*
 * Complete the pending line with the registers that changed since the last
 * read. Returns false (writing nothing) if no register could be read.
 */
static bool write_pending_changes(Vcpu *v)
{
    size_t len = put_pending(v);
    bool any_read = false;

    for (unsigned int i = 0; i < v->nregs; i++) {
        int n = read_reg(v, v->regs[i].handle);
        uint64_t value;

        if (n <= 0) {
            continue;
        }
        any_read = true;
        value = buf_value(v->buf, n);
        if (value != v->last[i]) {
            v->last[i] = value;
            len = put_reg(v, len, v->regs[i].name, value);
        }
    }
    if (!any_read && v->nregs) {
        return false;
    }
    write_line(v, len);
    v->pending = NULL;
    return true;
}

static void write_pending_unknown(Vcpu *v)
{
    size_t len = put_pending(v);

    len = put_str(v, len, " ?", 2);
    write_line(v, len);
    v->pending = NULL;
}

/* ------------------------------------------------------------ execution */

static void on_insn(unsigned int vcpu_index, void *udata)
{
    Vcpu *v = vcpu_get(vcpu_index);

    if (v->stopped) {
        return;
    }
    if (v->seen < skip_count) {
        v->seen++;
        return;
    }
    v->seen++;
    if (v->pending) {
        write_pending_changes(v);
    } else if (!v->started) {
        write_state(v);
        v->started = true;
    }
    if (limit_count && v->logged == limit_count) {
        v->stopped = true;
        return;
    }
    v->pending = udata;
    v->logged++;
}

static const Insn *intern_insn(struct qemu_plugin_insn *insn)
{
    uint8_t bytes[8] = { 0 };
    size_t size = qemu_plugin_insn_size(insn);
    Insn tmp = { 0 };
    Insn *found;
    int n;

    if (size > 4) {
        size = 4;
    }
    qemu_plugin_insn_data(insn, bytes, size);
    tmp.vaddr = qemu_plugin_insn_vaddr(insn);
    tmp.size = (uint8_t)size;
    for (int i = (int)size - 1; i >= 0; i--) {
        tmp.bits = tmp.bits << 8 | bytes[i];
    }
    n = snprintf(tmp.text, sizeof(tmp.text), "%" PRIx64 " %0*" PRIx32,
                 tmp.vaddr, (int)size * 2, tmp.bits);
    tmp.text_len = (uint8_t)n;

    g_mutex_lock(&all_lock);
    found = g_hash_table_lookup(insn_table, tmp.text);
    if (!found) {
        found = g_memdup2(&tmp, sizeof(tmp));
        g_hash_table_insert(insn_table, found->text, found);
    }
    g_mutex_unlock(&all_lock);
    return found;
}

static void on_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    (void)id;
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_insn, QEMU_PLUGIN_CB_R_REGS,
                                               (void *)intern_insn(insn));
    }
}

/* ---------------------------------------------------------------- vCPUs */

static bool name_in(GPtrArray *names, const char *name)
{
    for (guint i = 0; names && i < names->len; i++) {
        if (strcmp(g_ptr_array_index(names, i), name) == 0) {
            return true;
        }
    }
    return false;
}

static bool reg_traced(const char *name, const char *feature)
{
    if (name_in(mask_names, name)) {
        return false;
    }
    if (name_in(extra_names, name)) {
        return true;
    }
    if (strcmp(feature, "org.gnu.gdb.riscv.cpu") == 0) {
        return strcmp(name, "zero") != 0 && strcmp(name, "pc") != 0;
    }
    return strcmp(feature, "org.gnu.gdb.riscv.fpu") == 0 || strcmp(name, "fcsr") == 0;
}

static void pick_registers(Vcpu *v)
{
    GArray *descs = qemu_plugin_get_registers();
    GString *skipped = g_string_new(NULL);
    unsigned int count = 0;

    v->regs = g_new0(TracedReg, descs ? descs->len : 1);
    for (guint i = 0; descs && i < descs->len; i++) {
        qemu_plugin_reg_descriptor *d = &g_array_index(descs, qemu_plugin_reg_descriptor, i);
        int n;

        if (!reg_traced(d->name, d->feature)) {
            continue;
        }
        n = read_reg(v, d->handle);
        if (n <= 0 || n > 8) {
            g_string_append_printf(skipped, " %s", d->name);
            continue;
        }
        v->regs[count].handle = d->handle;
        v->regs[count].name = g_intern_string(d->name);
        count++;
    }
    v->nregs = count;
    v->last = g_new0(uint64_t, count ? count : 1);
    if (skipped->len && g_once_init_enter(&unreadable_reported)) {
        fprintf(stderr, "lockstep: not tracing registers that cannot be read "
                "or are wider than 8 bytes:%s\n", skipped->str);
        g_once_init_leave(&unreadable_reported, 1);
    }
    g_string_free(skipped, TRUE);
    if (descs) {
        g_array_free(descs, TRUE);
    }
}

static FILE *open_out(const char *path)
{
    FILE *f = fopen(path, "w");

    if (!f) {
        fprintf(stderr, "lockstep: cannot open %s: %s\n", path, strerror(errno));
        exit(1);
    }
    setvbuf(f, NULL, _IOFBF, OUT_BUFFER_SIZE);
    fprintf(f, "# lockstep 1\n");
    return f;
}

static void on_vcpu_init(qemu_plugin_id_t id, unsigned int vcpu_index)
{
    Vcpu *v = g_new0(Vcpu, 1);

    (void)id;
    v->index = vcpu_index;
    v->buf = g_byte_array_sized_new(64);
    v->line_cap = 4096;
    v->line = g_malloc(v->line_cap);
    pick_registers(v);
    if (split) {
        char *path = g_strdup_printf("%s.%u", out_path, vcpu_index);

        v->out = open_out(path);
        g_free(path);
    } else {
        v->out = shared_out;
    }
    *(Vcpu **)qemu_plugin_scoreboard_find(vcpu_board, vcpu_index) = v;
    g_mutex_lock(&all_lock);
    g_ptr_array_add(all_vcpus, v);
    g_mutex_unlock(&all_lock);
}

/* If the host lets us read registers here, complete the last line. */
static void on_vcpu_exit(qemu_plugin_id_t id, unsigned int vcpu_index)
{
    Vcpu *v = vcpu_get(vcpu_index);

    (void)id;
    if (v && v->pending && !v->stopped) {
        write_pending_changes(v);
    }
}

/*
 * Complete every vCPU's last line with `?` and flush. The streams stay open
 * (and later callbacks do nothing): in user mode other threads may still be
 * running while the process exits.
 */
static void plugin_exit(qemu_plugin_id_t id, void *udata)
{
    (void)id;
    (void)udata;
    g_mutex_lock(&all_lock);
    for (guint i = 0; i < all_vcpus->len; i++) {
        Vcpu *v = g_ptr_array_index(all_vcpus, i);

        if (v->pending && !v->stopped) {
            write_pending_unknown(v);
        }
        v->stopped = true;
        fflush(v->out);
    }
    g_mutex_unlock(&all_lock);
    if (shared_out) {
        fflush(shared_out);
    }
}

/* -------------------------------------------------------------- options */

static bool parse_count(const char *val, uint64_t *out)
{
    char *end;

    if (!*val) {
        return false;
    }
    errno = 0;
    *out = g_ascii_strtoull(val, &end, 0);
    return !*end && errno == 0;
}

static bool parse_option(const char *opt)
{
    char **kv = g_strsplit(opt, "=", 2);
    const char *key = kv[0], *val = kv[1];
    bool ok = val != NULL;

    if (!ok) {
        /* reported below */
    } else if (strcmp(key, "out") == 0) {
        g_free(out_path);
        out_path = g_strdup(val);
        ok = *val != 0;
    } else if (strcmp(key, "split") == 0) {
        ok = qemu_plugin_bool_parse(key, val, &split);
    } else if (strcmp(key, "skip") == 0) {
        ok = parse_count(val, &skip_count);
    } else if (strcmp(key, "limit") == 0) {
        ok = parse_count(val, &limit_count);
    } else if (strcmp(key, "mask") == 0) {
        g_ptr_array_add(mask_names, g_strdup(val));
    } else if (strcmp(key, "reg") == 0) {
        g_ptr_array_add(extra_names, g_strdup(val));
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
    mask_names = g_ptr_array_new();
    extra_names = g_ptr_array_new();
    for (int i = 0; i < argc; i++) {
        if (!parse_option(argv[i])) {
            fprintf(stderr, "lockstep: bad option '%s' (known: out=FILE, split=on|off, "
                    "skip=N, limit=N, mask=NAME, reg=NAME)\n", argv[i]);
            return -1;
        }
    }
    if (split && !out_path) {
        fprintf(stderr, "lockstep: split=on needs out=FILE\n");
        return -1;
    }
    if (!split) {
        if (out_path) {
            shared_out = open_out(out_path);
        } else {
            /* our own stream on a copy of fd 2, so the buffer is ours */
            int fd = dup(2);

            shared_out = fd >= 0 ? fdopen(fd, "w") : NULL;
            if (!shared_out) {
                fprintf(stderr, "lockstep: cannot duplicate stderr\n");
                return -1;
            }
            setvbuf(shared_out, NULL, _IOFBF, OUT_BUFFER_SIZE);
            fprintf(shared_out, "# lockstep 1\n");
            out_path = NULL;
        }
    }

    all_vcpus = g_ptr_array_new();
    insn_table = g_hash_table_new(g_str_hash, g_str_equal);
    vcpu_board = qemu_plugin_scoreboard_new(sizeof(Vcpu *));
    qemu_plugin_register_vcpu_init_cb(id, on_vcpu_init);
    qemu_plugin_register_vcpu_exit_cb(id, on_vcpu_exit);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
