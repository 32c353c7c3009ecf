//! Bit-exact RISC-V F and D floating-point arithmetic.
//!
//! Every operation works on raw IEEE 754 bit patterns (`u32` for single,
//! `u64` for double), takes a rounding mode in RISC-V encoding (see [`RNE`]
//! .. [`RMM`]; the caller resolves the dynamic mode 7 through `frm` and rejects
//! the reserved 5 and 6) and ORs the exception flags it raises into `flags`
//! using the `fflags` bit values ([`NV`], [`DZ`], [`OF`], [`UF`], [`NX`]).
//!
//! Semantics follow the RISC-V unprivileged spec: NaN results are always the
//! canonical NaN, tininess is detected after rounding, `fmin`/`fmax` follow
//! the 2.2+ (IEEE 754-2019 minimumNumber/maximumNumber) rules and float to
//! integer conversions saturate.
//!
//! Implementation: on x86_64 the four IEEE rounding modes RNE/RTZ/RDN/RUP map
//! onto SSE's MXCSR.RC, so add/sub/mul/div/sqrt/fma/f64->f32 run the native
//! instruction inside an `asm!` block that also loads MXCSR (mode, cleared
//! flags, DAZ/FTZ off) and reads the flags back; results are then patched for
//! the few places where x86 differs from RISC-V (NaN payloads, `inf*0+qNaN`).
//! The arithmetic has to live inside the asm block: LLVM assumes the default
//! floating-point environment for ordinary Rust float code. RMM has no SSE
//! equivalent, so it (and every mode on other architectures) goes through an
//! exact integer implementation (module `soft`). Comparisons, min/max,
//! classify, sign injection and integer conversions are cheap enough in
//! integer code that they always use it.
//!
//! After each SSE operation MXCSR is set back to Rust's default (`0x1f80`:
//! round to nearest, exceptions masked, DAZ/FTZ off), whatever it held
//! before. Reserved rounding modes (5..=7) are the caller's responsibility:
//! debug builds assert on them in the rounding operations, release builds
//! return some result without undefined behaviour.

/// Round to nearest, ties to even.
pub const RNE: u8 = 0;
/// Round towards zero.
pub const RTZ: u8 = 1;
/// Round down (towards negative infinity).
pub const RDN: u8 = 2;
/// Round up (towards positive infinity).
pub const RUP: u8 = 3;
/// Round to nearest, ties to max magnitude.
pub const RMM: u8 = 4;

/// Invalid operation flag.
pub const NV: u8 = 0x10;
/// Divide by zero flag.
pub const DZ: u8 = 0x08;
/// Overflow flag.
pub const OF: u8 = 0x04;
/// Underflow flag.
pub const UF: u8 = 0x02;
/// Inexact flag.
pub const NX: u8 = 0x01;

/// The canonical single-precision NaN RISC-V produces for every NaN result.
pub const F32_CANONICAL_NAN: u32 = 0x7fc0_0000;

/// Reads a single-precision operand from a 64-bit FP register: a value not NaN-boxed (upper 32
/// bits not all ones) reads as the canonical NaN.
#[inline(always)]
pub fn unbox_f32(v: u64) -> u32 {
    if v >> 32 == 0xffff_ffff {
        v as u32
    } else {
        F32_CANONICAL_NAN
    }
}

/// NaN-boxes a single-precision result for a 64-bit FP register.
#[inline(always)]
pub fn box_f32(v: u32) -> u64 {
    0xffff_ffff_0000_0000 | v as u64
}
/// The canonical double-precision NaN RISC-V produces for every NaN result.
pub const F64_CANONICAL_NAN: u64 = 0x7ff8_0000_0000_0000;

/// Describes an IEEE binary interchange format; bit patterns are carried in
/// the low bits of a `u64` so one generic implementation serves f32 and f64.
trait Format {
    /// Explicit fraction bits (precision minus one).
    const FRAC: u32;
    /// Exponent field width.
    const EXP_BITS: u32;

    const BIAS: i32 = (1 << (Self::EXP_BITS - 1)) - 1;
    const EMIN: i32 = 1 - Self::BIAS;
    const EMAX: i32 = Self::BIAS;
    const SIGN: u64 = 1 << (Self::FRAC + Self::EXP_BITS);
    const EXP_MASK: u64 = ((1 << Self::EXP_BITS) - 1) << Self::FRAC;
    const FRAC_MASK: u64 = (1 << Self::FRAC) - 1;
    const QUIET: u64 = 1 << (Self::FRAC - 1);
    const CANON: u64 = Self::EXP_MASK | Self::QUIET;
    const MAX_FINITE: u64 = Self::EXP_MASK - 1;

    #[inline(always)]
    fn is_nan(x: u64) -> bool {
        x & !Self::SIGN > Self::EXP_MASK
    }
    #[inline(always)]
    fn is_snan(x: u64) -> bool {
        Self::is_nan(x) && x & Self::QUIET == 0
    }
    #[inline(always)]
    fn is_inf(x: u64) -> bool {
        x & !Self::SIGN == Self::EXP_MASK
    }
    #[inline(always)]
    fn is_zero(x: u64) -> bool {
        x & !Self::SIGN == 0
    }
    #[inline(always)]
    fn sign(x: u64) -> bool {
        x & Self::SIGN != 0
    }
}

/// IEEE binary32.
struct F32;
/// IEEE binary64.
struct F64;

impl Format for F32 {
    const FRAC: u32 = 23;
    const EXP_BITS: u32 = 8;
}

impl Format for F64 {
    const FRAC: u32 = 52;
    const EXP_BITS: u32 = 11;
}

/// Exact software implementation, used for RMM on x86_64 and for all modes
/// elsewhere. Finite non-zero values are handled as `m * 2^q` with an integer
/// significand `m`; when low bits must be discarded before the final rounding
/// they are "jammed" into bit 0 (round-to-odd), which preserves correct
/// rounding as long as at least two bits beyond the target precision remain.
mod soft {
    use super::{Format, DZ, NV, NX, OF, RDN, RMM, RNE, RTZ, RUP, UF};

    /// Splits a finite non-zero value into `(e, m)` with `m` normalised to
    /// `FRAC + 1` bits, so the value's magnitude is `m * 2^(e - FRAC)`.
    #[inline]
    fn norm<F: Format>(x: u64) -> (i32, u64) {
        let ef = ((x >> F::FRAC) & ((1 << F::EXP_BITS) - 1)) as i32;
        let frac = x & F::FRAC_MASK;
        if ef == 0 {
            // Subnormal: shift the leading one up to the implicit-bit position.
            let shift = frac.leading_zeros() - (63 - F::FRAC);
            (F::EMIN - shift as i32, frac << shift)
        } else {
            (ef - F::BIAS, frac | (1 << F::FRAC))
        }
    }

    /// Shift right, ORing any bits shifted out into bit 0.
    #[inline]
    fn shr_jam(v: u128, d: u32) -> u128 {
        if d == 0 {
            v
        } else if d < 128 {
            (v >> d) | ((v << (128 - d) != 0) as u128)
        } else {
            (v != 0) as u128
        }
    }

