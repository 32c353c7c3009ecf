//! `rivet-isa`: decoding, disassembly and metadata for RV64GC.
//!
//! This crate knows nothing of emulation. It turns instruction bits into an [`Insn`] (compressed
//! forms expanded to their 32-bit equivalent), prints it the way `objdump -d` does, and reports what
//! each instruction reads and writes ([`Effects`]) so that the engine, the plugin host and the
//! tracers share one description of the ISA.

#![warn(missing_docs)]

mod opcode;
pub use opcode::Opcode;

/// A decoded instruction. Fields that an opcode does not use are zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Insn {
    /// The operation.
    pub op: Opcode,
    /// Destination register number (x or f, depending on the opcode).
    pub rd: u8,
    /// First source register number.
    pub rs1: u8,
    /// Second source register number.
    pub rs2: u8,
    /// Third source register (fused multiply-add only).
    pub rs3: u8,
    /// Floating-point rounding mode field (7 = dynamic); for AMOs and LR/SC the `aq << 1 | rl` bits;
    /// for `fence`, `pred << 4 | succ`.
    pub rm: u8,
    /// Immediate, sign-extended (shift amounts and CSR immediates zero-extended). For branches and
    /// `jal` it is the pc-relative offset; for `lui`/`auipc` the already shifted value.
    pub imm: i64,
    /// CSR number for Zicsr instructions.
    pub csr: u16,
    /// Encoded length in bytes: 2 (compressed) or 4.
    pub len: u8,
    /// The raw encoding (16 bits for a compressed instruction, zero-extended).
    pub raw: u32,
}

mod csr;
mod decode;
mod disasm;
mod effects;
pub use csr::csr_name;
pub use decode::{decode, insn_len};
pub use effects::{BranchKind, Effects, MemAccess, MemKind};

/// ABI names of the integer registers as objdump prints them (x8 is `s0`).
pub const XREG_NAMES: [&str; 32] = [
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2",
    "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
];

/// ABI names of the floating-point registers.
pub const FREG_NAMES: [&str; 32] = [
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
];
