# RV64D arithmetic: fadd.d fsub.d fmul.d fdiv.d fmin.d fmax.d over a matrix of
# special values (zeros, normals, extremes, subnormals, infinities, quiet and
# signalling NaNs), fsqrt.d, fmadd.d fmsub.d fnmadd.d fnmsub.d over a cube of
# special values, and hand-checked corners: canonical NaN results, invalid
# operations, division by zero, overflow, underflow and tininess after
# rounding, subnormal results, signed zeros, fmin/fmax with sNaN, fma with
# inf*0, fsqrt of negatives, single rounding of fused multiply-add.
# Each line: raw 64 bits of the destination f register and the
# fflags raised by that one instruction.  Rounding mode: RNE (static).
#include "lib.h"

#define DV D_P0, D_N0, D_ONE, D_MONE, D_THREE, D_TENTH, D_MAX, D_MMAX, D_MINN, D_MINSUB, D_MMINSUB, D_INF, D_MINF, D_QNAN, D_SNAN, D_NQNANP
#define DV3 D_P0, D_N0, D_ONE, D_MAX, D_INF, D_MINF, D_QNAN, D_SNAN

#define CNAN D_QNAN

TEST_BEGIN
        SECTION "binary ops matrix"
        .irp op, fadd.d, fsub.d, fmul.d, fdiv.d
        .irp a, DV
        .irp b, DV
        TDF     "\op \a \b", \a, \b, 0, \op fa0, fa1, fa2, rne
        .endr
        .endr
        .endr
        .irp op, fmin.d, fmax.d
        .irp a, DV
        .irp b, DV
        TDF     "\op \a \b", \a, \b, 0, \op fa0, fa1, fa2
        .endr
        .endr
        .endr

        SECTION "fsqrt.d"
        .irp a, DV, D_FOUR, D_TWO, D_MAXSUB, 0x3fd0000000000000
        TDF     "fsqrt.d \a", \a, 0, 0, fsqrt.d fa0, fa1, rne
        .endr

        SECTION "fused multiply-add cube"
        .irp op, fmadd.d, fmsub.d, fnmadd.d, fnmsub.d
        .irp a, DV3
        .irp b, DV3
        .irp c, DV3
        TDF     "\op \a \b \c", \a, \b, \c, \op fa0, fa1, fa2, fa3, rne
        .endr
        .endr
        .endr
        .endr

        SECTION "hand-checked: add/sub"
        TDF     "1+2", D_ONE, D_TWO, 0, fadd.d fa0, fa1, fa2
        CHK     D_THREE, 0
        TDF     "inf + -inf", D_INF, D_MINF, 0, fadd.d fa0, fa1, fa2
        CHK     CNAN, NV                        # invalid -> canonical NaN
        TDF     "inf - inf", D_INF, D_INF, 0, fsub.d fa0, fa1, fa2
        CHK     CNAN, NV
        TDF     "sNaN + 1", D_SNAN, D_ONE, 0, fadd.d fa0, fa1, fa2
        CHK     CNAN, NV                        # sNaN input signals, result canonical
        TDF     "-qNaN(payload) + 1", D_NQNANP, D_ONE, 0, fadd.d fa0, fa1, fa2
        CHK     CNAN, 0                         # payload/sign not propagated, quiet: no flag
        TDF     "max + max", D_MAX, D_MAX, 0, fadd.d fa0, fa1, fa2
        CHK     D_INF, OF|NX
        TDF     "1 + -1 (rne)", D_ONE, D_MONE, 0, fadd.d fa0, fa1, fa2, rne
        CHK     D_P0, 0                    # exact zero sum is +0 ...
        TDF     "1 + -1 (rdn)", D_ONE, D_MONE, 0, fadd.d fa0, fa1, fa2, rdn
        CHK     D_N0, 0                    # ... except -0 when rounding down
        TDF     "-0 + -0", D_N0, D_N0, 0, fadd.d fa0, fa1, fa2
        CHK     D_N0, 0
        TDF     "+0 + -0", D_P0, D_N0, 0, fadd.d fa0, fa1, fa2
        CHK     D_P0, 0
        TDF     "+0 - +0", D_P0, D_P0, 0, fsub.d fa0, fa1, fa2
        CHK     D_P0, 0
        TDF     "minsub + minsub", D_MINSUB, D_MINSUB, 0, fadd.d fa0, fa1, fa2
        CHK     0x2, 0                       # exact subnormal: no UF
        TDF     "minnormal - minsub", D_MINN, D_MINSUB, 0, fsub.d fa0, fa1, fa2
        CHK     D_MAXSUB, 0
        TDF     "1 + 2^-53 (tie, rne)", D_ONE, D_EPSH, 0, fadd.d fa0, fa1, fa2
        CHK     D_ONE, NX

        SECTION "hand-checked: mul"
        TDF     "0 * inf", D_P0, D_INF, 0, fmul.d fa0, fa1, fa2
        CHK     CNAN, NV
        TDF     "-0 * 3", D_N0, D_THREE, 0, fmul.d fa0, fa1, fa2
        CHK     D_N0, 0
        TDF     "-1 * -inf", D_MONE, D_MINF, 0, fmul.d fa0, fa1, fa2
        CHK     D_INF, 0
        TDF     "max * 2", D_MAX, D_TWO, 0, fmul.d fa0, fa1, fa2
        CHK     D_INF, OF|NX
        TDF     "minsub * 0.5 (tie to 0)", D_MINSUB, D_HALF, 0, fmul.d fa0, fa1, fa2
        CHK     D_P0, UF|NX
        TDF     "minsub * 0.5 (rup)", D_MINSUB, D_HALF, 0, fmul.d fa0, fa1, fa2, rup
        CHK     D_MINSUB, UF|NX
        TDF     "minnormal * 0.5 (exact)", D_MINN, D_HALF, 0, fmul.d fa0, fa1, fa2
        CHK     0x0008000000000000, 0              # exact subnormal result: no UF
        TDF     "maxsub * (1+2^-52)", D_MAXSUB, 0x3ff0000000000001, 0, fmul.d fa0, fa1, fa2
        CHK     D_MINN, NX                 # tiny only before rounding: RISC-V
                                                # detects tininess after rounding
        TDF     "minnormal * 0.75", D_MINN, 0x3fe8000000000000, 0, fmul.d fa0, fa1, fa2
        CHK     0x000c000000000000, 0
        TDF     "(1+2^-52) * (1+2^-52)", 0x3ff0000000000001, 0x3ff0000000000001, 0, fmul.d fa0, fa1, fa2
        CHK     0x3ff0000000000002, NX

        SECTION "hand-checked: div"
        TDF     "1 / 0", D_ONE, D_P0, 0, fdiv.d fa0, fa1, fa2
        CHK     D_INF, DZ
        TDF     "-1 / 0", D_MONE, D_P0, 0, fdiv.d fa0, fa1, fa2
        CHK     D_MINF, DZ
        TDF     "1 / -0", D_ONE, D_N0, 0, fdiv.d fa0, fa1, fa2
        CHK     D_MINF, DZ
        TDF     "0 / 0", D_P0, D_P0, 0, fdiv.d fa0, fa1, fa2
        CHK     CNAN, NV
        TDF     "inf / inf", D_INF, D_MINF, 0, fdiv.d fa0, fa1, fa2
        CHK     CNAN, NV
        TDF     "inf / 0", D_INF, D_P0, 0, fdiv.d fa0, fa1, fa2
        CHK     D_INF, 0                   # not a division by zero
        TDF     "1 / inf", D_ONE, D_MINF, 0, fdiv.d fa0, fa1, fa2
        CHK     D_N0, 0
        TDF     "1 / 3", D_ONE, D_THREE, 0, fdiv.d fa0, fa1, fa2
        CHK     0x3fd5555555555555, NX
        TDF     "minsub / 2", D_MINSUB, D_TWO, 0, fdiv.d fa0, fa1, fa2
        CHK     D_P0, UF|NX
        TDF     "max / 0.5", D_MAX, D_HALF, 0, fdiv.d fa0, fa1, fa2
        CHK     D_INF, OF|NX
        TDF     "qNaN / 0", D_QNAN, D_P0, 0, fdiv.d fa0, fa1, fa2
        CHK     CNAN, 0

        SECTION "hand-checked: sqrt"
        TDF     "sqrt 4", D_FOUR, 0, 0, fsqrt.d fa0, fa1
        CHK     D_TWO, 0
        TDF     "sqrt 2", D_TWO, 0, 0, fsqrt.d fa0, fa1
        CHK     0x3ff6a09e667f3bcd, NX
        TDF     "sqrt -1", D_MONE, 0, 0, fsqrt.d fa0, fa1
        CHK     CNAN, NV
        TDF     "sqrt -0", D_N0, 0, 0, fsqrt.d fa0, fa1
        CHK     D_N0, 0                    # sqrt(-0) = -0
        TDF     "sqrt inf", D_INF, 0, 0, fsqrt.d fa0, fa1
        CHK     D_INF, 0
        TDF     "sqrt -inf", D_MINF, 0, 0, fsqrt.d fa0, fa1
        CHK     CNAN, NV
        TDF     "sqrt -minsub", D_MMINSUB, 0, 0, fsqrt.d fa0, fa1
        CHK     CNAN, NV
        TDF     "sqrt sNaN", D_SNAN, 0, 0, fsqrt.d fa0, fa1
        CHK     CNAN, NV
        TDF     "sqrt -qNaN", D_NQNANP, 0, 0, fsqrt.d fa0, fa1
        CHK     CNAN, 0
        TDF     "sqrt 2^-1072 (subnormal in)", 0x4, 0, 0, fsqrt.d fa0, fa1
        CHK     0x1e70000000000000, 0              # 2^-536 exactly

        SECTION "hand-checked: min/max"
        TDF     "fmin 1 2", D_ONE, D_TWO, 0, fmin.d fa0, fa1, fa2
        CHK     D_ONE, 0
        TDF     "fmin -0 +0", D_N0, D_P0, 0, fmin.d fa0, fa1, fa2
        CHK     D_N0, 0                    # -0 < +0 for fmin/fmax
        TDF     "fmin +0 -0", D_P0, D_N0, 0, fmin.d fa0, fa1, fa2
        CHK     D_N0, 0
        TDF     "fmax -0 +0", D_N0, D_P0, 0, fmax.d fa0, fa1, fa2
        CHK     D_P0, 0
        TDF     "fmax +0 -0", D_P0, D_N0, 0, fmax.d fa0, fa1, fa2
        CHK     D_P0, 0
        TDF     "fmin qNaN 1", D_QNAN, D_ONE, 0, fmin.d fa0, fa1, fa2
        CHK     D_ONE, 0                   # the non-NaN operand, quietly
        TDF     "fmin 1 sNaN", D_ONE, D_SNAN, 0, fmin.d fa0, fa1, fa2
        CHK     D_ONE, NV                  # ... but sNaN raises NV
        TDF     "fmax sNaN -inf", D_SNAN, D_MINF, 0, fmax.d fa0, fa1, fa2
        CHK     D_MINF, NV
        TDF     "fmin qNaN qNaN", D_NQNANP, D_QNAN, 0, fmin.d fa0, fa1, fa2
        CHK     CNAN, 0                         # both NaN -> canonical NaN
        TDF     "fmax sNaN qNaN", D_SNAN, D_QNAN, 0, fmax.d fa0, fa1, fa2
        CHK     CNAN, NV
        TDF     "fmax sNaN sNaN", D_SNANP, D_SNAN, 0, fmax.d fa0, fa1, fa2
        CHK     CNAN, NV
        TDF     "fmax -inf qNaN", D_MINF, D_QNAN, 0, fmax.d fa0, fa1, fa2
        CHK     D_MINF, 0
        TDF     "fmin minsub -minsub", D_MINSUB, D_MMINSUB, 0, fmin.d fa0, fa1, fa2
        CHK     D_MMINSUB, 0

        SECTION "hand-checked: fused multiply-add"
        TDF     "fmadd 2*3+1", D_TWO, D_THREE, D_ONE, fmadd.d fa0, fa1, fa2, fa3
        CHK     0x401c000000000000, 0              # 7
        TDF     "fmsub 2*3-1", D_TWO, D_THREE, D_ONE, fmsub.d fa0, fa1, fa2, fa3
        CHK     0x4014000000000000, 0              # 5
        TDF     "fnmsub -(2*3)+1", D_TWO, D_THREE, D_ONE, fnmsub.d fa0, fa1, fa2, fa3
        CHK     0xc014000000000000, 0              # -5
        TDF     "fnmadd -(2*3)-1", D_TWO, D_THREE, D_ONE, fnmadd.d fa0, fa1, fa2, fa3
        CHK     0xc01c000000000000, 0              # -7
        TDF     "fmadd inf*0+1", D_INF, D_P0, D_ONE, fmadd.d fa0, fa1, fa2, fa3
        CHK     CNAN, NV
        TDF     "fmadd inf*0+qNaN", D_INF, D_P0, D_QNAN, fmadd.d fa0, fa1, fa2, fa3
        CHK     CNAN, NV                        # spec: NV even though the addend is a qNaN
        TDF     "fmadd 0*inf+qNaN", D_P0, D_MINF, D_NQNANP, fmadd.d fa0, fa1, fa2, fa3
        CHK     CNAN, NV
        TDF     "fmadd 1*1+qNaN", D_ONE, D_ONE, D_QNAN, fmadd.d fa0, fa1, fa2, fa3
        CHK     CNAN, 0
        TDF     "fmadd 1*1+sNaN", D_ONE, D_ONE, D_SNAN, fmadd.d fa0, fa1, fa2, fa3
        CHK     CNAN, NV
        TDF     "fmadd inf*1-inf", D_INF, D_ONE, D_MINF, fmadd.d fa0, fa1, fa2, fa3
        CHK     CNAN, NV
        TDF     "fmadd max*2-max (no overflow)", D_MAX, D_TWO, D_MMAX, fmadd.d fa0, fa1, fa2, fa3
        CHK     D_MAX, 0                   # fused: the product is not rounded
        TDF     "fmadd single rounding", 0x3ff0000000000001, 0x3fefffffffffffff, D_MONE, fmadd.d fa0, fa1, fa2, fa3
        CHK     0x3c9ffffffffffffe, 0              # (1+2^-52)(1-2^-53)-1 = 2^-53-2^-105 exactly
        TDF     "fmadd 1*1-1 (rne)", D_ONE, D_ONE, D_MONE, fmadd.d fa0, fa1, fa2, fa3
        CHK     D_P0, 0
        TDF     "fmadd 1*1-1 (rdn)", D_ONE, D_ONE, D_MONE, fmadd.d fa0, fa1, fa2, fa3, rdn
        CHK     D_N0, 0
        TDF     "fnmadd 1*1-1 (rne)", D_ONE, D_ONE, D_MONE, fnmadd.d fa0, fa1, fa2, fa3
        CHK     D_P0, 0                    # (-1) - (-1): exact zero sum -> +0
        TDF     "fnmsub 1*1+1 (rne)", D_ONE, D_ONE, D_ONE, fnmsub.d fa0, fa1, fa2, fa3
        CHK     D_P0, 0                    # (-1) + 1
        TDF     "fmsub 1*1-1 (rne)", D_ONE, D_ONE, D_ONE, fmsub.d fa0, fa1, fa2, fa3
        CHK     D_P0, 0
        TDF     "fmadd -0*1+-0", D_N0, D_ONE, D_N0, fmadd.d fa0, fa1, fa2, fa3
        CHK     D_N0, 0
        TDF     "fmadd 0*1+-0", D_P0, D_ONE, D_N0, fmadd.d fa0, fa1, fa2, fa3
        CHK     D_P0, 0
        TDF     "fmadd max*max-inf", D_MAX, D_MAX, D_MINF, fmadd.d fa0, fa1, fa2, fa3
        CHK     D_MINF, 0                  # exact inf addend wins, no overflow
        TDF     "fmadd max*2+0", D_MAX, D_TWO, D_P0, fmadd.d fa0, fa1, fa2, fa3
        CHK     D_INF, OF|NX
        TDF     "fmadd minsub*0.5+0", D_MINSUB, D_HALF, D_P0, fmadd.d fa0, fa1, fa2, fa3
        CHK     D_P0, UF|NX
TEST_END