    /// Rounds `m` to an integer after discarding its low `shift` bits (none if
    /// `shift <= 0`). Returns the rounded integer and whether it is inexact.
    #[inline]
    pub(super) fn round_at(m: u128, shift: i32, negative: bool, rm: u8) -> (u128, bool) {
        if shift <= 0 {
            return (m << (-shift) as u32, false);
        }
        let shift = shift as u32;
        let mant = if shift < 128 { m >> shift } else { 0 };
        let r = shift - 1;
        let (round_bit, sticky) =
            if r < 128 { ((m >> r) & 1 != 0, m & ((1u128 << r) - 1) != 0) } else { (false, m != 0) };
        let inexact = round_bit || sticky;
        let up = match rm {
            RNE => round_bit && (sticky || mant & 1 != 0),
            RTZ => false,
            RDN => negative && inexact,
            RUP => !negative && inexact,
            RMM => round_bit,
            _ => round_bit && (sticky || mant & 1 != 0),
        };
        (mant + up as u128, inexact)
    }

    /// The result of an overflow: infinity or the largest finite value,
    /// depending on the rounding direction.
    #[inline]
    fn overflow<F: Format>(negative: bool, rm: u8, flags: &mut u8) -> u64 {
        *flags |= OF | NX;
        let to_inf = match rm {
            RTZ => false,
            RDN => negative,
            RUP => !negative,
            _ => true,
        };
        let sign = if negative { F::SIGN } else { 0 };
        sign | if to_inf { F::EXP_MASK } else { F::MAX_FINITE }
    }

    /// Rounds the non-zero value `(-1)^negative * m * 2^q` to format `F`.
    /// If bit 0 of `m` is a jam bit, `m` must have at least `FRAC + 3`
    /// significant bits.
    pub(super) fn round_pack<F: Format>(negative: bool, q: i32, m: u128, rm: u8, flags: &mut u8) -> u64 {
        debug_assert!(m != 0);
        let sign = if negative { F::SIGN } else { 0 };
        let frac = F::FRAC as i32;
        let msb = 127 - m.leading_zeros() as i32;
        // Exponent of the leading bit: |value| is in [2^e, 2^(e+1)).
        let mut e = q + msb;
        if e >= F::EMIN {
            let (mut mant, inexact) = round_at(m, msb - frac, negative, rm);
            if mant >> (F::FRAC + 1) != 0 {
                // Rounding carried into a new leading bit.
                mant >>= 1;
                e += 1;
            }
            if e > F::EMAX {
                return overflow::<F>(negative, rm, flags);
            }
            if inexact {
                *flags |= NX;
            }
            // `mant` includes the implicit bit, which adds one to the field.
            sign | ((((e + F::BIAS - 1) as u64) << F::FRAC) + mant as u64)
        } else {
            // Subnormal range: the last kept bit has weight 2^(EMIN - FRAC).
            let (mant, inexact) = round_at(m, F::EMIN - frac - q, negative, rm);
            if inexact {
                // RISC-V detects tininess after rounding: the result is tiny
                // unless rounding to full precision with an unbounded exponent
                // reaches 2^EMIN, which is only possible just below it.
                let tiny = e < F::EMIN - 1 || {
                    let (full, _) = round_at(m, msb - frac, negative, rm);
                    full >> (F::FRAC + 1) == 0
                };
                *flags |= NX | if tiny { UF } else { 0 };
            }
            // A carry into bit FRAC yields the smallest normal's encoding.
            sign | mant as u64
        }
    }

    /// Common NaN handling for operations whose inputs include a NaN.
    #[inline]
    fn nan2<F: Format>(a: u64, b: u64, flags: &mut u8) -> u64 {
        if F::is_snan(a) || F::is_snan(b) {
            *flags |= NV;
        }
        F::CANON
    }

    pub(super) fn add<F: Format>(a: u64, b: u64, rm: u8, flags: &mut u8) -> u64 {
        if F::is_nan(a) || F::is_nan(b) {
            return nan2::<F>(a, b, flags);
        }
        let (sa, sb) = (F::sign(a), F::sign(b));
        if F::is_inf(a) {
            if F::is_inf(b) && sa != sb {
                *flags |= NV;
                return F::CANON;
            }
            return a;
        }
        if F::is_inf(b) {
            return b;
        }
        if F::is_zero(a) {
            if F::is_zero(b) && sa != sb {
                // (+0) + (-0): +0, except -0 when rounding down.
                return if rm == RDN { F::SIGN } else { 0 };
            }
            return b;
        }
        if F::is_zero(b) {
            return a;
        }
        let (ea, ma) = norm::<F>(a);
        let (eb, mb) = norm::<F>(b);
        // Put the larger magnitude first so the difference is non-negative.
        let ((s1, e1, m1), (s2, e2, m2)) =
            if a & !F::SIGN >= b & !F::SIGN { ((sa, ea, ma), (sb, eb, mb)) } else { ((sb, eb, mb), (sa, ea, ma)) };
        // 64 zero bits below each significand: alignment up to 64 is exact, and
        // with a jammed smaller operand the larger one stays even at bit 0,
        // which keeps x - y a valid round-to-odd value.
        let x = (m1 as u128) << 64;
        let y = shr_jam((m2 as u128) << 64, (e1 - e2) as u32);
        let m = if s1 == s2 { x + y } else { x - y };
        if m == 0 {
            // Exact cancellation: +0, except -0 when rounding down.
            return if rm == RDN { F::SIGN } else { 0 };
        }
        round_pack::<F>(s1, e1 - F::FRAC as i32 - 64, m, rm, flags)
    }

    pub(super) fn mul<F: Format>(a: u64, b: u64, rm: u8, flags: &mut u8) -> u64 {
        if F::is_nan(a) || F::is_nan(b) {
            return nan2::<F>(a, b, flags);
        }
        let s = F::sign(a) != F::sign(b);
        let sign = if s { F::SIGN } else { 0 };
        if F::is_inf(a) || F::is_inf(b) {
            if F::is_zero(a) || F::is_zero(b) {
                *flags |= NV;
                return F::CANON;
            }
            return sign | F::EXP_MASK;
        }
        if F::is_zero(a) || F::is_zero(b) {
            return sign;
        }
        let (ea, ma) = norm::<F>(a);
        let (eb, mb) = norm::<F>(b);
        let q = ea + eb - 2 * F::FRAC as i32;
        round_pack::<F>(s, q, ma as u128 * mb as u128, rm, flags)
    }

    pub(super) fn div<F: Format>(a: u64, b: u64, rm: u8, flags: &mut u8) -> u64 {
        if F::is_nan(a) || F::is_nan(b) {
            return nan2::<F>(a, b, flags);
        }
        let s = F::sign(a) != F::sign(b);
        let sign = if s { F::SIGN } else { 0 };
        if F::is_inf(a) {
            if F::is_inf(b) {
                *flags |= NV;
                return F::CANON;
            }
            return sign | F::EXP_MASK;
        }
        if F::is_inf(b) {
            return sign;
        }
        if F::is_zero(b) {
            if F::is_zero(a) {
                *flags |= NV;
                return F::CANON;
            }
            *flags |= DZ;
            return sign | F::EXP_MASK;
        }
        if F::is_zero(a) {
            return sign;
        }
        let (ea, ma) = norm::<F>(a);
        let (eb, mb) = norm::<F>(b);
        // ma / mb is in (1/2, 2), so the quotient has at least 64 bits.
        let n = (ma as u128) << 64;
        let quo = n / mb as u128;
        // Jam a sticky bit unless the division was exact.
        let m = quo | (quo * mb as u128 != n) as u128;
        round_pack::<F>(s, ea - eb - 64, m, rm, flags)
    }

