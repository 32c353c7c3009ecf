#!/usr/bin/env python3
"""Independent check of the golden files in tests/isa/ (which are produced by
QEMU) against a small reference model written from the RISC-V spec, so that
the golden data is not only "whatever QEMU did".

Checked: every vector of the integer matrices (rv64i_alu, rv64m,
rv64i_branch conditional branches) and the values of every vector of the FP
arithmetic matrices (fp_arith_s, fp_arith_d: add/sub/mul/div/min/max/sqrt
and the four fused multiply-adds, round-to-nearest-even) and of the fp_cvt
matrices (float -> integer with rtz and rne, integer -> float, single <->
double), computed with exact
rational arithmetic and correct rounding.  fflags are checked for the FP
vectors too (NV, DZ, OF, UF with tininess after rounding, NX).

usage: python3 scripts/lib/isa_check.py [tests/isa]
Prints the disagreements and "N passed, M failed"; exit status 1 on any.
"""

import os
import re
import sys
from fractions import Fraction

M64 = (1 << 64) - 1


def s64(v):
    v &= M64
    return v - (1 << 64) if v >> 63 else v


def s32(v):
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >> 31 else v


def sext32(v):
    return s32(v) & M64


def parse_int(t):
    return int(t, 0) & M64


# ---------------------------------------------------------------- integer model

