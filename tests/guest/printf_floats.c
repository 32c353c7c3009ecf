// Covers printf of doubles and floats: %f %e %g %a %A with precision, flags, padding, special values and rounding of ties.
#include <float.h>
#include <math.h>
#include <stdio.h>

int main(void) {
    static const double vals[] = {
        0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 2.5, 1.0 / 3.0, 2.0 / 3.0, 123456.789, 1e-5,
        123456789.0, 1e15, 1e16, 1e300, -1e-300, 5e-324, DBL_MIN, DBL_MAX, DBL_EPSILON,
        3.141592653589793, 2.718281828459045, 1234.5, 0.000123456, 9.9999999, 0.95, 99.5,
    };
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        double v = vals[i];
        printf("%2u: f=%f e=%e g=%g a=%a\n", i, v, v, v, v);
        printf("    .0f=%.0f .3e=%.3e .10g=%.10g .17g=%.17g .3a=%.3a A=%A\n", v, v, v, v, v, v);
        printf("    [%12.4f][%-12.2e][%+g][% .3g][%#.0f][%#g][%010.3f][%-+14.5g]\n", v, v, v, v, v,
               v, v, v);
    }

    /* ties and rounding at many precisions */
    for (int p = 0; p <= 6; p++)
        printf("p=%d %.*f %.*f %.*f %.*e\n", p, p, 0.125, p, 2.675, p, 1.0005, p, 1.25e10);

    /* special values */
    double inf = INFINITY, nan = NAN;
    printf("[%f][%e][%g][%a][%F][%E][%G][%A]\n", inf, -inf, inf, -inf, inf, inf, -inf, inf);
    printf("[%f][%e][%g][%a][%F][%8.3f][%-8g|][%+f]\n", nan, nan, nan, nan, nan, nan, nan, nan);
    printf("[%5.1f][%-10f|][%+e][%010f]\n", inf, -inf, inf, -inf);

    /* floats promote to double */
    float fv[] = {1.1f, 16777216.0f, 16777217.0f, FLT_MAX, FLT_MIN, 1e-45f, 0.3f};
    for (unsigned i = 0; i < sizeof fv / sizeof fv[0]; i++)
        printf("float %u: %.9g %a %e\n", i, fv[i], fv[i], fv[i]);

    /* %g switch between fixed and exponent notation */
    double g = 1.234567e-7;
    for (int i = -6; i <= 8; i++, g *= 10.0)
        printf("g(%d)=%g %.3g %#.3g %.0g\n", i, g, g, g, g);
    return 0;
}
