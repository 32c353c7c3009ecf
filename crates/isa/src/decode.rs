//! Instruction decoding: 32-bit encodings and the C extension (expanded to the 32-bit opcode).
//!
//! Field conventions beyond those documented on [`Insn`]:
//!
//! * Compressed instructions carry the operands of their 32-bit expansion (`c.addi4spn` has
//!   `rs1 = 2`, `c.mv` is `add rd, x0, rs2`, `c.jr` is `jalr x0, 0(rs1)`, ...), with `len = 2` and
//!   `raw` holding the 16 bits. HINT encodings (`c.nop` with a non-zero immediate, `c.li x0`,
//!   `c.slli64`, ...) are valid instructions and decode to their expansion like any other.
//! * CSR immediate forms (`csrrwi`, `csrrsi`, `csrrci`) keep the 5-bit `uimm` in `rs1`, where the
//!   encoding puts it, and also in `imm` (zero-extended). `rs1` is then not a register.
//! * Floating-point ops that take a rounding mode keep the raw `rm` field, including the reserved
//!   values 5 and 6: whether a rounding mode is legal can only be known at execution time (7 means
//!   "use `frm`", whose value may itself be invalid), so the engine raises illegal-instruction then.
//!   Ops whose `funct3` selects the operation (`fsgnj*`, `fmin`/`fmax`, compares, `fclass`, `fmv`)
//!   have `rm = 0`.
//! * `fence`: `rm = pred << 4 | succ`. The reserved `rd`, `rs1` and `fm` fields are ignored, as the
//!   spec requires (they are not copied into the `Insn`); `fm = 1000` with `pred = succ = rw` is
//!   [`Opcode::FenceTso`], and exactly `0x0100000f` (`fence w,0`) is [`Opcode::Pause`]. `fence.i`
//!   ignores its reserved fields too.
//! * AMOs and LR/SC: `rm = aq << 1 | rl`.

use crate::{Insn, Opcode};

/// Length in bytes of the instruction whose first 16 bits are `low`: 2 or 4.
pub fn insn_len(low: u16) -> usize {
    if low & 3 == 3 {
        4
    } else {
        2
    }
}

/// Decodes one instruction. `raw` holds the instruction's bits in its low 16 (compressed) or 32
/// bits; bits beyond a compressed instruction are ignored. Invalid encodings decode to
/// [`crate::Opcode::Illegal`] with the right `len`.
///
/// Encodings of 48 bits or longer (low bits `11111`) are not part of RV64GC and decode as a 4-byte
/// `Illegal`.
pub fn decode(raw: u32) -> Insn {
    if raw & 3 == 3 {
        decode32(raw)
    } else {
        decode16(raw as u16)
    }
}

/// An `Insn` with every operand zero.
const fn blank(op: Opcode, len: u8, raw: u32) -> Insn {
    Insn { op, rd: 0, rs1: 0, rs2: 0, rs3: 0, rm: 0, imm: 0, csr: 0, len, raw }
}

const fn illegal32(raw: u32) -> Insn {
    blank(Opcode::Illegal, 4, raw)
}

// ---------------------------------------------------------------------------------------------
// 32-bit encodings
// ---------------------------------------------------------------------------------------------

#[inline]
fn rd(w: u32) -> u8 {
    ((w >> 7) & 31) as u8
}
#[inline]
fn rs1(w: u32) -> u8 {
    ((w >> 15) & 31) as u8
}
#[inline]
fn rs2(w: u32) -> u8 {
    ((w >> 20) & 31) as u8
}
#[inline]
fn funct3(w: u32) -> u32 {
    (w >> 12) & 7
}
#[inline]
fn funct7(w: u32) -> u32 {
    w >> 25
}
#[inline]
fn imm_i(w: u32) -> i64 {
    ((w as i32) >> 20) as i64
}
#[inline]
fn imm_s(w: u32) -> i64 {
    ((((w as i32) >> 25) << 5) | ((w >> 7) & 31) as i32) as i64
}
#[inline]
fn imm_b(w: u32) -> i64 {
    let v = (((w as i32) >> 31) << 12) as u32 // imm[12]
        | ((w & 0x80) << 4) // imm[11] = bit 7
        | ((w >> 20) & 0x7e0) // imm[10:5] = bits 30:25
        | ((w >> 7) & 0x1e); // imm[4:1] = bits 11:8
    v as i32 as i64
}
#[inline]
fn imm_u(w: u32) -> i64 {
    (w & 0xffff_f000) as i32 as i64
}
#[inline]
fn imm_j(w: u32) -> i64 {
    let v = (((w as i32) >> 31) << 20) as u32 // imm[20]
        | (w & 0xf_f000) // imm[19:12]
        | ((w >> 9) & 0x800) // imm[11] = bit 20
        | ((w >> 20) & 0x7fe); // imm[10:1] = bits 30:21
    v as i32 as i64
}

