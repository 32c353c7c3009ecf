//! objdump-style disassembly.
//!
//! The reference is GNU objdump 2.40 (`riscv64-linux-gnu-objdump -d`, default `rv64gc`
//! architecture, aliases on), including its quirks: it prefers the register-form alias for
//! immediate ops (`add a0,a1,5` for `addi`, `sll a0,a1,0x3` for `slli`, `addw` for `addiw`, ...;
//! later binutils went back to `addi`, but 2.40 is what the tests compare against),
//! prints compressed instructions as their expansion (`c.addi16sp` is `add sp,sp,-16`), and
//! compressed HINTs with a `c.` mnemonic (`c.li zero,1`, `c.slli64 a0`). The text is what objdump
//! prints after the instruction bytes, with a tab between mnemonic and operands. Addresses (branch
//! and jump targets, `# ...` comments) are printed as objdump prints them when it has no symbols,
//! i.e. for a raw binary: `j\t0x10078`. (With symbols it prints `10078 <main+0x10>` instead.)
//!
//! objdump also appends `# 0x...` comments with computed addresses. The ones that depend only on
//! the instruction (a base register of `zero` or `tp`, whose "address" objdump takes as the offset
//! itself) are reproduced; the ones that depend on an earlier `lui`/`auipc` are not, since this
//! disassembler sees one instruction at a time.
//!
//! Deliberate differences from objdump 2.40, all for encodings objdump rejects but the ISA (and
//! the decoder) accepts or vice versa:
//!
//! * `fence`/`fence.tso`/`fence.i` with non-zero reserved fields (`rd`, `rs1`, unknown `fm`,
//!   `fence.i` immediate) are valid instructions (the spec says to ignore those fields) and print
//!   as the plain instruction; objdump prints `.4byte`.
//! * `fcvt.d.s`, `fcvt.d.w` and `fcvt.d.wu` with a rounding mode other than `rne` are valid (they
//!   are exact, the mode is irrelevant) and print with the mode as a suffix (`,dyn` included, so
//!   that every encoding prints differently); objdump accepts only `rm = 0`.
//! * `0x0100000f` prints `pause` (Zihintpause); objdump's plain `rv64gc` prints `fence w,unknown`.
//! * `c.addi16sp` with a zero immediate is reserved, so it is illegal here and prints
//!   `.2byte 0x6101`; objdump prints `add sp,sp,0`.
//! * objdump also decodes `uret`, `hret`, `dret` and `sfence.vm` (old privileged specs, debug
//!   mode), which are not RV64GC and not implemented: they are illegal here.
//!
//! Illegal encodings print as objdump prints undecodable words: `.2byte 0x...`/`.4byte 0x...`,
//! except the all-zero halfword, which objdump calls `unimp`.

use crate::{csr_name, Insn, Opcode, FREG_NAMES, XREG_NAMES};
use std::fmt::{self, Write};

/// Rounding-mode names, by `rm` value; objdump prints `unknown` for the reserved 5 and 6.
const RM_NAMES: [&str; 8] = ["rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown", "dyn"];

/// `fence` predecessor/successor sets, by 4-bit `iorw` value.
const FENCE_SETS: [&str; 16] =
    ["unknown", "w", "r", "rw", "o", "ow", "or", "orw", "i", "iw", "ir", "irw", "io", "iow", "ior", "iorw"];

const ZERO: u8 = 0;
const RA: u8 = 1;
const TP: u8 = 4;

fn x(r: u8) -> &'static str {
    XREG_NAMES[r as usize & 31]
}

fn f(r: u8) -> &'static str {
    FREG_NAMES[r as usize & 31]
}

/// A CSR operand: its name, or its number in hex.
struct Csr(u16);

impl fmt::Display for Csr {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        match csr_name(self.0) {
            Some(name) => out.write_str(name),
            None => write!(out, "0x{:x}", self.0),
        }
    }
}

/// objdump's address comment for a `zero`- or `tp`-based operand: the offset itself (sign-extended
/// from 32 bits for the `*w` ops).
fn addr_comment(out: &mut dyn Write, base: u8, offset: i64, wide: bool) -> fmt::Result {
    if base != ZERO && base != TP {
        return Ok(());
    }
    let value = if wide { offset as i32 as i64 } else { offset } as u64;
    write!(out, " # 0x{value:x}")
}

