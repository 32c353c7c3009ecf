//! Randomised differential test of `rivet_core::fp` against Berkeley SoftFloat
//! 3 built with its RISC-V specialisation (canonical NaNs, tininess after
//! rounding, RISC-V saturation values): every operation, both formats, all
//! five rounding modes, comparing result bits and flags.
//!
//! Opt-in, because it needs a dev-dependency whose build runs CMake:
//! add `softfloat-sys = { version = "0.1.4", default-features = false,
//! features = ["riscv"] }` to rivet-core's `[dev-dependencies]`, install
//! cmake, and run with `RUSTFLAGS="--cfg rivet_softfloat"`. Without the cfg
//! this file compiles to an empty test crate. `FP_ITERS` scales the number
//! of random operand sets (default 100 000 per format and operation group).
//! `fp_qemu.rs` is the dependency-free counterpart that runs by default.

#![allow(unexpected_cfgs)]
#![cfg(rivet_softfloat)]

use rivet_core::fp;
use softfloat_sys as sf;
use softfloat_sys::{float32_t, float64_t};

/// Deterministic xorshift64* PRNG so failures reproduce.
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

fn iters() -> usize {
    std::env::var("FP_ITERS").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000)
}

/// Format parameters for the operand generator.
#[derive(Clone, Copy)]
struct Fmt {
    frac: u32,
    exp_bits: u32,
}

const S: Fmt = Fmt { frac: 23, exp_bits: 8 };
const D: Fmt = Fmt { frac: 52, exp_bits: 11 };

impl Fmt {
    fn sign(self) -> u64 {
        1 << (self.frac + self.exp_bits)
    }
    fn frac_mask(self) -> u64 {
        (1 << self.frac) - 1
    }
    fn exp_field_max(self) -> u64 {
        (1 << self.exp_bits) - 1
    }
    fn bias(self) -> u64 {
        (1 << (self.exp_bits - 1)) - 1
    }
    fn make(self, sign: bool, exp: u64, frac: u64) -> u64 {
        (if sign { self.sign() } else { 0 }) | ((exp & self.exp_field_max()) << self.frac) | (frac & self.frac_mask())
    }

    /// A random operand biased towards corner cases: specials, the
    /// subnormal and overflow boundaries, short significands (ties), the
    /// integer conversion boundaries, and values close to `near`.
    fn operand(self, rng: &mut Rng, near: u64) -> u64 {
        let s = rng.next() & 1 != 0;
        let all = self.sign() | (self.sign() - 1);
        let inf = self.exp_field_max() << self.frac;
        match rng.below(11) {
            0 => {
                let specials = [
                    0,
                    1,
                    self.frac_mask(),
                    1 << self.frac,
                    inf - 1,
                    inf,
                    inf | 1 << (self.frac - 1),
                    inf | 1,
                    inf | self.frac_mask(),
                    self.bias() << self.frac,
                ];
                specials[rng.below(specials.len() as u64) as usize] | if s { self.sign() } else { 0 }
            }
            1 => rng.next() & all,
            2 => self.make(s, rng.below(4), rng.next() >> rng.below(64)),
            3 => self.make(s, self.exp_field_max() - 1 - rng.below(3), rng.next()),
            4 => {
                // Few significant bits: exact ties after add/mul/fma.
                let keep = !(u64::MAX >> rng.below(self.frac as u64 + 1));
                let frac = (rng.next() & keep) >> (64 - self.frac);
                self.make(s, 1 + rng.below(self.exp_field_max() - 1), frac)
            }
            5 => {
                // Around the 32/64-bit integer limits and small integers.
                let e = self.bias() + [0, 1, 30, 31, 32, 62, 63, 64][rng.below(8) as usize];
                let frac = match rng.below(4) {
                    0 => 0,
                    1 => self.frac_mask(),
                    2 => self.frac_mask() << rng.below(self.frac as u64),
                    _ => rng.next(),
                };
                self.make(s, e.saturating_sub(rng.below(2)), frac)
            }
            6 => {
                // Close in magnitude to `near`: cancellation and ties.
                let d = rng.below(64 * (self.frac as u64 + 4));
                let e = ((near & inf) >> self.frac).saturating_sub(d / 64);
                self.make(s, e, near ^ (rng.next() >> (d % 64)))
            }
            7 => near.wrapping_add(rng.below(5)).wrapping_sub(2) & all,
            8 => self.make(s, self.bias() - 1 + rng.below(3), rng.next() & !(u64::MAX >> 3)),
            9 => self.make(s, rng.below(self.exp_field_max() + 1), rng.next()),
            _ => {
                // Products and quotients that land near the subnormal range.
                let e = rng.below(self.bias() + 2);
                self.make(s, e, rng.next())
            }
        }
    }
}