fn r_type(op: Opcode, w: u32) -> Insn {
    Insn { rd: rd(w), rs1: rs1(w), rs2: rs2(w), ..blank(op, 4, w) }
}
fn i_type(op: Opcode, w: u32) -> Insn {
    Insn { rd: rd(w), rs1: rs1(w), imm: imm_i(w), ..blank(op, 4, w) }
}
fn s_type(op: Opcode, w: u32) -> Insn {
    Insn { rs1: rs1(w), rs2: rs2(w), imm: imm_s(w), ..blank(op, 4, w) }
}
fn shift_type(op: Opcode, w: u32, bits: u32) -> Insn {
    Insn { rd: rd(w), rs1: rs1(w), imm: ((w >> 20) & ((1 << bits) - 1)) as i64, ..blank(op, 4, w) }
}
/// FP op with a rounding-mode field.
fn fp_rm(op: Opcode, w: u32) -> Insn {
    Insn { rm: funct3(w) as u8, ..r_type(op, w) }
}
/// FP op with a rounding-mode field and a single source (`rs2` is part of the opcode).
fn fp_rm1(op: Opcode, w: u32) -> Insn {
    Insn { rd: rd(w), rs1: rs1(w), rm: funct3(w) as u8, ..blank(op, 4, w) }
}
/// Single-source op whose `rs2` and `funct3` are part of the opcode.
fn unary(op: Opcode, w: u32) -> Insn {
    Insn { rd: rd(w), rs1: rs1(w), ..blank(op, 4, w) }
}

