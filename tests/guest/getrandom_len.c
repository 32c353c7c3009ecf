// Covers getrandom/getentropy/arc4random: returned lengths and error cases only, never the random bytes.
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

static int all_zero(const unsigned char *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (b[i]) return 0;
    return 1;
}

int main(void) {
    static unsigned char buf[4096];
    static const size_t lens[] = {0, 1, 16, 32, 64, 256, 1000, 4096};
    for (unsigned i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        memset(buf, 0, sizeof buf);
        ssize_t n = getrandom(buf, lens[i], 0);
        printf("getrandom(%zu)=%zd%s\n", lens[i], n,
               lens[i] >= 16 && all_zero(buf, lens[i]) ? " (all zero!)" : "");
    }
    ssize_t n = getrandom(buf, 32, GRND_NONBLOCK);
    printf("getrandom(32, GRND_NONBLOCK)=%zd\n", n);
    n = getrandom(buf, 32, GRND_INSECURE);
    printf("getrandom(32, GRND_INSECURE)=%zd\n", n);
    errno = 0;
    n = getrandom(buf, 32, 0x4000);
    printf("getrandom(bad flags)=%zd EINVAL=%d\n", n, errno == EINVAL);
    errno = 0;
    void *volatile bad = (void *)16; /* volatile: hide the bad pointer from gcc's warnings */
    n = getrandom(bad, 32, 0);
    printf("getrandom(bad pointer)=%zd EFAULT=%d\n", n, errno == EFAULT);

    printf("getentropy(32)=%d\n", getentropy(buf, 32));
    errno = 0;
    int r = getentropy(buf, 257);
    printf("getentropy(257)=%d EIO=%d\n", r, errno == EIO);

    /* two independent 128-bit draws are different (failure probability 2^-128) */
    unsigned char a[16], b[16];
    getrandom(a, sizeof a, 0);
    getrandom(b, sizeof b, 0);
    printf("two draws differ: %s\n", memcmp(a, b, 16) ? "yes" : "no");
    uint32_t u = arc4random_uniform(10);
    printf("arc4random_uniform(10) < 10: %s\n", u < 10 ? "yes" : "no");
    arc4random_buf(buf, 64);
    printf("arc4random_buf ok: %s\n", all_zero(buf, 64) ? "no" : "yes");
    return 0;
}
