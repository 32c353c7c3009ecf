// Covers libm: sin/cos/tan/exp/log/pow/sqrt/cbrt/fma/frexp/ldexp/nextafter/atan2/hypot/rounding/fmod and float variants, printed exactly.
// CFLAGS: -lm
#include <float.h>
#include <math.h>
#include <stdio.h>

/* volatile inputs so every call happens at run time under the emulator */
static volatile double in[] = {0.0, -0.0, 0.5, 1.0, -1.5, 2.0, 3.141592653589793, 10.0, 1e-10, 123.456,
                               -1e5, 700.0, 1e300, 5e-324};

static void show(const char *name, double v) { printf("  %-10s %-24a %.17g\n", name, v, v); }

int main(void) {
    for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++) {
        double x = in[i];
        printf("x=%a (%.17g)\n", x, x);
        show("sin", sin(x));
        show("cos", cos(x));
        show("tan", tan(x));
        show("exp", exp(x));
        show("expm1", expm1(x));
        show("log", log(fabs(x)));
        show("log1p", log1p(fabs(x)));
        show("log2", log2(fabs(x)));
        show("log10", log10(fabs(x)));
        show("sqrt", sqrt(fabs(x)));
        show("cbrt", cbrt(x));
        show("atan", atan(x));
        show("sinh", sinh(x));
        show("tanh", tanh(x));
        show("floor", floor(x));
        show("ceil", ceil(x));
        show("round", round(x));
        show("trunc", trunc(x));
        show("rint", rint(x));
        int e;
        double m = frexp(x, &e);
        printf("  frexp      %a * 2^%d\n", m, e);
        show("ldexp(,-3)", ldexp(x, -3));
        show("ldexp(,99)", ldexp(x, 99));
        show("nextup", nextafter(x, INFINITY));
        show("nextdown", nextafter(x, -INFINITY));
    }

    printf("binary functions:\n");
    static volatile double pa[][2] = {{2.0, 10.0}, {2.0, 0.5}, {-8.0, 1.0 / 3.0}, {10.0, -2.0},
                                      {0.0, -1.0}, {1.0001, 10000.0}, {-2.0, 3.0}, {1e10, 1e-10}};
    for (unsigned i = 0; i < sizeof pa / sizeof pa[0]; i++) {
        double a = pa[i][0], b = pa[i][1];
        printf("a=%g b=%g\n", a, b);
        show("pow", pow(a, b));
        show("atan2", atan2(a, b));
        show("hypot", hypot(a, b));
        show("fmod", fmod(a, b));
        show("remainder", remainder(a, b));
        show("fmin", fmin(a, b));
        show("fmax", fmax(a, b));
        show("copysign", copysign(a, b));
        show("fma(a,b,1)", fma(a, b, 1.0));
        show("fma(a,b,-ab)", fma(a, b, -(a * b)));
    }

    /* fma is exact: compute the rounding error of a product */
    volatile double p = 0.1, q = 0.3;
    double prod = p * q;
    printf("error of 0.1*0.3: %a\n", fma(p, q, -prod));

    double ip;
    double fp = modf(-3.75, &ip);
    printf("modf(-3.75) = %g + %g\n", ip, fp);
    printf("lround(2.5)=%ld lround(-2.5)=%ld llround(1e15+0.5)=%lld\n", lround(2.5), lround(-2.5),
           llround(1e15 + 0.5));
    printf("ilogb(1e-310)=%d logb(1024)=%g scalbn(1,-1074)=%a\n", ilogb(1e-310), logb(1024.0),
           scalbn(1.0, -1074));
    printf("erf(0.5)=%.17g tgamma(5.5)=%.17g lgamma(100)=%.17g\n", erf(0.5), tgamma(5.5), lgamma(100.0));
    printf("isnan(sqrt(-1))=%d signbit(-0.0)=%d isinf(exp(1000))=%d fpclassify(5e-324)==SUBNORMAL %d\n",
           isnan(sqrt(in[4])), signbit(in[1]), isinf(exp(in[11] * 2)), fpclassify(in[13]) == FP_SUBNORMAL);
    printf("nextafter(0,1)=%a nextafter(1,2)-1=%a nextafter(DBL_MAX,inf)=%a\n", nextafter(0.0, 1.0),
           nextafter(1.0, 2.0) - 1.0, nextafter(DBL_MAX, INFINITY));

    /* single precision */
    static volatile float fin[] = {0.1f, 1.0f, 2.5f, -3.75f, 100.0f};
    for (unsigned i = 0; i < sizeof fin / sizeof fin[0]; i++) {
        float x = fin[i];
        printf("f=%a sinf=%a cosf=%a expf=%a logf=%a sqrtf=%a powf=%a fmaf=%a\n", x, sinf(x), cosf(x),
               expf(x), logf(fabsf(x)), sqrtf(fabsf(x)), powf(fabsf(x), 1.5f), fmaf(x, x, -1.0f));
    }
    return 0;
}
