//! Trap entry and return, interrupt selection, `wfi` and `sfence.vma` permission.

use super::csrs::S_INTS;
use super::{irq, mstatus as ms, prv, CsrError, IrqOrder, PrivState};

/// A trap to take: a synchronous exception or an interrupt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trap {
    /// An exception: its code (see [`super::exc`]) and the value for `xtval` (faulting address,
    /// instruction bits, or 0).
    Exception {
        /// Exception code.
        code: u64,
        /// Value written to `mtval`/`stval`.
        tval: u64,
    },
    /// An interrupt: its code (see [`super::irq`]); `xtval` becomes 0.
    Interrupt {
        /// Interrupt code.
        code: u64,
    },
}

/// The interrupt bit of `xcause`.
const CAUSE_INTERRUPT: u64 = 1 << 63;

/// The spec's priority among interrupts destined for one privilege level: MEI, MSI, MTI, SEI, SSI,
/// STI.
const SPEC_ORDER: [u64; 6] = [irq::MEI, irq::MSI, irq::MTI, irq::SEI, irq::SSI, irq::STI];

impl Trap {
    /// An illegal-instruction exception for the given instruction bits.
    pub const fn illegal(insn_bits: u64) -> Trap {
        Trap::Exception { code: super::exc::ILLEGAL, tval: insn_bits }
    }

    /// The value written to `xcause`: the code, with bit 63 set for interrupts.
    pub const fn cause(&self) -> u64 {
        match *self {
            Trap::Exception { code, .. } => code,
            Trap::Interrupt { code } => code | CAUSE_INTERRUPT,
        }
    }
}

impl PrivState {
    /// Takes a trap at privilege `cur_priv` with `pc` the address to record in `xepc` (the faulting
    /// instruction for exceptions, the next instruction for interrupts). Traps taken in U or S go
    /// to S when `medeleg`/`mideleg` delegate them; traps taken in M never leave M. Updates
    /// `xepc`, `xcause`, `xtval` and the mstatus stack (xPIE <- xIE, xIE <- 0, xPP <- privilege)
    /// and returns the new privilege and pc (`xtvec`'s base, plus 4 x code for an interrupt in
    /// vectored mode).
    pub fn take_trap(&mut self, cur_priv: u8, pc: u64, cause: Trap) -> (u8, u64) {
        let (code, tval, is_irq) = match cause {
            Trap::Exception { code, tval } => (code, tval, false),
            Trap::Interrupt { code } => (code, 0, true),
        };
        let deleg = if is_irq { self.mideleg } else { self.medeleg };
        // A code beyond the delegation registers (never produced by this module) is not delegated.
        let delegated = cur_priv < prv::M && code < 64 && deleg >> code & 1 != 0;
        if delegated {
            self.scause = cause.cause();
            self.sepc = pc & !1;
            self.stval = tval;
            let sie = self.mstatus & ms::SIE != 0;
            let mut st = self.mstatus & !(ms::SIE | ms::SPIE | ms::SPP);
            if sie {
                st |= ms::SPIE;
            }
            if cur_priv == prv::S {
                st |= ms::SPP;
            }
            self.mstatus = st;
            (prv::S, tvec_target(self.stvec, is_irq, code))
        } else {
            self.mcause = cause.cause();
            self.mepc = pc & !1;
            self.mtval = tval;
            let mie = self.mstatus & ms::MIE != 0;
            let mut st = self.mstatus & !(ms::MIE | ms::MPIE | ms::MPP);
            if mie {
                st |= ms::MPIE;
            }
            // MPP holds a legal privilege; an out-of-range value from the caller counts as M.
            let pp = if cur_priv == prv::U || cur_priv == prv::S { cur_priv } else { prv::M };
            st |= u64::from(pp) << ms::MPP_SHIFT;
            self.mstatus = st;
            (prv::M, tvec_target(self.mtvec, is_irq, code))
        }
    }

