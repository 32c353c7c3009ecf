//! Decoder tests: assembler-produced encodings of every opcode (and every compressed form) with
//! their expected fields, reserved and invalid encodings, and round trips through an encoder
//! written independently of the decoder.

use rivet_isa::Opcode::*;
use rivet_isa::{decode, insn_len, Insn, Opcode};

/// The operand fields of an [`Insn`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct F {
    rd: u8,
    rs1: u8,
    rs2: u8,
    rs3: u8,
    rm: u8,
    imm: i64,
    csr: u16,
}

const F0: F = F { rd: 0, rs1: 0, rs2: 0, rs3: 0, rm: 0, imm: 0, csr: 0 };

fn fields(i: &Insn) -> F {
    F { rd: i.rd, rs1: i.rs1, rs2: i.rs2, rs3: i.rs3, rm: i.rm, imm: i.imm, csr: i.csr }
}

/// Encoded by `riscv64-linux-gnu-as -march=rv64gc` (with `.option norvc`) from the text shown.
/// Registers are a0 = 10, a1 = 11, a2 = 12, a3 = 13 throughout; branch offsets are from `.`.
#[rustfmt::skip]
const FULL: &[(u32, &str, Opcode, F)] = &[
    (0xfffff537, "lui a0,0xfffff", Lui, F { rd: 10, imm: -0x1000, ..F0 }),
    (0x12345537, "lui a0,0x12345", Lui, F { rd: 10, imm: 0x12345000, ..F0 }),
    (0x80000517, "auipc a0,0x80000", Auipc, F { rd: 10, imm: -0x80000000, ..F0 }),
    (0xffdff56f, "jal a0,.-4", Jal, F { rd: 10, imm: -4, ..F0 }),
    (0x7ffff06f, "jal zero,.+0xffffe", Jal, F { rd: 0, imm: 0xffffe, ..F0 }),
    (0x80058567, "jalr a0,-2048(a1)", Jalr, F { rd: 10, rs1: 11, imm: -2048, ..F0 }),
    (0x80b50063, "beq a0,a1,.-4096", Beq, F { rs1: 10, rs2: 11, imm: -0x1000, ..F0 }),
    (0x7eb51fe3, "bne a0,a1,.+4094", Bne, F { rs1: 10, rs2: 11, imm: 4094, ..F0 }),
    (0x00b54463, "blt a0,a1,.+8", Blt, F { rs1: 10, rs2: 11, imm: 8, ..F0 }),
    (0x00b550e3, "bge a0,a1,.+2048", Bge, F { rs1: 10, rs2: 11, imm: 2048, ..F0 }),
    (0xfeb56fe3, "bltu a0,a1,.-2", Bltu, F { rs1: 10, rs2: 11, imm: -2, ..F0 }),
    (0x00b57063, "bgeu a0,a1,.+0", Bgeu, F { rs1: 10, rs2: 11, imm: 0, ..F0 }),
    (0xfff58503, "lb a0,-1(a1)", Lb, F { rd: 10, rs1: 11, imm: -1, ..F0 }),
    (0x7ff59503, "lh a0,2047(a1)", Lh, F { rd: 10, rs1: 11, imm: 2047, ..F0 }),
    (0x8005a503, "lw a0,-2048(a1)", Lw, F { rd: 10, rs1: 11, imm: -2048, ..F0 }),
    (0x0085b503, "ld a0,8(a1)", Ld, F { rd: 10, rs1: 11, imm: 8, ..F0 }),
    (0x0015c503, "lbu a0,1(a1)", Lbu, F { rd: 10, rs1: 11, imm: 1, ..F0 }),
    (0x0025d503, "lhu a0,2(a1)", Lhu, F { rd: 10, rs1: 11, imm: 2, ..F0 }),
    (0x0045e503, "lwu a0,4(a1)", Lwu, F { rd: 10, rs1: 11, imm: 4, ..F0 }),
    (0xfec58fa3, "sb a2,-1(a1)", Sb, F { rs1: 11, rs2: 12, imm: -1, ..F0 }),
    (0x7ec59fa3, "sh a2,2047(a1)", Sh, F { rs1: 11, rs2: 12, imm: 2047, ..F0 }),
    (0x80c5a023, "sw a2,-2048(a1)", Sw, F { rs1: 11, rs2: 12, imm: -2048, ..F0 }),
    (0x02c5b023, "sd a2,32(a1)", Sd, F { rs1: 11, rs2: 12, imm: 32, ..F0 }),
    (0xffb58513, "addi a0,a1,-5", Addi, F { rd: 10, rs1: 11, imm: -5, ..F0 }),
    (0x0055a513, "slti a0,a1,5", Slti, F { rd: 10, rs1: 11, imm: 5, ..F0 }),
    (0xfff5b513, "sltiu a0,a1,-1", Sltiu, F { rd: 10, rs1: 11, imm: -1, ..F0 }),
    (0x7ff5c513, "xori a0,a1,0x7ff", Xori, F { rd: 10, rs1: 11, imm: 2047, ..F0 }),
    (0x8005e513, "ori a0,a1,-2048", Ori, F { rd: 10, rs1: 11, imm: -2048, ..F0 }),
    (0x0035f513, "andi a0,a1,3", Andi, F { rd: 10, rs1: 11, imm: 3, ..F0 }),
    (0x03f59513, "slli a0,a1,63", Slli, F { rd: 10, rs1: 11, imm: 63, ..F0 }),
    (0x0205d513, "srli a0,a1,32", Srli, F { rd: 10, rs1: 11, imm: 32, ..F0 }),
    (0x4015d513, "srai a0,a1,1", Srai, F { rd: 10, rs1: 11, imm: 1, ..F0 }),
    (0x00c58533, "add a0,a1,a2", Add, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x40c58533, "sub a0,a1,a2", Sub, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x00c59533, "sll a0,a1,a2", Sll, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x00c5a533, "slt a0,a1,a2", Slt, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x00c5b533, "sltu a0,a1,a2", Sltu, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x00c5c533, "xor a0,a1,a2", Xor, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x00c5d533, "srl a0,a1,a2", Srl, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x40c5d533, "sra a0,a1,a2", Sra, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x00c5e533, "or a0,a1,a2", Or, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x00c5f533, "and a0,a1,a2", And, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0xfff5851b, "addiw a0,a1,-1", Addiw, F { rd: 10, rs1: 11, imm: -1, ..F0 }),
    (0x01f5951b, "slliw a0,a1,31", Slliw, F { rd: 10, rs1: 11, imm: 31, ..F0 }),
    (0x0075d51b, "srliw a0,a1,7", Srliw, F { rd: 10, rs1: 11, imm: 7, ..F0 }),
    (0x4005d51b, "sraiw a0,a1,0", Sraiw, F { rd: 10, rs1: 11, imm: 0, ..F0 }),
    (0x00c5853b, "addw a0,a1,a2", Addw, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x40c5853b, "subw a0,a1,a2", Subw, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x00c5953b, "sllw a0,a1,a2", Sllw, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x00c5d53b, "srlw a0,a1,a2", Srlw, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x40c5d53b, "sraw a0,a1,a2", Sraw, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x0310000f, "fence rw,w", Fence, F { rm: 49, ..F0 }),
    (0x0ff0000f, "fence", Fence, F { rm: 255, ..F0 }),
    (0x8330000f, "fence.tso", FenceTso, F { rm: 51, ..F0 }),
    (0x0100000f, ".insn i 0x0f, 0, x0, x0, 0x010", Pause, F { rm: 16, ..F0 }),
    (0x00000073, "ecall", Ecall, F0),
    (0x00100073, "ebreak", Ebreak, F0),
    (0x0000100f, "fence.i", FenceI, F0),
    (0x30059573, "csrrw a0,mstatus,a1", Csrrw, F { rd: 10, rs1: 11, csr: 0x300, ..F0 }),
    (0xfff5a573, "csrrs a0,0xfff,a1", Csrrs, F { rd: 10, rs1: 11, csr: 0xfff, ..F0 }),
    (0x1805b573, "csrrc a0,satp,a1", Csrrc, F { rd: 10, rs1: 11, csr: 0x180, ..F0 }),
    (0x001fd573, "csrrwi a0,fflags,31", Csrrwi, F { rd: 10, rs1: 31, imm: 31, csr: 0x1, ..F0 }),
    (0x0020e573, "csrrsi a0,frm,1", Csrrsi, F { rd: 10, rs1: 1, imm: 1, csr: 0x2, ..F0 }),
    (0x00387573, "csrrci a0,fcsr,16", Csrrci, F { rd: 10, rs1: 16, imm: 16, csr: 0x3, ..F0 }),
    (0x02c58533, "mul a0,a1,a2", Mul, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x02c59533, "mulh a0,a1,a2", Mulh, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x02c5a533, "mulhsu a0,a1,a2", Mulhsu, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x02c5b533, "mulhu a0,a1,a2", Mulhu, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x02c5c533, "div a0,a1,a2", Div, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x02c5d533, "divu a0,a1,a2", Divu, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x02c5e533, "rem a0,a1,a2", Rem, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x02c5f533, "remu a0,a1,a2", Remu, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x02c5853b, "mulw a0,a1,a2", Mulw, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x02c5c53b, "divw a0,a1,a2", Divw, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x02c5d53b, "divuw a0,a1,a2", Divuw, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x02c5e53b, "remw a0,a1,a2", Remw, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x02c5f53b, "remuw a0,a1,a2", Remuw, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x1005a52f, "lr.w a0,(a1)", LrW, F { rd: 10, rs1: 11, ..F0 }),
    (0x1cc5a52f, "sc.w.aq a0,a2,(a1)", ScW, F { rd: 10, rs1: 11, rs2: 12, rm: 2, ..F0 }),
    (0x0ac5a52f, "amoswap.w.rl a0,a2,(a1)", AmoswapW, F { rd: 10, rs1: 11, rs2: 12, rm: 1, ..F0 }),
    (0x06c5a52f, "amoadd.w.aqrl a0,a2,(a1)", AmoaddW, F { rd: 10, rs1: 11, rs2: 12, rm: 3, ..F0 }),
    (0x20c5a52f, "amoxor.w a0,a2,(a1)", AmoxorW, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x60c5a52f, "amoand.w a0,a2,(a1)", AmoandW, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x40c5a52f, "amoor.w a0,a2,(a1)", AmoorW, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x80c5a52f, "amomin.w a0,a2,(a1)", AmominW, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0xa0c5a52f, "amomax.w a0,a2,(a1)", AmomaxW, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0xc0c5a52f, "amominu.w a0,a2,(a1)", AmominuW, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0xe0c5a52f, "amomaxu.w a0,a2,(a1)", AmomaxuW, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x1605b52f, "lr.d.aqrl a0,(a1)", LrD, F { rd: 10, rs1: 11, rm: 3, ..F0 }),
    (0x18c5b52f, "sc.d a0,a2,(a1)", ScD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x08c5b52f, "amoswap.d a0,a2,(a1)", AmoswapD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x00c5b52f, "amoadd.d a0,a2,(a1)", AmoaddD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x20c5b52f, "amoxor.d a0,a2,(a1)", AmoxorD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x60c5b52f, "amoand.d a0,a2,(a1)", AmoandD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x40c5b52f, "amoor.d a0,a2,(a1)", AmoorD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x80c5b52f, "amomin.d a0,a2,(a1)", AmominD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0xa4c5b52f, "amomax.d.aq a0,a2,(a1)", AmomaxD, F { rd: 10, rs1: 11, rs2: 12, rm: 2, ..F0 }),
    (0xc0c5b52f, "amominu.d a0,a2,(a1)", AmominuD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0xe0c5b52f, "amomaxu.d a0,a2,(a1)", AmomaxuD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0xffc5a507, "flw fa0,-4(a1)", Flw, F { rd: 10, rs1: 11, imm: -4, ..F0 }),
    (0x00c5a627, "fsw fa2,12(a1)", Fsw, F { rs1: 11, rs2: 12, imm: 12, ..F0 }),
    (0x68c58543, "fmadd.s fa0,fa1,fa2,fa3,rne", FmaddS, F { rd: 10, rs1: 11, rs2: 12, rs3: 13, rm: 0, ..F0 }),
    (0x68c5f547, "fmsub.s fa0,fa1,fa2,fa3", FmsubS, F { rd: 10, rs1: 11, rs2: 12, rs3: 13, rm: 7, ..F0 }),
    (0x68c5954b, "fnmsub.s fa0,fa1,fa2,fa3,rtz", FnmsubS, F { rd: 10, rs1: 11, rs2: 12, rs3: 13, rm: 1, ..F0 }),
    (0x68c5a54f, "fnmadd.s fa0,fa1,fa2,fa3,rdn", FnmaddS, F { rd: 10, rs1: 11, rs2: 12, rs3: 13, rm: 2, ..F0 }),
    (0x00c5b553, "fadd.s fa0,fa1,fa2,rup", FaddS, F { rd: 10, rs1: 11, rs2: 12, rm: 3, ..F0 }),
    (0x08c5c553, "fsub.s fa0,fa1,fa2,rmm", FsubS, F { rd: 10, rs1: 11, rs2: 12, rm: 4, ..F0 }),
    (0x10c5f553, "fmul.s fa0,fa1,fa2", FmulS, F { rd: 10, rs1: 11, rs2: 12, rm: 7, ..F0 }),
    (0x18c5f553, "fdiv.s fa0,fa1,fa2", FdivS, F { rd: 10, rs1: 11, rs2: 12, rm: 7, ..F0 }),
    (0x5805f553, "fsqrt.s fa0,fa1", FsqrtS, F { rd: 10, rs1: 11, rm: 7, ..F0 }),
    (0x20c58553, "fsgnj.s fa0,fa1,fa2", FsgnjS, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x20c59553, "fsgnjn.s fa0,fa1,fa2", FsgnjnS, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x20c5a553, "fsgnjx.s fa0,fa1,fa2", FsgnjxS, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x28c58553, "fmin.s fa0,fa1,fa2", FminS, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x28c59553, "fmax.s fa0,fa1,fa2", FmaxS, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0xc0059553, "fcvt.w.s a0,fa1,rtz", FcvtWS, F { rd: 10, rs1: 11, rm: 1, ..F0 }),
    (0xc015f553, "fcvt.wu.s a0,fa1", FcvtWuS, F { rd: 10, rs1: 11, rm: 7, ..F0 }),
    (0xc025f553, "fcvt.l.s a0,fa1", FcvtLS, F { rd: 10, rs1: 11, rm: 7, ..F0 }),
    (0xc035f553, "fcvt.lu.s a0,fa1", FcvtLuS, F { rd: 10, rs1: 11, rm: 7, ..F0 }),
    (0xe0058553, "fmv.x.w a0,fa1", FmvXW, F { rd: 10, rs1: 11, ..F0 }),
    (0xe0059553, "fclass.s a0,fa1", FclassS, F { rd: 10, rs1: 11, ..F0 }),
    (0xa0c5a553, "feq.s a0,fa1,fa2", FeqS, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0xa0c59553, "flt.s a0,fa1,fa2", FltS, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0xa0c58553, "fle.s a0,fa1,fa2", FleS, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0xd005f553, "fcvt.s.w fa0,a1", FcvtSW, F { rd: 10, rs1: 11, rm: 7, ..F0 }),
    (0xd015f553, "fcvt.s.wu fa0,a1", FcvtSWu, F { rd: 10, rs1: 11, rm: 7, ..F0 }),
    (0xd025f553, "fcvt.s.l fa0,a1", FcvtSL, F { rd: 10, rs1: 11, rm: 7, ..F0 }),
    (0xd0358553, "fcvt.s.lu fa0,a1,rne", FcvtSLu, F { rd: 10, rs1: 11, rm: 0, ..F0 }),
    (0xf0058553, "fmv.w.x fa0,a1", FmvWX, F { rd: 10, rs1: 11, ..F0 }),
    (0xff85b507, "fld fa0,-8(a1)", Fld, F { rd: 10, rs1: 11, imm: -8, ..F0 }),
    (0x7ec5bc27, "fsd fa2,2040(a1)", Fsd, F { rs1: 11, rs2: 12, imm: 2040, ..F0 }),
    (0x6ac5f543, "fmadd.d fa0,fa1,fa2,fa3", FmaddD, F { rd: 10, rs1: 11, rs2: 12, rs3: 13, rm: 7, ..F0 }),
    (0x6ac5f547, "fmsub.d fa0,fa1,fa2,fa3", FmsubD, F { rd: 10, rs1: 11, rs2: 12, rs3: 13, rm: 7, ..F0 }),
    (0x6ac5f54b, "fnmsub.d fa0,fa1,fa2,fa3", FnmsubD, F { rd: 10, rs1: 11, rs2: 12, rs3: 13, rm: 7, ..F0 }),
    (0x6ac5f54f, "fnmadd.d fa0,fa1,fa2,fa3", FnmaddD, F { rd: 10, rs1: 11, rs2: 12, rs3: 13, rm: 7, ..F0 }),
    (0x02c5f553, "fadd.d fa0,fa1,fa2", FaddD, F { rd: 10, rs1: 11, rs2: 12, rm: 7, ..F0 }),
    (0x0ac5f553, "fsub.d fa0,fa1,fa2", FsubD, F { rd: 10, rs1: 11, rs2: 12, rm: 7, ..F0 }),
    (0x12c5f553, "fmul.d fa0,fa1,fa2", FmulD, F { rd: 10, rs1: 11, rs2: 12, rm: 7, ..F0 }),
    (0x1ac5f553, "fdiv.d fa0,fa1,fa2", FdivD, F { rd: 10, rs1: 11, rs2: 12, rm: 7, ..F0 }),
    (0x5a05f553, "fsqrt.d fa0,fa1", FsqrtD, F { rd: 10, rs1: 11, rm: 7, ..F0 }),
    (0x22c58553, "fsgnj.d fa0,fa1,fa2", FsgnjD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x22c59553, "fsgnjn.d fa0,fa1,fa2", FsgnjnD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x22c5a553, "fsgnjx.d fa0,fa1,fa2", FsgnjxD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x2ac58553, "fmin.d fa0,fa1,fa2", FminD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x2ac59553, "fmax.d fa0,fa1,fa2", FmaxD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0x4015f553, "fcvt.s.d fa0,fa1", FcvtSD, F { rd: 10, rs1: 11, rm: 7, ..F0 }),
    (0x42058553, "fcvt.d.s fa0,fa1", FcvtDS, F { rd: 10, rs1: 11, rm: 0, ..F0 }),
    (0xa2c5a553, "feq.d a0,fa1,fa2", FeqD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0xa2c59553, "flt.d a0,fa1,fa2", FltD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0xa2c58553, "fle.d a0,fa1,fa2", FleD, F { rd: 10, rs1: 11, rs2: 12, ..F0 }),
    (0xe2059553, "fclass.d a0,fa1", FclassD, F { rd: 10, rs1: 11, ..F0 }),
    (0xc205f553, "fcvt.w.d a0,fa1", FcvtWD, F { rd: 10, rs1: 11, rm: 7, ..F0 }),
    (0xc215f553, "fcvt.wu.d a0,fa1", FcvtWuD, F { rd: 10, rs1: 11, rm: 7, ..F0 }),
    (0xc225f553, "fcvt.l.d a0,fa1", FcvtLD, F { rd: 10, rs1: 11, rm: 7, ..F0 }),
    (0xc235c553, "fcvt.lu.d a0,fa1,rmm", FcvtLuD, F { rd: 10, rs1: 11, rm: 4, ..F0 }),
    (0xe2058553, "fmv.x.d a0,fa1", FmvXD, F { rd: 10, rs1: 11, ..F0 }),
    (0xd2058553, "fcvt.d.w fa0,a1", FcvtDW, F { rd: 10, rs1: 11, rm: 0, ..F0 }),
    (0xd2158553, "fcvt.d.wu fa0,a1", FcvtDWu, F { rd: 10, rs1: 11, rm: 0, ..F0 }),
    (0xd225f553, "fcvt.d.l fa0,a1", FcvtDL, F { rd: 10, rs1: 11, rm: 7, ..F0 }),
    (0xd235f553, "fcvt.d.lu fa0,a1", FcvtDLu, F { rd: 10, rs1: 11, rm: 7, ..F0 }),
    (0xf2058553, "fmv.d.x fa0,a1", FmvDX, F { rd: 10, rs1: 11, ..F0 }),
    (0x30200073, "mret", Mret, F0),
    (0x10200073, "sret", Sret, F0),
    (0x10500073, "wfi", Wfi, F0),
    (0x12c58073, "sfence.vma a1,a2", SfenceVma, F { rs1: 11, rs2: 12, ..F0 }),
];

