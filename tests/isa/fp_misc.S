# F/D non-arithmetic instructions: fsgnj/fsgnjn/fsgnjx (NaN payloads kept,
# never any flag), feq/flt/fle (quiet vs signalling comparisons, -0 == +0),
# fclass of every class in both precisions, fmv.x.w (sign-extends, reads the
# low 32 bits as they are), fmv.w.x (boxes), fmv.x.d / fmv.d.x, flw/fsw/
# fld/fsd (bit patterns unchanged, flw boxes), and NaN boxing: every
# single-precision operation that reads a register whose upper 32 bits are not
# all ones must see the canonical NaN.
#include "lib.h"

#define SG S_ONE, S_MONE, S_P0, S_N0, S_QNAN, S_NQNANP, S_SNAN, S_MINF
#define DG D_ONE, D_MONE, D_P0, D_N0, D_QNAN, D_NQNANP, D_SNAN, D_MINF
#define SC S_P0, S_N0, S_ONE, S_MONE, S_MAX, S_MINSUB, S_INF, S_MINF, S_QNAN, S_SNAN
#define DC D_P0, D_N0, D_ONE, D_MONE, D_MAX, D_MINSUB, D_INF, D_MINF, D_QNAN, D_SNAN

#define CNAN BOX(S_QNAN)
#define UNBOXED_ONE 0x000000003f800000
#define UNBOXED_NEG 0x0000000080000000

