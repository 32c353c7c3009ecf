# Conversions: fcvt.{w,wu,l,lu}.{s,d} over boundary values (saturation on
# NaN, +-inf and out-of-range inputs, -0.0, values just inside and just
# outside each integer range, 32-bit results sign-extended even for the
# unsigned forms), fcvt.{s,d}.{w,wu,l,lu} (W forms read only the low 32
# bits), fcvt.s.d and fcvt.d.s (NaN canonicalisation, overflow, subnormals).
#include "lib.h"

#define SCV S_P0, S_N0, S_ONE, S_MONE, S_HALF, S_MHALF, S_1P5, 0xbfc00000, S_2P5, 0x4effffff, S_2P31, S_M2P31, 0xcf000001, S_2P32, 0x4f7fffff, S_2P63, S_M2P63, 0x5effffff, 0xdf000001, S_2P64, 0x5f7fffff, S_MAX, S_MMAX, S_INF, S_MINF, S_QNAN, S_NQNANP, S_SNAN, S_MINSUB, S_MMINSUB
#define DCV D_P0, D_N0, D_ONE, D_MONE, D_HALF, D_MHALF, D_1P5, 0xbff8000000000000, 0x41dfffffffc00000, 0x41dfffffffe00000, D_2P31, D_M2P31, 0xc1e0000000100000, 0xc1e0000000200000, 0x41efffffffe00000, 0x41effffffff00000, D_2P32, 0x43dfffffffffffff, D_2P63, D_M2P63, 0xc3e0000000000001, 0x43efffffffffffff, D_2P64, D_MAX, D_MMAX, D_INF, D_MINF, D_QNAN, D_NQNANP, D_SNAN, D_MINSUB, D_MMINSUB
#define ICV 0, 1, -1, 0x7fffffff, 0xffffffff80000000, 0xffffffff, 0x80000000, 0x1234567800000001, 0x7fffffffffffffff, 0x8000000000000000, 0x1000001, 0x20000001, 0x20000000000001, -0x20000001

#define IMAX32 0x7fffffff
#define IMIN32 0xffffffff80000000
#define IMAX64 0x7fffffffffffffff
#define IMIN64 0x8000000000000000

