//! Hand-computed corner cases for `rivet_core::fp`, plus an ignored
//! micro-benchmark (`cargo test --release --test fp_cases -- --ignored`).

use rivet_core::fp::{self, DZ, NV, NX, OF, RDN, RMM, RNE, RTZ, RUP, UF};

const ALL: [u8; 5] = [RNE, RTZ, RDN, RUP, RMM];

// f64 bit patterns.
const P0: u64 = 0;
const N0: u64 = 1 << 63;
const ONE: u64 = 0x3ff0_0000_0000_0000;
const NONE: u64 = 0xbff0_0000_0000_0000;
const INF: u64 = 0x7ff0_0000_0000_0000;
const NINF: u64 = 0xfff0_0000_0000_0000;
const MAX: u64 = 0x7fef_ffff_ffff_ffff;
const NMAX: u64 = 0xffef_ffff_ffff_ffff;
const MIN_SUB: u64 = 1;
const MAX_SUB: u64 = 0x000f_ffff_ffff_ffff;
const MIN_NORM: u64 = 0x0010_0000_0000_0000;
const QNAN: u64 = 0x7ff8_0000_0000_0000;
const PAYLOAD_QNAN: u64 = 0x7ff8_0000_0000_0123;
const NEG_QNAN: u64 = 0xfff8_0000_0000_0000;
const SNAN: u64 = 0x7ff0_0000_0000_0001;
const CANON: u64 = fp::F64_CANONICAL_NAN;

// f32 bit patterns.
const S_ONE: u32 = 0x3f80_0000;
const S_INF: u32 = 0x7f80_0000;
const S_NINF: u32 = 0xff80_0000;
const S_MAX: u32 = 0x7f7f_ffff;
const S_NMAX: u32 = 0xff7f_ffff;
const S_MIN_NORM: u32 = 0x0080_0000;
const S_QNAN: u32 = 0x7fc0_0000;
const S_SNAN: u32 = 0x7f80_0001;
const S_CANON: u32 = fp::F32_CANONICAL_NAN;

fn d(x: f64) -> u64 {
    x.to_bits()
}

fn s(x: f32) -> u32 {
    x.to_bits()
}

/// Runs an operation with fresh flags, returning `(result, flags)`.
fn run<T>(f: impl FnOnce(&mut u8) -> T) -> (T, u8) {
    let mut fl = 0;
    let r = f(&mut fl);
    (r, fl)
}

type Bin64 = fn(u64, u64, u8, &mut u8) -> u64;
type Bin32 = fn(u32, u32, u8, &mut u8) -> u32;

/// Checks `op(a, b)` in each listed mode against `(result, flags)`.
#[track_caller]
fn bin64(op: Bin64, a: u64, b: u64, cases: &[(u8, u64, u8)]) {
    for &(rm, want, want_fl) in cases {
        let got = run(|fl| op(a, b, rm, fl));
        assert_eq!(got, (want, want_fl), "a={a:#x} b={b:#x} rm={rm}: got {:#x}/{:#x}", got.0, got.1);
    }
}

#[track_caller]
fn bin32(op: Bin32, a: u32, b: u32, cases: &[(u8, u32, u8)]) {
    for &(rm, want, want_fl) in cases {
        let got = run(|fl| op(a, b, rm, fl));
        assert_eq!(got, (want, want_fl), "a={a:#x} b={b:#x} rm={rm}: got {:#x}/{:#x}", got.0, got.1);
    }
}

/// Same result and flags in every rounding mode.
fn all64(want: u64, fl: u8) -> Vec<(u8, u64, u8)> {
    ALL.iter().map(|&rm| (rm, want, fl)).collect()
}

fn all32(want: u32, fl: u8) -> Vec<(u8, u32, u8)> {
    ALL.iter().map(|&rm| (rm, want, fl)).collect()
}

#[test]
fn add_rounding_and_ties() {
    let half_ulp = d(2f64.powi(-53));
    // 1 + 2^-53 is a tie between 1 and 1 + 2^-52.
    let up = ONE + 1;
    bin64(fp::f64_add, ONE, half_ulp, &[(RNE, ONE, NX), (RTZ, ONE, NX), (RDN, ONE, NX), (RUP, up, NX), (RMM, up, NX)]);
    // From an odd significand the RNE tie goes up, like RMM.
    bin64(fp::f64_add, up, half_ulp, &[(RNE, up + 1, NX), (RMM, up + 1, NX), (RTZ, up, NX)]);
    // Negative tie: RMM away from zero, RDN down, RUP towards zero.
    bin64(
        fp::f64_add,
        NONE,
        half_ulp | N0,
        &[(RNE, NONE, NX), (RTZ, NONE, NX), (RDN, NONE + 1, NX), (RUP, NONE, NX), (RMM, NONE + 1, NX)],
    );
    // Exact results raise nothing.
    bin64(fp::f64_add, d(1.5), d(2.25), &all64(d(3.75), 0));
    // f32 tie.
    let s_half_ulp = s(2f32.powi(-24));
    bin32(fp::f32_add, S_ONE, s_half_ulp, &[(RNE, S_ONE, NX), (RMM, S_ONE + 1, NX), (RUP, S_ONE + 1, NX)]);
}

#[test]
fn add_signed_zeros() {
    let nearest_like = |z| vec![(RNE, z, 0), (RTZ, z, 0), (RUP, z, 0), (RMM, z, 0)];
    // x + (-x) is +0, except -0 when rounding down.
    bin64(fp::f64_add, ONE, NONE, &nearest_like(P0));
    bin64(fp::f64_add, ONE, NONE, &[(RDN, N0, 0)]);
    bin64(fp::f64_sub, ONE, ONE, &[(RNE, P0, 0), (RDN, N0, 0)]);
    bin64(fp::f64_add, P0, N0, &nearest_like(P0));
    bin64(fp::f64_add, P0, N0, &[(RDN, N0, 0)]);
    bin64(fp::f64_add, N0, N0, &all64(N0, 0));
    bin64(fp::f64_sub, N0, P0, &all64(N0, 0));
    bin64(fp::f64_add, N0, MIN_SUB, &all64(MIN_SUB, 0));
    bin32(fp::f32_add, 0x8000_0000, 0x8000_0000, &all32(0x8000_0000, 0));
    bin32(fp::f32_sub, S_ONE, S_ONE, &[(RNE, 0, 0), (RDN, 0x8000_0000, 0)]);
}