/// Runs `f` with SoftFloat's (thread-local) rounding mode set and flags
/// cleared, returning its result and the flags it raised. SoftFloat's mode
/// and flag encodings coincide with RISC-V's.
fn sf_run<T>(rm: u8, f: impl FnOnce() -> T) -> (T, u8) {
    // SAFETY: the helpers only touch SoftFloat's thread-local state.
    unsafe {
        sf::softfloat_detectTininess_write_helper(sf::softfloat_tininess_afterRounding);
        sf::softfloat_roundingMode_write_helper(rm);
        sf::softfloat_exceptionFlags_write_helper(0);
    }
    let r = f();
    // SAFETY: as above.
    (r, unsafe { sf::softfloat_exceptionFlags_read_helper() })
}

fn f32t(v: u32) -> float32_t {
    float32_t { v }
}

fn f64t(v: u64) -> float64_t {
    float64_t { v }
}

#[track_caller]
fn same<T: PartialEq + std::fmt::Debug>(what: &str, args: &[u64], rm: u8, ours: (T, u8), theirs: (T, u8)) {
    assert!(
        ours == theirs,
        "{what} args {args:#x?} rm {rm}: ours {:#x?} flags {:#04x}, softfloat {:#x?} flags {:#04x}",
        ours.0,
        ours.1,
        theirs.0,
        theirs.1
    );
}

fn run<T>(f: impl FnOnce(&mut u8) -> T) -> (T, u8) {
    let mut fl = 0;
    let r = f(&mut fl);
    (r, fl)
}

#[test]
fn arith_f32_vs_softfloat() {
    let mut rng = Rng(0x5eed_0001);
    for _ in 0..iters() {
        let a = S.operand(&mut rng, 0) as u32;
        let b = S.operand(&mut rng, a as u64) as u32;
        let c = S.operand(&mut rng, (a ^ b) as u64) as u32;
        let args = [a as u64, b as u64, c as u64];
        for rm in 0..5 {
            // SAFETY (all sf:: calls below): plain value-in/value-out C
            // functions without preconditions.
            let r = |f: unsafe extern "C" fn(float32_t, float32_t) -> float32_t| {
                sf_run(rm, || unsafe { f(f32t(a), f32t(b)) }.v)
            };
            same("f32_add", &args, rm, run(|fl| fp::f32_add(a, b, rm, fl)), r(sf::f32_add));
            same("f32_sub", &args, rm, run(|fl| fp::f32_sub(a, b, rm, fl)), r(sf::f32_sub));
            same("f32_mul", &args, rm, run(|fl| fp::f32_mul(a, b, rm, fl)), r(sf::f32_mul));
            same("f32_div", &args, rm, run(|fl| fp::f32_div(a, b, rm, fl)), r(sf::f32_div));
            same(
                "f32_sqrt",
                &args,
                rm,
                run(|fl| fp::f32_sqrt(a, rm, fl)),
                sf_run(rm, || unsafe { sf::f32_sqrt(f32t(a)) }.v),
            );
            let fma = |x: u32, y: u32, z: u32| sf_run(rm, || unsafe { sf::f32_mulAdd(f32t(x), f32t(y), f32t(z)) }.v);
            let n = 0x8000_0000;
            same("f32_madd", &args, rm, run(|fl| fp::f32_madd(a, b, c, rm, fl)), fma(a, b, c));
            same("f32_msub", &args, rm, run(|fl| fp::f32_msub(a, b, c, rm, fl)), fma(a, b, c ^ n));
            same("f32_nmsub", &args, rm, run(|fl| fp::f32_nmsub(a, b, c, rm, fl)), fma(a ^ n, b, c));
            same("f32_nmadd", &args, rm, run(|fl| fp::f32_nmadd(a, b, c, rm, fl)), fma(a ^ n, b, c ^ n));
        }
    }
}

