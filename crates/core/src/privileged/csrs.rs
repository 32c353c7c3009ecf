//! The privileged CSRs: existence, access rules, WARL legalisation, reads and writes.

use super::{mstatus as ms, num, prv, AdUpdate, PrivState, NUM_TRIGGERS};

/// Values owned by the rest of the emulator that some CSRs read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CsrCtx {
    /// Cycles counted by the engine before the current instruction (rivet counts one per retired
    /// instruction, so this is usually `instret`).
    pub cycle: u64,
    /// Instructions retired before the current instruction.
    pub instret: u64,
    /// The CLINT's `mtime` (10 MHz on `virt`), read by the `time` CSR.
    pub time: u64,
}

/// Why a CSR access failed: the instruction raises this exception.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CsrError {
    /// Illegal-instruction exception (unknown CSR, too little privilege, write to a read-only CSR,
    /// TVM/TSR/TW/counter-enable traps, mret/sret at the wrong privilege).
    #[error("illegal instruction")]
    IllegalInstruction,
}

/// Writable sstatus bits (FS only with F).
const SSTATUS_W: u64 = ms::SIE | ms::SPIE | ms::SPP | ms::SUM | ms::MXR;
/// UXL as QEMU 10.0 writes it (measured): a write whose UXL field is non-zero stores that field,
/// a zero leaves it. The spec makes UXL WARL; lock-step comparison with QEMU needs its choice
/// (rivet always runs U-mode as RV64 whatever UXL says).
fn qemu_uxl(new: u64, written: u64) -> u64 {
    if written & ms::UXL != 0 {
        (new & !ms::UXL) | (written & ms::UXL)
    } else {
        new
    }
}

/// Readable sstatus bits: the writable ones plus FS, XS (0), UXL and SD.
const SSTATUS_R: u64 = SSTATUS_W | ms::FS | (3 << 15) | ms::UXL | ms::SD;
/// Writable mstatus bits (FS only with F; MPP legalised separately).
const MSTATUS_W: u64 =
    ms::SIE | ms::MIE | ms::SPIE | ms::MPIE | ms::SPP | ms::MPRV | ms::SUM | ms::MXR | ms::TVM | ms::TW | ms::TSR;

/// S-level interrupt bits (SSI, STI, SEI): the only delegable ones.
pub(super) const S_INTS: u64 = (1 << 1) | (1 << 5) | (1 << 9);
/// M- and S-level interrupt bits: what mie implements. (QEMU also lets bits 13..63 be written.)
pub(super) const ALL_INTS: u64 = S_INTS | (1 << 3) | (1 << 7) | (1 << 11);
/// Delegable exceptions as QEMU 10.0 stores them (measured 0xf4bfff): 0..9, 11 to 13, 15 and the
/// H-extension codes 20..23. The spec would have `medeleg[11]` read-only zero and no H codes;
/// rivet keeps QEMU's mask so lock-step traces of guests that read medeleg back agree. Delegation
/// of codes the hart never raises is inert.
const MEDELEG_W: u64 = 0xf4bfff;
/// mideleg as QEMU 10.0 stores it (measured 0x2666: also the VS-level and LCOFI bits, which never
/// fire here; only S_INTS take part in delegation).
const MIDELEG_W: u64 = 0x2666;
/// mie as QEMU 10.0 stores it (measured: bits 13..63 writable too; only ALL_INTS can fire).
const MIE_W: u64 = 0xffff_ffff_ffff_eaaa;
/// Software-writable mip bits as QEMU 10.0 stores them (measured 0x26e6); only ALL_INTS fire.
const MIP_W: u64 = 0x26e6;
/// Counter-enable bits: CY, TM, IR and hpmcounter3..18 (QEMU measured: 0x7ffff).
const COUNTEREN_W: u64 = 0x7ffff;
/// mcountinhibit: CY, IR and mhpmcounter3..18; TM does not exist (QEMU measured: 0x7fffd).
const COUNTINHIBIT_W: u64 = 0x7fffd;
/// mhpmevent: QEMU keeps everything but VSINH/VUINH (bits 59:58), which need H.
const MHPMEVENT_W: u64 = !(3 << 58);
/// menvcfg.FIOM (and senvcfg.FIOM): the only field without Zicbo*/Sstc/Svpbmt/Svadu.
const ENVCFG_FIOM: u64 = 1;
/// menvcfg.ADUE (Svadu).
pub(super) const MENVCFG_ADUE: u64 = 1 << 61;
/// menvcfg.PBMTE (Svpbmt).
pub(super) const MENVCFG_PBMTE: u64 = 1 << 62;
/// mcontext without H: 13 bits (QEMU measured 0x1fff).
const MCONTEXT_W: u64 = 0x1fff;
/// tdata1 of every trigger: type 2 (mcontrol) with no action enabled. rivet implements no
/// triggers, so the register is hardwired to QEMU's reset value and writes are ignored.
const TDATA1_IDLE: u64 = 2 << 60;
/// tinfo: trigger types 2 and 6 (QEMU measured).
const TINFO: u64 = 0x44;
/// satp fields.
const SATP_MODE_SHIFT: u32 = 60;
const SATP_MODE_BARE: u64 = 0;
const SATP_MODE_SV39: u64 = 8;
/// pmpcfg lock bit and address-matching field.
const PMP_L: u8 = 0x80;
const PMP_A_TOR: u8 = 0x08;
const PMP_A: u8 = 0x18;

impl PrivState {
    /// Reads a CSR as an instruction at privilege `priv_level` would (csrrs/csrrc with rs1 = x0).
    /// `fflags`/`frm`/`fcsr` are not handled here (see the module docs).
    pub fn csr_read(&mut self, csr: u16, priv_level: u8, ctx: &CsrCtx) -> Result<u64, CsrError> {
        self.check_access(csr, priv_level, false)?;
        self.read_raw(csr, ctx).ok_or(CsrError::IllegalInstruction)
    }

    /// Writes `value` to a CSR as csrrw at privilege `priv_level` would.
    pub fn csr_write(&mut self, csr: u16, priv_level: u8, ctx: &CsrCtx, value: u64) -> Result<(), CsrError> {
        self.csr_rmw(csr, priv_level, ctx, !0, value).map(|_| ())
    }

