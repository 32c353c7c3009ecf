//! Sv39 in the engine's memory path (system mode).
//!
//! The privileged module owns the rules (page walk, permissions, A/D updates, the TLB); this module
//! puts them between the engine and guest memory, which is then physical memory:
//!
//! - **Fetches**: an engine in a translated [`Regime`] decodes blocks through [`fetch`]. A block
//!   never spans two pages, so the translation is checked once per block when it is built; the
//!   block cache of that engine is dropped when the mapping may have changed (satp write,
//!   `sfence.vma`), which the machine does. A 32-bit instruction straddling two pages translates
//!   both halves.
//! - **Data**: while [`Hart::xlate`] is set, every load, store and atomic goes through [`load`],
//!   [`store`] or [`translate`] (the TLB, walking on a miss). An access that crosses a page is
//!   split, both pages translated before any byte is written. Compiled code is not used then.
//!
//! Faults of the walk come back as [`Exit::Exception`] with the spec's cause and `tval` = the
//! virtual address; a physical address where nothing is (a device window) is an
//! [`Exit::Fault`] with the physical address, which the machine serves as a device access.

use crate::engine::Exit;
use crate::mem::{Access, GuestMemory, Prim, PAGE_SIZE};
use crate::privileged::{prv, Trap};
use crate::privileged::{AccessType, PtMemory};
use crate::Hart;
use rivet_isa::{decode, insn_len, Insn};
use std::sync::atomic::Ordering;

/// Which block cache a hart's fetches use: addresses are physical (Bare), or virtual at S or U
/// privilege (U and S pages differ in what may be executed, so their translations are kept
/// apart).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Regime {
    /// No translation of fetches (M-mode, or satp.MODE = Bare).
    Bare = 0,
    /// Sv39 fetches in S-mode.
    Supervisor = 1,
    /// Sv39 fetches in U-mode.
    User = 2,
}

impl Regime {
    /// Number of regimes (block caches per hart).
    pub const COUNT: usize = 3;
}

/// Brings [`Hart::xlate`] up to date with the privileged state and returns the regime of
/// fetches. Call whenever priv, mstatus or satp may have changed (after a trap, an xRET, a CSR
/// write): the engine reads both only between blocks.
pub fn refresh(h: &mut Hart) -> Regime {
    let prv_level = h.priv_level;
    let Some(sys) = h.sys.as_deref() else {
        h.xlate = false;
        return Regime::Bare;
    };
    h.xlate = sys.ps.translation_active(AccessType::Load, prv_level);
    if !sys.ps.translation_active(AccessType::Fetch, prv_level) {
        Regime::Bare
    } else if prv_level == prv::U {
        Regime::User
    } else {
        Regime::Supervisor
    }
}

/// Physical memory for the page walker.
struct Phys<'a>(&'a GuestMemory);

impl PtMemory for Phys<'_> {
    fn read_pte(&mut self, pa: u64) -> Option<u64> {
        self.0.load::<u64>(pa).ok()
    }

    fn cas_pte(&mut self, pa: u64, old: u64, new: u64) -> Option<bool> {
        let cell = self.0.atomic_u64(pa).ok()?;
        Some(cell.compare_exchange(old, new, Ordering::SeqCst, Ordering::SeqCst).is_ok())
    }
}

fn exception(t: Trap) -> Exit {
    match t {
        Trap::Exception { code, tval } => Exit::Exception { code, tval },
        // The walker raises only exceptions.
        Trap::Interrupt { .. } => Exit::Illegal,
    }
}

/// The physical address of `va` for an access of kind `access` at the hart's privilege (through
/// its TLB); the address unchanged when that access is not translated.
#[inline(never)]
pub fn translate(h: &mut Hart, mem: &GuestMemory, va: u64, access: AccessType) -> Result<u64, Exit> {
    let prv_level = h.priv_level;
    let Some(sys) = h.sys.as_deref_mut() else { return Ok(va) };
    sys.tlb.translate(&sys.ps, va, access, prv_level, &mut Phys(mem)).map_err(exception)
}