#[test]
fn add_subnormals_exact() {
    // Exact subnormal results are not underflows.
    bin64(fp::f64_add, MIN_SUB, MIN_SUB, &all64(2, 0));
    bin64(fp::f64_add, MAX_SUB, MIN_SUB, &all64(MIN_NORM, 0));
    bin64(fp::f64_sub, MIN_NORM, MIN_SUB, &all64(MAX_SUB, 0));
}

#[test]
fn overflow_per_rounding_mode() {
    // Positive overflow: RTZ and RDN give the largest finite value.
    let pos = [(RNE, INF, OF | NX), (RTZ, MAX, OF | NX), (RDN, MAX, OF | NX), (RUP, INF, OF | NX), (RMM, INF, OF | NX)];
    bin64(fp::f64_add, MAX, MAX, &pos);
    bin64(fp::f64_mul, MAX, d(2.0), &pos);
    bin64(fp::f64_div, MAX, d(0.5), &pos);
    // Negative overflow: RTZ and RUP give the most negative finite value.
    let neg =
        [(RNE, NINF, OF | NX), (RTZ, NMAX, OF | NX), (RDN, NINF, OF | NX), (RUP, NMAX, OF | NX), (RMM, NINF, OF | NX)];
    bin64(fp::f64_add, NMAX, NMAX, &neg);
    bin64(fp::f64_mul, MAX, d(-2.0), &neg);
    let s_pos = [
        (RNE, S_INF, OF | NX),
        (RTZ, S_MAX, OF | NX),
        (RDN, S_MAX, OF | NX),
        (RUP, S_INF, OF | NX),
        (RMM, S_INF, OF | NX),
    ];
    bin32(fp::f32_mul, S_MAX, s(2.0), &s_pos);
    let s_neg = [
        (RNE, S_NINF, OF | NX),
        (RTZ, S_NMAX, OF | NX),
        (RDN, S_NINF, OF | NX),
        (RUP, S_NMAX, OF | NX),
        (RMM, S_NINF, OF | NX),
    ];
    bin32(fp::f32_add, S_NMAX, S_NMAX, &s_neg);
    // Rounding up to the overflow threshold overflows; MAX + half-ulp/2 does not.
    let half_ulp_of_max = d(2f64.powi(970));
    bin64(
        fp::f64_add,
        MAX,
        half_ulp_of_max,
        &[(RNE, INF, OF | NX), (RMM, INF, OF | NX), (RTZ, MAX, NX), (RUP, INF, OF | NX)],
    );
    bin64(fp::f64_add, MAX, d(2f64.powi(969)), &[(RNE, MAX, NX), (RMM, MAX, NX), (RUP, INF, OF | NX)]);
}

#[test]
fn underflow_detected_after_rounding() {
    // Exact tiny results do not underflow.
    bin64(fp::f64_mul, MIN_NORM, d(0.5), &all64(0x0008_0000_0000_0000, 0));
    // 2^-1075: a tie between 0 and the smallest subnormal.
    bin64(
        fp::f64_mul,
        MIN_SUB,
        d(0.5),
        &[(RNE, P0, UF | NX), (RTZ, P0, UF | NX), (RDN, P0, UF | NX), (RUP, MIN_SUB, UF | NX), (RMM, MIN_SUB, UF | NX)],
    );
    bin64(
        fp::f64_mul,
        MIN_SUB,
        d(-0.5),
        &[(RNE, N0, UF | NX), (RDN, N0 | MIN_SUB, UF | NX), (RUP, N0, UF | NX), (RMM, N0 | MIN_SUB, UF | NX)],
    );
    // 2^-1022 * (1 - 2^-53): exact at full precision (so tiny after
    // rounding) but a tie at subnormal precision that may round up to the
    // smallest normal: UF is raised even when the result is normal.
    bin64(
        fp::f64_mul,
        MIN_NORM,
        0x3fef_ffff_ffff_ffff,
        &[
            (RNE, MIN_NORM, UF | NX),
            (RTZ, MAX_SUB, UF | NX),
            (RDN, MAX_SUB, UF | NX),
            (RUP, MIN_NORM, UF | NX),
            (RMM, MIN_NORM, UF | NX),
        ],
    );
    // 2^-1022 * (1 - 2^-54) = (1 - 2^-27) 2^-511 * (1 + 2^-27) 2^-511: a tie at
    // full precision. Modes that round it up to 2^-1022 make it not tiny.
    bin64(
        fp::f64_mul,
        0x1fff_ffff_fc00_0000,
        0x2000_0000_0200_0000,
        &[
            (RNE, MIN_NORM, NX),
            (RTZ, MAX_SUB, UF | NX),
            (RDN, MAX_SUB, UF | NX),
            (RUP, MIN_NORM, NX),
            (RMM, MIN_NORM, NX),
        ],
    );
    // f32: 2^-126 * (1 - 2^-24), same situation as the first f64 case.
    bin32(fp::f32_mul, S_MIN_NORM, 0x3f7f_ffff, &[(RNE, S_MIN_NORM, UF | NX), (RTZ, 0x007f_ffff, UF | NX)]);
    // Subtraction producing a tiny exact result.
    bin64(fp::f64_sub, MIN_NORM + 1, MIN_NORM, &all64(MIN_SUB, 0));
}