#[test]
fn arith_f64_vs_softfloat() {
    let mut rng = Rng(0x5eed_0002);
    for _ in 0..iters() {
        let a = D.operand(&mut rng, 0);
        let b = D.operand(&mut rng, a);
        let c = D.operand(&mut rng, a ^ b);
        let args = [a, b, c];
        for rm in 0..5 {
            // SAFETY (all sf:: calls below): plain value-in/value-out C
            // functions without preconditions.
            let r = |f: unsafe extern "C" fn(float64_t, float64_t) -> float64_t| {
                sf_run(rm, || unsafe { f(f64t(a), f64t(b)) }.v)
            };
            same("f64_add", &args, rm, run(|fl| fp::f64_add(a, b, rm, fl)), r(sf::f64_add));
            same("f64_sub", &args, rm, run(|fl| fp::f64_sub(a, b, rm, fl)), r(sf::f64_sub));
            same("f64_mul", &args, rm, run(|fl| fp::f64_mul(a, b, rm, fl)), r(sf::f64_mul));
            same("f64_div", &args, rm, run(|fl| fp::f64_div(a, b, rm, fl)), r(sf::f64_div));
            same(
                "f64_sqrt",
                &args,
                rm,
                run(|fl| fp::f64_sqrt(a, rm, fl)),
                sf_run(rm, || unsafe { sf::f64_sqrt(f64t(a)) }.v),
            );
            let fma = |x: u64, y: u64, z: u64| sf_run(rm, || unsafe { sf::f64_mulAdd(f64t(x), f64t(y), f64t(z)) }.v);
            let n = 1 << 63;
            same("f64_madd", &args, rm, run(|fl| fp::f64_madd(a, b, c, rm, fl)), fma(a, b, c));
            same("f64_msub", &args, rm, run(|fl| fp::f64_msub(a, b, c, rm, fl)), fma(a, b, c ^ n));
            same("f64_nmsub", &args, rm, run(|fl| fp::f64_nmsub(a, b, c, rm, fl)), fma(a ^ n, b, c));
            same("f64_nmadd", &args, rm, run(|fl| fp::f64_nmadd(a, b, c, rm, fl)), fma(a ^ n, b, c ^ n));
        }
    }
}

/// RISC-V fmin/fmax in terms of SoftFloat primitives, as the spec words it.
fn ref_min_max32(a: u32, b: u32, max: bool) -> (u32, u8) {
    // SAFETY: value-in/value-out C functions.
    let (an, bn) = (a & 0x7fff_ffff > 0x7f80_0000, b & 0x7fff_ffff > 0x7f80_0000);
    let snan = unsafe { sf::f32_isSignalingNaN(f32t(a)) || sf::f32_isSignalingNaN(f32t(b)) };
    let fl = if snan { fp::NV } else { 0 };
    if an && bn {
        return (fp::F32_CANONICAL_NAN, fl);
    }
    if an {
        return (b, fl);
    }
    if bn {
        return (a, fl);
    }
    let (x, y) = if max { (b, a) } else { (a, b) };
    // SAFETY: as above.
    let x_first =
        unsafe { sf::f32_lt_quiet(f32t(x), f32t(y)) || (sf::f32_eq(f32t(x), f32t(y)) && x & 0x8000_0000 != 0) };
    (if x_first { a } else { b }, fl)
}

fn ref_min_max64(a: u64, b: u64, max: bool) -> (u64, u8) {
    let abs = |x: u64| x & !(1 << 63);
    let (an, bn) = (abs(a) > 0x7ff0 << 48, abs(b) > 0x7ff0 << 48);
    // SAFETY: value-in/value-out C functions.
    let snan = unsafe { sf::f64_isSignalingNaN(f64t(a)) || sf::f64_isSignalingNaN(f64t(b)) };
    let fl = if snan { fp::NV } else { 0 };
    if an && bn {
        return (fp::F64_CANONICAL_NAN, fl);
    }
    if an {
        return (b, fl);
    }
    if bn {
        return (a, fl);
    }
    let (x, y) = if max { (b, a) } else { (a, b) };
    // SAFETY: as above.
    let x_first = unsafe { sf::f64_lt_quiet(f64t(x), f64t(y)) || (sf::f64_eq(f64t(x), f64t(y)) && x >> 63 != 0) };
    (if x_first { a } else { b }, fl)
}