TEST_BEGIN
        SECTION "single -> integer"
        .irp op, fcvt.w.s, fcvt.wu.s, fcvt.l.s, fcvt.lu.s
        .irp rm, rtz, rne
        .irp a, SCV
        TSX     "\op \a \rm", \a, 0, 0, \op a0, fa1, \rm
        .endr
        .endr
        .endr

        SECTION "double -> integer"
        .irp op, fcvt.w.d, fcvt.wu.d, fcvt.l.d, fcvt.lu.d
        .irp rm, rtz, rne
        .irp a, DCV
        TDX     "\op \a \rm", \a, 0, 0, \op a0, fa1, \rm
        .endr
        .endr
        .endr

        SECTION "integer -> single / double (rne)"
        .irp op, fcvt.s.w, fcvt.s.wu, fcvt.s.l, fcvt.s.lu, fcvt.d.l, fcvt.d.lu
        .irp a, ICV
        TDF     "\op \a", \a, 0, 0, \op fa0, a1, rne
        .endr
        .endr
        .irp a, ICV
        TDF     "fcvt.d.w \a", \a, 0, 0, fcvt.d.w fa0, a1
        TDF     "fcvt.d.wu \a", \a, 0, 0, fcvt.d.wu fa0, a1
        .endr

        SECTION "double <-> single"
        .irp a, DCV, D_TENTH, 0x36a0000000000000, 0x3ff0000010000000, 0x47efffffe0000000, 0x47efffffe8000000, 0x47effffff0000000
        TDF     "fcvt.s.d \a", \a, 0, 0, fcvt.s.d fa0, fa1, rne
        .endr
        .irp a, SCV, S_TENTH, S_MAXSUB, S_SNANP
        TSF     "fcvt.d.s \a", \a, 0, 0, fcvt.d.s fa0, fa1
        .endr
        .irp rm, rtz, rdn, rup, rmm, dyn
        TSF     "fcvt.d.s S_TENTH \rm", S_TENTH, 0, 0, FCVT_D_S fa0, fa1, \rm
        CHK     0x3fb99999a0000000, 0           # exact in every rounding mode
        .endr

        SECTION "hand-checked: fcvt.w.s / fcvt.wu.s (rtz)"
        TSX     "w.s qNaN", S_QNAN, 0, 0, fcvt.w.s a0, fa1, rtz
        CHK     IMAX32, NV                      # NaN -> 2^31-1
        TSX     "w.s -qNaN", S_NQNANP, 0, 0, fcvt.w.s a0, fa1, rtz
        CHK     IMAX32, NV                      # sign of a NaN is ignored
        TSX     "w.s sNaN", S_SNAN, 0, 0, fcvt.w.s a0, fa1, rtz
        CHK     IMAX32, NV
        TSX     "w.s +inf", S_INF, 0, 0, fcvt.w.s a0, fa1, rtz
        CHK     IMAX32, NV
        TSX     "w.s -inf", S_MINF, 0, 0, fcvt.w.s a0, fa1, rtz
        CHK     IMIN32, NV                      # -2^31, sign-extended
        TSX     "w.s 2^31", S_2P31, 0, 0, fcvt.w.s a0, fa1, rtz
        CHK     IMAX32, NV
        TSX     "w.s -2^31", S_M2P31, 0, 0, fcvt.w.s a0, fa1, rtz
        CHK     IMIN32, 0                       # exactly representable
        TSX     "w.s -2^31-256", 0xcf000001, 0, 0, fcvt.w.s a0, fa1, rtz
        CHK     IMIN32, NV
        TSX     "w.s 2147483520", 0x4effffff, 0, 0, fcvt.w.s a0, fa1, rtz
        CHK     0x7fffff80, 0
        TSX     "w.s -0", S_N0, 0, 0, fcvt.w.s a0, fa1, rtz
        CHK     0, 0
        TSX     "w.s -1", S_MONE, 0, 0, fcvt.w.s a0, fa1, rtz
        CHK     -1, 0
        TSX     "w.s minsub", S_MINSUB, 0, 0, fcvt.w.s a0, fa1, rtz
        CHK     0, NX
        TSX     "wu.s qNaN", S_QNAN, 0, 0, fcvt.wu.s a0, fa1, rtz
        CHK     -1, NV                          # 2^32-1, sign-extended to 64 bits
        TSX     "wu.s +inf", S_INF, 0, 0, fcvt.wu.s a0, fa1, rtz
        CHK     -1, NV
        TSX     "wu.s -inf", S_MINF, 0, 0, fcvt.wu.s a0, fa1, rtz
        CHK     0, NV
        TSX     "wu.s -1", S_MONE, 0, 0, fcvt.wu.s a0, fa1, rtz
        CHK     0, NV
        TSX     "wu.s -0.5", S_MHALF, 0, 0, fcvt.wu.s a0, fa1, rtz
        CHK     0, NX                           # rounds to -0, in range
        TSX     "wu.s -0", S_N0, 0, 0, fcvt.wu.s a0, fa1, rtz
        CHK     0, 0
        TSX     "wu.s 4294967040", 0x4f7fffff, 0, 0, fcvt.wu.s a0, fa1, rtz
        CHK     0xffffffffffffff00, 0           # sign-extended
        TSX     "wu.s 2^31", S_2P31, 0, 0, fcvt.wu.s a0, fa1, rtz
        CHK     IMIN32, 0                       # 0x80000000 sign-extended
        TSX     "wu.s 2^32", S_2P32, 0, 0, fcvt.wu.s a0, fa1, rtz
        CHK     -1, NV

        SECTION "hand-checked: fcvt.l.s / fcvt.lu.s (rtz)"
        TSX     "l.s qNaN", S_QNAN, 0, 0, fcvt.l.s a0, fa1, rtz
        CHK     IMAX64, NV
        TSX     "l.s -inf", S_MINF, 0, 0, fcvt.l.s a0, fa1, rtz
        CHK     IMIN64, NV
        TSX     "l.s 2^63", S_2P63, 0, 0, fcvt.l.s a0, fa1, rtz
        CHK     IMAX64, NV
        TSX     "l.s -2^63", S_M2P63, 0, 0, fcvt.l.s a0, fa1, rtz
        CHK     IMIN64, 0
        TSX     "l.s largest below 2^63", 0x5effffff, 0, 0, fcvt.l.s a0, fa1, rtz
        CHK     0x7fffff8000000000, 0
        TSX     "l.s next below -2^63", 0xdf000001, 0, 0, fcvt.l.s a0, fa1, rtz
        CHK     IMIN64, NV
        TSX     "lu.s qNaN", S_QNAN, 0, 0, fcvt.lu.s a0, fa1, rtz
        CHK     -1, NV
        TSX     "lu.s -1", S_MONE, 0, 0, fcvt.lu.s a0, fa1, rtz
        CHK     0, NV
        TSX     "lu.s 2^64", S_2P64, 0, 0, fcvt.lu.s a0, fa1, rtz
        CHK     -1, NV
        TSX     "lu.s largest below 2^64", 0x5f7fffff, 0, 0, fcvt.lu.s a0, fa1, rtz
        CHK     0xffffff0000000000, 0
        TSX     "lu.s -inf", S_MINF, 0, 0, fcvt.lu.s a0, fa1, rtz
        CHK     0, NV
        TSX     "lu.s -0.5", S_MHALF, 0, 0, fcvt.lu.s a0, fa1, rtz
        CHK     0, NX

        SECTION "hand-checked: from double"
        TDX     "w.d 2147483647.0", 0x41dfffffffc00000, 0, 0, fcvt.w.d a0, fa1, rtz
        CHK     IMAX32, 0
        TDX     "w.d 2147483647.5 rtz", 0x41dfffffffe00000, 0, 0, fcvt.w.d a0, fa1, rtz
        CHK     IMAX32, NX
        TDX     "w.d 2147483647.5 rne", 0x41dfffffffe00000, 0, 0, fcvt.w.d a0, fa1, rne
        CHK     IMAX32, NV                      # ties to even = 2^31: out of range
        TDX     "w.d -2147483648.5 rtz", 0xc1e0000000100000, 0, 0, fcvt.w.d a0, fa1, rtz
        CHK     IMIN32, NX
        TDX     "w.d -2147483648.5 rne", 0xc1e0000000100000, 0, 0, fcvt.w.d a0, fa1, rne
        CHK     IMIN32, NX                      # ties to even = -2^31: in range
        TDX     "w.d -2147483649", 0xc1e0000000200000, 0, 0, fcvt.w.d a0, fa1, rtz
        CHK     IMIN32, NV
        TDX     "w.d NaN", D_QNAN, 0, 0, fcvt.w.d a0, fa1, rtz
        CHK     IMAX32, NV
        TDX     "w.d -NaN", D_NQNANP, 0, 0, fcvt.w.d a0, fa1, rtz
        CHK     IMAX32, NV
        TDX     "wu.d 4294967295", 0x41efffffffe00000, 0, 0, fcvt.wu.d a0, fa1, rtz
        CHK     -1, 0                           # 0xffffffff sign-extended
        TDX     "wu.d 4294967295.5 rtz", 0x41effffffff00000, 0, 0, fcvt.wu.d a0, fa1, rtz
        CHK     -1, NX
        TDX     "wu.d 4294967295.5 rne", 0x41effffffff00000, 0, 0, fcvt.wu.d a0, fa1, rne
        CHK     -1, NV                          # rounds to 2^32: saturates
        TDX     "wu.d -0", D_N0, 0, 0, fcvt.wu.d a0, fa1, rtz
        CHK     0, 0
        TDX     "wu.d -inf", D_MINF, 0, 0, fcvt.wu.d a0, fa1, rtz
        CHK     0, NV
        TDX     "l.d largest below 2^63", 0x43dfffffffffffff, 0, 0, fcvt.l.d a0, fa1, rtz
        CHK     0x7ffffffffffffc00, 0
        TDX     "l.d 2^63", D_2P63, 0, 0, fcvt.l.d a0, fa1, rtz
        CHK     IMAX64, NV
        TDX     "l.d -2^63", D_M2P63, 0, 0, fcvt.l.d a0, fa1, rtz
        CHK     IMIN64, 0
        TDX     "l.d next below -2^63", 0xc3e0000000000001, 0, 0, fcvt.l.d a0, fa1, rtz
        CHK     IMIN64, NV
        TDX     "l.d +inf", D_INF, 0, 0, fcvt.l.d a0, fa1, rtz
        CHK     IMAX64, NV
        TDX     "l.d sNaN", D_SNAN, 0, 0, fcvt.l.d a0, fa1, rtz
        CHK     IMAX64, NV
        TDX     "lu.d largest below 2^64", 0x43efffffffffffff, 0, 0, fcvt.lu.d a0, fa1, rtz
        CHK     0xfffffffffffff800, 0
        TDX     "lu.d 2^64", D_2P64, 0, 0, fcvt.lu.d a0, fa1, rtz
        CHK     -1, NV
        TDX     "lu.d -1", D_MONE, 0, 0, fcvt.lu.d a0, fa1, rtz
        CHK     0, NV
        TDX     "lu.d NaN", D_QNAN, 0, 0, fcvt.lu.d a0, fa1, rtz
        CHK     -1, NV
        TDX     "lu.d -minsub", D_MMINSUB, 0, 0, fcvt.lu.d a0, fa1, rtz
        CHK     0, NX

        SECTION "hand-checked: integer -> float"
        TDF     "s.w upper bits ignored", 0x1234567800000001, 0, 0, fcvt.s.w fa0, a1
        CHK     BOX(S_ONE), 0
        TDF     "s.w 0xffffffff", 0xffffffff, 0, 0, fcvt.s.w fa0, a1
        CHK     BOX(S_MONE), 0                  # low word is -1
        TDF     "s.wu 0xffffffff80000000", 0xffffffff80000000, 0, 0, fcvt.s.wu fa0, a1
        CHK     BOX(S_2P31), 0                  # low word as unsigned
        TDF     "s.wu 0xffffffff", 0xffffffff, 0, 0, fcvt.s.wu fa0, a1
        CHK     BOX(S_2P32), NX
        TDF     "s.w 0", 0, 0, 0, fcvt.s.w fa0, a1
        CHK     BOX(S_P0), 0                    # +0, never -0
        TDF     "s.l -1", -1, 0, 0, fcvt.s.l fa0, a1
        CHK     BOX(S_MONE), 0
        TDF     "d.lu 2^63", 0x8000000000000000, 0, 0, fcvt.d.lu fa0, a1
        CHK     D_2P63, 0
        TDF     "d.l -2^63", 0x8000000000000000, 0, 0, fcvt.d.l fa0, a1
        CHK     D_M2P63, 0
        TDF     "d.w 0x80000000", 0x80000000, 0, 0, fcvt.d.w fa0, a1
        CHK     D_M2P31, 0
        TDF     "d.wu 0xffffffff80000000", 0xffffffff80000000, 0, 0, fcvt.d.wu fa0, a1
        CHK     D_2P31, 0
        TDF     "d.l 2^53+1", 0x20000000000001, 0, 0, fcvt.d.l fa0, a1
        CHK     0x4340000000000000, NX

        SECTION "hand-checked: fcvt.s.d / fcvt.d.s"
        TDF     "s.d sNaN", D_SNAN, 0, 0, fcvt.s.d fa0, fa1
        CHK     BOX(S_QNAN), NV
        TDF     "s.d -qNaN(payload)", D_NQNANP, 0, 0, fcvt.s.d fa0, fa1
        CHK     BOX(S_QNAN), 0                  # canonical, no payload transfer
        TDF     "s.d -inf", D_MINF, 0, 0, fcvt.s.d fa0, fa1
        CHK     BOX(S_MINF), 0
        TDF     "s.d -0", D_N0, 0, 0, fcvt.s.d fa0, fa1
        CHK     BOX(S_N0), 0
        TDF     "s.d max", D_MAX, 0, 0, fcvt.s.d fa0, fa1
        CHK     BOX(S_INF), OF|NX
        TDF     "s.d 2^-149", 0x36a0000000000000, 0, 0, fcvt.s.d fa0, fa1
        CHK     BOX(S_MINSUB), 0                # exact subnormal
        TDF     "s.d minsub", D_MINSUB, 0, 0, fcvt.s.d fa0, fa1
        CHK     BOX(S_P0), UF|NX
        TDF     "s.d 0.1", D_TENTH, 0, 0, fcvt.s.d fa0, fa1
        CHK     BOX(0x3dcccccd), NX
        TDF     "s.d single max + half ulp", 0x47effffff0000000, 0, 0, fcvt.s.d fa0, fa1
        CHK     BOX(S_INF), OF|NX               # tie rounds to even = 2^128
        TSF     "d.s sNaN", S_SNAN, 0, 0, fcvt.d.s fa0, fa1
        CHK     D_QNAN, NV
        TSF     "d.s -qNaN(payload)", S_NQNANP, 0, 0, fcvt.d.s fa0, fa1
        CHK     D_QNAN, 0
        TSF     "d.s minsub", S_MINSUB, 0, 0, fcvt.d.s fa0, fa1
        CHK     0x36a0000000000000, 0
        TSF     "d.s max", S_MAX, 0, 0, fcvt.d.s fa0, fa1
        CHK     0x47efffffe0000000, 0
        TSF     "d.s -inf", S_MINF, 0, 0, fcvt.d.s fa0, fa1
        CHK     D_MINF, 0
TEST_END
