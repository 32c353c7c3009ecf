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

/// The context the privileged CSRs need for `csr`: counters before the current instruction and,
/// only for `time` (asking the clock costs more than the rest of a CSR read), the time.
fn ctx(h: &Hart, sys: &crate::hart::SysState, csr: u16) -> crate::privileged::CsrCtx {
    let time = if csr == num::TIME { sys.clock.now(h.vcpu_index, h.instret) } else { 0 };
    crate::privileged::CsrCtx { cycle: h.instret, instret: h.instret, time }
}

fn is_fp_csr(csr: u16) -> bool {
    matches!(csr, num::FFLAGS | num::FRM | num::FCSR)
}

/// Reads a CSR as the register API sees it (no access checks, no side effects). `None` if the
/// model does not have it.
pub fn peek(h: &Hart, csr: u16) -> Option<u64> {
    let fpu = h.model.has_fpu;
    if let Some(sys) = h.sys.as_deref() {
        if !is_fp_csr(csr) {
            return sys.ps.debug_read(csr, &ctx(h, sys, csr));
        }
    }
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

/// A Zicsr instruction from the running guest: reads the CSR (unless `read` is false: csrrw with
/// rd = x0) and, if `write` is `Some((mask, bits))`, sets the bits of `mask` to those of `bits`.
/// Returns the old value. `Err(())` raises an illegal-instruction exception: an unknown CSR, a
/// write to a read-only one, too little privilege, or an FP CSR while the FPU is off.
#[allow(clippy::result_unit_err)]
pub fn access(h: &mut Hart, csr: u16, read: bool, write: Option<(u64, u64)>) -> Result<u64, ()> {
    if is_fp_csr(csr) || h.sys.is_none() {
        if let Some(sys) = h.sys.as_deref() {
            if !sys.ps.fp_enabled() {
                return Err(());
            }
        }
        let old = if read || write.is_some() { peek(h, csr).ok_or(())? } else { 0 };
        if let Some((mask, bits)) = write {
            self::write(h, csr, (old & !mask) | (bits & mask))?;
            if let Some(sys) = h.sys.as_deref_mut() {
                sys.ps.mark_fs_dirty();
            }
        }
        return Ok(old);
    }
    let prv = h.priv_level;
    let Some(sys) = h.sys.as_deref() else { return Err(()) };
    let c = ctx(h, sys, csr);
    let sys = h.sys.as_deref_mut().ok_or(())?;
    let r = match write {
        Some((mask, bits)) => sys.ps.csr_rmw(csr, prv, &c, mask, bits).map_err(|_| ()),
        None => sys.ps.csr_read(csr, prv, &c).map_err(|_| ()),
    };
    h.fp_off = !sys.ps.fp_enabled();
    r
}

/// Writes a CSR for the register API (user mode: the FP CSRs; system mode: any writable CSR,
/// without privilege checks). Read-only CSRs (number bits 11:10 = 0b11) and unknown ones refuse.
#[allow(clippy::result_unit_err)]
pub fn write(h: &mut Hart, csr: u16, v: u64) -> Result<(), ()> {
    if csr >> 10 == 3 {
        return Err(());
    }
    if !is_fp_csr(csr) {
        if let Some(sys) = h.sys.as_deref() {
            let c = ctx(h, sys, csr);
            let sys = h.sys.as_deref_mut().ok_or(())?;
            let ok = sys.ps.debug_write(csr, v, &c);
            h.fp_off = !sys.ps.fp_enabled();
            return if ok { Ok(()) } else { Err(()) };
        }
    }
    match csr {
        num::FFLAGS if h.model.has_fpu => h.fflags = (v & 0x1f) as u8,
        num::FRM if h.model.has_fpu => h.frm = (v & 7) as u8,
        num::FCSR if h.model.has_fpu => h.set_fcsr(v),
        _ => return Err(()),
    }
    Ok(())
}