    /// A read-modify-write from csrrw/csrrs/csrrc (and their immediate forms) that writes: the bits
    /// in `mask` take their value from `bits`, the rest keep theirs. Returns the value read before
    /// the write (what rd receives). For `mip`, the bits kept come from the software-written SEIP,
    /// not from the external line, as the spec requires of csrrs/csrrc.
    pub fn csr_rmw(&mut self, csr: u16, priv_level: u8, ctx: &CsrCtx, mask: u64, bits: u64) -> Result<u64, CsrError> {
        self.check_access(csr, priv_level, true)?;
        let old = self.read_raw(csr, ctx).ok_or(CsrError::IllegalInstruction)?;
        let base = match csr {
            num::MIP => self.mip_sw,
            num::SIP => self.mip_sw & self.mideleg,
            _ => old,
        };
        self.write_raw(csr, (base & !mask) | (bits & mask), ctx);
        Ok(old)
    }

    /// Reads a CSR for a debugger or the register map: no privilege checks, `None` if this module
    /// does not implement it (the FP CSRs included).
    pub fn debug_read(&self, csr: u16, ctx: &CsrCtx) -> Option<u64> {
        self.read_raw(csr, ctx)
    }

    /// Writes a CSR for a debugger: no privilege checks; `false` if it does not exist here or is
    /// read-only (number bits 11:10 = 3). WARL rules still apply.
    pub fn debug_write(&mut self, csr: u16, value: u64, ctx: &CsrCtx) -> bool {
        if csr >> 10 == 3 || self.read_raw(csr, ctx).is_none() {
            return false;
        }
        self.write_raw(csr, value, ctx);
        true
    }

    /// The spec's access rules that do not depend on the CSR's contents: privilege from number
    /// bits 9:8, read-only from bits 11:10, TVM for satp, counter enables for the user counters.
    fn check_access(&self, csr: u16, priv_level: u8, write: bool) -> Result<(), CsrError> {
        let err = Err(CsrError::IllegalInstruction);
        if u16::from(priv_level) < (csr >> 8) & 3 {
            return err;
        }
        if write && csr >> 10 == 3 {
            return err;
        }
        if csr == num::SATP && priv_level == prv::S && self.mstatus & ms::TVM != 0 {
            return err;
        }
        if (num::CYCLE..=0xc1f).contains(&csr) && priv_level < prv::M {
            let bit = 1u64 << (csr & 0x1f);
            if self.mcounteren & bit == 0 || (priv_level == prv::U && self.scounteren & bit == 0) {
                return err;
            }
        }
        Ok(())
    }

    /// The value of a CSR, `None` if it does not exist in this model.
    fn read_raw(&self, csr: u16, ctx: &CsrCtx) -> Option<u64> {
        Some(match csr {
            num::SSTATUS => self.mstatus() & SSTATUS_R,
            num::SIE => self.mie & self.mideleg,
            num::STVEC => self.stvec,
            num::SCOUNTEREN => self.scounteren,
            num::SENVCFG => self.senvcfg,
            num::SSCRATCH => self.sscratch,
            num::SEPC => self.sepc,
            num::SCAUSE => self.scause,
            num::STVAL => self.stval,
            num::SIP => self.mip() & self.mideleg,
            num::SATP => self.satp,
            num::MSTATUS => self.mstatus(),
            num::MISA => self.cfg.misa,
            num::MEDELEG => self.medeleg,
            num::MIDELEG => self.mideleg,
            num::MIE => self.mie,
            num::MTVEC => self.mtvec,
            num::MCOUNTEREN => self.mcounteren,
            num::MENVCFG => self.menvcfg,
            num::MCOUNTINHIBIT => self.mcountinhibit,
            num::MHPMEVENT3..=num::MHPMEVENT31 => self.mhpmevent[usize::from(csr - num::MHPMEVENT3)],
            num::MSCRATCH => self.mscratch,
            num::MEPC => self.mepc,
            num::MCAUSE => self.mcause,
            num::MTVAL => self.mtval,
            num::MIP => self.mip(),
            num::PMPCFG0 | num::PMPCFG2 => {
                let first = usize::from(csr - num::PMPCFG0) * 4;
                self.pmpcfg[first..first + 8].iter().rev().fold(0, |v, &b| (v << 8) | u64::from(b))
            }
            num::PMPADDR0..=num::PMPADDR15 => self.pmpaddr[usize::from(csr - num::PMPADDR0)],
            num::TSELECT => self.tselect,
            num::TDATA1 => TDATA1_IDLE,
            num::TDATA2 => self.tdata2[self.trigger()],
            num::TDATA3 => 0,
            num::TINFO => TINFO,
            num::MCONTEXT => self.mcontext,
            num::MCYCLE | num::CYCLE => self.mcycle(ctx),
            num::MINSTRET | num::INSTRET => self.minstret(ctx),
            num::TIME => ctx.time,
            num::MHPMCOUNTER3..=num::MHPMCOUNTER18 => self.mhpmcounter[usize::from(csr - num::MHPMCOUNTER3)],
            num::HPMCOUNTER3..=num::HPMCOUNTER18 => self.mhpmcounter[usize::from(csr - num::HPMCOUNTER3)],
            // QEMU 10.0's generic CPUs report 0 for the vendor, architecture and implementation
            // ids and have no configuration structure.
            num::MVENDORID | num::MARCHID | num::MIMPID | num::MCONFIGPTR => 0,
            num::MHARTID => self.cfg.hart_id,
            _ => return None,
        })
    }