/// fclass from SoftFloat-independent first principles (bit layout only).
fn ref_class(sign: bool, exp_zero: bool, exp_max: bool, frac_zero: bool, quiet: bool) -> u64 {
    let bit = match (exp_zero, exp_max, frac_zero) {
        (false, true, true) => [7, 0][sign as usize],
        (false, true, false) => [8, 9][quiet as usize],
        (true, _, true) => [4, 3][sign as usize],
        (true, _, false) => [5, 2][sign as usize],
        _ => [6, 1][sign as usize],
    };
    1 << bit
}

#[test]
fn compare_minmax_class_vs_softfloat() {
    let mut rng = Rng(0x5eed_0003);
    for _ in 0..iters() {
        let a = S.operand(&mut rng, 0) as u32;
        let b = if rng.below(4) == 0 { a ^ (rng.below(2) << 31) as u32 } else { S.operand(&mut rng, a as u64) as u32 };
        let args = [a as u64, b as u64];
        // SAFETY (all sf:: calls): value-in/value-out C functions.
        same("f32_eq", &args, 0, run(|fl| fp::f32_eq(a, b, fl)), sf_run(0, || unsafe { sf::f32_eq(f32t(a), f32t(b)) }));
        same("f32_lt", &args, 0, run(|fl| fp::f32_lt(a, b, fl)), sf_run(0, || unsafe { sf::f32_lt(f32t(a), f32t(b)) }));
        same("f32_le", &args, 0, run(|fl| fp::f32_le(a, b, fl)), sf_run(0, || unsafe { sf::f32_le(f32t(a), f32t(b)) }));
        same("f32_min", &args, 0, run(|fl| fp::f32_min(a, b, fl)), ref_min_max32(a, b, false));
        same("f32_max", &args, 0, run(|fl| fp::f32_max(a, b, fl)), ref_min_max32(a, b, true));
        let cls = ref_class(
            a >> 31 != 0,
            a & 0x7f80_0000 == 0,
            a & 0x7f80_0000 == 0x7f80_0000,
            a & 0x7f_ffff == 0,
            a & 0x40_0000 != 0,
        );
        assert_eq!(fp::f32_classify(a), cls, "f32_classify {a:#x}");

        let a = D.operand(&mut rng, 0);
        let b = if rng.below(4) == 0 { a ^ (rng.below(2) << 63) } else { D.operand(&mut rng, a) };
        let args = [a, b];
        same("f64_eq", &args, 0, run(|fl| fp::f64_eq(a, b, fl)), sf_run(0, || unsafe { sf::f64_eq(f64t(a), f64t(b)) }));
        same("f64_lt", &args, 0, run(|fl| fp::f64_lt(a, b, fl)), sf_run(0, || unsafe { sf::f64_lt(f64t(a), f64t(b)) }));
        same("f64_le", &args, 0, run(|fl| fp::f64_le(a, b, fl)), sf_run(0, || unsafe { sf::f64_le(f64t(a), f64t(b)) }));
        same("f64_min", &args, 0, run(|fl| fp::f64_min(a, b, fl)), ref_min_max64(a, b, false));
        same("f64_max", &args, 0, run(|fl| fp::f64_max(a, b, fl)), ref_min_max64(a, b, true));
        let e = (a >> 52) & 0x7ff;
        let cls = ref_class(a >> 63 != 0, e == 0, e == 0x7ff, a << 12 == 0, a & (1 << 51) != 0);
        assert_eq!(fp::f64_classify(a), cls, "f64_classify {a:#x}");
    }
}

/// A random integer biased towards the float and integer boundaries.
fn int_operand(rng: &mut Rng) -> u64 {
    match rng.below(5) {
        0 => rng.next(),
        1 => rng.next() >> rng.below(64),
        // Values with few significant bits, shifted to produce ties.
        2 => (rng.next() >> (64 - 1 - rng.below(30))) << rng.below(40),
        3 => [0, 1, u64::MAX, 1 << 63, (1 << 63) - 1, 1 << 31, (1 << 31) - 1, u32::MAX as u64][rng.below(8) as usize]
            .wrapping_add(rng.below(5))
            .wrapping_sub(2),
        _ => (rng.next() as i32) as i64 as u64,
    }
}