#[test]
fn nan_inputs_and_invalid() {
    type Op = Bin64;
    let ops: [(&str, Op); 4] = [("add", fp::f64_add), ("sub", fp::f64_sub), ("mul", fp::f64_mul), ("div", fp::f64_div)];
    for (name, op) in ops {
        for other in [ONE, P0, INF, QNAN] {
            for rm in ALL {
                // Quiet NaNs (any sign/payload) propagate quietly as canonical NaN.
                for q in [QNAN, PAYLOAD_QNAN, NEG_QNAN] {
                    assert_eq!(run(|fl| op(q, other, rm, fl)), (CANON, 0), "{name} {q:#x} {other:#x}");
                    assert_eq!(run(|fl| op(other, q, rm, fl)), (CANON, 0), "{name} {other:#x} {q:#x}");
                }
                // Signalling NaNs raise NV in either position.
                assert_eq!(run(|fl| op(SNAN, other, rm, fl)), (CANON, NV), "{name} sNaN");
                assert_eq!(run(|fl| op(other, SNAN | N0, rm, fl)), (CANON, NV), "{name} -sNaN");
            }
        }
    }
    bin64(fp::f64_add, INF, NINF, &all64(CANON, NV));
    bin64(fp::f64_sub, INF, INF, &all64(CANON, NV));
    bin64(fp::f64_add, INF, INF, &all64(INF, 0));
    bin64(fp::f64_mul, INF, P0, &all64(CANON, NV));
    bin64(fp::f64_mul, N0, NINF, &all64(CANON, NV));
    bin64(fp::f64_mul, NINF, NONE, &all64(INF, 0));
    bin64(fp::f64_mul, N0, d(5.0), &all64(N0, 0));
    bin32(fp::f32_add, S_SNAN, S_ONE, &all32(S_CANON, NV));
    bin32(fp::f32_mul, 0xffc1_2345, S_ONE, &all32(S_CANON, 0));
    bin32(fp::f32_sub, S_INF, S_INF, &all32(S_CANON, NV));
}

#[test]
fn division() {
    bin64(fp::f64_div, ONE, P0, &all64(INF, DZ));
    bin64(fp::f64_div, NONE, P0, &all64(NINF, DZ));
    bin64(fp::f64_div, ONE, N0, &all64(NINF, DZ));
    bin64(fp::f64_div, P0, P0, &all64(CANON, NV));
    bin64(fp::f64_div, INF, P0, &all64(INF, 0));
    bin64(fp::f64_div, QNAN, P0, &all64(CANON, 0));
    bin64(fp::f64_div, INF, NINF, &all64(CANON, NV));
    bin64(fp::f64_div, ONE, INF, &all64(P0, 0));
    bin64(fp::f64_div, NONE, INF, &all64(N0, 0));
    let third = 0x3fd5_5555_5555_5555;
    bin64(
        fp::f64_div,
        ONE,
        d(3.0),
        &[(RNE, third, NX), (RTZ, third, NX), (RDN, third, NX), (RUP, third + 1, NX), (RMM, third, NX)],
    );
    bin32(fp::f32_div, s(-1.0), 0, &all32(S_NINF, DZ));
    bin32(fp::f32_div, 0, 0x8000_0000, &all32(S_CANON, NV));
}

#[test]
fn square_root() {
    let sq = |a: u64| ALL.map(|rm| run(|fl| fp::f64_sqrt(a, rm, fl)));
    assert_eq!(sq(N0), [(N0, 0); 5]);
    assert_eq!(sq(P0), [(P0, 0); 5]);
    assert_eq!(sq(NONE), [(CANON, NV); 5]);
    assert_eq!(sq(NINF), [(CANON, NV); 5]);
    assert_eq!(sq(N0 | MIN_SUB), [(CANON, NV); 5]);
    assert_eq!(sq(INF), [(INF, 0); 5]);
    assert_eq!(sq(QNAN), [(CANON, 0); 5]);
    assert_eq!(sq(NEG_QNAN), [(CANON, 0); 5]);
    assert_eq!(sq(SNAN), [(CANON, NV); 5]);
    assert_eq!(sq(d(4.0)), [(d(2.0), 0); 5]);
    assert_eq!(sq(MIN_SUB), [(d(2f64.powi(-537)), 0); 5]);
    // sqrt(2) = 1.41421356237309504880..., just below 0x3ff6a09e667f3bcd.
    let r2 = 0x3ff6_a09e_667f_3bcd;
    assert_eq!(sq(d(2.0)), [(r2, NX), (r2 - 1, NX), (r2 - 1, NX), (r2, NX), (r2, NX)]);
    let sq32 = |a: u32| ALL.map(|rm| run(|fl| fp::f32_sqrt(a, rm, fl)));
    assert_eq!(sq32(0x8000_0000), [(0x8000_0000, 0); 5]);
    assert_eq!(sq32(s(-4.0)), [(S_CANON, NV); 5]);
    assert_eq!(sq32(s(2.25)), [(s(1.5), 0); 5]);
}

type Fma64 = fn(u64, u64, u64, u8, &mut u8) -> u64;
type Fma32 = fn(u32, u32, u32, u8, &mut u8) -> u32;

#[track_caller]
fn fma64(op: Fma64, a: u64, b: u64, c: u64, cases: &[(u8, u64, u8)]) {
    for &(rm, want, want_fl) in cases {
        let got = run(|fl| op(a, b, c, rm, fl));
        assert_eq!(got, (want, want_fl), "a={a:#x} b={b:#x} c={c:#x} rm={rm}: got {:#x}/{:#x}", got.0, got.1);
    }
}

