# Rounding modes: every static rounding mode (rne rtz rdn rup rmm) and the
# dynamic mode with frm set to each of them (via fsrmi), for add, sub, mul,
# div, sqrt, fused multiply-add and conversions in both precisions, on inputs
# that are ties, just below ties, overflow, underflow and exact zero sums.
# Every vector's five results are hand-checked (CHK) for the static and the
# dynamic form.
#include "lib.h"

# TRMC kind, out, a, b, c, flags, rne, rtz, rdn, rup, rmm, op, operands
        .macro TRMC kind, out, a, b, c, fl, e0, e1, e2, e3, e4, op, ops:vararg
        __FT    \kind, \out, "\op \a \b \c rne", \a, \b, \c, \op \ops, rne
        CHK     \e0, \fl
        __FT    \kind, \out, "\op \a \b \c rtz", \a, \b, \c, \op \ops, rtz
        CHK     \e1, \fl
        __FT    \kind, \out, "\op \a \b \c rdn", \a, \b, \c, \op \ops, rdn
        CHK     \e2, \fl
        __FT    \kind, \out, "\op \a \b \c rup", \a, \b, \c, \op \ops, rup
        CHK     \e3, \fl
        __FT    \kind, \out, "\op \a \b \c rmm", \a, \b, \c, \op \ops, rmm
        CHK     \e4, \fl
        fsrmi   RM_RNE
        __FT    \kind, \out, "\op \a \b \c dyn(rne)", \a, \b, \c, \op \ops, dyn
        CHK     \e0, \fl
        fsrmi   RM_RTZ
        __FT    \kind, \out, "\op \a \b \c dyn(rtz)", \a, \b, \c, \op \ops, dyn
        CHK     \e1, \fl
        fsrmi   RM_RDN
        __FT    \kind, \out, "\op \a \b \c dyn(rdn)", \a, \b, \c, \op \ops, dyn
        CHK     \e2, \fl
        fsrmi   RM_RUP
        __FT    \kind, \out, "\op \a \b \c dyn(rup)", \a, \b, \c, \op \ops, dyn
        CHK     \e3, \fl
        fsrmi   RM_RMM
        __FT    \kind, \out, "\op \a \b \c dyn(rmm)", \a, \b, \c, \op \ops, dyn
        CHK     \e4, \fl
        fsrmi   RM_RNE
        .endm