#[test]
fn conversions_vs_softfloat() {
    let mut rng = Rng(0x5eed_0004);
    let sext = |v: u64| v as u32 as i32 as i64 as u64;
    for _ in 0..iters() {
        let a = S.operand(&mut rng, 0) as u32;
        let d = D.operand(&mut rng, 0);
        let i = int_operand(&mut rng);
        let args = [a as u64, d, i];
        for rm in 0..5u8 {
            // SAFETY (all sf:: calls): value-in/value-out C functions.
            let (fa, fd) = (f32t(a), f64t(d));
            same(
                "f32_to_f64",
                &args,
                rm,
                run(|fl| fp::f32_to_f64(a, fl)),
                sf_run(rm, || unsafe { sf::f32_to_f64(fa) }.v),
            );
            same(
                "f64_to_f32",
                &args,
                rm,
                run(|fl| fp::f64_to_f32(d, rm, fl)),
                sf_run(rm, || unsafe { sf::f64_to_f32(fd) }.v),
            );

            same(
                "f32_to_i32",
                &args,
                rm,
                run(|fl| fp::f32_to_i32(a, rm, fl)),
                sf_run(rm, || unsafe { sf::f32_to_i32(fa, rm, true) } as i32 as i64),
            );
            same(
                "f32_to_u32",
                &args,
                rm,
                run(|fl| fp::f32_to_u32(a, rm, fl)),
                sf_run(rm, || sext(unsafe { sf::f32_to_ui32(fa, rm, true) } as u64)),
            );
            same(
                "f32_to_i64",
                &args,
                rm,
                run(|fl| fp::f32_to_i64(a, rm, fl)),
                sf_run(rm, || unsafe { sf::f32_to_i64(fa, rm, true) } as i64),
            );
            same(
                "f32_to_u64",
                &args,
                rm,
                run(|fl| fp::f32_to_u64(a, rm, fl)),
                sf_run(rm, || unsafe { sf::f32_to_ui64(fa, rm, true) } as u64),
            );
            same(
                "f64_to_i32",
                &args,
                rm,
                run(|fl| fp::f64_to_i32(d, rm, fl)),
                sf_run(rm, || unsafe { sf::f64_to_i32(fd, rm, true) } as i32 as i64),
            );
            same(
                "f64_to_u32",
                &args,
                rm,
                run(|fl| fp::f64_to_u32(d, rm, fl)),
                sf_run(rm, || sext(unsafe { sf::f64_to_ui32(fd, rm, true) } as u64)),
            );
            same(
                "f64_to_i64",
                &args,
                rm,
                run(|fl| fp::f64_to_i64(d, rm, fl)),
                sf_run(rm, || unsafe { sf::f64_to_i64(fd, rm, true) } as i64),
            );
            same(
                "f64_to_u64",
                &args,
                rm,
                run(|fl| fp::f64_to_u64(d, rm, fl)),
                sf_run(rm, || unsafe { sf::f64_to_ui64(fd, rm, true) } as u64),
            );

            let (i32v, u32v, i64v) = (i as i32, i as u32, i as i64);
            same(
                "i32_to_f32",
                &args,
                rm,
                run(|fl| fp::i32_to_f32(i32v, rm, fl)),
                sf_run(rm, || unsafe { sf::i32_to_f32(i32v) }.v),
            );
            same(
                "u32_to_f32",
                &args,
                rm,
                run(|fl| fp::u32_to_f32(u32v, rm, fl)),
                sf_run(rm, || unsafe { sf::ui32_to_f32(u32v) }.v),
            );
            same(
                "i64_to_f32",
                &args,
                rm,
                run(|fl| fp::i64_to_f32(i64v, rm, fl)),
                sf_run(rm, || unsafe { sf::i64_to_f32(i64v) }.v),
            );
            same(
                "u64_to_f32",
                &args,
                rm,
                run(|fl| fp::u64_to_f32(i, rm, fl)),
                sf_run(rm, || unsafe { sf::ui64_to_f32(i) }.v),
            );
            same(
                "i32_to_f64",
                &args,
                rm,
                run(|fl| fp::i32_to_f64(i32v, rm, fl)),
                sf_run(rm, || unsafe { sf::i32_to_f64(i32v) }.v),
            );
            same(
                "u32_to_f64",
                &args,
                rm,
                run(|fl| fp::u32_to_f64(u32v, rm, fl)),
                sf_run(rm, || unsafe { sf::ui32_to_f64(u32v) }.v),
            );
            same(
                "i64_to_f64",
                &args,
                rm,
                run(|fl| fp::i64_to_f64(i64v, rm, fl)),
                sf_run(rm, || unsafe { sf::i64_to_f64(i64v) }.v),
            );
            same(
                "u64_to_f64",
                &args,
                rm,
                run(|fl| fp::u64_to_f64(i, rm, fl)),
                sf_run(rm, || unsafe { sf::ui64_to_f64(i) }.v),
            );
        }
    }
}

