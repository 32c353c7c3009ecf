//! Compile-time micro-benchmark: compiles two typical blocks many times and reports the cost of
//! one compilation (the price a block pays once it is hot).
//!
//! `cargo run --release --example compile_bench`

use rivet_core::engine::{BlockCompiler, Engine};
use rivet_core::mem::perm::{R, X};
use rivet_core::{CpuModel, GuestMemory};
use rivet_jit::Jit;
use std::time::Instant;

fn main() {
    let words: [u32; 13] = [
        // A compare step of a sort: index, two loads, a branch.
        0x00251793, // slli a5, a0, 2
        0x00f587b3, // add a5, a1, a5
        0x0007a703, // lw a4, 0(a5)
        0x0047a683, // lw a3, 4(a5)
        0x00e6d463, // bge a3, a4, +8
        // A loop body: load, store, accumulate, count, branch.
        0x00251793, // slli a5, a0, 2
        0x00f587b3, // add a5, a1, a5
        0x0007a703, // lw a4, 0(a5)
        0x00d7a223, // sw a3, 4(a5)
        0x00e60633, // add a2, a2, a4
        0x00150513, // addi a0, a0, 1
        0x00a5c463, // blt a1, a0, +8
        0x00000073, // ecall
    ];
    let mem = GuestMemory::new(32).unwrap();
    mem.map_anon(0x10000, 0x1000, R | X).unwrap();
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    mem.poke_bytes(0x10000, &bytes).unwrap();
    let model = CpuModel::by_name("rv64gc", 0).unwrap();
    let mut e = Engine::new(&model);
    let b1 = e.translate(0x10000, &mem).unwrap();
    let b2 = e.translate(0x10014, &mem).unwrap();
    let mut jit = Jit::try_new().unwrap();
    let n = 2000;
    let t = Instant::now();
    for _ in 0..n {
        jit.compile(&b1, &mem).unwrap();
        jit.compile(&b2, &mem).unwrap();
    }
    let per = t.elapsed().as_secs_f64() / (2 * n) as f64;
    println!("blocks of {} and {} ops: {:.1} us per compilation", b1.ops.len(), b2.ops.len(), per * 1e6);
}