    /// Stores a value into an existing, writable CSR with its WARL rules. Access was checked.
    fn write_raw(&mut self, csr: u16, v: u64, ctx: &CsrCtx) {
        match csr {
            num::SSTATUS => {
                let w = SSTATUS_W | self.fs_mask();
                self.mstatus = qemu_uxl((self.mstatus & !w) | (v & w), v);
            }
            num::SIE => {
                let w = S_INTS & self.mideleg;
                self.mie = (self.mie & !w) | (v & w);
            }
            num::STVEC => self.stvec = legal_tvec(self.stvec, v),
            num::SCOUNTEREN => self.scounteren = v & COUNTEREN_W,
            num::SENVCFG => self.senvcfg = v & ENVCFG_FIOM,
            num::SSCRATCH => self.sscratch = v,
            // QEMU 10.0 (measured) keeps bit 0 as written; the return masks it. Kept for lock-step
            // parity (the spec has it read as zero with C).
            num::SEPC => self.sepc = v,
            num::SCAUSE => self.scause = v,
            num::STVAL => self.stval = v,
            num::SIP => {
                // Only SSIP is writable through sip, and only when delegated.
                let w = (1 << 1) & self.mideleg;
                self.mip_sw = (self.mip_sw & !w) | (v & w);
            }
            num::SATP => self.write_satp(v),
            num::MSTATUS => self.write_mstatus(v),
            // misa is read-only in QEMU's default configuration (writes ignored, no trap).
            num::MISA => {}
            num::MEDELEG => self.medeleg = v & MEDELEG_W,
            num::MIDELEG => self.mideleg = v & MIDELEG_W,
            num::MIE => self.mie = v & MIE_W,
            num::MTVEC => self.mtvec = legal_tvec(self.mtvec, v),
            num::MCOUNTEREN => self.mcounteren = v & COUNTEREN_W,
            num::MENVCFG => self.menvcfg = v & self.menvcfg_mask(),
            num::MCOUNTINHIBIT => self.write_countinhibit(v & COUNTINHIBIT_W, ctx),
            num::MHPMEVENT3..=num::MHPMEVENT31 => {
                self.mhpmevent[usize::from(csr - num::MHPMEVENT3)] = v & MHPMEVENT_W;
            }
            num::MSCRATCH => self.mscratch = v,
            num::MEPC => self.mepc = v,
            num::MCAUSE => self.mcause = v,
            num::MTVAL => self.mtval = v,
            // M-mode may write SSIP, STIP (no Sstc) and the software SEIP (and what QEMU keeps).
            num::MIP => self.mip_sw = v & MIP_W,
            num::PMPCFG0 | num::PMPCFG2 => self.write_pmpcfg(usize::from(csr - num::PMPCFG0) * 4, v),
            num::PMPADDR0..=num::PMPADDR15 => self.write_pmpaddr(usize::from(csr - num::PMPADDR0), v),
            // QEMU ignores a tselect beyond its triggers.
            num::TSELECT if v < NUM_TRIGGERS as u64 => self.tselect = v,
            num::TDATA2 => {
                let t = self.trigger();
                self.tdata2[t] = v;
            }
            num::MCONTEXT => self.mcontext = v & MCONTEXT_W,
            num::MCYCLE => {
                // The write replaces this instruction's increment: the next instruction reads v.
                if self.mcountinhibit & 1 != 0 {
                    self.cycle_frozen = v;
                } else {
                    self.cycle_offset = v.wrapping_sub(ctx.cycle.wrapping_add(1));
                }
            }
            num::MINSTRET => {
                if self.mcountinhibit & 4 != 0 {
                    self.instret_frozen = v;
                } else {
                    self.instret_offset = v.wrapping_sub(ctx.instret.wrapping_add(1));
                }
            }
            num::MHPMCOUNTER3..=num::MHPMCOUNTER18 => self.mhpmcounter[usize::from(csr - num::MHPMCOUNTER3)] = v,
            // tselect out of range, tdata1 (hardwired), tdata3 and tinfo: writes are ignored, as
            // QEMU does for tdata3 and tinfo. Read-only numbers never get here.
            _ => {}
        }
    }

    /// FS as a writable field: only with F (QEMU measured: read-only zero without F).
    fn fs_mask(&self) -> u64 {
        if self.has_fpu() {
            ms::FS
        } else {
            0
        }
    }

    fn write_mstatus(&mut self, v: u64) {
        let w = MSTATUS_W | self.fs_mask();
        let mut new = (self.mstatus & !w) | (v & w);
        // MPP is WARL over {U, S, M}: the reserved value 2 leaves the field unchanged (QEMU
        // measured: MPP stays 3 or 0).
        let mpp = (v & ms::MPP) >> ms::MPP_SHIFT;
        let mpp = if mpp == 2 { (self.mstatus & ms::MPP) >> ms::MPP_SHIFT } else { mpp };
        new = (new & !ms::MPP) | (mpp << ms::MPP_SHIFT);
        self.mstatus = qemu_uxl(new, v);
    }

    fn write_satp(&mut self, v: u64) {
        // Only Bare and Sv39 are supported; a write selecting another mode is ignored entirely (the
        // spec allows it; QEMU with sv39=on measured: the old value stays). The other fields are
        // kept as written, also with Bare (QEMU measured).
        match v >> SATP_MODE_SHIFT {
            SATP_MODE_BARE | SATP_MODE_SV39 => self.satp = v,
            _ => {}
        }
    }

    fn menvcfg_mask(&self) -> u64 {
        let mut w = ENVCFG_FIOM;
        if self.cfg.ad_update == AdUpdate::Svadu {
            w |= MENVCFG_ADUE;
        }
        if self.cfg.svpbmt {
            w |= MENVCFG_PBMTE;
        }
        w
    }

    fn write_countinhibit(&mut self, v: u64, ctx: &CsrCtx) {
        let old = self.mcountinhibit;
        // Freezing keeps the value the counter had; thawing resumes from it at the next
        // instruction.
        if old & 1 == 0 && v & 1 != 0 {
            self.cycle_frozen = self.mcycle(ctx);
        } else if old & 1 != 0 && v & 1 == 0 {
            self.cycle_offset = self.cycle_frozen.wrapping_sub(ctx.cycle.wrapping_add(1));
        }
        if old & 4 == 0 && v & 4 != 0 {
            self.instret_frozen = self.minstret(ctx);
        } else if old & 4 != 0 && v & 4 == 0 {
            self.instret_offset = self.instret_frozen.wrapping_sub(ctx.instret.wrapping_add(1));
        }
        self.mcountinhibit = v;
    }

    fn mcycle(&self, ctx: &CsrCtx) -> u64 {
        if self.mcountinhibit & 1 != 0 {
            self.cycle_frozen
        } else {
            ctx.cycle.wrapping_add(self.cycle_offset)
        }
    }

    fn minstret(&self, ctx: &CsrCtx) -> u64 {
        if self.mcountinhibit & 4 != 0 {
            self.instret_frozen
        } else {
            ctx.instret.wrapping_add(self.instret_offset)
        }
    }

    /// The selected trigger, always in range (tselect is legalised on write).
    fn trigger(&self) -> usize {
        (self.tselect as usize).min(NUM_TRIGGERS - 1)
    }

    /// Whether pmpaddr `i` is locked: its own entry is locked, or the next one is a locked TOR
    /// entry using it as its base.
    fn pmpaddr_locked(&self, i: usize) -> bool {
        let own = self.pmpcfg[i] & PMP_L != 0;
        let next_tor = self.pmpcfg.get(i + 1).is_some_and(|&c| c & PMP_L != 0 && c & PMP_A == PMP_A_TOR);
        own || next_tor
    }

    fn write_pmpcfg(&mut self, first: usize, v: u64) {
        // Bytes are stored as written (QEMU 10.0 measured: no legalisation of R=0/W=1 or of the
        // reserved bits 6:5); a locked entry keeps its byte.
        for (k, cfg) in self.pmpcfg[first..first + 8].iter_mut().enumerate() {
            if *cfg & PMP_L == 0 {
                *cfg = (v >> (8 * k)) as u8;
            }
        }
    }

