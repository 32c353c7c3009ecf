// Covers /proc/self: readlink("/proc/self/exe") (basename only), opening /proc/self/exe (ELF header), /proc/self/cmdline, /proc/self/fd.
// ARGS: first "second arg"
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *base(const char *p) {
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

int main(int argc, char **argv) {
    char link[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", link, sizeof link - 1);
    if (n < 0) { perror("readlink"); return 1; }
    link[n] = 0;
    printf("readlink(/proc/self/exe) basename=%s absolute=%s\n", base(link), link[0] == '/' ? "yes" : "no");
    char real[PATH_MAX];
    printf("same as realpath(argv[0]): %s\n", realpath(argv[0], real) && strcmp(real, link) == 0 ? "yes" : "no");
    char small[4];
    n = readlink("/proc/self/exe", small, sizeof small);
    printf("readlink into 4-byte buffer returns %zd\n", n);

    /* /proc/self/exe opens the guest program itself */
    int fd = open("/proc/self/exe", O_RDONLY);
    Elf64_Ehdr eh;
    n = read(fd, &eh, sizeof eh);
    close(fd);
    printf("exe header: read=%zd magic=%s class=%d machine=%d (EM_RISCV=%d) type=%s\n", n,
           memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 ? "ok" : "bad", eh.e_ident[EI_CLASS], eh.e_machine, EM_RISCV,
           eh.e_type == ET_EXEC ? "EXEC" : eh.e_type == ET_DYN ? "DYN" : "other");

    /* /proc/self/cmdline holds the NUL-separated argv */
    fd = open("/proc/self/cmdline", O_RDONLY);
    char cmd[4096];
    n = read(fd, cmd, sizeof cmd);
    close(fd);
    int args = 0;
    printf("cmdline:");
    for (ssize_t i = 0; i < n; i += (ssize_t)strlen(cmd + i) + 1, args++)
        printf(" [%s]", args == 0 ? base(cmd + i) : cmd + i);
    printf(" (%d args, argc=%d)\n", args, argc);

    /* /proc/self/fd/N links to what we opened */
    char tmpl[] = "/tmp/rivet-guest-fd-XXXXXX";
    fd = mkstemp(tmpl);
    char fdpath[64];
    snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
    n = readlink(fdpath, link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    printf("/proc/self/fd/N names the temp file: %s\n", strcmp(link, tmpl) == 0 ? "yes" : "no");
    unlink(tmpl);
    close(fd);
    return 0;
}
