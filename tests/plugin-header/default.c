/* No QEMU_PLUGIN_API_VERSION: the header must select the newest (7). */
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

_Static_assert(QEMU_PLUGIN_VERSION == 7, "default is API 7");
#ifdef RIVET_PLUGIN_EXTENSIONS_VERSION
#error "rivet extensions must be off unless RIVET_PLUGIN_EXTENSIONS is defined"
#endif

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    (void)id; (void)info; (void)argc; (void)argv;
    return 0;
}
