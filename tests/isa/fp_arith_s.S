# RV64F arithmetic: fadd.s fsub.s fmul.s fdiv.s fmin.s fmax.s over a matrix of
# special values (zeros, normals, extremes, subnormals, infinities, quiet and
# signalling NaNs), fsqrt.s, fmadd.s fmsub.s fnmadd.s fnmsub.s over a cube of
# special values, and hand-checked corners: canonical NaN results, invalid
# operations, division by zero, overflow, underflow and tininess after
# rounding, subnormal results, signed zeros, fmin/fmax with sNaN, fma with
# inf*0, fsqrt of negatives, single rounding of fused multiply-add.
# Each line: raw 64 bits of the destination f register (NaN-boxed) and the
# fflags raised by that one instruction.  Rounding mode: RNE (static).
#include "lib.h"

#define SV S_P0, S_N0, S_ONE, S_MONE, S_THREE, S_TENTH, S_MAX, S_MMAX, S_MINN, S_MINSUB, S_MMINSUB, S_INF, S_MINF, S_QNAN, S_SNAN, S_NQNANP
#define SV3 S_P0, S_N0, S_ONE, S_MAX, S_INF, S_MINF, S_QNAN, S_SNAN

#define CNAN BOX(S_QNAN)

TEST_BEGIN
        SECTION "binary ops matrix"
        .irp op, fadd.s, fsub.s, fmul.s, fdiv.s
        .irp a, SV
        .irp b, SV
        TSF     "\op \a \b", \a, \b, 0, \op fa0, fa1, fa2, rne
        .endr
        .endr
        .endr
        .irp op, fmin.s, fmax.s
        .irp a, SV
        .irp b, SV
        TSF     "\op \a \b", \a, \b, 0, \op fa0, fa1, fa2
        .endr
        .endr
        .endr

        SECTION "fsqrt.s"
        .irp a, SV, S_FOUR, S_TWO, S_MAXSUB, 0x3e800000
        TSF     "fsqrt.s \a", \a, 0, 0, fsqrt.s fa0, fa1, rne
        .endr

        SECTION "fused multiply-add cube"
        .irp op, fmadd.s, fmsub.s, fnmadd.s, fnmsub.s
        .irp a, SV3
        .irp b, SV3
        .irp c, SV3
        TSF     "\op \a \b \c", \a, \b, \c, \op fa0, fa1, fa2, fa3, rne
        .endr
        .endr
        .endr
        .endr

        SECTION "hand-checked: add/sub"
        TSF     "1+2", S_ONE, S_TWO, 0, fadd.s fa0, fa1, fa2
        CHK     BOX(S_THREE), 0
        TSF     "inf + -inf", S_INF, S_MINF, 0, fadd.s fa0, fa1, fa2
        CHK     CNAN, NV                        # invalid -> canonical NaN
        TSF     "inf - inf", S_INF, S_INF, 0, fsub.s fa0, fa1, fa2
        CHK     CNAN, NV
        TSF     "sNaN + 1", S_SNAN, S_ONE, 0, fadd.s fa0, fa1, fa2
        CHK     CNAN, NV                        # sNaN input signals, result canonical
        TSF     "-qNaN(payload) + 1", S_NQNANP, S_ONE, 0, fadd.s fa0, fa1, fa2
        CHK     CNAN, 0                         # payload/sign not propagated, quiet: no flag
        TSF     "max + max", S_MAX, S_MAX, 0, fadd.s fa0, fa1, fa2
        CHK     BOX(S_INF), OF|NX
        TSF     "1 + -1 (rne)", S_ONE, S_MONE, 0, fadd.s fa0, fa1, fa2, rne
        CHK     BOX(S_P0), 0                    # exact zero sum is +0 ...
        TSF     "1 + -1 (rdn)", S_ONE, S_MONE, 0, fadd.s fa0, fa1, fa2, rdn
        CHK     BOX(S_N0), 0                    # ... except -0 when rounding down
        TSF     "-0 + -0", S_N0, S_N0, 0, fadd.s fa0, fa1, fa2
        CHK     BOX(S_N0), 0
        TSF     "+0 + -0", S_P0, S_N0, 0, fadd.s fa0, fa1, fa2
        CHK     BOX(S_P0), 0
        TSF     "+0 - +0", S_P0, S_P0, 0, fsub.s fa0, fa1, fa2
        CHK     BOX(S_P0), 0
        TSF     "minsub + minsub", S_MINSUB, S_MINSUB, 0, fadd.s fa0, fa1, fa2
        CHK     BOX(2), 0                       # exact subnormal: no UF
        TSF     "minnormal - minsub", S_MINN, S_MINSUB, 0, fsub.s fa0, fa1, fa2
        CHK     BOX(S_MAXSUB), 0
        TSF     "1 + 2^-24 (tie, rne)", S_ONE, S_EPSH, 0, fadd.s fa0, fa1, fa2
        CHK     BOX(S_ONE), NX

        SECTION "hand-checked: mul"
        TSF     "0 * inf", S_P0, S_INF, 0, fmul.s fa0, fa1, fa2
        CHK     CNAN, NV
        TSF     "-0 * 3", S_N0, S_THREE, 0, fmul.s fa0, fa1, fa2
        CHK     BOX(S_N0), 0
        TSF     "-1 * -inf", S_MONE, S_MINF, 0, fmul.s fa0, fa1, fa2
        CHK     BOX(S_INF), 0
        TSF     "max * 2", S_MAX, S_TWO, 0, fmul.s fa0, fa1, fa2
        CHK     BOX(S_INF), OF|NX
        TSF     "minsub * 0.5 (tie to 0)", S_MINSUB, S_HALF, 0, fmul.s fa0, fa1, fa2
        CHK     BOX(S_P0), UF|NX
        TSF     "minsub * 0.5 (rup)", S_MINSUB, S_HALF, 0, fmul.s fa0, fa1, fa2, rup
        CHK     BOX(S_MINSUB), UF|NX
        TSF     "minnormal * 0.5 (exact)", S_MINN, S_HALF, 0, fmul.s fa0, fa1, fa2
        CHK     BOX(0x00400000), 0              # exact subnormal result: no UF
        TSF     "maxsub * (1+2^-23)", S_MAXSUB, 0x3f800001, 0, fmul.s fa0, fa1, fa2
        CHK     BOX(S_MINN), NX                 # tiny only before rounding: RISC-V
                                                # detects tininess after rounding
        TSF     "minnormal * 0.75", S_MINN, 0x3f400000, 0, fmul.s fa0, fa1, fa2
        CHK     BOX(0x00600000), 0
        TSF     "(1+2^-23) * (1+2^-23)", 0x3f800001, 0x3f800001, 0, fmul.s fa0, fa1, fa2
        CHK     BOX(0x3f800002), NX

        SECTION "hand-checked: div"
        TSF     "1 / 0", S_ONE, S_P0, 0, fdiv.s fa0, fa1, fa2
        CHK     BOX(S_INF), DZ
        TSF     "-1 / 0", S_MONE, S_P0, 0, fdiv.s fa0, fa1, fa2
        CHK     BOX(S_MINF), DZ
        TSF     "1 / -0", S_ONE, S_N0, 0, fdiv.s fa0, fa1, fa2
        CHK     BOX(S_MINF), DZ
        TSF     "0 / 0", S_P0, S_P0, 0, fdiv.s fa0, fa1, fa2
        CHK     CNAN, NV
        TSF     "inf / inf", S_INF, S_MINF, 0, fdiv.s fa0, fa1, fa2
        CHK     CNAN, NV
        TSF     "inf / 0", S_INF, S_P0, 0, fdiv.s fa0, fa1, fa2
        CHK     BOX(S_INF), 0                   # not a division by zero
        TSF     "1 / inf", S_ONE, S_MINF, 0, fdiv.s fa0, fa1, fa2
        CHK     BOX(S_N0), 0
        TSF     "1 / 3", S_ONE, S_THREE, 0, fdiv.s fa0, fa1, fa2
        CHK     BOX(0x3eaaaaab), NX
        TSF     "minsub / 2", S_MINSUB, S_TWO, 0, fdiv.s fa0, fa1, fa2
        CHK     BOX(S_P0), UF|NX
        TSF     "max / 0.5", S_MAX, S_HALF, 0, fdiv.s fa0, fa1, fa2
        CHK     BOX(S_INF), OF|NX
        TSF     "qNaN / 0", S_QNAN, S_P0, 0, fdiv.s fa0, fa1, fa2
        CHK     CNAN, 0

        SECTION "hand-checked: sqrt"
        TSF     "sqrt 4", S_FOUR, 0, 0, fsqrt.s fa0, fa1
        CHK     BOX(S_TWO), 0
        TSF     "sqrt 2", S_TWO, 0, 0, fsqrt.s fa0, fa1
        CHK     BOX(0x3fb504f3), NX
        TSF     "sqrt -1", S_MONE, 0, 0, fsqrt.s fa0, fa1
        CHK     CNAN, NV
        TSF     "sqrt -0", S_N0, 0, 0, fsqrt.s fa0, fa1
        CHK     BOX(S_N0), 0                    # sqrt(-0) = -0
        TSF     "sqrt inf", S_INF, 0, 0, fsqrt.s fa0, fa1
        CHK     BOX(S_INF), 0
        TSF     "sqrt -inf", S_MINF, 0, 0, fsqrt.s fa0, fa1
        CHK     CNAN, NV
        TSF     "sqrt -minsub", S_MMINSUB, 0, 0, fsqrt.s fa0, fa1
        CHK     CNAN, NV
        TSF     "sqrt sNaN", S_SNAN, 0, 0, fsqrt.s fa0, fa1
        CHK     CNAN, NV
        TSF     "sqrt -qNaN", S_NQNANP, 0, 0, fsqrt.s fa0, fa1
        CHK     CNAN, 0
        TSF     "sqrt 2^-148 (subnormal in)", 0x00000002, 0, 0, fsqrt.s fa0, fa1
        CHK     BOX(0x1a800000), 0              # 2^-74 exactly

        SECTION "hand-checked: min/max"
        TSF     "fmin 1 2", S_ONE, S_TWO, 0, fmin.s fa0, fa1, fa2
        CHK     BOX(S_ONE), 0
        TSF     "fmin -0 +0", S_N0, S_P0, 0, fmin.s fa0, fa1, fa2
        CHK     BOX(S_N0), 0                    # -0 < +0 for fmin/fmax
        TSF     "fmin +0 -0", S_P0, S_N0, 0, fmin.s fa0, fa1, fa2
        CHK     BOX(S_N0), 0
        TSF     "fmax -0 +0", S_N0, S_P0, 0, fmax.s fa0, fa1, fa2
        CHK     BOX(S_P0), 0
        TSF     "fmax +0 -0", S_P0, S_N0, 0, fmax.s fa0, fa1, fa2
        CHK     BOX(S_P0), 0
        TSF     "fmin qNaN 1", S_QNAN, S_ONE, 0, fmin.s fa0, fa1, fa2
        CHK     BOX(S_ONE), 0                   # the non-NaN operand, quietly
        TSF     "fmin 1 sNaN", S_ONE, S_SNAN, 0, fmin.s fa0, fa1, fa2
        CHK     BOX(S_ONE), NV                  # ... but sNaN raises NV
        TSF     "fmax sNaN -inf", S_SNAN, S_MINF, 0, fmax.s fa0, fa1, fa2
        CHK     BOX(S_MINF), NV
        TSF     "fmin qNaN qNaN", S_NQNANP, S_QNAN, 0, fmin.s fa0, fa1, fa2
        CHK     CNAN, 0                         # both NaN -> canonical NaN
        TSF     "fmax sNaN qNaN", S_SNAN, S_QNAN, 0, fmax.s fa0, fa1, fa2
        CHK     CNAN, NV
        TSF     "fmax sNaN sNaN", S_SNANP, S_SNAN, 0, fmax.s fa0, fa1, fa2
        CHK     CNAN, NV
        TSF     "fmax -inf qNaN", S_MINF, S_QNAN, 0, fmax.s fa0, fa1, fa2
        CHK     BOX(S_MINF), 0
        TSF     "fmin minsub -minsub", S_MINSUB, S_MMINSUB, 0, fmin.s fa0, fa1, fa2
        CHK     BOX(S_MMINSUB), 0

        SECTION "hand-checked: fused multiply-add"
        TSF     "fmadd 2*3+1", S_TWO, S_THREE, S_ONE, fmadd.s fa0, fa1, fa2, fa3
        CHK     BOX(0x40e00000), 0              # 7
        TSF     "fmsub 2*3-1", S_TWO, S_THREE, S_ONE, fmsub.s fa0, fa1, fa2, fa3
        CHK     BOX(0x40a00000), 0              # 5
        TSF     "fnmsub -(2*3)+1", S_TWO, S_THREE, S_ONE, fnmsub.s fa0, fa1, fa2, fa3
        CHK     BOX(0xc0a00000), 0              # -5
        TSF     "fnmadd -(2*3)-1", S_TWO, S_THREE, S_ONE, fnmadd.s fa0, fa1, fa2, fa3
        CHK     BOX(0xc0e00000), 0              # -7
        TSF     "fmadd inf*0+1", S_INF, S_P0, S_ONE, fmadd.s fa0, fa1, fa2, fa3
        CHK     CNAN, NV
        TSF     "fmadd inf*0+qNaN", S_INF, S_P0, S_QNAN, fmadd.s fa0, fa1, fa2, fa3
        CHK     CNAN, NV                        # spec: NV even though the addend is a qNaN
        TSF     "fmadd 0*inf+qNaN", S_P0, S_MINF, S_NQNANP, fmadd.s fa0, fa1, fa2, fa3
        CHK     CNAN, NV
        TSF     "fmadd 1*1+qNaN", S_ONE, S_ONE, S_QNAN, fmadd.s fa0, fa1, fa2, fa3
        CHK     CNAN, 0
        TSF     "fmadd 1*1+sNaN", S_ONE, S_ONE, S_SNAN, fmadd.s fa0, fa1, fa2, fa3
        CHK     CNAN, NV
        TSF     "fmadd inf*1-inf", S_INF, S_ONE, S_MINF, fmadd.s fa0, fa1, fa2, fa3
        CHK     CNAN, NV
        TSF     "fmadd max*2-max (no overflow)", S_MAX, S_TWO, S_MMAX, fmadd.s fa0, fa1, fa2, fa3
        CHK     BOX(S_MAX), 0                   # fused: the product is not rounded
        TSF     "fmadd single rounding", 0x3f800001, 0x3f7fffff, S_MONE, fmadd.s fa0, fa1, fa2, fa3
        CHK     BOX(0x337ffffe), 0              # (1+2^-23)(1-2^-24)-1 = 2^-24-2^-47 exactly
        TSF     "fmadd 1*1-1 (rne)", S_ONE, S_ONE, S_MONE, fmadd.s fa0, fa1, fa2, fa3
        CHK     BOX(S_P0), 0
        TSF     "fmadd 1*1-1 (rdn)", S_ONE, S_ONE, S_MONE, fmadd.s fa0, fa1, fa2, fa3, rdn
        CHK     BOX(S_N0), 0
        TSF     "fnmadd 1*1-1 (rne)", S_ONE, S_ONE, S_MONE, fnmadd.s fa0, fa1, fa2, fa3
        CHK     BOX(S_P0), 0                    # (-1) - (-1): exact zero sum -> +0
        TSF     "fnmsub 1*1+1 (rne)", S_ONE, S_ONE, S_ONE, fnmsub.s fa0, fa1, fa2, fa3
        CHK     BOX(S_P0), 0                    # (-1) + 1
        TSF     "fmsub 1*1-1 (rne)", S_ONE, S_ONE, S_ONE, fmsub.s fa0, fa1, fa2, fa3
        CHK     BOX(S_P0), 0
        TSF     "fmadd -0*1+-0", S_N0, S_ONE, S_N0, fmadd.s fa0, fa1, fa2, fa3
        CHK     BOX(S_N0), 0
        TSF     "fmadd 0*1+-0", S_P0, S_ONE, S_N0, fmadd.s fa0, fa1, fa2, fa3
        CHK     BOX(S_P0), 0
        TSF     "fmadd max*max-inf", S_MAX, S_MAX, S_MINF, fmadd.s fa0, fa1, fa2, fa3
        CHK     BOX(S_MINF), 0                  # exact inf addend wins, no overflow
        TSF     "fmadd max*2+0", S_MAX, S_TWO, S_P0, fmadd.s fa0, fa1, fa2, fa3
        CHK     BOX(S_INF), OF|NX
        TSF     "fmadd minsub*0.5+0", S_MINSUB, S_HALF, S_P0, fmadd.s fa0, fa1, fa2, fa3
        CHK     BOX(S_P0), UF|NX
TEST_END
