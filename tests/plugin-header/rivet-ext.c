/* RIVET_PLUGIN_EXTENSIONS opens rivet's extension block: register-change callbacks, declared weak
 * so that the plugin can test for them (and still load in QEMU). */
#define RIVET_PLUGIN_EXTENSIONS
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

_Static_assert(RIVET_PLUGIN_EXTENSIONS_VERSION == 1, "extension block present");
_Static_assert(sizeof(rivet_reg_change) == 56, "rivet_reg_change layout");

static void changed(const rivet_reg_change *c, void *userdata)
{
    (void)c; (void)userdata;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    static const char *const names[] = {"sp", "fpu"};
    (void)info; (void)argc; (void)argv;
    if (rivet_plugin_extensions && rivet_plugin_extensions() >= 1 && rivet_plugin_register_reg_change_cb)
        return rivet_plugin_register_reg_change_cb(id, names, 2, changed, NULL) ? 0 : 1;
    return 0;
}