/// Encoded by `riscv64-linux-gnu-as -march=rv64gc` from the text shown, with the fields of the
/// 32-bit expansion.
#[rustfmt::skip]
const COMPRESSED: &[(u32, &str, Opcode, F)] = &[
    (0x1fe8, "c.addi4spn a0,sp,1020", Addi, F { rd: 10, rs1: 2, imm: 1020, ..F0 }),
    (0x3de8, "c.fld fa0,248(a1)", Fld, F { rd: 10, rs1: 11, imm: 248, ..F0 }),
    (0x5de8, "c.lw a0,124(a1)", Lw, F { rd: 10, rs1: 11, imm: 124, ..F0 }),
    (0x6588, "c.ld a0,8(a1)", Ld, F { rd: 10, rs1: 11, imm: 8, ..F0 }),
    (0xa990, "c.fsd fa2,16(a1)", Fsd, F { rs2: 12, rs1: 11, imm: 16, ..F0 }),
    (0xc1b0, "c.sw a2,64(a1)", Sw, F { rs2: 12, rs1: 11, imm: 64, ..F0 }),
    (0xfdf0, "c.sd a2,248(a1)", Sd, F { rs2: 12, rs1: 11, imm: 248, ..F0 }),
    (0x0001, "c.nop", Addi, F0),
    (0x1501, "c.addi a0,-32", Addi, F { rd: 10, rs1: 10, imm: -32, ..F0 }),
    (0x257d, "c.addiw a0,31", Addiw, F { rd: 10, rs1: 10, imm: 31, ..F0 }),
    (0x557d, "c.li a0,-1", Addi, F { rd: 10, imm: -1, ..F0 }),
    (0x7101, "c.addi16sp sp,-512", Addi, F { rd: 2, rs1: 2, imm: -512, ..F0 }),
    (0x617d, "c.addi16sp sp,496", Addi, F { rd: 2, rs1: 2, imm: 496, ..F0 }),
    (0x7501, "c.lui a0,0xfffe0", Lui, F { rd: 10, imm: -0x20000, ..F0 }),
    (0x657d, "c.lui a0,0x1f", Lui, F { rd: 10, imm: 0x1f000, ..F0 }),
    (0x917d, "c.srli a0,63", Srli, F { rd: 10, rs1: 10, imm: 63, ..F0 }),
    (0x9501, "c.srai a0,32", Srai, F { rd: 10, rs1: 10, imm: 32, ..F0 }),
    (0x9975, "c.andi a0,-3", Andi, F { rd: 10, rs1: 10, imm: -3, ..F0 }),
    (0x8d0d, "c.sub a0,a1", Sub, F { rd: 10, rs1: 10, rs2: 11, ..F0 }),
    (0x8d2d, "c.xor a0,a1", Xor, F { rd: 10, rs1: 10, rs2: 11, ..F0 }),
    (0x8d4d, "c.or a0,a1", Or, F { rd: 10, rs1: 10, rs2: 11, ..F0 }),
    (0x8d6d, "c.and a0,a1", And, F { rd: 10, rs1: 10, rs2: 11, ..F0 }),
    (0x9d0d, "c.subw a0,a1", Subw, F { rd: 10, rs1: 10, rs2: 11, ..F0 }),
    (0x9d2d, "c.addw a0,a1", Addw, F { rd: 10, rs1: 10, rs2: 11, ..F0 }),
    (0xb001, "c.j .-2048", Jal, F { imm: -2048, ..F0 }),
    (0xaffd, "c.j .+2046", Jal, F { imm: 2046, ..F0 }),
    (0xd101, "c.beqz a0,.-256", Beq, F { rs1: 10, imm: -256, ..F0 }),
    (0xed7d, "c.bnez a0,.+254", Bne, F { rs1: 10, imm: 254, ..F0 }),
    (0x0506, "c.slli a0,1", Slli, F { rd: 10, rs1: 10, imm: 1, ..F0 }),
    (0x357e, "c.fldsp fa0,504(sp)", Fld, F { rd: 10, rs1: 2, imm: 504, ..F0 }),
    (0x557e, "c.lwsp a0,252(sp)", Lw, F { rd: 10, rs1: 2, imm: 252, ..F0 }),
    (0x757e, "c.ldsp a0,504(sp)", Ld, F { rd: 10, rs1: 2, imm: 504, ..F0 }),
    (0x8502, "c.jr a0", Jalr, F { rs1: 10, ..F0 }),
    (0x852e, "c.mv a0,a1", Add, F { rd: 10, rs2: 11, ..F0 }),
    (0x9002, "c.ebreak", Ebreak, F0),
    (0x9502, "c.jalr a0", Jalr, F { rd: 1, rs1: 10, ..F0 }),
    (0x952e, "c.add a0,a1", Add, F { rd: 10, rs1: 10, rs2: 11, ..F0 }),
    (0xbfb2, "c.fsdsp fa2,504(sp)", Fsd, F { rs2: 12, rs1: 2, imm: 504, ..F0 }),
    (0xdfb2, "c.swsp a2,252(sp)", Sw, F { rs2: 12, rs1: 2, imm: 252, ..F0 }),
    (0xffb2, "c.sdsp a2,504(sp)", Sd, F { rs2: 12, rs1: 2, imm: 504, ..F0 }),
];

