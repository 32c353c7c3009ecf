/*
 * Plugins rivet must refuse, built with -DKIND=...:
 *   VERSION=N        declares API version N (1 and 8 are out of rivet's range 2..7)
 *   NO_INSTALL       declares version 7 but has no qemu_plugin_install
 *   INSTALL_FAILS    qemu_plugin_install returns 42
 * It does not include qemu-plugin.h, which refuses versions outside 2..7 at compile time.
 */
#include <stdint.h>

#define EXPORT __attribute__((visibility("default")))

#ifdef VERSION
EXPORT int qemu_plugin_version = VERSION;
EXPORT int qemu_plugin_install(uint64_t id, const void *info, int argc, char **argv)
{
    return 0;
}
#endif

#ifdef NO_INSTALL
EXPORT int qemu_plugin_version = 7;
EXPORT int qemu_plugin_setup(void)
{
    return 0;
}
#endif

#ifdef INSTALL_FAILS
EXPORT int qemu_plugin_version = 7;
EXPORT int qemu_plugin_install(uint64_t id, const void *info, int argc, char **argv)
{
    return 42;
}
#endif