/// `,rm` for a non-dynamic rounding mode.
fn rm_suffix(out: &mut dyn Write, rm: u8) -> fmt::Result {
    if rm == 7 {
        Ok(())
    } else {
        write!(out, ",{}", RM_NAMES[rm as usize & 7])
    }
}

/// `.aq`/`.rl`/`.aqrl` for an AMO's ordering bits.
fn aqrl_suffix(bits: u8) -> &'static str {
    match bits & 3 {
        0 => "",
        1 => ".rl",
        2 => ".aq",
        _ => ".aqrl",
    }
}

impl Insn {
    /// Writes the disassembly as `objdump -d -M no-aliases=off` would, given the instruction's
    /// address (for pc-relative targets).
    pub fn write_disasm(&self, pc: u64, out: &mut dyn fmt::Write) -> fmt::Result {
        if self.op == Opcode::Illegal {
            return match (self.len, self.raw) {
                (2, 0) => out.write_str("unimp"),
                (2, raw) => write!(out, ".2byte\t0x{:x}", raw & 0xffff),
                (_, raw) => write!(out, ".4byte\t0x{raw:x}"),
            };
        }
        if self.len == 2 {
            self.write_compressed(pc, out)
        } else {
            self.write_full(pc, out)
        }
    }

    /// The disassembly as a new string.
    pub fn disasm(&self, pc: u64) -> String {
        let mut s = String::new();
        let _ = self.write_disasm(pc, &mut s);
        s
    }

    /// The disassembly with one space between mnemonic and operands, as QEMU's plugin API
    /// (`qemu_plugin_insn_disas`) and its execlog print it.
    pub fn disasm_spaced(&self, pc: u64) -> String {
        self.disasm(pc).replace('\t', " ")
    }

    fn target(&self, pc: u64) -> u64 {
        pc.wrapping_add(self.imm as u64)
    }

    /// Compressed forms whose text differs from that of their expansion; the rest share
    /// [`Insn::write_full`].
    fn write_compressed(&self, pc: u64, out: &mut dyn Write) -> fmt::Result {
        use Opcode::*;
        let h = self.raw;
        let (quadrant, funct3) = (h & 3, (h >> 13) & 7);
        let (rd, rs2, imm) = (self.rd, self.rs2, self.imm);
        match self.op {
            Addi => match (quadrant, funct3) {
                // c.addi4spn, c.addi16sp
                (0, _) | (1, 3) => write!(out, "add\t{},{},{imm}", x(rd), x(self.rs1)),
                // c.li
                (1, 2) if rd == ZERO => write!(out, "c.li\tzero,{imm}"),
                (1, 2) => write!(out, "li\t{},{imm}", x(rd)),
                // c.addi
                _ if rd == ZERO && imm == 0 => out.write_str("nop"),
                _ if rd == ZERO => write!(out, "c.nop\t{imm}"),
                _ => {
                    write!(out, "add\t{},{},{imm}", x(rd), x(rd))?;
                    addr_comment(out, rd, imm, false)
                }
            },
            Addiw if imm == 0 => write!(out, "sext.w\t{},{}", x(rd), x(rd)),
            Addiw => {
                write!(out, "addw\t{},{},{imm}", x(rd), x(rd))?;
                addr_comment(out, rd, imm, true)
            }
            Lui if rd == ZERO => write!(out, "c.lui\tzero,0x{:x}", (imm >> 12) & 0xfffff),
            Srli | Srai | Slli if imm == 0 => {
                let name = match self.op {
                    Srli => "c.srli64",
                    Srai => "c.srai64",
                    _ => "c.slli64",
                };
                write!(out, "{name}\t{}", x(rd))
            }
            Slli if rd == ZERO => write!(out, "c.slli\tzero,0x{imm:x}"),
            Add if h & 0x1000 == 0 && rd == ZERO => write!(out, "c.mv\tzero,{}", x(rs2)),
            Add if h & 0x1000 == 0 => write!(out, "mv\t{},{}", x(rd), x(rs2)),
            Add if rd == ZERO => write!(out, "c.add\tzero,{}", x(rs2)),
            // c.jal does not exist on RV64, so these have no link register to tell apart.
            Jal => write!(out, "j\t0x{:x}", self.target(pc)),
            Jalr if rd == ZERO && self.rs1 == RA => out.write_str("ret"),
            Jalr if rd == ZERO => write!(out, "jr\t{}", x(self.rs1)),
            Jalr => write!(out, "jalr\t{}", x(self.rs1)),
            _ => self.write_full(pc, out),
        }
    }