#[test]
fn fused_multiply_add() {
    let fmas: [Fma64; 4] = [fp::f64_madd, fp::f64_msub, fp::f64_nmsub, fp::f64_nmadd];
    for op in fmas {
        // RISC-V: inf * 0 is invalid even when the addend is a quiet NaN.
        fma64(op, INF, P0, QNAN, &all64(CANON, NV));
        fma64(op, N0, NINF, PAYLOAD_QNAN, &all64(CANON, NV));
        fma64(op, INF, P0, ONE, &all64(CANON, NV));
        // Otherwise quiet NaNs are quiet, signalling ones are not.
        fma64(op, QNAN, ONE, ONE, &all64(CANON, 0));
        fma64(op, ONE, ONE, NEG_QNAN, &all64(CANON, 0));
        fma64(op, INF, ONE, QNAN, &all64(CANON, 0));
        fma64(op, QNAN, ONE, SNAN, &all64(CANON, NV));
        fma64(op, SNAN, P0, INF, &all64(CANON, NV));
    }
    // inf - inf inside the fused operation.
    fma64(fp::f64_madd, INF, ONE, NINF, &all64(CANON, NV));
    fma64(fp::f64_msub, INF, ONE, INF, &all64(CANON, NV));
    fma64(fp::f64_nmadd, INF, ONE, NINF, &all64(CANON, NV));
    fma64(fp::f64_nmsub, INF, ONE, INF, &all64(CANON, NV));
    fma64(fp::f64_nmsub, INF, ONE, NINF, &all64(NINF, 0));
    // Single rounding: (1 + 2^-52)(1 - 2^-53) - 1 = 2^-53 - 2^-105 exactly.
    fma64(fp::f64_madd, ONE + 1, 0x3fef_ffff_ffff_ffff, NONE, &all64(0x3c9f_ffff_ffff_fffe, 0));
    fma64(fp::f64_msub, ONE + 1, 0x3fef_ffff_ffff_ffff, ONE, &all64(0x3c9f_ffff_ffff_fffe, 0));
    // 2 * MAX - MAX does not overflow when fused.
    fma64(fp::f64_madd, MAX, d(2.0), NMAX, &all64(MAX, 0));
    // RMM tie: 1 * 1 + 2^-53.
    let tie = d(2f64.powi(-53));
    fma64(fp::f64_madd, ONE, ONE, tie, &[(RNE, ONE, NX), (RMM, ONE + 1, NX), (RUP, ONE + 1, NX), (RTZ, ONE, NX)]);
    fma64(fp::f64_nmadd, ONE, ONE, tie, &[(RNE, NONE, NX), (RMM, NONE + 1, NX), (RDN, NONE + 1, NX), (RUP, NONE, NX)]);
    // Signed zeros: the product's sign is negated exactly.
    fma64(fp::f64_madd, N0, ONE, N0, &all64(N0, 0));
    fma64(fp::f64_nmadd, P0, ONE, P0, &all64(N0, 0));
    fma64(fp::f64_nmsub, P0, ONE, P0, &[(RNE, P0, 0), (RTZ, P0, 0), (RUP, P0, 0), (RMM, P0, 0), (RDN, N0, 0)]);
    fma64(fp::f64_msub, P0, ONE, P0, &[(RNE, P0, 0), (RDN, N0, 0)]);
    // Exact cancellation of a non-zero product.
    fma64(fp::f64_madd, ONE, ONE, NONE, &[(RNE, P0, 0), (RMM, P0, 0), (RDN, N0, 0)]);
    // Zero product plus non-zero addend returns the addend unchanged.
    fma64(fp::f64_madd, P0, INF - 1, MIN_SUB, &all64(MIN_SUB, 0));
    // Tiny fused result.
    fma64(fp::f64_madd, MIN_SUB, d(0.5), P0, &[(RNE, P0, UF | NX), (RMM, MIN_SUB, UF | NX)]);
    // f32.
    let f32ops: [Fma32; 4] = [fp::f32_madd, fp::f32_msub, fp::f32_nmsub, fp::f32_nmadd];
    for op in f32ops {
        for rm in ALL {
            assert_eq!(run(|fl| op(S_INF, 0, S_QNAN, rm, fl)), (S_CANON, NV));
            assert_eq!(run(|fl| op(0x8000_0000, S_NINF, S_QNAN, rm, fl)), (S_CANON, NV));
            assert_eq!(run(|fl| op(S_QNAN, S_ONE, S_ONE, rm, fl)), (S_CANON, 0));
            assert_eq!(run(|fl| op(S_ONE, S_SNAN, S_ONE, rm, fl)), (S_CANON, NV));
        }
    }
    let s_tie = s(2f32.powi(-24));
    for (rm, want) in [(RNE, S_ONE), (RMM, S_ONE + 1), (RUP, S_ONE + 1), (RDN, S_ONE)] {
        assert_eq!(run(|fl| fp::f32_madd(S_ONE, S_ONE, s_tie, rm, fl)), (want, NX));
    }
}

#[test]
fn min_max() {
    let mm = |f: fn(u64, u64, &mut u8) -> u64, a, b| run(|fl| f(a, b, fl));
    assert_eq!(mm(fp::f64_min, N0, P0), (N0, 0));
    assert_eq!(mm(fp::f64_min, P0, N0), (N0, 0));
    assert_eq!(mm(fp::f64_max, N0, P0), (P0, 0));
    assert_eq!(mm(fp::f64_max, P0, N0), (P0, 0));
    assert_eq!(mm(fp::f64_min, QNAN, ONE), (ONE, 0));
    assert_eq!(mm(fp::f64_min, ONE, PAYLOAD_QNAN), (ONE, 0));
    assert_eq!(mm(fp::f64_max, NEG_QNAN, NONE), (NONE, 0));
    assert_eq!(mm(fp::f64_min, SNAN, ONE), (ONE, NV));
    assert_eq!(mm(fp::f64_max, ONE, SNAN), (ONE, NV));
    assert_eq!(mm(fp::f64_min, QNAN, PAYLOAD_QNAN), (CANON, 0));
    assert_eq!(mm(fp::f64_max, SNAN, QNAN), (CANON, NV));
    assert_eq!(mm(fp::f64_min, NINF, ONE), (NINF, 0));
    assert_eq!(mm(fp::f64_max, NINF, INF), (INF, 0));
    assert_eq!(mm(fp::f64_min, d(-2.0), NONE), (d(-2.0), 0));
    assert_eq!(mm(fp::f64_max, MIN_SUB, P0), (MIN_SUB, 0));
    assert_eq!(mm(fp::f64_min, N0 | MIN_SUB, N0), (N0 | MIN_SUB, 0));
    let mm32 = |f: fn(u32, u32, &mut u8) -> u32, a, b| run(|fl| f(a, b, fl));
    assert_eq!(mm32(fp::f32_min, 0x8000_0000, 0), (0x8000_0000, 0));
    assert_eq!(mm32(fp::f32_max, 0x8000_0000, 0), (0, 0));
    assert_eq!(mm32(fp::f32_min, S_SNAN, s(3.0)), (s(3.0), NV));
    assert_eq!(mm32(fp::f32_max, S_QNAN, S_SNAN), (S_CANON, NV));
    assert_eq!(mm32(fp::f32_max, 0xffc0_0001, 0x7fc1_0000), (S_CANON, 0));
}

