//! Test support: an RV64 encoder, a guest memory layout with every kind of page, random
//! programs and states, and runners that execute a program interpreted, through a compiled
//! block called directly, and through the engine with the JIT installed.

#![allow(dead_code)]

use rivet_core::engine::{BlockCompiler, Engine, NativeFn};
use rivet_core::mem::perm::{R, W, X};
use rivet_core::{CpuModel, Exit, GuestMemory, Hart};
use rivet_isa::Opcode as O;
use rivet_jit::Jit;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

// ---- deterministic randomness ----

/// xorshift64*: small, seedable, good enough for test generation.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn pick<T: Copy>(&mut self, s: &[T]) -> T {
        s[self.below(s.len() as u64) as usize]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

// ---- encoder ----

pub fn r(opc: u32, f3: u32, f7: u32, rd: u32, rs1: u32, rs2: u32) -> u32 {
    f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc
}
pub fn i(opc: u32, f3: u32, rd: u32, rs1: u32, imm: i32) -> u32 {
    ((imm as u32) & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc
}
pub fn s(opc: u32, f3: u32, rs1: u32, rs2: u32, imm: i32) -> u32 {
    let m = imm as u32;
    ((m >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (m & 0x1f) << 7 | opc
}
pub fn b(f3: u32, rs1: u32, rs2: u32, imm: i32) -> u32 {
    let m = imm as u32;
    ((m >> 12) & 1) << 31
        | ((m >> 5) & 0x3f) << 25
        | rs2 << 20
        | rs1 << 15
        | f3 << 12
        | ((m >> 1) & 0xf) << 8
        | ((m >> 11) & 1) << 7
        | 0x63
}
pub fn u(opc: u32, rd: u32, imm: i32) -> u32 {
    (imm as u32 & 0xffff_f000) | rd << 7 | opc
}
pub fn j(rd: u32, imm: i32) -> u32 {
    let m = imm as u32;
    ((m >> 20) & 1) << 31 | ((m >> 1) & 0x3ff) << 21 | ((m >> 11) & 1) << 20 | ((m >> 12) & 0xff) << 12 | rd << 7 | 0x6f
}
pub fn r4(opc: u32, fmt: u32, rm: u32, rd: u32, rs1: u32, rs2: u32, rs3: u32) -> u32 {
    rs3 << 27 | fmt << 25 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7 | opc
}

/// Operands for [`encode`]; unused ones are ignored.
#[derive(Clone, Copy, Debug, Default)]
pub struct Fields {
    pub rd: u32,
    pub rs1: u32,
    pub rs2: u32,
    pub rs3: u32,
    pub rm: u32,
    pub imm: i32,
}

/// Encodes `k` (32-bit form). For CSR ops `imm` is the CSR number; for fence `imm` is
/// `pred << 4 | succ`.
pub fn encode(k: O, f: Fields) -> u32 {
    let Fields { rd, rs1, rs2, rs3, rm, imm } = f;
    let op_fp = |f5: u32, fmt: u32, f3: u32, rs2: u32| r(0x53, f3, f5 << 2 | fmt, rd, rs1, rs2);
    let amo = |f5: u32, f3: u32| r(0x2f, f3, f5 << 2 | (rm & 3), rd, rs1, rs2);
    match k {
        O::Lui => u(0x37, rd, imm),
        O::Auipc => u(0x17, rd, imm),
        O::Jal => j(rd, imm),
        O::Jalr => i(0x67, 0, rd, rs1, imm),
        O::Beq => b(0, rs1, rs2, imm),
        O::Bne => b(1, rs1, rs2, imm),
        O::Blt => b(4, rs1, rs2, imm),
        O::Bge => b(5, rs1, rs2, imm),
        O::Bltu => b(6, rs1, rs2, imm),
        O::Bgeu => b(7, rs1, rs2, imm),
        O::Lb => i(0x03, 0, rd, rs1, imm),
        O::Lh => i(0x03, 1, rd, rs1, imm),
        O::Lw => i(0x03, 2, rd, rs1, imm),
        O::Ld => i(0x03, 3, rd, rs1, imm),
        O::Lbu => i(0x03, 4, rd, rs1, imm),
        O::Lhu => i(0x03, 5, rd, rs1, imm),
        O::Lwu => i(0x03, 6, rd, rs1, imm),
        O::Sb => s(0x23, 0, rs1, rs2, imm),
        O::Sh => s(0x23, 1, rs1, rs2, imm),
        O::Sw => s(0x23, 2, rs1, rs2, imm),
        O::Sd => s(0x23, 3, rs1, rs2, imm),
        O::Addi => i(0x13, 0, rd, rs1, imm),
        O::Slti => i(0x13, 2, rd, rs1, imm),
        O::Sltiu => i(0x13, 3, rd, rs1, imm),
        O::Xori => i(0x13, 4, rd, rs1, imm),
        O::Ori => i(0x13, 6, rd, rs1, imm),
        O::Andi => i(0x13, 7, rd, rs1, imm),
        O::Slli => i(0x13, 1, rd, rs1, imm & 63),
        O::Srli => i(0x13, 5, rd, rs1, imm & 63),
        O::Srai => i(0x13, 5, rd, rs1, (imm & 63) | 0x400),
        O::Add => r(0x33, 0, 0, rd, rs1, rs2),
        O::Sub => r(0x33, 0, 0x20, rd, rs1, rs2),
        O::Sll => r(0x33, 1, 0, rd, rs1, rs2),
        O::Slt => r(0x33, 2, 0, rd, rs1, rs2),
        O::Sltu => r(0x33, 3, 0, rd, rs1, rs2),
        O::Xor => r(0x33, 4, 0, rd, rs1, rs2),
        O::Srl => r(0x33, 5, 0, rd, rs1, rs2),
        O::Sra => r(0x33, 5, 0x20, rd, rs1, rs2),
        O::Or => r(0x33, 6, 0, rd, rs1, rs2),
        O::And => r(0x33, 7, 0, rd, rs1, rs2),
        O::Mul => r(0x33, 0, 1, rd, rs1, rs2),
        O::Mulh => r(0x33, 1, 1, rd, rs1, rs2),
        O::Mulhsu => r(0x33, 2, 1, rd, rs1, rs2),
        O::Mulhu => r(0x33, 3, 1, rd, rs1, rs2),
        O::Div => r(0x33, 4, 1, rd, rs1, rs2),
        O::Divu => r(0x33, 5, 1, rd, rs1, rs2),
        O::Rem => r(0x33, 6, 1, rd, rs1, rs2),
        O::Remu => r(0x33, 7, 1, rd, rs1, rs2),
        O::Addiw => i(0x1b, 0, rd, rs1, imm),
        O::Slliw => i(0x1b, 1, rd, rs1, imm & 31),
        O::Srliw => i(0x1b, 5, rd, rs1, imm & 31),
        O::Sraiw => i(0x1b, 5, rd, rs1, (imm & 31) | 0x400),
        O::Addw => r(0x3b, 0, 0, rd, rs1, rs2),
        O::Subw => r(0x3b, 0, 0x20, rd, rs1, rs2),
        O::Sllw => r(0x3b, 1, 0, rd, rs1, rs2),
        O::Srlw => r(0x3b, 5, 0, rd, rs1, rs2),
        O::Sraw => r(0x3b, 5, 0x20, rd, rs1, rs2),
        O::Mulw => r(0x3b, 0, 1, rd, rs1, rs2),
        O::Divw => r(0x3b, 4, 1, rd, rs1, rs2),
        O::Divuw => r(0x3b, 5, 1, rd, rs1, rs2),
        O::Remw => r(0x3b, 6, 1, rd, rs1, rs2),
        O::Remuw => r(0x3b, 7, 1, rd, rs1, rs2),
        O::Fence => i(0x0f, 0, 0, 0, imm & 0xff),
        O::FenceTso => 0x8330_000f,
        O::Pause => 0x0100_000f,
        O::FenceI => i(0x0f, 1, 0, 0, 0),
        O::Ecall => 0x0000_0073,
        O::Ebreak => 0x0010_0073,
        O::Csrrw => i(0x73, 1, rd, rs1, imm),
        O::Csrrs => i(0x73, 2, rd, rs1, imm),
        O::Csrrc => i(0x73, 3, rd, rs1, imm),
        O::Csrrwi => i(0x73, 5, rd, rs1, imm),
        O::Csrrsi => i(0x73, 6, rd, rs1, imm),
        O::Csrrci => i(0x73, 7, rd, rs1, imm),
        O::LrW => r(0x2f, 2, 0b00010 << 2 | (rm & 3), rd, rs1, 0),
        O::LrD => r(0x2f, 3, 0b00010 << 2 | (rm & 3), rd, rs1, 0),
        O::ScW => amo(0b00011, 2),
        O::ScD => amo(0b00011, 3),
        O::AmoswapW => amo(0b00001, 2),
        O::AmoaddW => amo(0b00000, 2),
        O::AmoxorW => amo(0b00100, 2),
        O::AmoandW => amo(0b01100, 2),
        O::AmoorW => amo(0b01000, 2),
        O::AmominW => amo(0b10000, 2),
        O::AmomaxW => amo(0b10100, 2),
        O::AmominuW => amo(0b11000, 2),
        O::AmomaxuW => amo(0b11100, 2),
        O::AmoswapD => amo(0b00001, 3),
        O::AmoaddD => amo(0b00000, 3),
        O::AmoxorD => amo(0b00100, 3),
        O::AmoandD => amo(0b01100, 3),
        O::AmoorD => amo(0b01000, 3),
        O::AmominD => amo(0b10000, 3),
        O::AmomaxD => amo(0b10100, 3),
        O::AmominuD => amo(0b11000, 3),
        O::AmomaxuD => amo(0b11100, 3),
        O::Flw => i(0x07, 2, rd, rs1, imm),
        O::Fld => i(0x07, 3, rd, rs1, imm),
        O::Fsw => s(0x27, 2, rs1, rs2, imm),
        O::Fsd => s(0x27, 3, rs1, rs2, imm),
        O::FmaddS => r4(0x43, 0, rm, rd, rs1, rs2, rs3),
        O::FmsubS => r4(0x47, 0, rm, rd, rs1, rs2, rs3),
        O::FnmsubS => r4(0x4b, 0, rm, rd, rs1, rs2, rs3),
        O::FnmaddS => r4(0x4f, 0, rm, rd, rs1, rs2, rs3),
        O::FmaddD => r4(0x43, 1, rm, rd, rs1, rs2, rs3),
        O::FmsubD => r4(0x47, 1, rm, rd, rs1, rs2, rs3),
        O::FnmsubD => r4(0x4b, 1, rm, rd, rs1, rs2, rs3),
        O::FnmaddD => r4(0x4f, 1, rm, rd, rs1, rs2, rs3),
        O::FaddS => op_fp(0x00, 0, rm, rs2),
        O::FsubS => op_fp(0x01, 0, rm, rs2),
        O::FmulS => op_fp(0x02, 0, rm, rs2),
        O::FdivS => op_fp(0x03, 0, rm, rs2),
        O::FsqrtS => op_fp(0x0b, 0, rm, 0),
        O::FsgnjS => op_fp(0x04, 0, 0, rs2),
        O::FsgnjnS => op_fp(0x04, 0, 1, rs2),
        O::FsgnjxS => op_fp(0x04, 0, 2, rs2),
        O::FminS => op_fp(0x05, 0, 0, rs2),
        O::FmaxS => op_fp(0x05, 0, 1, rs2),
        O::FcvtWS => op_fp(0x18, 0, rm, 0),
        O::FcvtWuS => op_fp(0x18, 0, rm, 1),
        O::FcvtLS => op_fp(0x18, 0, rm, 2),
        O::FcvtLuS => op_fp(0x18, 0, rm, 3),
        O::FmvXW => op_fp(0x1c, 0, 0, 0),
        O::FclassS => op_fp(0x1c, 0, 1, 0),
        O::FeqS => op_fp(0x14, 0, 2, rs2),
        O::FltS => op_fp(0x14, 0, 1, rs2),
        O::FleS => op_fp(0x14, 0, 0, rs2),
        O::FcvtSW => op_fp(0x1a, 0, rm, 0),
        O::FcvtSWu => op_fp(0x1a, 0, rm, 1),
        O::FcvtSL => op_fp(0x1a, 0, rm, 2),
        O::FcvtSLu => op_fp(0x1a, 0, rm, 3),
        O::FmvWX => op_fp(0x1e, 0, 0, 0),
        O::FaddD => op_fp(0x00, 1, rm, rs2),
        O::FsubD => op_fp(0x01, 1, rm, rs2),
        O::FmulD => op_fp(0x02, 1, rm, rs2),
        O::FdivD => op_fp(0x03, 1, rm, rs2),
        O::FsqrtD => op_fp(0x0b, 1, rm, 0),
        O::FsgnjD => op_fp(0x04, 1, 0, rs2),
        O::FsgnjnD => op_fp(0x04, 1, 1, rs2),
        O::FsgnjxD => op_fp(0x04, 1, 2, rs2),
        O::FminD => op_fp(0x05, 1, 0, rs2),
        O::FmaxD => op_fp(0x05, 1, 1, rs2),
        O::FcvtSD => op_fp(0x08, 0, rm, 1),
        O::FcvtDS => op_fp(0x08, 1, rm, 0),
        O::FeqD => op_fp(0x14, 1, 2, rs2),
        O::FltD => op_fp(0x14, 1, 1, rs2),
        O::FleD => op_fp(0x14, 1, 0, rs2),
        O::FclassD => op_fp(0x1c, 1, 1, 0),
        O::FcvtWD => op_fp(0x18, 1, rm, 0),
        O::FcvtWuD => op_fp(0x18, 1, rm, 1),
        O::FcvtLD => op_fp(0x18, 1, rm, 2),
        O::FcvtLuD => op_fp(0x18, 1, rm, 3),
        O::FmvXD => op_fp(0x1c, 1, 0, 0),
        O::FcvtDW => op_fp(0x1a, 1, rm, 0),
        O::FcvtDWu => op_fp(0x1a, 1, rm, 1),
        O::FcvtDL => op_fp(0x1a, 1, rm, 2),
        O::FcvtDLu => op_fp(0x1a, 1, rm, 3),
        O::FmvDX => op_fp(0x1e, 1, 0, 0),
        O::Illegal => 0,
        k => panic!("no encoder for {k:?}"),
    }
}

/// Shorthands for hand-written tests.
pub fn ins(k: O, rd: u32, rs1: u32, rs2: u32, imm: i32) -> u32 {
    encode(k, Fields { rd, rs1, rs2, imm, ..Default::default() })
}

// ---- opcode classes ----

pub const ALU: &[O] = &[
    O::Lui,
    O::Auipc,
    O::Addi,
    O::Slti,
    O::Sltiu,
    O::Xori,
    O::Ori,
    O::Andi,
    O::Slli,
    O::Srli,
    O::Srai,
    O::Add,
    O::Sub,
    O::Sll,
    O::Slt,
    O::Sltu,
    O::Xor,
    O::Srl,
    O::Sra,
    O::Or,
    O::And,
    O::Addiw,
    O::Slliw,
    O::Srliw,
    O::Sraiw,
    O::Addw,
    O::Subw,
    O::Sllw,
    O::Srlw,
    O::Sraw,
    O::Mul,
    O::Mulh,
    O::Mulhsu,
    O::Mulhu,
    O::Div,
    O::Divu,
    O::Rem,
    O::Remu,
    O::Mulw,
    O::Divw,
    O::Divuw,
    O::Remw,
    O::Remuw,
];
pub const LOADS: &[O] = &[O::Lb, O::Lh, O::Lw, O::Ld, O::Lbu, O::Lhu, O::Lwu, O::Flw, O::Fld];
pub const STORES: &[O] = &[O::Sb, O::Sh, O::Sw, O::Sd, O::Fsw, O::Fsd];
pub const FP_INLINE: &[O] =
    &[O::FsgnjS, O::FsgnjnS, O::FsgnjxS, O::FsgnjD, O::FsgnjnD, O::FsgnjxD, O::FmvXW, O::FmvWX, O::FmvXD, O::FmvDX];
pub const FP_CALL: &[O] = &[
    O::FmaddS,
    O::FmsubS,
    O::FnmsubS,
    O::FnmaddS,
    O::FaddS,
    O::FsubS,
    O::FmulS,
    O::FdivS,
    O::FsqrtS,
    O::FminS,
    O::FmaxS,
    O::FcvtWS,
    O::FcvtWuS,
    O::FcvtLS,
    O::FcvtLuS,
    O::FclassS,
    O::FeqS,
    O::FltS,
    O::FleS,
    O::FcvtSW,
    O::FcvtSWu,
    O::FcvtSL,
    O::FcvtSLu,
    O::FmaddD,
    O::FmsubD,
    O::FnmsubD,
    O::FnmaddD,
    O::FaddD,
    O::FsubD,
    O::FmulD,
    O::FdivD,
    O::FsqrtD,
    O::FminD,
    O::FmaxD,
    O::FcvtSD,
    O::FcvtDS,
    O::FeqD,
    O::FltD,
    O::FleD,
    O::FclassD,
    O::FcvtWD,
    O::FcvtWuD,
    O::FcvtLD,
    O::FcvtLuD,
    O::FcvtDW,
    O::FcvtDWu,
    O::FcvtDL,
    O::FcvtDLu,
];
pub const AMOS: &[O] = &[
    O::AmoswapW,
    O::AmoaddW,
    O::AmoxorW,
    O::AmoandW,
    O::AmoorW,
    O::AmominW,
    O::AmomaxW,
    O::AmominuW,
    O::AmomaxuW,
    O::AmoswapD,
    O::AmoaddD,
    O::AmoxorD,
    O::AmoandD,
    O::AmoorD,
    O::AmominD,
    O::AmomaxD,
    O::AmominuD,
    O::AmomaxuD,
    O::LrW,
    O::LrD,
    O::ScW,
    O::ScD,
];

// ---- memory layout ----

pub const CODE: u64 = 0x10000;
pub const CODE_PAGES: u64 = 4;
/// Two read-write pages.
pub const DATA: u64 = 0x40000;
/// Read-only page.
pub const RO: u64 = 0x42000;
/// Unmapped page.
pub const HOLE: u64 = 0x43000;
/// Write-only page.
pub const WO: u64 = 0x44000;
/// Read-write page marked as holding translated code.
pub const SMC: u64 = 0x45000;
/// Registers holding base addresses in random programs (never written by them).
pub const BASE_RW: u32 = 26;
pub const BASE_RO: u32 = 27;
pub const BASE_WO: u32 = 28;
pub const BASE_SMC: u32 = 29;
/// Loop counter of looped programs.
pub const COUNTER: u32 = 31;
/// Highest register random ops write.
pub const MAX_RD: u32 = 25;

/// A fresh memory with `code` at [`CODE`] and deterministic contents elsewhere.
pub fn memory(code: &[u32], seed: u64) -> GuestMemory {
    let m = GuestMemory::new(32).unwrap();
    m.map_anon(CODE, CODE_PAGES * 4096, R | X).unwrap();
    let bytes: Vec<u8> = code.iter().flat_map(|w| w.to_le_bytes()).collect();
    assert!(bytes.len() as u64 <= CODE_PAGES * 4096);
    m.poke_bytes(CODE, &bytes).unwrap();
    m.map_anon(DATA, 0x2000, R | W).unwrap();
    m.map_anon(RO, 0x1000, R).unwrap();
    m.map_anon(WO, 0x1000, W).unwrap();
    m.map_anon(SMC, 0x1000, R | W | X).unwrap();
    let mut rng = Rng::new(seed);
    for (addr, len) in [(DATA, 0x2000), (RO, 0x1000), (WO, 0x1000), (SMC, 0x1000)] {
        let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        m.poke_bytes(addr, &data).unwrap();
    }
    m.mark_code(SMC);
    m
}

/// Every data byte of the memory (write-only page made readable for the purpose).
pub fn memory_bytes(m: &GuestMemory) -> Vec<u8> {
    m.protect(WO, 0x1000, R | W).unwrap();
    let mut out = vec![0; 0x2000 + 3 * 0x1000];
    m.read_bytes(DATA, &mut out[..0x2000]).unwrap();
    m.read_bytes(RO, &mut out[0x2000..0x3000]).unwrap();
    m.read_bytes(WO, &mut out[0x3000..0x4000]).unwrap();
    m.read_bytes(SMC, &mut out[0x4000..]).unwrap();
    out
}

// ---- harts ----

pub fn hart() -> Hart {
    let model = Arc::new(CpuModel::by_name("rv64gc", 0).unwrap());
    let mut h = Hart::new(model, 0);
    h.pc = CODE;
    h
}

const F32_SPECIAL: &[u32] = &[
    0,
    0x8000_0000,
    0x3f80_0000,
    0xbf80_0000,
    0x7f80_0000,
    0xff80_0000,
    0x7fc0_0000,
    0x7f80_0001,
    0xffc0_0000,
    0x0000_0001,
    0x807f_ffff,
    0x7f7f_ffff,
    0x4f00_0000,
    0xcf00_0000,
    0x5f00_0000,
    0x3f00_0000,
    0x4b00_0001,
];
const F64_SPECIAL: &[u64] = &[
    0,
    1 << 63,
    0x3ff0_0000_0000_0000,
    0xbff0_0000_0000_0000,
    0x7ff0_0000_0000_0000,
    0xfff0_0000_0000_0000,
    0x7ff8_0000_0000_0000,
    0x7ff0_0000_0000_0001,
    0x0000_0000_0000_0001,
    0x7fef_ffff_ffff_ffff,
    0x43e0_0000_0000_0000,
    0xc3e0_0000_0000_0000,
    0x41e0_0000_0000_0000,
    0x3fe0_0000_0000_0000,
    0x4330_0000_0000_0001,
];
const X_SPECIAL: &[u64] = &[
    0,
    1,
    2,
    3,
    u64::MAX,
    u64::MAX - 1,
    1 << 63,
    (1 << 63) - 1,
    0x8000_0000,
    0x7fff_ffff,
    0xffff_ffff,
    0xffff_ffff_8000_0000,
    0x1_0000_0000,
    31,
    32,
    63,
    64,
    4095,
    4096,
];

pub fn rand_x(rng: &mut Rng) -> u64 {
    match rng.below(6) {
        0 => rng.pick(X_SPECIAL),
        1 => rng.below(64),
        2 => (rng.next() as i64 >> rng.below(64)) as u64,
        3 => DATA + rng.below(0x2000),
        _ => rng.next(),
    }
}

pub fn rand_f(rng: &mut Rng) -> u64 {
    let boxed = |v: u32| 0xffff_ffff_0000_0000 | v as u64;
    match rng.below(8) {
        0 => boxed(rng.pick(F32_SPECIAL)),
        1 => boxed(rng.next() as u32),
        2 => boxed(((rng.below(200) as f32 - 100.0) / 8.0).to_bits()),
        3 => rng.pick(F64_SPECIAL),
        4 => ((rng.below(2000) as f64 - 1000.0) / 16.0).to_bits(),
        5 => rng.next(),
        6 => rng.next() >> rng.below(64),
        _ => boxed(rng.next() as u32 & 0x807f_ffff | (rng.below(256) as u32) << 23),
    }
}

/// A random initial state; base registers point at their pages, the counter is `iters`.
pub fn rand_hart(rng: &mut Rng, iters: u64) -> Hart {
    let mut h = hart();
    for r in 1..32 {
        h.x[r] = rand_x(rng);
    }
    for r in 0..32 {
        h.f[r] = rand_f(rng);
    }
    h.x[BASE_RW as usize] = DATA + 0x1000;
    h.x[BASE_RO as usize] = RO + 0x800;
    h.x[BASE_WO as usize] = WO + 0x800;
    h.x[BASE_SMC as usize] = SMC + 0x800;
    h.x[COUNTER as usize] = iters;
    h.fflags = rng.below(32) as u8;
    h.frm = if rng.chance(90) { rng.below(5) as u8 } else { rng.below(8) as u8 };
    h
}

// ---- random programs ----

fn rand_imm(rng: &mut Rng) -> i32 {
    match rng.below(4) {
        0 => rng.pick(&[0, 1, -1, 2047, -2048, 31, 32, 63]),
        1 => rng.below(33) as i32 - 16,
        _ => (rng.below(4096) as i32) - 2048,
    }
}

fn rand_rm(rng: &mut Rng) -> u32 {
    if rng.chance(2) {
        rng.pick(&[5, 6])
    } else {
        rng.pick(&[0, 1, 2, 3, 4, 7, 7, 7])
    }
}

/// Which base register and offset a memory op uses: mostly the read-write pages, sometimes the
/// special pages, sometimes whatever a random register holds.
fn rand_mem_operand(rng: &mut Rng, size: i32, wild: u64) -> (u32, i32) {
    let p = rng.below(100);
    let base = if p >= wild {
        BASE_RW
    } else if p < wild / 5 {
        BASE_RO
    } else if p < 2 * wild / 5 {
        BASE_WO
    } else if p < 3 * wild / 5 {
        BASE_SMC
    } else {
        rng.below(32) as u32
    };
    let imm = match rng.below(6) {
        // Around the page boundary at the base (bases sit at +0x800 or on the boundary).
        0 => rng.below(16) as i32 - 8,
        1 => 2047 - rng.below(8) as i32,
        2 => -2048 + rng.below(8) as i32,
        _ => (rng.below(4096) as i32 - 2048) & !(size - 1),
    };
    (base, imm)
}

/// Options for random programs.
#[derive(Clone, Copy, Debug)]
pub struct GenOpts {
    /// Percent of FP ops.
    pub fp: u64,
    /// Percent of memory ops.
    pub mem: u64,
    /// Percent of ops the JIT leaves to the interpreter (CSR, atomics, fence.i).
    pub bail: u64,
    /// Percent of memory ops aimed at the special pages or through a random register (most of
    /// them fault or take the slow path).
    pub wild: u64,
}

/// One random non-control-flow instruction.
pub fn rand_insn(rng: &mut Rng, o: GenOpts) -> u32 {
    let rd = if rng.chance(8) { 0 } else { rng.below(MAX_RD as u64 + 1) as u32 };
    let mut f = Fields {
        rd,
        rs1: rng.below(32) as u32,
        rs2: rng.below(32) as u32,
        rs3: rng.below(32) as u32,
        rm: rand_rm(rng),
        imm: rand_imm(rng),
    };
    let p = rng.below(100);
    if p < o.bail {
        return match rng.below(10) {
            0..=3 => {
                // CSR access to the FP CSRs, not the counters: mid-block, the interpreter reads
                // `instret` as it was at block entry, while after a bail-out it has been counted
                // up to the CSR op, so the two would legitimately differ.
                let k = rng.pick(&[O::Csrrw, O::Csrrs, O::Csrrc, O::Csrrwi, O::Csrrsi, O::Csrrci]);
                f.imm = rng.pick(&[1, 2, 3]);
                if matches!(k, O::Csrrwi | O::Csrrsi | O::Csrrci) || rng.chance(30) {
                    f.rs1 = rng.below(32) as u32;
                }
                encode(k, f)
            }
            4..=7 => {
                let k = rng.pick(AMOS);
                f.rs1 = BASE_RW;
                encode(k, f)
            }
            8 => encode(O::FenceI, f),
            _ => encode(rng.pick(&[O::Fence, O::FenceTso, O::Pause]), Fields { imm: rng.below(256) as i32, ..f }),
        };
    }
    if p < o.bail + o.mem {
        let store = rng.chance(40);
        let k = if store { rng.pick(STORES) } else { rng.pick(LOADS) };
        let size = match k {
            O::Lb | O::Lbu | O::Sb => 1,
            O::Lh | O::Lhu | O::Sh => 2,
            O::Lw | O::Lwu | O::Sw | O::Flw | O::Fsw => 4,
            _ => 8,
        };
        let align = if rng.chance(80) { size } else { 1 };
        let (base, imm) = rand_mem_operand(rng, align, o.wild);
        f.rs1 = base;
        f.imm = imm;
        if matches!(k, O::Flw | O::Fld) {
            f.rd = rng.below(32) as u32;
        }
        return encode(k, f);
    }
    if p < o.bail + o.mem + o.fp {
        let k = if rng.chance(35) { rng.pick(FP_INLINE) } else { rng.pick(FP_CALL) };
        // FP destinations may be any f register; integer destinations stay below the bases.
        let writes_f = !matches!(
            k,
            O::FmvXW
                | O::FmvXD
                | O::FclassS
                | O::FclassD
                | O::FeqS
                | O::FltS
                | O::FleS
                | O::FeqD
                | O::FltD
                | O::FleD
                | O::FcvtWS
                | O::FcvtWuS
                | O::FcvtLS
                | O::FcvtLuS
                | O::FcvtWD
                | O::FcvtWuD
                | O::FcvtLD
                | O::FcvtLuD
        );
        if writes_f {
            f.rd = rng.below(32) as u32;
        }
        return encode(k, f);
    }
    let k = rng.pick(ALU);
    if matches!(k, O::Lui | O::Auipc) {
        f.imm = (rng.next() as i32) & !0xfff;
    }
    encode(k, f)
}

/// A straight-line random program of `n` instructions, then maybe a control transfer, then two
/// `ecall`s (the branch target is the second, so taken and not-taken paths end apart).
pub fn rand_program(rng: &mut Rng, n: usize, o: GenOpts) -> Vec<u32> {
    let mut p: Vec<u32> = (0..n).map(|_| rand_insn(rng, o)).collect();
    let rd = if rng.chance(20) { 0 } else { rng.below(MAX_RD as u64 + 1) as u32 };
    match rng.below(4) {
        0 => {
            let k = rng.pick(&[O::Beq, O::Bne, O::Blt, O::Bge, O::Bltu, O::Bgeu]);
            let (rs1, rs2) = (rng.below(32) as u32, rng.below(32) as u32);
            p.push(ins(k, 0, rs1, rs2, 8));
        }
        1 => p.push(ins(O::Jal, rd, 0, 0, 8)),
        2 => {
            // auipc rd2, 0; jalr rd, rd2, 12 (+1 sometimes: bit 0 is cleared).
            let t = rng.below(MAX_RD as u64) as u32 + 1;
            p.push(ins(O::Auipc, t, 0, 0, 0));
            p.push(ins(O::Jalr, rd, t, 0, 12 + rng.below(2) as i32));
        }
        _ => {}
    }
    p.push(ins(O::Ecall, 0, 0, 0, 0));
    p.push(ins(O::Ecall, 0, 0, 0, 0));
    p
}

/// The body of a loop: `n` random instructions, the counter decrement and the back branch.
pub fn rand_loop(rng: &mut Rng, n: usize, o: GenOpts) -> Vec<u32> {
    let mut p: Vec<u32> = (0..n).map(|_| rand_insn(rng, o)).collect();
    p.push(ins(O::Addi, COUNTER, COUNTER, 0, -1));
    let back = -(4 * (p.len() as i32));
    p.push(ins(O::Bne, 0, COUNTER, 0, back));
    p.push(ins(O::Ecall, 0, 0, 0, 0));
    p
}

// ---- runners ----

/// Everything a run leaves behind.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    pub exit: Exit,
    pub x: Vec<u64>,
    pub f: Vec<u64>,
    pub pc: u64,
    pub fflags: u8,
    pub frm: u8,
    pub instret: u64,
    pub reservation: Option<(u64, u64)>,
    /// Permission bytes of every page of the layout (CODE bits included).
    pub perms: Vec<u8>,
    /// The memory's code generation (bumped by stores to code pages and fence.i).
    pub code_gen: u64,
    pub mem: Vec<u8>,
}

pub fn outcome(exit: Exit, h: &Hart, m: &GuestMemory) -> Outcome {
    Outcome {
        exit,
        x: h.x.to_vec(),
        f: h.f.to_vec(),
        pc: h.pc,
        fflags: h.fflags,
        frm: h.frm,
        instret: h.instret,
        reservation: h.reservation,
        perms: (0..CODE_PAGES)
            .map(|p| CODE + p * 4096)
            .chain([DATA, DATA + 4096, RO, HOLE, WO, SMC])
            .map(|a| m.page_perm(a))
            .collect(),
        code_gen: m.code_gen(),
        mem: memory_bytes(m),
    }
}

/// Runs the program with the interpreter only.
pub fn run_interp(code: &[u32], init: &Hart, seed: u64) -> Outcome {
    let m = memory(code, seed);
    let mut h = init.clone();
    let mut e = Engine::new(&init.model);
    let exit = e.run(&mut h, &m);
    outcome(exit, &h, &m)
}

/// Runs the first block through compiled code called directly, then the rest interpreted.
/// Returns the outcome and what the native function returned (`None` if the JIT declined).
pub fn run_direct(code: &[u32], init: &Hart, seed: u64, jit: &mut Jit) -> (Outcome, Option<u64>) {
    let m = memory(code, seed);
    let mut h = init.clone();
    let mut e = Engine::new(&init.model);
    let block = e.translate(h.pc, &m).unwrap();
    let ret = jit.compile(&block, &m).map(|f: NativeFn| {
        // SAFETY: compiled for `m`, which outlives the call; `h` is exclusively ours.
        let r = unsafe { f(&mut h) };
        if r != 0 {
            h.pc = block.start + block.ops[(r - 1) as usize].off as u64;
        }
        r
    });
    let exit = e.run(&mut h, &m);
    (outcome(exit, &h, &m), ret)
}

/// A compiler that counts what the JIT compiled.
pub struct Counting {
    pub jit: Jit,
    pub compiled: Arc<AtomicU64>,
}

impl BlockCompiler for Counting {
    fn compile(&mut self, block: &rivet_core::engine::Block, mem: &GuestMemory) -> Option<NativeFn> {
        let f = self.jit.compile(block, mem);
        if f.is_some() {
            self.compiled.fetch_add(1, Ordering::Relaxed);
        }
        f
    }
}

/// Runs the program through the engine with the JIT installed. Returns the outcome and the
/// number of blocks compiled.
pub fn run_jit_engine(code: &[u32], init: &Hart, seed: u64) -> (Outcome, u64) {
    let m = memory(code, seed);
    let mut h = init.clone();
    let mut e = Engine::new(&init.model);
    let compiled = Arc::new(AtomicU64::new(0));
    e.set_compiler(Box::new(Counting { jit: Jit::try_new().unwrap(), compiled: compiled.clone() }));
    let exit = e.run(&mut h, &m);
    (outcome(exit, &h, &m), compiled.load(Ordering::Relaxed))
}

/// Asserts two outcomes are equal, with a readable report of the differences.
#[track_caller]
pub fn assert_same(want: &Outcome, got: &Outcome, what: &str) {
    if want == got {
        return;
    }
    let mut msg = format!("{what}: outcomes differ\n");
    if want.exit != got.exit {
        msg += &format!("  exit: interp {:?} jit {:?}\n", want.exit, got.exit);
    }
    for r in 0..want.x.len() {
        if want.x[r] != got.x[r] {
            msg += &format!("  x{r}: interp {:#x} jit {:#x}\n", want.x[r], got.x[r]);
        }
    }
    for r in 0..32 {
        if want.f[r] != got.f[r] {
            msg += &format!("  f{r}: interp {:#x} jit {:#x}\n", want.f[r], got.f[r]);
        }
    }
    for (name, a, b) in [
        ("pc", want.pc, got.pc),
        ("fflags", want.fflags as u64, got.fflags as u64),
        ("frm", want.frm as u64, got.frm as u64),
        ("instret", want.instret, got.instret),
    ] {
        if a != b {
            msg += &format!("  {name}: interp {a:#x} jit {b:#x}\n");
        }
    }
    if want.perms != got.perms || want.code_gen != got.code_gen {
        msg += &format!(
            "  perms/code_gen: interp {:?}/{} jit {:?}/{}\n",
            want.perms, want.code_gen, got.perms, got.code_gen
        );
    }
    if want.reservation != got.reservation {
        msg += &format!("  reservation: interp {:?} jit {:?}\n", want.reservation, got.reservation);
    }
    if let Some(i) = (0..want.mem.len()).find(|&i| want.mem[i] != got.mem[i]) {
        msg += &format!("  memory differs first at data offset {i:#x}\n");
    }
    panic!("{msg}");
}

/// Disassembly of a program for failure messages.
pub fn listing(code: &[u32]) -> String {
    code.iter()
        .enumerate()
        .map(|(n, &w)| format!("  {:#x}: {:08x} {:?}\n", CODE + 4 * n as u64, w, rivet_isa::decode(w).op))
        .collect()
}
