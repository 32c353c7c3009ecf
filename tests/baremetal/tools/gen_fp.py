#!/usr/bin/env python3
"""Writes tests/baremetal/fp.S: F and D checks whose expected results and
flags come from fpref.py, an IEEE 754 model with RISC-V rules (fixed seed).
"gen_fp.py N" also prints which table entry or directed check number N
(the failing check number a run prints) is.

usage: python3 tests/baremetal/tools/gen_fp.py
"""
import os
import random
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fpref as R
from fpref import S, D
rnd = random.Random(2024)
BOX = 0xffffffff00000000
M64 = (1 << 64) - 1

SPEC = {
 S: [0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00000, 0xffc00001,
     0x7f800001, 0x00000001, 0x807fffff, 0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff, 0x3eaaaaab, 0x40490fdb,
     0x4b000001, 0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000, 0x4f000000, 0xcf000000, 0x5f000000,
     0xdf000000, 0x4f800000, 0x33800000, 0x34000000, 0x3f800001, 0xbf7fffff, 0x00400000, 0x3effffff],
 D: [0, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0x7ff0000000000000, 0xfff0000000000000,
     0x7ff8000000000000, 0x7ff4000000000000, 0xfff8000000000001, 0x7ff0000000000001, 1, 0x800fffffffffffff,
     0x0010000000000000, 0x8010000000000000, 0x7fefffffffffffff, 0xffefffffffffffff, 0x3fd5555555555555,
     0x400921fb54442d18, 0x4330000000000001, 0x3fe0000000000000, 0x3ff8000000000000, 0x4004000000000000,
     0xc004000000000000, 0x41e0000000000000, 0xc1e0000000000000, 0x43e0000000000000, 0xc3e0000000000000,
     0x41f0000000000000, 0x3ca0000000000000, 0x3cb0000000000000, 0x3ff0000000000001, 0xbfefffffffffffff,
     0x0008000000000000, 0x3fdfffffffffffff, 0x36a0000000000000, 0x47efffffe0000000, 0x380fffffe0000000],
}
def rand_val(fmt):
    r = rnd.random()
    if r < 0.55:
        return rnd.choice(SPEC[fmt])
    s = rnd.randrange(2)
    if r < 0.65:   # subnormal
        ex = 0
    elif r < 0.75:  # near the extremes
        ex = rnd.choice([1, 2, (1 << fmt.e) - 2, (1 << fmt.e) - 3])
    else:
        ex = fmt.bias + rnd.randrange(-40, 40)
    fr = rnd.randrange(1 << fmt.m)
    if rnd.random() < 0.3:
        fr &= ~((1 << (fmt.m - 3)) - 1)   # few significant bits: exact results
    return s << (fmt.e + fmt.m) | ex << fmt.m | fr

def box(fmt, v):
    return (BOX | v) if fmt is S else v

INTS32 = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x01000001, 0xfeffffff, 0x00ffffff, 12345, 0xfffffffd]
INTS64 = [0, 1, M64, 0x7fffffffffffffff, 0x8000000000000000, 0x0020000000000001, 0x00000000ffffffff,
          0xffffffff00000001, 0x0010000000000001, 0x7fffffffffffffc0, 0xfffffffffffffc00, 0x4000000000000401]
def rand_int(bits):
    if rnd.random() < 0.5:
        return rnd.choice(INTS32 if bits == 32 else INTS64)
    x = rnd.getrandbits(bits) >> rnd.randrange(bits - 1)
    if rnd.random() < 0.5:
        x = (-x) & ((1 << bits) - 1)
    return x

out = []
w = out.append
tables = []   # (label, entries)
N = 70

def entry(a, b, c, want, rm, flags):
    return (a, b, c, want, rm | flags << 8)

def table(label, entries):
    tables.append((label, entries))

ops_loops = []   # (macro, insn, label, count)
FMT = {'s': S, 'd': D}

