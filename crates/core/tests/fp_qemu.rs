//! Randomised differential test of `rivet_core::fp` against real RISC-V
//! instructions run under `qemu-riscv64` (an independent implementation of the
//! same spec): every F/D arithmetic, compare, classify and conversion
//! instruction in all five rounding modes, comparing result bits and fflags.
//!
//! A small riscv64 helper (C source below) is cross-compiled with
//! `riscv64-linux-gnu-gcc`; it reads `op rm a b c` lines, executes the
//! instruction with `frm = rm` and prints the result and fflags. The test is
//! skipped (with a message) when the cross compiler or QEMU is missing, as in
//! `scripts/test --quick`. `FP_QEMU_ITERS` scales the operand sets (default
//! 4000, i.e. about a million instruction executions).

use rivet_core::fp;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The riscv64 helper. Operands are moved into f registers with fmv (so
/// single-precision values are properly NaN-boxed), fflags are cleared
/// before and read after the instruction, all inside one asm statement.
const HELPER_C: &str = r#"
#include <stdio.h>
#include <stdint.h>
#define PRE "fsrm %[rm]\n fsflags zero\n fmv.d.x ft0,%[a]\n fmv.d.x ft1,%[b]\n fmv.d.x ft2,%[c]\n"
#define PRES "fsrm %[rm]\n fsflags zero\n fmv.w.x ft0,%[a]\n fmv.w.x ft1,%[b]\n fmv.w.x ft2,%[c]\n"
#define RUN(pre, body) asm volatile(pre body "\n frflags %[fl]\n" : [r]"=&r"(r), [fl]"=&r"(fl) \
    : [rm]"r"(rm), [a]"r"(a), [b]"r"(b), [c]"r"(c) : "ft0", "ft1", "ft2", "ft3")
#define D3(i, ins) case i: RUN(PRE, ins " ft3, ft0, ft1, ft2\n fmv.x.d %[r], ft3"); break;
#define D2(i, ins) case i: RUN(PRE, ins " ft3, ft0, ft1\n fmv.x.d %[r], ft3"); break;
#define D1(i, ins) case i: RUN(PRE, ins " ft3, ft0\n fmv.x.d %[r], ft3"); break;
#define S3(i, ins) case i: RUN(PRES, ins " ft3, ft0, ft1, ft2\n fmv.x.w %[r], ft3"); r &= 0xffffffff; break;
#define S2(i, ins) case i: RUN(PRES, ins " ft3, ft0, ft1\n fmv.x.w %[r], ft3"); r &= 0xffffffff; break;
#define S1(i, ins) case i: RUN(PRES, ins " ft3, ft0\n fmv.x.w %[r], ft3"); r &= 0xffffffff; break;
#define XD2(i, ins) case i: RUN(PRE, ins " %[r], ft0, ft1"); break;
#define XS2(i, ins) case i: RUN(PRES, ins " %[r], ft0, ft1"); break;
#define XD1(i, ins) case i: RUN(PRE, ins " %[r], ft0"); break;
#define XS1(i, ins) case i: RUN(PRES, ins " %[r], ft0"); break;
#define DX(i, ins) case i: RUN(PRE, ins " ft3, %[a]\n fmv.x.d %[r], ft3"); break;
#define SX(i, ins) case i: RUN(PRE, ins " ft3, %[a]\n fmv.x.w %[r], ft3"); r &= 0xffffffff; break;
int main(void) {
  unsigned op; uint64_t rm, a, b, c, r, fl;
  while (scanf("%u %lx %lx %lx %lx", &op, &rm, &a, &b, &c) == 5) {
    switch (op) {
      D2(0, "fadd.d") D2(1, "fsub.d") D2(2, "fmul.d") D2(3, "fdiv.d") D1(4, "fsqrt.d")
      D3(5, "fmadd.d") D3(6, "fmsub.d") D3(7, "fnmsub.d") D3(8, "fnmadd.d")
      D2(9, "fmin.d") D2(10, "fmax.d") XD2(11, "feq.d") XD2(12, "flt.d") XD2(13, "fle.d") XD1(14, "fclass.d")
      XD1(15, "fcvt.w.d") XD1(16, "fcvt.wu.d") XD1(17, "fcvt.l.d") XD1(18, "fcvt.lu.d")
      case 19: RUN(PRE, "fcvt.s.d ft3, ft0\n fmv.x.w %[r], ft3"); r &= 0xffffffff; break;
      DX(20, "fcvt.d.w") DX(21, "fcvt.d.wu") DX(22, "fcvt.d.l") DX(23, "fcvt.d.lu")
      S2(30, "fadd.s") S2(31, "fsub.s") S2(32, "fmul.s") S2(33, "fdiv.s") S1(34, "fsqrt.s")
      S3(35, "fmadd.s") S3(36, "fmsub.s") S3(37, "fnmsub.s") S3(38, "fnmadd.s")
      S2(39, "fmin.s") S2(40, "fmax.s") XS2(41, "feq.s") XS2(42, "flt.s") XS2(43, "fle.s") XS1(44, "fclass.s")
      XS1(45, "fcvt.w.s") XS1(46, "fcvt.wu.s") XS1(47, "fcvt.l.s") XS1(48, "fcvt.lu.s")
      case 49: RUN(PRES, "fcvt.d.s ft3, ft0\n fmv.x.d %[r], ft3"); break;
      SX(50, "fcvt.s.w") SX(51, "fcvt.s.wu") SX(52, "fcvt.s.l") SX(53, "fcvt.s.lu")
      default: return 1;
    }
    printf("%lx %lx\n", r, fl);
  }
  return 0;
}
"#;

