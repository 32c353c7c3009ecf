/*
 * regdump.c -- list the registers the host exposes to plugins, per vCPU.
 *
 * Part of the plugins rivet ships; builds against rivet's qemu-plugin.h and
 * loads in rivet and in QEMU. Useful to see which names and feature groups
 * a plugin can ask for (execlog's reg=, for instance) and whether the host
 * can read them.
 *
 * When a vCPU is initialised the plugin calls qemu_plugin_get_registers()
 * and prints, in the host's order, one line per register:
 *
 *   vcpu 0:   idx name             feature                     handle  size value
 *   vcpu 0:     0 zero             org.gnu.gdb.riscv.cpu       ref        8 0x0000000000000000
 *
 *   idx      position in the list
 *   feature  GDB feature group the register belongs to ("-" if none)
 *   handle   handles are opaque, so they are not printed; instead the first
 *            vCPU to initialise is the reference ("ref") and every later
 *            vCPU says whether its handle for the same name is identical
 *            ("same"), not ("differs"), or the name was not on the
 *            reference vCPU ("new")
 *   size     bytes qemu_plugin_read_register() returned (values=on only)
 *   value    the value read right then, at vCPU init: a little-endian
 *            integer for sizes up to 8 bytes, else the bytes in target
 *            order; "unreadable" if the read failed or returned no bytes
 *            (QEMU 10.0 does that for 5 riscv64 CSRs)
 *
 * then the number of registers per feature group, the unreadable ones, and
 * for later vCPUs a summary of the handle comparison. Each vCPU's report is
 * written with one qemu_plugin_outs() call.
 *
 * Options:
 *   values=on|off   read and print the values (default on)
 *
 * Builds for plugin API 2..6 (default 4, the newest QEMU 10.0 loads).
 */
#ifndef QEMU_PLUGIN_API_VERSION
#define QEMU_PLUGIN_API_VERSION 4
#endif

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <qemu-plugin.h>

#if QEMU_PLUGIN_API_VERSION > 6
#error "regdump.c is written for plugin API versions 2 to 6"
#endif

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static bool show_values = true;

/*
 * Register name -> handle of the reference vCPU (the first to initialise),
 * filled once; guarded by ref_lock, which also serialises the reports.
 */
static GMutex ref_lock;
static GHashTable *ref_handles;
static unsigned int ref_vcpu;

/* Bytes appended to @buf by a register read, or <= 0 on failure. */
static int read_reg(struct qemu_plugin_register *handle, GByteArray *buf)
{
#if QEMU_PLUGIN_API_VERSION >= 6
    guint before = buf->len;

    return qemu_plugin_read_register(handle, buf) ? (int)(buf->len - before) : -1;
#else
    return qemu_plugin_read_register(handle, buf);
#endif
}

static void append_value(GString *out, const uint8_t *data, int n)
{
    if (n <= 8) {
        uint64_t v = 0;

        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | data[i];       /* little-endian target */
        }
        g_string_append_printf(out, "0x%0*" PRIx64, 2 * n, v);
    } else {
        g_string_append(out, "bytes");
        for (int i = 0; i < n; i++) {
            g_string_append_printf(out, " %02x", data[i]);
        }
    }
}

/* Count of registers in one feature group, in order of first appearance. */
typedef struct {
    const char *feature;
    unsigned count;
} FeatureCount;