    #[cfg_attr(all(target_arch = "x86_64", not(test)), allow(dead_code))]
    pub(super) fn sqrt<F: Format>(a: u64, rm: u8, flags: &mut u8) -> u64 {
        if F::is_nan(a) {
            return nan2::<F>(a, a, flags);
        }
        if F::is_zero(a) {
            return a; // sqrt(-0) = -0
        }
        if F::sign(a) {
            *flags |= NV;
            return F::CANON;
        }
        if F::is_inf(a) {
            return a;
        }
        let (e, m) = norm::<F>(a);
        let mut q = e - F::FRAC as i32;
        let mut m = m as u128;
        if q & 1 != 0 {
            // Make the exponent even so it halves exactly.
            m <<= 1;
            q -= 1;
        }
        // 64 extra (even) bits give a root of at least FRAC/2 + 32 bits.
        let n = m << 64;
        let r = n.isqrt();
        let m = r | (r * r != n) as u128;
        round_pack::<F>(false, (q - 64) / 2, m, rm, flags)
    }

    /// `a * b + c` with a single rounding. RISC-V raises NV for `inf * 0`
    /// even when `c` is a quiet NaN.
    pub(super) fn fma<F: Format>(a: u64, b: u64, c: u64, rm: u8, flags: &mut u8) -> u64 {
        if F::is_snan(a) || F::is_snan(b) || F::is_snan(c) {
            *flags |= NV;
        }
        if (F::is_inf(a) && F::is_zero(b)) || (F::is_zero(a) && F::is_inf(b)) {
            *flags |= NV;
            return F::CANON;
        }
        if F::is_nan(a) || F::is_nan(b) || F::is_nan(c) {
            return F::CANON;
        }
        let sp = F::sign(a) != F::sign(b);
        let sc = F::sign(c);
        if F::is_inf(a) || F::is_inf(b) {
            if F::is_inf(c) && sc != sp {
                *flags |= NV;
                return F::CANON;
            }
            return if sp { F::SIGN } else { 0 } | F::EXP_MASK;
        }
        if F::is_inf(c) {
            return c;
        }
        if F::is_zero(a) || F::is_zero(b) {
            // The product is an exact signed zero.
            if F::is_zero(c) && sc != sp {
                return if rm == RDN { F::SIGN } else { 0 };
            }
            return c;
        }
        let (ea, ma) = norm::<F>(a);
        let (eb, mb) = norm::<F>(b);
        let p = ma as u128 * mb as u128;
        let pq = ea + eb - 2 * F::FRAC as i32;
        if F::is_zero(c) {
            return round_pack::<F>(sp, pq, p, rm, flags);
        }
        let (ec, mc) = norm::<F>(c);
        // Normalise both terms to a leading bit at 125: this leaves room for
        // the carry and at least 20 zero bits below each (so a jammed smaller
        // term keeps the subtraction round-to-odd exact).
        let pl = p.leading_zeros() - 2;
        let (p, pq) = (p << pl, pq - pl as i32);
        let cl = (mc as u128).leading_zeros() - 2;
        let (cm, cq) = ((mc as u128) << cl, ec - F::FRAC as i32 - cl as i32);
        let ((s1, q1, m1), (s2, q2, m2)) =
            if (pq, p) >= (cq, cm) { ((sp, pq, p), (sc, cq, cm)) } else { ((sc, cq, cm), (sp, pq, p)) };
        let y = shr_jam(m2, (q1 - q2) as u32);
        let m = if s1 == s2 { m1 + y } else { m1 - y };
        if m == 0 {
            return if rm == RDN { F::SIGN } else { 0 };
        }
        round_pack::<F>(s1, q1, m, rm, flags)
    }

    /// Converts between formats (`S` source, `D` destination); exact when
    /// widening.
    pub(super) fn convert<S: Format, D: Format>(a: u64, rm: u8, flags: &mut u8) -> u64 {
        if S::is_nan(a) {
            if S::is_snan(a) {
                *flags |= NV;
            }
            return D::CANON;
        }
        let sign = if S::sign(a) { D::SIGN } else { 0 };
        if S::is_inf(a) {
            return sign | D::EXP_MASK;
        }
        if S::is_zero(a) {
            return sign;
        }
        let (e, m) = norm::<S>(a);
        round_pack::<D>(S::sign(a), e - S::FRAC as i32, m as u128, rm, flags)
    }

    /// Converts the integer `(-1)^negative * mag` to format `F`.
    #[inline]
    pub(super) fn from_int<F: Format>(negative: bool, mag: u64, rm: u8, flags: &mut u8) -> u64 {
        if mag == 0 {
            return 0;
        }
        if mag >> (F::FRAC + 1) == 0 {
            // Fits the significand: exact, so build the bits directly (the
            // common case, and much cheaper than the general rounding).
            let e = 63 - mag.leading_zeros();
            let sign = if negative { F::SIGN } else { 0 };
            // The implicit bit of `mag << (FRAC - e)` adds one to the field.
            return sign | ((((e as i32 + F::BIAS - 1) as u64) << F::FRAC) + (mag << (F::FRAC - e)));
        }
        round_pack::<F>(negative, 0, mag as u128, rm, flags)
    }

    /// Converts to an integer of `width` bits (`signed` or not) with RISC-V
    /// saturation. Returns the result as a 64-bit two's complement pattern
    /// (not yet sign-extended from `width` for unsigned 32-bit results).
    #[inline]
    pub(super) fn to_int<F: Format>(a: u64, rm: u8, flags: &mut u8, signed: bool, width: u32) -> u64 {
        let max_pos: u128 = if signed { (1 << (width - 1)) - 1 } else { (1 << width) - 1 };
        // Magnitude of the most negative representable value.
        let max_neg: u128 = if signed { 1 << (width - 1) } else { 0 };
        if F::is_nan(a) {
            *flags |= NV;
            return max_pos as u64;
        }
        let negative = F::sign(a);
        let (mag, inexact) = if F::is_inf(a) {
            (u128::MAX, false)
        } else if F::is_zero(a) {
            (0, false)
        } else {
            let (e, m) = norm::<F>(a);
            if e >= 66 {
                // Far beyond any 64-bit range; avoid huge shifts.
                (u128::MAX, false)
            } else {
                round_at(m as u128, F::FRAC as i32 - e, negative, rm)
            }
        };
        if negative {
            if mag > max_neg {
                *flags |= NV;
                return (max_neg as u64).wrapping_neg();
            }
        } else if mag > max_pos {
            *flags |= NV;
            return max_pos as u64;
        }
        if inexact {
            *flags |= NX;
        }
        let v = mag as u64;
        if negative {
            v.wrapping_neg()
        } else {
            v
        }
    }

    /// Total order key for non-NaN values: maps sign-magnitude bits onto an
    /// unsigned order where -0 sorts just below +0.
    #[inline]
    fn key<F: Format>(x: u64) -> u64 {
        if F::sign(x) {
            !x & (F::SIGN | (F::SIGN - 1))
        } else {
            x | F::SIGN
        }
    }