/// The helper's opcodes: 0..=23 double precision and int<->double, 30..=53
/// single precision and int<->single.
const OPS: [std::ops::Range<u32>; 2] = [0..24, 30..54];

/// `rivet_core::fp` for one helper opcode, as `(result register bits, fflags)`.
fn ours(op: u32, rm: u8, a: u64, b: u64, c: u64) -> (u64, u8) {
    let mut f = 0u8;
    let fl = &mut f;
    let (a32, b32, c32) = (a as u32, b as u32, c as u32);
    let r: u64 = match op {
        0 => fp::f64_add(a, b, rm, fl),
        1 => fp::f64_sub(a, b, rm, fl),
        2 => fp::f64_mul(a, b, rm, fl),
        3 => fp::f64_div(a, b, rm, fl),
        4 => fp::f64_sqrt(a, rm, fl),
        5 => fp::f64_madd(a, b, c, rm, fl),
        6 => fp::f64_msub(a, b, c, rm, fl),
        7 => fp::f64_nmsub(a, b, c, rm, fl),
        8 => fp::f64_nmadd(a, b, c, rm, fl),
        9 => fp::f64_min(a, b, fl),
        10 => fp::f64_max(a, b, fl),
        11 => fp::f64_eq(a, b, fl) as u64,
        12 => fp::f64_lt(a, b, fl) as u64,
        13 => fp::f64_le(a, b, fl) as u64,
        14 => fp::f64_classify(a),
        15 => fp::f64_to_i32(a, rm, fl) as u64,
        16 => fp::f64_to_u32(a, rm, fl),
        17 => fp::f64_to_i64(a, rm, fl) as u64,
        18 => fp::f64_to_u64(a, rm, fl),
        19 => fp::f64_to_f32(a, rm, fl) as u64,
        20 => fp::i32_to_f64(a as i32, rm, fl),
        21 => fp::u32_to_f64(a as u32, rm, fl),
        22 => fp::i64_to_f64(a as i64, rm, fl),
        23 => fp::u64_to_f64(a, rm, fl),
        30 => fp::f32_add(a32, b32, rm, fl) as u64,
        31 => fp::f32_sub(a32, b32, rm, fl) as u64,
        32 => fp::f32_mul(a32, b32, rm, fl) as u64,
        33 => fp::f32_div(a32, b32, rm, fl) as u64,
        34 => fp::f32_sqrt(a32, rm, fl) as u64,
        35 => fp::f32_madd(a32, b32, c32, rm, fl) as u64,
        36 => fp::f32_msub(a32, b32, c32, rm, fl) as u64,
        37 => fp::f32_nmsub(a32, b32, c32, rm, fl) as u64,
        38 => fp::f32_nmadd(a32, b32, c32, rm, fl) as u64,
        39 => fp::f32_min(a32, b32, fl) as u64,
        40 => fp::f32_max(a32, b32, fl) as u64,
        41 => fp::f32_eq(a32, b32, fl) as u64,
        42 => fp::f32_lt(a32, b32, fl) as u64,
        43 => fp::f32_le(a32, b32, fl) as u64,
        44 => fp::f32_classify(a32),
        45 => fp::f32_to_i32(a32, rm, fl) as u64,
        46 => fp::f32_to_u32(a32, rm, fl),
        47 => fp::f32_to_i64(a32, rm, fl) as u64,
        48 => fp::f32_to_u64(a32, rm, fl),
        49 => fp::f32_to_f64(a32, fl),
        50 => fp::i32_to_f32(a as i32, rm, fl) as u64,
        51 => fp::u32_to_f32(a as u32, rm, fl) as u64,
        52 => fp::i64_to_f32(a as i64, rm, fl) as u64,
        53 => fp::u64_to_f32(a, rm, fl) as u64,
        _ => unreachable!("unknown op {op}"),
    };
    (r, f)
}

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

