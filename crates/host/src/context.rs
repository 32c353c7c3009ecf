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
/// callback may do with registers, and the calling plugin (0 when none). Separate scalar cells:
/// entering and leaving a callback are a few plain thread-local moves, with no aggregate copy
/// (copying a struct through one cell made the CPU reload freshly stored bytes with wider loads,
/// a store-forwarding stall on every callback).
struct Ctx {
    hart: Cell<*mut Hart>,
    mem: Cell<*const GuestMemory>,
    access: Cell<RegAccess>,
    plugin: Cell<u64>,
}

thread_local! {
    static CTX: Ctx = const {
        Ctx {
            hart: Cell::new(std::ptr::null_mut()),
            mem: Cell::new(std::ptr::null()),
            access: Cell::new(RegAccess::NoRegs),
            plugin: Cell::new(0),
        }
    };
}

/// Runs `f` with `hart` as the current vCPU for `plugin`. Nesting restores the outer context.
#[inline]
pub fn enter<R>(hart: &mut Hart, mem: &GuestMemory, access: RegAccess, plugin: PluginId, f: impl FnOnce() -> R) -> R {
    with_context(hart, mem, access, plugin.0, f)
}

/// Runs `f` as `plugin` with no current vCPU (install, atexit, flush).
pub fn enter_plugin<R>(plugin: PluginId, f: impl FnOnce() -> R) -> R {
    with_context(std::ptr::null_mut(), std::ptr::null(), RegAccess::NoRegs, plugin.0, f)
}

#[inline]
fn with_context<R>(
    hart: *mut Hart,
    mem: *const GuestMemory,
    access: RegAccess,
    plugin: u64,
    f: impl FnOnce() -> R,
) -> R {
    // Restore even if the callback unwinds (set_pc leaves callbacks by unwinding).
    struct Restore(*mut Hart, *const GuestMemory, RegAccess, u64);
    impl Drop for Restore {
        #[inline]
        fn drop(&mut self) {
            CTX.with(|c| {
                c.hart.set(self.0);
                c.mem.set(self.1);
                c.access.set(self.2);
                c.plugin.set(self.3);
            });
        }
    }
    let _restore = CTX.with(|c| {
        Restore(c.hart.replace(hart), c.mem.replace(mem), c.access.replace(access), c.plugin.replace(plugin))
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