/// Special and boundary values of a format: zeros, subnormal and normal
/// extremes, ones, infinities and both NaN kinds, each with both signs.
fn specials(f: Fmt) -> Vec<u64> {
    let inf = f.exp_field_max() << f.frac;
    let one = f.bias() << f.frac;
    let base = [
        0,
        1,
        f.frac_mask(),
        1 << f.frac,
        (1 << f.frac) | 1,
        one,
        one | 1,
        one + (1 << f.frac),
        inf - 1,
        inf,
        inf | 1 << (f.frac - 1),
        inf | 1,
    ];
    base.iter().flat_map(|&x| [x, x | f.sign()]).collect()
}

/// Every combination of special values through every arithmetic op and
/// rounding mode (random operands rarely hit e.g. `inf * 0 + qNaN`).
#[test]
fn specials_exhaustive_vs_softfloat() {
    let (s32, s64) = (specials(S), specials(D));
    for rm in 0..5u8 {
        for &a in &s64 {
            for &b in &s64 {
                let args = [a, b];
                // SAFETY (all sf:: calls): value-in/value-out C functions.
                let r = |f: unsafe extern "C" fn(float64_t, float64_t) -> float64_t| {
                    sf_run(rm, || unsafe { f(f64t(a), f64t(b)) }.v)
                };
                same("f64_add", &args, rm, run(|fl| fp::f64_add(a, b, rm, fl)), r(sf::f64_add));
                same("f64_sub", &args, rm, run(|fl| fp::f64_sub(a, b, rm, fl)), r(sf::f64_sub));
                same("f64_mul", &args, rm, run(|fl| fp::f64_mul(a, b, rm, fl)), r(sf::f64_mul));
                same("f64_div", &args, rm, run(|fl| fp::f64_div(a, b, rm, fl)), r(sf::f64_div));
                for &c in &s64 {
                    let args = [a, b, c];
                    let theirs = sf_run(rm, || unsafe { sf::f64_mulAdd(f64t(a), f64t(b), f64t(c)) }.v);
                    same("f64_madd", &args, rm, run(|fl| fp::f64_madd(a, b, c, rm, fl)), theirs);
                }
            }
        }
        for &a in &s32 {
            let a = a as u32;
            for &b in &s32 {
                let b = b as u32;
                let args = [a as u64, b as u64];
                // SAFETY (all sf:: calls): value-in/value-out C functions.
                let r = |f: unsafe extern "C" fn(float32_t, float32_t) -> float32_t| {
                    sf_run(rm, || unsafe { f(f32t(a), f32t(b)) }.v)
                };
                same("f32_add", &args, rm, run(|fl| fp::f32_add(a, b, rm, fl)), r(sf::f32_add));
                same("f32_sub", &args, rm, run(|fl| fp::f32_sub(a, b, rm, fl)), r(sf::f32_sub));
                same("f32_mul", &args, rm, run(|fl| fp::f32_mul(a, b, rm, fl)), r(sf::f32_mul));
                same("f32_div", &args, rm, run(|fl| fp::f32_div(a, b, rm, fl)), r(sf::f32_div));
                for &c in &s32 {
                    let c = c as u32;
                    let args = [a as u64, b as u64, c as u64];
                    let theirs = sf_run(rm, || unsafe { sf::f32_mulAdd(f32t(a), f32t(b), f32t(c)) }.v);
                    same("f32_madd", &args, rm, run(|fl| fp::f32_madd(a, b, c, rm, fl)), theirs);
                }
            }
        }
    }
}
