/* RIVET_PLUGIN_EXTENSIONS opens rivet's (still empty) extension block. */
#define RIVET_PLUGIN_EXTENSIONS
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

_Static_assert(RIVET_PLUGIN_EXTENSIONS_VERSION == 0, "extension block present");

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    (void)id; (void)info; (void)argc; (void)argv;
    return 0;
}
