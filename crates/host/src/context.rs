//! The "current vCPU" of a callback: which hart a plugin API call refers to, what it may do with
//! registers, and which plugin is calling. One per host thread, set only while a callback runs.

use crate::PluginId;
use rivet_core::{GuestMemory, Hart};
use std::cell::Cell;

/// What a callback may do with registers (QEMU's `qemu_plugin_cb_flags`, plus the two contexts
/// that have no flags).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegAccess {
    /// `QEMU_PLUGIN_CB_NO_REGS`: no register access.
    NoRegs,
    /// `QEMU_PLUGIN_CB_R_REGS`: read only.
    Read,
    /// `QEMU_PLUGIN_CB_RW_REGS`: read and write (pc excluded for API 6+ plugins).
    ReadWrite,
    /// `QEMU_PLUGIN_CB_RW_REGS_PC`: read and write, pc included (`set_pc`).
    ReadWritePc,
    /// A callback that takes no flags (vCPU init/exit/idle/resume, translation, syscalls,
    /// discontinuities): reads and writes allowed.
    Unrestricted,
}

impl RegAccess {
    /// Whether registers may be read.
    pub fn can_read(self) -> bool {
        self != RegAccess::NoRegs
    }

    /// Whether registers may be written.
    pub fn can_write(self) -> bool {
        matches!(self, RegAccess::ReadWrite | RegAccess::ReadWritePc | RegAccess::Unrestricted)
    }
}

/// What a thread is doing for plugins: the current vCPU (null when none), its memory, what the
/// callback may do with registers, what the register read path answers it ([`Caller`]), and the
/// calling plugin (0 when none). Separate scalar cells:
/// entering and leaving a callback are a few plain thread-local moves, with no aggregate copy
/// (copying a struct through one cell made the CPU reload freshly stored bytes with wider loads,
/// a store-forwarding stall on every callback). `access` and `reads` are laid out as in
/// [`Caller`], so that they move as one 16-bit word.
#[repr(C)]
struct Ctx {
    hart: Cell<*mut Hart>,
    mem: Cell<*const GuestMemory>,
    plugin: Cell<u64>,
    access: Cell<RegAccess>,
    reads: Cell<u8>,
}

thread_local! {
    static CTX: Ctx = const {
        Ctx {
            hart: Cell::new(std::ptr::null_mut()),
            mem: Cell::new(std::ptr::null()),
            plugin: Cell::new(0),
            access: Cell::new(RegAccess::NoRegs),
            reads: Cell::new(0),
        }
    };
}

/// A callback's caller as the context records it: the plugin and the callback's register access,
/// with what the register read path derives from them made once, when the callback is registered
/// (see [`enter_as`]), rather than on every call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Caller {
    plugin: PluginId,
    access: RegAccess,
    /// What a successful read of a plain (64-bit) register answers the caller: its size in
    /// bytes, 8, up to API 5; 1 (true) from API 6. 0 when the callback may not read registers.
    reads: u8,
}

impl Caller {
    /// A callback of `plugin` on a vCPU, with register access `access`.
    pub fn new(plugin: PluginId, access: RegAccess) -> Caller {
        let reads = match (access.can_read(), plugin.version()) {
            (false, _) => 0,
            (true, v) if v >= 6 => 1,
            (true, _) => 8,
        };
        Caller { plugin, access, reads }
    }
}

/// Runs `f` with `hart` as the current vCPU for `plugin`. Nesting restores the outer context.
#[inline]
pub fn enter<R>(hart: &mut Hart, mem: &GuestMemory, access: RegAccess, plugin: PluginId, f: impl FnOnce() -> R) -> R {
    enter_as(hart, mem, Caller::new(plugin, access), f)
}

/// [`enter`] for a caller made beforehand: what per-instruction callbacks use.
#[inline]
pub fn enter_as<R>(hart: &mut Hart, mem: &GuestMemory, caller: Caller, f: impl FnOnce() -> R) -> R {
    with_context(hart, mem, caller.access, caller.reads, caller.plugin.0, f)
}