    fn write_pmpaddr(&mut self, i: usize, v: u64) {
        // QEMU 10.0 keeps all 64 bits (measured: ~0 reads back as ~0).
        if !self.pmpaddr_locked(i) {
            self.pmpaddr[i] = v;
        }
    }
}

/// mtvec/stvec WARL: MODE 0 (direct) and 1 (vectored) only; a write with MODE 2 or 3 is ignored
/// entirely (QEMU measured). The base needs only 4-byte alignment.
fn legal_tvec(old: u64, v: u64) -> u64 {
    if v & 3 < 2 {
        v
    } else {
        old
    }
}

#[cfg(test)]
mod tests {
    use super::super::{irq, IrqOrder, PrivConfig};
    use super::*;

    const CTX: CsrCtx = CsrCtx { cycle: 1000, instret: 900, time: 5555 };

    fn m() -> PrivState {
        PrivState::default()
    }

    /// Writes at M and reads back at M.
    fn wr(p: &mut PrivState, csr: u16, v: u64) -> u64 {
        p.csr_write(csr, prv::M, &CTX, v).unwrap();
        p.csr_read(csr, prv::M, &CTX).unwrap()
    }

    // ---------------------------------------------------------------- reset values

    #[test]
    fn reset_values_match_qemu() {
        // Measured on QEMU 10.0.2 (rv64,h=false) right after reset, before any guest write
        // (mstatus with FS untouched).
        let mut p = m();
        let rd = |p: &mut PrivState, c| p.csr_read(c, prv::M, &CTX).unwrap();
        assert_eq!(rd(&mut p, num::MSTATUS), 0xa_0000_0000);
        assert_eq!(rd(&mut p, num::SSTATUS), 0x2_0000_0000);
        assert_eq!(rd(&mut p, num::MISA), 0x8000_0000_0014_112d);
        for c in [
            num::MEDELEG,
            num::MIDELEG,
            num::MIE,
            num::MTVEC,
            num::MCOUNTEREN,
            num::MENVCFG,
            num::SENVCFG,
            num::MCOUNTINHIBIT,
            num::MVENDORID,
            num::MARCHID,
            num::MIMPID,
            num::MHARTID,
            num::MCONFIGPTR,
            num::TSELECT,
            num::TDATA2,
            num::TDATA3,
            num::MCONTEXT,
            num::SATP,
            num::PMPCFG0,
            num::PMPCFG2,
            num::PMPADDR0,
            num::MHPMEVENT3,
            num::MHPMEVENT31,
            num::MHPMCOUNTER3,
            num::MHPMCOUNTER18,
        ] {
            assert_eq!(rd(&mut p, c), 0, "csr {c:#x}");
        }
        assert_eq!(rd(&mut p, num::TDATA1), 0x2000_0000_0000_0000);
        assert_eq!(rd(&mut p, num::TINFO), 0x44);
        assert_eq!(PrivState::new(MISA_RV64IMAC, 5).csr_read(num::MHARTID, prv::M, &CTX), Ok(5));
    }

    const MISA_RV64IMAC: u64 = 0x8000_0000_0014_1105;

    #[test]
    fn svadu_and_svpbmt_reset_menvcfg() {
        // QEMU 10.0 default rv64 (Svadu): menvcfg = 0x2000000000000000 at reset; with svpbmt=true
        // also PBMTE: 0x6000000000000000.
        let mut cfg = PrivConfig { ad_update: AdUpdate::Svadu, ..PrivConfig::default() };
        assert_eq!(PrivState::with_config(cfg).debug_read(num::MENVCFG, &CTX), Some(0x2000_0000_0000_0000));
        cfg.svpbmt = true;
        let mut p = PrivState::with_config(cfg);
        assert_eq!(p.debug_read(num::MENVCFG, &CTX), Some(0x6000_0000_0000_0000));
        assert_eq!(wr(&mut p, num::MENVCFG, !0), 0x6000_0000_0000_0001);
    }

    // ---------------------------------------------------------------- mstatus / sstatus

    #[test]
    fn mstatus_writable_fields() {
        let mut p = m();
        // All ones: SIE MIE SPIE MPIE SPP MPP FS MPRV SUM MXR TVM TW TSR, UXL 3 as QEMU 10.0
        // writes it, SXL 2, SD from FS (QEMU measured 0x8000000b007e79aa).
        assert_eq!(wr(&mut p, num::MSTATUS, !0), 0x8000_000b_007e_79aa);
        // Zero keeps UXL/SXL (QEMU measured 0xb00000000 after the above).
        assert_eq!(wr(&mut p, num::MSTATUS, 0), 0xb_0000_0000);
        // SXL cannot be changed; a non-zero UXL is stored.
        assert_eq!(wr(&mut p, num::MSTATUS, 0x6_0000_0000), 0xa_0000_0000);
    }

    #[test]
    fn mstatus_mpp_is_legalised() {
        let mut p = m();
        for mpp in [0u64, 1, 3] {
            assert_eq!(wr(&mut p, num::MSTATUS, mpp << 11) >> 11 & 3, mpp);
        }
        // MPP = 2 is reserved: the field keeps its value (QEMU measured, from 3 and from 0).
        wr(&mut p, num::MSTATUS, 3 << 11);
        assert_eq!(wr(&mut p, num::MSTATUS, 2 << 11) >> 11 & 3, 3);
        wr(&mut p, num::MSTATUS, 0);
        assert_eq!(wr(&mut p, num::MSTATUS, (2 << 11) | ms::SIE) >> 11 & 3, 0);
        // The rest of that write still lands.
        assert_ne!(p.mstatus() & ms::SIE, 0);
    }