for sfx, fmt in FMT.items():
    for op, fn in (('fadd', R.add), ('fsub', R.sub), ('fmul', R.mul), ('fdiv', R.div)):
        ents = []
        for i in range(N):
            a, b, rm = rand_val(fmt), rand_val(fmt), rnd.randrange(5)
            res, fl = fn(fmt, a, b, rm)
            ents.append(entry(box(fmt, a), box(fmt, b), 0, box(fmt, res), rm, fl))
        lab = '%s_%s' % (op, sfx)
        table(lab, ents); ops_loops.append(('FTAB_FFF', '%s.%s fa0, fa1, fa2' % (op, sfx), lab, len(ents)))
    for op, ismax in (('fmin', False), ('fmax', True)):
        ents = []
        for i in range(N):
            a, b = rand_val(fmt), rand_val(fmt)
            if i % 7 == 0: b = a ^ fmt.sign
            res, fl = R.minmax(fmt, a, b, ismax)
            ents.append(entry(box(fmt, a), box(fmt, b), 0, box(fmt, res), 0, fl))
        lab = '%s_%s' % (op, sfx)
        table(lab, ents); ops_loops.append(('FTAB_FFF', '%s.%s fa0, fa1, fa2' % (op, sfx), lab, len(ents)))
    ents = []
    for i in range(N):
        a, rm = rand_val(fmt), rnd.randrange(5)
        if i % 3 == 0: a &= ~fmt.sign
        res, fl = R.sqrt(fmt, a, rm)
        ents.append(entry(box(fmt, a), 0, 0, box(fmt, res), rm, fl))
    lab = 'fsqrt_%s' % sfx
    table(lab, ents); ops_loops.append(('FTAB_FFF', 'fsqrt.%s fa0, fa1' % sfx, lab, len(ents)))
    for op, np_, nc in (('fmadd', 0, 0), ('fmsub', 0, 1), ('fnmsub', 1, 0), ('fnmadd', 1, 1)):
        ents = []
        for i in range(N):
            a, b, c, rm = rand_val(fmt), rand_val(fmt), rand_val(fmt), rnd.randrange(5)
            if i % 5 == 0:   # cancellation: c = -(a*b) rounded
                p, _ = R.mul(fmt, a, b, R.RNE)
                c = p ^ (0 if (np_ ^ nc) else fmt.sign)
            res, fl = R.fma(fmt, a, b, c, rm, negprod=bool(np_), negc=bool(nc))
            ents.append(entry(box(fmt, a), box(fmt, b), box(fmt, c), box(fmt, res), rm, fl))
        lab = '%s_%s' % (op, sfx)
        table(lab, ents); ops_loops.append(('FTAB_FFF', '%s.%s fa0, fa1, fa2, fa3' % (op, sfx), lab, len(ents)))
    for op in ('eq', 'lt', 'le'):
        ents = []
        for i in range(N // 2):
            a, b = rand_val(fmt), rand_val(fmt)
            if i % 4 == 0: b = a
            if i % 9 == 0: b = a ^ fmt.sign
            res, fl = R.cmp(fmt, a, b, op)
            ents.append(entry(box(fmt, a), box(fmt, b), 0, res, 0, fl))
        lab = 'f%s_%s' % (op, sfx)
        table(lab, ents); ops_loops.append(('FTAB_FFI', 'f%s.%s a0, fa1, fa2' % (op, sfx), lab, len(ents)))
    ents = []
    for v in SPEC[fmt]:
        ents.append(entry(box(fmt, v), 0, 0, R.fclass(fmt, v), 0, 0))
    lab = 'fclass_%s' % sfx
    table(lab, ents); ops_loops.append(('FTAB_FFI', 'fclass.%s a0, fa1' % sfx, lab, len(ents)))
    for iop, bits, signed in (('w', 32, True), ('wu', 32, False), ('l', 64, True), ('lu', 64, False)):
        ents = []
        for i in range(N // 2):
            a, rm = rand_val(fmt), rnd.randrange(5)
            if i % 2 == 0:   # values near integers and the range limits
                base = rnd.choice([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.3, -0.7, 2.0**31 - 0.5, -2.0**31 - 0.5,
                                   2.0**32 - 0.5, 2.0**63, -2.0**63, 2.0**64, 4294967295.5, -1.0, 123456.75])
                import struct
                a = struct.unpack('<Q', struct.pack('<d', base))[0] if fmt is D else struct.unpack('<I', struct.pack('<f', base))[0]
            res, fl = R.to_int(fmt, a, rm, bits, signed)
            ents.append(entry(box(fmt, a), 0, 0, res, rm, fl))
        lab = 'fcvt_%s_%s' % (iop, sfx)
        table(lab, ents); ops_loops.append(('FTAB_FFI', 'fcvt.%s.%s a0, fa1' % (iop, sfx), lab, len(ents)))
        ents = []
        for i in range(N // 2):
            x, rm = rand_int(bits), rnd.randrange(5)
            xx = x
            if bits == 32 and rnd.random() < 0.5:   # only the low 32 bits count
                xx = x | (rnd.getrandbits(32) << 32)
            res, fl = R.from_int(fmt, x, rm, bits, signed)
            ents.append(entry(xx, 0, 0, box(fmt, res), rm, fl))
        lab = 'fcvt_%s_%s_int' % (sfx, iop)
        table(lab, ents); ops_loops.append(('FTAB_IF', 'fcvt.%s.%s fa0, a1' % (sfx, iop), lab, len(ents)))
# conversions between formats
ents = []
for i in range(N):
    a, rm = rand_val(D), rnd.randrange(5)
    res, fl = R.convert(S, D, a, rm)
    ents.append(entry(a, 0, 0, box(S, res), rm, fl))
table('fcvt_s_d', ents); ops_loops.append(('FTAB_FFF', 'fcvt.s.d fa0, fa1', 'fcvt_s_d', len(ents)))
ents = []
for i in range(N // 2):
    a = rand_val(S)
    res, fl = R.convert(D, S, a, 0)
    ents.append(entry(box(S, a), 0, 0, res, 0, fl))
table('fcvt_d_s', ents); ops_loops.append(('FTAB_FFF', 'fcvt.d.s fa0, fa1', 'fcvt_d_s', len(ents)))
# single-precision ops on improperly NaN-boxed inputs: treated as the canonical NaN
ents = []
for a in (0x000000003f800000, 0xfffffffe3f800000, 0x3ff0000000000000):
    ents.append(entry(a, box(S, 0x3f800000), 0, box(S, S.qnan), 0, 0))
table('unboxed_add', ents); ops_loops.append(('FTAB_FFF', 'fadd.s fa0, fa1, fa2', 'unboxed_add', len(ents)))
ents = [entry(0x3ff0000000000000, 0, 0, 1 << 9, 0, 0), entry(0x7f800000, 0, 0, 1 << 9, 0, 0)]
table('unboxed_class', ents); ops_loops.append(('FTAB_FFI', 'fclass.s a0, fa1', 'unboxed_class', len(ents)))

# ---------------------------------------------------------------- directed, static rounding modes
RMS = ['rne', 'rtz', 'rdn', 'rup', 'rmm']
directed = []
def d_ffop(insn_fmt, fmt, a, b, fn, c=None):
    for rm, name in enumerate(RMS):
        if c is None:
            res, fl = fn(fmt, a, b, rm)
            directed.append(('FF2', insn_fmt % name, box(fmt, a), box(fmt, b), 0, box(fmt, res), fl))
        else:
            res, fl = fn(fmt, a, b, c, rm)
            directed.append(('FF3', insn_fmt % name, box(fmt, a), box(fmt, b), box(fmt, c), box(fmt, res), fl))
# ties and 1/3 in every static mode
d_ffop('fadd.s fa0, fa1, fa2, %s', S, 0x3f800000, 0x33800000, R.add)      # 1 + 2^-24: tie
d_ffop('fadd.s fa0, fa1, fa2, %s', S, 0xbf800000, 0xb3800000, R.add)      # negative tie
d_ffop('fadd.s fa0, fa1, fa2, %s', S, 0x3f800001, 0x33800000, R.add)      # tie to odd
d_ffop('fdiv.s fa0, fa1, fa2, %s', S, 0x3f800000, 0x40400000, R.div)      # 1/3
d_ffop('fdiv.s fa0, fa1, fa2, %s', S, 0xbf800000, 0x40400000, R.div)      # -1/3
d_ffop('fdiv.d fa0, fa1, fa2, %s', D, 0x3ff0000000000000, 0x4008000000000000, R.div)
d_ffop('fdiv.d fa0, fa1, fa2, %s', D, 0xbff0000000000000, 0x4008000000000000, R.div)
d_ffop('fadd.d fa0, fa1, fa2, %s', D, 0x3ff0000000000000, 0x3ca0000000000000, R.add)
d_ffop('fsub.d fa0, fa1, fa2, %s', D, 0x3ff0000000000000, 0x3ff0000000000000, R.sub)   # exact zero sign
d_ffop('fsub.s fa0, fa1, fa2, %s', S, 0x3f800000, 0x3f800000, R.sub)
d_ffop('fmul.s fa0, fa1, fa2, %s', S, 0x7f7fffff, 0x40000000, R.mul)      # overflow
d_ffop('fmul.s fa0, fa1, fa2, %s', S, 0xff7fffff, 0x40000000, R.mul)
d_ffop('fmul.d fa0, fa1, fa2, %s', D, 0x7fefffffffffffff, 0x3ff0000000000001, R.mul)
d_ffop('fmul.s fa0, fa1, fa2, %s', S, 0x00800001, 0x3f000000, R.mul)      # underflow, inexact
d_ffop('fmul.d fa0, fa1, fa2, %s', D, 0x0010000000000001, 0x3fe0000000000000, R.mul)
d_ffop('fmul.s fa0, fa1, fa2, %s', S, 0x00ffffff, 0x3f7fffff, R.mul)      # tiny before, maybe not after rounding
d_ffop('fsqrt.s fa0, fa1, %s', S, 0x40000000, 0, lambda f, a, b, rm: R.sqrt(f, a, rm))
d_ffop('fsqrt.d fa0, fa1, %s', D, 0x4000000000000000, 0, lambda f, a, b, rm: R.sqrt(f, a, rm))
d_ffop('fmadd.s fa0, fa1, fa2, fa3, %s', S, 0x3f800001, 0x3f800001, R.fma, c=0xbf800002)
d_ffop('fmadd.d fa0, fa1, fa2, fa3, %s', D, 0x3ff0000000000001, 0x3ff0000000000001, R.fma, c=0xbff0000000000002)
d_ffop('fmsub.s fa0, fa1, fa2, fa3, %s', S, 0x3eaaaaab, 0x40400000, lambda f, a, b, c, rm: R.fma(f, a, b, c, rm, negc=True), c=0x3f800000)
d_ffop('fnmsub.d fa0, fa1, fa2, fa3, %s', D, 0x3fd5555555555555, 0x4008000000000000, lambda f, a, b, c, rm: R.fma(f, a, b, c, rm, negprod=True), c=0x3ff0000000000000)
d_ffop('fnmadd.s fa0, fa1, fa2, fa3, %s', S, 0x3f800000, 0x3f800000, lambda f, a, b, c, rm: R.fma(f, a, b, c, rm, negprod=True, negc=True), c=0xbf800000)
d_ffop('fcvt.s.d fa0, fa1, %s', D, 0x3fd5555555555555, 0, lambda f, a, b, rm: R.convert(S, D, a, rm))
d_ffop('fcvt.s.d fa0, fa1, %s', D, 0x36a0000000000000, 0, lambda f, a, b, rm: R.convert(S, D, a, rm))  # 2^-149: min subnormal
d_ffop('fcvt.s.d fa0, fa1, %s', D, 0x47efffffe0000000, 0, lambda f, a, b, rm: R.convert(S, D, a, rm))  # overflow boundary
# fcvt.s.d results are single: fix boxing of those entries
for i, e in enumerate(directed):
    if e[1].startswith('fcvt.s.d'):
        k, insn, a, b, c, res, fl = e
        rm = RMS.index(insn.split(', ')[-1])
        r, f = R.convert(S, D, a, rm)
        directed[i] = (k, insn, a, b, c, box(S, r), f)
import struct
for v in (2.5, -2.5, 0.5, -0.5, 1.5, -1.5, 2.0**31 - 0.5, -0.25):
    sb = struct.unpack('<I', struct.pack('<f', v))[0]
    db = struct.unpack('<Q', struct.pack('<d', v))[0]
    for rm, name in enumerate(RMS):
        res, fl = R.to_int(S, sb, rm, 32, True)
        directed.append(('FI', 'fcvt.w.s a0, fa1, %s' % name, box(S, sb), 0, 0, res, fl))
        res, fl = R.to_int(D, db, rm, 64, False)
        directed.append(('FI', 'fcvt.lu.d a0, fa1, %s' % name, db, 0, 0, res, fl))
for x in (0x0000000001000001, 0x7fffffffffffffff, 0xfffffffffffffffd):
    for rm, name in enumerate(RMS):
        res, fl = R.from_int(S, x, rm, 64, True)
        directed.append(('IF', 'fcvt.s.l fa0, a1, %s' % name, x, 0, 0, box(S, res), fl))
        res, fl = R.from_int(D, x, rm, 64, False)
        directed.append(('IF', 'fcvt.d.lu fa0, a1, %s' % name, x, 0, 0, res, fl))

w('''/*
 * Generated by tests/baremetal/tools/gen_fp.py; edit that, not this file.
 *
 * fp.S -- the F and D extensions. Every instruction of both, with expected
 * results and exception flags computed from the IEEE 754 definitions (with
 * RISC-V's rules: canonical NaN results, NaN-boxing of single-precision
 * values, saturating conversions, tininess after rounding) when this file
 * was written, checked under QEMU 10.0:
 *   - tables of operands through fadd/fsub/fmul/fdiv/fsqrt/fmin/fmax, the
 *     four fused multiply-adds, feq/flt/fle, fclass, every conversion
 *     (to and from 32/64-bit signed/unsigned integers, single <-> double),
 *     each entry with a dynamic rounding mode (frm) drawn from all five,
 *     on special values (signed zeros, infinities, quiet and signaling
 *     NaNs, subnormals, extremes, ties) and random ones; fflags checked
 *     after every entry (NV, DZ, OF, UF, NX);
 *   - the same instructions with each static rounding mode on ties, 1/3,
 *     overflow, underflow and exact-zero-sign cases;
 *   - sign injection, fmv.x.w/fmv.w.x/fmv.x.d/fmv.d.x, loads and stores,
 *     NaN-boxing (single ops on unboxed values see the canonical NaN);
 *   - fcsr/frm/fflags accesses and their field masks; reserved rounding
 *     modes (static 5/6, dynamic frm 5/6/7) raise illegal instruction;
 *   - mstatus.FS: an FP instruction with FS = Off is illegal, one that
 *     writes FP state makes FS Dirty and sets SD.
 * gp counts checks (exit code on failure).
 */
#include "bm.h"

/* table entry: a, b, c, want, frm | flags << 8 (5 doublewords) */
#define ENTRY 40

/* fp, fp[, fp] -> fp, compared as 64 bits (single results NaN-boxed) */
.macro FTAB_FFF insn:req, table:req, count:req
    la      s0, \\table
    li      s1, \\count
.Lloop\\@:
    addi    gp, gp, 1
    ld      s2, 32(s0)
    csrw    frm, s2
    ld      t0, 0(s0)
    fmv.d.x fa1, t0
    ld      t0, 8(s0)
    fmv.d.x fa2, t0
    ld      t0, 16(s0)
    fmv.d.x fa3, t0
    \\insn
    fmv.x.d a1, fa0
    ld      a2, 24(s0)
    bne     a1, a2, fp_value_failed
    csrrw   a1, fflags, zero
    srli    a2, s2, 8
    bne     a1, a2, fp_flags_failed
    addi    s0, s0, ENTRY
    addi    s1, s1, -1
    bnez    s1, .Lloop\\@
.endm

/* fp[, fp] -> integer register a0 */
.macro FTAB_FFI insn:req, table:req, count:req
    la      s0, \\table
    li      s1, \\count
.Lloop\\@:
    addi    gp, gp, 1
    ld      s2, 32(s0)
    csrw    frm, s2
    ld      t0, 0(s0)
    fmv.d.x fa1, t0
    ld      t0, 8(s0)
    fmv.d.x fa2, t0
    li      a0, 0x5a5a
    \\insn
    mv      a1, a0
    ld      a2, 24(s0)
    bne     a1, a2, fp_value_failed
    csrrw   a1, fflags, zero
    srli    a2, s2, 8
    bne     a1, a2, fp_flags_failed
    addi    s0, s0, ENTRY
    addi    s1, s1, -1
    bnez    s1, .Lloop\\@
.endm

/* integer register a1 -> fp */
.macro FTAB_IF insn:req, table:req, count:req
    la      s0, \\table
    li      s1, \\count
.Lloop\\@:
    addi    gp, gp, 1
    ld      s2, 32(s0)
    csrw    frm, s2
    ld      a1, 0(s0)
    \\insn
    fmv.x.d a1, fa0
    ld      a2, 24(s0)
    bne     a1, a2, fp_value_failed
    csrrw   a1, fflags, zero
    srli    a2, s2, 8
    bne     a1, a2, fp_flags_failed
    addi    s0, s0, ENTRY
    addi    s1, s1, -1
    bnez    s1, .Lloop\\@
.endm

/* directed checks with a static rounding mode */
.macro DFF insn:req, a, b, c, want, flags
    addi    gp, gp, 1
    li      t0, \\a
    fmv.d.x fa1, t0
    li      t0, \\b
    fmv.d.x fa2, t0
    li      t0, \\c
    fmv.d.x fa3, t0
    \\insn
    CHECKF  fa0, \\want
    CHECK_FLAGS \\flags
.endm

.macro DFI insn:req, a, want, flags
    addi    gp, gp, 1
    li      t0, \\a
    fmv.d.x fa1, t0
    \\insn
    CHECK   a0, \\want
    CHECK_FLAGS \\flags
.endm

.macro DIF insn:req, a, want, flags
    addi    gp, gp, 1
    li      a1, \\a
    \\insn
    CHECKF  fa0, \\want
    CHECK_FLAGS \\flags
.endm

    .text
    .globl  test_main
test_main:
    addi    sp, sp, -16
    sd      ra, 0(sp)
    PUTS    "fp: RV64FD\\n"
    li      gp, 0
    csrw    fcsr, zero
''')
for macro, insn, lab, n in ops_loops:
    w('    %-8s "%s", %s, %d' % (macro, insn, lab, n))
w('    csrw    frm, zero\n    /* static rounding modes */')
for k, insn, a, b, c, res, fl in directed:
    if k in ('FF2', 'FF3'):
        w('    DFF     "%s", 0x%x, 0x%x, 0x%x, 0x%x, %d' % (insn, a, b, c, res, fl))
    elif k == 'FI':
        w('    DFI     "%s", 0x%x, 0x%x, %d' % (insn, a, res, fl))
    else:
        w('    DIF     "%s", 0x%x, 0x%x, %d' % (insn, a, res, fl))

# sign injection, moves, loads/stores
sg = []
for sfx, fmt in FMT.items():
    for a, b in ((0x3f800000, 0x80000000), (0xbf800000, 0x00000000), (0x7fa00001, 0xff800000), (0xffc00003, 0x7f800000)) if fmt is S else \
                ((0x3ff0000000000000, 0x8000000000000000), (0xbff0000000000000, 0), (0x7ff4000000000001, 0xfff0000000000000), (0xfff8000000000003, 0x7ff0000000000000)):
        sign = fmt.sign
        mag = a & ~sign
        sj = mag | (b & sign)
        sjn = mag | (~b & sign)
        sjx = mag | ((a ^ b) & sign)
        for op, r in (('fsgnj', sj), ('fsgnjn', sjn), ('fsgnjx', sjx)):
            sg.append('    DFF     "%s.%s fa0, fa1, fa2", 0x%x, 0x%x, 0, 0x%x, 0' % (op, sfx, box(fmt, a), box(fmt, b), box(fmt, r)))
w('\n'.join(sg))
w('''    /* fsgnj.s on an unboxed input: the canonical NaN's magnitude */
    DFF     "fsgnj.s fa0, fa1, fa2", 0x3ff0000000000000, 0xffffffff80000000, 0, 0xffffffffffc00000, 0
    /* fmv.s / fneg / fabs aliases */
    DFF     "fmv.d fa0, fa1", 0xfff4000000000001, 0, 0, 0xfff4000000000001, 0
    DFF     "fneg.s fa0, fa1", 0xffffffff00000000, 0, 0, 0xffffffff80000000, 0
    DFF     "fabs.d fa0, fa1", 0xfff0000000000000, 0, 0, 0x7ff0000000000000, 0

    /* fmv between register files */
    addi    gp, gp, 1
    li      t0, 0x12345678ffffffff
    fmv.d.x fa1, t0
    fmv.x.w a0, fa1                 /* low 32 bits, sign-extended */
    CHECK   a0, 0xffffffffffffffff
    li      t0, 0xabcdef0187654321
    fmv.w.x fa1, t0                 /* boxed */
    CHECKF  fa1, 0xffffffff87654321
    fmv.x.w a0, fa1
    CHECK   a0, 0xffffffff87654321
    li      t0, 0x0123456712345678
    fmv.w.x fa1, t0
    fmv.x.w a0, fa1
    CHECK   a0, 0x12345678
    fmv.x.d a0, fa1
    CHECK   a0, 0xffffffff12345678
    li      t0, 0x7ff4000000000001  /* fmv.d.x keeps a signaling NaN as is */
    fmv.d.x fa2, t0
    fmv.x.d a0, fa2
    CHECK   a0, 0x7ff4000000000001
    CHECK_FLAGS 0

    /* loads and stores; flw boxes, fsw stores the low half */
    addi    gp, gp, 1
    la      s0, fp_mem
    flw     fa0, 0(s0)
    CHECKF  fa0, 0xffffffff7fa00000
    fld     fa1, 8(s0)
    CHECKF  fa1, 0xfff4000000000001
    fsw     fa1, 16(s0)             /* not boxed: stores the low 32 bits */
    fsd     fa0, 24(s0)
    ld      a0, 16(s0)
    CHECK   a0, 0x0000000000000001
    ld      a0, 24(s0)
    CHECK   a0, 0xffffffff7fa00000
    flw     fa2, 4(s0)              /* negative zero as single */
    fsd     fa2, 16(s0)
    ld      a0, 16(s0)
    CHECK   a0, 0xffffffff80000000
    CHECK_FLAGS 0

    /* fcsr, frm, fflags */
    addi    gp, gp, 1
    li      t0, 0xffffffff
    csrw    fcsr, t0                /* only bits 7:0 exist */
    csrr    a0, fcsr
    CHECK   a0, 0xff
    csrr    a0, frm
    CHECK   a0, 7
    csrr    a0, fflags
    CHECK   a0, 0x1f
    csrrci  a0, fflags, 0x5
    CHECK   a0, 0x1f
    csrr    a0, fcsr
    CHECK   a0, 0xfa
    csrrwi  a0, frm, 2
    CHECK   a0, 7
    csrr    a0, fcsr
    CHECK   a0, 0x5a
    csrrsi  a0, frm, 0x1            /* frm = 3 */
    csrrw   a0, fflags, zero
    CHECK   a0, 0x1a
    csrr    a0, fcsr
    CHECK   a0, 0x60
    li      t0, 0x1ff               /* fflags keeps 5 bits, frm 3 */
    csrw    fflags, t0
    csrw    frm, t0
    csrr    a0, fcsr
    CHECK   a0, 0xff
    addi    gp, gp, 1               /* an operation accumulates flags */
    csrw    fcsr, zero
    li      t0, 0x3f800000
    fmv.w.x fa1, t0
    fmv.w.x fa2, zero
    fdiv.s  fa0, fa1, fa2           /* DZ */
    li      t0, 0x40400000
    fmv.w.x fa2, t0
    fdiv.s  fa0, fa1, fa2           /* NX */
    csrr    a0, fflags
    CHECK   a0, 0x9
    csrw    fcsr, zero

    /* reserved rounding modes: illegal instruction */
    addi    gp, gp, 1
    TRAP_RESET
    .insn   r 0x53, 5, 0x00, fa0, fa1, fa2      /* fadd.s rm=5 */
    CHECK_TRAP CAUSE_ILLEGAL
    addi    gp, gp, 1
    TRAP_RESET
    .insn   r 0x53, 6, 0x01, fa0, fa1, fa2      /* fadd.d rm=6 */
    CHECK_TRAP CAUSE_ILLEGAL
    li      s1, 5
1:  addi    gp, gp, 1               /* frm = 5, 6, 7 with a dynamic mode */
    csrw    frm, s1
    TRAP_RESET
    fadd.d  fa0, fa1, fa2
    CHECK_TRAP CAUSE_ILLEGAL
    TRAP_RESET
    fcvt.w.d a0, fa1
    CHECK_TRAP CAUSE_ILLEGAL
    TRAP_RESET
    fsgnj.d fa0, fa1, fa2           /* no rounding: no trap */
    fmin.s  fa0, fa1, fa2
    feq.d   a0, fa1, fa2
    CHECK_NO_TRAP
    addi    s1, s1, 1
    li      t0, 8
    bltu    s1, t0, 1b
    csrw    fcsr, zero

    /* mstatus.FS */
    addi    gp, gp, 1
    li      t0, MSTATUS_FS
    csrc    mstatus, t0             /* Off */
    TRAP_RESET
    fadd.d  fa0, fa1, fa2
    CHECK_TRAP CAUSE_ILLEGAL
    addi    gp, gp, 1
    TRAP_RESET
    csrr    a0, fflags
    CHECK_TRAP CAUSE_ILLEGAL
    addi    gp, gp, 1
    TRAP_RESET
    fld     fa0, 0(s0)
    CHECK_TRAP CAUSE_ILLEGAL
    addi    gp, gp, 1
    li      t0, 1 << 13             /* Initial */
    csrs    mstatus, t0
    csrr    a0, mstatus
    srli    a1, a0, 63
    CHECK   a1, 0                   /* SD clear */
    fadd.d  fa0, fa1, fa2           /* writes FP state: Dirty, SD */
    csrr    a0, mstatus
    srli    a1, a0, 13
    andi    a1, a1, 3
    CHECK   a1, 3
    srli    a1, a0, 63
    CHECK   a1, 1
    addi    gp, gp, 1
    li      t0, MSTATUS_FS          /* Clean, then an fflags write: Dirty */
    csrc    mstatus, t0
    li      t0, 2 << 13
    csrs    mstatus, t0
    csrr    a0, mstatus
    srli    a1, a0, 63
    CHECK   a1, 0
    csrwi   fflags, 1
    csrr    a0, mstatus
    srli    a1, a0, 13
    andi    a1, a1, 3
    CHECK   a1, 3
    csrw    fcsr, zero

    ld      ra, 0(sp)
    addi    sp, sp, 16
    ret

fp_value_failed:
    j       bm_check_failed
fp_flags_failed:
    PUTS    "(fflags) "
    j       bm_check_failed

    .data
    .balign 8
fp_mem:
    .word   0x7fa00000, 0x80000000
    .dword  0xfff4000000000001, 0, 0''')
for lab, ents in tables:
    w('%s:' % lab)
    for e in ents:
        w('    .dword  ' + ', '.join('0x%x' % x for x in e))
open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fp.S'), 'w').write('\n'.join(out) + '\n')
print(sum(len(e) for _, e in tables), 'table entries,', len(directed), 'directed')

def locate(n):
    for macro, insn, lab, cnt in ops_loops:
        if n <= cnt:
            e = dict(tables)[lab][n - 1]
            return insn, lab, n, ['0x%x' % x for x in e]
        n -= cnt
    return 'directed', n, directed[n - 1] if n - 1 < len(directed) else None
if len(sys.argv) > 1:
    print(locate(int(sys.argv[1], 0)))