def int_op(op, a, b):
    sa, sb = s64(a), s64(b)
    if op == "add": return (a + b) & M64
    if op == "sub": return (a - b) & M64
    if op == "and": return a & b
    if op == "or": return a | b
    if op == "xor": return a ^ b
    if op == "slt": return int(sa < sb)
    if op == "sltu": return int(a < b)
    if op == "addw": return sext32(a + b)
    if op == "subw": return sext32(a - b)
    if op == "sll": return (a << (b & 63)) & M64
    if op == "srl": return a >> (b & 63)
    if op == "sra": return (sa >> (b & 63)) & M64
    if op == "sllw": return sext32(a << (b & 31))
    if op == "srlw": return sext32((a & 0xFFFFFFFF) >> (b & 31))
    if op == "sraw": return (s32(a) >> (b & 31)) & M64
    if op == "slli": return (a << b) & M64
    if op == "srli": return a >> b
    if op == "srai": return (sa >> b) & M64
    if op == "slliw": return sext32(a << b)
    if op == "srliw": return sext32((a & 0xFFFFFFFF) >> b)
    if op == "sraiw": return (s32(a) >> b) & M64
    if op == "addi": return (a + b) & M64
    if op == "slti": return int(sa < sb)
    if op == "sltiu": return int(a < b)
    if op == "xori": return a ^ b
    if op == "ori": return a | b
    if op == "andi": return a & b
    if op == "addiw": return sext32(a + b)
    if op == "mul": return (a * b) & M64
    if op == "mulh": return ((sa * sb) >> 64) & M64
    if op == "mulhsu": return ((sa * b) >> 64) & M64
    if op == "mulhu": return (a * b) >> 64
    if op == "mulw": return sext32(a * b)

    def tdiv(x, y):      # truncating division
        q = abs(x) // abs(y)
        return q if (x < 0) == (y < 0) else -q

    if op == "div":
        if sb == 0: return M64
        if sa == -(1 << 63) and sb == -1: return a
        return tdiv(sa, sb) & M64
    if op == "divu":
        return M64 if b == 0 else a // b
    if op == "rem":
        if sb == 0: return a
        if sa == -(1 << 63) and sb == -1: return 0
        return (sa - tdiv(sa, sb) * sb) & M64
    if op == "remu":
        return a if b == 0 else a % b
    wa, wb, ua, ub = s32(a), s32(b), a & 0xFFFFFFFF, b & 0xFFFFFFFF
    if op == "divw":
        if wb == 0: return M64
        if wa == -(1 << 31) and wb == -1: return sext32(wa)
        return sext32(tdiv(wa, wb))
    if op == "divuw":
        return M64 if ub == 0 else sext32(ua // ub)
    if op == "remw":
        if wb == 0: return sext32(wa)
        if wa == -(1 << 31) and wb == -1: return 0
        return sext32(wa - tdiv(wa, wb) * wb)
    if op == "remuw":
        return sext32(ua) if ub == 0 else sext32(ua % ub)
    if op in ("beq", "bne", "blt", "bge", "bltu", "bgeu"):
        return int({"beq": a == b, "bne": a != b, "blt": sa < sb, "bge": sa >= sb,
                    "bltu": a < b, "bgeu": a >= b}[op])
    return None


# ---------------------------------------------------------------- FP model

NV, DZ, OF, UF, NX = 0x10, 0x08, 0x04, 0x02, 0x01


class Fmt:
    def __init__(self, ebits, mbits):
        self.e, self.m = ebits, mbits
        self.bias = (1 << (ebits - 1)) - 1
        self.width = 1 + ebits + mbits
        self.qnan = ((1 << ebits) - 1) << mbits | 1 << (mbits - 1)

    def decode(self, bits):
        """-> ('nan', is_signalling) | ('inf', sign) | ('num', Fraction, sign)"""
        sign = bits >> (self.width - 1) & 1
        e = bits >> self.m & ((1 << self.e) - 1)
        f = bits & ((1 << self.m) - 1)
        if e == (1 << self.e) - 1:
            if f:
                return ("nan", not f >> (self.m - 1))
            return ("inf", sign)
        if e == 0:
            v = Fraction(f, 1 << (self.m - 1 + self.bias))
        else:
            v = Fraction((1 << self.m) | f) * Fraction(2) ** (e - self.bias - self.m)
        return ("num", -v if sign else v, sign)

    def inf(self, sign):
        return sign << (self.width - 1) | ((1 << self.e) - 1) << self.m

    def maxf(self, sign):
        return sign << (self.width - 1) | (((1 << self.e) - 2) << self.m) | ((1 << self.m) - 1)

    def round(self, q, zero_sign=0):
        """correctly round exact q (RNE) -> (bits, flags)"""
        if q == 0:
            return zero_sign << (self.width - 1), 0
        sign = int(q < 0)
        a = abs(q)
        e = a.numerator.bit_length() - a.denominator.bit_length()
        if Fraction(2) ** e > a:
            e -= 1
        emin = 1 - self.bias

        def rnd(x):         # round to integer, ties to even
            fl = x.numerator // x.denominator
            r = x - fl
            if r > Fraction(1, 2) or (r == Fraction(1, 2) and fl & 1):
                fl += 1
            return fl

        flags = 0
        # tininess after rounding: round with unbounded exponent first
        ee = e
        m = rnd(a / Fraction(2) ** (ee - self.m))
        if m == 1 << (self.m + 1):
            ee += 1
        tiny = ee < emin
        e2 = max(e, emin)
        m = rnd(a / Fraction(2) ** (e2 - self.m))
        exact = Fraction(m) * Fraction(2) ** (e2 - self.m) == a
        if m == 1 << (self.m + 1):
            m >>= 1
            e2 += 1
        if not exact:
            flags |= NX
            if tiny:
                flags |= UF
        if e2 > self.bias:
            return self.inf(sign), OF | NX
        if m < 1 << self.m:             # subnormal (or zero)
            return sign << (self.width - 1) | m, flags
        return (sign << (self.width - 1) | (e2 + self.bias) << self.m | (m - (1 << self.m)),
                flags)


F32, F64 = Fmt(8, 23), Fmt(11, 52)


def sqrt_exact(q):
    """a value whose correct rounding equals that of sqrt(q) (q > 0)."""
    k = 1400
    n = q.numerator * (1 << (2 * k)) // q.denominator
    r = __import__("math").isqrt(n)
    s = Fraction(r, 1 << k)
    if s * s != q:
        s += Fraction(1, 1 << (k + 2))   # sticky bit
    return s


def fp_op(fmt, op, ins):
    d = [fmt.decode(v) for v in ins]
    snan = any(x[0] == "nan" and x[1] for x in d)
    anynan = any(x[0] == "nan" for x in d)
    cn = fmt.qnan
    if op in ("fmin", "fmax"):
        fl = NV if snan else 0
        nums = [(v, x) for v, x in zip(ins, d) if x[0] != "nan"]
        if not nums:
            return cn, fl
        if len(nums) == 1:
            return nums[0][0], fl

        def key(item):
            x = item[1]
            if x[0] == "inf":
                return (Fraction(-1 if x[1] else 1) * 10 ** 400, 0)
            return (x[1], -1 if x[2] else 0)
        a, b = nums
        pick = min(a, b, key=key) if op == "fmin" else max(a, b, key=key)
        return pick[0], fl
    if anynan:
        fl = NV if snan else 0
        if op in ("fmadd", "fmsub", "fnmadd", "fnmsub"):
            a, b = d[0], d[1]
            if (a[0] == "inf" and b[0] == "num" and b[1] == 0) or \
               (b[0] == "inf" and a[0] == "num" and a[1] == 0):
                fl = NV
        return cn, fl

    def val(x):
        return x[1] if x[0] == "num" else None

    if op == "fsqrt":
        x = d[0]
        if x[0] == "inf":
            return (cn, NV) if x[1] else (ins[0], 0)
        if x[1] == 0:
            return ins[0], 0
        if x[1] < 0:
            return cn, NV
        return fmt.round(sqrt_exact(x[1]))
    if op in ("fadd", "fsub"):
        a, b = d
        if op == "fsub":
            b = ("inf", 1 - b[1]) if b[0] == "inf" else ("num", -b[1], 1 - b[2])
        if a[0] == "inf" and b[0] == "inf":
            return (fmt.inf(a[1]), 0) if a[1] == b[1] else (cn, NV)
        if a[0] == "inf" or b[0] == "inf":
            return fmt.inf((a if a[0] == "inf" else b)[1]), 0
        zs = 1 if (a[1] == 0 and b[1] == 0 and a[2] and b[2]) else 0
        return fmt.round(a[1] + b[1], zs)
    if op == "fmul":
        a, b = d
        sign = (a[1] if a[0] == "inf" else a[2]) ^ (b[1] if b[0] == "inf" else b[2])
        if a[0] == "inf" or b[0] == "inf":
            if (a[0] == "num" and a[1] == 0) or (b[0] == "num" and b[1] == 0):
                return cn, NV
            return fmt.inf(sign), 0
        return fmt.round(a[1] * b[1], sign)
    if op == "fdiv":
        a, b = d
        sign = (a[1] if a[0] == "inf" else a[2]) ^ (b[1] if b[0] == "inf" else b[2])
        if a[0] == "inf":
            return (cn, NV) if b[0] == "inf" else (fmt.inf(sign), 0)
        if b[0] == "inf":
            return sign << (fmt.width - 1), 0
        if b[1] == 0:
            return (cn, NV) if a[1] == 0 else (fmt.inf(sign), DZ)
        return fmt.round(a[1] / b[1], sign)
    if op in ("fmadd", "fmsub", "fnmadd", "fnmsub"):
        a, b, c = d
        psign = (a[1] if a[0] == "inf" else a[2]) ^ (b[1] if b[0] == "inf" else b[2])
        if op in ("fnmadd", "fnmsub"):
            psign ^= 1
        if op in ("fmsub", "fnmadd"):
            c = ("inf", 1 - c[1]) if c[0] == "inf" else ("num", -c[1], 1 - c[2])
        pinf = a[0] == "inf" or b[0] == "inf"
        if pinf and ((a[0] == "num" and a[1] == 0) or (b[0] == "num" and b[1] == 0)):
            return cn, NV
        if pinf:
            if c[0] == "inf" and c[1] != psign:
                return cn, NV
            return fmt.inf(psign), 0
        if c[0] == "inf":
            return fmt.inf(c[1]), 0
        p = a[1] * b[1] * (-1 if op in ("fnmadd", "fnmsub") else 1)
        zs = 1 if (p == 0 and c[1] == 0 and psign and c[2]) else 0
        return fmt.round(p + c[1], zs)
    return None


def to_int(fmt, bits, t, rm):
    """fcvt.{w,wu,l,lu}.{s,d} -> (64-bit register value, flags)"""
    width = 32 if t in ("w", "wu") else 64
    signed = t in ("w", "l")
    lo, hi = (-(1 << (width - 1)), (1 << (width - 1)) - 1) if signed else (0, (1 << width) - 1)
    x = fmt.decode(bits)
    if x[0] == "nan":
        r, fl = hi, NV
    elif x[0] == "inf":
        r, fl = (lo if x[1] else hi), NV
    else:
        q = x[1]
        fl_ = q.numerator // q.denominator          # floor
        if rm == "rtz":
            r = fl_ if q >= 0 or fl_ == q else fl_ + 1
        else:                                       # rne
            rem = q - fl_
            r = fl_ + (1 if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and fl_ & 1) else 0)
        if r > hi or r < lo:
            r, fl = (hi if r > hi else lo), NV
        else:
            fl = 0 if r == q else NX
    r &= (1 << width) - 1
    if width == 32:
        r = sext32(r)
    return r, fl


