// Covers 64-bit and 32-bit integer arithmetic: mul/div/rem (signed and unsigned), shifts, rotates, bit builtins, sign/zero extension.
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t s = 0x243f6a8885a308d3ull;
static uint64_t next(void) {
    /* xorshift64* */
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ull;
}

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ull + (h >> 29); }

static uint64_t rotl(uint64_t x, unsigned r) { return (x << (r & 63)) | (x >> ((64 - r) & 63)); }

int main(void) {
    /* some fixed edge cases, printed one by one */
    volatile int64_t big = INT64_MAX, small = INT64_MIN, m1 = -1, seven = 7, mseven = -7;
    volatile uint64_t ubig = UINT64_MAX;
    printf("max+1 wraps (unsigned arith): %" PRId64 "\n", (int64_t)((uint64_t)big + 1));
    printf("-7/2=%" PRId64 " -7%%2=%" PRId64 " 7/-2=%" PRId64 " 7%%-2=%" PRId64 "\n", mseven / 2,
           mseven % 2, seven / -2, seven % -2);
    printf("min/7=%" PRId64 " min%%7=%" PRId64 " umax/7=%" PRIu64 " umax%%7=%" PRIu64 "\n", small / 7,
           small % 7, ubig / 7, ubig % 7);
    printf("-1>>1 (arith)=%" PRId64 " umax>>1=%" PRIx64 " -1<<63=%" PRIx64 "\n", m1 >> 1, ubig >> 1,
           (uint64_t)m1 << 63);
    volatile int32_t i32 = INT32_MIN, i32m = -1;
    volatile uint32_t u32 = 0x80000000u;
    printf("i32 sext=%" PRId64 " u32 zext=%" PRIu64 " (int32)0x80000000=%d\n", (int64_t)i32,
           (uint64_t)u32, (int32_t)u32);
    printf("i32*i32=%" PRId64 " (wrap32)=%d u32*2=%u\n", (int64_t)i32 * i32m,
           (int32_t)((uint32_t)i32 * (uint32_t)i32m), u32 * 2u);
    printf("(int8)200=%d (uint8)-1=%u (int16)40000=%d\n", (int8_t)200, (uint8_t)-1, (int16_t)40000);
    printf("clz(1)=%d ctz(1<<40)=%d popcount=%d parity=%d clrsb(-1)=%d\n", __builtin_clzll(1),
           __builtin_ctzll(1ull << 40), __builtin_popcountll(0xf0f0f0f0f0f0f0f0ull),
           __builtin_parityll(0x7ull), __builtin_clrsbll(-1));
    printf("bswap64=%016" PRIx64 " bswap32=%08x bswap16=%04x\n",
           __builtin_bswap64(0x0102030405060708ull), __builtin_bswap32(0xdeadbeefu),
           __builtin_bswap16(0xabcd));
    printf("rotl(1,63)=%016" PRIx64 " rotl(0x8000000000000001,1)=%016" PRIx64 "\n", rotl(1, 63),
           rotl(0x8000000000000001ull, 1));

    /* random operands: hash all results */
    uint64_t h = 0;
    for (int i = 0; i < 20000; i++) {
        uint64_t a = next(), b = next();
        unsigned sh = (unsigned)(b & 63);
        if (i & 1) b >>= (a & 63); /* also exercise small divisors */
        int64_t sa = (int64_t)a, sb = (int64_t)b;
        h = mix(h, a + b);
        h = mix(h, a - b);
        h = mix(h, a * b);
        if (b) {
            h = mix(h, a / b);
            h = mix(h, a % b);
            if (!(sa == INT64_MIN && sb == -1)) {
                h = mix(h, (uint64_t)(sa / sb));
                h = mix(h, (uint64_t)(sa % sb));
            }
        }
        h = mix(h, a << sh);
        h = mix(h, a >> sh);
        h = mix(h, (uint64_t)(sa >> sh));
        h = mix(h, rotl(a, sh));
        uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
        int32_t sa32 = (int32_t)a32, sb32 = (int32_t)b32;
        h = mix(h, (uint64_t)(int64_t)(int32_t)(a32 + b32));
        h = mix(h, (uint64_t)(int64_t)(int32_t)(a32 * b32));
        if (b32) {
            h = mix(h, a32 / b32);
            h = mix(h, a32 % b32);
            if (!(sa32 == INT32_MIN && sb32 == -1)) {
                h = mix(h, (uint64_t)(int64_t)(sa32 / sb32));
                h = mix(h, (uint64_t)(int64_t)(sa32 % sb32));
            }
        }
        h = mix(h, (uint64_t)(int64_t)(sa32 >> (sh & 31)));
        h = mix(h, a32 >> (sh & 31));
        h = mix(h, (uint64_t)__builtin_popcountll(a) + (uint64_t)__builtin_clzll(a | 1) * 64 +
                       (uint64_t)__builtin_ctzll(b | (1ull << 63)) * 4096);
        h = mix(h, (uint64_t)(sa < sb) | (uint64_t)(a < b) << 1 | (uint64_t)(sa32 < sb32) << 2 |
                       (uint64_t)(a32 < b32) << 3);
        if (i % 4000 == 0)
            printf("i=%5d a=%016" PRIx64 " b=%016" PRIx64 " a*b=%016" PRIx64 " h=%016" PRIx64 "\n", i,
                   a, b, a * b, h);
    }
    printf("final hash %016" PRIx64 "\n", h);
    return 0;
}
