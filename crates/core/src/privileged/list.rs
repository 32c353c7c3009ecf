//! The CSR list as QEMU 10.0 shows it to plugins and GDB.

/// Every CSR of rivet's models with its number, in QEMU 10.0's order (ascending CSR number).
/// Measured with the `regdump` plugin on `qemu-system-riscv64 -M virt` with QEMU's RV64GC
/// configuration of `scripts/lockstep` (and with plain `rv64,h=false`: the same 123 names), and
/// checked in CI by `scripts/system-plugin-tests`: QEMU's default
/// CPU list minus the hypervisor CSRs (the `vs*`, `h*`, `mtinst`, `mtval2`; QEMU's default CPU has no V,
/// so it lists no vector CSRs).
const CSRS: [(&str, u16); 123] = [
    ("fflags", 0x001),
    ("frm", 0x002),
    ("fcsr", 0x003),
    ("sstatus", 0x100),
    ("sie", 0x104),
    ("stvec", 0x105),
    ("scounteren", 0x106),
    ("senvcfg", 0x10a),
    ("sscratch", 0x140),
    ("sepc", 0x141),
    ("scause", 0x142),
    ("stval", 0x143),
    ("sip", 0x144),
    ("satp", 0x180),
    ("mstatus", 0x300),
    ("misa", 0x301),
    ("medeleg", 0x302),
    ("mideleg", 0x303),
    ("mie", 0x304),
    ("mtvec", 0x305),
    ("mcounteren", 0x306),
    ("menvcfg", 0x30a),
    ("mcountinhibit", 0x320),
    ("mhpmevent3", 0x323),
    ("mhpmevent4", 0x324),
    ("mhpmevent5", 0x325),
    ("mhpmevent6", 0x326),
    ("mhpmevent7", 0x327),
    ("mhpmevent8", 0x328),
    ("mhpmevent9", 0x329),
    ("mhpmevent10", 0x32a),
    ("mhpmevent11", 0x32b),
    ("mhpmevent12", 0x32c),
    ("mhpmevent13", 0x32d),
    ("mhpmevent14", 0x32e),
    ("mhpmevent15", 0x32f),
    ("mhpmevent16", 0x330),
    ("mhpmevent17", 0x331),
    ("mhpmevent18", 0x332),
    ("mhpmevent19", 0x333),
    ("mhpmevent20", 0x334),
    ("mhpmevent21", 0x335),
    ("mhpmevent22", 0x336),
    ("mhpmevent23", 0x337),
    ("mhpmevent24", 0x338),
    ("mhpmevent25", 0x339),
    ("mhpmevent26", 0x33a),
    ("mhpmevent27", 0x33b),
    ("mhpmevent28", 0x33c),
    ("mhpmevent29", 0x33d),
    ("mhpmevent30", 0x33e),
    ("mhpmevent31", 0x33f),
    ("mscratch", 0x340),
    ("mepc", 0x341),
    ("mcause", 0x342),
    ("mtval", 0x343),
    ("mip", 0x344),
    ("pmpcfg0", 0x3a0),
    ("pmpcfg2", 0x3a2),
    ("pmpaddr0", 0x3b0),
    ("pmpaddr1", 0x3b1),
    ("pmpaddr2", 0x3b2),
    ("pmpaddr3", 0x3b3),
    ("pmpaddr4", 0x3b4),
    ("pmpaddr5", 0x3b5),
    ("pmpaddr6", 0x3b6),
    ("pmpaddr7", 0x3b7),
    ("pmpaddr8", 0x3b8),
    ("pmpaddr9", 0x3b9),
    ("pmpaddr10", 0x3ba),
    ("pmpaddr11", 0x3bb),
    ("pmpaddr12", 0x3bc),
    ("pmpaddr13", 0x3bd),
    ("pmpaddr14", 0x3be),
    ("pmpaddr15", 0x3bf),
    ("tselect", 0x7a0),
    ("tdata1", 0x7a1),
    ("tdata2", 0x7a2),
    ("tdata3", 0x7a3),
    ("tinfo", 0x7a4),
    ("mcontext", 0x7a8),
    ("mcycle", 0xb00),
    ("minstret", 0xb02),
    ("mhpmcounter3", 0xb03),
    ("mhpmcounter4", 0xb04),
    ("mhpmcounter5", 0xb05),
    ("mhpmcounter6", 0xb06),
    ("mhpmcounter7", 0xb07),
    ("mhpmcounter8", 0xb08),
    ("mhpmcounter9", 0xb09),
    ("mhpmcounter10", 0xb0a),
    ("mhpmcounter11", 0xb0b),
    ("mhpmcounter12", 0xb0c),
    ("mhpmcounter13", 0xb0d),
    ("mhpmcounter14", 0xb0e),
    ("mhpmcounter15", 0xb0f),
    ("mhpmcounter16", 0xb10),
    ("mhpmcounter17", 0xb11),
    ("mhpmcounter18", 0xb12),
    ("cycle", 0xc00),
    ("time", 0xc01),
    ("instret", 0xc02),
    ("hpmcounter3", 0xc03),
    ("hpmcounter4", 0xc04),
    ("hpmcounter5", 0xc05),
    ("hpmcounter6", 0xc06),
    ("hpmcounter7", 0xc07),
    ("hpmcounter8", 0xc08),
    ("hpmcounter9", 0xc09),
    ("hpmcounter10", 0xc0a),
    ("hpmcounter11", 0xc0b),
    ("hpmcounter12", 0xc0c),
    ("hpmcounter13", 0xc0d),
    ("hpmcounter14", 0xc0e),
    ("hpmcounter15", 0xc0f),
    ("hpmcounter16", 0xc10),
    ("hpmcounter17", 0xc11),
    ("hpmcounter18", 0xc12),
    ("mvendorid", 0xf11),
    ("marchid", 0xf12),
    ("mimpid", 0xf13),
    ("mhartid", 0xf14),
    ("mconfigptr", 0xf15),
];

