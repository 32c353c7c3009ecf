// Covers strtod/strtof/strtold and strtol/strtoul/strtoll: round trips through %.17g and %a, end pointers, ERANGE, bases, special values.
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t bits(double d) {
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

int main(void) {
    static const char *inputs[] = {
        "0", "-0", "1", "0.1", "1e23", "8.98846567431158e307", "2.2250738585072011e-308",
        "2.2250738585072014e-308", "4.9e-324", "2.4703282292062328e-324", "2.4703282292062327e-324",
        "1.7976931348623157e308", "1.7976931348623159e308", "1e400", "-1e400", "1e-400",
        "  +12.5e2xyz", "0x1.8p3", "0X.8P-2", "0x1p-1074", "inf", "-INFINITY", "nan", "NaN(0x1234)",
        "-nan", ".5", "5.", "e5", "", "   ", "3.14159265358979323846264338327950288",
        "123456789012345678901234567890", "0.000000000000000000000000000001",
    };
    for (unsigned i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        const char *s = inputs[i];
        char *end;
        errno = 0;
        double d = strtod(s, &end);
        int e = errno;
        printf("strtod(\"%s\") = %.17g [%a] bits=%016" PRIx64 " used=%td%s\n", s, d, d, bits(d), end - s,
               e == ERANGE ? " ERANGE" : "");
        /* round trip through %.17g must be exact for finite values */
        if (d == d) {
            char buf[64];
            snprintf(buf, sizeof buf, "%.17g", d);
            double back = strtod(buf, NULL);
            snprintf(buf, sizeof buf, "%a", d);
            double back_hex = strtod(buf, NULL);
            if (bits(back) != bits(d) || bits(back_hex) != bits(d)) printf("  round trip FAILED\n");
        }
    }

    static const char *fin[] = {"0.1", "16777217", "3.4028235e38", "3.4028236e38", "1e-46", "1.17549435e-38"};
    for (unsigned i = 0; i < sizeof fin / sizeof fin[0]; i++) {
        errno = 0;
        float f = strtof(fin[i], NULL);
        printf("strtof(\"%s\") = %.9g [%a]%s\n", fin[i], f, f, errno == ERANGE ? " ERANGE" : "");
    }
    long double ld = strtold("0.1", NULL);
    printf("strtold(\"0.1\") = %La\n", ld);
    ld = strtold("1.18973149535723176508575932662800702e4932", NULL);
    printf("strtold(LDBL_MAX) = %La == LDBL_MAX: %d\n", ld, ld == LDBL_MAX);

    static const struct { const char *s; int base; } ints[] = {
        {"12345", 10}, {"-12345", 10}, {"0x1F", 0}, {"0x1F", 16}, {"1F", 16}, {"017", 0}, {"017", 10},
        {"0b101", 0}, {"101", 2}, {"zz", 36}, {"ZZ", 36}, {"  -42abc", 10}, {"+7", 10}, {"abc", 10},
        {"9223372036854775807", 10}, {"9223372036854775808", 10}, {"-9223372036854775808", 10},
        {"-9223372036854775809", 10}, {"0x", 16}, {"777777777777777777777777", 8}, {"12", 1}, {"12", 37},
    };
    for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        char *end = (char *)ints[i].s; /* an invalid base leaves end untouched */
        errno = 0;
        long v = strtol(ints[i].s, &end, ints[i].base);
        int e = errno;
        printf("strtol(\"%s\", %d) = %ld used=%td%s%s\n", ints[i].s, ints[i].base, v, end - ints[i].s,
               e == ERANGE ? " ERANGE" : "", e == EINVAL ? " EINVAL" : "");
    }
    static const char *uns[] = {"18446744073709551615", "18446744073709551616", "-1", "-18446744073709551615", "0xffffffffffffffff"};
    for (unsigned i = 0; i < sizeof uns / sizeof uns[0]; i++) {
        char *end;
        errno = 0;
        unsigned long v = strtoul(uns[i], &end, 0);
        printf("strtoul(\"%s\") = %lu used=%td%s\n", uns[i], v, end - uns[i], errno == ERANGE ? " ERANGE" : "");
    }
    errno = 0;
    long long ll = strtoll("-0x8000000000000000", NULL, 0);
    printf("strtoll(-0x8000000000000000) = %lld errno=%d\n", ll, errno);
    errno = 0;
    intmax_t im = strtoimax("  123456789012345", NULL, 10);
    printf("strtoimax = %jd atoi(\"  -17x\") = %d atol(\"99999999999\") = %ld atof(\"1.5e3\") = %g\n", im,
           atoi("  -17x"), atol("99999999999"), atof("1.5e3"));
    return 0;
}