    fn write_full(&self, pc: u64, out: &mut dyn Write) -> fmt::Result {
        use Opcode::*;
        let (rd, rs1, rs2, imm) = (self.rd, self.rs1, self.rs2, self.imm);
        let mn = self.op.mnemonic();
        match self.op {
            Illegal => unreachable!("handled by write_disasm"),
            Lui | Auipc => write!(out, "{mn}\t{},0x{:x}", x(rd), (imm >> 12) & 0xfffff),
            Jal => match rd {
                ZERO => write!(out, "j\t0x{:x}", self.target(pc)),
                RA => write!(out, "jal\t0x{:x}", self.target(pc)),
                _ => write!(out, "jal\t{},0x{:x}", x(rd), self.target(pc)),
            },
            Jalr => {
                match (rd, rs1, imm) {
                    (ZERO, RA, 0) => return out.write_str("ret"),
                    (ZERO, _, 0) => write!(out, "jr\t{}", x(rs1))?,
                    (ZERO, _, _) => write!(out, "jr\t{imm}({})", x(rs1))?,
                    (RA, _, 0) => write!(out, "jalr\t{}", x(rs1))?,
                    (RA, _, _) => write!(out, "jalr\t{imm}({})", x(rs1))?,
                    (_, _, 0) => write!(out, "jalr\t{},{}", x(rd), x(rs1))?,
                    _ => write!(out, "jalr\t{},{imm}({})", x(rd), x(rs1))?,
                }
                addr_comment(out, rs1, imm, false)
            }
            Beq | Bne | Blt | Bge | Bltu | Bgeu => {
                let t = self.target(pc);
                match (self.op, rs1, rs2) {
                    (Beq, _, ZERO) => write!(out, "beqz\t{},0x{t:x}", x(rs1)),
                    (Bne, _, ZERO) => write!(out, "bnez\t{},0x{t:x}", x(rs1)),
                    (Bge, ZERO, _) => write!(out, "blez\t{},0x{t:x}", x(rs2)),
                    (Bge, _, ZERO) => write!(out, "bgez\t{},0x{t:x}", x(rs1)),
                    (Blt, _, ZERO) => write!(out, "bltz\t{},0x{t:x}", x(rs1)),
                    (Blt, ZERO, _) => write!(out, "bgtz\t{},0x{t:x}", x(rs2)),
                    _ => write!(out, "{mn}\t{},{},0x{t:x}", x(rs1), x(rs2)),
                }
            }
            Lb | Lh | Lw | Ld | Lbu | Lhu | Lwu => {
                write!(out, "{mn}\t{},{imm}({})", x(rd), x(rs1))?;
                addr_comment(out, rs1, imm, false)
            }
            Flw | Fld => {
                write!(out, "{mn}\t{},{imm}({})", f(rd), x(rs1))?;
                addr_comment(out, rs1, imm, false)
            }
            Sb | Sh | Sw | Sd => {
                write!(out, "{mn}\t{},{imm}({})", x(rs2), x(rs1))?;
                addr_comment(out, rs1, imm, false)
            }
            Fsw | Fsd => {
                write!(out, "{mn}\t{},{imm}({})", f(rs2), x(rs1))?;
                addr_comment(out, rs1, imm, false)
            }
            Addi => match (rd, rs1, imm) {
                (ZERO, ZERO, 0) => out.write_str("nop"),
                (_, ZERO, _) => write!(out, "li\t{},{imm}", x(rd)),
                (_, _, 0) => write!(out, "mv\t{},{}", x(rd), x(rs1)),
                _ => {
                    write!(out, "add\t{},{},{imm}", x(rd), x(rs1))?;
                    addr_comment(out, rs1, imm, false)
                }
            },
            Addiw if imm == 0 => write!(out, "sext.w\t{},{}", x(rd), x(rs1)),
            Addiw => {
                write!(out, "addw\t{},{},{imm}", x(rd), x(rs1))?;
                // objdump leaves x0 out here: `addiw rd,zero,imm` is a constant, not an address.
                if rs1 != ZERO {
                    addr_comment(out, rs1, imm, true)?;
                }
                Ok(())
            }
            Sltiu if imm == 1 => write!(out, "seqz\t{},{}", x(rd), x(rs1)),
            Xori if imm == -1 => write!(out, "not\t{},{}", x(rd), x(rs1)),
            Andi if imm == 255 => write!(out, "zext.b\t{},{}", x(rd), x(rs1)),
            Slti | Sltiu => write!(out, "{mn}\t{},{},{imm}", x(rd), x(rs1)),
            Xori | Ori | Andi => {
                // `xor`/`or`/`and`: the mnemonic minus its `i`.
                write!(out, "{}\t{},{},{imm}", &mn[..mn.len() - 1], x(rd), x(rs1))
            }
            Slli | Srli | Srai | Slliw | Srliw | Sraiw => {
                let name = match self.op {
                    Slli => "sll",
                    Srli => "srl",
                    Srai => "sra",
                    Slliw => "sllw",
                    Srliw => "srlw",
                    _ => "sraw",
                };
                write!(out, "{name}\t{},{},0x{imm:x}", x(rd), x(rs1))
            }
            Sub if rs1 == ZERO => write!(out, "neg\t{},{}", x(rd), x(rs2)),
            Subw if rs1 == ZERO => write!(out, "negw\t{},{}", x(rd), x(rs2)),
            Sltu if rs1 == ZERO => write!(out, "snez\t{},{}", x(rd), x(rs2)),
            Slt if rs2 == ZERO => write!(out, "sltz\t{},{}", x(rd), x(rs1)),
            Slt if rs1 == ZERO => write!(out, "sgtz\t{},{}", x(rd), x(rs2)),
            Add | Sub | Sll | Slt | Sltu | Xor | Srl | Sra | Or | And | Addw | Subw | Sllw | Srlw | Sraw | Mul
            | Mulh | Mulhsu | Mulhu | Div | Divu | Rem | Remu | Mulw | Divw | Divuw | Remw | Remuw => {
                write!(out, "{mn}\t{},{},{}", x(rd), x(rs1), x(rs2))
            }
            Fence if self.rm == 0xff => out.write_str("fence"),
            Fence => {
                write!(out, "fence\t{},{}", FENCE_SETS[(self.rm >> 4) as usize], FENCE_SETS[(self.rm & 15) as usize])
            }
            FenceTso | Pause | FenceI | Ecall | Ebreak | Mret | Sret | Wfi => out.write_str(mn),
            SfenceVma => match (rs1, rs2) {
                (ZERO, ZERO) => out.write_str(mn),
                (_, ZERO) => write!(out, "{mn}\t{}", x(rs1)),
                _ => write!(out, "{mn}\t{},{}", x(rs1), x(rs2)),
            },
            Csrrw | Csrrs | Csrrc | Csrrwi | Csrrsi | Csrrci => self.write_csr(out),
            LrW | LrD => write!(out, "{mn}{}\t{},({})", aqrl_suffix(self.rm), x(rd), x(rs1)),
            ScW | ScD | AmoswapW | AmoaddW | AmoxorW | AmoandW | AmoorW | AmominW | AmomaxW | AmominuW | AmomaxuW
            | AmoswapD | AmoaddD | AmoxorD | AmoandD | AmoorD | AmominD | AmomaxD | AmominuD | AmomaxuD => {
                write!(out, "{mn}{}\t{},{},({})", aqrl_suffix(self.rm), x(rd), x(rs2), x(rs1))
            }
            FmaddS | FmsubS | FnmsubS | FnmaddS | FmaddD | FmsubD | FnmsubD | FnmaddD => {
                write!(out, "{mn}\t{},{},{},{}", f(rd), f(rs1), f(rs2), f(self.rs3))?;
                rm_suffix(out, self.rm)
            }
            FaddS | FsubS | FmulS | FdivS | FaddD | FsubD | FmulD | FdivD => {
                write!(out, "{mn}\t{},{},{}", f(rd), f(rs1), f(rs2))?;
                rm_suffix(out, self.rm)
            }
            FsqrtS | FsqrtD | FcvtSD => {
                write!(out, "{mn}\t{},{}", f(rd), f(rs1))?;
                rm_suffix(out, self.rm)
            }
            FsgnjS | FsgnjnS | FsgnjxS | FsgnjD | FsgnjnD | FsgnjxD if rs1 == rs2 => {
                let name = match self.op {
                    FsgnjS => "fmv.s",
                    FsgnjnS => "fneg.s",
                    FsgnjxS => "fabs.s",
                    FsgnjD => "fmv.d",
                    FsgnjnD => "fneg.d",
                    _ => "fabs.d",
                };
                write!(out, "{name}\t{},{}", f(rd), f(rs1))
            }
            FsgnjS | FsgnjnS | FsgnjxS | FsgnjD | FsgnjnD | FsgnjxD | FminS | FmaxS | FminD | FmaxD => {
                write!(out, "{mn}\t{},{},{}", f(rd), f(rs1), f(rs2))
            }
            FeqS | FltS | FleS | FeqD | FltD | FleD => {
                write!(out, "{mn}\t{},{},{}", x(rd), f(rs1), f(rs2))
            }
            FcvtWS | FcvtWuS | FcvtLS | FcvtLuS | FcvtWD | FcvtWuD | FcvtLD | FcvtLuD => {
                write!(out, "{mn}\t{},{}", x(rd), f(rs1))?;
                rm_suffix(out, self.rm)
            }
            FcvtSW | FcvtSWu | FcvtSL | FcvtSLu | FcvtDL | FcvtDLu => {
                write!(out, "{mn}\t{},{}", f(rd), x(rs1))?;
                rm_suffix(out, self.rm)
            }
            // Exact conversions: objdump only knows the rm = 0 encoding, printed bare.
            FcvtDS | FcvtDW | FcvtDWu => {
                let src = if self.op == FcvtDS { f(rs1) } else { x(rs1) };
                write!(out, "{mn}\t{},{src}", f(rd))?;
                if self.rm != 0 {
                    write!(out, ",{}", RM_NAMES[self.rm as usize & 7])?;
                }
                Ok(())
            }
            FmvXW | FmvXD | FclassS | FclassD => write!(out, "{mn}\t{},{}", x(rd), f(rs1)),
            FmvWX | FmvDX => write!(out, "{mn}\t{},{}", f(rd), x(rs1)),
        }
    }

