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

/// What a thread is doing for plugins: the current vCPU (if any) and the calling plugin. One cell,
/// so entering and leaving a callback is one thread-local swap each way.
#[derive(Clone, Copy)]
struct Ctx {
    cur: Option<Current>,
    plugin: Option<PluginId>,
}

thread_local! {
    static CTX: Cell<Ctx> = const { Cell::new(Ctx { cur: None, plugin: None }) };
}

/// Runs `f` with `hart` as the current vCPU for `plugin`. Nesting restores the outer context.
#[inline]
pub fn enter<R>(hart: &mut Hart, mem: &GuestMemory, access: RegAccess, plugin: PluginId, f: impl FnOnce() -> R) -> R {
    with_context(Ctx { cur: Some(Current { hart, mem, access }), plugin: Some(plugin) }, f)
}

/// Runs `f` as `plugin` with no current vCPU (install, atexit, flush).
pub fn enter_plugin<R>(plugin: PluginId, f: impl FnOnce() -> R) -> R {
    with_context(Ctx { cur: None, plugin: Some(plugin) }, f)
}

#[inline]
fn with_context<R>(ctx: Ctx, f: impl FnOnce() -> R) -> R {
    // Restore even if the callback unwinds (set_pc leaves callbacks by unwinding).
    struct Restore(Ctx);
    impl Drop for Restore {
        #[inline]
        fn drop(&mut self) {
            CTX.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(CTX.with(|c| c.replace(ctx)));
    f()
}

/// The plugin whose callback is running on this thread.
pub fn current_plugin() -> Option<PluginId> {
    CTX.with(|c| c.get().plugin)
}

/// Calls `f` with the current vCPU, or returns `None` when there is none (atexit, flush, or a
/// call from outside any callback).
#[inline]
pub fn with_current<R>(f: impl FnOnce(&mut Hart, &GuestMemory, RegAccess) -> R) -> Option<R> {
    let cur = CTX.with(|c| c.get().cur)?;
    // SAFETY: `enter` stored pointers derived from a `&mut Hart` and a `&GuestMemory` that it holds
    // borrowed for as long as the context is set; nothing else uses that hart meanwhile (the engine
    // is inside the callback), and the context is cleared before `enter` returns or unwinds.
    unsafe { Some(f(&mut *cur.hart, &*cur.mem, cur.access)) }
}

/// The calling plugin and, if there is one, the current vCPU, in one look at the context: the
/// register read path uses it to learn both who asks and what they may see.
#[inline]
pub fn with_caller<R>(f: impl FnOnce(Option<PluginId>, Option<(&mut Hart, RegAccess)>) -> R) -> R {
    let ctx = CTX.with(|c| c.get());
    match ctx.cur {
        // SAFETY: as in `with_current`.
        Some(cur) => f(ctx.plugin, Some((unsafe { &mut *cur.hart }, cur.access))),
        None => f(ctx.plugin, None),
    }
}