/// The CSRs rivet's model implements, named and ordered as QEMU 10.0 lists them (in the
/// `org.gnu.gdb.riscv.csr` feature, after the `priv` register). Without an FPU the list leaves out
/// `fflags`, `frm` and `fcsr`, which the model does not implement; QEMU 10.0 still lists them for
/// its F-less CPU (`rv64,h=false,f=false,d=false,zfa=false`) and reads them as 0 there.
///
/// At vCPU initialisation QEMU cannot read `tdata1`, `tdata2`, `tdata3` (its trigger state is not
/// set up yet) and `time` (the CLINT's timer is not connected yet): plugins get 0 bytes for them.
/// rivet can read all of them.
pub fn csr_list(has_fpu: bool) -> Vec<(&'static str, u16)> {
    let skip = if has_fpu { 0 } else { 3 };
    CSRS[skip..].to_vec()
}

#[cfg(test)]
mod tests {
    use super::super::{num, prv, CsrCtx, PrivState, MISA_RV64GC};
    use super::*;

    /// QEMU 10.0.2's register list, CSR feature, copied from the regdump output for
    /// `-cpu rv64,h=false` and for the RV64GC string (identical).
    const QEMU_NAMES: &str = "fflags frm fcsr sstatus sie stvec scounteren senvcfg sscratch sepc scause stval \
        sip satp mstatus misa medeleg mideleg mie mtvec mcounteren menvcfg mcountinhibit mhpmevent3 mhpmevent4 \
        mhpmevent5 mhpmevent6 mhpmevent7 mhpmevent8 mhpmevent9 mhpmevent10 mhpmevent11 mhpmevent12 mhpmevent13 \
        mhpmevent14 mhpmevent15 mhpmevent16 mhpmevent17 mhpmevent18 mhpmevent19 mhpmevent20 mhpmevent21 \
        mhpmevent22 mhpmevent23 mhpmevent24 mhpmevent25 mhpmevent26 mhpmevent27 mhpmevent28 mhpmevent29 \
        mhpmevent30 mhpmevent31 mscratch mepc mcause mtval mip pmpcfg0 pmpcfg2 pmpaddr0 pmpaddr1 pmpaddr2 \
        pmpaddr3 pmpaddr4 pmpaddr5 pmpaddr6 pmpaddr7 pmpaddr8 pmpaddr9 pmpaddr10 pmpaddr11 pmpaddr12 pmpaddr13 \
        pmpaddr14 pmpaddr15 tselect tdata1 tdata2 tdata3 tinfo mcontext mcycle minstret mhpmcounter3 mhpmcounter4 \
        mhpmcounter5 mhpmcounter6 mhpmcounter7 mhpmcounter8 mhpmcounter9 mhpmcounter10 mhpmcounter11 \
        mhpmcounter12 mhpmcounter13 mhpmcounter14 mhpmcounter15 mhpmcounter16 mhpmcounter17 mhpmcounter18 cycle \
        time instret hpmcounter3 hpmcounter4 hpmcounter5 hpmcounter6 hpmcounter7 hpmcounter8 hpmcounter9 \
        hpmcounter10 hpmcounter11 hpmcounter12 hpmcounter13 hpmcounter14 hpmcounter15 hpmcounter16 hpmcounter17 \
        hpmcounter18 mvendorid marchid mimpid mhartid mconfigptr";

    #[test]
    fn names_and_order_match_qemu() {
        let ours: Vec<&str> = csr_list(true).iter().map(|&(n, _)| n).collect();
        let qemu: Vec<&str> = QEMU_NAMES.split_whitespace().collect();
        assert_eq!(ours, qemu);
        let no_fpu: Vec<&str> = csr_list(false).iter().map(|&(n, _)| n).collect();
        assert_eq!(no_fpu, qemu[3..]);
    }

    #[test]
    fn numbers_ascend_and_every_csr_is_implemented() {
        let list = csr_list(true);
        assert!(list.windows(2).all(|w| w[0].1 < w[1].1));
        let p = PrivState::new(MISA_RV64GC, 0);
        let ctx = CsrCtx::default();
        for &(name, csr) in &list {
            let fp = [num::FFLAGS, num::FRM, num::FCSR].contains(&csr);
            assert_eq!(p.debug_read(csr, &ctx).is_some(), !fp, "{name}");
        }
        // And nothing else is: the model's CSRs are exactly the list.
        let mut q = PrivState::new(MISA_RV64GC, 0);
        let implemented = (0..4096u16).filter(|&c| q.csr_read(c, prv::M, &ctx).is_ok()).count();
        assert_eq!(implemented, list.len() - 3);
    }
}
