// Covers uname(2): stable fields (sysname, machine) printed, others checked only for sanity; gethostname agrees with nodename.
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void) {
    struct utsname u;
    memset(&u, 0x55, sizeof u);
    printf("uname=%d\n", uname(&u));
    printf("sysname=%s\n", u.sysname);
    printf("machine=%s\n", u.machine);
    printf("release non-empty: %s, starts with a digit: %s\n", u.release[0] ? "yes" : "no",
           (u.release[0] >= '0' && u.release[0] <= '9') ? "yes" : "no");
    printf("version non-empty: %s\n", u.version[0] ? "yes" : "no");
    printf("fields NUL-terminated: %s\n",
           memchr(u.sysname, 0, sizeof u.sysname) && memchr(u.nodename, 0, sizeof u.nodename) &&
                   memchr(u.release, 0, sizeof u.release) && memchr(u.version, 0, sizeof u.version) &&
                   memchr(u.machine, 0, sizeof u.machine)
               ? "yes" : "no");
    char host[256];
    int r = gethostname(host, sizeof host);
    printf("gethostname=%d matches nodename: %s\n", r, strcmp(host, u.nodename) == 0 ? "yes" : "no");
    return 0;
}
