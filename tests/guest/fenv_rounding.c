// Covers fesetround/fegetround in all 4 rounding modes: arithmetic, sqrt, fma, conversions, rint/nearbyint/lrint, printf rounding.
// CFLAGS: -lm -frounding-math
#include <fenv.h>
#include <math.h>
#include <stdio.h>

static const struct { int mode; const char *name; } modes[] = {
    {FE_TONEAREST, "tonearest"}, {FE_UPWARD, "upward"}, {FE_DOWNWARD, "downward"},
    {FE_TOWARDZERO, "towardzero"},
};

static volatile double one = 1.0, three = 3.0, two = 2.0, big = 9007199254740992.0; /* 2^53 */
static volatile double halves[] = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.7, -2.7, 1e16 + 2};
static volatile float fthree = 3.0f;

int main(void) {
    printf("default mode is tonearest: %d\n", fegetround() == FE_TONEAREST);
    for (unsigned m = 0; m < 4; m++) {
        int r = fesetround(modes[m].mode);
        printf("== %s: fesetround=%d fegetround matches=%d\n", modes[m].name, r,
               fegetround() == modes[m].mode);
        printf("  1/3=%a -1/3=%a 2/3=%a\n", one / three, -one / three, two / three);
        printf("  2^53+1=%a -(2^53)-1=%a 1+2^-53=%a\n", big + one, -big - one, one + 0x1p-53);
        printf("  sqrt(2)=%a sqrt(3)=%a fma(1/3,3,-1)=%a\n", sqrt(two), sqrt(three),
               fma(one / three, three, -one));
        printf("  (float)(1/3)=%a 1f/3f=%a (float)1e300=%a\n", (float)(one / three), 1.0f / fthree,
               (float)(big * 1e284));
        printf("  1e308*10=%a -1e308*10=%a tiny*tiny=%a\n", 1e308 * (two * 5), -1e308 * (two * 5),
               0x1p-600 * (0x1p-600 * one));
        for (unsigned i = 0; i < sizeof halves / sizeof halves[0]; i++) {
            double x = halves[i];
            printf("  x=%-6g rint=%-6g nearbyint=%-6g lrint=%-6ld llrint=%-6lld (long)x=%-3ld round=%g\n", x,
                   rint(x), nearbyint(x), lrint(x), llrint(x), (long)x, round(x));
        }
        /* printf's decimal conversion follows the current rounding mode in glibc */
        printf("  printf %.2f %.2f %.0f %.3e\n", 0.125 * one, -0.125 * one, 2.5 * one, 1.0005 * one);
    }
    fesetround(FE_TONEAREST);
    printf("invalid mode rejected: %d\n", fesetround(12345) != 0);
    printf("still tonearest: %d\n", fegetround() == FE_TONEAREST);

    /* the environment save/restore functions carry the rounding mode */
    fenv_t env;
    fesetround(FE_DOWNWARD);
    fegetenv(&env);
    fesetround(FE_UPWARD);
    fesetenv(&env);
    printf("fesetenv restored downward: %d\n", fegetround() == FE_DOWNWARD);
    fesetenv(FE_DFL_ENV);
    printf("FE_DFL_ENV restores tonearest: %d\n", fegetround() == FE_TONEAREST);
    return 0;
}
