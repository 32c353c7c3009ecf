//! The instruction set rivet knows: every RV64GC (IMAFD + C + Zicsr + Zifencei) operation plus the
//! privileged instructions the `virt` machine needs. Compressed instructions decode to the opcode of
//! their 32-bit expansion; `Insn::len` tells them apart.

/// Generates [`Opcode`] and its canonical (objdump) mnemonic from one list, so the two cannot drift.
macro_rules! opcodes {
    ($($name:ident => $mnem:literal,)*) => {
        /// One RISC-V operation.
        #[allow(non_camel_case_types, missing_docs)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Opcode { $($name,)* }

        impl Opcode {
            /// Every opcode, in declaration order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$name,)*];

            /// The mnemonic objdump prints for the plain (non-alias) form.
            pub const fn mnemonic(self) -> &'static str {
                match self { $(Opcode::$name => $mnem,)* }
            }
        }
    };
}

opcodes! {
    // The decoder's answer for an encoding that is not a valid instruction.
    Illegal => "unimp",
    // RV64I
    Lui => "lui", Auipc => "auipc", Jal => "jal", Jalr => "jalr",
    Beq => "beq", Bne => "bne", Blt => "blt", Bge => "bge", Bltu => "bltu", Bgeu => "bgeu",
    Lb => "lb", Lh => "lh", Lw => "lw", Ld => "ld", Lbu => "lbu", Lhu => "lhu", Lwu => "lwu",
    Sb => "sb", Sh => "sh", Sw => "sw", Sd => "sd",
    Addi => "addi", Slti => "slti", Sltiu => "sltiu", Xori => "xori", Ori => "ori", Andi => "andi",
    Slli => "slli", Srli => "srli", Srai => "srai",
    Add => "add", Sub => "sub", Sll => "sll", Slt => "slt", Sltu => "sltu", Xor => "xor",
    Srl => "srl", Sra => "sra", Or => "or", And => "and",
    Addiw => "addiw", Slliw => "slliw", Srliw => "srliw", Sraiw => "sraiw",
    Addw => "addw", Subw => "subw", Sllw => "sllw", Srlw => "srlw", Sraw => "sraw",
    Fence => "fence", FenceTso => "fence.tso", Pause => "pause",
    Ecall => "ecall", Ebreak => "ebreak",
    // Zifencei
    FenceI => "fence.i",
    // Zicsr
    Csrrw => "csrrw", Csrrs => "csrrs", Csrrc => "csrrc",
    Csrrwi => "csrrwi", Csrrsi => "csrrsi", Csrrci => "csrrci",
    // M
    Mul => "mul", Mulh => "mulh", Mulhsu => "mulhsu", Mulhu => "mulhu",
    Div => "div", Divu => "divu", Rem => "rem", Remu => "remu",
    Mulw => "mulw", Divw => "divw", Divuw => "divuw", Remw => "remw", Remuw => "remuw",
    // A
    LrW => "lr.w", ScW => "sc.w", AmoswapW => "amoswap.w", AmoaddW => "amoadd.w",
    AmoxorW => "amoxor.w", AmoandW => "amoand.w", AmoorW => "amoor.w", AmominW => "amomin.w",
    AmomaxW => "amomax.w", AmominuW => "amominu.w", AmomaxuW => "amomaxu.w",
    LrD => "lr.d", ScD => "sc.d", AmoswapD => "amoswap.d", AmoaddD => "amoadd.d",
    AmoxorD => "amoxor.d", AmoandD => "amoand.d", AmoorD => "amoor.d", AmominD => "amomin.d",
    AmomaxD => "amomax.d", AmominuD => "amominu.d", AmomaxuD => "amomaxu.d",
    // F
    Flw => "flw", Fsw => "fsw",
    FmaddS => "fmadd.s", FmsubS => "fmsub.s", FnmsubS => "fnmsub.s", FnmaddS => "fnmadd.s",
    FaddS => "fadd.s", FsubS => "fsub.s", FmulS => "fmul.s", FdivS => "fdiv.s", FsqrtS => "fsqrt.s",
    FsgnjS => "fsgnj.s", FsgnjnS => "fsgnjn.s", FsgnjxS => "fsgnjx.s",
    FminS => "fmin.s", FmaxS => "fmax.s",
    FcvtWS => "fcvt.w.s", FcvtWuS => "fcvt.wu.s", FcvtLS => "fcvt.l.s", FcvtLuS => "fcvt.lu.s",
    FmvXW => "fmv.x.w", FclassS => "fclass.s",
    FeqS => "feq.s", FltS => "flt.s", FleS => "fle.s",
    FcvtSW => "fcvt.s.w", FcvtSWu => "fcvt.s.wu", FcvtSL => "fcvt.s.l", FcvtSLu => "fcvt.s.lu",
    FmvWX => "fmv.w.x",
    // D
    Fld => "fld", Fsd => "fsd",
    FmaddD => "fmadd.d", FmsubD => "fmsub.d", FnmsubD => "fnmsub.d", FnmaddD => "fnmadd.d",
    FaddD => "fadd.d", FsubD => "fsub.d", FmulD => "fmul.d", FdivD => "fdiv.d", FsqrtD => "fsqrt.d",
    FsgnjD => "fsgnj.d", FsgnjnD => "fsgnjn.d", FsgnjxD => "fsgnjx.d",
    FminD => "fmin.d", FmaxD => "fmax.d",
    FcvtSD => "fcvt.s.d", FcvtDS => "fcvt.d.s",
    FeqD => "feq.d", FltD => "flt.d", FleD => "fle.d", FclassD => "fclass.d",
    FcvtWD => "fcvt.w.d", FcvtWuD => "fcvt.wu.d", FcvtLD => "fcvt.l.d", FcvtLuD => "fcvt.lu.d",
    FmvXD => "fmv.x.d",
    FcvtDW => "fcvt.d.w", FcvtDWu => "fcvt.d.wu", FcvtDL => "fcvt.d.l", FcvtDLu => "fcvt.d.lu",
    FmvDX => "fmv.d.x",
    // Privileged
    Mret => "mret", Sret => "sret", Wfi => "wfi", SfenceVma => "sfence.vma",
}