TEST_BEGIN
        SECTION "sign injection"
        .irp op, fsgnj.s, fsgnjn.s, fsgnjx.s
        .irp a, SG
        .irp b, SG
        TSF     "\op \a \b", \a, \b, 0, \op fa0, fa1, fa2
        .endr
        .endr
        .endr
        .irp op, fsgnj.d, fsgnjn.d, fsgnjx.d
        .irp a, DG
        .irp b, DG
        TDF     "\op \a \b", \a, \b, 0, \op fa0, fa1, fa2
        .endr
        .endr
        .endr
        TSF     "fsgnjn.s sNaN sNaN (fneg)", S_SNAN, S_SNAN, 0, fsgnjn.s fa0, fa1, fa2
        CHK     BOX(0xff800001), 0              # payload kept, no NV
        TDF     "fsgnj.d sNaN -1", D_SNAN, D_MONE, 0, fsgnj.d fa0, fa1, fa2
        CHK     0xfff0000000000001, 0
        TDF     "fsgnjx.d -1 -1 (fabs of product sign)", D_MONE, D_MONE, 0, fsgnjx.d fa0, fa1, fa2
        CHK     D_ONE, 0
        TSF     "fsgnjx.s -qNaN -1", S_NQNANP, S_MONE, 0, fsgnjx.s fa0, fa1, fa2
        CHK     BOX(0x7fc00123), 0
        LI_D    fa1, D_MONE
        fabs.d  fa0, fa1
        fmv.x.d a0, fa0
        PR      "fabs.d -1", a0
        CHK     D_ONE
        LI_S    fa1, S_ONE
        fneg.s  fa0, fa1
        fmv.x.d a0, fa0
        PR      "fneg.s 1", a0
        CHK     BOX(S_MONE)
        LI_D    fa1, D_TENTH
        fmv.d   fa0, fa1
        fmv.x.d a0, fa0
        PR      "fmv.d", a0
        CHK     D_TENTH

        SECTION "comparisons"
        .irp op, feq.s, flt.s, fle.s
        .irp a, SC
        .irp b, SC
        TSX     "\op \a \b", \a, \b, 0, \op a0, fa1, fa2
        .endr
        .endr
        .endr
        .irp op, feq.d, flt.d, fle.d
        .irp a, DC
        .irp b, DC
        TDX     "\op \a \b", \a, \b, 0, \op a0, fa1, fa2
        .endr
        .endr
        .endr
        TSX     "feq.s -0 +0", S_N0, S_P0, 0, feq.s a0, fa1, fa2
        CHK     1, 0
        TSX     "flt.s -0 +0", S_N0, S_P0, 0, flt.s a0, fa1, fa2
        CHK     0, 0
        TSX     "fle.s +0 -0", S_P0, S_N0, 0, fle.s a0, fa1, fa2
        CHK     1, 0
        TSX     "feq.s qNaN qNaN", S_QNAN, S_QNAN, 0, feq.s a0, fa1, fa2
        CHK     0, 0                            # quiet comparison: no flag for qNaN
        TSX     "feq.s sNaN 1", S_SNAN, S_ONE, 0, feq.s a0, fa1, fa2
        CHK     0, NV                           # ... but sNaN signals
        TSX     "flt.s qNaN 1", S_QNAN, S_ONE, 0, flt.s a0, fa1, fa2
        CHK     0, NV                           # signalling comparison: any NaN
        TSX     "fle.s 1 qNaN", S_ONE, S_QNAN, 0, fle.s a0, fa1, fa2
        CHK     0, NV
        TDX     "feq.d qNaN qNaN", D_QNAN, D_QNAN, 0, feq.d a0, fa1, fa2
        CHK     0, 0
        TDX     "flt.d -inf minsub", D_MINF, D_MINSUB, 0, flt.d a0, fa1, fa2
        CHK     1, 0
        TDX     "fle.d inf inf", D_INF, D_INF, 0, fle.d a0, fa1, fa2
        CHK     1, 0
        TDX     "fle.d sNaN sNaN", D_SNAN, D_SNAN, 0, fle.d a0, fa1, fa2
        CHK     0, NV

        SECTION "fclass.s"
        .irp a, S_MINF, S_MMAX, S_MONE, S_MMINSUB, 0x807fffff, S_N0, S_P0, S_MINSUB, S_MAXSUB, S_MINN, S_ONE, S_MAX, S_INF, S_SNAN, S_SNANP, 0xff800001, S_QNAN, S_NQNANP, 0x7fffffff
        TSX     "fclass.s \a", \a, 0, 0, fclass.s a0, fa1
        .endr
        TSX     "fclass.s -inf", S_MINF, 0, 0, fclass.s a0, fa1
        CHK     0x001, 0
        TSX     "fclass.s -normal", S_MONE, 0, 0, fclass.s a0, fa1
        CHK     0x002, 0
        TSX     "fclass.s -subnormal", S_MMINSUB, 0, 0, fclass.s a0, fa1
        CHK     0x004, 0
        TSX     "fclass.s -0", S_N0, 0, 0, fclass.s a0, fa1
        CHK     0x008, 0
        TSX     "fclass.s +0", S_P0, 0, 0, fclass.s a0, fa1
        CHK     0x010, 0
        TSX     "fclass.s +subnormal", S_MAXSUB, 0, 0, fclass.s a0, fa1
        CHK     0x020, 0
        TSX     "fclass.s +normal", S_MINN, 0, 0, fclass.s a0, fa1
        CHK     0x040, 0
        TSX     "fclass.s +inf", S_INF, 0, 0, fclass.s a0, fa1
        CHK     0x080, 0
        TSX     "fclass.s sNaN", S_SNAN, 0, 0, fclass.s a0, fa1
        CHK     0x100, 0                        # never raises a flag
        TSX     "fclass.s -sNaN", 0xff800001, 0, 0, fclass.s a0, fa1
        CHK     0x100, 0
        TSX     "fclass.s qNaN", S_QNAN, 0, 0, fclass.s a0, fa1
        CHK     0x200, 0
        TSX     "fclass.s -qNaN", S_NQNANP, 0, 0, fclass.s a0, fa1
        CHK     0x200, 0

        SECTION "fclass.d"
        .irp a, D_MINF, D_MMAX, D_MONE, D_MMINSUB, 0x800fffffffffffff, D_N0, D_P0, D_MINSUB, D_MAXSUB, D_MINN, D_ONE, D_MAX, D_INF, D_SNAN, D_SNANP, 0xfff0000000000001, D_QNAN, D_NQNANP, 0x7fffffffffffffff
        TDX     "fclass.d \a", \a, 0, 0, fclass.d a0, fa1
        .endr
        TDX     "fclass.d -inf", D_MINF, 0, 0, fclass.d a0, fa1
        CHK     0x001, 0
        TDX     "fclass.d -normal", D_MMAX, 0, 0, fclass.d a0, fa1
        CHK     0x002, 0
        TDX     "fclass.d -subnormal", 0x800fffffffffffff, 0, 0, fclass.d a0, fa1
        CHK     0x004, 0
        TDX     "fclass.d -0", D_N0, 0, 0, fclass.d a0, fa1
        CHK     0x008, 0
        TDX     "fclass.d +0", D_P0, 0, 0, fclass.d a0, fa1
        CHK     0x010, 0
        TDX     "fclass.d +subnormal", D_MINSUB, 0, 0, fclass.d a0, fa1
        CHK     0x020, 0
        TDX     "fclass.d +normal", D_MAX, 0, 0, fclass.d a0, fa1
        CHK     0x040, 0
        TDX     "fclass.d +inf", D_INF, 0, 0, fclass.d a0, fa1
        CHK     0x080, 0
        TDX     "fclass.d sNaN", D_SNANP, 0, 0, fclass.d a0, fa1
        CHK     0x100, 0
        TDX     "fclass.d qNaN", 0x7fffffffffffffff, 0, 0, fclass.d a0, fa1
        CHK     0x200, 0

        SECTION "moves between register files"
        li      a1, 0x0000000080000000
        fmv.d.x fa1, a1
        fmv.x.w a0, fa1
        PR      "fmv.x.w 0x80000000 sign-extends", a0
        CHK     0xffffffff80000000
        li      a1, 0x123456787fffffff
        fmv.d.x fa1, a1
        fmv.x.w a0, fa1
        PR      "fmv.x.w low word only", a0
        CHK     0x7fffffff
        li      a1, 0x123456789abcdef0
        fmv.w.x fa0, a1
        fmv.x.d a0, fa0
        PR      "fmv.w.x boxes the low word", a0
        CHK     0xffffffff9abcdef0
        fmv.w.x fa0, zero
        fmv.x.d a0, fa0
        PR      "fmv.w.x zero", a0
        CHK     0xffffffff00000000
        li      a1, D_SNAN
        fmv.d.x fa0, a1
        fmv.x.d a0, fa0
        PR      "fmv.d.x/fmv.x.d sNaN unchanged", a0
        CHK     D_SNAN
        li      a1, S_SNAN
        fmv.w.x fa0, a1
        fmv.x.w a0, fa0
        PR      "fmv.w.x/fmv.x.w sNaN unchanged", a0
        CHK     S_SNAN
        fmv.d.x fa0, zero
        fmv.x.d a0, fa0
        PR      "fmv.d.x zero", a0
        CHK     0

        SECTION "FP loads and stores keep bit patterns"
        lla     a1, fbuf
        flw     fa0, 0(a1)
        fmv.x.d a0, fa0
        PR      "flw sNaN: boxed, unchanged", a0
        CHK     BOX(S_SNAN)
        flw     fa0, 4(a1)
        fmv.x.d a0, fa0
        PR      "flw -qNaN payload", a0
        CHK     BOX(S_NQNANP)
        fld     fa0, 8(a1)
        fmv.x.d a0, fa0
        PR      "fld sNaN", a0
        CHK     D_SNAN
        fld     fa0, 16(a1)
        fmv.x.d a0, fa0
        PR      "fld unboxed single pattern", a0
        CHK     UNBOXED_ONE
        fsd     fa0, 24(a1)
        ld      a0, 24(a1)
        PR      "fsd", a0
        CHK     UNBOXED_ONE
        li      t0, 0x1234567887654321
        fmv.d.x fa0, t0
        fsw     fa0, 32(a1)                     # stores the low 32 bits, unboxed or not
        ld      a0, 32(a1)
        PR      "fsw of an unboxed register", a0
        CHK     0xaaaaaaaa87654321
        fld     fa2, -8(a1)
        fmv.x.d a0, fa2
        PR      "fld negative offset", a0
        CHK     0x0123456789abcdef
        flw     fa2, -4(a1)
        fmv.x.d a0, fa2
        PR      "flw negative offset", a0
        CHK     0xffffffff01234567
        li      t0, -1
        fmv.d.x fa3, t0
        flw     fa3, 0(a1)                      # overwrites the whole register
        fmv.x.d a0, fa3
        PR      "flw overwrites upper bits", a0
        CHK     BOX(S_SNAN)

        SECTION "NaN boxing: improperly boxed inputs read as canonical NaN"
        TDF     "fadd.s unboxed(1) + 1", UNBOXED_ONE, BOX(S_ONE), 0, fadd.s fa0, fa1, fa2
        CHK     CNAN, 0
        TDF     "fadd.s 1 + upper=0xfffffffe", BOX(S_ONE), 0xfffffffe3f800000, 0, fadd.s fa0, fa1, fa2
        CHK     CNAN, 0
        TDF     "fmul.s unboxed(sNaN) * 1", S_SNAN, BOX(S_ONE), 0, fmul.s fa0, fa1, fa2
        CHK     CNAN, 0                         # the sNaN bits are not seen: no NV
        TDF     "fsqrt.s unboxed(-1)", 0x00000000bf800000, 0, 0, fsqrt.s fa0, fa1
        CHK     CNAN, 0
        TDF     "fmadd.s 1*1+unboxed", BOX(S_ONE), BOX(S_ONE), UNBOXED_ONE, fmadd.s fa0, fa1, fa2, fa3
        CHK     CNAN, 0
        TDF     "fmin.s unboxed 2", UNBOXED_ONE, BOX(S_TWO), 0, fmin.s fa0, fa1, fa2
        CHK     BOX(S_TWO), 0
        TDF     "fmax.s unboxed unboxed", UNBOXED_ONE, UNBOXED_ONE, 0, fmax.s fa0, fa1, fa2
        CHK     CNAN, 0
        TDF     "fsgnj.s unboxed -1", UNBOXED_ONE, BOX(S_MONE), 0, fsgnj.s fa0, fa1, fa2
        CHK     BOX(0xffc00000), 0              # canonical NaN with rs2's sign
        TDF     "fsgnj.s 1 unboxed(neg)", BOX(S_ONE), UNBOXED_NEG, 0, fsgnj.s fa0, fa1, fa2
        CHK     BOX(S_ONE), 0                   # rs2 is the canonical NaN: sign +
        TDF     "fsgnjn.s 1 unboxed(neg)", BOX(S_ONE), UNBOXED_NEG, 0, fsgnjn.s fa0, fa1, fa2
        CHK     BOX(S_MONE), 0
        TDF     "fsgnjx.s -1 unboxed(neg)", BOX(S_MONE), UNBOXED_NEG, 0, fsgnjx.s fa0, fa1, fa2
        CHK     BOX(S_MONE), 0
        TDX     "fclass.s unboxed", UNBOXED_ONE, 0, 0, fclass.s a0, fa1
        CHK     0x200, 0                        # quiet NaN
        TDX     "feq.s unboxed unboxed", UNBOXED_ONE, UNBOXED_ONE, 0, feq.s a0, fa1, fa2
        CHK     0, 0
        TDX     "flt.s unboxed 1", UNBOXED_ONE, BOX(S_ONE), 0, flt.s a0, fa1, fa2
        CHK     0, NV
        TDX     "fle.s 1 unboxed", BOX(S_ONE), UNBOXED_ONE, 0, fle.s a0, fa1, fa2
        CHK     0, NV
        TDF     "fcvt.d.s unboxed", UNBOXED_ONE, 0, 0, fcvt.d.s fa0, fa1
        CHK     D_QNAN, 0
        TDX     "fcvt.w.s unboxed", UNBOXED_ONE, 0, 0, fcvt.w.s a0, fa1, rtz
        CHK     0x7fffffff, NV
        TDX     "fcvt.lu.s unboxed", UNBOXED_ONE, 0, 0, fcvt.lu.s a0, fa1, rtz
        CHK     -1, NV
        TDX     "fmv.x.w unboxed: raw low word", 0x1234567887654321, 0, 0, fmv.x.w a0, fa1
        CHK     0xffffffff87654321, 0           # transfers do not check boxing
        TDF     "fadd.s boxed 1 + boxed 1", BOX(S_ONE), BOX(S_ONE), 0, fadd.s fa0, fa1, fa2
        CHK     BOX(S_TWO), 0
        TDF     "fcvt.s.d result is boxed", D_ONE, 0, 0, fcvt.s.d fa0, fa1
        CHK     BOX(S_ONE), 0
        TDF     "fadd.d on a boxed single", BOX(S_ONE), D_ONE, 0, fadd.d fa0, fa1, fa2
        CHK     D_QNAN, 0                       # 0xffffffff3f800000 is a double qNaN
TEST_END

        .data
        .balign 8
        .dword  0x0123456789abcdef
fbuf:   .word   S_SNAN, S_NQNANP
        .dword  D_SNAN
        .dword  UNBOXED_ONE
        .dword  0
        .dword  0xaaaaaaaaaaaaaaaa
