// Covers the ELF auxiliary vector via getauxval: page size, phent/phnum, hwcap (IMAFDC bits), AT_RANDOM, AT_EXECFN, uids, AT_BASE/AT_ENTRY relations.
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char _start[];

int main(int argc, char **argv) {
    (void)argc;
    printf("AT_PAGESZ=%lu\n", getauxval(AT_PAGESZ));
    printf("AT_PHENT=%lu (sizeof Elf64_Phdr=%zu)\n", getauxval(AT_PHENT), sizeof(Elf64_Phdr));
    printf("AT_PHNUM=%lu\n", getauxval(AT_PHNUM));
    printf("AT_PHDR nonzero: %s\n", getauxval(AT_PHDR) ? "yes" : "no");
    printf("AT_CLKTCK=%lu\n", getauxval(AT_CLKTCK));
    printf("AT_SECURE=%lu AT_FLAGS=%lu\n", getauxval(AT_SECURE), getauxval(AT_FLAGS));

    /* HWCAP: one bit per single-letter extension; only the RV64GC letters are inherent */
    unsigned long hw = getauxval(AT_HWCAP);
    printf("AT_HWCAP has:");
    for (const char *l = "IMAFDC"; *l; l++) printf(" %c=%lu", *l, (hw >> (*l - 'A')) & 1);
    printf("\n");

    /* AT_RANDOM points at 16 readable bytes; print only that */
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    volatile unsigned sum = 0;
    if (rnd)
        for (int i = 0; i < 16; i++) sum += rnd[i]; /* must not fault */
    printf("AT_RANDOM non-null: %s\n", rnd ? "yes" : "no");

    const char *execfn = (const char *)getauxval(AT_EXECFN);
    const char *base = execfn ? strrchr(execfn, '/') : NULL;
    printf("AT_EXECFN basename=%s\n", base ? base + 1 : execfn ? execfn : "(null)");
    const char *a0 = strrchr(argv[0], '/');
    printf("AT_EXECFN basename == argv[0] basename: %s\n",
           base && a0 && strcmp(base, a0) == 0 ? "yes" : "no");

    printf("AT_UID==getuid: %s AT_EUID==geteuid: %s AT_GID==getgid: %s AT_EGID==getegid: %s\n",
           getauxval(AT_UID) == getuid() ? "yes" : "no", getauxval(AT_EUID) == geteuid() ? "yes" : "no",
           getauxval(AT_GID) == getgid() ? "yes" : "no", getauxval(AT_EGID) == getegid() ? "yes" : "no");
    printf("AT_ENTRY == &_start: %s\n", getauxval(AT_ENTRY) == (unsigned long)_start ? "yes" : "no");
    /* AT_BASE is the interpreter's load address: zero for static binaries */
    printf("AT_BASE nonzero: %s\n", getauxval(AT_BASE) ? "yes" : "no");
    printf("AT_PAGESZ == sysconf: %s\n", getauxval(AT_PAGESZ) == (unsigned long)sysconf(_SC_PAGESIZE) ? "yes" : "no");

    errno = 0;
    unsigned long missing = getauxval(0x7777);
    printf("missing type: %lu errno=%s\n", missing, errno == ENOENT ? "ENOENT" : "other");
    return 0;
}