    #[test]
    fn fs_and_sd() {
        let mut p = m();
        assert!(!p.fp_enabled());
        for fs in 0..4u64 {
            let v = wr(&mut p, num::MSTATUS, fs << 13);
            assert_eq!(v >> 13 & 3, fs);
            // SD is set exactly when FS is Dirty (QEMU: 0x8000000a00006080 vs 0xa00004080).
            assert_eq!(v >> 63, u64::from(fs == 3));
            assert_eq!(p.fp_enabled(), fs != 0);
            let s = p.csr_read(num::SSTATUS, prv::S, &CTX).unwrap();
            assert_eq!(s >> 63, u64::from(fs == 3));
            assert_eq!(s >> 13 & 3, fs);
        }
        wr(&mut p, num::MSTATUS, 1 << 13);
        p.mark_fs_dirty();
        assert_eq!(p.fs(), 3);
        assert_eq!(p.mstatus() >> 63, 1);
        // With FS=Off nothing can have been written: mark_fs_dirty leaves it Off.
        wr(&mut p, num::MSTATUS, 0);
        p.mark_fs_dirty();
        assert_eq!(p.fs(), 0);
        // Without F, FS is read-only zero and mark_fs_dirty does nothing (QEMU measured on
        // rv64,h=false,f=false,d=false: mstatus all-ones write reads 0xb007e19aa).
        let mut q = PrivState::new(MISA_RV64IMAC, 0);
        assert_eq!(wr(&mut q, num::MSTATUS, !0), 0xb_007e_19aa);
        q.mark_fs_dirty();
        assert_eq!(q.fs(), 0);
        assert!(!q.fp_enabled());
        q.csr_write(num::SSTATUS, prv::S, &CTX, !0).unwrap();
        assert_eq!(q.fs(), 0);
    }

    #[test]
    fn sstatus_is_a_restricted_view() {
        let mut p = m();
        p.csr_write(num::SSTATUS, prv::S, &CTX, !0).unwrap();
        // QEMU measured sstatus 0x80000003000c6122 (its UXL became 3), mstatus 0x8000000b000c61a2.
        assert_eq!(p.csr_read(num::SSTATUS, prv::S, &CTX), Ok(0x8000_0003_000c_6122));
        assert_eq!(p.mstatus(), 0x8000_000b_000c_6122);
        // M-only fields are invisible and untouched through sstatus.
        wr(&mut p, num::MSTATUS, ms::MIE | ms::MPIE | ms::MPP | ms::MPRV | ms::TVM | ms::TW | ms::TSR);
        p.csr_write(num::SSTATUS, prv::S, &CTX, 0).unwrap();
        assert_eq!(p.csr_read(num::SSTATUS, prv::S, &CTX), Ok(0x3_0000_0000));
        assert_eq!(
            p.mstatus() & !(ms::UXL | ms::SXL),
            ms::MIE | ms::MPIE | ms::MPP | ms::MPRV | ms::TVM | ms::TW | ms::TSR
        );
    }

    // ---------------------------------------------------------------- other WARL fields

    #[test]
    fn misa_is_read_only_without_trap() {
        let mut p = m();
        assert_eq!(wr(&mut p, num::MISA, 0x8000_0000_0014_1129), MISA_RV64GC_TEST);
        assert_eq!(wr(&mut p, num::MISA, 0), MISA_RV64GC_TEST);
    }

    const MISA_RV64GC_TEST: u64 = 0x8000_0000_0014_112d;

    #[test]
    fn delegation_masks() {
        // QEMU 10.0's masks (measured), kept for lock-step parity.
        let mut p = m();
        assert_eq!(wr(&mut p, num::MEDELEG, !0), 0xf4bfff);
        assert_eq!(wr(&mut p, num::MIDELEG, !0), 0x2666);
        assert_eq!(wr(&mut p, num::MIDELEG, 0x888), 0, "M-level interrupts are not delegable");
    }

    #[test]
    fn mie_mip_sie_sip() {
        let mut p = m();
        assert_eq!(wr(&mut p, num::MIE, !0), 0xffff_ffff_ffff_eaaa);
        // mip: what QEMU lets software write; MSIP/MEIP only through the lines.
        assert_eq!(wr(&mut p, num::MIP, !0), 0x26e6);
        wr(&mut p, num::MIP, 0);
        p.set_mtip(true);
        p.set_msip(true);
        p.set_meip(true);
        assert_eq!(p.csr_read(num::MIP, prv::M, &CTX), Ok(0x888));
        p.set_msip(false);
        p.set_meip(false);
        p.set_mtip(false);
        // With nothing delegated, sie/sip read 0 and ignore writes (QEMU measured).
        wr(&mut p, num::MIP, 0x222);
        wr(&mut p, num::MIE, 0xaaa);
        assert_eq!(p.csr_read(num::SIE, prv::S, &CTX), Ok(0));
        assert_eq!(p.csr_read(num::SIP, prv::S, &CTX), Ok(0));
        p.csr_write(num::SIE, prv::S, &CTX, !0).unwrap();
        p.csr_write(num::SIP, prv::S, &CTX, 0).unwrap();
        assert_eq!(p.mie(), 0xaaa);
        assert_eq!(p.mip(), 0x222);
        // Delegated: sie aliases mie's S bits; sip shows SSIP/STIP/SEIP, only SSIP is writable.
        wr(&mut p, num::MIDELEG, !0);
        wr(&mut p, num::MIE, 0);
        wr(&mut p, num::MIP, 0);
        p.csr_write(num::SIE, prv::S, &CTX, !0).unwrap();
        assert_eq!(p.mie(), 0x222);
        p.csr_write(num::SIP, prv::S, &CTX, !0).unwrap();
        assert_eq!(p.csr_read(num::SIP, prv::S, &CTX), Ok(0x2));
        wr(&mut p, num::MIP, 0x222);
        assert_eq!(p.csr_read(num::SIP, prv::S, &CTX), Ok(0x222));
        // Bits beyond the six standard interrupts are stored but never fire.
        wr(&mut p, num::MIDELEG, 0);
        wr(&mut p, num::MIP, 1 << 13);
        wr(&mut p, num::MIE, 1 << 13);
        assert_eq!(p.pending_interrupt(prv::U), None);
    }

    #[test]
    fn seip_line_and_software_bit() {
        let mut p = m();
        p.set_seip(true);
        assert_eq!(p.csr_read(num::MIP, prv::M, &CTX), Ok(1 << irq::SEI));
        // csrrs mip, SSIP: the kept SEIP is the software bit (0), not the line.
        let old = p.csr_rmw(num::MIP, prv::M, &CTX, 1 << 1, !0).unwrap();
        assert_eq!(old, 1 << 9);
        p.set_seip(false);
        assert_eq!(p.mip(), 1 << 1, "software SEIP must not have latched the line");
        // csrw mip with SEIP sets the software bit; it stays when the line drops.
        wr(&mut p, num::MIP, 1 << 9);
        p.set_seip(true);
        p.set_seip(false);
        assert_eq!(p.mip(), 1 << 9);
    }

