//! Guest memory for user mode: one contiguous host reservation that mirrors the guest's virtual
//! address space, plus a byte of permissions per guest page.
//!
//! A guest access is an add (host base + guest address) and one permission-table check, which is
//! what keeps the interpreter's memory path short. Host pages are always readable and writable;
//! guest permissions are enforced in software, so a bad guest access becomes a [`MemFault`] (and so a
//! guest signal), never a host crash. All `unsafe` of guest memory lives in this module.

use std::ptr;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};

/// Guest page size.
pub const PAGE_SIZE: u64 = 4096;
const PAGE_SHIFT: u32 = 12;

/// Page permission bits in the permission table.
pub mod perm {
    /// Guest may read.
    pub const R: u8 = 1;
    /// Guest may write.
    pub const W: u8 = 2;
    /// Guest may execute.
    pub const X: u8 = 4;
    /// The page holds translated code: a store must invalidate translations first.
    pub const CODE: u8 = 8;
    /// The page is mapped (possibly with no access rights).
    pub const MAPPED: u8 = 16;
    /// The host mapping is read-only (shared read-only file): guest write permission can never
    /// be granted to it.
    pub const HOST_RO: u8 = 32;
}

/// What a faulting access was doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Data load.
    Read,
    /// Data store (or AMO).
    Write,
    /// Instruction fetch.
    Exec,
}

/// A guest memory access that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemFault {
    /// First faulting guest address.
    pub addr: u64,
    /// What the access was doing.
    pub access: Access,
    /// True when the page is mapped but lacks the permission (SEGV_ACCERR), false when unmapped.
    pub mapped: bool,
}

/// Primitive values guest memory can load and store.
pub trait Prim: Copy + Default {
    /// Size in bytes.
    const SIZE: usize;
}
macro_rules! prim {
    ($($t:ty),*) => { $(impl Prim for $t { const SIZE: usize = std::mem::size_of::<$t>(); })* };
}
prim!(u8, u16, u32, u64, i8, i16, i32, i64);

/// The guest's virtual address space in user mode.
pub struct GuestMemory {
    /// Host address of guest address 0.
    base: *mut u8,
    /// Size of the reservation; guest addresses at or above it are unmapped.
    limit: u64,
    /// One byte of `perm` bits per guest page.
    perms: *const AtomicU8,
    /// Bumped whenever translated code may have become stale (store to a code page, unmap,
    /// mprotect, fence.i); every vCPU compares it with its block cache's generation.
    code_gen: AtomicU64,
}

// SAFETY: the reservation and the permission table live as long as the GuestMemory and are only
// accessed through raw pointers with bounds checks; concurrent guest accesses from several vCPU
// threads behave like the guest's own racy accesses would on hardware (QEMU's model too).
unsafe impl Send for GuestMemory {}
// SAFETY: as above.
unsafe impl Sync for GuestMemory {}

/// Error creating or changing mappings.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    /// The range is outside the guest address space.
    #[error("guest range {addr:#x}+{len:#x} is outside the address space")]
    OutOfRange {
        /// Start of the range.
        addr: u64,
        /// Length of the range.
        len: u64,
    },
    /// The host refused a mapping call.
    #[error("host mapping failed: {0}")]
    Host(std::io::Error),
}

fn host_mmap(addr: *mut u8, len: u64, prot: i32, flags: i32, fd: i32, off: i64) -> Result<*mut u8, MapError> {
    // SAFETY: mmap has no memory-safety preconditions of its own; callers only pass MAP_FIXED
    // addresses inside our own reservation.
    let p = unsafe { libc::mmap(addr.cast(), len as usize, prot, flags, fd, off) };
    if p == libc::MAP_FAILED {
        Err(MapError::Host(std::io::Error::last_os_error()))
    } else {
        Ok(p.cast())
    }
}

impl GuestMemory {
    /// Reserves a guest address space of `1 << bits` bytes (no host memory is committed until
    /// pages are mapped).
    pub fn new(bits: u32) -> Result<Self, MapError> {
        let limit = 1u64 << bits;
        let flags = libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE;
        let base = host_mmap(ptr::null_mut(), limit, libc::PROT_NONE, flags, -1, 0)?;
        let npages = limit >> PAGE_SHIFT;
        let perms = host_mmap(ptr::null_mut(), npages, libc::PROT_READ | libc::PROT_WRITE, flags, -1, 0)?;
        Ok(GuestMemory { base, limit, perms: perms as *const AtomicU8, code_gen: AtomicU64::new(0) })
    }