#[test]
fn every_opcode() {
    for &(w, text, op, f) in FULL {
        let i = decode(w);
        assert_eq!((i.op, fields(&i)), (op, f), "{text} ({w:#010x})");
        assert_eq!((i.len, i.raw), (4, w), "{text}");
    }
    for &op in Opcode::ALL {
        assert!(op == Illegal || FULL.iter().any(|r| r.2 == op), "{op:?} has no test encoding");
    }
}

#[test]
fn compressed_forms() {
    for &(h, text, op, f) in COMPRESSED {
        let i = decode(h);
        assert_eq!((i.op, fields(&i)), (op, f), "{text} ({h:#06x})");
        assert_eq!((i.len, i.raw), (2, h), "{text}");
        // Bits above a compressed instruction are ignored.
        let j = decode(0xabcd_0000 | h);
        assert_eq!((j.op, fields(&j), j.len, j.raw), (op, f, 2, h), "{text} with high bits");
    }
}

#[test]
fn lengths() {
    assert_eq!(insn_len(0x0001), 2);
    assert_eq!(insn_len(0x0002), 2);
    assert_eq!(insn_len(0x0000), 2);
    assert_eq!(insn_len(0x0013), 4);
    assert_eq!(insn_len(0xffff), 4);
}

/// CI-format halfword: quadrant, funct3, bit 12, rd (bits 11:7), bits 6:2.
fn ci(quadrant: u32, funct3: u32, b12: u32, rd: u32, low: u32) -> u32 {
    funct3 << 13 | b12 << 12 | rd << 7 | low << 2 | quadrant
}

