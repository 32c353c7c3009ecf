//! What an instruction reads and writes, for the engine, the plugin host and register tracers.

use crate::{Insn, Opcode};

/// Kind of memory access an instruction makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemKind {
    /// A plain load (integer or FP).
    Load,
    /// A plain store (integer or FP).
    Store,
    /// Load-reserved.
    LoadReserved,
    /// Store-conditional (reads the reservation, may write).
    StoreConditional,
    /// Atomic read-modify-write.
    Amo,
}

/// The memory access of one instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemAccess {
    /// Load, store or atomic.
    pub kind: MemKind,
    /// log2 of the access size in bytes (0..=3).
    pub size_log2: u8,
    /// Whether a load sign-extends its value.
    pub signed: bool,
}

/// How an instruction changes the flow of control.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BranchKind {
    /// Falls through to the next instruction.
    #[default]
    None,
    /// Conditional pc-relative branch.
    Conditional,
    /// `jal` (a call when it links a register, a jump otherwise).
    Direct,
    /// `jalr` (call, return or computed jump).
    Indirect,
    /// Enters the environment: `ecall`, `ebreak`.
    Trap,
    /// Returns from a trap: `mret`, `sret`.
    TrapReturn,
    /// May stall or reconfigure the hart (`wfi`, `fence.i`, `sfence.vma`): the engine ends the block.
    Serialize,
}

/// Registers and memory an instruction touches. Register sets are bitmasks by register number;
/// x0 never appears in `x_writes`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Effects {
    /// Integer registers read.
    pub x_reads: u32,
    /// Integer registers written.
    pub x_writes: u32,
    /// FP registers read.
    pub f_reads: u32,
    /// FP registers written.
    pub f_writes: u32,
    /// Accrues exception flags into `fflags` (and so `fcsr`).
    pub writes_fflags: bool,
    /// Reads `frm` because its rounding mode is dynamic.
    pub reads_frm: bool,
    /// CSR read by a Zicsr instruction (not for `csrrw`/`csrrwi` with rd = x0).
    pub csr_read: Option<u16>,
    /// CSR written by a Zicsr instruction (not for set/clear with a zero source).
    pub csr_write: Option<u16>,
    /// Memory access, if any.
    pub mem: Option<MemAccess>,
    /// Control flow.
    pub branch: BranchKind,
}

impl Insn {
    /// Everything this instruction reads and writes.
    pub fn effects(&self) -> Effects {
        effects(self)
    }

    /// Whether the engine must end a translated block after this instruction.
    pub fn ends_block(&self) -> bool {
        !matches!(self.effects().branch, BranchKind::None) || self.op == Opcode::Illegal
    }
}

/// Bit for register `r` in a read mask; x0 is left out since it always reads as zero.
fn xr(r: u8) -> u32 {
    (1u32 << (r & 31)) & !1
}

/// Bit for register `r` in an x write mask (writes to x0 are discarded).
fn xw(r: u8) -> u32 {
    (1u32 << (r & 31)) & !1
}

/// Bit for FP register `r`.
fn fr(r: u8) -> u32 {
    1u32 << (r & 31)
}

fn mem(kind: MemKind, size_log2: u8, signed: bool) -> Option<MemAccess> {
    Some(MemAccess { kind, size_log2, signed })
}

