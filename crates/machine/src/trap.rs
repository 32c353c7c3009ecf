//! Where the machine meets the privileged architecture (M/S modes, CSRs, traps, Sv39), which lives
//! in `rivet-core` (`crates/core/src/privileged.rs`, being written). Until it lands, the machine
//! runs harts in M-mode with the [`NoPrivileged`] stand-in: any trap ends the run with a message
//! naming its cause and pc.
//!
//! The integration points, all in this module and `machine.rs`'s run loop:
//! - [`Privileged::trap`]: every synchronous exception the machine does not serve itself (illegal
//!   instruction, ecall, ebreak without semihosting, access faults outside devices, misaligned
//!   atomics). Mapping an engine [`Exit`](rivet_core::Exit) to a [`Trap`] is done by the machine.
//! - [`Privileged::interrupts`]: offered the hart's pending interrupt lines (`mip` bits from the
//!   CLINT: MSIP, MTIP) each time the hart leaves the engine with `Exit::Interrupted` (another
//!   hart wrote its `msip`, or the machine's timer thread kicked it at its `mtimecmp` deadline),
//!   with `Exit::Sync` (a CSR write that may have enabled an interrupt), and after `wfi`. This is
//!   where `PrivState::set_mtip`/`set_msip`, `pending_interrupt` and `take_trap` go.
//! - [`Privileged::wfi`]: whether `wfi` may wait (mstatus.TW, privilege) and for which lines
//!   (`mie`); the machine does the waiting.
//! - [`interim_csr_read`]: the reset ROM reads `mhartid`, which the engine's CSR file does not
//!   know yet; the machine answers that one read-only CSR so that images can boot. Once the core
//!   knows `mhartid` the engine never exits for it and this code goes unused.

use rivet_core::mem::Access;
use rivet_core::privileged::{self as core_priv, irq};
use rivet_core::{GuestMemory, Hart};
use rivet_isa::{Insn, Opcode};
use rivet_plugin_host::host::Discon;
use rivet_plugin_host::Host;
use std::sync::Arc;

/// Synchronous exception causes (`mcause` values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Cause {
    /// Instruction access fault.
    InstructionAccessFault = 1,
    /// Illegal instruction.
    IllegalInstruction = 2,
    /// Breakpoint (`ebreak`).
    Breakpoint = 3,
    /// Load address misaligned.
    LoadAddressMisaligned = 4,
    /// Load access fault.
    LoadAccessFault = 5,
    /// Store/AMO address misaligned.
    StoreAddressMisaligned = 6,
    /// Store/AMO access fault.
    StoreAccessFault = 7,
    /// `ecall` from U-mode.
    EcallFromU = 8,
    /// `ecall` from S-mode.
    EcallFromS = 9,
    /// `ecall` from M-mode.
    EcallFromM = 11,
    /// Instruction page fault.
    InstructionPageFault = 12,
    /// Load page fault.
    LoadPageFault = 13,
    /// Store/AMO page fault.
    StorePageFault = 15,
}

impl Cause {
    /// The cause as the privileged specification names it.
    pub fn describe(self) -> &'static str {
        match self {
            Cause::InstructionAccessFault => "instruction access fault",
            Cause::IllegalInstruction => "illegal instruction",
            Cause::Breakpoint => "breakpoint",
            Cause::LoadAddressMisaligned => "load address misaligned",
            Cause::LoadAccessFault => "load access fault",
            Cause::StoreAddressMisaligned => "store/AMO address misaligned",
            Cause::StoreAccessFault => "store/AMO access fault",
            Cause::EcallFromU => "environment call from U-mode",
            Cause::EcallFromS => "environment call from S-mode",
            Cause::EcallFromM => "environment call from M-mode",
            Cause::InstructionPageFault => "instruction page fault",
            Cause::LoadPageFault => "load page fault",
            Cause::StorePageFault => "store/AMO page fault",
        }
    }

    /// The cause with exception code `code`, if it is one the engine raises.
    pub fn from_code(code: u64) -> Option<Cause> {
        use Cause::*;
        [
            InstructionAccessFault,
            IllegalInstruction,
            Breakpoint,
            LoadAddressMisaligned,
            LoadAccessFault,
            StoreAddressMisaligned,
            StoreAccessFault,
            EcallFromU,
            EcallFromS,
            EcallFromM,
            InstructionPageFault,
            LoadPageFault,
            StorePageFault,
        ]
        .into_iter()
        .find(|c| *c as u64 == code)
    }

    /// The `ecall` cause for a privilege level (0 U, 1 S, 3 M).
    pub fn ecall_from(priv_level: u8) -> Cause {
        match priv_level {
            0 => Cause::EcallFromU,
            1 => Cause::EcallFromS,
            _ => Cause::EcallFromM,
        }
    }

    /// The access-fault cause for a memory access.
    pub fn access_fault(access: Access) -> Cause {
        match access {
            Access::Read => Cause::LoadAccessFault,
            Access::Write => Cause::StoreAccessFault,
            Access::Exec => Cause::InstructionAccessFault,
        }
    }

    /// The misaligned-address cause for a memory access.
    pub fn misaligned(access: Access) -> Cause {
        match access {
            Access::Read => Cause::LoadAddressMisaligned,
            _ => Cause::StoreAddressMisaligned,
        }
    }
}

