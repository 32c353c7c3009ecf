// Covers IEEE exception flags via fetestexcept after 1/0, 0/0, overflow, underflow, inexact, invalid conversions and comparisons.
// CFLAGS: -lm -frounding-math
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static volatile double zero = 0.0, one = 1.0, three = 3.0, dmax = DBL_MAX, dmin = DBL_MIN;
static volatile double qnan_v, inf_v;
static volatile float fone = 1.0f;
static volatile double sink;
static volatile long lsink;
static volatile int isink;
static volatile unsigned usink;

static void flags(const char *what) {
    int f = fetestexcept(FE_ALL_EXCEPT);
    printf("%-34s %c%c%c%c%c\n", what, f & FE_INVALID ? 'V' : '-', f & FE_DIVBYZERO ? 'Z' : '-',
           f & FE_OVERFLOW ? 'O' : '-', f & FE_UNDERFLOW ? 'U' : '-', f & FE_INEXACT ? 'X' : '-');
    feclearexcept(FE_ALL_EXCEPT);
}

static uint64_t bits(double d) {
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

int main(void) {
    printf("flags shown as V(invalid) Z(divbyzero) O(overflow) U(underflow) X(inexact)\n");
    feclearexcept(FE_ALL_EXCEPT);
    flags("nothing");
    sink = one + one;
    flags("1+1 (exact)");
    sink = one / zero;
    flags("1/0");
    sink = -one / zero;
    flags("-1/0");
    qnan_v = zero / zero;
    flags("0/0");
    printf("0/0 bits=%016llx (canonical NaN)\n", (unsigned long long)bits(qnan_v));
    sink = one / three;
    flags("1/3");
    sink = dmax * 2.0;
    flags("DBL_MAX*2");
    sink = dmax + dmax * 0x1p-60;
    flags("DBL_MAX+tiny (rounds back)");
    sink = dmin / 3.0;
    flags("DBL_MIN/3 (inexact subnormal)");
    sink = dmin / 2.0;
    flags("DBL_MIN/2 (exact subnormal)");
    sink = dmin * (1.0 - 0x1p-53);
    flags("DBL_MIN*(1-2^-53) (tiny, inexact)");
    /* exact product is DBL_MIN*(1-2^-104): tiny before rounding but not after;
       RISC-V detects tininess after rounding */
    sink = (one * 0x1.ffffffffffffep-1) * 0x1.0000000000001p-1022;
    flags("tiny only before rounding");
    sink = 0x1p-1074 * (one / 2.0);
    flags("min subnormal/2");
    sink = sqrt(-one);
    flags("sqrt(-1)");
    sink = sqrt(zero - one * 0.0);
    flags("sqrt(-0)");
    inf_v = one / zero;
    feclearexcept(FE_ALL_EXCEPT);
    sink = inf_v - inf_v;
    flags("inf-inf");
    sink = inf_v * zero;
    flags("inf*0");
    sink = fma(inf_v, zero, one);
    flags("fma(inf,0,1)");
    sink = qnan_v + one;
    flags("qNaN+1 (quiet)");
    isink = qnan_v == one;
    flags("qNaN==1 (quiet compare)");
    isink = qnan_v < one;
    flags("qNaN<1 (signaling compare)");
    isink = isless(qnan_v, one);
    flags("isless(qNaN,1)");
    lsink = (long)qnan_v;
    flags("(long)NaN");
    printf("(long)NaN=%ld\n", lsink);
    lsink = (long)(dmax);
    flags("(long)DBL_MAX");
    printf("(long)DBL_MAX=%ld\n", lsink);
    isink = (int)(one * 3e9);
    flags("(int)3e9");
    printf("(int)3e9=%d\n", isink);
    usink = (unsigned)(-one);
    flags("(unsigned)-1.0");
    printf("(unsigned)-1.0=%u\n", usink);
    lsink = (long)(one * 2.5);
    flags("(long)2.5");
    sink = (double)(long)(one * (double)(1LL << 60) + 1);
    flags("(double)(2^60) via long");
    volatile long long odd = (1LL << 53) + 1;
    sink = (double)odd;
    flags("(double)(2^53+1)");
    sink = (float)(one / three);
    flags("(float)(1/3)");
    sink = (float)dmax;
    flags("(float)DBL_MAX");
    sink = fone / 0.0f;
    flags("1f/0f");
    sink = rint(one * 2.5);
    flags("rint(2.5)");
    sink = nearbyint(one * 2.5);
    flags("nearbyint(2.5) (never inexact)");
    sink = exp(one * 1000);
    flags("exp(1000)");
    sink = log(zero);
    flags("log(0)");

    /* raising, saving and restoring flags */
    feraiseexcept(FE_OVERFLOW | FE_INEXACT);
    printf("after feraiseexcept(O|X): %s\n", fetestexcept(FE_OVERFLOW | FE_INEXACT) == (FE_OVERFLOW | FE_INEXACT) ? "both set" : "missing");
    fexcept_t saved;
    fegetexceptflag(&saved, FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    fesetexceptflag(&saved, FE_ALL_EXCEPT);
    flags("restored by fesetexceptflag");
    fenv_t env;
    sink = one / zero;
    feholdexcept(&env);
    flags("inside feholdexcept");
    sink = one / three;
    feupdateenv(&env);
    flags("after feupdateenv (Z|X merged)");
    return 0;
}
