"""IEEE 754 binary32/binary64 reference with RISC-V conventions, for test authoring.

Exact rational arithmetic (fractions), rounding in the five RISC-V modes,
flags NV/DZ/OF/UF/NX with tininess detected after rounding, canonical NaN
results, saturating float-to-integer conversions, IEEE 754-2019
minimumNumber/maximumNumber for fmin/fmax. Used by gen_fp.py.
"""
from fractions import Fraction as F
NX, UF, OF, DZ, NV = 1, 2, 4, 8, 16
RNE, RTZ, RDN, RUP, RMM = 0, 1, 2, 3, 4

class Fmt:
    def __init__(self, e, m):
        self.e, self.m, self.p = e, m, m + 1
        self.bias = (1 << (e - 1)) - 1
        self.emin, self.emax = 1 - self.bias, self.bias
        self.width = e + m + 1
        self.qnan = ((1 << e) - 1) << m | 1 << (m - 1)
        self.inf = ((1 << e) - 1) << m
        self.sign = 1 << (e + m)
S = Fmt(8, 23)
D = Fmt(11, 52)

def unpack(fmt, bits):
    s = bits >> (fmt.e + fmt.m) & 1
    ex = bits >> fmt.m & ((1 << fmt.e) - 1)
    fr = bits & ((1 << fmt.m) - 1)
    if ex == (1 << fmt.e) - 1:
        if fr == 0: return ('inf', s, None)
        return ('snan' if not fr >> (fmt.m - 1) else 'qnan', s, None)
    if ex == 0:
        if fr == 0: return ('zero', s, F(0))
        v = F(fr, 1 << fmt.m) * F(2) ** fmt.emin
    else:
        v = F((1 << fmt.m) | fr, 1 << fmt.m) * F(2) ** (ex - fmt.bias)
    return ('num', s, -v if s else v)

def is_nan(k): return k in ('snan', 'qnan')

def ilog2(a):  # floor(log2(a)) for Fraction a > 0
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if F(2) ** e > a: e -= 1
    if F(2) ** (e + 1) <= a: e += 1
    return e

def round_int(x, rm, neg):
    """round Fraction x >= 0 to an integer, for a value of sign neg"""
    fl = x.numerator // x.denominator
    r = x - fl
    if r == 0: return fl
    if rm == RNE:
        return fl + 1 if r > F(1, 2) or (r == F(1, 2) and fl & 1) else fl
    if rm == RMM: return fl + 1 if r >= F(1, 2) else fl
    if rm == RTZ: return fl
    if rm == RDN: return fl + 1 if neg else fl
    if rm == RUP: return fl if neg else fl + 1
    raise ValueError

def round_fp(fmt, x, rm):
    """exact nonzero Fraction -> (bits, flags)"""
    neg = x < 0
    a = -x if neg else x
    sb = fmt.sign if neg else 0
    e_unb = ilog2(a)
    # tininess after rounding (unbounded exponent)
    m_unb = round_int(a / F(2) ** (e_unb - fmt.p + 1), rm, neg)
    e_t = e_unb + (1 if m_unb == 1 << fmt.p else 0)
    tiny = e_t < fmt.emin
    e = max(e_unb, fmt.emin)
    scaled = a / F(2) ** (e - fmt.p + 1)
    m = round_int(scaled, rm, neg)
    inexact = m != scaled
    if m == 1 << fmt.p:
        m >>= 1; e += 1
    flags = NX if inexact else 0
    if tiny and inexact: flags |= UF
    if e > fmt.emax:
        flags = OF | NX
        maxf = ((1 << fmt.e) - 2) << fmt.m | ((1 << fmt.m) - 1)
        if rm in (RNE, RMM): return sb | fmt.inf, flags
        if rm == RTZ: return sb | maxf, flags
        if rm == RDN: return (sb | fmt.inf) if neg else maxf, flags
        if rm == RUP: return (sb | maxf) if neg else fmt.inf, flags
    if m < 1 << (fmt.m):
        return sb | m, flags       # subnormal (or rounds into the normal range: handled since m == 2^m means exp field 1)
    return sb | (e + fmt.bias) << fmt.m | (m - (1 << fmt.m)), flags