def from_int(fmt, v, t):
    if t == "w": q = s32(v)
    elif t == "wu": q = v & 0xFFFFFFFF
    elif t == "l": q = s64(v)
    else: q = v & M64
    return fmt.round(Fraction(q))


def cvt_fp(src, dst, bits):
    x = src.decode(bits)
    if x[0] == "nan":
        return dst.qnan, (NV if x[1] else 0)
    if x[0] == "inf":
        return dst.inf(x[1]), 0
    return dst.round(x[1], x[2])


def check_cvt(line):
    """-> (want, wflags) or None for the fcvt matrix lines of fp_cvt"""
    m = LINE.match(line.rstrip("\n"))
    if not m or m.group(4) is None:
        return None
    op, args = m.group(1), m.group(2).split()
    if not op.startswith("fcvt.") or not args or not args[0].startswith(("0x", "-0x")) \
            and not args[0].lstrip("-").isdigit():
        return None
    _, a, b = op.split(".")
    try:
        v = int(args[0], 0) & M64
    except ValueError:
        return None
    fmts = {"s": F32, "d": F64}
    if a in ("w", "wu", "l", "lu") and b in fmts and len(args) == 2 and args[1] in ("rtz", "rne"):
        return to_int(fmts[b], v, a, args[1])
    if a in fmts and b in ("w", "wu", "l", "lu") and len(args) == 1:
        r, fl = from_int(fmts[a], v, b)
        return (r | 0xFFFFFFFF00000000 if a == "s" else r), fl
    if a in fmts and b in fmts and a != b and len(args) == 1:
        r, fl = cvt_fp(fmts[b], fmts[a], v)
        return (r | 0xFFFFFFFF00000000 if a == "s" else r), fl
    return None