#[test]
fn reserved_compressed() {
    let cases: &[(u32, &str)] = &[
        (0x0000, "all-zero halfword"),
        (ci(0, 0, 0, 0, 0b00011), "c.addi4spn nzuimm=0, rd'=a1"),
        (0x8000, "quadrant 0 funct3=100"),
        (0x9ffc, "quadrant 0 funct3=100, other bits"),
        (ci(1, 1, 0, 0, 5), "c.addiw rd=0"),
        (ci(1, 3, 0, 10, 0), "c.lui imm=0"),
        (ci(1, 3, 0, 0, 0), "c.lui rd=0 imm=0"),
        (ci(1, 3, 0, 2, 0), "c.addi16sp nzimm=0"),
        (0x9c41, "c.subw/c.addw space, funct2=10"),
        (0x9c61, "c.subw/c.addw space, funct2=11"),
        (ci(2, 2, 0, 0, 4), "c.lwsp rd=0"),
        (ci(2, 3, 1, 0, 4), "c.ldsp rd=0"),
        (0x8002, "c.jr rs1=0"),
    ];
    for &(h, what) in cases {
        let i = decode(h);
        assert_eq!((i.op, i.len, i.raw), (Illegal, 2, h), "{what} ({h:#06x})");
    }
    // HINTs are valid instructions.
    let hints: &[(u32, Opcode, &str)] = &[
        (0x0005, Addi, "c.nop 1"),
        (ci(1, 0, 0, 10, 0), Addi, "c.addi a0,0"),
        (ci(1, 2, 0, 0, 3), Addi, "c.li zero,3"),
        (ci(1, 3, 0, 0, 1), Lui, "c.lui zero,1"),
        (ci(2, 0, 0, 10, 0), Slli, "c.slli64 a0"),
        (ci(2, 0, 0, 0, 3), Slli, "c.slli zero,3"),
        (0x8001, Srli, "c.srli64 s0"),
        (0x8401, Srai, "c.srai64 s0"),
        (0x8006, Add, "c.mv zero,ra"),
        (0x9006, Add, "c.add zero,ra"),
        (ci(1, 1, 0, 10, 0), Addiw, "c.addiw a0,0 (sext.w)"),
    ];
    for &(h, op, what) in hints {
        assert_eq!(decode(h).op, op, "{what} ({h:#06x})");
    }
}