def zero(fmt, s): return fmt.sign if s else 0

def result_from_exact(fmt, v, rm, zero_sign):
    if v == 0: return zero(fmt, zero_sign), 0
    return round_fp(fmt, v, rm)

def add(fmt, a, b, rm, negb=False):
    ka, sa, va = unpack(fmt, a); kb, sb_, vb = unpack(fmt, b)
    if negb:
        sb_ ^= 1
        if vb is not None: vb = -vb
    if is_nan(ka) or is_nan(kb):
        return fmt.qnan, NV if 'snan' in (ka, kb) else 0
    if ka == 'inf' and kb == 'inf':
        if sa != sb_: return fmt.qnan, NV
        return fmt.inf | (fmt.sign if sa else 0), 0
    if ka == 'inf': return fmt.inf | (fmt.sign if sa else 0), 0
    if kb == 'inf': return fmt.inf | (fmt.sign if sb_ else 0), 0
    v = va + vb
    if v == 0:
        if ka == 'zero' and kb == 'zero' and sa == sb_: return zero(fmt, sa), 0
        return zero(fmt, rm == RDN), 0
    return round_fp(fmt, v, rm)

def sub(fmt, a, b, rm): return add(fmt, a, b, rm, negb=True)

def mul(fmt, a, b, rm):
    ka, sa, va = unpack(fmt, a); kb, sb_, vb = unpack(fmt, b)
    s = sa ^ sb_
    if is_nan(ka) or is_nan(kb): return fmt.qnan, NV if 'snan' in (ka, kb) else 0
    if (ka == 'inf' and kb == 'zero') or (kb == 'inf' and ka == 'zero'): return fmt.qnan, NV
    if 'inf' in (ka, kb): return fmt.inf | (fmt.sign if s else 0), 0
    if 'zero' in (ka, kb): return zero(fmt, s), 0
    return round_fp(fmt, va * vb, rm)

def div(fmt, a, b, rm):
    ka, sa, va = unpack(fmt, a); kb, sb_, vb = unpack(fmt, b)
    s = sa ^ sb_
    if is_nan(ka) or is_nan(kb): return fmt.qnan, NV if 'snan' in (ka, kb) else 0
    if (ka == 'inf' and kb == 'inf') or (ka == 'zero' and kb == 'zero'): return fmt.qnan, NV
    if ka == 'inf': return fmt.inf | (fmt.sign if s else 0), 0
    if kb == 'inf': return zero(fmt, s), 0
    if kb == 'zero': return fmt.inf | (fmt.sign if s else 0), DZ
    if ka == 'zero': return zero(fmt, s), 0
    return round_fp(fmt, va / vb, rm)