/// Fetches and decodes the instruction at virtual address `va` (translated as the hart's
/// privilege says). Returns the instruction and the physical addresses of its first and last
/// halfword (for marking code pages).
pub fn fetch(h: &mut Hart, mem: &GuestMemory, va: u64) -> Result<(Insn, u64, u64), Exit> {
    let half = |h: &mut Hart, va: u64| -> Result<(u16, u64), Exit> {
        let pa = translate(h, mem, va, AccessType::Fetch)?;
        match mem.fetch_u16(pa) {
            Ok(v) => Ok((v, pa)),
            // Nothing executable at that physical address: an access fault at the virtual one.
            Err(_) => Err(Exit::Exception { code: AccessType::Fetch.access_fault(), tval: va }),
        }
    };
    let (lo, pa) = half(h, va)?;
    if insn_len(lo) == 2 {
        return Ok((decode(lo as u32), pa, pa));
    }
    // The second half is translated on its own: it may be on the next page.
    let (hi, pa2) = if (va + 2) & (PAGE_SIZE - 1) == 0 {
        half(h, va + 2)?
    } else {
        (
            mem.fetch_u16(pa + 2).map_err(|_| Exit::Exception { code: AccessType::Fetch.access_fault(), tval: va })?,
            pa + 2,
        )
    };
    Ok((decode(lo as u32 | (hi as u32) << 16), pa, pa2))
}

fn data_access(store: bool) -> AccessType {
    if store {
        AccessType::Store
    } else {
        AccessType::Load
    }
}

/// Physical addresses of the two pages of an access that crosses a page boundary (both
/// translated first, so a fault on the second leaves memory untouched): the first byte's, and
/// the second page's start.
fn split(h: &mut Hart, mem: &GuestMemory, va: u64, store: bool) -> Result<(u64, u64), Exit> {
    let access = data_access(store);
    let pa0 = translate(h, mem, va, access)?;
    let second = (va | (PAGE_SIZE - 1)).wrapping_add(1);
    let pa1 = translate(h, mem, second, access)?;
    Ok((pa0, pa1))
}

fn crosses(va: u64, size: u64) -> bool {
    (va & (PAGE_SIZE - 1)) + size > PAGE_SIZE
}

/// A translated load. Out of line, so the interpreter's untranslated path stays as small as before.
#[inline(never)]
pub fn load<T: Prim>(h: &mut Hart, mem: &GuestMemory, va: u64) -> Result<T, Exit> {
    let size = T::SIZE as u64;
    if !crosses(va, size) {
        let pa = translate(h, mem, va, AccessType::Load)?;
        return mem.load::<T>(pa).map_err(Exit::Fault);
    }
    let (pa0, pa1) = split(h, mem, va, false)?;
    let n0 = (PAGE_SIZE - (va & (PAGE_SIZE - 1))) as usize;
    let mut buf = [0u8; 8];
    mem.read_bytes(pa0, &mut buf[..n0]).map_err(Exit::Fault)?;
    mem.read_bytes(pa1, &mut buf[n0..T::SIZE]).map_err(Exit::Fault)?;
    // SAFETY: `Prim` types are plain integers of `T::SIZE <= 8` bytes; any bit pattern is valid.
    Ok(unsafe { std::ptr::read_unaligned(buf.as_ptr() as *const T) })
}

/// A translated store; `Ok(true)` when it hit translated code (as [`GuestMemory::store`]).
#[inline(never)]
pub fn store<T: Prim>(h: &mut Hart, mem: &GuestMemory, va: u64, val: T) -> Result<bool, Exit> {
    let size = T::SIZE as u64;
    if !crosses(va, size) {
        let pa = translate(h, mem, va, AccessType::Store)?;
        return mem.store::<T>(pa, val).map_err(Exit::Fault);
    }
    let (pa0, pa1) = split(h, mem, va, true)?;
    let n0 = (PAGE_SIZE - (va & (PAGE_SIZE - 1))) as usize;
    let mut buf = [0u8; 8];
    // SAFETY: as in `load`; `buf` has room for any `Prim`.
    unsafe { std::ptr::write_unaligned(buf.as_mut_ptr() as *mut T, val) };
    let code = mem.page_perm(pa0) | mem.page_perm(pa1);
    // Both pages must take the store before either is written.
    mem.check(pa0, n0 as u64, crate::mem::perm::W, Access::Write).map_err(Exit::Fault)?;
    mem.check(pa1, size - n0 as u64, crate::mem::perm::W, Access::Write).map_err(Exit::Fault)?;
    mem.write_bytes(pa0, &buf[..n0]).map_err(Exit::Fault)?;
    mem.write_bytes(pa1, &buf[n0..T::SIZE]).map_err(Exit::Fault)?;
    Ok(code & crate::mem::perm::CODE != 0)
}