    #[test]
    fn tvec_modes() {
        let mut p = m();
        for csr in [num::MTVEC, num::STVEC] {
            assert_eq!(wr(&mut p, csr, 0x8000_0000), 0x8000_0000);
            assert_eq!(wr(&mut p, csr, 0x8000_0001), 0x8000_0001);
            // MODE 2 and 3 are reserved: the write is dropped (QEMU measured).
            assert_eq!(wr(&mut p, csr, 0x8000_0002), 0x8000_0001);
            assert_eq!(wr(&mut p, csr, 0x8000_0007), 0x8000_0001);
            assert_eq!(wr(&mut p, csr, !0), 0x8000_0001);
            // A vectored base needs only 4-byte alignment (QEMU measured 0x80000105 kept).
            assert_eq!(wr(&mut p, csr, 0x8000_0105), 0x8000_0105);
        }
    }

    #[test]
    fn epc_cause_tval_scratch() {
        let mut p = m();
        // Bit 0 of xepc is always zero (QEMU 10.0 keeps it; the spec does not).
        // Bit 0 reads back as written, as in QEMU 10.0.
        assert_eq!(wr(&mut p, num::MEPC, !0), !0);
        assert_eq!(wr(&mut p, num::SEPC, 0x8000_0003), 0x8000_0003);
        // Causes, tvals and scratches keep all 64 bits (QEMU measured).
        for csr in [num::MCAUSE, num::SCAUSE, num::MTVAL, num::STVAL, num::MSCRATCH, num::SSCRATCH] {
            assert_eq!(wr(&mut p, csr, !0), !0);
            assert_eq!(wr(&mut p, csr, 0x8000_0000_0000_000b), 0x8000_0000_0000_000b);
        }
    }

    #[test]
    fn satp_modes() {
        let mut p = m();
        // QEMU 10.0 with sv39=on, measured write -> read.
        assert_eq!(wr(&mut p, num::SATP, 0x12345), 0x12345);
        assert_eq!(wr(&mut p, num::SATP, 0x0fff_ffff_ffff_ffff), 0x0fff_ffff_ffff_ffff);
        assert_eq!(wr(&mut p, num::SATP, 0x8fff_ffff_ffff_ffff), 0x8fff_ffff_ffff_ffff);
        assert_eq!(wr(&mut p, num::SATP, 0x8000_0000_0001_2345), 0x8000_0000_0001_2345);
        for mode in [1u64, 2, 7, 9, 10, 11, 15] {
            assert_eq!(wr(&mut p, num::SATP, (mode << 60) | 0x777), 0x8000_0000_0001_2345, "mode {mode}");
        }
        assert_eq!(wr(&mut p, num::SATP, 0), 0);
        assert_eq!(wr(&mut p, num::SATP, 0x1000_0000_0001_2345), 0);
    }

    #[test]
    fn counter_enables_and_inhibit() {
        let mut p = m();
        assert_eq!(wr(&mut p, num::MCOUNTEREN, !0), 0x7ffff);
        assert_eq!(wr(&mut p, num::SCOUNTEREN, !0), 0x7ffff);
        assert_eq!(wr(&mut p, num::MCOUNTINHIBIT, !0), 0x7fffd);
        assert_eq!(wr(&mut p, num::MCOUNTINHIBIT, 0), 0);
    }

    #[test]
    fn envcfg_without_extensions() {
        let mut p = m();
        assert_eq!(wr(&mut p, num::MENVCFG, !0), 1);
        assert_eq!(wr(&mut p, num::SENVCFG, !0), 1);
        let cfg = PrivConfig { ad_update: AdUpdate::Svade, ..PrivConfig::default() };
        let mut q = PrivState::with_config(cfg);
        assert_eq!(wr(&mut q, num::MENVCFG, !0), 1);
    }

    #[test]
    fn hpm_counters_and_events() {
        let mut p = m();
        // QEMU measured: mhpmevent3 all-ones reads 0xf3ffffffffffffff; counters are plain storage
        // (nothing counts without an event).
        assert_eq!(wr(&mut p, num::MHPMEVENT3, !0), 0xf3ff_ffff_ffff_ffff);
        assert_eq!(wr(&mut p, num::MHPMEVENT31, 0x55), 0x55);
        assert_eq!(wr(&mut p, num::MHPMCOUNTER3, 0x1234), 0x1234);
        assert_eq!(p.csr_read(num::HPMCOUNTER3, prv::M, &CTX), Ok(0x1234));
        assert_eq!(wr(&mut p, num::MHPMCOUNTER18, 7), 7);
        assert_eq!(p.csr_read(num::HPMCOUNTER18, prv::M, &CTX), Ok(7));
        // Counters 19..31 do not exist (QEMU: pmu-num=16).
        for c in [0xb13u16, 0xb1f, 0xc13, 0xc1f] {
            assert!(p.csr_read(c, prv::M, &CTX).is_err(), "{c:#x}");
        }
    }

    #[test]
    fn cycle_and_instret_offsets() {
        let mut p = m();
        assert_eq!(p.csr_read(num::MCYCLE, prv::M, &CTX), Ok(1000));
        assert_eq!(p.csr_read(num::INSTRET, prv::M, &CTX), Ok(900));
        assert_eq!(p.csr_read(num::TIME, prv::M, &CTX), Ok(5555));
        // A write replaces the increment of the writing instruction: the next one reads it.
        p.csr_write(num::MCYCLE, prv::M, &CTX, 50).unwrap();
        p.csr_write(num::MINSTRET, prv::M, &CTX, 60).unwrap();
        let next = CsrCtx { cycle: 1001, instret: 901, time: 0 };
        assert_eq!(p.csr_read(num::CYCLE, prv::M, &next), Ok(50));
        assert_eq!(p.csr_read(num::MINSTRET, prv::M, &next), Ok(60));
        let later = CsrCtx { cycle: 1011, instret: 906, time: 0 };
        assert_eq!(p.csr_read(num::MCYCLE, prv::M, &later), Ok(60));
        assert_eq!(p.csr_read(num::INSTRET, prv::M, &later), Ok(65));
        // Inhibit freezes, writes while frozen land, thaw resumes from the frozen value.
        p.csr_write(num::MCOUNTINHIBIT, prv::M, &later, 5).unwrap();
        let much_later = CsrCtx { cycle: 5000, instret: 4000, time: 0 };
        assert_eq!(p.csr_read(num::MCYCLE, prv::M, &much_later), Ok(60));
        assert_eq!(p.csr_read(num::MINSTRET, prv::M, &much_later), Ok(65));
        p.csr_write(num::MCYCLE, prv::M, &much_later, 100).unwrap();
        assert_eq!(p.csr_read(num::MCYCLE, prv::M, &much_later), Ok(100));
        p.csr_write(num::MCOUNTINHIBIT, prv::M, &much_later, 0).unwrap();
        let after = CsrCtx { cycle: 5001, instret: 4001, time: 0 };
        assert_eq!(p.csr_read(num::MCYCLE, prv::M, &after), Ok(100));
        assert_eq!(p.csr_read(num::MINSTRET, prv::M, &after), Ok(65));
    }

