// Covers mmap: 256 MiB anonymous mapping touched sparsely, munmap of a hole, mprotect, mremap growth/shrink, MAP_FIXED, file-backed MAP_SHARED.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MiB (1024UL * 1024UL)

int main(void) {
    long pg = sysconf(_SC_PAGESIZE);
    size_t len = 256 * MiB;
    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap 256MiB"); return 1; }
    printf("mmap 256MiB ok, page aligned: %s\n", ((uintptr_t)p % pg) == 0 ? "yes" : "no");

    /* touch one byte per MiB, then read everything back */
    for (size_t off = 0; off < len; off += MiB) p[off + (off / MiB) % 4096] = (unsigned char)(off / MiB);
    unsigned long sum = 0;
    int zero_ok = 1;
    for (size_t off = 0; off < len; off += MiB) {
        sum += p[off + (off / MiB) % 4096];
        if (p[off + MiB / 2] != 0) zero_ok = 0; /* untouched pages read zero */
    }
    printf("sparse sum=%lu untouched zero: %s last byte=%d\n", sum, zero_ok ? "yes" : "no", p[len - 1]);

    /* punch a hole in the middle and map something new exactly there */
    unsigned char *hole = p + 100 * MiB;
    printf("munmap hole=%d\n", munmap(hole, 4 * MiB));
    unsigned char *fixed = mmap(hole, 2 * MiB, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED into hole: %s, reads zero: %s\n", fixed == hole ? "same address" : "moved",
           fixed[0] == 0 && fixed[2 * MiB - 1] == 0 ? "yes" : "no");
    unsigned char *nr = mmap(hole + 2 * MiB, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("MAP_FIXED_NOREPLACE into free part: %s\n", nr == hole + 2 * MiB ? "same address" : "failed");
    nr = mmap(hole, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("MAP_FIXED_NOREPLACE over mapping: %s\n", nr == MAP_FAILED && errno == EEXIST ? "EEXIST" : "unexpected");
    printf("data around hole intact: %d %d\n", p[99 * MiB + 99 % 4096], p[104 * MiB + 104 % 4096]);

    /* mprotect: read-only still readable, then writable again */
    printf("mprotect RO=%d\n", mprotect(p, 16 * pg, PROT_READ));
    printf("read under RO: %d\n", p[0]);
    printf("mprotect RW=%d\n", mprotect(p, 16 * pg, PROT_READ | PROT_WRITE));
    p[1] = 77;
    printf("write after RW: %d\n", p[1]);
    errno = 0;
    int pr = mprotect(p + 1, pg, PROT_READ);
    printf("mprotect unaligned=%d einval=%d\n", pr, errno == EINVAL);
    printf("munmap all=%d\n", munmap(p, len));

    /* mremap: grow with MREMAP_MAYMOVE keeps the content, new part is zero */
    unsigned char *m = mmap(NULL, MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (size_t i = 0; i < MiB; i += 512) m[i] = (unsigned char)(i >> 9);
    unsigned char *g = mremap(m, MiB, 8 * MiB, MREMAP_MAYMOVE);
    if (g == MAP_FAILED) { perror("mremap"); return 1; }
    int kept = 1;
    for (size_t i = 0; i < MiB; i += 512)
        if (g[i] != (unsigned char)(i >> 9)) kept = 0;
    int fresh = 1;
    for (size_t i = MiB; i < 8 * MiB; i += 4096)
        if (g[i]) fresh = 0;
    g[8 * MiB - 1] = 5;
    printf("mremap grow: content kept %s, new zero %s, last=%d\n", kept ? "yes" : "no", fresh ? "yes" : "no",
           g[8 * MiB - 1]);
    unsigned char *s = mremap(g, 8 * MiB, 2 * MiB, 0);
    printf("mremap shrink in place: %s, content %d\n", s == g ? "yes" : "no", s[512]);
    /* (growing in place without MREMAP_MAYMOVE depends on the address-space layout: not tested) */
    printf("munmap remapped=%d\n", munmap(s, 2 * MiB));

    /* invalid requests */
    errno = 0;
    void *z = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap len 0: %s\n", z == MAP_FAILED && errno == EINVAL ? "EINVAL" : "unexpected");
    errno = 0;
    z = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, -1, 0);
    printf("mmap bad fd: %s\n", z == MAP_FAILED && errno == EBADF ? "EBADF" : "unexpected");
    char *one = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    errno = 0;
    int r = munmap(one + 1, pg);
    printf("munmap unaligned: %d einval=%d\n", r, errno == EINVAL);
    munmap(one, pg);

    /* file-backed shared mapping writes through to the file */
    char path[] = "/tmp/rivet-guest-mmap-XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    ftruncate(fd, 3 * pg);
    pwrite(fd, "file data", 9, pg);
    char *f = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("file map sees pwrite: %.9s\n", f + pg);
    memcpy(f + 2 * pg + 10, "via map", 7);
    printf("msync=%d\n", msync(f, 3 * pg, MS_SYNC));
    char back[8] = {0};
    pread(fd, back, 7, 2 * pg + 10);
    printf("pread sees map write: %s\n", back);
    char *priv = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, pg);
    priv[0] = 'F';
    printf("private copy: %.9s shared still: %.9s\n", priv, f + pg);
    munmap(priv, pg);
    munmap(f, 3 * pg);
    close(fd);
    return 0;
}