# ---------------------------------------------------------------- driver

LINE = re.compile(r"^(\S+)((?: \S+)*?)\s+([0-9a-f]{16})(?: fl=([0-9a-f]{2}))?$")
INT_FILES = ("rv64i_alu", "rv64m", "rv64i_branch")
FP_FILES = {"fp_arith_s": F32, "fp_arith_d": F64}


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "tests", "isa")
    ok = bad = 0
    for name in INT_FILES:
        for line in open(os.path.join(d, name + ".expected")):
            m = LINE.match(line.rstrip("\n"))
            if not m:
                continue
            op, args, val = m.group(1), m.group(2).split(), int(m.group(3), 16)
            if len(args) != 2:
                continue
            try:
                a, b = parse_int(args[0]), parse_int(args[1])
            except ValueError:
                continue
            if op in ("addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"):
                b = s64(b) & M64
            want = int_op(op, a, b)
            if want is None:
                continue
            if want == val:
                ok += 1
            else:
                bad += 1
                print("%s: %s -> golden %016x, model %016x" % (name, line.strip(), val, want))
    for name, fmt in FP_FILES.items():
        p = ".s" if fmt is F32 else ".d"
        for line in open(os.path.join(d, name + ".expected")):
            m = LINE.match(line.rstrip("\n"))
            if not m or m.group(4) is None:
                continue
            op, args = m.group(1), m.group(2).split()
            if not op.endswith(p) or not all(a.startswith("0x") for a in args) or not args:
                continue
            base = op[:-2]
            n = {"fsqrt": 1, "fmadd": 3, "fmsub": 3, "fnmadd": 3, "fnmsub": 3}.get(base, 2)
            if len(args) != n:
                continue
            ins = [int(a, 16) for a in args]
            r = fp_op(fmt, base, ins)
            if r is None:
                continue
            want, wfl = r
            if fmt is F32:
                want |= 0xFFFFFFFF00000000
            val, fl = int(m.group(3), 16), int(m.group(4), 16)
            if (want, wfl) == (val, fl):
                ok += 1
            else:
                bad += 1
                print("%s: %s -> model %016x fl=%02x" % (name, line.strip(), want, wfl))
    for line in open(os.path.join(d, "fp_cvt.expected")):
        r = check_cvt(line)
        if r is None:
            continue
        m = LINE.match(line.rstrip("\n"))
        val, fl = int(m.group(3), 16), int(m.group(4), 16)
        if r == (val, fl):
            ok += 1
        else:
            bad += 1
            print("fp_cvt: %s -> model %016x fl=%02x" % (line.strip(), r[0], r[1]))
    print("%d passed, %d failed" % (ok, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