/// The effects table. Notes on the less obvious choices:
///
/// * `reads_frm` is set for every op with a rounding-mode field when that field is 7 (dynamic),
///   including the exact conversions (`fcvt.d.s`, `fcvt.d.w[u]`): executing any op with a dynamic
///   mode must check `frm` and raise illegal-instruction if it holds a reserved value.
/// * `writes_fflags` is set for every FP computation: everything but sign injection, moves,
///   `fclass` and FP loads/stores, which never raise flags. `fcvt.d.s`, `fmin`/`fmax` and the
///   comparisons raise invalid on a signaling NaN. `fcvt.d.w`/`fcvt.d.wu` are exact and cannot
///   raise anything, but are included: the flag also marks "FP computation", which users rely on
///   (e.g. to check reserved static rounding modes).
/// * `signed` is true for loads that sign-extend a narrower value into the register: `lb`, `lh`,
///   `lw`, `lr.w` and the `.w` AMOs (whose loaded value is sign-extended). 64-bit and FP loads have
///   nothing to extend.
/// * CSR accesses follow Zicsr: `csrrw[i]` with rd = x0 does not read the CSR; `csrrs[i]`/`csrrc[i]`
///   with rs1 = x0 (or uimm = 0) do not write it. They are reported in `csr_read`/`csr_write`
///   only, even for `fflags`/`frm`/`fcsr` (`writes_fflags`/`reads_frm` are about FP arithmetic).
fn effects(insn: &Insn) -> Effects {
    use MemKind::*;
    use Opcode::*;
    let (rd, rs1, rs2) = (insn.rd, insn.rs1, insn.rs2);
    let mut e = Effects::default();
    let dyn_rm = insn.rm == 7;
    match insn.op {
        Illegal => {}
        Lui | Auipc => e.x_writes = xw(rd),
        Jal => {
            e.x_writes = xw(rd);
            e.branch = BranchKind::Direct;
        }
        Jalr => {
            e.x_reads = xr(rs1);
            e.x_writes = xw(rd);
            e.branch = BranchKind::Indirect;
        }
        Beq | Bne | Blt | Bge | Bltu | Bgeu => {
            e.x_reads = xr(rs1) | xr(rs2);
            e.branch = BranchKind::Conditional;
        }
        Lb | Lh | Lw | Ld | Lbu | Lhu | Lwu => {
            e.x_reads = xr(rs1);
            e.x_writes = xw(rd);
            e.mem = match insn.op {
                Lb => mem(Load, 0, true),
                Lh => mem(Load, 1, true),
                Lw => mem(Load, 2, true),
                Ld => mem(Load, 3, false),
                Lbu => mem(Load, 0, false),
                Lhu => mem(Load, 1, false),
                _ => mem(Load, 2, false),
            };
        }
        Sb | Sh | Sw | Sd => {
            e.x_reads = xr(rs1) | xr(rs2);
            let size = match insn.op {
                Sb => 0,
                Sh => 1,
                Sw => 2,
                _ => 3,
            };
            e.mem = mem(Store, size, false);
        }
        Flw | Fld => {
            e.x_reads = xr(rs1);
            e.f_writes = fr(rd);
            e.mem = mem(Load, if insn.op == Flw { 2 } else { 3 }, false);
        }
        Fsw | Fsd => {
            e.x_reads = xr(rs1);
            e.f_reads = fr(rs2);
            e.mem = mem(Store, if insn.op == Fsw { 2 } else { 3 }, false);
        }
        Addi | Slti | Sltiu | Xori | Ori | Andi | Slli | Srli | Srai | Addiw | Slliw | Srliw | Sraiw => {
            e.x_reads = xr(rs1);
            e.x_writes = xw(rd);
        }
        Add | Sub | Sll | Slt | Sltu | Xor | Srl | Sra | Or | And | Addw | Subw | Sllw | Srlw | Sraw | Mul | Mulh
        | Mulhsu | Mulhu | Div | Divu | Rem | Remu | Mulw | Divw | Divuw | Remw | Remuw => {
            e.x_reads = xr(rs1) | xr(rs2);
            e.x_writes = xw(rd);
        }
        // Memory ordering only; nothing for the block structure to react to.
        Fence | FenceTso | Pause => {}
        FenceI | Wfi => e.branch = BranchKind::Serialize,
        SfenceVma => {
            e.x_reads = xr(rs1) | xr(rs2);
            e.branch = BranchKind::Serialize;
        }
        Ecall | Ebreak => e.branch = BranchKind::Trap,
        Mret | Sret => e.branch = BranchKind::TrapReturn,
        Csrrw | Csrrs | Csrrc => {
            e.x_reads = xr(rs1);
            e.x_writes = xw(rd);
            let writes = insn.op == Csrrw || rs1 != 0;
            let reads = insn.op != Csrrw || rd != 0;
            e.csr_read = reads.then_some(insn.csr);
            e.csr_write = writes.then_some(insn.csr);
        }
        Csrrwi | Csrrsi | Csrrci => {
            // rs1 holds the immediate, not a register.
            e.x_writes = xw(rd);
            let writes = insn.op == Csrrwi || rs1 != 0;
            let reads = insn.op != Csrrwi || rd != 0;
            e.csr_read = reads.then_some(insn.csr);
            e.csr_write = writes.then_some(insn.csr);
        }
        LrW | LrD => {
            e.x_reads = xr(rs1);
            e.x_writes = xw(rd);
            e.mem = if insn.op == LrW { mem(LoadReserved, 2, true) } else { mem(LoadReserved, 3, false) };
        }
        ScW | ScD => {
            e.x_reads = xr(rs1) | xr(rs2);
            e.x_writes = xw(rd);
            e.mem = mem(StoreConditional, if insn.op == ScW { 2 } else { 3 }, false);
        }
        AmoswapW | AmoaddW | AmoxorW | AmoandW | AmoorW | AmominW | AmomaxW | AmominuW | AmomaxuW => {
            e.x_reads = xr(rs1) | xr(rs2);
            e.x_writes = xw(rd);
            e.mem = mem(Amo, 2, true);
        }
        AmoswapD | AmoaddD | AmoxorD | AmoandD | AmoorD | AmominD | AmomaxD | AmominuD | AmomaxuD => {
            e.x_reads = xr(rs1) | xr(rs2);
            e.x_writes = xw(rd);
            e.mem = mem(Amo, 3, false);
        }
        FmaddS | FmsubS | FnmsubS | FnmaddS | FmaddD | FmsubD | FnmsubD | FnmaddD => {
            e.f_reads = fr(rs1) | fr(rs2) | fr(insn.rs3);
            e.f_writes = fr(rd);
            e.writes_fflags = true;
            e.reads_frm = dyn_rm;
        }
        FaddS | FsubS | FmulS | FdivS | FaddD | FsubD | FmulD | FdivD => {
            e.f_reads = fr(rs1) | fr(rs2);
            e.f_writes = fr(rd);
            e.writes_fflags = true;
            e.reads_frm = dyn_rm;
        }
        FsqrtS | FsqrtD | FcvtSD | FcvtDS => {
            e.f_reads = fr(rs1);
            e.f_writes = fr(rd);
            e.writes_fflags = true;
            e.reads_frm = dyn_rm;
        }
        FsgnjS | FsgnjnS | FsgnjxS | FsgnjD | FsgnjnD | FsgnjxD => {
            e.f_reads = fr(rs1) | fr(rs2);
            e.f_writes = fr(rd);
        }
        FminS | FmaxS | FminD | FmaxD => {
            e.f_reads = fr(rs1) | fr(rs2);
            e.f_writes = fr(rd);
            e.writes_fflags = true;
        }
        FeqS | FltS | FleS | FeqD | FltD | FleD => {
            e.f_reads = fr(rs1) | fr(rs2);
            e.x_writes = xw(rd);
            e.writes_fflags = true;
        }
        FcvtWS | FcvtWuS | FcvtLS | FcvtLuS | FcvtWD | FcvtWuD | FcvtLD | FcvtLuD => {
            e.f_reads = fr(rs1);
            e.x_writes = xw(rd);
            e.writes_fflags = true;
            e.reads_frm = dyn_rm;
        }
        FcvtSW | FcvtSWu | FcvtSL | FcvtSLu | FcvtDL | FcvtDLu | FcvtDW | FcvtDWu => {
            e.x_reads = xr(rs1);
            e.f_writes = fr(rd);
            e.writes_fflags = true;
            e.reads_frm = dyn_rm;
        }
        FmvXW | FmvXD | FclassS | FclassD => {
            e.f_reads = fr(rs1);
            e.x_writes = xw(rd);
        }
        FmvWX | FmvDX => {
            e.x_reads = xr(rs1);
            e.f_writes = fr(rd);
        }
    }
    e
}
