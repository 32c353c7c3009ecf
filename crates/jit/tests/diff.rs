//! Randomized differential tests: random programs run interpreted and compiled must leave the
//! same hart (x, f, pc, instret, fflags, frm, reservation), the same exit and the same memory.

mod common;

use common::*;
use rivet_isa::Opcode as O;
use rivet_jit::Jit;

/// Multiplier of the number of random cases (`RIVET_JIT_FUZZ_SCALE`, default 1) for longer runs.
fn scale() -> usize {
    std::env::var("RIVET_JIT_FUZZ_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1)
}

/// Runs `count` random straight-line programs through a directly called compiled block.
fn direct_campaign(seed: u64, count: usize, max_len: u64, o: GenOpts) -> (usize, usize) {
    let mut jit = Jit::try_new().unwrap();
    let mut rng = Rng::new(seed);
    let (mut compiled, mut completed) = (0, 0);
    let count = count * scale();
    for case in 0..count {
        let n = 1 + rng.below(max_len) as usize;
        let code = rand_program(&mut rng, n, o);
        let init = rand_hart(&mut rng, 0);
        let mem_seed = rng.next();
        let want = run_interp(&code, &init, mem_seed);
        let (got, ret) = run_direct(&code, &init, mem_seed, &mut jit);
        if let Some(r) = ret {
            compiled += 1;
            completed += (r == 0) as usize;
        }
        if want != got {
            eprintln!("seed {seed} case {case}, native returned {ret:?}\n{}", listing(&code));
            assert_same(&want, &got, "direct");
        }
    }
    (compiled, completed)
}

#[test]
fn encoder_matches_decoder() {
    let mut rng = Rng::new(1);
    let all: Vec<O> = [ALU, LOADS, STORES, FP_INLINE, FP_CALL, AMOS].concat();
    for &k in all.iter().chain(&[O::Fence, O::FenceTso, O::Pause, O::FenceI, O::Ecall, O::Ebreak, O::Jal, O::Jalr]) {
        for _ in 0..20 {
            let f = Fields {
                rd: rng.below(32) as u32,
                rs1: rng.below(32) as u32,
                rs2: rng.below(32) as u32,
                rs3: rng.below(32) as u32,
                rm: rng.below(5) as u32,
                imm: rng.below(4096) as i32 - 2048,
            };
            let w = encode(k, f);
            assert_eq!(rivet_isa::decode(w).op, k, "{w:08x}");
        }
    }
}

#[test]
fn random_integer_blocks() {
    let o = GenOpts { fp: 0, mem: 0, bail: 0, wild: 28 };
    let (compiled, _) = direct_campaign(0x1001, 1500, 60, o);
    assert!(compiled > 1400 * scale(), "compiled only {compiled}");
}

#[test]
fn random_long_integer_blocks() {
    // Longer than MAX_BLOCK_INSNS: the block is cut and the rest interpreted.
    let o = GenOpts { fp: 0, mem: 10, bail: 0, wild: 28 };
    direct_campaign(0x1002, 150, 200, o);
}

#[test]
fn random_memory_blocks() {
    let o = GenOpts { fp: 5, mem: 45, bail: 0, wild: 28 };
    let (compiled, completed) = direct_campaign(0x1003, 1500, 40, o);
    assert!(compiled > 1400 * scale(), "compiled only {compiled}");
    // Both ways out of compiled code are exercised: completion (blocks ending in a branch or
    // jump) and bail-outs (faults, slow paths, the final ecall).
    assert!(completed > 100 && completed < compiled - 100, "{completed} of {compiled} completed");
}

#[test]
fn random_fp_blocks() {
    let o = GenOpts { fp: 60, mem: 15, bail: 0, wild: 28 };
    direct_campaign(0x1004, 1500, 40, o);
}

#[test]
fn random_mixed_blocks_with_bailouts() {
    let o = GenOpts { fp: 20, mem: 25, bail: 8, wild: 28 };
    direct_campaign(0x1005, 2000, 40, o);
}

/// Random loops run through the engine: the block gets hot, is compiled by the engine's own
/// path, and the remaining iterations run natively.
#[test]
fn random_loops_through_engine() {
    let mut rng = Rng::new(0x2001);
    let mut hot = 0;
    let count = 250 * scale();
    for case in 0..count {
        let o = match case % 3 {
            0 => GenOpts { fp: 0, mem: 30, bail: 0, wild: 2 },
            1 => GenOpts { fp: 25, mem: 25, bail: 0, wild: 2 },
            _ => GenOpts { fp: 15, mem: 20, bail: 4, wild: 10 },
        };
        let n = 1 + rng.below(30) as usize;
        let code = rand_loop(&mut rng, n, o);
        // Enough iterations for the block to pass the engine's hot threshold.
        let init = rand_hart(&mut rng, rivet_core::engine::HOT_THRESHOLD as u64 + 100);
        let mem_seed = rng.next();
        let want = run_interp(&code, &init, mem_seed);
        let (got, compiled) = run_jit_engine(&code, &init, mem_seed);
        if want != got {
            eprintln!("loop case {case}, compiled {compiled}\n{}", listing(&code));
            assert_same(&want, &got, "engine");
        }
        hot += (compiled > 0) as usize;
    }
    // Loops that fault or trap early never get hot; most do.
    assert!(hot > count * 4 / 5, "only {hot} of {count} loops were compiled");
}
