/* Memory benchmark: random reads and writes over 64 MiB, memcpy of large blocks, and qsort. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

int main(void) {
    size_t n = 16 << 20; /* 16 Mi words = 64 MiB */
    uint32_t *v = malloc(n * sizeof *v);
    uint32_t *w = malloc(n * sizeof *w);
    uint64_t s = 88172645463325252ULL, sum = 0;
    for (size_t i = 0; i < n; i++)
        v[i] = (uint32_t)i * 2654435761u;
    for (long k = 0; k < 30000000; k++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        size_t i = s & (n - 1);
        sum += v[i];
        v[(i * 7) & (n - 1)] ^= (uint32_t)s;
    }
    for (int r = 0; r < 8; r++) {
        memcpy(w, v, n * sizeof *v);
        memmove(v + 1, w, (n - 1) * sizeof *v);
    }
    qsort(w, 1 << 20, sizeof *w, cmp);
    printf("%llu %u %u\n", (unsigned long long)sum, w[0], w[(1 << 20) - 1]);
    free(v);
    free(w);
    return 0;
}
