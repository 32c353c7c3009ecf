// Covers __int128 arithmetic (mul/div/mod/shift, decimal printing) and the __builtin_*_overflow family on all widths.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef unsigned __int128 u128;
typedef __int128 i128;

static void u128_str(u128 v, char *out) {
    char tmp[64];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = 0;
}

static void i128_str(i128 v, char *out) {
    if (v < 0) {
        *out++ = '-';
        u128_str((u128)0 - (u128)v, out);
    } else {
        u128_str((u128)v, out);
    }
}

static void show_u(const char *label, u128 v) {
    char b[64];
    u128_str(v, b);
    printf("%s = %s (0x%016llx%016llx)\n", label, b, (unsigned long long)(v >> 64),
           (unsigned long long)v);
}
static void show_i(const char *label, i128 v) {
    char b[64];
    i128_str(v, b);
    printf("%s = %s\n", label, b);
}

int main(void) {
    volatile uint64_t a = 0xfedcba9876543210ull, b = 0x0123456789abcdefull;
    u128 p = (u128)a * b;
    show_u("a*b", p);
    printf("mulhu(a,b)=%016llx\n", (unsigned long long)(p >> 64));
    i128 sp = (i128)(int64_t)a * (int64_t)b;
    show_i("(signed)a*b", sp);
    printf("mulh=%016llx\n", (unsigned long long)((u128)sp >> 64));

    u128 max = ~(u128)0;
    i128 imax = (i128)(max >> 1), imin = -imax - 1;
    show_u("u128 max", max);
    show_i("i128 max", imax);
    show_i("i128 min", imin);
    volatile u128 d = ((u128)0x1234567 << 64) | 0x89abcdef01234567ull;
    show_u("max / d", max / d);
    show_u("max % d", max % d);
    show_i("min / 3", imin / 3);
    show_i("min % 3", imin % 3);
    show_i("-1000000000000000000000 / -7", (-(i128)1000000000000000000ll * 1000) / -7);
    show_u("1<<127 >> 63", ((u128)1 << 127) >> 63);
    show_i("min >> 100 (arith)", imin >> 100);

    /* factorials until overflow of u128 */
    u128 f = 1;
    int k = 1;
    while (!__builtin_mul_overflow(f, (u128)(k + 1), &f)) k++;
    printf("largest factorial fitting u128: %d!\n", k);

    /* 128-bit accumulation hash */
    u128 acc = 0x0123456789abcdefull;
    for (int i = 1; i < 5000; i++) {
        acc = acc * 0x5851f42d4c957f2dull + (u128)i;
        acc ^= acc >> 67;
        acc += (acc / ((u128)i * 0x10001 + 1));
    }
    show_u("acc", acc);

    /* overflow builtins on every width: OVF(op, type, a, b) prints the flag and the wrapped result */
#define OVF(op, type, fmt, cast, x, y)                                                        \
    do {                                                                                   \
        type res_;                                                                         \
        int o_ = __builtin_##op##_overflow(x, y, &res_);                                   \
        printf("%s %-7s %-22s -> overflow=%d result=" fmt "\n", #op, #type, #x ", " #y, o_, \
               (cast)res_);                                                                \
    } while (0)
    OVF(add, int8_t, "%d", int, (int8_t)100, 27);
    OVF(add, int8_t, "%d", int, (int8_t)100, 28);
    OVF(sub, int16_t, "%d", int, (int16_t)-32768, 1);
    OVF(mul, int32_t, "%d", int, 65536, 32768);
    OVF(mul, int32_t, "%d", int, 46340, 46340);
    OVF(mul, int64_t, "%lld", long long, (int64_t)3037000500ll, (int64_t)3037000500ll);
    OVF(mul, int64_t, "%lld", long long, INT64_MIN, -1);
    OVF(add, uint8_t, "%u", unsigned, (uint8_t)200, 56);
    OVF(sub, uint16_t, "%u", unsigned, (uint16_t)0, 1);
    OVF(mul, uint32_t, "%u", unsigned, 65536u, 65536u);
    OVF(add, uint32_t, "%u", unsigned, -1, 0);
    OVF(add, uint64_t, "%llu", unsigned long long, UINT64_MAX, 1);
    OVF(sub, uint64_t, "%llu", unsigned long long, 5, 7);
    OVF(add, i128, "%lld", long long, imax, 1);
    OVF(mul, i128, "%lld", long long, UINT64_MAX, UINT64_MAX);
    OVF(mul, u128, "%llu", unsigned long long, (u128)UINT64_MAX, (u128)UINT64_MAX);

    /* randomized checks against 128-bit reference */
    uint64_t x = 88172645463325252ull;
    unsigned disagreements = 0, overflows = 0;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int64_t m = (int64_t)x >> (x & 31), n = (int64_t)(x * 0x9e3779b97f4a7c15ull) >> ((x >> 8) & 31);
        int64_t res;
        int ov = __builtin_mul_overflow(m, n, &res);
        i128 ref = (i128)m * n;
        int ref_ov = ref > INT64_MAX || ref < INT64_MIN;
        if (ov != ref_ov || (int64_t)ref != res) disagreements++;
        overflows += ov;
    }
    printf("random mul overflow checks: %u overflows, %u disagreements\n", overflows, disagreements);
    return 0;
}
