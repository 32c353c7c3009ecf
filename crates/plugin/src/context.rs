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

#[derive(Clone, Copy)]
struct Current {
    hart: *mut Hart,
    mem: *const GuestMemory,
    access: RegAccess,
}

thread_local! {
    static CURRENT: Cell<Option<Current>> = const { Cell::new(None) };
    static PLUGIN: Cell<Option<PluginId>> = const { Cell::new(None) };
}

/// Runs `f` with `hart` as the current vCPU for `plugin`. Nesting restores the outer context.
pub fn enter<R>(hart: &mut Hart, mem: &GuestMemory, access: RegAccess, plugin: PluginId, f: impl FnOnce() -> R) -> R {
    with_context(Some(Current { hart, mem, access }), plugin, f)
}

/// Runs `f` as `plugin` with no current vCPU (install, atexit, flush).
pub fn enter_plugin<R>(plugin: PluginId, f: impl FnOnce() -> R) -> R {
    with_context(None, plugin, f)
}

fn with_context<R>(cur: Option<Current>, plugin: PluginId, f: impl FnOnce() -> R) -> R {
    let saved = CURRENT.with(|c| c.replace(cur));
    let saved_plugin = PLUGIN.with(|c| c.replace(Some(plugin)));
    // Restore even if the callback unwinds (set_pc leaves callbacks by unwinding).
    struct Restore(Option<Current>, Option<PluginId>);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|c| c.set(self.0));
            PLUGIN.with(|c| c.set(self.1));
        }
    }
    let _restore = Restore(saved, saved_plugin);
    f()
}

/// The plugin whose callback is running on this thread.
pub fn current_plugin() -> Option<PluginId> {
    PLUGIN.with(|c| c.get())
}

/// Calls `f` with the current vCPU, or returns `None` when there is none (atexit, flush, or a
/// call from outside any callback).
pub fn with_current<R>(f: impl FnOnce(&mut Hart, &GuestMemory, RegAccess) -> R) -> Option<R> {
    let cur = CURRENT.with(|c| c.get())?;
    // SAFETY: `enter` stored pointers derived from a `&mut Hart` and a `&GuestMemory` that it holds
    // borrowed for as long as the context is set; nothing else uses that hart meanwhile (the engine
    // is inside the callback), and the context is cleared before `enter` returns or unwinds.
    unsafe { Some(f(&mut *cur.hart, &*cur.mem, cur.access)) }
}