#[test]
fn comparisons() {
    let cmp = |f: fn(u64, u64, &mut u8) -> bool, a, b| run(|fl| f(a, b, fl));
    // feq is quiet: NV only for signalling NaNs.
    assert_eq!(cmp(fp::f64_eq, QNAN, ONE), (false, 0));
    assert_eq!(cmp(fp::f64_eq, QNAN, QNAN), (false, 0));
    assert_eq!(cmp(fp::f64_eq, ONE, SNAN), (false, NV));
    assert_eq!(cmp(fp::f64_eq, N0, P0), (true, 0));
    assert_eq!(cmp(fp::f64_eq, ONE, ONE), (true, 0));
    assert_eq!(cmp(fp::f64_eq, INF, NINF), (false, 0));
    // flt/fle signal on any NaN.
    assert_eq!(cmp(fp::f64_lt, QNAN, ONE), (false, NV));
    assert_eq!(cmp(fp::f64_le, ONE, NEG_QNAN), (false, NV));
    assert_eq!(cmp(fp::f64_lt, SNAN, ONE), (false, NV));
    assert_eq!(cmp(fp::f64_lt, N0, P0), (false, 0));
    assert_eq!(cmp(fp::f64_le, N0, P0), (true, 0));
    assert_eq!(cmp(fp::f64_le, P0, N0), (true, 0));
    assert_eq!(cmp(fp::f64_lt, d(-2.0), NONE), (true, 0));
    assert_eq!(cmp(fp::f64_lt, NONE, d(-2.0)), (false, 0));
    assert_eq!(cmp(fp::f64_lt, N0 | MIN_SUB, N0), (true, 0));
    assert_eq!(cmp(fp::f64_lt, NINF, NMAX), (true, 0));
    assert_eq!(cmp(fp::f64_le, INF, INF), (true, 0));
    assert_eq!(cmp(fp::f64_lt, MIN_SUB, P0), (false, 0));
    let cmp32 = |f: fn(u32, u32, &mut u8) -> bool, a, b| run(|fl| f(a, b, fl));
    assert_eq!(cmp32(fp::f32_eq, S_QNAN, S_QNAN), (false, 0));
    assert_eq!(cmp32(fp::f32_eq, S_SNAN, S_ONE), (false, NV));
    assert_eq!(cmp32(fp::f32_lt, S_QNAN, S_ONE), (false, NV));
    assert_eq!(cmp32(fp::f32_le, 0x8000_0000, 0), (true, 0));
    assert_eq!(cmp32(fp::f32_lt, s(-1.0), s(1.0)), (true, 0));
}

#[test]
fn classify() {
    let cases64 = [
        (NINF, 1 << 0),
        (NONE, 1 << 1),
        (NMAX, 1 << 1),
        (N0 | MAX_SUB, 1 << 2),
        (N0 | MIN_SUB, 1 << 2),
        (N0, 1 << 3),
        (P0, 1 << 4),
        (MIN_SUB, 1 << 5),
        (MAX_SUB, 1 << 5),
        (MIN_NORM, 1 << 6),
        (MAX, 1 << 6),
        (INF, 1 << 7),
        (SNAN, 1 << 8),
        (SNAN | N0, 1 << 8),
        (QNAN, 1 << 9),
        (NEG_QNAN, 1 << 9),
    ];
    for (x, want) in cases64 {
        assert_eq!(fp::f64_classify(x), want, "{x:#x}");
    }
    let cases32 = [
        (S_NINF, 1 << 0),
        (s(-1.0), 1 << 1),
        (0x8000_0001, 1 << 2),
        (0x8000_0000, 1 << 3),
        (0, 1 << 4),
        (0x007f_ffff, 1 << 5),
        (S_ONE, 1 << 6),
        (S_INF, 1 << 7),
        (S_SNAN, 1 << 8),
        (0x7fbf_ffff, 1 << 8),
        (S_QNAN, 1 << 9),
    ];
    for (x, want) in cases32 {
        assert_eq!(fp::f32_classify(x), want, "{x:#x}");
    }
}

#[test]
fn sign_injection() {
    assert_eq!(fp::f64_sgnj(ONE, d(-2.0)), NONE);
    assert_eq!(fp::f64_sgnjn(ONE, d(-2.0)), ONE);
    assert_eq!(fp::f64_sgnjx(NONE, d(-2.0)), ONE);
    assert_eq!(fp::f64_sgnjx(NONE, d(2.0)), NONE);
    // Plain bit operations: NaN payloads are kept.
    assert_eq!(fp::f64_sgnjn(PAYLOAD_QNAN, P0), PAYLOAD_QNAN | N0);
    assert_eq!(fp::f32_sgnj(S_ONE, 0x8000_0000), s(-1.0));
    assert_eq!(fp::f32_sgnjn(s(-1.0), 0x8000_0000), S_ONE);
    assert_eq!(fp::f32_sgnjx(s(-1.0), 0x8000_0000), S_ONE);
    assert_eq!(fp::f32_sgnj(S_SNAN, 0x8000_0000), S_SNAN | 0x8000_0000);
}

/// Checks a float -> int conversion of `a` in every mode against a
/// per-mode table of (result, flags), ordered RNE, RTZ, RDN, RUP, RMM.
#[track_caller]
fn cvt<T: PartialEq + std::fmt::Debug + Copy>(f: impl Fn(u8, &mut u8) -> T, want: [(T, u8); 5]) {
    let got = ALL.map(|rm| run(|fl| f(rm, fl)));
    assert_eq!(got, want);
}

