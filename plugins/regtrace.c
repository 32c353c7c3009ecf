/*
 * regtrace.c -- every change of the watched registers, without polling.
 *
 * Part of the plugins rivet ships. It uses rivet's register-change callbacks
 * (rivet_plugin_register_reg_change_cb, a rivet extension): the host tells it
 * which register took which value after which instruction, and checks only
 * instructions that can write a watched register. In QEMU, which has no such
 * callbacks, it says so and refuses to load.
 *
 * Output, one line per instruction executed that changed something, in the text format
 * of QEMU's execlog plugin (without memory accesses):
 *
 *   VCPU, 0xPC, 0xOPCODE, "DISASSEMBLY", REG -> 0xVALUE[, REG -> 0xVALUE]...
 *
 * or with format=json one JSON object per change:
 *
 *   {"vcpu":0,"pc":"0x80000010","reg":"a0","old":"0x1","new":"0xb"}
 *
 * Changes made by a trap, an interrupt or the host (a syscall's result) are
 * reported with the pc the vCPU was at then; their line has the instruction
 * there, if it was ever translated.
 *
 * Options:
 *   reg=NAME       watch a register, a group (cpu, fpu, csr, virtual) or *;
 *                  repeatable; default: the cpu and fpu groups
 *   format=text|json
 *   outfile=PATH   write there (buffered) instead of through qemu_plugin_outs
 *                  (which goes to stderr, or to the -D log file)
 */
#define QEMU_PLUGIN_API_VERSION 4
#define RIVET_PLUGIN_EXTENSIONS
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAXV 256
#define LINE 4096

struct insn_info {
    uint32_t opcode;
    char *disas;
};

/* The line being built for each vCPU: the instruction of the last change. */
struct pending {
    uint64_t pc, instret;
    int len; /* 0: nothing pending */
    char text[LINE];
};

static const char *names[64];
static size_t nnames;
static int json;
static FILE *out;
static GHashTable *insns; /* pc -> struct insn_info */
static GMutex insns_lock;
static struct pending pending[MAXV];

static void emit(const char *s, int len) {
    if (out)
        fwrite(s, 1, len, out);
    else
        qemu_plugin_outs(s);
}

static void flush(unsigned vcpu) {
    struct pending *p = &pending[vcpu];
    if (!p->len)
        return;
    p->text[p->len++] = '\n';
    p->text[p->len] = 0;
    emit(p->text, p->len);
    p->len = 0;
}

static void start_line(unsigned vcpu, uint64_t pc) {
    struct pending *p = &pending[vcpu];
    struct insn_info *i;
    g_mutex_lock(&insns_lock);
    i = g_hash_table_lookup(insns, &pc);
    p->len = snprintf(p->text, LINE - 1, "%u, 0x%" PRIx64 ", 0x%" PRIx32 ", \"%s\"", vcpu, pc, i ? i->opcode : 0,
                      i ? i->disas : "?");
    g_mutex_unlock(&insns_lock);
    p->pc = pc;
}

static void changed(const rivet_reg_change *c, void *ud) {
    (void)ud;
    unsigned v = c->vcpu_index;
    if (json) {
        char s[256];
        int n = snprintf(s, sizeof s,
                         "{\"vcpu\":%u,\"pc\":\"0x%" PRIx64 "\",\"reg\":\"%s\",\"old\":\"0x%" PRIx64
                         "\",\"new\":\"0x%" PRIx64 "\"}\n",
                         v, c->pc, c->name, c->old_value, c->new_value);
        emit(s, n);
        return;
    }
    if (v >= MAXV)
        return;
    struct pending *p = &pending[v];
    if (p->len && (p->pc != c->pc || p->instret != c->instret))
        flush(v);
    if (!p->len) {
        start_line(v, c->pc);
        p->instret = c->instret;
    }
    if (p->len < LINE - 64)
        p->len += snprintf(p->text + p->len, LINE - 1 - p->len, ", %s -> 0x%016" PRIx64, c->name, c->new_value);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    (void)id;
    for (size_t k = 0; k < qemu_plugin_tb_n_insns(tb); k++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, k);
        uint64_t pc = qemu_plugin_insn_vaddr(insn);
        uint32_t op = 0;
        qemu_plugin_insn_data(insn, &op, sizeof(op));
        g_mutex_lock(&insns_lock);
        if (!g_hash_table_contains(insns, &pc)) {
            uint64_t *key = g_new(uint64_t, 1);
            struct insn_info *i = g_new(struct insn_info, 1);
            *key = pc;
            i->opcode = op;
            i->disas = qemu_plugin_insn_disas(insn);
            g_hash_table_insert(insns, key, i);
        }
        g_mutex_unlock(&insns_lock);
    }
}

static void at_exit(qemu_plugin_id_t id, void *p) {
    (void)id, (void)p;
    for (unsigned v = 0; v < MAXV; v++)
        flush(v);
    if (out)
        fclose(out);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    (void)info;
    for (int i = 0; i < argc; i++) {
        if (!strncmp(argv[i], "reg=", 4) && nnames < 64) {
            names[nnames++] = argv[i] + 4;
        } else if (!strcmp(argv[i], "format=json")) {
            json = 1;
        } else if (!strcmp(argv[i], "format=text")) {
            json = 0;
        } else if (!strncmp(argv[i], "outfile=", 8)) {
            out = fopen(argv[i] + 8, "w");
            if (!out) {
                fprintf(stderr, "regtrace: cannot open %s\n", argv[i] + 8);
                return -1;
            }
            setvbuf(out, NULL, _IOFBF, 1 << 20);
        } else {
            fprintf(stderr, "regtrace: unknown option %s\n", argv[i]);
            return -1;
        }
    }
    if (!nnames) {
        names[nnames++] = "cpu";
        names[nnames++] = "fpu";
    }
    if (!rivet_plugin_register_reg_change_cb) {
        fprintf(stderr, "regtrace: needs rivet's register-change callbacks (this host has none)\n");
        return -1;
    }
    if (!rivet_plugin_register_reg_change_cb(id, names, nnames, changed, NULL)) {
        fprintf(stderr, "regtrace: unknown register name\n");
        return -1;
    }
    insns = g_hash_table_new(g_int64_hash, g_int64_equal);
    if (!json)
        qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