#[test]
fn invalid_full() {
    let cases: &[(u32, &str)] = &[
        (0x0205151b, "slliw with shamt[5]"),
        (0x0205551b, "srliw with shamt[5]"),
        (0x4205551b, "sraiw with shamt[5]"),
        (0x2005951b, "slliw funct7=0x10"),
        (0x8005d513, "srai with funct6=0x20"),
        (0x0805d513, "srli with funct6=0x02"),
        (0x0805151b & !0x0800_0000 | 0x4000_0000, "slliw funct7=0x20"),
        (0x40c5a533, "slt funct7=0x20"),
        (0x02c5853b | 1 << 12, "mulw space funct3=1"),
        (0x40c5953b, "sllw funct7=0x20"),
        (0x0000_0067 | 1 << 12, "jalr funct3=1"),
        (0x0000_0063 | 2 << 12, "branch funct3=2"),
        (0x0000_0003 | 7 << 12, "load funct3=7"),
        (0x0000_0023 | 4 << 12, "store funct3=4"),
        (0x0000_000f | 2 << 12, "misc-mem funct3=2"),
        (0x0000_0073 | 4 << 12, "system funct3=4"),
        (0x00200073, "uret"),
        (0x7b200073, "dret"),
        (0x10400073, "sfence.vm (priv 1.9)"),
        (0x12000573, "sfence.vma with rd"),
        (0x10100073, "sret-like with rs2=1"),
        (0x00000173, "ecall with rd"),
        (0x1005a52f | 1 << 20, "lr.w with rs2"),
        (0x0005852f, "amo with funct3=0"),
        (0x2805a52f, "amo funct5=0x05"),
        (0x00059507, "flh (funct3=1)"),
        (0x0005c507, "flq (funct3=4)"),
        (0x00c59527, "fsh"),
        (0x04c58553, "fadd.h (fmt=2)"),
        (0x06c58553, "fadd.q (fmt=3)"),
        (0x6cc58543, "fmadd with fmt=2"),
        (0x6ec58543, "fmadd with fmt=3"),
        (0x20c5b553, "fsgnj.s funct3=3"),
        (0x28c5a553, "fmin.s funct3=2"),
        (0xa0c5b553, "fcmp funct3=3"),
        (0x5805f553 | 1 << 20, "fsqrt.s with rs2=1"),
        (0x40058553, "fcvt.s.s (rs2=0)"),
        (0x40258553, "fcvt.s.h (rs2=2)"),
        (0x42158553, "fcvt.d.d (rs2=1)"),
        (0xc0458553, "fcvt.w.s with rs2=4"),
        (0xd0558553, "fcvt.s.w with rs2=5"),
        (0xe0158553, "fmv.x.w with rs2=1"),
        (0xe005a553, "fmv.x.w funct3=2"),
        (0xf0059553, "fmv.w.x funct3=1"),
        (0xe4058553, "fmv.x.h"),
        (0x0000_001f, "48-bit encoding"),
        (0x0000_003f, "64-bit encoding"),
        (0x0000_007f, "80-bit+ encoding"),
        (0x0000_000b, "custom-0"),
        (0x0000_0057, "OP-V"),
        (0xffff_ffff, "all ones"),
    ];
    for &(w, what) in cases {
        let i = decode(w);
        assert_eq!((i.op, i.len, i.raw), (Illegal, 4, w), "{what} ({w:#010x}) gave {:?}", i.op);
    }
}

