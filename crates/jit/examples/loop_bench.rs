//! Micro-benchmark: hand-built guest loops run by the engine, interpreted and with the JIT.
//!
//! `cargo run --release --example loop_bench [iterations]`

use rivet_core::engine::{Engine, Exit};
use rivet_core::mem::perm::{R, W, X};
use rivet_core::{CpuModel, GuestMemory, Hart};
use rivet_jit::Jit;
use std::sync::Arc;
use std::time::Instant;

const CODE: u64 = 0x10000;
const DATA: u64 = 0x80000;

fn r(opc: u32, f3: u32, f7: u32, rd: u32, rs1: u32, rs2: u32) -> u32 {
    f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc
}
fn i(opc: u32, f3: u32, rd: u32, rs1: u32, imm: i32) -> u32 {
    ((imm as u32) & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc
}
fn s(f3: u32, rs1: u32, rs2: u32, imm: i32) -> u32 {
    let m = imm as u32;
    ((m >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (m & 0x1f) << 7 | 0x23
}
fn bne(rs1: u32, rs2: u32, imm: i32) -> u32 {
    let m = imm as u32;
    ((m >> 12) & 1) << 31
        | ((m >> 5) & 0x3f) << 25
        | rs2 << 20
        | rs1 << 15
        | 1 << 12
        | ((m >> 1) & 0xf) << 8
        | ((m >> 11) & 1) << 7
        | 0x63
}
const ECALL: u32 = 0x73;

/// A loop body (without the counter decrement and back branch, which are added).
struct Bench {
    name: &'static str,
    body: Vec<u32>,
}

fn benches() -> Vec<Bench> {
    let add = |rd, a, b| r(0x33, 0, 0, rd, a, b);
    let xor = |rd, a, b| r(0x33, 4, 0, rd, a, b);
    let sub = |rd, a, b| r(0x33, 0, 0x20, rd, a, b);
    let mul = |rd, a, b| r(0x33, 0, 1, rd, a, b);
    let slli = |rd, a, sh| i(0x13, 1, rd, a, sh);
    let srli = |rd, a, sh| i(0x13, 5, rd, a, sh);
    let addi = |rd, a, imm| i(0x13, 0, rd, a, imm);
    let andi = |rd, a, imm| i(0x13, 7, rd, a, imm);
    let ld = |rd, a, imm| i(0x03, 3, rd, a, imm);
    let lw = |rd, a, imm| i(0x03, 2, rd, a, imm);
    let sd = |a, v, imm| s(3, a, v, imm);
    let addw = |rd, a, b| r(0x3b, 0, 0, rd, a, b);
    vec![
        Bench {
            name: "alu (dependent chain)",
            body: vec![
                add(12, 12, 10),
                xor(13, 13, 12),
                slli(14, 12, 3),
                sub(13, 13, 14),
                srli(15, 13, 7),
                add(12, 12, 15),
            ],
        },
        Bench {
            name: "alu + mul (hash)",
            body: vec![
                xor(12, 12, 10),
                mul(12, 12, 16),
                srli(13, 12, 29),
                xor(12, 12, 13),
                addw(14, 14, 12),
                add(15, 15, 14),
                slli(13, 15, 5),
                add(15, 15, 13),
            ],
        },
        Bench {
            name: "memory (load/add/store)",
            body: vec![
                andi(13, 10, 255),
                slli(13, 13, 3),
                add(13, 13, 11),
                ld(14, 13, 0),
                add(12, 12, 14),
                addi(14, 14, 3),
                sd(13, 14, 0),
                lw(15, 13, 4),
                add(12, 12, 15),
            ],
        },
    ]
}

fn run(code: &[u32], iters: u64, jit: bool) -> (f64, u64, u64) {
    let mem = GuestMemory::new(32).unwrap();
    mem.map_anon(CODE, 0x1000, R | X).unwrap();
    mem.map_anon(DATA, 0x1000, R | W).unwrap();
    let bytes: Vec<u8> = code.iter().flat_map(|w| w.to_le_bytes()).collect();
    mem.poke_bytes(CODE, &bytes).unwrap();
    let model = Arc::new(CpuModel::by_name("rv64gc", 0).unwrap());
    let mut h = Hart::new(model, 0);
    h.pc = CODE;
    h.x[10] = iters;
    h.x[11] = DATA;
    h.x[16] = 0x9e37_79b9_7f4a_7c15;
    let mut e = Engine::new(&h.model);
    if jit {
        e.set_compiler(Box::new(Jit::new()));
    }
    let t = Instant::now();
    let exit = e.run(&mut h, &mem);
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(exit, Exit::Ecall);
    (secs, h.instret, h.x[12] ^ h.x[13] ^ h.x[15])
}

fn main() {
    let iters: u64 = std::env::args().nth(1).map_or(50_000_000, |a| a.parse().expect("iterations"));
    for b in benches() {
        let mut code = b.body.clone();
        code.push(i(0x13, 0, 10, 10, -1));
        code.push(bne(10, 0, -4 * (code.len() as i32)));
        code.push(ECALL);
        let (ti, n, ci) = run(&code, iters, false);
        let (tj, nj, cj) = run(&code, iters, true);
        assert_eq!((n, ci), (nj, cj), "interpreter and JIT disagree");
        println!(
            "{:<26} {:>5} insns/iter  interp {:>6.3} s {:>5.2} G/s   jit {:>6.3} s {:>5.2} G/s   speed-up {:.2}x",
            b.name,
            code.len() - 1,
            ti,
            n as f64 / ti / 1e9,
            tj,
            n as f64 / tj / 1e9,
            ti / tj
        );
    }
}