    /// The raw layout for compiled code that inlines the access fast path: host base of guest
    /// address 0, the address-space size, and the permission table (one byte of [`perm`] bits per
    /// page). Compiled code must follow exactly the checks [`GuestMemory::load`] and
    /// [`GuestMemory::store`] make and leave every other case to them.
    pub fn raw_parts(&self) -> (*mut u8, u64, *const u8) {
        (self.base, self.limit, self.perms as *const u8)
    }

    /// Size of the guest address space.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Current code generation; see the field's documentation.
    #[inline(always)]
    pub fn code_gen(&self) -> u64 {
        self.code_gen.load(Ordering::Acquire)
    }

    /// Declares all translated code stale (fence.i, unmap, mprotect).
    pub fn invalidate_code(&self) {
        self.code_gen.fetch_add(1, Ordering::AcqRel);
    }

    #[inline(always)]
    fn perm_slot(&self, page: u64) -> &AtomicU8 {
        debug_assert!(page < self.limit >> PAGE_SHIFT);
        // SAFETY: callers check `page` against the limit; the table has one byte per page.
        unsafe { &*self.perms.add(page as usize) }
    }

    /// Permission bits of the page holding `addr` (0 outside the address space).
    #[inline(always)]
    pub fn page_perm(&self, addr: u64) -> u8 {
        if addr >= self.limit {
            return 0;
        }
        self.perm_slot(addr >> PAGE_SHIFT).load(Ordering::Relaxed)
    }

    fn check_range(&self, addr: u64, len: u64) -> Result<(), MapError> {
        match addr.checked_add(len) {
            Some(end) if end <= self.limit && addr.is_multiple_of(PAGE_SIZE) => Ok(()),
            _ => Err(MapError::OutOfRange { addr, len }),
        }
    }

    fn set_perms(&self, addr: u64, len: u64, bits: u8) {
        let first = addr >> PAGE_SHIFT;
        let last = (addr + len).div_ceil(PAGE_SIZE);
        for p in first..last {
            self.perm_slot(p).store(bits, Ordering::Release);
        }
    }

    fn host(&self, addr: u64) -> *mut u8 {
        // SAFETY: only called with addr < limit, inside the reservation.
        unsafe { self.base.add(addr as usize) }
    }

    /// Maps zeroed anonymous memory at `addr` (page aligned) with guest permissions `prot`
    /// (`perm::R | W | X`), replacing whatever was there.
    pub fn map_anon(&self, addr: u64, len: u64, prot: u8) -> Result<(), MapError> {
        let len = len.div_ceil(PAGE_SIZE) * PAGE_SIZE;
        self.check_range(addr, len)?;
        let flags = libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED | libc::MAP_NORESERVE;
        host_mmap(self.host(addr), len, libc::PROT_READ | libc::PROT_WRITE, flags, -1, 0)?;
        self.replace_perms(addr, len, prot | perm::MAPPED);
        Ok(())
    }