#[test]
fn reserved_rounding_modes_decode() {
    // rm = 5 and 6 are reserved, but only execution can tell (like rm = 7 with a bad frm).
    for rm in [5u8, 6] {
        let i = decode(0x00c58553 | (rm as u32) << 12);
        assert_eq!((i.op, i.rm), (FaddS, rm));
        let i = decode(0xc2058553 | (rm as u32) << 12);
        assert_eq!((i.op, i.rm), (FcvtWD, rm));
        let i = decode(0x6ac58543 | (rm as u32) << 12);
        assert_eq!((i.op, i.rm), (FmaddD, rm));
    }
    // The exact conversions are valid with any rm.
    for rm in 0..8u32 {
        assert_eq!(decode(0xd2058553 | rm << 12).op, FcvtDW);
        assert_eq!(decode(0x42058553 | rm << 12).op, FcvtDS);
    }
}

#[test]
fn fences_ignore_reserved_fields() {
    let plain = |w: u32| {
        let i = decode(w);
        (i.op, i.rm, i.rd, i.rs1)
    };
    assert_eq!(plain(0x0ff0000f), (Fence, 0xff, 0, 0));
    assert_eq!(plain(0x0ff5050f), (Fence, 0xff, 0, 0), "rd and rs1 set");
    assert_eq!(plain(0x4330000f), (Fence, 0x33, 0, 0), "unknown fm");
    assert_eq!(plain(0x8320000f), (Fence, 0x32, 0, 0), "fm=1000 but not rw,rw");
    assert_eq!(plain(0x8330000f), (FenceTso, 0x33, 0, 0));
    assert_eq!(plain(0x8335050f), (FenceTso, 0x33, 0, 0), "fence.tso with rd, rs1");
    assert_eq!(plain(0x0100000f), (Pause, 0x10, 0, 0));
    assert_eq!(plain(0x0100050f), (Fence, 0x10, 0, 0), "pause-like with rd is a plain fence");
    assert_eq!(plain(0x0000000f), (Fence, 0x00, 0, 0));
    assert_eq!(plain(0x0000100f), (FenceI, 0, 0, 0));
    assert_eq!(plain(0xfff5150f), (FenceI, 0, 0, 0), "fence.i with imm, rs1, rd");
}

