// Covers GCC __atomic/__sync builtins and C11 stdatomic on 1/2/4/8-byte objects (single-threaded): fetch-ops, exchange, CAS loops, flags.
// CFLAGS: -latomic
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define EXERCISE(T, fmt, cast)                                                                                \
    do {                                                                                                      \
        T v = (T)0x5a;                                                                                        \
        T r1 = __atomic_fetch_add(&v, (T)200, __ATOMIC_SEQ_CST);                                             \
        T r2 = __atomic_fetch_sub(&v, (T)1000, __ATOMIC_ACQ_REL);                                            \
        T r3 = __atomic_fetch_and(&v, (T)0xf0f0f0f0f0f0f0f0ull, __ATOMIC_RELEASE);                           \
        T r4 = __atomic_fetch_or(&v, (T)0x0101010101010101ull, __ATOMIC_ACQUIRE);                            \
        T r5 = __atomic_fetch_xor(&v, (T)0xffffffffffffffffull, __ATOMIC_RELAXED);                           \
        T r6 = __atomic_fetch_nand(&v, (T)0x3c3c3c3c3c3c3c3cull, __ATOMIC_SEQ_CST);                          \
        T r7 = __atomic_add_fetch(&v, (T)7, __ATOMIC_SEQ_CST);                                               \
        T r8 = __atomic_exchange_n(&v, (T)0x77, __ATOMIC_SEQ_CST);                                           \
        T expected = (T)0x12;                                                                                 \
        int c1 = __atomic_compare_exchange_n(&v, &expected, (T)0x99, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
        T seen = expected;                                                                                    \
        int c2 = __atomic_compare_exchange_n(&v, &expected, (T)0x99, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
        /* CAS loop: multiply by 3 atomically ten times */                                                   \
        for (int k = 0; k < 10; k++) {                                                                        \
            T old = __atomic_load_n(&v, __ATOMIC_RELAXED);                                                    \
            while (!__atomic_compare_exchange_n(&v, &old, (T)(old * 3), 1, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) \
                ;                                                                                             \
        }                                                                                                     \
        __atomic_store_n(&v, (T)(__atomic_load_n(&v, __ATOMIC_ACQUIRE) + 1), __ATOMIC_RELEASE);               \
        printf("%-8s r=" fmt " " fmt " " fmt " " fmt " " fmt " " fmt " " fmt " " fmt " cas=%d/%d seen=" fmt   \
               " final=" fmt "\n",                                                                            \
               #T, (cast)r1, (cast)r2, (cast)r3, (cast)r4, (cast)r5, (cast)r6, (cast)r7, (cast)r8, c1, c2,    \
               (cast)seen, (cast)v);                                                                          \
    } while (0)

struct neighbours { uint8_t a; uint8_t target; uint8_t b; uint16_t h; };

int main(void) {
    EXERCISE(uint8_t, "%02x", unsigned);
    EXERCISE(uint16_t, "%04x", unsigned);
    EXERCISE(uint32_t, "%08x", unsigned);
    EXERCISE(uint64_t, "%016llx", unsigned long long);
    EXERCISE(int8_t, "%d", int);
    EXERCISE(int16_t, "%d", int);

    /* sub-word atomics must not disturb the neighbouring bytes */
    struct neighbours n = {0x11, 0xff, 0x22, 0x3344};
    __atomic_fetch_add(&n.target, 1, __ATOMIC_SEQ_CST);
    __atomic_fetch_or(&n.h, 0x8000, __ATOMIC_SEQ_CST);
    uint8_t exp8 = 0;
    __atomic_compare_exchange_n(&n.target, &exp8, 0x5e, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    printf("neighbours a=%02x target=%02x b=%02x h=%04x\n", n.a, n.target, n.b, n.h);

    /* legacy __sync builtins */
    long s = 10;
    long o1 = __sync_fetch_and_add(&s, 5);
    long o2 = __sync_sub_and_fetch(&s, 3);
    int swapped = __sync_bool_compare_and_swap(&s, 12, 100);
    long prev = __sync_val_compare_and_swap(&s, 1, 2);
    long lk = __sync_lock_test_and_set(&s, 42);
    __sync_synchronize();
    __sync_lock_release(&s);
    printf("__sync: %ld %ld %d %ld %ld final=%ld\n", o1, o2, swapped, prev, lk, s);

    /* C11 atomics */
    atomic_int ai = ATOMIC_VAR_INIT(5);
    atomic_fetch_add(&ai, 10);
    atomic_fetch_sub_explicit(&ai, 3, memory_order_relaxed);
    int e = 12;
    _Bool ok = atomic_compare_exchange_strong(&ai, &e, 50);
    atomic_ullong au = 1;
    for (int i = 0; i < 63; i++) atomic_fetch_add(&au, atomic_load(&au));
    atomic_flag fl = ATOMIC_FLAG_INIT;
    _Bool t1 = atomic_flag_test_and_set(&fl);
    _Bool t2 = atomic_flag_test_and_set(&fl);
    atomic_flag_clear(&fl);
    _Bool t3 = atomic_flag_test_and_set(&fl);
    atomic_thread_fence(memory_order_seq_cst);
    atomic_signal_fence(memory_order_seq_cst);
    printf("C11: ai=%d cas=%d au=%llu flag=%d%d%d\n", atomic_load(&ai), ok, (unsigned long long)atomic_load(&au), t1,
           t2, t3);
    printf("lock free: 1=%d 2=%d 4=%d 8=%d is_lock_free(int)=%d\n", __atomic_always_lock_free(1, 0),
           __atomic_always_lock_free(2, 0), __atomic_always_lock_free(4, 0), __atomic_always_lock_free(8, 0),
           atomic_is_lock_free(&ai));
    /* test-and-set on a byte */
    unsigned char tas = 0;
    int ts1 = __atomic_test_and_set(&tas, __ATOMIC_SEQ_CST);
    int ts2 = __atomic_test_and_set(&tas, __ATOMIC_SEQ_CST);
    __atomic_clear(&tas, __ATOMIC_SEQ_CST);
    printf("test_and_set: %d %d cleared=%d\n", ts1, ts2, tas);
    return 0;
}