    /// `mret` at privilege `priv_level`: returns to MPP at `mepc`, MIE <- MPIE, MPIE <- 1, MPP <- U,
    /// and MPRV <- 0 when returning below M (privileged spec 1.12). Illegal below M.
    pub fn mret(&mut self, priv_level: u8) -> Result<(u8, u64), CsrError> {
        if priv_level < prv::M {
            return Err(CsrError::IllegalInstruction);
        }
        let mpp = ((self.mstatus & ms::MPP) >> ms::MPP_SHIFT) as u8;
        let mut st = self.mstatus & !(ms::MIE | ms::MPP);
        if self.mstatus & ms::MPIE != 0 {
            st |= ms::MIE;
        }
        st |= ms::MPIE;
        if mpp != prv::M {
            st &= !ms::MPRV;
        }
        self.mstatus = st;
        Ok((mpp, self.mepc & !1))
    }

    /// `sret` at privilege `priv_level`: returns to SPP at `sepc`, SIE <- SPIE, SPIE <- 1, SPP <- U,
    /// MPRV <- 0. Illegal in U-mode, and in S-mode when mstatus.TSR is set.
    pub fn sret(&mut self, priv_level: u8) -> Result<(u8, u64), CsrError> {
        if priv_level < prv::S || (priv_level == prv::S && self.mstatus & ms::TSR != 0) {
            return Err(CsrError::IllegalInstruction);
        }
        let spp = if self.mstatus & ms::SPP != 0 { prv::S } else { prv::U };
        let mut st = self.mstatus & !(ms::SIE | ms::SPP | ms::MPRV);
        if self.mstatus & ms::SPIE != 0 {
            st |= ms::SIE;
        }
        st |= ms::SPIE;
        self.mstatus = st;
        Ok((spp, self.sepc & !1))
    }

    /// The interrupt to take now at privilege `priv_level`, if any: pending (mip) and enabled (mie),
    /// globally enabled for its target level, in priority order. M-level interrupts (not delegated)
    /// are enabled below M always and in M when mstatus.MIE; S-level ones (delegated through
    /// mideleg) are enabled in U always, in S when mstatus.SIE, never in M. Every M-level candidate
    /// comes before every S-level one.
    pub fn pending_interrupt(&self, priv_level: u8) -> Option<u64> {
        // Only the six standard interrupts fire; other bits QEMU lets software store are inert.
        let pending = self.mip() & self.mie & super::csrs::ALL_INTS;
        if pending == 0 {
            return None;
        }
        let m_enabled = priv_level < prv::M || self.mstatus & ms::MIE != 0;
        let s_enabled = priv_level < prv::S || (priv_level == prv::S && self.mstatus & ms::SIE != 0);
        let m_pending = pending & !self.mideleg;
        let s_pending = pending & self.mideleg & S_INTS;
        if m_enabled && m_pending != 0 {
            return self.highest(m_pending);
        }
        if s_enabled && s_pending != 0 {
            return self.highest(s_pending);
        }
        None
    }

    fn highest(&self, set: u64) -> Option<u64> {
        match self.cfg.irq_order {
            IrqOrder::Spec => SPEC_ORDER.iter().copied().find(|&c| set >> c & 1 != 0),
            IrqOrder::LowestCode => Some(u64::from(set.trailing_zeros())),
        }
    }

    /// Whether `wfi` may execute at `priv_level`: always in M; in S unless mstatus.TW; never in U
    /// (S-mode exists, so U-mode wfi is illegal whatever TW says; QEMU measured the same).
    pub fn wfi_allowed(&self, priv_level: u8) -> bool {
        match priv_level {
            prv::U => false,
            prv::S => self.mstatus & ms::TW == 0,
            _ => true,
        }
    }

    /// Whether a hart stalled in `wfi` resumes: some interrupt is pending and enabled in mie,
    /// regardless of mstatus.MIE/SIE and delegation.
    pub fn wfi_should_wake(&self) -> bool {
        self.mip() & self.mie != 0
    }

    /// Whether `sfence.vma` may execute at `priv_level`: not in U, not in S when mstatus.TVM.
    pub fn sfence_allowed(&self, priv_level: u8) -> bool {
        match priv_level {
            prv::U => false,
            prv::S => self.mstatus & ms::TVM == 0,
            _ => true,
        }
    }
}