/// An encoder written from the spec's tables, independent of the decoder.
fn encode(i: &Insn) -> u32 {
    let (rd, rs1, rs2, rs3) = (i.rd as u32, i.rs1 as u32, i.rs2 as u32, i.rs3 as u32);
    let (rm, imm, csr) = (i.rm as u32, i.imm as u32, i.csr as u32);
    let r = |f7: u32, f3: u32, op: u32| f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
    let fp = |f7: u32| r(f7, rm, 0x53);
    let fp1 = |f7: u32, sel: u32, f3: u32| f7 << 25 | sel << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x53;
    let it = |f3: u32, op: u32| (imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
    let st = |f3: u32, op: u32| (imm >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 31) << 7 | op;
    let bt = |f3: u32| {
        (imm >> 12 & 1) << 31
            | (imm >> 5 & 0x3f) << 25
            | rs2 << 20
            | rs1 << 15
            | f3 << 12
            | (imm >> 1 & 0xf) << 8
            | (imm >> 11 & 1) << 7
            | 0x63
    };
    let amo = |f5: u32, f3: u32| f5 << 27 | rm << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x2f;
    let fma = |op: u32, fmt: u32| rs3 << 27 | fmt << 25 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7 | op;
    let sys = |f3: u32| csr << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x73;
    match i.op {
        Illegal => panic!("no encoding"),
        Lui => imm & 0xffff_f000 | rd << 7 | 0x37,
        Auipc => imm & 0xffff_f000 | rd << 7 | 0x17,
        Jal => {
            (imm >> 20 & 1) << 31
                | (imm >> 1 & 0x3ff) << 21
                | (imm >> 11 & 1) << 20
                | (imm >> 12 & 0xff) << 12
                | rd << 7
                | 0x6f
        }
        Jalr => it(0, 0x67),
        Beq => bt(0),
        Bne => bt(1),
        Blt => bt(4),
        Bge => bt(5),
        Bltu => bt(6),
        Bgeu => bt(7),
        Lb => it(0, 0x03),
        Lh => it(1, 0x03),
        Lw => it(2, 0x03),
        Ld => it(3, 0x03),
        Lbu => it(4, 0x03),
        Lhu => it(5, 0x03),
        Lwu => it(6, 0x03),
        Sb => st(0, 0x23),
        Sh => st(1, 0x23),
        Sw => st(2, 0x23),
        Sd => st(3, 0x23),
        Addi => it(0, 0x13),
        Slti => it(2, 0x13),
        Sltiu => it(3, 0x13),
        Xori => it(4, 0x13),
        Ori => it(6, 0x13),
        Andi => it(7, 0x13),
        Slli => it(1, 0x13),
        Srli => it(5, 0x13),
        Srai => it(5, 0x13) | 0x4000_0000,
        Add => r(0, 0, 0x33),
        Sub => r(0x20, 0, 0x33),
        Sll => r(0, 1, 0x33),
        Slt => r(0, 2, 0x33),
        Sltu => r(0, 3, 0x33),
        Xor => r(0, 4, 0x33),
        Srl => r(0, 5, 0x33),
        Sra => r(0x20, 5, 0x33),
        Or => r(0, 6, 0x33),
        And => r(0, 7, 0x33),
        Addiw => it(0, 0x1b),
        Slliw => it(1, 0x1b),
        Srliw => it(5, 0x1b),
        Sraiw => it(5, 0x1b) | 0x4000_0000,
        Addw => r(0, 0, 0x3b),
        Subw => r(0x20, 0, 0x3b),
        Sllw => r(0, 1, 0x3b),
        Srlw => r(0, 5, 0x3b),
        Sraw => r(0x20, 5, 0x3b),
        Fence => rm << 20 | 0x0f,
        FenceTso => 0x8000_0000 | rm << 20 | 0x0f,
        Pause => 0x0100_000f,
        FenceI => 0x0000_100f,
        Ecall => 0x0000_0073,
        Ebreak => 0x0010_0073,
        Sret => 0x1020_0073,
        Mret => 0x3020_0073,
        Wfi => 0x1050_0073,
        SfenceVma => r(0x09, 0, 0x73),
        Csrrw => sys(1),
        Csrrs => sys(2),
        Csrrc => sys(3),
        Csrrwi => sys(5),
        Csrrsi => sys(6),
        Csrrci => sys(7),
        Mul => r(1, 0, 0x33),
        Mulh => r(1, 1, 0x33),
        Mulhsu => r(1, 2, 0x33),
        Mulhu => r(1, 3, 0x33),
        Div => r(1, 4, 0x33),
        Divu => r(1, 5, 0x33),
        Rem => r(1, 6, 0x33),
        Remu => r(1, 7, 0x33),
        Mulw => r(1, 0, 0x3b),
        Divw => r(1, 4, 0x3b),
        Divuw => r(1, 5, 0x3b),
        Remw => r(1, 6, 0x3b),
        Remuw => r(1, 7, 0x3b),
        LrW => amo(0x02, 2),
        ScW => amo(0x03, 2),
        AmoswapW => amo(0x01, 2),
        AmoaddW => amo(0x00, 2),
        AmoxorW => amo(0x04, 2),
        AmoandW => amo(0x0c, 2),
        AmoorW => amo(0x08, 2),
        AmominW => amo(0x10, 2),
        AmomaxW => amo(0x14, 2),
        AmominuW => amo(0x18, 2),
        AmomaxuW => amo(0x1c, 2),
        LrD => amo(0x02, 3),
        ScD => amo(0x03, 3),
        AmoswapD => amo(0x01, 3),
        AmoaddD => amo(0x00, 3),
        AmoxorD => amo(0x04, 3),
        AmoandD => amo(0x0c, 3),
        AmoorD => amo(0x08, 3),
        AmominD => amo(0x10, 3),
        AmomaxD => amo(0x14, 3),
        AmominuD => amo(0x18, 3),
        AmomaxuD => amo(0x1c, 3),
        Flw => it(2, 0x07),
        Fld => it(3, 0x07),
        Fsw => st(2, 0x27),
        Fsd => st(3, 0x27),
        FmaddS => fma(0x43, 0),
        FmsubS => fma(0x47, 0),
        FnmsubS => fma(0x4b, 0),
        FnmaddS => fma(0x4f, 0),
        FmaddD => fma(0x43, 1),
        FmsubD => fma(0x47, 1),
        FnmsubD => fma(0x4b, 1),
        FnmaddD => fma(0x4f, 1),
        FaddS => fp(0x00),
        FaddD => fp(0x01),
        FsubS => fp(0x04),
        FsubD => fp(0x05),
        FmulS => fp(0x08),
        FmulD => fp(0x09),
        FdivS => fp(0x0c),
        FdivD => fp(0x0d),
        FsqrtS => fp1(0x2c, 0, rm),
        FsqrtD => fp1(0x2d, 0, rm),
        FsgnjS => r(0x10, 0, 0x53),
        FsgnjnS => r(0x10, 1, 0x53),
        FsgnjxS => r(0x10, 2, 0x53),
        FsgnjD => r(0x11, 0, 0x53),
        FsgnjnD => r(0x11, 1, 0x53),
        FsgnjxD => r(0x11, 2, 0x53),
        FminS => r(0x14, 0, 0x53),
        FmaxS => r(0x14, 1, 0x53),
        FminD => r(0x15, 0, 0x53),
        FmaxD => r(0x15, 1, 0x53),
        FcvtSD => fp1(0x20, 1, rm),
        FcvtDS => fp1(0x21, 0, rm),
        FleS => r(0x50, 0, 0x53),
        FltS => r(0x50, 1, 0x53),
        FeqS => r(0x50, 2, 0x53),
        FleD => r(0x51, 0, 0x53),
        FltD => r(0x51, 1, 0x53),
        FeqD => r(0x51, 2, 0x53),
        FcvtWS => fp1(0x60, 0, rm),
        FcvtWuS => fp1(0x60, 1, rm),
        FcvtLS => fp1(0x60, 2, rm),
        FcvtLuS => fp1(0x60, 3, rm),
        FcvtWD => fp1(0x61, 0, rm),
        FcvtWuD => fp1(0x61, 1, rm),
        FcvtLD => fp1(0x61, 2, rm),
        FcvtLuD => fp1(0x61, 3, rm),
        FcvtSW => fp1(0x68, 0, rm),
        FcvtSWu => fp1(0x68, 1, rm),
        FcvtSL => fp1(0x68, 2, rm),
        FcvtSLu => fp1(0x68, 3, rm),
        FcvtDW => fp1(0x69, 0, rm),
        FcvtDWu => fp1(0x69, 1, rm),
        FcvtDL => fp1(0x69, 2, rm),
        FcvtDLu => fp1(0x69, 3, rm),
        FmvXW => fp1(0x70, 0, 0),
        FclassS => fp1(0x70, 0, 1),
        FmvXD => fp1(0x71, 0, 0),
        FclassD => fp1(0x71, 0, 1),
        FmvWX => fp1(0x78, 0, 0),
        FmvDX => fp1(0x79, 0, 0),
    }
}

/// SplitMix64, for reproducible random words.
struct Rng(u64);

impl Rng {
    fn word(&mut self) -> u32 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) as u32
    }
}