fn decode32(w: u32) -> Insn {
    use Opcode::*;
    let f3 = funct3(w);
    let f7 = funct7(w);
    match w & 0x7f {
        0x37 => Insn { rd: rd(w), imm: imm_u(w), ..blank(Lui, 4, w) },
        0x17 => Insn { rd: rd(w), imm: imm_u(w), ..blank(Auipc, 4, w) },
        0x6f => Insn { rd: rd(w), imm: imm_j(w), ..blank(Jal, 4, w) },
        0x67 if f3 == 0 => i_type(Jalr, w),
        0x63 => {
            let op = match f3 {
                0 => Beq,
                1 => Bne,
                4 => Blt,
                5 => Bge,
                6 => Bltu,
                7 => Bgeu,
                _ => return illegal32(w),
            };
            Insn { rs1: rs1(w), rs2: rs2(w), imm: imm_b(w), ..blank(op, 4, w) }
        }
        0x03 => {
            let op = match f3 {
                0 => Lb,
                1 => Lh,
                2 => Lw,
                3 => Ld,
                4 => Lbu,
                5 => Lhu,
                6 => Lwu,
                _ => return illegal32(w),
            };
            i_type(op, w)
        }
        0x23 => {
            let op = match f3 {
                0 => Sb,
                1 => Sh,
                2 => Sw,
                3 => Sd,
                _ => return illegal32(w),
            };
            s_type(op, w)
        }
        0x13 => match f3 {
            0 => i_type(Addi, w),
            2 => i_type(Slti, w),
            3 => i_type(Sltiu, w),
            4 => i_type(Xori, w),
            6 => i_type(Ori, w),
            7 => i_type(Andi, w),
            // RV64 shifts take a 6-bit shamt, so only bits 31:26 select the operation.
            1 if w >> 26 == 0 => shift_type(Slli, w, 6),
            5 if w >> 26 == 0 => shift_type(Srli, w, 6),
            5 if w >> 26 == 0x10 => shift_type(Srai, w, 6),
            _ => illegal32(w),
        },
        0x1b => match (f3, f7) {
            (0, _) => i_type(Addiw, w),
            // shamt[5] (bit 25) set is reserved for the *W shifts: funct7 must be exact.
            (1, 0) => shift_type(Slliw, w, 5),
            (5, 0) => shift_type(Srliw, w, 5),
            (5, 0x20) => shift_type(Sraiw, w, 5),
            _ => illegal32(w),
        },
        0x33 => {
            let op = match (f7, f3) {
                (0, 0) => Add,
                (0x20, 0) => Sub,
                (0, 1) => Sll,
                (0, 2) => Slt,
                (0, 3) => Sltu,
                (0, 4) => Xor,
                (0, 5) => Srl,
                (0x20, 5) => Sra,
                (0, 6) => Or,
                (0, 7) => And,
                (1, 0) => Mul,
                (1, 1) => Mulh,
                (1, 2) => Mulhsu,
                (1, 3) => Mulhu,
                (1, 4) => Div,
                (1, 5) => Divu,
                (1, 6) => Rem,
                (1, 7) => Remu,
                _ => return illegal32(w),
            };
            r_type(op, w)
        }
        0x3b => {
            let op = match (f7, f3) {
                (0, 0) => Addw,
                (0x20, 0) => Subw,
                (0, 1) => Sllw,
                (0, 5) => Srlw,
                (0x20, 5) => Sraw,
                (1, 0) => Mulw,
                (1, 4) => Divw,
                (1, 5) => Divuw,
                (1, 6) => Remw,
                (1, 7) => Remuw,
                _ => return illegal32(w),
            };
            r_type(op, w)
        }
        0x0f => match f3 {
            0 => {
                let fm = w >> 28;
                let ps = ((w >> 20) & 0xff) as u8;
                let op = if w == 0x0100_000f {
                    Pause
                } else if fm == 0b1000 && ps == 0x33 {
                    FenceTso
                } else {
                    Fence
                };
                Insn { rm: ps, ..blank(op, 4, w) }
            }
            1 => blank(FenceI, 4, w),
            _ => illegal32(w),
        },
        0x73 => decode_system(w),
        0x2f => decode_amo(w),
        0x07 => match f3 {
            2 => i_type(Flw, w),
            3 => i_type(Fld, w),
            _ => illegal32(w),
        },
        0x27 => match f3 {
            2 => s_type(Fsw, w),
            3 => s_type(Fsd, w),
            _ => illegal32(w),
        },
        0x43 | 0x47 | 0x4b | 0x4f => {
            let dbl = match (w >> 25) & 3 {
                0 => false,
                1 => true,
                _ => return illegal32(w),
            };
            let op = match ((w >> 2) & 3, dbl) {
                (0, false) => FmaddS,
                (1, false) => FmsubS,
                (2, false) => FnmsubS,
                (3, false) => FnmaddS,
                (0, true) => FmaddD,
                (1, true) => FmsubD,
                (2, true) => FnmsubD,
                _ => FnmaddD,
            };
            Insn { rs3: (w >> 27) as u8, ..fp_rm(op, w) }
        }
        0x53 => decode_op_fp(w),
        _ => illegal32(w),
    }
}

fn decode_system(w: u32) -> Insn {
    use Opcode::*;
    let f3 = funct3(w);
    let csr = Insn { rd: rd(w), rs1: rs1(w), csr: (w >> 20) as u16, ..blank(Illegal, 4, w) };
    let csri = Insn { imm: rs1(w) as i64, ..csr };
    match f3 {
        0 => match w {
            0x0000_0073 => blank(Ecall, 4, w),
            0x0010_0073 => blank(Ebreak, 4, w),
            0x1020_0073 => blank(Sret, 4, w),
            0x3020_0073 => blank(Mret, 4, w),
            0x1050_0073 => blank(Wfi, 4, w),
            _ if w & 0xfe00_7fff == 0x1200_0073 => Insn { rs1: rs1(w), rs2: rs2(w), ..blank(SfenceVma, 4, w) },
            _ => illegal32(w),
        },
        1 => Insn { op: Csrrw, ..csr },
        2 => Insn { op: Csrrs, ..csr },
        3 => Insn { op: Csrrc, ..csr },
        5 => Insn { op: Csrrwi, ..csri },
        6 => Insn { op: Csrrsi, ..csri },
        7 => Insn { op: Csrrci, ..csri },
        _ => illegal32(w),
    }
}