/// Where a trap goes: the base of `tvec`, plus 4 x code for interrupts in vectored mode.
fn tvec_target(tvec: u64, is_irq: bool, code: u64) -> u64 {
    let base = tvec & !3;
    if is_irq && tvec & 3 == 1 {
        base.wrapping_add(code.wrapping_mul(4))
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::super::{exc, num, CsrCtx, PrivConfig};
    use super::*;

    const CTX: CsrCtx = CsrCtx { cycle: 0, instret: 0, time: 0 };

    fn setup() -> PrivState {
        let mut p = PrivState::default();
        p.csr_write(num::MTVEC, prv::M, &CTX, 0x8000_0100).unwrap();
        p.csr_write(num::STVEC, prv::M, &CTX, 0x8000_0200).unwrap();
        p
    }

    fn rd(p: &mut PrivState, csr: u16) -> u64 {
        p.csr_read(csr, prv::M, &CTX).unwrap()
    }

    fn mpp(p: &PrivState) -> u8 {
        (p.mstatus() >> 11 & 3) as u8
    }

    #[test]
    fn trap_cause_values() {
        assert_eq!(Trap::illegal(0x1234).cause(), 2);
        assert_eq!(Trap::Interrupt { code: 7 }.cause(), 0x8000_0000_0000_0007);
    }

    #[test]
    fn u_to_m_and_back_without_delegation() {
        let mut p = setup();
        p.csr_write(num::MSTATUS, prv::M, &CTX, ms::MIE).unwrap();
        let t = Trap::Exception { code: exc::ECALL_U, tval: 0 };
        assert_eq!(p.take_trap(prv::U, 0x1000, t), (prv::M, 0x8000_0100));
        assert_eq!(rd(&mut p, num::MEPC), 0x1000);
        assert_eq!(rd(&mut p, num::MCAUSE), 8);
        assert_eq!(rd(&mut p, num::MTVAL), 0);
        assert_eq!(mpp(&p), prv::U);
        assert_eq!(p.mstatus() & (ms::MIE | ms::MPIE), ms::MPIE);
        // The handler skips the ecall and returns.
        p.csr_write(num::MEPC, prv::M, &CTX, 0x1004).unwrap();
        assert_eq!(p.mret(prv::M), Ok((prv::U, 0x1004)));
        assert_eq!(p.mstatus() & (ms::MIE | ms::MPIE), ms::MIE | ms::MPIE);
        assert_eq!(mpp(&p), prv::U, "MPP becomes U after mret");
    }

    #[test]
    fn s_trap_to_m_records_spp_in_mpp() {
        let mut p = setup();
        let t = Trap::Exception { code: exc::LOAD_PAGE, tval: 0xdead_b000 };
        assert_eq!(p.take_trap(prv::S, 0x8000_4000, t), (prv::M, 0x8000_0100));
        assert_eq!(mpp(&p), prv::S);
        assert_eq!(rd(&mut p, num::MTVAL), 0xdead_b000);
        assert_eq!(rd(&mut p, num::MCAUSE), 13);
        assert_eq!(p.mret(prv::M), Ok((prv::S, 0x8000_4000)));
    }

    #[test]
    fn delegated_u_trap_goes_to_s_and_sret_returns() {
        let mut p = setup();
        p.csr_write(num::MEDELEG, prv::M, &CTX, 1 << exc::ECALL_U).unwrap();
        p.csr_write(num::SSTATUS, prv::S, &CTX, ms::SIE).unwrap();
        let t = Trap::Exception { code: exc::ECALL_U, tval: 0 };
        assert_eq!(p.take_trap(prv::U, 0x2000, t), (prv::S, 0x8000_0200));
        assert_eq!(rd(&mut p, num::SEPC), 0x2000);
        assert_eq!(rd(&mut p, num::SCAUSE), 8);
        assert_eq!(p.mstatus() & (ms::SIE | ms::SPIE | ms::SPP), ms::SPIE);
        // M state untouched.
        assert_eq!(rd(&mut p, num::MCAUSE), 0);
        assert_eq!(rd(&mut p, num::MEPC), 0);
        assert_eq!(p.sret(prv::S), Ok((prv::U, 0x2000)));
        assert_eq!(p.mstatus() & (ms::SIE | ms::SPIE | ms::SPP), ms::SIE | ms::SPIE);
    }

    #[test]
    fn delegated_s_trap_stays_in_s_with_spp() {
        let mut p = setup();
        p.csr_write(num::MEDELEG, prv::M, &CTX, 1 << exc::ILLEGAL).unwrap();
        assert_eq!(p.take_trap(prv::S, 0x3000, Trap::illegal(0xffff_ffff)), (prv::S, 0x8000_0200));
        assert_ne!(p.mstatus() & ms::SPP, 0);
        assert_eq!(rd(&mut p, num::STVAL), 0xffff_ffff);
        assert_eq!(p.sret(prv::S), Ok((prv::S, 0x3000)));
        assert_eq!(p.mstatus() & ms::SPP, 0, "SPP becomes U after sret");
    }

    #[test]
    fn traps_in_m_are_never_delegated() {
        let mut p = setup();
        p.csr_write(num::MEDELEG, prv::M, &CTX, !0).unwrap();
        p.csr_write(num::MIDELEG, prv::M, &CTX, !0).unwrap();
        assert_eq!(p.take_trap(prv::M, 0x4000, Trap::illegal(0)), (prv::M, 0x8000_0100));
        assert_eq!(mpp(&p), prv::M);
        assert_eq!(p.take_trap(prv::M, 0x4000, Trap::Interrupt { code: irq::SSI }), (prv::M, 0x8000_0100));
        assert_eq!(rd(&mut p, num::MCAUSE), 0x8000_0000_0000_0001);
        // Ecall from M is only raised in M, where nothing is delegated (QEMU stores medeleg[11]).
        let t = Trap::Exception { code: exc::ECALL_M, tval: 0 };
        assert_eq!(p.take_trap(prv::M, 0x4000, t).0, prv::M);
        // Absurd codes do not panic and are not delegated.
        assert_eq!(p.take_trap(prv::U, 0x4000, Trap::Exception { code: 200, tval: 0 }).0, prv::M);
        assert_eq!(p.take_trap(prv::U, 0x4000, Trap::Interrupt { code: u64::MAX }).0, prv::M);
    }

    #[test]
    fn nested_traps_round_trip_u_s_m() {
        // U takes a delegated page fault into S; the S handler takes an undelegated illegal
        // instruction into M; both return.
        let mut p = setup();
        p.csr_write(num::MEDELEG, prv::M, &CTX, 1 << exc::STORE_PAGE).unwrap();
        p.csr_write(num::MSTATUS, prv::M, &CTX, ms::MIE | ms::SIE).unwrap();
        let pf = Trap::Exception { code: exc::STORE_PAGE, tval: 0x10 };
        assert_eq!(p.take_trap(prv::U, 0x100, pf), (prv::S, 0x8000_0200));
        assert_eq!(p.take_trap(prv::S, 0x8000_0208, Trap::illegal(0)), (prv::M, 0x8000_0100));
        assert_eq!(mpp(&p), prv::S);
        assert_eq!(p.mret(prv::M), Ok((prv::S, 0x8000_0208)));
        assert_eq!(p.sret(prv::S), Ok((prv::U, 0x100)));
        assert_eq!(p.mstatus() & (ms::MIE | ms::SIE), ms::MIE | ms::SIE);
    }

    #[test]
    fn mret_sret_privilege_rules() {
        let mut p = setup();
        // QEMU measured: mret in S and U, sret in U, sret in S with TSR: illegal instruction.
        assert!(p.mret(prv::S).is_err());
        assert!(p.mret(prv::U).is_err());
        assert!(p.sret(prv::U).is_err());
        p.csr_write(num::MSTATUS, prv::M, &CTX, ms::TSR).unwrap();
        assert!(p.sret(prv::S).is_err());
        assert!(p.sret(prv::M).is_ok(), "TSR does not affect M");
        p.csr_write(num::MSTATUS, prv::M, &CTX, 0).unwrap();
        assert!(p.sret(prv::S).is_ok());
    }

    #[test]
    fn mret_clears_mprv_below_m_only() {
        // QEMU measured: mstatus.MPRV is 0 after mret to U and to S.
        let mut p = setup();
        for (pp, cleared) in [(prv::U, true), (prv::S, true), (prv::M, false)] {
            p.csr_write(num::MSTATUS, prv::M, &CTX, ms::MPRV | (u64::from(pp) << 11)).unwrap();
            assert_eq!(p.mret(prv::M).unwrap().0, pp);
            assert_eq!(p.mstatus() & ms::MPRV == 0, cleared, "mpp {pp}");
        }
        p.csr_write(num::MSTATUS, prv::M, &CTX, ms::MPRV | ms::SPP).unwrap();
        assert_eq!(p.sret(prv::M).unwrap().0, prv::S);
        assert_eq!(p.mstatus() & ms::MPRV, 0);
    }

    #[test]
    fn vectored_interrupts_and_direct_exceptions() {
        let mut p = setup();
        p.csr_write(num::MTVEC, prv::M, &CTX, 0x8000_0101).unwrap();
        p.csr_write(num::STVEC, prv::M, &CTX, 0x8000_0201).unwrap();
        assert_eq!(p.take_trap(prv::M, 0, Trap::Interrupt { code: irq::MTI }), (prv::M, 0x8000_011c));
        assert_eq!(p.take_trap(prv::M, 0, Trap::Interrupt { code: irq::MEI }), (prv::M, 0x8000_012c));
        // Exceptions go to the base even in vectored mode.
        assert_eq!(p.take_trap(prv::M, 0, Trap::illegal(0)), (prv::M, 0x8000_0100));
        p.csr_write(num::MIDELEG, prv::M, &CTX, 1 << irq::STI).unwrap();
        assert_eq!(p.take_trap(prv::U, 0, Trap::Interrupt { code: irq::STI }), (prv::S, 0x8000_0214));
        assert_eq!(rd(&mut p, num::SCAUSE), 0x8000_0000_0000_0005);
        assert_eq!(rd(&mut p, num::STVAL), 0);
    }

    /// Sets mip software bits and lines from a mask of codes.
    fn raise(p: &mut PrivState, codes: u64) {
        p.csr_write(num::MIP, prv::M, &CTX, codes).unwrap();
        p.set_msip(codes & (1 << irq::MSI) != 0);
        p.set_mtip(codes & (1 << irq::MTI) != 0);
        p.set_meip(codes & (1 << irq::MEI) != 0);
    }

    #[test]
    fn interrupt_priority_spec_order() {
        let mut p = setup();
        p.csr_write(num::MIE, prv::M, &CTX, !0).unwrap();
        p.csr_write(num::MSTATUS, prv::M, &CTX, ms::MIE).unwrap();
        let order = [irq::MEI, irq::MSI, irq::MTI, irq::SEI, irq::SSI, irq::STI];
        let mut set: u64 = order.iter().map(|c| 1u64 << c).sum();
        for &c in &order {
            raise(&mut p, set);
            assert_eq!(p.pending_interrupt(prv::M), Some(c));
            set &= !(1 << c);
        }
        raise(&mut p, 0);
        assert_eq!(p.pending_interrupt(prv::M), None);
    }

    #[test]
    fn interrupt_priority_qemu_order() {
        // QEMU 10.0 measured (rv64,h=false, all in M, nothing delegated): with MTIP, SSIP, STIP,
        // SEIP pending and all enabled it takes SSI; then STI; with only MTIE/MEIE enabled, MTI.
        let cfg = PrivConfig { irq_order: IrqOrder::LowestCode, ..PrivConfig::default() };
        let mut p = PrivState::with_config(cfg);
        p.csr_write(num::MSTATUS, prv::M, &CTX, ms::MIE).unwrap();
        raise(&mut p, 0x2a2);
        for (mie, want) in [(0xaaa, Some(1)), (0x22a, Some(1)), (0x20, Some(5)), (0x888, Some(7)), (0x808, None)] {
            p.csr_write(num::MIE, prv::M, &CTX, mie).unwrap();
            assert_eq!(p.pending_interrupt(prv::M), want, "mie {mie:#x}");
        }
    }

    #[test]
    fn interrupt_enable_rules() {
        let mut p = setup();
        p.csr_write(num::MIE, prv::M, &CTX, !0).unwrap();
        // M-level (not delegated) timer: in M needs MIE; below M always taken.
        raise(&mut p, 1 << irq::MTI);
        assert_eq!(p.pending_interrupt(prv::M), None);
        assert_eq!(p.pending_interrupt(prv::S), Some(irq::MTI));
        assert_eq!(p.pending_interrupt(prv::U), Some(irq::MTI));
        p.csr_write(num::MSTATUS, prv::M, &CTX, ms::MIE).unwrap();
        assert_eq!(p.pending_interrupt(prv::M), Some(irq::MTI));
        // mie gates everything.
        p.csr_write(num::MIE, prv::M, &CTX, 0).unwrap();
        assert_eq!(p.pending_interrupt(prv::U), None);
        p.csr_write(num::MIE, prv::M, &CTX, !0).unwrap();
        // A delegated S-level interrupt: never in M (QEMU measured: not taken with MIE=SIE=1), in
        // S only with SIE, in U always.
        p.csr_write(num::MIDELEG, prv::M, &CTX, !0).unwrap();
        raise(&mut p, 1 << irq::STI);
        p.csr_write(num::MSTATUS, prv::M, &CTX, ms::MIE | ms::SIE).unwrap();
        assert_eq!(p.pending_interrupt(prv::M), None);
        assert_eq!(p.pending_interrupt(prv::S), Some(irq::STI));
        assert_eq!(p.pending_interrupt(prv::U), Some(irq::STI));
        p.csr_write(num::MSTATUS, prv::M, &CTX, 0).unwrap();
        assert_eq!(p.pending_interrupt(prv::S), None);
        assert_eq!(p.pending_interrupt(prv::U), Some(irq::STI));
        // Undelegated S-level interrupt: an M-level trap, taken in S regardless of SIE.
        p.csr_write(num::MIDELEG, prv::M, &CTX, 0).unwrap();
        assert_eq!(p.pending_interrupt(prv::S), Some(irq::STI));
        assert_eq!(p.pending_interrupt(prv::M), None);
        // M-level candidates come before S-level ones, even of higher spec priority.
        p.csr_write(num::MIDELEG, prv::M, &CTX, 1 << irq::SEI).unwrap();
        raise(&mut p, (1 << irq::SEI) | (1 << irq::SSI));
        assert_eq!(p.pending_interrupt(prv::U), Some(irq::SSI));
        // And the full round trip: a delegated interrupt taken in U lands in S.
        raise(&mut p, 1 << irq::SEI);
        let code = p.pending_interrupt(prv::U).unwrap();
        assert_eq!(p.take_trap(prv::U, 0x5000, Trap::Interrupt { code }), (prv::S, 0x8000_0200));
        assert_eq!(p.csr_read(num::SCAUSE, prv::S, &CTX), Ok(0x8000_0000_0000_0009));
        assert_eq!(p.csr_read(num::SEPC, prv::S, &CTX), Ok(0x5000));
    }

    #[test]
    fn seip_line_interrupts() {
        let mut p = setup();
        p.csr_write(num::MIE, prv::M, &CTX, 1 << irq::SEI).unwrap();
        p.csr_write(num::MIDELEG, prv::M, &CTX, 1 << irq::SEI).unwrap();
        p.set_seip(true);
        assert_eq!(p.pending_interrupt(prv::U), Some(irq::SEI));
        p.set_seip(false);
        assert_eq!(p.pending_interrupt(prv::U), None);
    }

    #[test]
    fn wfi_rules() {
        let mut p = setup();
        // QEMU measured: wfi in U traps with TW=0; in S it traps with TW=1.
        assert!(p.wfi_allowed(prv::M));
        assert!(p.wfi_allowed(prv::S));
        assert!(!p.wfi_allowed(prv::U));
        p.csr_write(num::MSTATUS, prv::M, &CTX, ms::TW).unwrap();
        assert!(!p.wfi_allowed(prv::S));
        assert!(p.wfi_allowed(prv::M));
        // Wake on pending & enabled in mie, whatever MIE/SIE/delegation say.
        assert!(!p.wfi_should_wake());
        p.set_mtip(true);
        assert!(!p.wfi_should_wake());
        p.csr_write(num::MIE, prv::M, &CTX, 1 << irq::MTI).unwrap();
        assert!(p.wfi_should_wake());
        assert_eq!(p.pending_interrupt(prv::M), None, "MIE=0: wakes but is not taken in M");
    }

    #[test]
    fn sfence_rules() {
        let mut p = setup();
        assert!(p.sfence_allowed(prv::M) && p.sfence_allowed(prv::S) && !p.sfence_allowed(prv::U));
        p.csr_write(num::MSTATUS, prv::M, &CTX, ms::TVM).unwrap();
        assert!(!p.sfence_allowed(prv::S) && p.sfence_allowed(prv::M));
    }
}