TEST_BEGIN
        SECTION "single precision arithmetic"
        # 1 + 2^-24: exactly half an ulp above 1.0; tie to even stays at 1
        TRMC S, F, S_ONE, S_EPSH, 0, NX, BOX(S_ONE), BOX(S_ONE), BOX(S_ONE), BOX(0x3f800001), BOX(0x3f800001), fadd.s, fa0, fa1, fa2
        # (1+2^-23) + 2^-24: tie, even neighbour is above
        TRMC S, F, 0x3f800001, S_EPSH, 0, NX, BOX(0x3f800002), BOX(0x3f800001), BOX(0x3f800001), BOX(0x3f800002), BOX(0x3f800002), fadd.s, fa0, fa1, fa2
        # -1 - 2^-24: negative tie
        TRMC S, F, S_MONE, 0xb3800000, 0, NX, BOX(S_MONE), BOX(S_MONE), BOX(0xbf800001), BOX(S_MONE), BOX(0xbf800001), fadd.s, fa0, fa1, fa2
        # 1 + 2^-25: below the tie
        TRMC S, F, S_ONE, 0x33000000, 0, NX, BOX(S_ONE), BOX(S_ONE), BOX(S_ONE), BOX(0x3f800001), BOX(S_ONE), fadd.s, fa0, fa1, fa2
        # 1 - 1: exact zero is -0 only when rounding down
        TRMC S, F, S_ONE, S_ONE, 0, 0, BOX(S_P0), BOX(S_P0), BOX(S_N0), BOX(S_P0), BOX(S_P0), fsub.s, fa0, fa1, fa2
        # 1/3 = 0x3eaaaaaa + more than half an ulp
        TRMC S, F, S_ONE, S_THREE, 0, NX, BOX(0x3eaaaaab), BOX(0x3eaaaaaa), BOX(0x3eaaaaaa), BOX(0x3eaaaaab), BOX(0x3eaaaaab), fdiv.s, fa0, fa1, fa2
        TRMC S, F, S_MONE, S_THREE, 0, NX, BOX(0xbeaaaaab), BOX(0xbeaaaaaa), BOX(0xbeaaaaab), BOX(0xbeaaaaaa), BOX(0xbeaaaaab), fdiv.s, fa0, fa1, fa2
        # overflow: inf or max depending on direction, OF|NX always
        TRMC S, F, S_MAX, S_TWO, 0, OF|NX, BOX(S_INF), BOX(S_MAX), BOX(S_MAX), BOX(S_INF), BOX(S_INF), fmul.s, fa0, fa1, fa2
        TRMC S, F, S_MMAX, S_TWO, 0, OF|NX, BOX(S_MINF), BOX(S_MMAX), BOX(S_MINF), BOX(S_MMAX), BOX(S_MINF), fmul.s, fa0, fa1, fa2
        # underflow: 2^-150 is a tie between 0 and the smallest subnormal
        TRMC S, F, S_MINSUB, S_HALF, 0, UF|NX, BOX(S_P0), BOX(S_P0), BOX(S_P0), BOX(S_MINSUB), BOX(S_MINSUB), fmul.s, fa0, fa1, fa2
        TRMC S, F, S_MMINSUB, S_HALF, 0, UF|NX, BOX(S_N0), BOX(S_N0), BOX(S_MMINSUB), BOX(S_N0), BOX(S_MMINSUB), fmul.s, fa0, fa1, fa2
        # sqrt(2) = 0x3fb504f3 + less than half an ulp
        TRMC S, F, S_TWO, 0, 0, NX, BOX(0x3fb504f3), BOX(0x3fb504f3), BOX(0x3fb504f3), BOX(0x3fb504f4), BOX(0x3fb504f3), fsqrt.s, fa0, fa1
        # fused: 1*1 + 2^-24 is a tie, rounded once
        TRMC S, F, S_ONE, S_ONE, S_EPSH, NX, BOX(S_ONE), BOX(S_ONE), BOX(S_ONE), BOX(0x3f800001), BOX(0x3f800001), fmadd.s, fa0, fa1, fa2, fa3
        TRMC S, F, S_ONE, S_ONE, S_EPSH, NX, BOX(S_MONE), BOX(S_MONE), BOX(0xbf800001), BOX(S_MONE), BOX(0xbf800001), fnmadd.s, fa0, fa1, fa2, fa3
        TRMC S, F, S_ONE, S_ONE, S_ONE, 0, BOX(S_P0), BOX(S_P0), BOX(S_N0), BOX(S_P0), BOX(S_P0), fmsub.s, fa0, fa1, fa2, fa3
        TRMC S, F, S_ONE, S_ONE, S_ONE, 0, BOX(S_P0), BOX(S_P0), BOX(S_N0), BOX(S_P0), BOX(S_P0), fnmsub.s, fa0, fa1, fa2, fa3

        SECTION "single precision conversions"
        TRMC S, X, S_2P5, 0, 0, NX, 2, 2, 2, 3, 3, fcvt.w.s, a0, fa1
        TRMC S, X, 0xc0200000, 0, 0, NX, -2, -2, -3, -2, -3, fcvt.w.s, a0, fa1
        TRMC S, X, S_HALF, 0, 0, NX, 0, 0, 0, 1, 1, fcvt.w.s, a0, fa1
        TRMC S, X, S_MHALF, 0, 0, NX, 0, 0, -1, 0, -1, fcvt.w.s, a0, fa1
        TRMC S, X, S_1P5, 0, 0, NX, 2, 1, 1, 2, 2, fcvt.w.s, a0, fa1
        # -0.5 to unsigned: 0 with NX, or NV (out of range) when it rounds to -1
        TRMC S, X, S_MHALF, 0, 0, -1, 0, 0, 0, 0, 0, fcvt.wu.s, a0, fa1
        TRMC S, X, 0xc0200000, 0, 0, NX, -2, -2, -3, -2, -3, fcvt.l.s, a0, fa1
        TRMC S, X, S_2P5, 0, 0, NX, 2, 2, 2, 3, 3, fcvt.lu.s, a0, fa1
        TRMC S, X, S_2P5, 0, 0, NX, 2, 2, 2, 3, 3, fcvt.wu.s, a0, fa1
        # 2^31-1 has 31 significant bits
        TRMC D, F, 0x7fffffff, 0, 0, NX, BOX(0x4f000000), BOX(0x4effffff), BOX(0x4effffff), BOX(0x4f000000), BOX(0x4f000000), fcvt.s.w, fa0, a1
        TRMC D, F, -0x7fffffff, 0, 0, NX, BOX(0xcf000000), BOX(0xceffffff), BOX(0xcf000000), BOX(0xceffffff), BOX(0xcf000000), fcvt.s.w, fa0, a1
        # 2^24+1: tie between 2^24 and 2^24+2
        TRMC D, F, 16777217, 0, 0, NX, BOX(0x4b800000), BOX(0x4b800000), BOX(0x4b800000), BOX(0x4b800001), BOX(0x4b800001), fcvt.s.w, fa0, a1
        TRMC D, F, 16777217, 0, 0, NX, BOX(0x4b800000), BOX(0x4b800000), BOX(0x4b800000), BOX(0x4b800001), BOX(0x4b800001), fcvt.s.wu, fa0, a1
        TRMC D, F, -1, 0, 0, NX, BOX(S_2P64), BOX(0x5f7fffff), BOX(0x5f7fffff), BOX(S_2P64), BOX(S_2P64), fcvt.s.lu, fa0, a1
        TRMC D, F, 0x7fffffffffffffff, 0, 0, NX, BOX(S_2P63), BOX(0x5effffff), BOX(0x5effffff), BOX(S_2P63), BOX(S_2P63), fcvt.s.l, fa0, a1
        TRMC D, F, 0x8000000000000000, 0, 0, 0, BOX(S_M2P63), BOX(S_M2P63), BOX(S_M2P63), BOX(S_M2P63), BOX(S_M2P63), fcvt.s.l, fa0, a1
        # double -> single
        TRMC D, F, D_TENTH, 0, 0, NX, BOX(0x3dcccccd), BOX(0x3dcccccc), BOX(0x3dcccccc), BOX(0x3dcccccd), BOX(0x3dcccccd), fcvt.s.d, fa0, fa1
        TRMC D, F, 0xbfb999999999999a, 0, 0, NX, BOX(0xbdcccccd), BOX(0xbdcccccc), BOX(0xbdcccccd), BOX(0xbdcccccc), BOX(0xbdcccccd), fcvt.s.d, fa0, fa1
        TRMC D, F, D_MAX, 0, 0, OF|NX, BOX(S_INF), BOX(S_MAX), BOX(S_MAX), BOX(S_INF), BOX(S_INF), fcvt.s.d, fa0, fa1
        TRMC D, F, 0x3ff0000010000000, 0, 0, NX, BOX(S_ONE), BOX(S_ONE), BOX(S_ONE), BOX(0x3f800001), BOX(0x3f800001), fcvt.s.d, fa0, fa1
        # smallest double subnormal -> single: 0 or the smallest single subnormal
        TRMC D, F, D_MINSUB, 0, 0, UF|NX, BOX(S_P0), BOX(S_P0), BOX(S_P0), BOX(S_MINSUB), BOX(S_P0), fcvt.s.d, fa0, fa1

        SECTION "double precision arithmetic"
        TRMC D, F, D_ONE, D_EPSH, 0, NX, D_ONE, D_ONE, D_ONE, 0x3ff0000000000001, 0x3ff0000000000001, fadd.d, fa0, fa1, fa2
        TRMC D, F, 0x3ff0000000000001, D_EPSH, 0, NX, 0x3ff0000000000002, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000002, 0x3ff0000000000002, fadd.d, fa0, fa1, fa2
        TRMC D, F, D_MONE, 0xbca0000000000000, 0, NX, D_MONE, D_MONE, 0xbff0000000000001, D_MONE, 0xbff0000000000001, fadd.d, fa0, fa1, fa2
        TRMC D, F, D_ONE, D_ONE, 0, 0, D_P0, D_P0, D_N0, D_P0, D_P0, fsub.d, fa0, fa1, fa2
        # 1/3 = 0x3fd5555555555555 + less than half an ulp
        TRMC D, F, D_ONE, D_THREE, 0, NX, 0x3fd5555555555555, 0x3fd5555555555555, 0x3fd5555555555555, 0x3fd5555555555556, 0x3fd5555555555555, fdiv.d, fa0, fa1, fa2
        TRMC D, F, D_MONE, D_THREE, 0, NX, 0xbfd5555555555555, 0xbfd5555555555555, 0xbfd5555555555556, 0xbfd5555555555555, 0xbfd5555555555555, fdiv.d, fa0, fa1, fa2
        TRMC D, F, D_MAX, D_TWO, 0, OF|NX, D_INF, D_MAX, D_MAX, D_INF, D_INF, fmul.d, fa0, fa1, fa2
        TRMC D, F, D_MMAX, D_TWO, 0, OF|NX, D_MINF, D_MMAX, D_MINF, D_MMAX, D_MINF, fmul.d, fa0, fa1, fa2
        TRMC D, F, D_MINSUB, D_HALF, 0, UF|NX, D_P0, D_P0, D_P0, D_MINSUB, D_MINSUB, fmul.d, fa0, fa1, fa2
        # sqrt(2) = 0x3ff6a09e667f3bcc + more than half an ulp
        TRMC D, F, D_TWO, 0, 0, NX, 0x3ff6a09e667f3bcd, 0x3ff6a09e667f3bcc, 0x3ff6a09e667f3bcc, 0x3ff6a09e667f3bcd, 0x3ff6a09e667f3bcd, fsqrt.d, fa0, fa1
        TRMC D, F, D_ONE, D_ONE, D_EPSH, NX, D_ONE, D_ONE, D_ONE, 0x3ff0000000000001, 0x3ff0000000000001, fmadd.d, fa0, fa1, fa2, fa3
        TRMC D, F, D_ONE, D_ONE, D_ONE, 0, D_P0, D_P0, D_N0, D_P0, D_P0, fmsub.d, fa0, fa1, fa2, fa3

        SECTION "double precision conversions"
        TRMC D, X, D_2P5, 0, 0, NX, 2, 2, 2, 3, 3, fcvt.w.d, a0, fa1
        TRMC D, X, 0xc004000000000000, 0, 0, NX, -2, -2, -3, -2, -3, fcvt.w.d, a0, fa1
        TRMC D, X, D_MHALF, 0, 0, NX, 0, 0, -1, 0, -1, fcvt.l.d, a0, fa1
        TRMC D, X, D_2P5, 0, 0, NX, 2, 2, 2, 3, 3, fcvt.lu.d, a0, fa1
        TRMC D, X, D_2P5, 0, 0, NX, 2, 2, 2, 3, 3, fcvt.wu.d, a0, fa1
        TRMC D, X, D_1P5, 0, 0, NX, 2, 1, 1, 2, 2, fcvt.l.d, a0, fa1
        TRMC D, F, 0x7fffffffffffffff, 0, 0, NX, D_2P63, 0x43dfffffffffffff, 0x43dfffffffffffff, D_2P63, D_2P63, fcvt.d.l, fa0, a1
        TRMC D, F, -1, 0, 0, NX, D_2P64, 0x43efffffffffffff, 0x43efffffffffffff, D_2P64, D_2P64, fcvt.d.lu, fa0, a1
        # 2^53+1: tie between 2^53 and 2^53+2
        TRMC D, F, 0x20000000000001, 0, 0, NX, 0x4340000000000000, 0x4340000000000000, 0x4340000000000000, 0x4340000000000001, 0x4340000000000001, fcvt.d.l, fa0, a1
        TRMC D, F, -0x20000000000001, 0, 0, NX, 0xc340000000000000, 0xc340000000000000, 0xc340000000000001, 0xc340000000000000, 0xc340000000000001, fcvt.d.l, fa0, a1
        # exact in every mode
        TRMC D, F, 0x7fffffff, 0, 0, 0, 0x41dfffffffc00000, 0x41dfffffffc00000, 0x41dfffffffc00000, 0x41dfffffffc00000, 0x41dfffffffc00000, FCVT_D_W, fa0, a1
        TRMC D, F, 0xffffffff, 0, 0, 0, 0x41efffffffe00000, 0x41efffffffe00000, 0x41efffffffe00000, 0x41efffffffe00000, 0x41efffffffe00000, FCVT_D_WU, fa0, a1

        SECTION "frm survives FP operations and is read back"
        fsrmi   RM_RUP
        LI_S    fa1, S_ONE
        LI_S    fa2, S_EPSH
        fadd.s  fa0, fa1, fa2
        frrm    a0
        PR      "frm after fadd.s", a0
        CHK     RM_RUP
        fmv.x.d a0, fa0
        PR      "fadd.s with frm=rup, default rm (dyn)", a0
        CHK     BOX(0x3f800001)
        fsrmi   RM_RNE
TEST_END
