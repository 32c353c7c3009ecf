/*
 * tbstarts.c -- the blocks rivet translates, through the QEMU plugin API: a second route to the
 * block list the native drcov tool records (scripts/native-plugin-tests compares the two).
 *
 * At every translation it records the block's address and size in bytes (from its first
 * instruction to the end of its last); at exit it writes one line per translation,
 * "0xADDR SIZE", to outfile=PATH.
 */
#define QEMU_PLUGIN_API_VERSION 4
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "qemu-plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static GMutex lock;
static GArray *blocks; /* pairs of uint64_t: address, size */
static char *path;

static void on_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    if (n == 0) {
        return;
    }
    struct qemu_plugin_insn *last = qemu_plugin_tb_get_insn(tb, n - 1);
    uint64_t start = qemu_plugin_tb_vaddr(tb);
    uint64_t rec[2] = {start, qemu_plugin_insn_vaddr(last) + qemu_plugin_insn_size(last) - start};
    g_mutex_lock(&lock);
    g_array_append_vals(blocks, rec, 2);
    g_mutex_unlock(&lock);
}

static void at_exit(qemu_plugin_id_t id, void *ud)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        qemu_plugin_outs("tbstarts: cannot write the output file\n");
        return;
    }
    for (guint i = 0; i + 1 < blocks->len; i += 2) {
        fprintf(f, "0x%" PRIx64 " %" PRIu64 "\n", g_array_index(blocks, uint64_t, i),
                g_array_index(blocks, uint64_t, i + 1));
    }
    fclose(f);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strncmp(argv[i], "outfile=", 8)) {
            path = g_strdup(argv[i] + 8);
        }
    }
    if (!path) {
        return -1;
    }
    blocks = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