fn decode_amo(w: u32) -> Insn {
    use Opcode::*;
    let dbl = match funct3(w) {
        2 => false,
        3 => true,
        _ => return illegal32(w),
    };
    let funct5 = w >> 27;
    let op = match (funct5, dbl) {
        // LR has no rs2; the field is reserved and must be zero.
        (0x02, _) if rs2(w) != 0 => return illegal32(w),
        (0x02, false) => LrW,
        (0x02, true) => LrD,
        (0x03, false) => ScW,
        (0x03, true) => ScD,
        (0x01, false) => AmoswapW,
        (0x01, true) => AmoswapD,
        (0x00, false) => AmoaddW,
        (0x00, true) => AmoaddD,
        (0x04, false) => AmoxorW,
        (0x04, true) => AmoxorD,
        (0x0c, false) => AmoandW,
        (0x0c, true) => AmoandD,
        (0x08, false) => AmoorW,
        (0x08, true) => AmoorD,
        (0x10, false) => AmominW,
        (0x10, true) => AmominD,
        (0x14, false) => AmomaxW,
        (0x14, true) => AmomaxD,
        (0x18, false) => AmominuW,
        (0x18, true) => AmominuD,
        (0x1c, false) => AmomaxuW,
        (0x1c, true) => AmomaxuD,
        _ => return illegal32(w),
    };
    Insn { rm: ((w >> 25) & 3) as u8, ..r_type(op, w) }
}

fn decode_op_fp(w: u32) -> Insn {
    use Opcode::*;
    let f3 = funct3(w);
    let r2 = rs2(w);
    match funct7(w) {
        0x00 => fp_rm(FaddS, w),
        0x01 => fp_rm(FaddD, w),
        0x04 => fp_rm(FsubS, w),
        0x05 => fp_rm(FsubD, w),
        0x08 => fp_rm(FmulS, w),
        0x09 => fp_rm(FmulD, w),
        0x0c => fp_rm(FdivS, w),
        0x0d => fp_rm(FdivD, w),
        0x2c if r2 == 0 => fp_rm1(FsqrtS, w),
        0x2d if r2 == 0 => fp_rm1(FsqrtD, w),
        0x10 | 0x11 => {
            let op = match (f3, funct7(w) & 1 == 1) {
                (0, false) => FsgnjS,
                (1, false) => FsgnjnS,
                (2, false) => FsgnjxS,
                (0, true) => FsgnjD,
                (1, true) => FsgnjnD,
                (2, true) => FsgnjxD,
                _ => return illegal32(w),
            };
            r_type(op, w)
        }
        0x14 | 0x15 => {
            let op = match (f3, funct7(w) & 1 == 1) {
                (0, false) => FminS,
                (1, false) => FmaxS,
                (0, true) => FminD,
                (1, true) => FmaxD,
                _ => return illegal32(w),
            };
            r_type(op, w)
        }
        0x20 if r2 == 1 => fp_rm1(FcvtSD, w),
        0x21 if r2 == 0 => fp_rm1(FcvtDS, w),
        0x50 | 0x51 => {
            let op = match (f3, funct7(w) & 1 == 1) {
                (0, false) => FleS,
                (1, false) => FltS,
                (2, false) => FeqS,
                (0, true) => FleD,
                (1, true) => FltD,
                (2, true) => FeqD,
                _ => return illegal32(w),
            };
            r_type(op, w)
        }
        0x60 | 0x61 => {
            let op = match (r2, funct7(w) & 1 == 1) {
                (0, false) => FcvtWS,
                (1, false) => FcvtWuS,
                (2, false) => FcvtLS,
                (3, false) => FcvtLuS,
                (0, true) => FcvtWD,
                (1, true) => FcvtWuD,
                (2, true) => FcvtLD,
                (3, true) => FcvtLuD,
                _ => return illegal32(w),
            };
            fp_rm1(op, w)
        }
        0x68 | 0x69 => {
            let op = match (r2, funct7(w) & 1 == 1) {
                (0, false) => FcvtSW,
                (1, false) => FcvtSWu,
                (2, false) => FcvtSL,
                (3, false) => FcvtSLu,
                (0, true) => FcvtDW,
                (1, true) => FcvtDWu,
                (2, true) => FcvtDL,
                (3, true) => FcvtDLu,
                _ => return illegal32(w),
            };
            fp_rm1(op, w)
        }
        0x70 if r2 == 0 && f3 == 0 => unary(FmvXW, w),
        0x70 if r2 == 0 && f3 == 1 => unary(FclassS, w),
        0x71 if r2 == 0 && f3 == 0 => unary(FmvXD, w),
        0x71 if r2 == 0 && f3 == 1 => unary(FclassD, w),
        0x78 if r2 == 0 && f3 == 0 => unary(FmvWX, w),
        0x79 if r2 == 0 && f3 == 0 => unary(FmvDX, w),
        _ => illegal32(w),
    }
}

