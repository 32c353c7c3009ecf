//! CSR access rules. User mode implements the FP CSRs and the user counters; the privileged CSRs
//! arrive with the machine mode.

use crate::hart::Hart;

/// CSR numbers rivet knows by name.
pub mod num {
    /// Accrued FP exceptions.
    pub const FFLAGS: u16 = 0x001;
    /// FP dynamic rounding mode.
    pub const FRM: u16 = 0x002;
    /// fflags and frm together.
    pub const FCSR: u16 = 0x003;
    /// Cycle counter.
    pub const CYCLE: u16 = 0xc00;
    /// Real-time counter.
    pub const TIME: u16 = 0xc01;
    /// Instructions retired.
    pub const INSTRET: u16 = 0xc02;
}

/// Frequency of the `time` CSR (QEMU's virt machine: 10 MHz).
pub const TIMEBASE_HZ: u64 = 10_000_000;

fn host_time_ticks() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes the timespec we pass.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    (ts.tv_sec as u64) * TIMEBASE_HZ + (ts.tv_nsec as u64) / (1_000_000_000 / TIMEBASE_HZ)
}

/// Reads a CSR as the register API sees it (no access checks, no side effects). `None` if the
/// model does not have it.
pub fn peek(h: &Hart, csr: u16) -> Option<u64> {
    let fpu = h.model.has_fpu;
    Some(match csr {
        num::FFLAGS if fpu => h.fflags as u64,
        num::FRM if fpu => h.frm as u64,
        num::FCSR if fpu => h.fcsr(),
        // The cycle counter counts retired instructions: deterministic, and what a one-IPC model
        // would show.
        num::CYCLE | num::INSTRET => h.instret,
        num::TIME => host_time_ticks(),
        _ => return None,
    })
}

/// A Zicsr read from the running guest. `Err(())` raises an illegal-instruction exception.
#[allow(clippy::result_unit_err)]
pub fn read(h: &Hart, csr: u16) -> Result<u64, ()> {
    peek(h, csr).ok_or(())
}

/// A Zicsr write from the running guest. Read-only CSRs (number bits 11:10 = 0b11) and unknown ones
/// raise an illegal-instruction exception.
#[allow(clippy::result_unit_err)]
pub fn write(h: &mut Hart, csr: u16, v: u64) -> Result<(), ()> {
    if csr >> 10 == 3 {
        return Err(());
    }
    match csr {
        num::FFLAGS if h.model.has_fpu => h.fflags = (v & 0x1f) as u8,
        num::FRM if h.model.has_fpu => h.frm = (v & 7) as u8,
        num::FCSR if h.model.has_fpu => h.set_fcsr(v),
        _ => return Err(()),
    }
    Ok(())
}
