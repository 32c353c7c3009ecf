// Covers memcpy/memmove/memset/memcmp over all small unaligned offsets and lengths, struct copies, packed (unaligned) struct fields.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned char src[512], dst[512], ref[512];

static void fill(unsigned char *p, size_t n, unsigned seed) {
    for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(seed * 131 + i * 17 + (i >> 3));
}

/* byte-by-byte reference implementations */
static void ref_move(unsigned char *d, const unsigned char *s, size_t n) {
    unsigned char tmp[512];
    for (size_t i = 0; i < n; i++) tmp[i] = s[i];
    for (size_t i = 0; i < n; i++) d[i] = tmp[i];
}

struct odd { char c; short s; int i; long l; char tail[13]; };
struct __attribute__((packed)) packed { char c; uint64_t u64; uint32_t u32; uint16_t u16; double d; };

int main(void) {
    unsigned long checks = 0, bad = 0;
    unsigned long long sum = 0;

    for (size_t so = 0; so < 16; so++)
        for (size_t dof = 0; dof < 16; dof++)
            for (size_t n = 0; n < 80; n += (n < 20 ? 1 : 7)) {
                fill(src, sizeof src, (unsigned)(so + n));
                memset(dst, 0xee, sizeof dst);
                memcpy(ref, dst, sizeof ref);
                memcpy(dst + dof, src + so, n);
                for (size_t i = 0; i < n; i++) ref[dof + i] = src[so + i];
                checks++;
                if (memcmp(dst, ref, sizeof dst) != 0) bad++;
                sum += dst[dof + n / 2] + n;
            }
    printf("memcpy: %lu checks, %lu bad, sum=%llu\n", checks, bad, sum);

    /* overlapping memmove in both directions */
    checks = bad = 0;
    for (size_t a = 0; a < 24; a++)
        for (size_t b = 0; b < 24; b++)
            for (size_t n = 0; n < 200; n += 13) {
                fill(dst, sizeof dst, (unsigned)(a * 24 + b));
                memcpy(ref, dst, sizeof ref);
                memmove(dst + a, dst + b, n);
                ref_move(ref + a, ref + b, n);
                checks++;
                if (memcmp(dst, ref, sizeof dst) != 0) bad++;
            }
    printf("memmove: %lu checks, %lu bad\n", checks, bad);

    /* memset at every offset and length, with values that have the top bit set */
    checks = bad = 0;
    for (size_t o = 0; o < 16; o++)
        for (size_t n = 0; n < 100; n += 3) {
            int v = (int)(0x80 + o * 3 + n);
            memset(dst, 0, sizeof dst);
            memset(dst + o, v, n);
            int ok = 1;
            for (size_t i = 0; i < sizeof dst; i++) {
                unsigned char want = (i >= o && i < o + n) ? (unsigned char)v : 0;
                if (dst[i] != want) ok = 0;
            }
            checks++;
            bad += !ok;
        }
    printf("memset: %lu checks, %lu bad\n", checks, bad);

    /* memcmp sign at every position of the first difference */
    int signs = 0;
    for (size_t i = 0; i < 64; i++) {
        fill(src, 64, 1);
        memcpy(dst, src, 64);
        dst[i] = (unsigned char)(src[i] + 1 + (i % 3) * 100);
        int r = memcmp(src, dst, 64);
        signs = signs * 3 + (r < 0 ? 0 : r == 0 ? 1 : 2);
        signs %= 1000003;
    }
    printf("memcmp signs hash=%d (byte values compare as unsigned: %d)\n", signs,
           memcmp("\x80", "\x01", 1) > 0);

    /* struct assignment and arrays of odd structs */
    struct odd a[7], b[7];
    memset(a, 0, sizeof a);
    for (int i = 0; i < 7; i++) {
        a[i].c = (char)('a' + i);
        a[i].s = (short)(-i * 1000);
        a[i].i = i * 100000;
        a[i].l = -(long)i << 40;
        snprintf(a[i].tail, sizeof a[i].tail, "tail-%d", i);
    }
    for (int i = 0; i < 7; i++) b[6 - i] = a[i];
    printf("struct odd size=%zu b[0]={%c,%d,%d,%ld,%s} b[6].tail=%s\n", sizeof(struct odd), b[0].c, b[0].s, b[0].i,
           b[0].l, b[0].tail, b[6].tail);

    /* packed structs force unaligned field accesses */
    unsigned char raw[sizeof(struct packed) * 3 + 1];
    memset(raw, 0, sizeof raw);
    struct packed *pk = (struct packed *)(raw + 1);
    printf("packed size=%zu\n", sizeof(struct packed));
    for (int i = 0; i < 3; i++) {
        pk[i].c = (char)i;
        pk[i].u64 = 0x0102030405060708ull * (uint64_t)(i + 1);
        pk[i].u32 = 0xdeadbeefu ^ (uint32_t)i;
        pk[i].u16 = (uint16_t)(0xabcd + i);
        pk[i].d = 1.5 * (i + 1);
    }
    for (int i = 0; i < 3; i++)
        printf("packed[%d] u64=%016llx u32=%08x u16=%04x d=%g\n", i, (unsigned long long)pk[i].u64, pk[i].u32,
               pk[i].u16, pk[i].d);
    unsigned long long h = 0;
    for (size_t i = 0; i < sizeof raw; i++) h = h * 257 + raw[i];
    printf("raw bytes hash=%016llx\n", h);

    /* unaligned loads through memcpy at every offset */
    fill(src, 64, 9);
    unsigned long long acc = 0;
    for (int o = 0; o < 8; o++) {
        uint64_t v64;
        uint32_t v32;
        uint16_t v16;
        memcpy(&v64, src + o, 8);
        memcpy(&v32, src + o + 8, 4);
        memcpy(&v16, src + o + 12, 2);
        acc = acc * 1000003 ^ v64 ^ ((unsigned long long)v32 << 16) ^ v16;
    }
    printf("unaligned loads acc=%016llx\n", acc);
    return 0;
}
