// Covers printf integer formatting: every integer width, flags, padding, precision, %*, %n$ positional args, %n and snprintf truncation.
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

int main(void) {
    signed char sc = SCHAR_MIN;
    unsigned char uc = UCHAR_MAX;
    short ss = SHRT_MIN;
    unsigned short us = USHRT_MAX;
    printf("hhd=%hhd hhu=%hhu hhx=%hhx hhd(300)=%hhd\n", sc, uc, uc, 300);
    printf("hd=%hd hu=%hu ho=%ho hd(70000)=%hd\n", ss, us, us, 70000);
    printf("d=%d u=%u x=%x X=%X o=%o\n", INT_MIN, UINT_MAX, UINT_MAX, 0xabcdefu, UINT_MAX);
    printf("ld=%ld lu=%lu lx=%lx\n", LONG_MIN, ULONG_MAX, ULONG_MAX);
    printf("lld=%lld llu=%llu llo=%llo\n", LLONG_MIN, ULLONG_MAX, ULLONG_MAX);
    printf("zd=%zd zu=%zu td=%td jd=%jd ju=%ju\n", (ssize_t)-5, (size_t)123456789012u,
           (ptrdiff_t)-77, INTMAX_MIN, UINTMAX_MAX);
    printf("PRI: %" PRId8 " %" PRIu16 " %" PRIx32 " %" PRIX64 " %" PRIo64 " %" PRIiMAX "\n",
           (int8_t)-100, (uint16_t)65000, (uint32_t)0xdeadbeef, (uint64_t)0x0123456789abcdefull,
           (uint64_t)01234567, (intmax_t)-9);

    static const int vals[] = {0, 1, -1, 42, -42, 12345, -99999, INT_MAX, INT_MIN};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        int v = vals[i];
        printf("[%5d][%-5d][%05d][%+d][% d][%.3d][%8.3d][%-+8.3d][%x][%#o]\n", v, v, v, v, v, v, v,
               v, (unsigned)v, (unsigned)v);
    }
    printf("[%#x][%#o][%#X][%#10x][%-#10o|][%#.0x][%.0d][%#08x]\n", 255u, 8u, 0xabcu, 0xdeadu,
           0777u, 0u, 0, 0x1fu);
    printf("[%*d][%-*d][%.*d][%*.*d][%*d]\n", 6, 42, 6, 42, 4, 7, 8, 5, -3, -6, 9);

    /* positional arguments */
    printf("%3$s %1$s %2$s\n", "alpha", "beta", "gamma");
    printf("%2$*1$d|%3$-*1$x|\n", 8, 1234, 255);
    printf("%1$d %1$x %1$o %1$#x %2$c%2$c\n", 4660, 'z');
    printf("%2$.*1$f|%3$lld\n", 3, 2.0 / 3.0, -1LL);

    /* %n stores the count so far */
    int n1 = -1;
    short n2 = -1;
    long n3 = -1;
    printf("abc%nde%hnfgh%ln|\n", &n1, &n2, &n3);
    printf("n1=%d n2=%hd n3=%ld\n", n1, n2, n3);

    /* chars and strings */
    printf("[%c][%5c][%-5c][%s][%10s][%-10s][%.2s][%10.3s][%%]\n", 'A', 'B', 'C', "str", "right",
           "left", "truncate", "abcdef");

    /* snprintf truncation and return value */
    char buf[8];
    volatile int a = 1000, b = 2000, c = 3000; /* volatile: keep gcc from evaluating at build time */
    int r = snprintf(buf, sizeof buf, "%d-%d-%d", a, b, c);
    printf("snprintf r=%d buf=\"%s\"\n", r, buf);
    r = snprintf(NULL, 0, "%0100d", 7);
    printf("snprintf(NULL) r=%d\n", r);

    /* powers of two in every base */
    for (int i = 0; i < 64; i += 7) {
        unsigned long long p = 1ULL << i;
        long long neg = (long long)(~0ULL << i);
        printf("%2d %20llu %16llx %22llo %20lld\n", i, p, p, p, neg);
    }

    /* powers of ten, separators of digits via precision */
    unsigned long long t = 1;
    for (int i = 0; i < 20; i++, t *= 10)
        printf("10^%-2d=%-20llu|%+.22lld|\n", i, t, (long long)t);
    return 0;
}