static void count_feature(GArray *counts, const char *feature)
{
    for (guint i = 0; i < counts->len; i++) {
        FeatureCount *fc = &g_array_index(counts, FeatureCount, i);
        if (g_strcmp0(fc->feature, feature) == 0) {
            fc->count++;
            return;
        }
    }
    FeatureCount fc = { feature, 1 };
    g_array_append_val(counts, fc);
}

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu_index)
{
    GArray *regs = qemu_plugin_get_registers();
    guint n = regs ? regs->len : 0;
    GString *out = g_string_new(NULL);
    GString *unreadable = g_string_new(NULL);
    GArray *features = g_array_new(FALSE, FALSE, sizeof(FeatureCount));
    GByteArray *buf = g_byte_array_new();
    unsigned same = 0, differs = 0, added = 0, n_unreadable = 0;
    bool is_ref;

    (void)id;
    g_mutex_lock(&ref_lock);
    is_ref = ref_handles == NULL;
    if (is_ref) {
        ref_handles = g_hash_table_new(g_str_hash, g_str_equal);
        ref_vcpu = vcpu_index;
    }

    g_string_append_printf(out, "vcpu %u: %u registers\n", vcpu_index, n);
    g_string_append_printf(out, "vcpu %u: %5s %-16s %-27s %-*s", vcpu_index,
                           "idx", "name", "feature", show_values ? 7 : 0, "handle");
    if (show_values) {
        g_string_append(out, " size value");
    }
    g_string_append_c(out, '\n');

    for (guint i = 0; i < n; i++) {
        qemu_plugin_reg_descriptor *d =
            &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        const char *handle_state;

        if (is_ref) {
            /* names live for the whole process: no copy needed */
            g_hash_table_insert(ref_handles, (gpointer)d->name, d->handle);
            handle_state = "ref";
        } else {
            gpointer h;

            if (!g_hash_table_lookup_extended(ref_handles, d->name, NULL, &h)) {
                handle_state = "new";
                added++;
            } else if (h == (gpointer)d->handle) {
                handle_state = "same";
                same++;
            } else {
                handle_state = "differs";
                differs++;
            }
        }
        count_feature(features, d->feature);

        g_string_append_printf(out, "vcpu %u: %5u %-16s %-27s %-*s", vcpu_index,
                               i, d->name, d->feature ? d->feature : "-",
                               show_values ? 7 : 0, handle_state);
        if (show_values) {
            int got;

            g_byte_array_set_size(buf, 0);
            got = read_reg(d->handle, buf);
            if (got > 0 && (guint)got <= buf->len) {
                g_string_append_printf(out, " %4d ", got);
                append_value(out, buf->data, got);
            } else {
                g_string_append_printf(out, " %4s unreadable (read returned %d)", "-", got);
                g_string_append_printf(unreadable, " %s", d->name);
                n_unreadable++;
            }
        }
#if QEMU_PLUGIN_API_VERSION >= 6
        if (d->is_readonly) {
            g_string_append(out, " (read-only)");
        }
#endif
        g_string_append_c(out, '\n');
    }

    g_string_append_printf(out, "vcpu %u: registers per feature:", vcpu_index);
    for (guint i = 0; i < features->len; i++) {
        FeatureCount *fc = &g_array_index(features, FeatureCount, i);
        g_string_append_printf(out, " %s %u%s", fc->feature ? fc->feature : "-",
                               fc->count, i + 1 < features->len ? "," : "");
    }
    g_string_append_c(out, '\n');
    if (show_values) {
        g_string_append_printf(out, "vcpu %u: %u unreadable%s%s\n", vcpu_index,
                               n_unreadable, n_unreadable ? ":" : "",
                               unreadable->str);
    }
    if (!is_ref) {
        unsigned missing = g_hash_table_size(ref_handles) - same - differs;

        g_string_append_printf(out, "vcpu %u: handles vs vcpu %u: %u same, "
                               "%u differ, %u new, %u missing\n", vcpu_index,
                               ref_vcpu, same, differs, added, missing);
    }
    qemu_plugin_outs(out->str);
    g_mutex_unlock(&ref_lock);

    g_byte_array_free(buf, TRUE);
    g_array_free(features, TRUE);
    g_string_free(unreadable, TRUE);
    g_string_free(out, TRUE);
    if (regs) {
        g_array_free(regs, TRUE);
    }
}

static void plugin_exit(qemu_plugin_id_t id, void *udata)
{
    (void)id;
    (void)udata;
    if (ref_handles) {
        g_hash_table_destroy(ref_handles);
        ref_handles = NULL;
    }
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    (void)info;
    for (int i = 0; i < argc; i++) {
        char **kv = g_strsplit(argv[i], "=", 2);
        bool ok = false;

        if (g_strcmp0(kv[0], "values") == 0 && kv[1]) {
            ok = qemu_plugin_bool_parse(kv[0], kv[1], &show_values);
        }
        g_strfreev(kv);
        if (!ok) {
            fprintf(stderr, "regdump: bad option '%s' (known: values=on|off)\n",
                    argv[i]);
            return -1;
        }
    }
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