/// A synchronous exception to take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trap {
    /// Why.
    pub cause: Cause,
    /// The value for `mtval`/`stval` (faulting address, instruction bits, or the pc of an
    /// `ebreak`).
    pub tval: u64,
    /// The pc of the instruction concerned (`mepc`/`sepc`); `hart.pc` is there too.
    pub pc: u64,
}

/// What became of a trap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrapAction {
    /// The hart was redirected (to its trap vector): keep running it.
    Handled,
    /// The run cannot go on: this message, exit status 1.
    Stop(String),
}

/// What a hart executing `wfi` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WfiAction {
    /// Wait until one of the `mip` lines in `mask` (the hart's `mie`) is pending, then go on after
    /// the `wfi`.
    Wait {
        /// Interrupt lines that end the wait.
        mask: u64,
    },
    /// `wfi` is not allowed here (mstatus.TW, or U-mode): raise an illegal-instruction trap.
    Illegal,
    /// An enabled interrupt is pending already (one the hart itself raised in `mip`): go on at
    /// once.
    Continue,
}

/// The privileged architecture of one hart, as the machine's run loop uses it.
pub trait Privileged: Send {
    /// Takes a synchronous exception (set the cause and epc CSRs, switch mode, jump to the vector).
    fn trap(&mut self, hart: &mut Hart, mem: &GuestMemory, trap: &Trap) -> TrapAction;

    /// The hart's pending interrupt lines (`mip` bits from the devices: the level of every line,
    /// set or clear, so the implementation can copy them into `mip`). Returns true if an
    /// interrupt was taken (the hart now runs its handler).
    fn interrupts(&mut self, hart: &mut Hart, mem: &GuestMemory, pending: u64) -> bool {
        let _ = (hart, mem, pending);
        false
    }

    /// `wfi` at `hart.pc`.
    fn wfi(&mut self, hart: &mut Hart) -> WfiAction {
        let _ = hart;
        // At reset mie is 0: no interrupt line can end the wait.
        WfiAction::Wait { mask: 0 }
    }

    /// `mret` or `sret` (`insn`) at `hart.pc`: returns false if it is illegal here.
    fn xret(&mut self, hart: &mut Hart, insn: &Insn) -> bool {
        let _ = (hart, insn);
        false
    }

    /// The plugin host, for discontinuity callbacks.
    fn set_plugins(&mut self, host: Option<Arc<Host>>) {
        let _ = host;
    }
}

/// The privileged architecture of `rivet-core` ([`core_priv::PrivState`] in each hart's
/// `sys`), with discontinuity callbacks for plugins on every trap and interrupt.
#[derive(Default)]
pub struct CorePrivileged {
    plugins: Option<Arc<Host>>,
}

impl CorePrivileged {
    fn enter(&self, hart: &mut Hart, mem: &GuestMemory, kind: Discon, from: u64, cause: core_priv::Trap) {
        let Some(sys) = hart.sys.as_deref_mut() else { return };
        let (prv, pc) = sys.ps.take_trap(hart.priv_level, from, cause);
        hart.priv_level = prv;
        hart.pc = pc;
        hart.reservation = None;
        if let Some(host) = &self.plugins {
            host.discon(hart, mem, kind, from, pc);
        }
    }
}

impl Privileged for CorePrivileged {
    fn trap(&mut self, hart: &mut Hart, mem: &GuestMemory, trap: &Trap) -> TrapAction {
        if hart.sys.is_none() {
            return NoPrivileged.trap(hart, mem, trap);
        }
        let cause = core_priv::Trap::Exception { code: trap.cause as u64, tval: trap.tval };
        self.enter(hart, mem, Discon::Exception, trap.pc, cause);
        TrapAction::Handled
    }