/// Every valid 32-bit word re-encodes to itself (fences modulo the fields they ignore).
#[test]
fn full_round_trip() {
    let majors = [
        0x03u32, 0x07, 0x0f, 0x13, 0x17, 0x1b, 0x23, 0x27, 0x2f, 0x33, 0x37, 0x3b, 0x43, 0x47, 0x4b, 0x4f, 0x53, 0x63,
        0x67, 0x6f, 0x73,
    ];
    let mut rng = Rng(42);
    let mut seen = std::collections::HashSet::new();
    let mut words: Vec<u32> = FULL.iter().map(|r| r.0).collect();
    for _ in 0..400_000 {
        let w = rng.word();
        // Make the R-type function fields likely to be valid, to reach every operation.
        let w = match rng.word() % 4 {
            0 => w & 0x01ff_ffff,
            1 => w & 0x01ff_ffff | 0x0200_0000,
            _ => w,
        };
        words.push(w & !0x7f | majors[(rng.word() % majors.len() as u32) as usize]);
    }
    for w in words {
        let i = decode(w);
        if i.op == Illegal {
            continue;
        }
        seen.insert(i.op);
        let expected = match i.op {
            // Fences ignore rd, rs1 and fm (except fence.tso's) and fence.i its whole I-type part.
            Fence => w & 0x0ff0_707f,
            FenceTso => w & 0xfff0_707f,
            FenceI => w & 0x0000_707f,
            _ => w,
        };
        assert_eq!(encode(&i), expected, "{w:#010x} decoded as {i:?}");
    }
    for &op in Opcode::ALL {
        if op != Illegal {
            assert!(seen.contains(&op), "random words never produced {op:?}");
        }
    }
}

/// Every valid compressed halfword has the fields of its 32-bit expansion.
#[test]
fn compressed_matches_expansion() {
    let mut valid = 0;
    for h in (0..=0xffffu32).filter(|h| h & 3 != 3) {
        let c = decode(h);
        assert_eq!((c.len, c.raw), (2, h));
        if c.op == Illegal {
            continue;
        }
        valid += 1;
        let w = encode(&c);
        let full = decode(w);
        assert_eq!((full.op, fields(&full)), (c.op, fields(&c)), "{h:#06x} expands to {w:#010x}");
    }
    // 49152 compressed halfwords minus the 2409 reserved ones.
    assert_eq!(valid, 49152 - 2409);
}
