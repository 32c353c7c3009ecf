/* Integer benchmark: xorshift + FNV-1a hashing, a sieve, and integer division. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint8_t sieve[4 << 20];

int main(void) {
    uint64_t h = 1469598103934665603ULL;
    uint32_t x = 1;
    for (long i = 0; i < 60000000; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        h = (h ^ (x & 0xff)) * 1099511628211ULL;
    }
    long primes = 0;
    for (int round = 0; round < 4; round++) {
        memset(sieve, 1, sizeof sieve);
        for (long i = 2; i < (long)sizeof sieve; i++) {
            if (!sieve[i])
                continue;
            primes++;
            for (long j = i * i; j < (long)sizeof sieve; j += i)
                sieve[j] = 0;
        }
    }
    uint64_t q = 0;
    for (uint64_t i = 1; i < 20000000; i++)
        q += (h / i) % 7 + (i * 2654435761u) / (i | 1);
    printf("%llx %ld %llx\n", (unsigned long long)h, primes, (unsigned long long)q);
    return 0;
}