def isqrt(n):
    if n == 0: return 0
    x = 1 << ((n.bit_length() + 1) // 2)
    while True:
        y = (x + n // x) // 2
        if y >= x: return x
        x = y

def sqrt(fmt, a, rm):
    ka, sa, va = unpack(fmt, a)
    if is_nan(ka): return fmt.qnan, NV if ka == 'snan' else 0
    if ka == 'zero': return a, 0
    if sa: return fmt.qnan, NV
    if ka == 'inf': return a, 0
    k = (2 * (fmt.p + 8) - ilog2(va)) // 2 + 1
    scaled = va * F(2) ** (2 * k)
    n = scaled.numerator // scaled.denominator
    r = isqrt(n)
    exact = r * r == scaled
    approx = F(2 * r + (0 if exact else 1)) / F(2) ** (k + 1)
    return round_fp(fmt, approx, rm)

def fma(fmt, a, b, c, rm, negprod=False, negc=False):
    ka, sa, va = unpack(fmt, a); kb, sb_, vb = unpack(fmt, b); kc, sc, vc = unpack(fmt, c)
    inv = (ka == 'inf' and kb == 'zero') or (kb == 'inf' and ka == 'zero')
    if is_nan(ka) or is_nan(kb) or is_nan(kc):
        return fmt.qnan, NV if ('snan' in (ka, kb, kc) or inv) else 0
    if inv: return fmt.qnan, NV
    sp = sa ^ sb_ ^ (1 if negprod else 0)
    if negc:
        sc ^= 1
        if vc is not None: vc = -vc
    pinf = 'inf' in (ka, kb)
    if pinf and kc == 'inf' and sp != sc: return fmt.qnan, NV
    if pinf: return fmt.inf | (fmt.sign if sp else 0), 0
    if kc == 'inf': return fmt.inf | (fmt.sign if sc else 0), 0
    pz = 'zero' in (ka, kb)
    vp = F(0) if pz else va * vb * (-1 if negprod else 1)
    v = vp + vc
    if v == 0:
        if pz and kc == 'zero' and sp == sc: return zero(fmt, sp), 0
        return zero(fmt, rm == RDN), 0
    return round_fp(fmt, v, rm)

def minmax(fmt, a, b, is_max):
    ka, sa, va = unpack(fmt, a); kb, sb_, vb = unpack(fmt, b)
    fl = NV if 'snan' in (ka, kb) else 0
    if is_nan(ka) and is_nan(kb): return fmt.qnan, fl
    if is_nan(ka): return b, fl
    if is_nan(kb): return a, fl
    def key(k, s, v):
        if k == 'inf': return (F(-1) if s else F(1)) * F(10) ** 400, 0
        if k == 'zero': return F(0), (-1 if s else 1)
        return v, 0
    x, y = key(ka, sa, va), key(kb, sb_, vb)
    if is_max: return (a if x >= y else b), fl
    return (a if x <= y else b), fl

def cmp(fmt, a, b, op):
    ka, sa, va = unpack(fmt, a); kb, sb_, vb = unpack(fmt, b)
    if is_nan(ka) or is_nan(kb):
        if op == 'eq': return 0, NV if 'snan' in (ka, kb) else 0
        return 0, NV
    def val(k, s, v):
        if k == 'inf': return (F(-1) if s else F(1)) * F(10) ** 400
        if k == 'zero': return F(0)
        return v
    x, y = val(ka, sa, va), val(kb, sb_, vb)
    return int({'eq': x == y, 'lt': x < y, 'le': x <= y}[op]), 0

def fclass(fmt, a):
    k, s, v = unpack(fmt, a)
    if k == 'inf': return 1 << (0 if s else 7)
    if k == 'zero': return 1 << (3 if s else 4)
    if k == 'snan': return 1 << 8
    if k == 'qnan': return 1 << 9
    sub = (a >> fmt.m) & ((1 << fmt.e) - 1) == 0
    if s: return 1 << (2 if sub else 1)
    return 1 << (5 if sub else 6)

M64 = (1 << 64) - 1
def to_int(fmt, a, rm, bits, signed):
    k, s, v = unpack(fmt, a)
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    def ext(x):
        x &= (1 << bits) - 1
        if bits == 32 and x >> 31: x |= M64 ^ 0xffffffff   # results are sign-extended to 64
        return x
    if is_nan(k): return ext(hi), NV
    if k == 'inf': return ext(lo if s else hi), NV
    if k == 'zero': return 0, 0
    r = round_int(abs(v), rm, s)
    r = -r if s else r
    if r < lo: return ext(lo), NV
    if r > hi: return ext(hi), NV
    return ext(r), (NX if r != v else 0)

def from_int(fmt, x, rm, bits, signed):
    x &= (1 << bits) - 1
    if signed and x >> (bits - 1): x -= 1 << bits
    if x == 0: return 0, 0
    return round_fp(fmt, F(x), rm)

def convert(dst, src, a, rm):
    k, s, v = unpack(src, a)
    if is_nan(k): return dst.qnan, NV if k == 'snan' else 0
    if k == 'inf': return dst.inf | (dst.sign if s else 0), 0
    if k == 'zero': return zero(dst, s), 0
    return round_fp(dst, v, rm)
