// Covers malloc/calloc/realloc/free churn (small, medium and mmap-sized blocks), content checksums, aligned allocation.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 256
#define OPS 12000

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t next_rand(void) {
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng >> 33);
}

struct slot {
    unsigned char *p;
    size_t len;
    unsigned char seed;
};

static void fill(struct slot *s, size_t from) {
    for (size_t i = from; i < s->len; i++) s->p[i] = (unsigned char)(s->seed + i * 7);
}

static int check(const struct slot *s, size_t upto) {
    for (size_t i = 0; i < upto; i++)
        if (s->p[i] != (unsigned char)(s->seed + i * 7)) return 0;
    return 1;
}

static size_t pick_size(void) {
    uint32_t r = next_rand() % 1000;
    if (r < 700) return 1 + next_rand() % 128;    /* small */
    if (r < 990) return 129 + next_rand() % 4000; /* medium */
    return 128 * 1024 + next_rand() % (256 * 1024); /* large: usually served by mmap */
}

int main(void) {
    static struct slot slots[SLOTS];
    unsigned long allocs = 0, reallocs = 0, frees = 0, errors = 0;
    uint64_t bytes = 0, sum = 0;

    for (int op = 0; op < OPS; op++) {
        struct slot *s = &slots[next_rand() % SLOTS];
        uint32_t what = next_rand() % 3;
        if (s->p == NULL) {
            s->len = pick_size();
            s->seed = (unsigned char)next_rand();
            s->p = malloc(s->len);
            if (!s->p) { errors++; continue; }
            fill(s, 0);
            allocs++;
            bytes += s->len;
        } else if (what == 0) {
            if (!check(s, s->len)) errors++;
            for (size_t i = 0; i < s->len; i += 61) sum = sum * 31 + s->p[i];
            free(s->p);
            s->p = NULL;
            frees++;
        } else {
            size_t old = s->len;
            size_t nlen = (what == 1) ? old + pick_size() : 1 + old / 2;
            unsigned char *np = realloc(s->p, nlen);
            if (!np) { errors++; continue; }
            s->p = np;
            s->len = nlen;
            if (!check(s, old < nlen ? old : nlen)) errors++;
            if (nlen > old) fill(s, old);
            reallocs++;
            bytes += nlen;
        }
    }
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].p) {
            if (!check(&slots[i], slots[i].len)) errors++;
            for (size_t j = 0; j < slots[i].len; j += 61) sum = sum * 31 + slots[i].p[j];
            free(slots[i].p);
            frees++;
        }
    }
    printf("allocs=%lu reallocs=%lu frees=%lu bytes=%llu\n", allocs, reallocs, frees,
           (unsigned long long)bytes);
    printf("checksum=%016llx errors=%lu\n", (unsigned long long)sum, errors);

    /* calloc must return zeroed memory, also after the block was reused */
    int zero_ok = 1;
    for (int round = 0; round < 20; round++) {
        size_t n = 100 + round * 997;
        unsigned char *p = malloc(n);
        memset(p, 0xa5, n);
        free(p);
        p = calloc(n, 1);
        for (size_t i = 0; i < n; i++)
            if (p[i]) zero_ok = 0;
        free(p);
    }
    unsigned char *big = calloc(3, 1 << 20);
    for (size_t i = 0; i < (3u << 20); i += 4096)
        if (big[i]) zero_ok = 0;
    free(big);
    printf("calloc zeroed: %s\n", zero_ok ? "yes" : "no");

    /* overflowing calloc fails */
    volatile size_t huge = SIZE_MAX / 2;
    void *ov = calloc(huge, 4);
    printf("calloc overflow returns NULL: %s\n", ov == NULL ? "yes" : "no");

    /* alignment guarantees */
    int align_ok = 1;
    for (size_t al = 16; al <= 65536; al *= 4) {
        void *p = NULL;
        if (posix_memalign(&p, al, 1000) != 0 || ((uintptr_t)p & (al - 1))) align_ok = 0;
        free(p);
        p = aligned_alloc(al, al * 2);
        if (!p || ((uintptr_t)p & (al - 1))) align_ok = 0;
        free(p);
    }
    void *m = malloc(1);
    if ((uintptr_t)m & 15) align_ok = 0;
    free(m);
    printf("alignment ok: %s\n", align_ok ? "yes" : "no");

    /* realloc(NULL, n) acts as malloc; realloc to a larger size keeps content */
    char *r = realloc(NULL, 10);
    strcpy(r, "123456789");
    r = realloc(r, 1 << 20);
    r = realloc(r, 5);
    printf("realloc content: %.5s\n", r);
    free(r);
    return 0;
}