// ---------------------------------------------------------------------------------------------
// Compressed (RV64C) encodings
// ---------------------------------------------------------------------------------------------

/// Bit `from` of `h`, placed at bit `to`.
#[inline(always)]
fn bit(h: u16, from: u32, to: u32) -> u32 {
    (((h as u32) >> from) & 1) << to
}

/// Bits `hi..=lo` of `h`, placed starting at bit `to`.
#[inline(always)]
fn bits(h: u16, hi: u32, lo: u32, to: u32) -> u32 {
    (((h as u32) >> lo) & ((1 << (hi - lo + 1)) - 1)) << to
}

/// Sign-extends the low `n` bits of `v`.
#[inline(always)]
fn sext(v: u32, n: u32) -> i64 {
    (((v << (32 - n)) as i32) >> (32 - n)) as i64
}

/// The 6-bit immediate of CI-format instructions (`imm[5] = bit 12`, `imm[4:0] = bits 6:2`).
#[inline(always)]
fn ci_imm(h: u16) -> u32 {
    bit(h, 12, 5) | bits(h, 6, 2, 0)
}

fn decode16(h: u16) -> Insn {
    use Opcode::*;
    let raw = h as u32;
    let mk = |op: Opcode, rd: u8, rs1: u8, rs2: u8, imm: i64| Insn { op, rd, rs1, rs2, imm, ..blank(op, 2, raw) };
    let illegal = blank(Illegal, 2, raw);
    // Full and 3-bit ("prime", x8..x15) register fields.
    let rd_full = ((h >> 7) & 31) as u8;
    let rs2_full = ((h >> 2) & 31) as u8;
    let r_hi = (((h >> 7) & 7) + 8) as u8; // rs1'/rd' in bits 9:7
    let r_lo = (((h >> 2) & 7) + 8) as u8; // rs2'/rd' in bits 4:2
    let f3 = h >> 13;
    match (h & 3, f3) {
        // Quadrant 0
        (0, 0) => {
            // c.addi4spn
            let nzuimm = bits(h, 12, 11, 4) | bits(h, 10, 7, 6) | bit(h, 6, 2) | bit(h, 5, 3);
            if nzuimm == 0 {
                // Reserved; includes the all-zero halfword, which is defined to be illegal.
                return illegal;
            }
            mk(Addi, r_lo, 2, 0, nzuimm as i64)
        }
        (0, 1 | 3 | 5 | 7) => {
            // c.fld, c.ld, c.fsd, c.sd
            let off = (bits(h, 12, 10, 3) | bits(h, 6, 5, 6)) as i64;
            match f3 {
                1 => mk(Fld, r_lo, r_hi, 0, off),
                3 => mk(Ld, r_lo, r_hi, 0, off),
                5 => mk(Fsd, 0, r_hi, r_lo, off),
                _ => mk(Sd, 0, r_hi, r_lo, off),
            }
        }
        (0, 2 | 6) => {
            // c.lw, c.sw
            let off = (bits(h, 12, 10, 3) | bit(h, 6, 2) | bit(h, 5, 6)) as i64;
            if f3 == 2 {
                mk(Lw, r_lo, r_hi, 0, off)
            } else {
                mk(Sw, 0, r_hi, r_lo, off)
            }
        }
        // 100 is reserved in RV64C (Zcb lives there, but it is not part of RV64GC).
        (0, _) => illegal,

        // Quadrant 1
        // c.addi (c.nop for rd = 0)
        (1, 0) => mk(Addi, rd_full, rd_full, 0, sext(ci_imm(h), 6)),
        // c.addiw; rd = 0 is reserved
        (1, 1) if rd_full == 0 => illegal,
        (1, 1) => mk(Addiw, rd_full, rd_full, 0, sext(ci_imm(h), 6)),
        // c.li
        (1, 2) => mk(Addi, rd_full, 0, 0, sext(ci_imm(h), 6)),
        (1, 3) if rd_full == 2 => {
            // c.addi16sp; nzimm = 0 is reserved
            let nzimm = bit(h, 12, 9) | bit(h, 6, 4) | bit(h, 5, 6) | bits(h, 4, 3, 7) | bit(h, 2, 5);
            if nzimm == 0 {
                return illegal;
            }
            mk(Addi, 2, 2, 0, sext(nzimm, 10))
        }
        // c.lui; imm = 0 is reserved
        (1, 3) if ci_imm(h) == 0 => illegal,
        (1, 3) => mk(Lui, rd_full, 0, 0, sext(ci_imm(h), 6) << 12),
        (1, 4) => match (h >> 10) & 3 {
            // c.srli, c.srai (shamt = 0 is the c.srli64/c.srai64 HINT), c.andi
            0 => mk(Srli, r_hi, r_hi, 0, ci_imm(h) as i64),
            1 => mk(Srai, r_hi, r_hi, 0, ci_imm(h) as i64),
            2 => mk(Andi, r_hi, r_hi, 0, sext(ci_imm(h), 6)),
            _ => {
                let op = match ((h >> 12) & 1, (h >> 5) & 3) {
                    (0, 0) => Sub,
                    (0, 1) => Xor,
                    (0, 2) => Or,
                    (0, 3) => And,
                    (1, 0) => Subw,
                    (1, 1) => Addw,
                    // Reserved (RV128's slots).
                    _ => return illegal,
                };
                mk(op, r_hi, r_hi, r_lo, 0)
            }
        },
        (1, 5) => {
            // c.j (c.jal is RV32-only)
            let off = bit(h, 12, 11)
                | bit(h, 11, 4)
                | bits(h, 10, 9, 8)
                | bit(h, 8, 10)
                | bit(h, 7, 6)
                | bit(h, 6, 7)
                | bits(h, 5, 3, 1)
                | bit(h, 2, 5);
            mk(Jal, 0, 0, 0, sext(off, 12))
        }
        (1, _) => {
            // c.beqz, c.bnez
            let off = bit(h, 12, 8) | bits(h, 11, 10, 3) | bits(h, 6, 5, 6) | bits(h, 4, 3, 1) | bit(h, 2, 5);
            mk(if f3 == 6 { Beq } else { Bne }, 0, r_hi, 0, sext(off, 9))
        }

        // Quadrant 2
        // c.slli (rd = 0 or shamt = 0 are HINTs)
        (2, 0) => mk(Slli, rd_full, rd_full, 0, ci_imm(h) as i64),
        (2, 1 | 3) => {
            // c.fldsp, c.ldsp; c.ldsp with rd = 0 is reserved
            let off = (bit(h, 12, 5) | bits(h, 6, 5, 3) | bits(h, 4, 2, 6)) as i64;
            match f3 {
                1 => mk(Fld, rd_full, 2, 0, off),
                _ if rd_full == 0 => illegal,
                _ => mk(Ld, rd_full, 2, 0, off),
            }
        }
        // c.lwsp; rd = 0 is reserved
        (2, 2) if rd_full == 0 => illegal,
        (2, 2) => {
            let off = (bit(h, 12, 5) | bits(h, 6, 4, 2) | bits(h, 3, 2, 6)) as i64;
            mk(Lw, rd_full, 2, 0, off)
        }
        (2, 4) => match ((h >> 12) & 1, rd_full, rs2_full) {
            // c.jr with rs1 = 0 is reserved
            (0, 0, 0) => illegal,
            (0, r, 0) => mk(Jalr, 0, r, 0, 0),
            // c.mv
            (0, r, s) => mk(Add, r, 0, s, 0),
            (_, 0, 0) => blank(Ebreak, 2, raw),
            // c.jalr
            (_, r, 0) => mk(Jalr, 1, r, 0, 0),
            // c.add
            (_, r, s) => mk(Add, r, r, s, 0),
        },
        (2, 5 | 7) => {
            // c.fsdsp, c.sdsp
            let off = (bits(h, 12, 10, 3) | bits(h, 9, 7, 6)) as i64;
            mk(if f3 == 5 { Fsd } else { Sd }, 0, 2, rs2_full, off)
        }
        (2, _) => {
            // c.swsp
            let off = (bits(h, 12, 9, 2) | bits(h, 8, 7, 6)) as i64;
            mk(Sw, 0, 2, rs2_full, off)
        }
        _ => unreachable!("low bits 11 are 32-bit encodings"),
    }
}