    fn interrupts(&mut self, hart: &mut Hart, mem: &GuestMemory, pending: u64) -> bool {
        let prv = hart.priv_level;
        let Some(sys) = hart.sys.as_deref_mut() else { return false };
        sys.ps.set_mtip(pending & (1 << irq::MTI) != 0);
        sys.ps.set_msip(pending & (1 << irq::MSI) != 0);
        let Some(code) = sys.ps.pending_interrupt(prv) else { return false };
        let from = hart.pc;
        self.enter(hart, mem, Discon::Interrupt, from, core_priv::Trap::Interrupt { code });
        true
    }

    fn wfi(&mut self, hart: &mut Hart) -> WfiAction {
        let prv = hart.priv_level;
        match hart.sys.as_deref_mut() {
            Some(sys) if sys.ps.wfi_allowed(prv) && sys.ps.wfi_should_wake() => WfiAction::Continue,
            Some(sys) if sys.ps.wfi_allowed(prv) => {
                let mie = sys.ps.debug_read(core_priv::num::MIE, &Default::default()).unwrap_or(0);
                WfiAction::Wait { mask: mie }
            }
            Some(_) => WfiAction::Illegal,
            None => WfiAction::Wait { mask: 0 },
        }
    }

    fn xret(&mut self, hart: &mut Hart, insn: &Insn) -> bool {
        let prv = hart.priv_level;
        let Some(sys) = hart.sys.as_deref_mut() else { return false };
        let r = match insn.op {
            Opcode::Mret => sys.ps.mret(prv),
            Opcode::Sret => sys.ps.sret(prv),
            _ => return false,
        };
        match r {
            Ok((p, pc)) => {
                hart.priv_level = p;
                hart.pc = pc;
                hart.reservation = None;
                true
            }
            Err(_) => false,
        }
    }

    fn set_plugins(&mut self, host: Option<Arc<Host>>) {
        self.plugins = host;
    }
}

/// Creates the privileged state of hart `index`.
pub type PrivilegedFactory = Box<dyn Fn(u32) -> Box<dyn Privileged> + Send + Sync>;

/// Today's stand-in: harts stay in M-mode with interrupts disabled, and a trap ends the run.
pub struct NoPrivileged;

impl Privileged for NoPrivileged {
    fn trap(&mut self, hart: &mut Hart, _: &GuestMemory, trap: &Trap) -> TrapAction {
        TrapAction::Stop(format!(
            "hart {}: {} at pc {:#x} (tval {:#x}): traps are not supported yet (no privileged architecture)",
            hart.vcpu_index,
            trap.cause.describe(),
            trap.pc,
            trap.tval
        ))
    }
}

/// `mhartid`.
pub const CSR_MHARTID: u16 = 0xf14;

/// Serves `csrr rd, mhartid` (the reset ROM's third instruction) for an engine that does not
/// know the CSR. Returns false for anything else. The caller advances pc.
pub fn interim_csr_read(insn: &Insn, hart: &mut Hart) -> bool {
    if insn.op == Opcode::Csrrs && insn.csr == CSR_MHARTID && insn.rs1 == 0 && hart.priv_level == 3 {
        if insn.rd != 0 {
            hart.x[insn.rd as usize] = hart.vcpu_index as u64;
        }
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use rivet_core::CpuModel;
    use std::sync::Arc;

    #[test]
    fn mhartid_only() {
        let mut h = Hart::new(Arc::new(CpuModel::by_name("rv64gc", 0).unwrap()), 3);
        h.priv_level = 3;
        assert!(interim_csr_read(&rivet_isa::decode(0xf1402573), &mut h)); // csrr a0, mhartid
        assert_eq!(h.x[10], 3);
        assert!(!interim_csr_read(&rivet_isa::decode(0x30002573), &mut h)); // csrr a0, mstatus
        assert!(!interim_csr_read(&rivet_isa::decode(0xf1451573), &mut h)); // csrrw a0, mhartid, a0
        h.priv_level = 0;
        assert!(!interim_csr_read(&rivet_isa::decode(0xf1402573), &mut h));
    }

    #[test]
    fn stand_in_names_the_cause() {
        let mem = GuestMemory::new(32).unwrap();
        let mut h = Hart::new(Arc::new(CpuModel::by_name("rv64gc", 0).unwrap()), 0);
        let t = Trap { cause: Cause::IllegalInstruction, tval: 0x30002573, pc: 0x8000_0014 };
        match NoPrivileged.trap(&mut h, &mem, &t) {
            TrapAction::Stop(m) => {
                assert!(m.contains("illegal instruction at pc 0x80000014"), "{m}");
            }
            TrapAction::Handled => panic!("handled"),
        }
        assert_eq!(NoPrivileged.wfi(&mut h), WfiAction::Wait { mask: 0 });
        assert_eq!(Cause::ecall_from(3), Cause::EcallFromM);
        assert_eq!(Cause::access_fault(Access::Write) as u64, 7);
    }
}