    /// Maps `len` bytes of host file `fd` from `offset` at `addr`. Shared mappings write through to
    /// the file, as the guest asked. Whole pages past the end of the file are mapped as zeroed
    /// anonymous memory instead, so a guest touching them cannot bring a host SIGBUS.
    pub fn map_file(&self, addr: u64, len: u64, prot: u8, fd: i32, offset: i64, shared: bool) -> Result<(), MapError> {
        let len = len.div_ceil(PAGE_SIZE) * PAGE_SIZE;
        self.check_range(addr, len)?;
        // SAFETY: fstat writes into the struct we pass.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        if unsafe { libc::fstat(fd, &mut st) } != 0 {
            return Err(MapError::Host(std::io::Error::last_os_error()));
        }
        let file_len = if st.st_mode & libc::S_IFMT == libc::S_IFREG {
            ((st.st_size as u64).saturating_sub(offset as u64)).div_ceil(PAGE_SIZE) * PAGE_SIZE
        } else {
            len
        };
        let file_part = len.min(file_len);
        if file_part < len {
            self.map_anon(addr + file_part, len - file_part, prot)?;
        }
        if file_part > 0 {
            let share = if shared { libc::MAP_SHARED } else { libc::MAP_PRIVATE };
            let host_prot = if shared && prot & perm::W == 0 {
                // A read-only shared mapping of a read-only file: the host mapping need not be
                // writable (and cannot be).
                libc::PROT_READ
            } else {
                libc::PROT_READ | libc::PROT_WRITE
            };
            host_mmap(self.host(addr), file_part, host_prot, share | libc::MAP_FIXED, fd, offset)?;
            self.replace_perms(
                addr,
                file_part,
                prot | perm::MAPPED | if host_prot == libc::PROT_READ { perm::HOST_RO } else { 0 },
            );
        }
        Ok(())
    }

    /// Unmaps a range (the host keeps the reservation, inaccessible).
    pub fn unmap(&self, addr: u64, len: u64) -> Result<(), MapError> {
        let len = len.div_ceil(PAGE_SIZE) * PAGE_SIZE;
        self.check_range(addr, len)?;
        let flags = libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED | libc::MAP_NORESERVE;
        host_mmap(self.host(addr), len, libc::PROT_NONE, flags, -1, 0)?;
        self.replace_perms(addr, len, 0);
        Ok(())
    }

    /// Changes guest permissions of mapped pages in a range; unmapped pages stay unmapped.
    /// Returns false if part of the range was not mapped (the caller reports ENOMEM).
    pub fn protect(&self, addr: u64, len: u64, prot: u8) -> Result<bool, MapError> {
        let len = len.div_ceil(PAGE_SIZE) * PAGE_SIZE;
        self.check_range(addr, len)?;
        let mut all = true;
        let mut had_code = false;
        for p in (addr >> PAGE_SHIFT)..((addr + len) >> PAGE_SHIFT) {
            let slot = self.perm_slot(p);
            let old = slot.load(Ordering::Relaxed);
            if old & perm::MAPPED == 0 {
                all = false;
                continue;
            }
            had_code |= old & perm::CODE != 0;
            let host_ro = old & perm::HOST_RO;
            let prot = if host_ro != 0 { prot & !perm::W } else { prot };
            slot.store(prot | perm::MAPPED | host_ro, Ordering::Release);
        }
        if had_code {
            self.invalidate_code();
        }
        Ok(all)
    }

    fn replace_perms(&self, addr: u64, len: u64, bits: u8) {
        let had_code = ((addr >> PAGE_SHIFT)..((addr + len) >> PAGE_SHIFT))
            .any(|p| self.perm_slot(p).load(Ordering::Relaxed) & perm::CODE != 0);
        self.set_perms(addr, len, bits);
        if had_code {
            self.invalidate_code();
        }
    }

    /// Whether every page of the range is mapped.
    pub fn is_mapped(&self, addr: u64, len: u64) -> bool {
        if addr.checked_add(len).is_none_or(|e| e > self.limit) {
            return false;
        }
        let last = (addr + len.max(1) - 1) >> PAGE_SHIFT;
        ((addr >> PAGE_SHIFT)..=last).all(|p| self.perm_slot(p).load(Ordering::Relaxed) & perm::MAPPED != 0)
    }

    /// Checks that `len` bytes at `addr` are accessible with permission `need`, returning the
    /// fault for the first page that is not.
    #[inline]
    pub fn check(&self, addr: u64, len: u64, need: u8, access: Access) -> Result<(), MemFault> {
        if len == 0 {
            return Ok(());
        }
        let Some(end) = addr.checked_add(len - 1).filter(|&e| e < self.limit) else {
            let addr = if addr >= self.limit { addr } else { self.limit };
            return Err(MemFault { addr, access, mapped: false });
        };
        let mut page = addr >> PAGE_SHIFT;
        let last = end >> PAGE_SHIFT;
        loop {
            let p = self.perm_slot(page).load(Ordering::Relaxed);
            if p & need != need {
                let fault_addr = if page == addr >> PAGE_SHIFT { addr } else { page << PAGE_SHIFT };
                return Err(MemFault { addr: fault_addr, access, mapped: p & perm::MAPPED != 0 });
            }
            if page == last {
                return Ok(());
            }
            page += 1;
        }
    }

    /// Loads a value (little-endian, any alignment).
    #[inline(always)]
    pub fn load<T: Prim>(&self, addr: u64) -> Result<T, MemFault> {
        let size = T::SIZE as u64;
        // Fast path: the access stays inside one page that is readable.
        if addr < self.limit
            && (addr & (PAGE_SIZE - 1)) <= PAGE_SIZE - size
            && self.perm_slot(addr >> PAGE_SHIFT).load(Ordering::Relaxed) & perm::R != 0
        {
            // SAFETY: addr..addr+size is inside the reservation and the page is mapped
            // read-write on the host.
            return Ok(unsafe { ptr::read_unaligned(self.host(addr) as *const T) });
        }
        self.check(addr, size, perm::R, Access::Read)?;
        // SAFETY: checked just above.
        Ok(unsafe { ptr::read_unaligned(self.host(addr) as *const T) })
    }

    /// Stores a value. `Ok(true)` means the store hit a page holding translated code, which is now
    /// stale: the caller must not go on executing translated code without re-checking.
    #[inline(always)]
    pub fn store<T: Prim>(&self, addr: u64, val: T) -> Result<bool, MemFault> {
        let size = T::SIZE as u64;
        if addr < self.limit && (addr & (PAGE_SIZE - 1)) <= PAGE_SIZE - size {
            let p = self.perm_slot(addr >> PAGE_SHIFT).load(Ordering::Relaxed);
            if p & (perm::W | perm::CODE) == perm::W {
                // SAFETY: inside the reservation, host pages are writable.
                unsafe { ptr::write_unaligned(self.host(addr) as *mut T, val) };
                return Ok(false);
            }
        }
        self.store_slow(addr, size, |p| {
            // SAFETY: store_slow checked the whole range.
            unsafe { ptr::write_unaligned(p as *mut T, val) }
        })
    }

    #[inline(never)]
    fn store_slow(&self, addr: u64, size: u64, write: impl FnOnce(*mut u8)) -> Result<bool, MemFault> {
        self.check(addr, size, perm::W, Access::Write)?;
        let smc = self.clear_code(addr, size);
        write(self.host(addr));
        Ok(smc)
    }

    /// Clears the CODE bit on pages of a range about to be written, invalidating translations.
    fn clear_code(&self, addr: u64, size: u64) -> bool {
        let mut hit = false;
        for page in (addr >> PAGE_SHIFT)..=((addr + size.max(1) - 1) >> PAGE_SHIFT) {
            let slot = self.perm_slot(page);
            if slot.load(Ordering::Relaxed) & perm::CODE != 0 {
                slot.fetch_and(!perm::CODE, Ordering::AcqRel);
                hit = true;
            }
        }
        if hit {
            self.invalidate_code();
        }
        hit
    }

    /// Marks the page of `addr` as holding translated code.
    pub fn mark_code(&self, addr: u64) {
        if addr < self.limit {
            self.perm_slot(addr >> PAGE_SHIFT).fetch_or(perm::CODE, Ordering::AcqRel);
        }
    }

    /// Fetches 16 instruction bits (needs execute permission).
    #[inline]
    pub fn fetch_u16(&self, addr: u64) -> Result<u16, MemFault> {
        self.check(addr, 2, perm::X, Access::Exec)?;
        // SAFETY: checked.
        Ok(unsafe { ptr::read_unaligned(self.host(addr) as *const u16) })
    }

    /// A naturally aligned atomic 32-bit word for AMOs and LR/SC, checked for read and write.
    #[inline]
    pub fn atomic_u32(&self, addr: u64) -> Result<&std::sync::atomic::AtomicU32, MemFault> {
        self.check(addr, 4, perm::R | perm::W, Access::Write)?;
        self.clear_code(addr, 4);
        // SAFETY: the range is mapped read-write on the host; callers check natural alignment
        // (AtomicU32 needs 4-byte alignment) before calling.
        debug_assert!(addr.is_multiple_of(4));
        Ok(unsafe { &*(self.host(addr) as *const std::sync::atomic::AtomicU32) })
    }

    /// A naturally aligned atomic 64-bit word for AMOs and LR/SC.
    #[inline]
    pub fn atomic_u64(&self, addr: u64) -> Result<&AtomicU64, MemFault> {
        self.check(addr, 8, perm::R | perm::W, Access::Write)?;
        self.clear_code(addr, 8);
        debug_assert!(addr.is_multiple_of(8));
        // SAFETY: as in atomic_u32.
        Ok(unsafe { &*(self.host(addr) as *const AtomicU64) })
    }

    /// Reads bytes with guest read permission checked.
    pub fn read_bytes(&self, addr: u64, buf: &mut [u8]) -> Result<(), MemFault> {
        self.check(addr, buf.len() as u64, perm::R, Access::Read)?;
        // SAFETY: checked; buf cannot overlap the reservation's guest pages we read (it is host
        // memory the caller owns, and guest pages are never handed out as Rust references).
        unsafe { ptr::copy_nonoverlapping(self.host(addr), buf.as_mut_ptr(), buf.len()) };
        Ok(())
    }

    /// Writes bytes with guest write permission checked (translations invalidated as needed).
    pub fn write_bytes(&self, addr: u64, buf: &[u8]) -> Result<(), MemFault> {
        self.check(addr, buf.len() as u64, perm::W, Access::Write)?;
        self.clear_code(addr, buf.len() as u64);
        // SAFETY: checked.
        unsafe { ptr::copy_nonoverlapping(buf.as_ptr(), self.host(addr), buf.len()) };
        Ok(())
    }

    /// Writes bytes ignoring guest permissions (loader, kernel-side writes such as the signal
    /// frame), but still requiring the pages to be mapped.
    pub fn poke_bytes(&self, addr: u64, buf: &[u8]) -> Result<(), MemFault> {
        self.check(addr, buf.len() as u64, perm::MAPPED, Access::Write)?;
        self.clear_code(addr, buf.len() as u64);
        // SAFETY: checked.
        unsafe { ptr::copy_nonoverlapping(buf.as_ptr(), self.host(addr), buf.len()) };
        Ok(())
    }

    /// Reads a NUL-terminated string of at most `max` bytes (without the NUL).
    pub fn read_cstr(&self, addr: u64, max: usize) -> Result<Vec<u8>, MemFault> {
        let mut out = Vec::new();
        let mut a = addr;
        while out.len() < max {
            let b: u8 = self.load(a)?;
            if b == 0 {
                return Ok(out);
            }
            out.push(b);
            a += 1;
        }
        Ok(out)
    }

    /// A host pointer to `len` guest bytes with permission `need` checked, for syscalls that hand
    /// guest buffers straight to the host kernel. Writes through it bypass code invalidation
    /// unless `need` includes W (then translations of the range are invalidated first).
    pub fn host_range(&self, addr: u64, len: u64, need: u8) -> Result<*mut u8, MemFault> {
        let access = if need & perm::W != 0 { Access::Write } else { Access::Read };
        self.check(addr, len, need, access)?;
        if need & perm::W != 0 {
            self.clear_code(addr, len);
        }
        Ok(if len == 0 { self.base } else { self.host(addr) })
    }
}