#[test]
fn float_to_int_saturation() {
    const I32MAX: i64 = i32::MAX as i64;
    const I32MIN: i64 = i32::MIN as i64;
    const U32MAX: u64 = u64::MAX; // 0xffff_ffff sign-extended
    let nan_like = [QNAN, NEG_QNAN, SNAN, PAYLOAD_QNAN];
    for x in nan_like {
        cvt(|rm, fl| fp::f64_to_i32(x, rm, fl), [(I32MAX, NV); 5]);
        cvt(|rm, fl| fp::f64_to_u32(x, rm, fl), [(U32MAX, NV); 5]);
        cvt(|rm, fl| fp::f64_to_i64(x, rm, fl), [(i64::MAX, NV); 5]);
        cvt(|rm, fl| fp::f64_to_u64(x, rm, fl), [(u64::MAX, NV); 5]);
    }
    cvt(|rm, fl| fp::f64_to_i32(INF, rm, fl), [(I32MAX, NV); 5]);
    cvt(|rm, fl| fp::f64_to_i32(NINF, rm, fl), [(I32MIN, NV); 5]);
    cvt(|rm, fl| fp::f64_to_u32(NINF, rm, fl), [(0, NV); 5]);
    cvt(|rm, fl| fp::f64_to_i64(NINF, rm, fl), [(i64::MIN, NV); 5]);
    cvt(|rm, fl| fp::f64_to_u64(INF, rm, fl), [(u64::MAX, NV); 5]);
    cvt(|rm, fl| fp::f64_to_u64(NINF, rm, fl), [(0, NV); 5]);
    // -0.0 converts to 0 without flags, also for unsigned targets.
    cvt(|rm, fl| fp::f64_to_u32(N0, rm, fl), [(0, 0); 5]);
    cvt(|rm, fl| fp::f64_to_u64(N0, rm, fl), [(0, 0); 5]);
    cvt(|rm, fl| fp::f64_to_i32(N0, rm, fl), [(0, 0); 5]);
    // 2^31: out of i32 range, in u32 range (sign-extended into the register).
    let two31 = d(2147483648.0);
    cvt(|rm, fl| fp::f64_to_i32(two31, rm, fl), [(I32MAX, NV); 5]);
    cvt(|rm, fl| fp::f64_to_u32(two31, rm, fl), [(0xffff_ffff_8000_0000, 0); 5]);
    cvt(|rm, fl| fp::f64_to_i64(two31, rm, fl), [(1 << 31, 0); 5]);
    // -2^31 fits exactly; -2^31 - 1 does not.
    cvt(|rm, fl| fp::f64_to_i32(d(-2147483648.0), rm, fl), [(I32MIN, 0); 5]);
    cvt(|rm, fl| fp::f64_to_i32(d(-2147483649.0), rm, fl), [(I32MIN, NV); 5]);
    // -2^31 - 0.5: in range unless the mode rounds it away to -2^31 - 1.
    cvt(
        |rm, fl| fp::f64_to_i32(d(-2147483648.5), rm, fl),
        [(I32MIN, NX), (I32MIN, NX), (I32MIN, NV), (I32MIN, NX), (I32MIN, NV)],
    );
    // 2^31 - 0.5: RNE/RMM/RUP round to 2^31, which overflows.
    cvt(
        |rm, fl| fp::f64_to_i32(d(2147483647.5), rm, fl),
        [(I32MAX, NV), (I32MAX, NX), (I32MAX, NX), (I32MAX, NV), (I32MAX, NV)],
    );
    // u32 upper boundary.
    cvt(|rm, fl| fp::f64_to_u32(d(4294967295.0), rm, fl), [(U32MAX, 0); 5]);
    cvt(|rm, fl| fp::f64_to_u32(d(4294967296.0), rm, fl), [(U32MAX, NV); 5]);
    cvt(
        |rm, fl| fp::f64_to_u32(d(4294967295.5), rm, fl),
        [(U32MAX, NV), (U32MAX, NX), (U32MAX, NX), (U32MAX, NV), (U32MAX, NV)],
    );
    // Small negative values: unsigned is fine if they round to zero.
    cvt(|rm, fl| fp::f64_to_u32(d(-0.5), rm, fl), [(0, NX), (0, NX), (0, NV), (0, NX), (0, NV)]);
    cvt(|rm, fl| fp::f64_to_u64(d(-0.3), rm, fl), [(0, NX), (0, NX), (0, NV), (0, NX), (0, NX)]);
    cvt(|rm, fl| fp::f64_to_u64(NONE, rm, fl), [(0, NV); 5]);
    // 2^63 and the i64/u64 limits.
    let two63 = d(9223372036854775808.0);
    cvt(|rm, fl| fp::f64_to_i64(two63, rm, fl), [(i64::MAX, NV); 5]);
    cvt(|rm, fl| fp::f64_to_u64(two63, rm, fl), [(1 << 63, 0); 5]);
    cvt(|rm, fl| fp::f64_to_i64(two63 | N0, rm, fl), [(i64::MIN, 0); 5]);
    cvt(|rm, fl| fp::f64_to_u64(two63 | N0, rm, fl), [(0, NV); 5]);
    // u64::MAX as f64 is 2^64: out of range.
    cvt(|rm, fl| fp::f64_to_u64(d(18446744073709551615.0), rm, fl), [(u64::MAX, NV); 5]);
    let below64 = d(18446744073709549568.0); // 2^64 - 2048
    cvt(|rm, fl| fp::f64_to_u64(below64, rm, fl), [(18446744073709549568, 0); 5]);
    cvt(|rm, fl| fp::f64_to_i64(MAX, rm, fl), [(i64::MAX, NV); 5]);
    // Tiny values.
    cvt(|rm, fl| fp::f64_to_i64(MIN_SUB, rm, fl), [(0, NX), (0, NX), (0, NX), (1, NX), (0, NX)]);
    cvt(|rm, fl| fp::f64_to_i64(N0 | MIN_SUB, rm, fl), [(0, NX), (0, NX), (-1, NX), (0, NX), (0, NX)]);
    // f32 sources.
    cvt(|rm, fl| fp::f32_to_i32(s(2147483648.0), rm, fl), [(I32MAX, NV); 5]);
    cvt(|rm, fl| fp::f32_to_i32(s(-2147483648.0), rm, fl), [(I32MIN, 0); 5]);
    cvt(|rm, fl| fp::f32_to_u32(s(2147483648.0), rm, fl), [(0xffff_ffff_8000_0000, 0); 5]);
    cvt(|rm, fl| fp::f32_to_u32(S_QNAN, rm, fl), [(U32MAX, NV); 5]);
    cvt(|rm, fl| fp::f32_to_u32(0x8000_0000, rm, fl), [(0, 0); 5]);
    cvt(|rm, fl| fp::f32_to_i64(S_NINF, rm, fl), [(i64::MIN, NV); 5]);
    cvt(|rm, fl| fp::f32_to_u64(s(18446744073709551616.0), rm, fl), [(u64::MAX, NV); 5]);
    cvt(|rm, fl| fp::f32_to_u64(S_SNAN, rm, fl), [(u64::MAX, NV); 5]);
    cvt(|rm, fl| fp::f32_to_i64(s(-9223372036854775808.0), rm, fl), [(i64::MIN, 0); 5]);
}