    /// `fmin`/`fmax` (RISC-V 2.2+): a single NaN operand is ignored.
    #[inline]
    pub(super) fn min_max<F: Format>(a: u64, b: u64, max: bool, flags: &mut u8) -> u64 {
        let (an, bn) = (F::is_nan(a), F::is_nan(b));
        if an || bn {
            if F::is_snan(a) || F::is_snan(b) {
                *flags |= NV;
            }
            return match (an, bn) {
                (true, true) => F::CANON,
                (true, false) => b,
                _ => a,
            };
        }
        if (key::<F>(a) < key::<F>(b)) != max {
            a
        } else {
            b
        }
    }

    /// Quiet equality: NV only for signalling NaNs.
    #[inline]
    pub(super) fn eq<F: Format>(a: u64, b: u64, flags: &mut u8) -> bool {
        if F::is_nan(a) || F::is_nan(b) {
            if F::is_snan(a) || F::is_snan(b) {
                *flags |= NV;
            }
            return false;
        }
        a == b || (F::is_zero(a) && F::is_zero(b))
    }

    /// Signalling `<` (or `<=` if `or_equal`): NV for any NaN.
    #[inline]
    pub(super) fn lt<F: Format>(a: u64, b: u64, or_equal: bool, flags: &mut u8) -> bool {
        if F::is_nan(a) || F::is_nan(b) {
            *flags |= NV;
            return false;
        }
        if F::is_zero(a) && F::is_zero(b) {
            return or_equal;
        }
        let (ka, kb) = (key::<F>(a), key::<F>(b));
        ka < kb || (or_equal && ka == kb)
    }

    /// The `fclass` bit mask.
    #[inline]
    pub(super) fn classify<F: Format>(a: u64) -> u64 {
        let neg = F::sign(a);
        let exp = a & F::EXP_MASK;
        let bit = if F::is_inf(a) {
            if neg {
                0
            } else {
                7
            }
        } else if F::is_nan(a) {
            if F::is_snan(a) {
                8
            } else {
                9
            }
        } else if F::is_zero(a) {
            if neg {
                3
            } else {
                4
            }
        } else if exp == 0 {
            if neg {
                2
            } else {
                5
            }
        } else if neg {
            1
        } else {
            6
        };
        1 << bit
    }
}

/// SSE implementation of the operations for RNE/RTZ/RDN/RUP.
#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{DZ, NV, NX, OF, UF};
    use core::arch::asm;

    /// MXCSR images for RISC-V modes 0..=3: all exceptions masked, flags
    /// clear, DAZ and FTZ off, RC = nearest / toward zero / down / up.
    static MXCSR_MODE: [u32; 4] = [0x1f80, 0x7f80, 0x3f80, 0x5f80];
    /// Rust's default environment, restored after every operation because
    /// compiled Rust float code assumes round-to-nearest.
    static MXCSR_DEFAULT: u32 = 0x1f80;

    /// Maps MXCSR flag bits 0..=5 (IE, DE, ZE, OE, UE, PE) to RISC-V fflags;
    /// DE (denormal operand) has no RISC-V counterpart.
    static FLAG_MAP: [u8; 64] = {
        let mut t = [0u8; 64];
        let mut i = 0;
        while i < 64 {
            let mut f = 0;
            if i & 0x01 != 0 {
                f |= NV;
            }
            if i & 0x04 != 0 {
                f |= DZ;
            }
            if i & 0x08 != 0 {
                f |= OF;
            }
            if i & 0x10 != 0 {
                f |= UF;
            }
            if i & 0x20 != 0 {
                f |= NX;
            }
            t[i] = f;
            i += 1;
        }
        t
    };

    #[inline(always)]
    fn mode_ptr(rm: u8) -> *const u32 {
        // `& 3` keeps the index in bounds without a check; callers never pass
        // RMM here and reserved modes are the caller's bug, not UB.
        &MXCSR_MODE[(rm & 3) as usize]
    }

    #[inline(always)]
    fn accrue(csr: u32, flags: &mut u8) {
        *flags |= FLAG_MAP[(csr & 0x3f) as usize];
    }

    /// Whether the CPU has FMA3 (checked once and cached by std).
    #[inline(always)]
    pub(super) fn has_fma() -> bool {
        cfg!(target_feature = "fma") || std::arch::is_x86_feature_detected!("fma")
    }

    /// Generates `fn(a, b, rm, flags) -> result` running one two-operand SSE
    /// instruction `insn dst, src` under the requested rounding mode.
    macro_rules! bin_op {
        ($name:ident, $t:ty, $insn:literal) => {
            #[inline(always)]
            pub(super) fn $name(a: $t, b: $t, rm: u8, flags: &mut u8) -> $t {
                let mut x = a;
                let mut csr: u32 = 0;
                // SAFETY: the block only loads MXCSR from valid static data,
                // runs one arithmetic instruction on register operands, stores
                // MXCSR into the local `csr` and restores the default MXCSR, so
                // no FP environment change escapes it. It touches no stack
                // beyond the named locals and leaves EFLAGS alone.
                unsafe {
                    asm!(
                        "ldmxcsr dword ptr [{mode}]",
                        concat!($insn, " {x}, {y}"),
                        "stmxcsr dword ptr [{out}]",
                        "ldmxcsr dword ptr [{def}]",
                        x = inout(xmm_reg) x,
                        y = in(xmm_reg) b,
                        mode = in(reg) mode_ptr(rm),
                        out = in(reg) core::ptr::addr_of_mut!(csr),
                        def = in(reg) &MXCSR_DEFAULT as *const u32,
                        options(nostack, preserves_flags),
                    );
                }
                accrue(csr, flags);
                x
            }
        };
    }

    bin_op!(add_f32, f32, "addss");
    bin_op!(sub_f32, f32, "subss");
    bin_op!(mul_f32, f32, "mulss");
    bin_op!(div_f32, f32, "divss");
    bin_op!(add_f64, f64, "addsd");
    bin_op!(sub_f64, f64, "subsd");
    bin_op!(mul_f64, f64, "mulsd");
    bin_op!(div_f64, f64, "divsd");

    /// Generates a one-operand op `insn dst, src` with possibly different
    /// source and destination types (sqrt, cvtsd2ss).
    macro_rules! un_op {
        ($name:ident, $src:ty, $dst:ty, $insn:literal) => {
            #[inline(always)]
            pub(super) fn $name(a: $src, rm: u8, flags: &mut u8) -> $dst {
                let r: $dst;
                let mut csr: u32 = 0;
                // SAFETY: as in `bin_op!`: MXCSR is loaded from static data,
                // one instruction runs on registers, MXCSR is stored to the
                // local `csr` and the default MXCSR is restored.
                unsafe {
                    asm!(
                        "ldmxcsr dword ptr [{mode}]",
                        concat!($insn, " {r}, {a}"),
                        "stmxcsr dword ptr [{out}]",
                        "ldmxcsr dword ptr [{def}]",
                        r = out(xmm_reg) r,
                        a = in(xmm_reg) a,
                        mode = in(reg) mode_ptr(rm),
                        out = in(reg) core::ptr::addr_of_mut!(csr),
                        def = in(reg) &MXCSR_DEFAULT as *const u32,
                        options(nostack, preserves_flags),
                    );
                }
                accrue(csr, flags);
                r
            }
        };
    }

    un_op!(sqrt_f32, f32, f32, "sqrtss");
    un_op!(sqrt_f64, f64, f64, "sqrtsd");
    un_op!(f64_to_f32, f64, f32, "cvtsd2ss");

    /// Generates `a * b + c` with one rounding via FMA3.
    macro_rules! fma_op {
        ($name:ident, $t:ty, $insn:literal) => {
            /// # Safety
            /// The CPU must support FMA3 (see [`has_fma`]).
            #[inline(always)]
            pub(super) unsafe fn $name(a: $t, b: $t, c: $t, rm: u8, flags: &mut u8) -> $t {
                let mut x = a;
                let mut csr: u32 = 0;
                // SAFETY: the caller guarantees FMA3 is available; otherwise
                // as in `bin_op!` (static MXCSR images, register operands,
                // MXCSR stored to a local and restored to the default).
                unsafe {
                    asm!(
                        "ldmxcsr dword ptr [{mode}]",
                        // 213 form: x = b * x + c
                        concat!($insn, " {x}, {y}, {z}"),
                        "stmxcsr dword ptr [{out}]",
                        "ldmxcsr dword ptr [{def}]",
                        x = inout(xmm_reg) x,
                        y = in(xmm_reg) b,
                        z = in(xmm_reg) c,
                        mode = in(reg) mode_ptr(rm),
                        out = in(reg) core::ptr::addr_of_mut!(csr),
                        def = in(reg) &MXCSR_DEFAULT as *const u32,
                        options(nostack, preserves_flags),
                    );
                }
                accrue(csr, flags);
                x
            }
        };
    }

    fma_op!(fma_f32, f32, "vfmadd213ss");
    fma_op!(fma_f64, f64, "vfmadd213sd");
}

