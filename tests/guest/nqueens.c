// Covers recursion: N-queens counts (bitmask backtracking) for N=1..10, first 8-queens board, Ackermann, Hanoi and permutations.
#include <stdio.h>
#include <string.h>

static long solve(int n, int row, unsigned cols, unsigned d1, unsigned d2, int *place, int *first, int *have) {
    if (row == n) {
        if (!*have) { memcpy(first, place, sizeof(int) * n); *have = 1; }
        return 1;
    }
    long count = 0;
    unsigned free_ = ~(cols | d1 | d2) & ((1u << n) - 1);
    while (free_) {
        unsigned bit = free_ & -free_;
        free_ ^= bit;
        place[row] = __builtin_ctz(bit);
        count += solve(n, row + 1, cols | bit, (d1 | bit) << 1, (d2 | bit) >> 1, place, first, have);
    }
    return count;
}

static unsigned long ack(unsigned long m, unsigned long n) {
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static unsigned long moves;
static void hanoi(int n, int from, int to, int via, unsigned long *sig) {
    if (n == 0) return;
    hanoi(n - 1, from, via, to, sig);
    moves++;
    *sig = *sig * 7 + (unsigned long)(from * 3 + to);
    hanoi(n - 1, via, to, from, sig);
}

static int perm_count;
static void permute(char *s, int k, int n) {
    if (k == n) {
        if (perm_count < 6 || perm_count == 119) printf("  perm %3d: %s\n", perm_count, s);
        perm_count++;
        return;
    }
    for (int i = k; i < n; i++) {
        char t = s[k]; s[k] = s[i]; s[i] = t;
        permute(s, k + 1, n);
        t = s[k]; s[k] = s[i]; s[i] = t;
    }
}

int main(void) {
    int place[16], first[16];
    for (int n = 1; n <= 10; n++) {
        int have = 0;
        long c = solve(n, 0, 0, 0, 0, place, first, &have);
        printf("queens(%2d) = %ld\n", n, c);
        if (n == 8) {
            for (int r = 0; r < 8; r++) {
                for (int col = 0; col < 8; col++) putchar(first[r] == col ? 'Q' : '.');
                putchar('\n');
            }
        }
    }
    printf("ackermann(2,3)=%lu ackermann(3,5)=%lu\n", ack(2, 3), ack(3, 5));
    unsigned long sig = 0;
    hanoi(16, 0, 2, 1, &sig);
    printf("hanoi(16): %lu moves signature %lu\n", moves, sig);
    char s[] = "abcde";
    permute(s, 0, 5);
    printf("permutations: %d\n", perm_count);
    return 0;
}