#[test]
fn float_to_int_rounding() {
    let half = |x: f64| move |rm, fl: &mut u8| fp::f64_to_i64(d(x), rm, fl);
    cvt(half(0.5), [(0, NX), (0, NX), (0, NX), (1, NX), (1, NX)]);
    cvt(half(1.5), [(2, NX), (1, NX), (1, NX), (2, NX), (2, NX)]);
    cvt(half(2.5), [(2, NX), (2, NX), (2, NX), (3, NX), (3, NX)]);
    cvt(half(-2.5), [(-2, NX), (-2, NX), (-3, NX), (-2, NX), (-3, NX)]);
    cvt(half(-1.25), [(-1, NX), (-1, NX), (-2, NX), (-1, NX), (-1, NX)]);
    cvt(half(7.0), [(7, 0); 5]);
    cvt(|rm, fl| fp::f32_to_i32(s(-0.5), rm, fl), [(0, NX), (0, NX), (-1, NX), (0, NX), (-1, NX)]);
    cvt(|rm, fl| fp::f32_to_u32(s(2.5), rm, fl), [(2, NX), (2, NX), (2, NX), (3, NX), (3, NX)]);
}

#[test]
fn int_to_float() {
    // 2^53 + 1 is a tie between 2^53 and 2^53 + 2.
    let two53 = d(9007199254740992.0);
    cvt(
        |rm, fl| fp::i64_to_f64((1 << 53) + 1, rm, fl),
        [(two53, NX), (two53, NX), (two53, NX), (two53 + 1, NX), (two53 + 1, NX)],
    );
    cvt(
        |rm, fl| fp::i64_to_f64(-(1 << 53) - 1, rm, fl),
        [(two53 | N0, NX), (two53 | N0, NX), ((two53 + 1) | N0, NX), (two53 | N0, NX), ((two53 + 1) | N0, NX)],
    );
    // u64::MAX: the largest unsigned input (no x86 instruction handles it).
    let two64 = 0x43f0_0000_0000_0000;
    cvt(
        |rm, fl| fp::u64_to_f64(u64::MAX, rm, fl),
        [(two64, NX), (two64 - 1, NX), (two64 - 1, NX), (two64, NX), (two64, NX)],
    );
    cvt(|rm, fl| fp::u64_to_f64(1 << 63, rm, fl), [(d(9223372036854775808.0), 0); 5]);
    cvt(
        |rm, fl| fp::u64_to_f32(u64::MAX, rm, fl),
        [(0x5f80_0000, NX), (0x5f7f_ffff, NX), (0x5f7f_ffff, NX), (0x5f80_0000, NX), (0x5f80_0000, NX)],
    );
    cvt(|rm, fl| fp::i64_to_f64(i64::MIN, rm, fl), [(0xc3e0_0000_0000_0000, 0); 5]);
    cvt(|rm, fl| fp::i64_to_f32(i64::MIN, rm, fl), [(0xdf00_0000, 0); 5]);
    cvt(|rm, fl| fp::i64_to_f64(0, rm, fl), [(P0, 0); 5]);
    cvt(|rm, fl| fp::u32_to_f32(0, rm, fl), [(0, 0); 5]);
    // 2^24 + 1 in single precision.
    cvt(
        |rm, fl| fp::i32_to_f32(16777217, rm, fl),
        [(0x4b80_0000, NX), (0x4b80_0000, NX), (0x4b80_0000, NX), (0x4b80_0001, NX), (0x4b80_0001, NX)],
    );
    cvt(
        |rm, fl| fp::i32_to_f32(-16777217, rm, fl),
        [(0xcb80_0000, NX), (0xcb80_0000, NX), (0xcb80_0001, NX), (0xcb80_0000, NX), (0xcb80_0001, NX)],
    );
    cvt(
        |rm, fl| fp::u32_to_f32(u32::MAX, rm, fl),
        [(0x4f80_0000, NX), (0x4f7f_ffff, NX), (0x4f7f_ffff, NX), (0x4f80_0000, NX), (0x4f80_0000, NX)],
    );
    cvt(|rm, fl| fp::i32_to_f32(i32::MIN, rm, fl), [(0xcf00_0000, 0); 5]);
    // 32-bit sources are always exact in double precision.
    cvt(|rm, fl| fp::u32_to_f64(u32::MAX, rm, fl), [(d(4294967295.0), 0); 5]);
    cvt(|rm, fl| fp::i32_to_f64(i32::MIN, rm, fl), [(d(-2147483648.0), 0); 5]);
    cvt(|rm, fl| fp::i32_to_f64(-1, rm, fl), [(NONE, 0); 5]);
}