    #[test]
    fn triggers() {
        let mut p = m();
        // QEMU measured: 2 triggers; tselect ~0 ignored; tdata2 storage; tdata3 reads 0 after a
        // write; tinfo ignores writes; mcontext has 13 bits; tdata1 rejects type 0 and dmode.
        assert_eq!(wr(&mut p, num::TSELECT, !0), 0);
        assert_eq!(wr(&mut p, num::TSELECT, 1), 1);
        assert_eq!(wr(&mut p, num::TDATA2, 0x1234), 0x1234);
        assert_eq!(wr(&mut p, num::TSELECT, 0), 0);
        assert_eq!(p.csr_read(num::TDATA2, prv::M, &CTX), Ok(0));
        assert_eq!(wr(&mut p, num::TDATA3, 0x1234), 0);
        assert_eq!(wr(&mut p, num::TINFO, 0), 0x44);
        assert_eq!(wr(&mut p, num::MCONTEXT, !0), 0x1fff);
        assert_eq!(wr(&mut p, num::TDATA1, 0), 0x2000_0000_0000_0000);
        assert_eq!(wr(&mut p, num::TDATA1, 0x2800_0000_0000_0000), 0x2000_0000_0000_0000);
        assert!(p.tselect < NUM_TRIGGERS as u64);
    }

    #[test]
    fn pmp_storage_and_locks() {
        let mut p = m();
        // Stored as written (QEMU measured for these patterns).
        for v in [0x0102_0304_0506_0708u64, 0x0f1f_0b1b_0000_0000, 0x1f1f, 0x6060, 0] {
            assert_eq!(wr(&mut p, num::PMPCFG2, v), v);
        }
        assert_eq!(wr(&mut p, num::PMPADDR0 + 1, !0), !0);
        assert_eq!(wr(&mut p, num::PMPADDR15, !0), !0);
        // Odd pmpcfg numbers do not exist on RV64, nor do entries beyond 16.
        for c in [0x3a1u16, 0x3a3, 0x3a4, 0x3c0, 0x3ef] {
            assert!(p.csr_read(c, prv::M, &CTX).is_err(), "{c:#x}");
        }
        // Lock entry 8 (NAPOT, L): its byte and address are frozen, its neighbours are not.
        wr(&mut p, num::PMPADDR0 + 8, 0x1000);
        assert_eq!(wr(&mut p, num::PMPCFG2, 0x1f9f), 0x1f9f);
        assert_eq!(wr(&mut p, num::PMPCFG2, 0), 0x9f);
        assert_eq!(wr(&mut p, num::PMPADDR0 + 8, 0x2000), 0x1000);
        assert_eq!(wr(&mut p, num::PMPADDR0 + 9, 0x3000), 0x3000);
        // A locked TOR entry locks the previous address too.
        assert_eq!(wr(&mut p, num::PMPCFG0, 0x8800), 0x8800);
        assert_eq!(wr(&mut p, num::PMPADDR0, 0x4000), 0);
        assert_eq!(wr(&mut p, num::PMPADDR0 + 1, 0x4000), !0);
    }

    // ---------------------------------------------------------------- access rules

    #[test]
    fn privilege_and_read_only_rules() {
        let mut p = m();
        // S cannot touch M CSRs; U cannot touch S CSRs.
        assert!(p.csr_read(num::MSTATUS, prv::S, &CTX).is_err());
        assert!(p.csr_read(num::SSTATUS, prv::U, &CTX).is_err());
        assert!(p.csr_read(num::SATP, prv::U, &CTX).is_err());
        assert!(p.csr_read(num::SSTATUS, prv::S, &CTX).is_ok());
        // Read-only numbers: readable, any write traps (QEMU measured for mvendorid, mhartid,
        // mconfigptr, cycle from S).
        for c in [num::MVENDORID, num::MARCHID, num::MIMPID, num::MHARTID, num::MCONFIGPTR, num::CYCLE] {
            assert!(p.csr_read(c, prv::M, &CTX).is_ok());
            assert!(p.csr_write(c, prv::M, &CTX, 1).is_err());
            assert!(p.csr_rmw(c, prv::M, &CTX, 0, 0).is_err(), "csrrs with rs1 != x0 still writes");
        }
        // Unknown or absent CSRs (QEMU measured as illegal on rv64,h=false): H, debug mode, RV32
        // halves, Sstc/Smstateen/Zkr/Sscofpmf/Smepmp ones, custom space.
        for c in
            [0x34au16, 0x34b, 0x600, 0x7b0, 0x7b1, 0xb80, 0xc80, 0x14d, 0x30c, 0x015, 0xda0, 0x747, 0x5a8, 0x7c0, 0xfff]
        {
            assert!(p.csr_read(c, prv::M, &CTX).is_err(), "{c:#x}");
            assert!(p.csr_write(c, prv::M, &CTX, 0).is_err(), "{c:#x}");
        }
        // FP CSRs are not this module's.
        assert!(p.csr_read(num::FFLAGS, prv::M, &CTX).is_err());
    }

    #[test]
    fn tvm_traps_satp_in_s_only() {
        let mut p = m();
        wr(&mut p, num::MSTATUS, ms::TVM);
        assert!(p.csr_read(num::SATP, prv::S, &CTX).is_err());
        assert!(p.csr_write(num::SATP, prv::S, &CTX, 0).is_err());
        assert!(p.csr_read(num::SATP, prv::M, &CTX).is_ok());
        wr(&mut p, num::MSTATUS, 0);
        assert!(p.csr_read(num::SATP, prv::S, &CTX).is_ok());
    }

