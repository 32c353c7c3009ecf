// Covers checksum kernels on generated data: table CRC-32 (IEEE), bitwise CRC-32C, Adler-32 and 64-bit FNV-1a.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t table[256];

static void make_table(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
}

static uint32_t crc32(const unsigned char *p, size_t n) {
    uint32_t c = 0xffffffffu;
    while (n--) c = table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static uint32_t crc32c_bitwise(const unsigned char *p, size_t n) {
    uint32_t c = 0xffffffffu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0x82f63b78u & (0u - (c & 1)));
    }
    return ~c;
}

static uint32_t adler32(const unsigned char *p, size_t n) {
    uint32_t a = 1, b = 0;
    while (n--) {
        a = (a + *p++) % 65521;
        b = (b + a) % 65521;
    }
    return b << 16 | a;
}

static uint64_t fnv1a(const unsigned char *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    while (n--) h = (h ^ *p++) * 0x100000001b3ull;
    return h;
}

static void all(const char *label, const void *d, size_t n) {
    printf("%-16s crc32=%08x crc32c=%08x adler32=%08x fnv1a=%016llx\n", label, crc32(d, n), crc32c_bitwise(d, n),
           adler32(d, n), (unsigned long long)fnv1a(d, n));
}

int main(void) {
    make_table();
    all("empty", "", 0);
    all("123456789", "123456789", 9);
    all("pangram", "The quick brown fox jumps over the lazy dog", 43);
    static unsigned char data[1 << 18];
    uint64_t s = 1;
    for (size_t i = 0; i < sizeof data; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        data[i] = (unsigned char)(s >> 56);
    }
    all("generated 256K", data, sizeof data);
    /* every prefix length mod 97 over the first 4000 bytes folded together */
    uint32_t fold = 0;
    for (size_t n = 0; n < 4000; n += 97) fold = fold * 31 + crc32(data + (n % 13), n);
    printf("prefix fold=%08x\n", fold);
    memset(data, 0, 4096);
    all("4K zeros", data, 4096);
    return 0;
}