#[test]
fn float_to_float() {
    // f64 -> f32 ties and overflow.
    let tie = 0x3ff0_0000_1000_0000; // 1 + 2^-24
    cvt(
        |rm, fl| fp::f64_to_f32(tie, rm, fl),
        [(S_ONE, NX), (S_ONE, NX), (S_ONE, NX), (S_ONE + 1, NX), (S_ONE + 1, NX)],
    );
    cvt(
        |rm, fl| fp::f64_to_f32(MAX, rm, fl),
        [(S_INF, OF | NX), (S_MAX, OF | NX), (S_MAX, OF | NX), (S_INF, OF | NX), (S_INF, OF | NX)],
    );
    cvt(
        |rm, fl| fp::f64_to_f32(NMAX, rm, fl),
        [(S_NINF, OF | NX), (S_NMAX, OF | NX), (S_NINF, OF | NX), (S_NMAX, OF | NX), (S_NINF, OF | NX)],
    );
    // Underflow, exact subnormal, subnormal tie.
    cvt(
        |rm, fl| fp::f64_to_f32(MIN_NORM, rm, fl),
        [(0, UF | NX), (0, UF | NX), (0, UF | NX), (1, UF | NX), (0, UF | NX)],
    );
    cvt(|rm, fl| fp::f64_to_f32(d(2f64.powi(-149)), rm, fl), [(1, 0); 5]);
    cvt(
        |rm, fl| fp::f64_to_f32(d(2f64.powi(-150)), rm, fl),
        [(0, UF | NX), (0, UF | NX), (0, UF | NX), (1, UF | NX), (1, UF | NX)],
    );
    // NaNs become the canonical NaN; only signalling ones raise NV.
    cvt(|rm, fl| fp::f64_to_f32(SNAN, rm, fl), [(S_CANON, NV); 5]);
    cvt(|rm, fl| fp::f64_to_f32(PAYLOAD_QNAN | N0, rm, fl), [(S_CANON, 0); 5]);
    cvt(|rm, fl| fp::f64_to_f32(NINF, rm, fl), [(S_NINF, 0); 5]);
    cvt(|rm, fl| fp::f64_to_f32(N0, rm, fl), [(0x8000_0000, 0); 5]);
    // f32 -> f64 is exact.
    assert_eq!(run(|fl| fp::f32_to_f64(S_SNAN, fl)), (CANON, NV));
    assert_eq!(run(|fl| fp::f32_to_f64(0xffc0_1234, fl)), (CANON, 0));
    assert_eq!(run(|fl| fp::f32_to_f64(1, fl)), (d(2f64.powi(-149)), 0));
    assert_eq!(run(|fl| fp::f32_to_f64(0x8000_0000, fl)), (N0, 0));
    assert_eq!(run(|fl| fp::f32_to_f64(S_NINF, fl)), (NINF, 0));
    assert_eq!(run(|fl| fp::f32_to_f64(S_MAX, fl)), (d(f32::MAX as f64), 0));
}

#[test]
fn flags_accumulate() {
    // Flags are ORed into the existing value, never cleared.
    let mut fl = DZ;
    fp::f64_add(ONE, d(2f64.powi(-60)), RNE, &mut fl);
    assert_eq!(fl, DZ | NX);
    fp::f64_eq(SNAN, ONE, &mut fl);
    assert_eq!(fl, DZ | NX | NV);
}

/// Prints ns/op for a few operations (run with `--release --ignored`).
#[test]
#[ignore]
fn bench_fp() {
    use std::hint::black_box;
    use std::time::Instant;
    const N: u64 = 20_000_000;
    fn time(name: &str, mut f: impl FnMut(u64) -> u64) {
        // Warm up, then time a dependent chain of N operations.
        let mut acc = 0;
        for i in 0..1000 {
            acc ^= f(i);
        }
        let t = Instant::now();
        for i in 0..N {
            acc ^= f(i ^ acc);
        }
        let ns = t.elapsed().as_nanos() as f64 / N as f64;
        black_box(acc);
        println!("{name:<28} {ns:6.2} ns/op");
    }
    let x = d(1.000_000_1);
    let y = d(3.333_333_3);
    for (label, rm) in [("RNE", RNE), ("RTZ", RTZ), ("RMM", RMM)] {
        let mut fl = 0u8;
        time(&format!("f64_add {label}"), |i| fp::f64_add(black_box(x) ^ (i & 1), black_box(y), rm, &mut fl));
        time(&format!("f64_mul {label}"), |i| fp::f64_mul(black_box(x) ^ (i & 1), black_box(y), rm, &mut fl));
        time(&format!("f64_madd {label}"), |i| {
            fp::f64_madd(black_box(x) ^ (i & 1), black_box(y), black_box(y), rm, &mut fl)
        });
        time(&format!("f64_div {label}"), |i| fp::f64_div(black_box(x) ^ (i & 1), black_box(y), rm, &mut fl));
        time(&format!("f64_sqrt {label}"), |i| fp::f64_sqrt(black_box(y) ^ (i & 1), rm, &mut fl));
        time(&format!("f32_add {label}"), |i| fp::f32_add(s(1.5) ^ (i as u32 & 1), s(2.25), rm, &mut fl) as u64);
        time(&format!("f64_to_i64 {label}"), |i| fp::f64_to_i64(black_box(y) ^ (i & 1), rm, &mut fl) as u64);
        time(&format!("i64_to_f64 exact {label}"), |i| fp::i64_to_f64((i & 0xffff_ffff) as i64 - 99, rm, &mut fl));
        time(&format!("i64_to_f64 inexact {label}"), |i| fp::i64_to_f64((i | 1 << 60) as i64, rm, &mut fl));
        time(&format!("f64_to_f32 {label}"), |i| fp::f64_to_f32(black_box(y) ^ (i & 1), rm, &mut fl) as u64);
        black_box(fl);
    }
    let mut fl = 0u8;
    time("f64_lt", |i| fp::f64_lt(black_box(x) ^ (i & 1), black_box(y), &mut fl) as u64);
    time("f64_min", |i| fp::f64_min(black_box(x) ^ (i & 1), black_box(y), &mut fl));
    time("f64_classify", |i| fp::f64_classify(black_box(x) ^ (i & 1)));
    time("native f64 add (no flags)", |i| {
        (f64::from_bits(black_box(x) ^ (i & 1)) + f64::from_bits(black_box(y))).to_bits()
    });
}