    #[test]
    fn counter_access_from_s_and_u() {
        // QEMU measured: S needs mcounteren's bit; U needs mcounteren's and scounteren's.
        let mut p = m();
        let s_ok = |p: &mut PrivState, c| p.csr_read(c, prv::S, &CTX).is_ok();
        let u_ok = |p: &mut PrivState, c| p.csr_read(c, prv::U, &CTX).is_ok();
        assert!(!s_ok(&mut p, num::CYCLE) && !u_ok(&mut p, num::CYCLE));
        wr(&mut p, num::MCOUNTEREN, 7);
        assert!(s_ok(&mut p, num::CYCLE) && s_ok(&mut p, num::TIME) && s_ok(&mut p, num::INSTRET));
        assert!(!s_ok(&mut p, num::HPMCOUNTER3));
        assert!(!u_ok(&mut p, num::CYCLE));
        wr(&mut p, num::SCOUNTEREN, 7);
        assert!(u_ok(&mut p, num::CYCLE) && u_ok(&mut p, num::TIME));
        wr(&mut p, num::MCOUNTEREN, 2);
        assert!(u_ok(&mut p, num::TIME) && !u_ok(&mut p, num::CYCLE));
        // Counters never accept writes, even when readable.
        wr(&mut p, num::MCOUNTEREN, 7);
        assert!(p.csr_write(num::CYCLE, prv::S, &CTX, 0).is_err());
        // M needs no enable; 19..31 never exist.
        wr(&mut p, num::MCOUNTEREN, !0);
        wr(&mut p, num::SCOUNTEREN, !0);
        assert!(u_ok(&mut p, num::HPMCOUNTER18));
        assert!(!u_ok(&mut p, 0xc13));
    }

    /// CSR numbers QEMU 10.0.2 reads without trapping, measured by executing `csrr` on each of the
    /// 4096 numbers on `virt` with QEMU's RV64GC configuration (`scripts/lockstep`): in M-mode; in S-mode with
    /// mcounteren = 0 and ~0; in U-mode with both counter enables ~0.
    const QEMU_M_READABLE: &[u16] = &[
        0x1, 0x2, 0x3, 0x100, 0x104, 0x105, 0x106, 0x10a, 0x140, 0x141, 0x142, 0x143, 0x144, 0x180, 0x300, 0x301,
        0x302, 0x303, 0x304, 0x305, 0x306, 0x30a, 0x320, 0x323, 0x324, 0x325, 0x326, 0x327, 0x328, 0x329, 0x32a, 0x32b,
        0x32c, 0x32d, 0x32e, 0x32f, 0x330, 0x331, 0x332, 0x333, 0x334, 0x335, 0x336, 0x337, 0x338, 0x339, 0x33a, 0x33b,
        0x33c, 0x33d, 0x33e, 0x33f, 0x340, 0x341, 0x342, 0x343, 0x344, 0x3a0, 0x3a2, 0x3b0, 0x3b1, 0x3b2, 0x3b3, 0x3b4,
        0x3b5, 0x3b6, 0x3b7, 0x3b8, 0x3b9, 0x3ba, 0x3bb, 0x3bc, 0x3bd, 0x3be, 0x3bf, 0x7a0, 0x7a1, 0x7a2, 0x7a3, 0x7a4,
        0x7a8, 0xb00, 0xb02, 0xb03, 0xb04, 0xb05, 0xb06, 0xb07, 0xb08, 0xb09, 0xb0a, 0xb0b, 0xb0c, 0xb0d, 0xb0e, 0xb0f,
        0xb10, 0xb11, 0xb12, 0xc00, 0xc01, 0xc02, 0xc03, 0xc04, 0xc05, 0xc06, 0xc07, 0xc08, 0xc09, 0xc0a, 0xc0b, 0xc0c,
        0xc0d, 0xc0e, 0xc0f, 0xc10, 0xc11, 0xc12, 0xf11, 0xf12, 0xf13, 0xf14, 0xf15,
    ];
    const QEMU_S_READABLE_MC0: &[u16] =
        &[0x1, 0x2, 0x3, 0x100, 0x104, 0x105, 0x106, 0x10a, 0x140, 0x141, 0x142, 0x143, 0x144, 0x180];

    fn readable(p: &mut PrivState, priv_level: u8) -> Vec<u16> {
        let fp = [num::FFLAGS, num::FRM, num::FCSR];
        (0..4096u16).filter(|&c| fp.contains(&c) || p.csr_read(c, priv_level, &CTX).is_ok()).collect()
    }

    #[test]
    fn readable_sets_match_qemu_scan() {
        let mut p = m();
        assert_eq!(readable(&mut p, prv::M), QEMU_M_READABLE);
        assert_eq!(readable(&mut p, prv::S), QEMU_S_READABLE_MC0);
        wr(&mut p, num::MCOUNTEREN, !0);
        let s: Vec<u16> = QEMU_S_READABLE_MC0.iter().copied().chain(0xc00..=0xc12).collect();
        assert_eq!(readable(&mut p, prv::S), s);
        wr(&mut p, num::SCOUNTEREN, !0);
        let u: Vec<u16> = [0x1u16, 0x2, 0x3].into_iter().chain(0xc00..=0xc12).collect();
        assert_eq!(readable(&mut p, prv::U), u);
    }

    #[test]
    fn debug_access() {
        let mut p = m();
        assert_eq!(p.debug_read(num::MSTATUS, &CTX), Some(0xa_0000_0000));
        assert_eq!(p.debug_read(num::FFLAGS, &CTX), None);
        assert!(p.debug_write(num::MEPC, 0x8000_0001, &CTX));
        assert_eq!(p.debug_read(num::MEPC, &CTX), Some(0x8000_0001));
        assert!(!p.debug_write(num::MHARTID, 3, &CTX));
        assert!(!p.debug_write(0x7c0, 3, &CTX));
    }

    #[test]
    fn no_panic_on_any_access() {
        // Every number, a spread of values, every privilege value the engine could pass (2
        // included): nothing may panic and invariants hold.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for cfg_n in 0..4 {
            let cfg = PrivConfig {
                ad_update: [AdUpdate::Hardware, AdUpdate::Svadu, AdUpdate::Svade, AdUpdate::Hardware][cfg_n],
                svpbmt: cfg_n == 3,
                irq_order: if cfg_n & 1 == 0 { IrqOrder::Spec } else { IrqOrder::LowestCode },
                ..PrivConfig::default()
            };
            let mut p = PrivState::with_config(cfg);
            for csr in 0..4096u16 {
                for priv_level in [0u8, 1, 2, 3, 7] {
                    let v = next();
                    let ctx = CsrCtx { cycle: next(), instret: next(), time: next() };
                    let _ = p.csr_read(csr, priv_level, &ctx);
                    let _ = p.csr_rmw(csr, priv_level, &ctx, next(), v);
                    let _ = p.csr_write(csr, priv_level, &ctx, !0);
                    let _ = p.debug_write(csr, v, &ctx);
                }
            }
            // SXL is fixed; UXL keeps a non-zero value, as QEMU does.
            assert_eq!(p.mstatus() & ms::SXL, 0x8 << 32);
            assert_ne!(p.mstatus() & ms::UXL, 0);
            assert_ne!(p.mstatus() >> ms::MPP_SHIFT & 3, 2);
            assert!(p.tselect < NUM_TRIGGERS as u64);
        }
    }
}