impl Drop for GuestMemory {
    fn drop(&mut self) {
        // SAFETY: both regions were created by mmap in `new` with these sizes.
        unsafe {
            libc::munmap(self.base.cast(), self.limit as usize);
            libc::munmap(self.perms as *mut libc::c_void, (self.limit >> PAGE_SHIFT) as usize);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_are_enforced() {
        let m = GuestMemory::new(32).unwrap();
        assert_eq!(m.load::<u32>(0x1000), Err(MemFault { addr: 0x1000, access: Access::Read, mapped: false }));
        m.map_anon(0x1000, 0x2000, perm::R).unwrap();
        assert_eq!(m.load::<u64>(0x1ffc), Ok(0));
        assert!(m.store::<u8>(0x1000, 1).is_err());
        m.protect(0x1000, 0x2000, perm::R | perm::W).unwrap();
        assert_eq!(m.store::<u32>(0x1ffe, 0xdeadbeef), Ok(false));
        assert_eq!(m.load::<u16>(0x2000), Ok(0xdead));
        // A load crossing into an unmapped page faults at the page boundary.
        assert_eq!(m.load::<u32>(0x2ffe).unwrap_err().addr, 0x3000);
        assert!(m.load::<u8>(u64::MAX).is_err());
    }

    #[test]
    fn store_to_code_page_invalidates() {
        let m = GuestMemory::new(32).unwrap();
        m.map_anon(0x10000, 0x1000, perm::R | perm::W | perm::X).unwrap();
        let gen = m.code_gen();
        m.mark_code(0x10000);
        assert_eq!(m.store::<u32>(0x10010, 0x13), Ok(true));
        assert!(m.code_gen() > gen);
        assert_eq!(m.store::<u32>(0x10010, 0x13), Ok(false));
    }
}