    /// Zicsr instructions and objdump's many aliases for them.
    fn write_csr(&self, out: &mut dyn Write) -> fmt::Result {
        use Opcode::*;
        const FFLAGS: u16 = 0x001;
        const FRM: u16 = 0x002;
        const FCSR: u16 = 0x003;
        let (rd, rs1, csr) = (self.rd, self.rs1, self.csr);
        let c = Csr(csr);
        // The immediate forms keep their 5-bit uimm in rs1.
        let uimm = rs1;
        match self.op {
            // objdump's 32-bit `unimp` is `csrrw x0, cycle, x0`.
            Csrrw if self.raw == 0xc000_1073 => out.write_str("unimp"),
            Csrrs if rs1 == ZERO => match csr {
                FFLAGS => write!(out, "frflags\t{}", x(rd)),
                FRM => write!(out, "frrm\t{}", x(rd)),
                FCSR => write!(out, "frcsr\t{}", x(rd)),
                0xc00 => write!(out, "rdcycle\t{}", x(rd)),
                0xc01 => write!(out, "rdtime\t{}", x(rd)),
                0xc02 => write!(out, "rdinstret\t{}", x(rd)),
                _ => write!(out, "csrr\t{},{c}", x(rd)),
            },
            Csrrw if matches!(csr, FFLAGS | FRM | FCSR) => {
                let name = match csr {
                    FFLAGS => "fsflags",
                    FRM => "fsrm",
                    _ => "fscsr",
                };
                if rd == ZERO {
                    write!(out, "{name}\t{}", x(rs1))
                } else {
                    write!(out, "{name}\t{},{}", x(rd), x(rs1))
                }
            }
            Csrrwi if csr == FFLAGS => write!(out, "fsflagsi\t{},{uimm}", x(rd)),
            Csrrwi if csr == FRM => write!(out, "fsrmi\t{},{uimm}", x(rd)),
            Csrrw | Csrrs | Csrrc if rd == ZERO => {
                let name = match self.op {
                    Csrrw => "csrw",
                    Csrrs => "csrs",
                    _ => "csrc",
                };
                write!(out, "{name}\t{c},{}", x(rs1))
            }
            Csrrwi | Csrrsi | Csrrci if rd == ZERO => {
                let name = match self.op {
                    Csrrwi => "csrw",
                    Csrrsi => "csrs",
                    _ => "csrc",
                };
                write!(out, "{name}\t{c},{uimm}")
            }
            Csrrw | Csrrs | Csrrc => {
                write!(out, "{}\t{},{c},{}", self.op.mnemonic(), x(rd), x(rs1))
            }
            // objdump prints the immediate forms under the register-form mnemonic.
            _ => {
                let name = match self.op {
                    Csrrwi => "csrrw",
                    Csrrsi => "csrrs",
                    _ => "csrrc",
                };
                write!(out, "{name}\t{},{c},{uimm}", x(rd))
            }
        }
    }
}