/// Replaces any NaN by the canonical NaN of format `F`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn canon<F: Format>(x: u64) -> u64 {
    if F::is_nan(x) {
        F::CANON
    } else {
        x
    }
}

/// Generates the public binary arithmetic functions for both formats.
macro_rules! pub_bin {
    ($(#[$doc:meta])* $f32name:ident, $f64name:ident, $soft:ident, $hw32:ident, $hw64:ident) => {
        $(#[$doc])*
        #[inline]
        pub fn $f32name(a: u32, b: u32, rm: u8, flags: &mut u8) -> u32 {
            debug_assert!(rm <= RMM, "invalid rounding mode {rm}");
            #[cfg(target_arch = "x86_64")]
            if rm != RMM {
                let r = x86::$hw32(f32::from_bits(a), f32::from_bits(b), rm, flags);
                return canon::<F32>(r.to_bits() as u64) as u32;
            }
            soft::$soft::<F32>(a as u64, b as u64, rm, flags) as u32
        }

        $(#[$doc])*
        #[inline]
        pub fn $f64name(a: u64, b: u64, rm: u8, flags: &mut u8) -> u64 {
            debug_assert!(rm <= RMM, "invalid rounding mode {rm}");
            #[cfg(target_arch = "x86_64")]
            if rm != RMM {
                let r = x86::$hw64(f64::from_bits(a), f64::from_bits(b), rm, flags);
                return canon::<F64>(r.to_bits());
            }
            soft::$soft::<F64>(a, b, rm, flags)
        }
    };
}

pub_bin!(
    /// `fadd`: `a + b`.
    f32_add, f64_add, add, add_f32, add_f64
);
pub_bin!(
    /// `fmul`: `a * b`.
    f32_mul, f64_mul, mul, mul_f32, mul_f64
);
pub_bin!(
    /// `fdiv`: `a / b` (DZ for finite non-zero / 0).
    f32_div, f64_div, div, div_f32, div_f64
);

/// Software subtraction: addition of the negated operand (exact, and NaN
/// results are canonical regardless of sign).
#[inline]
fn soft_sub<F: Format>(a: u64, b: u64, rm: u8, flags: &mut u8) -> u64 {
    soft::add::<F>(a, b ^ F::SIGN, rm, flags)
}

/// `fsub.s`: `a - b`.
#[inline]
pub fn f32_sub(a: u32, b: u32, rm: u8, flags: &mut u8) -> u32 {
    debug_assert!(rm <= RMM, "invalid rounding mode {rm}");
    #[cfg(target_arch = "x86_64")]
    if rm != RMM {
        let r = x86::sub_f32(f32::from_bits(a), f32::from_bits(b), rm, flags);
        return canon::<F32>(r.to_bits() as u64) as u32;
    }
    soft_sub::<F32>(a as u64, b as u64, rm, flags) as u32
}

/// `fsub.d`: `a - b`.
#[inline]
pub fn f64_sub(a: u64, b: u64, rm: u8, flags: &mut u8) -> u64 {
    debug_assert!(rm <= RMM, "invalid rounding mode {rm}");
    #[cfg(target_arch = "x86_64")]
    if rm != RMM {
        let r = x86::sub_f64(f64::from_bits(a), f64::from_bits(b), rm, flags);
        return canon::<F64>(r.to_bits());
    }
    soft_sub::<F64>(a, b, rm, flags)
}

/// `fsqrt.s`: square root (NV for negative non-zero operands).
#[inline]
pub fn f32_sqrt(a: u32, rm: u8, flags: &mut u8) -> u32 {
    debug_assert!(rm <= RMM, "invalid rounding mode {rm}");
    sqrt_impl::sqrt_f32(a, rm, flags)
}

/// `fsqrt.d`: square root (NV for negative non-zero operands).
#[inline]
pub fn f64_sqrt(a: u64, rm: u8, flags: &mut u8) -> u64 {
    debug_assert!(rm <= RMM, "invalid rounding mode {rm}");
    sqrt_impl::sqrt_f64(a, rm, flags)
}

/// Square root dispatch. A square root is never exactly halfway between two
/// floats (a midpoint squared has too many significant bits to be an
/// operand) and is never subnormal, so RMM always agrees with RNE and SSE
/// serves every mode.
#[cfg(target_arch = "x86_64")]
mod sqrt_impl {
    use super::{canon, x86, F32, F64, RMM, RNE};

    #[inline(always)]
    pub(super) fn sqrt_f32(a: u32, rm: u8, flags: &mut u8) -> u32 {
        let rm = if rm == RMM { RNE } else { rm };
        let r = x86::sqrt_f32(f32::from_bits(a), rm, flags);
        canon::<F32>(r.to_bits() as u64) as u32
    }

    #[inline(always)]
    pub(super) fn sqrt_f64(a: u64, rm: u8, flags: &mut u8) -> u64 {
        let rm = if rm == RMM { RNE } else { rm };
        canon::<F64>(x86::sqrt_f64(f64::from_bits(a), rm, flags).to_bits())
    }
}

/// Square root dispatch without SSE: the exact software implementation.
#[cfg(not(target_arch = "x86_64"))]
mod sqrt_impl {
    use super::{soft, F32, F64};

    #[inline(always)]
    pub(super) fn sqrt_f32(a: u32, rm: u8, flags: &mut u8) -> u32 {
        soft::sqrt::<F32>(a as u64, rm, flags) as u32
    }

    #[inline(always)]
    pub(super) fn sqrt_f64(a: u64, rm: u8, flags: &mut u8) -> u64 {
        soft::sqrt::<F64>(a, rm, flags)
    }
}

/// Fused `a * b + c` for format `F`, dispatching to FMA3 when possible.
#[inline(always)]
fn fma_f32(a: u32, b: u32, c: u32, rm: u8, flags: &mut u8) -> u32 {
    debug_assert!(rm <= RMM, "invalid rounding mode {rm}");
    #[cfg(target_arch = "x86_64")]
    if rm != RMM && x86::has_fma() {
        let (fa, fb, fc) = (f32::from_bits(a), f32::from_bits(b), f32::from_bits(c));
        // SAFETY: FMA3 support was just checked.
        let r = unsafe { x86::fma_f32(fa, fb, fc, rm, flags) }.to_bits();
        if F32::is_nan(r as u64) {
            // x86 does not signal invalid for inf * 0 + qNaN; RISC-V does.
            inf_times_zero::<F32>(a as u64, b as u64, flags);
            return F32_CANONICAL_NAN;
        }
        return r;
    }
    soft::fma::<F32>(a as u64, b as u64, c as u64, rm, flags) as u32
}

/// Fused `a * b + c` for f64, dispatching to FMA3 when possible.
#[inline(always)]
fn fma_f64(a: u64, b: u64, c: u64, rm: u8, flags: &mut u8) -> u64 {
    debug_assert!(rm <= RMM, "invalid rounding mode {rm}");
    #[cfg(target_arch = "x86_64")]
    if rm != RMM && x86::has_fma() {
        let (fa, fb, fc) = (f64::from_bits(a), f64::from_bits(b), f64::from_bits(c));
        // SAFETY: FMA3 support was just checked.
        let r = unsafe { x86::fma_f64(fa, fb, fc, rm, flags) }.to_bits();
        if F64::is_nan(r) {
            // x86 does not signal invalid for inf * 0 + qNaN; RISC-V does.
            inf_times_zero::<F64>(a, b, flags);
            return F64_CANONICAL_NAN;
        }
        return r;
    }
    soft::fma::<F64>(a, b, c, rm, flags)
}

/// Raises NV if `a * b` is `inf * 0` (used on the NaN-result slow path).
#[cfg(target_arch = "x86_64")]
#[cold]
fn inf_times_zero<F: Format>(a: u64, b: u64, flags: &mut u8) {
    if (F::is_inf(a) && F::is_zero(b)) || (F::is_zero(a) && F::is_inf(b)) {
        *flags |= NV;
    }
}

// The RISC-V fused ops negate the product and/or addend exactly; flipping the
// sign bits of `a` and `c` is equivalent (and harmless for NaNs, whose results
// are canonical and whose signalling bit is untouched).

/// `fmadd.s`: `a * b + c`, one rounding.
#[inline]
pub fn f32_madd(a: u32, b: u32, c: u32, rm: u8, flags: &mut u8) -> u32 {
    fma_f32(a, b, c, rm, flags)
}

/// `fmsub.s`: `a * b - c`, one rounding.
#[inline]
pub fn f32_msub(a: u32, b: u32, c: u32, rm: u8, flags: &mut u8) -> u32 {
    fma_f32(a, b, c ^ 0x8000_0000, rm, flags)
}

/// `fnmsub.s`: `-(a * b) + c`, one rounding.
#[inline]
pub fn f32_nmsub(a: u32, b: u32, c: u32, rm: u8, flags: &mut u8) -> u32 {
    fma_f32(a ^ 0x8000_0000, b, c, rm, flags)
}

/// `fnmadd.s`: `-(a * b) - c`, one rounding.
#[inline]
pub fn f32_nmadd(a: u32, b: u32, c: u32, rm: u8, flags: &mut u8) -> u32 {
    fma_f32(a ^ 0x8000_0000, b, c ^ 0x8000_0000, rm, flags)
}

/// `fmadd.d`: `a * b + c`, one rounding.
#[inline]
pub fn f64_madd(a: u64, b: u64, c: u64, rm: u8, flags: &mut u8) -> u64 {
    fma_f64(a, b, c, rm, flags)
}

/// `fmsub.d`: `a * b - c`, one rounding.
#[inline]
pub fn f64_msub(a: u64, b: u64, c: u64, rm: u8, flags: &mut u8) -> u64 {
    fma_f64(a, b, c ^ F64::SIGN, rm, flags)
}

/// `fnmsub.d`: `-(a * b) + c`, one rounding.
#[inline]
pub fn f64_nmsub(a: u64, b: u64, c: u64, rm: u8, flags: &mut u8) -> u64 {
    fma_f64(a ^ F64::SIGN, b, c, rm, flags)
}

/// `fnmadd.d`: `-(a * b) - c`, one rounding.
#[inline]
pub fn f64_nmadd(a: u64, b: u64, c: u64, rm: u8, flags: &mut u8) -> u64 {
    fma_f64(a ^ F64::SIGN, b, c ^ F64::SIGN, rm, flags)
}

/// `fmin.s`: the smaller operand (-0 < +0); a single NaN operand is
/// ignored, two give the canonical NaN; NV only for signalling NaNs.
#[inline]
pub fn f32_min(a: u32, b: u32, flags: &mut u8) -> u32 {
    soft::min_max::<F32>(a as u64, b as u64, false, flags) as u32
}

/// `fmax.s`: the larger operand (+0 > -0); NaN rules as [`f32_min`].
#[inline]
pub fn f32_max(a: u32, b: u32, flags: &mut u8) -> u32 {
    soft::min_max::<F32>(a as u64, b as u64, true, flags) as u32
}

/// `fmin.d`: the smaller operand (-0 < +0); a single NaN operand is
/// ignored, two give the canonical NaN; NV only for signalling NaNs.
#[inline]
pub fn f64_min(a: u64, b: u64, flags: &mut u8) -> u64 {
    soft::min_max::<F64>(a, b, false, flags)
}

/// `fmax.d`: the larger operand (+0 > -0); NaN rules as [`f64_min`].
#[inline]
pub fn f64_max(a: u64, b: u64, flags: &mut u8) -> u64 {
    soft::min_max::<F64>(a, b, true, flags)
}

/// `feq.s`: quiet equality (NV only for signalling NaNs; +0 == -0).
#[inline]
pub fn f32_eq(a: u32, b: u32, flags: &mut u8) -> bool {
    soft::eq::<F32>(a as u64, b as u64, flags)
}

/// `flt.s`: `a < b`, NV for any NaN operand.
#[inline]
pub fn f32_lt(a: u32, b: u32, flags: &mut u8) -> bool {
    soft::lt::<F32>(a as u64, b as u64, false, flags)
}

/// `fle.s`: `a <= b`, NV for any NaN operand.
#[inline]
pub fn f32_le(a: u32, b: u32, flags: &mut u8) -> bool {
    soft::lt::<F32>(a as u64, b as u64, true, flags)
}

/// `feq.d`: quiet equality (NV only for signalling NaNs; +0 == -0).
#[inline]
pub fn f64_eq(a: u64, b: u64, flags: &mut u8) -> bool {
    soft::eq::<F64>(a, b, flags)
}

/// `flt.d`: `a < b`, NV for any NaN operand.
#[inline]
pub fn f64_lt(a: u64, b: u64, flags: &mut u8) -> bool {
    soft::lt::<F64>(a, b, false, flags)
}

/// `fle.d`: `a <= b`, NV for any NaN operand.
#[inline]
pub fn f64_le(a: u64, b: u64, flags: &mut u8) -> bool {
    soft::lt::<F64>(a, b, true, flags)
}

/// `fclass.s`: one-hot class mask (bit 0 -inf .. bit 7 +inf, 8 sNaN, 9 qNaN).
#[inline]
pub fn f32_classify(a: u32) -> u64 {
    soft::classify::<F32>(a as u64)
}

/// `fclass.d`: one-hot class mask (bit 0 -inf .. bit 7 +inf, 8 sNaN, 9 qNaN).
#[inline]
pub fn f64_classify(a: u64) -> u64 {
    soft::classify::<F64>(a)
}

/// `fsgnj.s`: magnitude of `a`, sign of `b`.
#[inline]
pub fn f32_sgnj(a: u32, b: u32) -> u32 {
    (a & 0x7fff_ffff) | (b & 0x8000_0000)
}

/// `fsgnjn.s`: magnitude of `a`, inverted sign of `b`.
#[inline]
pub fn f32_sgnjn(a: u32, b: u32) -> u32 {
    (a & 0x7fff_ffff) | (!b & 0x8000_0000)
}

/// `fsgnjx.s`: `a` with its sign XORed with `b`'s.
#[inline]
pub fn f32_sgnjx(a: u32, b: u32) -> u32 {
    a ^ (b & 0x8000_0000)
}

/// `fsgnj.d`: magnitude of `a`, sign of `b`.
#[inline]
pub fn f64_sgnj(a: u64, b: u64) -> u64 {
    (a & !F64::SIGN) | (b & F64::SIGN)
}

/// `fsgnjn.d`: magnitude of `a`, inverted sign of `b`.
#[inline]
pub fn f64_sgnjn(a: u64, b: u64) -> u64 {
    (a & !F64::SIGN) | (!b & F64::SIGN)
}

/// `fsgnjx.d`: `a` with its sign XORed with `b`'s.
#[inline]
pub fn f64_sgnjx(a: u64, b: u64) -> u64 {
    a ^ (b & F64::SIGN)
}

/// `fcvt.d.s`: widen to double (exact; NV for a signalling NaN).
#[inline]
pub fn f32_to_f64(a: u32, flags: &mut u8) -> u64 {
    soft::convert::<F32, F64>(a as u64, RNE, flags)
}

/// `fcvt.s.d`: narrow to single with rounding.
#[inline]
pub fn f64_to_f32(a: u64, rm: u8, flags: &mut u8) -> u32 {
    debug_assert!(rm <= RMM, "invalid rounding mode {rm}");
    #[cfg(target_arch = "x86_64")]
    if rm != RMM {
        let r = x86::f64_to_f32(f64::from_bits(a), rm, flags);
        return canon::<F32>(r.to_bits() as u64) as u32;
    }
    soft::convert::<F64, F32>(a, rm, flags) as u32
}

/// Sign-extends a 32-bit result to the 64-bit register value.
#[inline(always)]
fn sext32(v: u64) -> u64 {
    v as u32 as i32 as i64 as u64
}

/// `fcvt.w.s`: to `i32` with saturation (NaN -> `i32::MAX`), returned
/// sign-extended.
#[inline]
pub fn f32_to_i32(a: u32, rm: u8, flags: &mut u8) -> i64 {
    soft::to_int::<F32>(a as u64, rm, flags, true, 32) as i64
}

/// `fcvt.wu.s`: to `u32` with saturation (NaN -> `u32::MAX`), returned
/// sign-extended from bit 31 as RISC-V writes it.
#[inline]
pub fn f32_to_u32(a: u32, rm: u8, flags: &mut u8) -> u64 {
    sext32(soft::to_int::<F32>(a as u64, rm, flags, false, 32))
}

/// `fcvt.l.s`: to `i64` with saturation (NaN -> `i64::MAX`).
#[inline]
pub fn f32_to_i64(a: u32, rm: u8, flags: &mut u8) -> i64 {
    soft::to_int::<F32>(a as u64, rm, flags, true, 64) as i64
}

/// `fcvt.lu.s`: to `u64` with saturation (NaN -> `u64::MAX`).
#[inline]
pub fn f32_to_u64(a: u32, rm: u8, flags: &mut u8) -> u64 {
    soft::to_int::<F32>(a as u64, rm, flags, false, 64)
}

/// `fcvt.w.d`: to `i32` with saturation (NaN -> `i32::MAX`), returned
/// sign-extended.
#[inline]
pub fn f64_to_i32(a: u64, rm: u8, flags: &mut u8) -> i64 {
    soft::to_int::<F64>(a, rm, flags, true, 32) as i64
}

/// `fcvt.wu.d`: to `u32` with saturation (NaN -> `u32::MAX`), returned
/// sign-extended from bit 31 as RISC-V writes it.
#[inline]
pub fn f64_to_u32(a: u64, rm: u8, flags: &mut u8) -> u64 {
    sext32(soft::to_int::<F64>(a, rm, flags, false, 32))
}

/// `fcvt.l.d`: to `i64` with saturation (NaN -> `i64::MAX`).
#[inline]
pub fn f64_to_i64(a: u64, rm: u8, flags: &mut u8) -> i64 {
    soft::to_int::<F64>(a, rm, flags, true, 64) as i64
}

/// `fcvt.lu.d`: to `u64` with saturation (NaN -> `u64::MAX`).
#[inline]
pub fn f64_to_u64(a: u64, rm: u8, flags: &mut u8) -> u64 {
    soft::to_int::<F64>(a, rm, flags, false, 64)
}

/// `fcvt.s.w`: from `i32`, rounded (NX if inexact).
#[inline]
pub fn i32_to_f32(a: i32, rm: u8, flags: &mut u8) -> u32 {
    soft::from_int::<F32>(a < 0, a.unsigned_abs() as u64, rm, flags) as u32
}

/// `fcvt.s.wu`: from `u32`, rounded (NX if inexact).
#[inline]
pub fn u32_to_f32(a: u32, rm: u8, flags: &mut u8) -> u32 {
    soft::from_int::<F32>(false, a as u64, rm, flags) as u32
}

/// `fcvt.s.l`: from `i64`, rounded (NX if inexact).
#[inline]
pub fn i64_to_f32(a: i64, rm: u8, flags: &mut u8) -> u32 {
    soft::from_int::<F32>(a < 0, a.unsigned_abs(), rm, flags) as u32
}

/// `fcvt.s.lu`: from `u64`, rounded (NX if inexact).
#[inline]
pub fn u64_to_f32(a: u64, rm: u8, flags: &mut u8) -> u32 {
    soft::from_int::<F32>(false, a, rm, flags) as u32
}

/// `fcvt.d.w`: from `i32` (always exact).
#[inline]
pub fn i32_to_f64(a: i32, rm: u8, flags: &mut u8) -> u64 {
    soft::from_int::<F64>(a < 0, a.unsigned_abs() as u64, rm, flags)
}

/// `fcvt.d.wu`: from `u32` (always exact).
#[inline]
pub fn u32_to_f64(a: u32, rm: u8, flags: &mut u8) -> u64 {
    soft::from_int::<F64>(false, a as u64, rm, flags)
}

/// `fcvt.d.l`: from `i64`, rounded (NX if inexact).
#[inline]
pub fn i64_to_f64(a: i64, rm: u8, flags: &mut u8) -> u64 {
    soft::from_int::<F64>(a < 0, a.unsigned_abs(), rm, flags)
}

/// `fcvt.d.lu`: from `u64`, rounded (NX if inexact).
#[inline]
pub fn u64_to_f64(a: u64, rm: u8, flags: &mut u8) -> u64 {
    soft::from_int::<F64>(false, a, rm, flags)
}

#[cfg(test)]
mod tests {
    //! Cross-checks the exact software path against the SSE path in the four
    //! modes both support; the public corner-case tests and the SoftFloat
    //! differential test live in `tests/fp_*.rs`.
    // The differential helpers are only used where the SSE path exists.
    #![cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    use super::*;

    /// Small deterministic PRNG (xorshift64*), so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// Builds a bit pattern of format `F` from sign, biased exponent field
    /// and fraction.
    fn make<F: Format>(sign: bool, exp: u64, frac: u64) -> u64 {
        (if sign { F::SIGN } else { 0 }) | (exp << F::FRAC) & F::EXP_MASK | (frac & F::FRAC_MASK)
    }

    /// Operands biased towards the interesting places: specials, subnormal
    /// and overflow boundaries, short significands (ties), integer range
    /// boundaries, and values close to `near`.
    fn operand<F: Format>(rng: &mut Rng, near: u64) -> u64 {
        let emax_field = (1u64 << F::EXP_BITS) - 1;
        let bias = F::BIAS as u64;
        let s = rng.next() & 1 != 0;
        match rng.below(10) {
            0 => {
                let specials = [
                    0,
                    1,
                    F::FRAC_MASK,
                    1 << F::FRAC,
                    F::MAX_FINITE,
                    F::EXP_MASK,
                    F::CANON,
                    F::EXP_MASK | 1,
                    F::EXP_MASK | F::FRAC_MASK,
                    bias << F::FRAC,
                ];
                specials[rng.below(specials.len() as u64) as usize] | if s { F::SIGN } else { 0 }
            }
            1 => rng.next() & (F::SIGN | (F::SIGN - 1)),
            2 => make::<F>(s, rng.below(4), rng.next()),
            3 => make::<F>(s, emax_field - 1 - rng.below(3), rng.next()),
            4 => {
                // Few significant bits: provokes exact ties.
                let frac = rng.next() & (rng.next() | F::FRAC_MASK << rng.below(F::FRAC as u64));
                make::<F>(s, 1 + rng.below(emax_field - 1), frac & !(rng.next() >> 3))
            }
            5 => make::<F>(s, bias + rng.below(70), rng.next() >> rng.below(64)),
            6 => {
                // Close to another operand: cancellation and ties.
                let d = rng.below(64 * (F::FRAC as u64 + 3));
                let e = ((near & F::EXP_MASK) >> F::FRAC).saturating_sub(d / 64);
                make::<F>(s, e, near ^ (rng.next() >> (d % 64)))
            }
            7 => near.wrapping_add(rng.below(5)).wrapping_sub(2) & (F::SIGN | (F::SIGN - 1)),
            8 => make::<F>(s, bias - 1 + rng.below(3), rng.next() & !(u64::MAX >> 3)),
            _ => make::<F>(s, rng.below(emax_field + 1), rng.next()),
        }
    }

    fn check<T: PartialEq + std::fmt::LowerHex>(what: &str, args: &[u64], rm: u8, hw: (T, u8), sw: (T, u8)) {
        assert!(
            hw.0 == sw.0 && hw.1 == sw.1,
            "{what} {args:x?} rm={rm}: hw {:#x} flags {:#x}, soft {:#x} flags {:#x}",
            hw.0,
            hw.1,
            sw.0,
            sw.1
        );
    }

    /// Runs `n` random cases of every hardware-backed op in format `F`.
    fn differential<F: Format>(n: usize, seed: u64, hw: impl Fn(u8, u64, u64, u64, u8, &mut u8) -> u64) {
        let mut rng = Rng(seed);
        for _ in 0..n {
            let a = operand::<F>(&mut rng, 0);
            let b = operand::<F>(&mut rng, a);
            let c = operand::<F>(&mut rng, a ^ b);
            // Mode 4 (RMM) also checks the RMM-as-RNE square root shortcut.
            for rm in 0..5 {
                for op in 0..6u8 {
                    let (mut fh, mut fs) = (0, 0);
                    let h = hw(op, a, b, c, rm, &mut fh);
                    let s = match op {
                        0 => soft::add::<F>(a, b, rm, &mut fs),
                        1 => soft_sub::<F>(a, b, rm, &mut fs),
                        2 => soft::mul::<F>(a, b, rm, &mut fs),
                        3 => soft::div::<F>(a, b, rm, &mut fs),
                        4 => soft::sqrt::<F>(a, rm, &mut fs),
                        _ => soft::fma::<F>(a, b, c, rm, &mut fs),
                    };
                    check(["add", "sub", "mul", "div", "sqrt", "fma"][op as usize], &[a, b, c], rm, (h, fh), (s, fs));
                }
            }
        }
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn soft_matches_sse_f64() {
        differential::<F64>(200_000, 0x1234_5678_9abc_def1, |op, a, b, c, rm, fl| match op {
            0 => f64_add(a, b, rm, fl),
            1 => f64_sub(a, b, rm, fl),
            2 => f64_mul(a, b, rm, fl),
            3 => f64_div(a, b, rm, fl),
            4 => f64_sqrt(a, rm, fl),
            _ => f64_madd(a, b, c, rm, fl),
        });
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn soft_matches_sse_f32() {
        differential::<F32>(200_000, 0x0fed_cba9_8765_4321, |op, a, b, c, rm, fl| {
            let (a, b, c) = (a as u32, b as u32, c as u32);
            (match op {
                0 => f32_add(a, b, rm, fl),
                1 => f32_sub(a, b, rm, fl),
                2 => f32_mul(a, b, rm, fl),
                3 => f32_div(a, b, rm, fl),
                4 => f32_sqrt(a, rm, fl),
                _ => f32_madd(a, b, c, rm, fl),
            }) as u64
        });
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn soft_narrowing_matches_sse() {
        let mut rng = Rng(42);
        for _ in 0..200_000 {
            let a = operand::<F64>(&mut rng, 0x3800_0000_0000_0000);
            for rm in 0..4 {
                let (mut fh, mut fs) = (0, 0);
                let h = f64_to_f32(a, rm, &mut fh) as u64;
                let s = soft::convert::<F64, F32>(a, rm, &mut fs);
                check("f64_to_f32", &[a], rm, (h, fh), (s, fs));
            }
        }
    }

    #[test]
    fn round_pack_tininess_after_rounding() {
        // Just below 2^-1022 by less than half an ulp of full precision:
        // rounds to the smallest normal and is not tiny after rounding.
        let m = (1u128 << 54) - 1; // 54 one-bits, value (2^54-1)*2^(-1022-54)
        let mut fl = 0;
        let r = soft::round_pack::<F64>(false, -1022 - 54, m, RNE, &mut fl);
        assert_eq!((r, fl), (0x0010_0000_0000_0000, NX));
        // (1 - 2^-53) * 2^-1022: a tie at subnormal precision that rounds up
        // to the smallest normal, but it is exact (below 2^-1022) at full
        // precision, hence tiny after rounding: UF.
        let m = (1u128 << 54) - 2;
        let mut fl = 0;
        let r = soft::round_pack::<F64>(false, -1022 - 54, m, RNE, &mut fl);
        assert_eq!((r, fl), (0x0010_0000_0000_0000, NX | UF));
    }
}
