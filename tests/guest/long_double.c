// Covers 128-bit IEEE quad long double (soft-float in libgcc): arithmetic, conversions, limits, libm *l functions, printf %La/%Lg/%Lf.
// CFLAGS: -lm
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

static volatile long double one = 1.0L, three = 3.0L, ten = 10.0L;

int main(void) {
    printf("sizeof=%zu LDBL_MANT_DIG=%d LDBL_DIG=%d LDBL_MAX_EXP=%d LDBL_MIN_EXP=%d\n", sizeof(long double),
           LDBL_MANT_DIG, LDBL_DIG, LDBL_MAX_EXP, LDBL_MIN_EXP);
    printf("LDBL_MAX=%La\n  %.36Lg\n", LDBL_MAX, LDBL_MAX);
    printf("LDBL_MIN=%La\n  %.36Lg\n", LDBL_MIN, LDBL_MIN);
    printf("LDBL_EPSILON=%La %.36Lg\n", LDBL_EPSILON, LDBL_EPSILON);
    printf("LDBL_TRUE_MIN=%La\n", LDBL_TRUE_MIN);

    long double third = one / three;
    printf("1/3 = %La\n    = %.40Lf\n    = %Le\n", third, third, third);
    printf("1/3*3 == 1: %d, 1/3*3 - 1 = %La\n", third * three == one, third * three - one);
    long double x = 0.1L;
    long double sum = 0;
    for (int i = 0; i < 10; i++) sum += x;
    printf("sum of ten 0.1L = %.36Lg (== 1: %d)\n", sum, sum == one);
    printf("10^30 = %.0Lf\n", powl(ten, 30));
    printf("2^112+1 exact: %.0Lf\n", ldexpl(one, 112) + one);

    /* conversions */
    volatile int64_t big = INT64_MAX;
    long double lb = (long double)big;
    printf("(long double)INT64_MAX = %.0Lf, back = %lld\n", lb, (long long)lb);
    volatile unsigned __int128 u128 = ((unsigned __int128)1 << 120) + 12345;
    long double lu = (long double)u128;
    printf("(long double)(2^120+12345) = %La\n", lu);
    unsigned __int128 back128 = (unsigned __int128)(ldexpl(one, 100) + 7);
    printf("(u128)(2^100+7) low64=%llu high64=%llu\n", (unsigned long long)back128,
           (unsigned long long)(back128 >> 64));
    volatile double d = 0.1;
    printf("(long double)0.1 = %La, (double)(0.1L) = %a, (float)(1/3L) = %a\n", (long double)d, (double)0.1L,
           (float)third);
    printf("-0.0L = %Lg signbit=%d, inf=%Lf, nan=%Lf\n", -0.0L, signbit(-0.0L), one / 0.0L, 0.0L * (one / 0.0L) * 0);

    /* comparisons */
    long double a = nextafterl(one, 2.0L), b = nextafterl(one, 0.0L);
    printf("nextafterl(1,2) = %La\nnextafterl(1,0) = %La\n", a, b);
    printf("a>1:%d b<1:%d a-1==eps:%d 1-b==eps/2:%d\n", a > one, b < one, a - one == LDBL_EPSILON,
           one - b == LDBL_EPSILON / 2);

    /* libm long double functions */
    long double args[] = {0.5L, 1.0L, 2.0L, 10.0L};
    for (unsigned i = 0; i < 4; i++) {
        long double v = args[i];
        printf("v=%Lg sqrtl=%La expl=%La logl=%La sinl=%La cbrtl=%La\n", v, sqrtl(v), expl(v), logl(v),
               sinl(v), cbrtl(v));
    }
    printf("fmal(1/3,3,-1) = %La\n", fmal(third, three, -one));
    printf("floorl(-2.5)=%Lg roundl(2.5)=%Lg truncl(-2.7)=%Lg fmodl(10,3)=%Lg\n", floorl(-2.5L), roundl(2.5L),
           truncl(-2.7L), fmodl(10.0L, 3.0L));
    return 0;
}