/// A random operand of the format with `frac` fraction and `exp_bits`
/// exponent bits, biased towards specials, the subnormal and overflow
/// boundaries, short significands (ties), the integer limits and values
/// close to `near` (cancellation).
fn operand(rng: &mut Rng, frac: u32, exp_bits: u32, near: u64) -> u64 {
    let sign = 1u64 << (frac + exp_bits);
    let all = sign | (sign - 1);
    let emax = (1u64 << exp_bits) - 1;
    let bias = emax >> 1;
    let fmask = (1u64 << frac) - 1;
    let inf = emax << frac;
    let s = if rng.next() & 1 != 0 { sign } else { 0 };
    let make = |e: u64, f: u64| s | ((e & emax) << frac) | (f & fmask);
    match rng.below(9) {
        0 => {
            let specials = [0, 1, fmask, 1 << frac, inf - 1, inf, inf | 1 << (frac - 1), inf | 1, bias << frac];
            s | specials[rng.below(specials.len() as u64) as usize]
        }
        1 => rng.next() & all,
        2 => make(rng.below(3), rng.next() >> rng.below(64)),
        3 => make(emax - 1 - rng.below(2), rng.next()),
        4 => {
            let keep = !(u64::MAX >> rng.below(frac as u64 + 1));
            make(1 + rng.below(emax - 1), (rng.next() & keep) >> (64 - frac))
        }
        5 => {
            let e = bias + [0, 1, 30, 31, 32, 62, 63, 64][rng.below(8) as usize] - rng.below(2);
            make(e, [0, fmask, rng.next()][rng.below(3) as usize])
        }
        6 => {
            let d = rng.below(64 * (frac as u64 + 4));
            make(((near >> frac) & emax).saturating_sub(d / 64), near ^ (rng.next() >> (d % 64)))
        }
        7 => near.wrapping_add(rng.below(5)).wrapping_sub(2) & all,
        _ => make(rng.below(emax + 1), rng.next()),
    }
}

/// Whether `cmd --version` runs successfully.
fn have(cmd: &str) -> bool {
    Command::new(cmd).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Cross-compiles the helper into a fresh temporary directory.
fn build_helper() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rivet-fp-qemu-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("fpq.c");
    let bin = dir.join("fpq");
    std::fs::write(&src, HELPER_C).unwrap();
    let status = Command::new("riscv64-linux-gnu-gcc")
        .args(["-O1", "-static", "-march=rv64gc", "-o"])
        .arg(&bin)
        .arg(&src)
        .status()
        .unwrap();
    assert!(status.success(), "cross-compiling the helper failed");
    bin
}

#[test]
fn fp_vs_qemu() {
    if !have("riscv64-linux-gnu-gcc") || !have("qemu-riscv64") {
        eprintln!("fp_vs_qemu: skipped (needs riscv64-linux-gnu-gcc and qemu-riscv64, see scripts/setup)");
        return;
    }
    let iters: usize = std::env::var("FP_QEMU_ITERS").ok().and_then(|s| s.parse().ok()).unwrap_or(4000);
    let mut rng = Rng(0x0fee_d5ee_d000_0001);
    let mut cases = Vec::new();
    for _ in 0..iters {
        let a = operand(&mut rng, 52, 11, 0);
        let b = operand(&mut rng, 52, 11, a);
        let c = operand(&mut rng, 52, 11, a ^ b);
        let a32 = operand(&mut rng, 23, 8, 0);
        let b32 = operand(&mut rng, 23, 8, a32);
        let c32 = operand(&mut rng, 23, 8, a32 ^ b32);
        let int = match rng.below(4) {
            0 => rng.next(),
            1 => rng.next() >> rng.below(64),
            2 => rng.next() as i32 as u64,
            // Around 2^53 and 2^24: ties when converting to float.
            _ => (1u64 << [24, 53][rng.below(2) as usize]).wrapping_add(rng.below(8)).wrapping_sub(4),
        };
        for op in OPS.into_iter().flatten() {
            let (x, y, z) = match op {
                20..=23 | 50..=53 => (int, 0, 0),
                30..=49 => (a32, b32, c32),
                _ => (a, b, c),
            };
            for rm in 0..5u8 {
                cases.push((op, rm, x, y, z));
            }
        }
    }

    let bin = build_helper();
    let mut child =
        Command::new("qemu-riscv64").arg(&bin).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    let mut input = String::new();
    for &(op, rm, a, b, c) in &cases {
        input.push_str(&format!("{op} {rm} {a:x} {b:x} {c:x}\n"));
    }
    let mut stdin = child.stdin.take().unwrap();
    // Feed stdin from another thread so neither pipe can fill up and block.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let _ = std::fs::remove_dir_all(bin.parent().unwrap());
    assert!(out.status.success(), "helper failed: {:?}", out.status);

    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), cases.len(), "helper output truncated");
    let mut mismatches = Vec::new();
    for (line, &(op, rm, a, b, c)) in lines.iter().zip(&cases) {
        let (r, f) = line.split_once(' ').unwrap();
        let theirs = (u64::from_str_radix(r, 16).unwrap(), u8::from_str_radix(f, 16).unwrap());
        let mine = ours(op, rm, a, b, c);
        if mine != theirs {
            mismatches.push(format!(
                "op {op} rm {rm} a {a:#x} b {b:#x} c {c:#x}: ours {:#x}/{:#x}, qemu {:#x}/{:#x}",
                mine.0, mine.1, theirs.0, theirs.1
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} cases differ from QEMU, first ones:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches[..mismatches.len().min(20)].join("\n")
    );
}
