/*
 * System-mode events (API 7): counts vCPU idle/resume, and discontinuities by kind, checking each
 * discontinuity's pcs: an exception's or interrupt's to_pc is the trap vector (mtvec or stvec
 * read at that moment through the register API), a host call's to_pc is from_pc + 4 (semihosting's
 * ebreak... sequence continues after the ebreak). At exit prints one line:
 *   sysevents: idle N resume N interrupt N exception N hostcall N bad-pcs N
 */
#include <glib.h>
#include <inttypes.h>
#include <string.h>
#include "qemu-plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static uint64_t idle, resume, interrupts, exceptions, hostcalls, bad;
static struct qemu_plugin_register *mtvec, *stvec;

static uint64_t read_reg(struct qemu_plugin_register *r)
{
    uint64_t v = 0;
    GByteArray *b = g_byte_array_new();
    if (r && qemu_plugin_read_register(r, b) && b->len == 8) {
        memcpy(&v, b->data, 8);
    }
    g_byte_array_free(b, TRUE);
    return v;
}

static void on_init(unsigned int vcpu, void *ud)
{
    GArray *regs = qemu_plugin_get_registers();
    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d = &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        if (!strcmp(d->name, "mtvec")) {
            mtvec = d->handle;
        } else if (!strcmp(d->name, "stvec")) {
            stvec = d->handle;
        }
    }
    g_array_free(regs, TRUE);
}

static void on_idle(unsigned int vcpu, void *ud) { idle++; }
static void on_resume(unsigned int vcpu, void *ud) { resume++; }

static void on_discon(unsigned int vcpu, enum qemu_plugin_discon_type type, uint64_t from, uint64_t to, void *ud)
{
    if (type == QEMU_PLUGIN_DISCON_HOSTCALL) {
        hostcalls++;
        bad += to != from + 4;
        return;
    }
    type == QEMU_PLUGIN_DISCON_INTERRUPT ? interrupts++ : exceptions++;
    /* Direct or vectored: the handler is at the vector base or, for interrupts, a slot after it. */
    uint64_t m = read_reg(mtvec) & ~3ull, s = read_reg(stvec) & ~3ull;
    int ok = to == m || to == s || (type == QEMU_PLUGIN_DISCON_INTERRUPT && ((to > m && to < m + 64) || (to > s && to < s + 64)));
    bad += !ok;
}

static void at_exit(void *ud)
{
    char *s = g_strdup_printf("sysevents: idle %" PRIu64 " resume %" PRIu64 " interrupt %" PRIu64 " exception %" PRIu64
                              " hostcall %" PRIu64 " bad-pcs %" PRIu64 "\n",
                              idle, resume, interrupts, exceptions, hostcalls, bad);
    qemu_plugin_outs(s);
    g_free(s);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
    qemu_plugin_register_vcpu_init_cb(id, on_init, NULL);
    qemu_plugin_register_vcpu_idle_cb(id, on_idle, NULL);
    qemu_plugin_register_vcpu_resume_cb(id, on_resume, NULL);
    qemu_plugin_register_vcpu_discon_cb(id, QEMU_PLUGIN_DISCON_ALL, on_discon, NULL);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
