// Covers qsort, qsort_r, bsearch, lfind and tsearch/twalk over ints, strings and structs.
#define _GNU_SOURCE
#include <search.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t state = 12345;
static uint32_t lcg(void) { return state = state * 1103515245u + 12345u; }

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

struct rec { int key; int order; };
/* sorts by key, ties by original order, so the result is fully determined */
static int cmp_rec(const void *a, const void *b) {
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return x->key - y->key;
    return x->order - y->order;
}
static int cmp_mod(const void *a, const void *b, void *arg) {
    int m = *(int *)arg;
    int x = *(const int *)a % m, y = *(const int *)b % m;
    if (x != y) return x - y;
    return cmp_int(a, b);
}

static int walk_sum, walk_count;
static void walker(const void *node, VISIT v, int depth) {
    (void)depth;
    if (v == postorder || v == leaf) {
        walk_sum += **(int *const *)node;
        walk_count++;
    }
}

int main(void) {
    enum { N = 2000 };
    static int a[N];
    for (int i = 0; i < N; i++) a[i] = (int)(lcg() >> 8) % 100000 - 50000;
    qsort(a, N, sizeof a[0], cmp_int);
    int sorted = 1;
    long long sum = 0;
    for (int i = 0; i < N; i++) {
        if (i && a[i - 1] > a[i]) sorted = 0;
        sum += (long long)a[i] * (i + 1);
    }
    printf("ints sorted=%d weighted sum=%lld min=%d max=%d median=%d\n", sorted, sum, a[0],
           a[N - 1], a[N / 2]);

    int keys[] = {a[0], a[N - 1], a[777], 123456, -50001, a[1500]};
    for (unsigned i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        int *hit = bsearch(&keys[i], a, N, sizeof a[0], cmp_int);
        printf("bsearch %d: %s", keys[i], hit ? "found" : "missing");
        if (hit) printf(" value-at-hit=%d", *hit);
        printf("\n");
    }

    const char *words[] = {"pear", "apple", "fig", "banana", "Cherry", "apple", "date", "",
                           "zucchini", "Apple", "kiwi"};
    size_t nw = sizeof words / sizeof words[0];
    qsort(words, nw, sizeof words[0], cmp_str);
    printf("words:");
    for (size_t i = 0; i < nw; i++) printf(" [%s]", words[i]);
    printf("\n");
    const char *want = "fig";
    const char **w = bsearch(&want, words, nw, sizeof words[0], cmp_str);
    printf("bsearch fig at %td\n", w ? w - words : (ptrdiff_t)-1);

    static struct rec recs[300];
    for (int i = 0; i < 300; i++) recs[i] = (struct rec){(int)(lcg() >> 16) % 10, i};
    qsort(recs, 300, sizeof recs[0], cmp_rec);
    unsigned long h = 0;
    for (int i = 0; i < 300; i++) h = h * 131 + recs[i].key * 1000 + recs[i].order;
    printf("records hash=%lu first=(%d,%d) last=(%d,%d)\n", h, recs[0].key, recs[0].order,
           recs[299].key, recs[299].order);

    int b[20];
    for (int i = 0; i < 20; i++) b[i] = 100 - i * 7;
    int m = 5;
    qsort_r(b, 20, sizeof b[0], cmp_mod, &m);
    printf("qsort_r mod 5:");
    for (int i = 0; i < 20; i++) printf(" %d", b[i]);
    printf("\n");

    size_t nel = 20;
    int key = 51;
    int *lf = lfind(&key, b, &nel, sizeof b[0], cmp_int);
    printf("lfind 51 at %td\n", lf ? lf - b : (ptrdiff_t)-1);

    void *root = NULL;
    static int vals[50];
    for (int i = 0; i < 50; i++) {
        vals[i] = (int)(lcg() >> 20) % 40;
        tsearch(&vals[i], &root, cmp_int);
    }
    twalk(root, walker);
    printf("tsearch unique=%d sum=%d\n", walk_count, walk_sum);
    int probe = vals[7];
    printf("tfind %d: %s\n", probe, tfind(&probe, &root, cmp_int) ? "found" : "missing");
    probe = 1000;
    printf("tfind %d: %s\n", probe, tfind(&probe, &root, cmp_int) ? "found" : "missing");
    return 0;
}
