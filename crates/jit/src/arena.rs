//! Code memory: one address-space reservation, filled densely, one block after the other.
//!
//! Cranelift's own providers give every finalized function at least a page of its own (and scan
//! all earlier allocations on each new one). Compiled blocks are small, a few hundred bytes, and
//! compiled one at a time, each finalized before it runs; packing them keeps resident memory and
//! instruction-TLB footprint proportional to the code, and allocation constant-time.
//!
//! Memory is never writable and executable at once: an allocation makes its pages read-write
//! (including, when it shares it, the last page of earlier code), and finalization makes them
//! read-execute again. Reopening a page that holds earlier code is sound because a [`crate::Jit`]
//! compiles only from its engine's run loop, the one place that runs its code: no native block of
//! this arena executes while it compiles.

use cranelift_jit::{BranchProtection, JITMemoryKind, JITMemoryProvider};
use cranelift_module::{ModuleError, ModuleResult};
use std::io;

/// Host page size assumed for protection changes (checked against the host's at creation).
const PAGE: usize = 4096;

/// A dense code arena of fixed capacity.
pub(crate) struct CodeArena {
    /// Start of the reservation (page aligned).
    base: *mut u8,
    /// Size of the reservation.
    size: usize,
    /// Bytes handed out so far.
    used: usize,
    /// Page-aligned range made writable since the last finalization (`lo == hi`: none).
    open: (usize, usize),
}

// SAFETY: the arena owns its reservation; the raw pointer is only dereferenced by the code it
// hands memory to (Cranelift's module, owned by the same `Jit`), whichever thread that runs on.
unsafe impl Send for CodeArena {}

fn protect(p: *mut u8, len: usize, prot: i32) -> io::Result<()> {
    // SAFETY: callers pass page-aligned ranges inside the arena's own reservation, which no Rust
    // reference points into; changing their protection cannot invalidate other memory.
    if unsafe { libc::mprotect(p.cast(), len, prot) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

impl CodeArena {
    /// Reserves `size` bytes of address space (committed only as code is written).
    pub(crate) fn new(size: usize) -> io::Result<CodeArena> {
        // SAFETY: sysconf has no preconditions.
        let host_page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        if host_page != PAGE as libc::c_long {
            return Err(io::Error::other(format!("unsupported host page size {host_page}")));
        }
        let size = size.next_multiple_of(PAGE);
        let flags = libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE;
        // SAFETY: a fresh anonymous mapping at an address of the kernel's choosing affects no
        // existing memory.
        let p = unsafe { libc::mmap(std::ptr::null_mut(), size, libc::PROT_NONE, flags, -1, 0) };
        if p == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        Ok(CodeArena { base: p.cast(), size, used: 0, open: (0, 0) })
    }
}

impl JITMemoryProvider for CodeArena {
    fn allocate(&mut self, size: usize, align: u64, kind: JITMemoryKind) -> io::Result<*mut u8> {
        if let JITMemoryKind::Writable = kind {
            // Compiled blocks have no data objects.
            return Err(io::Error::other("the code arena has no writable data"));
        }
        let align = usize::try_from(align).ok().filter(|a| a.is_power_of_two() && *a <= PAGE);
        let align = align.ok_or_else(|| io::Error::other("unsupported alignment"))?;
        let start = self.used.next_multiple_of(align);
        let end =
            start.checked_add(size).filter(|&e| e <= self.size).ok_or_else(|| io::Error::other("code arena full"))?;
        let lo = start / PAGE * PAGE;
        let hi = end.next_multiple_of(PAGE);
        if hi > lo {
            // SAFETY: `lo..hi` lies inside the reservation (end <= size, size page-aligned).
            protect(unsafe { self.base.add(lo) }, hi - lo, libc::PROT_READ | libc::PROT_WRITE)?;
            self.open = if self.open.0 == self.open.1 { (lo, hi) } else { (self.open.0.min(lo), self.open.1.max(hi)) };
        }
        self.used = end;
        // SAFETY: start <= end <= size: inside the reservation.
        Ok(unsafe { self.base.add(start) })
    }

    unsafe fn free_memory(&mut self) {
        if !self.base.is_null() {
            // SAFETY: the reservation was made by `new` with this size; the caller guarantees no
            // code in it runs again (the trait's contract).
            unsafe { libc::munmap(self.base.cast(), self.size) };
            self.base = std::ptr::null_mut();
            self.size = 0;
            self.used = 0;
        }
    }

    fn finalize(&mut self, _branch_protection: BranchProtection) -> ModuleResult<()> {
        // BTI is never requested: the ISA is built without `use_bti`.
        let (lo, hi) = self.open;
        if lo == hi {
            return Ok(());
        }
        // SAFETY: `lo..hi` is inside the reservation and was just written by Cranelift.
        let p = unsafe { self.base.add(lo) };
        // SAFETY: as above; the range is mapped.
        unsafe { wasmtime_jit_icache_coherence::clear_cache(p.cast(), hi - lo) }
            .map_err(|e| ModuleError::Allocation { err: io::Error::other(format!("icache flush: {e:?}")) })?;
        protect(p, hi - lo, libc::PROT_READ | libc::PROT_EXEC).map_err(|err| ModuleError::Allocation { err })?;
        wasmtime_jit_icache_coherence::pipeline_flush_mt()
            .map_err(|e| ModuleError::Allocation { err: io::Error::other(format!("pipeline flush: {e:?}")) })?;
        self.open = (0, 0);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_allocations_and_reports_full() {
        let mut a = CodeArena::new(3 * PAGE).unwrap();
        let p1 = a.allocate(100, 16, JITMemoryKind::Executable).unwrap();
        let p2 = a.allocate(100, 16, JITMemoryKind::Executable).unwrap();
        assert_eq!(p2 as usize - p1 as usize, 112, "dense, aligned");
        a.finalize(BranchProtection::None).unwrap();
        // A later allocation reopens the shared page, then spans into the next.
        let p3 = a.allocate(PAGE, 16, JITMemoryKind::Executable).unwrap();
        assert_eq!(p3 as usize - p1 as usize, 224);
        // SAFETY: p3..p3+PAGE was just allocated and is writable until finalization.
        unsafe { p3.write_bytes(0xc3, PAGE) };
        a.finalize(BranchProtection::None).unwrap();
        assert!(a.allocate(2 * PAGE, 16, JITMemoryKind::Executable).is_err());
        assert!(a.allocate(8, 8, JITMemoryKind::Writable).is_err());
    }
}