/// Runs `f` as `plugin` with no current vCPU (install, atexit, flush).
pub fn enter_plugin<R>(plugin: PluginId, f: impl FnOnce() -> R) -> R {
    with_context(std::ptr::null_mut(), std::ptr::null(), RegAccess::NoRegs, 0, plugin.0, f)
}

/// Sets the context for `f`. A non-zero `reads` comes with a non-null `hart` ([`with_reader`]
/// relies on it).
#[inline]
fn with_context<R>(
    hart: *mut Hart,
    mem: *const GuestMemory,
    access: RegAccess,
    reads: u8,
    plugin: u64,
    f: impl FnOnce() -> R,
) -> R {
    // Restore even if the callback unwinds (set_pc leaves callbacks by unwinding).
    // Laid out as `Ctx`, so that the saved values move back as they came.
    #[repr(C)]
    struct Restore(*mut Hart, *const GuestMemory, u64, RegAccess, u8);
    impl Drop for Restore {
        #[inline]
        fn drop(&mut self) {
            CTX.with(|c| {
                c.hart.set(self.0);
                c.mem.set(self.1);
                c.plugin.set(self.2);
                c.access.set(self.3);
                c.reads.set(self.4);
            });
        }
    }
    let _restore = CTX.with(|c| {
        Restore(
            c.hart.replace(hart),
            c.mem.replace(mem),
            c.plugin.replace(plugin),
            c.access.replace(access),
            c.reads.replace(reads),
        )
    });
    f()
}

fn plugin_of(raw: u64) -> Option<PluginId> {
    (raw != 0).then_some(PluginId(raw))
}

/// The plugin whose callback is running on this thread.
pub fn current_plugin() -> Option<PluginId> {
    plugin_of(CTX.with(|c| c.plugin.get()))
}

/// Calls `f` with the current vCPU, or returns `None` when there is none (atexit, flush, or a
/// call from outside any callback).
#[inline]
pub fn with_current<R>(f: impl FnOnce(&mut Hart, &GuestMemory, RegAccess) -> R) -> Option<R> {
    let (hart, mem, access) = CTX.with(|c| (c.hart.get(), c.mem.get(), c.access.get()));
    if hart.is_null() {
        return None;
    }
    // SAFETY: `enter` stored pointers derived from a `&mut Hart` and a `&GuestMemory` that it holds
    // borrowed for as long as the context is set; nothing else uses that hart meanwhile (the engine
    // is inside the callback), and the context is cleared before `enter` returns or unwinds.
    unsafe { Some(f(&mut *hart, &*mem, access)) }
}

/// The calling plugin and, if there is one, the current vCPU, in one look at the context: the
/// register read path uses it to learn both who asks and what they may see.
#[inline]
pub fn with_caller<R>(f: impl FnOnce(Option<PluginId>, Option<(&mut Hart, RegAccess)>) -> R) -> R {
    let (hart, access, plugin) = CTX.with(|c| (c.hart.get(), c.access.get(), plugin_of(c.plugin.get())));
    if hart.is_null() {
        return f(plugin, None);
    }
    // SAFETY: as in `with_current`.
    f(plugin, Some((unsafe { &mut *hart }, access)))
}

/// The register read path's look at the context: the current vCPU and what a successful read of
/// a plain register answers the caller ([`Caller`]'s `reads`), when a vCPU is current and the
/// callback may read registers (else `None`, and [`with_caller`] tells why). Two thread-local
/// loads and one test.
#[inline(always)]
pub fn with_reader<R>(f: impl FnOnce(&Hart, u32) -> Option<R>) -> Option<R> {
    let (reads, hart) = CTX.with(|c| (c.reads.get(), c.hart.get()));
    if reads == 0 {
        return None;
    }
    // SAFETY: a non-zero `reads` is only ever set with a non-null hart (`enter_as` takes the hart
    // by reference, `enter_plugin` sets 0), and both are restored together; otherwise as in
    // `with_current`.
    f(unsafe { &*hart }, reads as u32)
}
