//! The plugin registry: loaded plugins, their callbacks, and the instrumentation they ask for at
//! translation time. Callbacks are closures, so the C ABI (one adapter per API version) and the
//! native Rust API register into the same tables.

use crate::context::{self, Caller, RegAccess};
use crate::watch::{RegChangeFn, Watch, WatchError, Watches};
use crate::PluginId;
use rivet_core::hooks::{Action, BlockHooks, BlockView, HookCtx, InsnHooks, Instrumenter, MemEvent, MemHookFn};
use rivet_core::{CpuModel, GuestMemory, Hart};
use rivet_isa::Insn;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// A vCPU lifecycle callback (init, exit, idle, resume), given the vCPU index.
pub type VcpuFn = Arc<dyn Fn(u32) + Send + Sync>;
/// A translation callback.
pub type TbTransFn = Arc<dyn Fn(&mut Tb) + Send + Sync>;
/// A syscall entry callback: vCPU, number, the eight arguments.
pub type SyscallFn = Arc<dyn Fn(u32, i64, &[u64; 8]) + Send + Sync>;
/// A syscall return callback: vCPU, number, result.
pub type SyscallRetFn = Arc<dyn Fn(u32, i64, i64) + Send + Sync>;
/// A syscall filter: returns true (and sets the result) to skip the syscall.
pub type SyscallFilterFn = Arc<dyn Fn(u32, i64, &[u64; 8], &mut u64) -> bool + Send + Sync>;
/// A discontinuity callback: vCPU, kind, from pc, to pc.
pub type DisconFn = Arc<dyn Fn(u32, Discon, u64, u64) + Send + Sync>;
/// A memory callback: vCPU and the access.
pub type MemFn = Arc<dyn Fn(u32, &MemEvent) + Send + Sync>;
/// A callback with no arguments (atexit, flush).
pub type PlainFn = Arc<dyn Fn() + Send + Sync>;

/// Kinds of control-flow discontinuity (QEMU's `qemu_plugin_discon_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Discon {
    /// An asynchronous interrupt.
    Interrupt = 1,
    /// A synchronous exception.
    Exception = 2,
    /// A call into the host (syscall, semihosting).
    HostCall = 4,
}

/// A loaded plugin.
#[derive(Clone, Debug)]
pub struct PluginInfo {
    /// Its id.
    pub id: PluginId,
    /// A name for messages (the file name for C plugins).
    pub name: String,
    /// The API version it declared (the native Rust API counts as the newest).
    pub version: u32,
}

#[derive(Default, Clone)]
struct Callbacks {
    vcpu_init: Vec<(PluginId, VcpuFn)>,
    vcpu_exit: Vec<(PluginId, VcpuFn)>,
    vcpu_idle: Vec<(PluginId, VcpuFn)>,
    vcpu_resume: Vec<(PluginId, VcpuFn)>,
    tb_trans: Vec<(PluginId, TbTransFn)>,
    syscall: Vec<(PluginId, SyscallFn)>,
    syscall_ret: Vec<(PluginId, SyscallRetFn)>,
    syscall_filter: Vec<(PluginId, SyscallFilterFn)>,
    discon: Vec<(PluginId, u32, DisconFn)>,
    atexit: Vec<(PluginId, PlainFn)>,
    flush: Vec<(PluginId, PlainFn)>,
}

/// The plugin host of one run.
#[derive(Default)]
pub struct Host {
    plugins: RwLock<Vec<PluginInfo>>,
    cbs: RwLock<Callbacks>,
    next_id: AtomicU64,
    vcpus: AtomicU64,
    watches: Watches,
    /// Whether any register watch exists (read on every block translation and engine exit).
    watching: AtomicBool,
    /// A plugin asked to end the run with this status (see [`Host::request_exit`]).
    exit: std::sync::Mutex<Option<i32>>,
    exiting: AtomicBool,
    /// Stop flags of the engines running vCPUs: raised to end the run.
    stop_flags: std::sync::Mutex<Vec<Arc<AtomicBool>>>,
}

/// Which callback table a registration goes to.
pub enum Register {
    /// vCPU init.
    VcpuInit(VcpuFn),
    /// vCPU exit.
    VcpuExit(VcpuFn),
    /// vCPU idle.
    VcpuIdle(VcpuFn),
    /// vCPU resume.
    VcpuResume(VcpuFn),
    /// Translation.
    TbTrans(TbTransFn),
    /// Syscall entry.
    Syscall(SyscallFn),
    /// Syscall return.
    SyscallRet(SyscallRetFn),
    /// Syscall filter.
    SyscallFilter(SyscallFilterFn),
    /// Discontinuities of the kinds in the mask.
    Discon(u32, DisconFn),
    /// At exit.
    Atexit(PlainFn),
    /// Block cache flush.
    Flush(PlainFn),
}

impl Host {
    /// An empty host.
    pub fn new() -> Host {
        Host::default()
    }

    /// Adds a plugin and returns its id (ids start at 1 so none is zero).
    pub fn add_plugin(&self, name: String, version: u32) -> PluginId {
        let id = PluginId::new(self.next_id.fetch_add(1, Ordering::Relaxed) + 1, version);
        self.plugins.write().unwrap().push(PluginInfo { id, name, version });
        id
    }

    /// Removes a plugin and all its callbacks (uninstall).
    pub fn remove_plugin(&self, id: PluginId) {
        self.plugins.write().unwrap().retain(|p| p.id != id);
        let mut c = self.cbs.write().unwrap();
        c.vcpu_init.retain(|e| e.0 != id);
        c.vcpu_exit.retain(|e| e.0 != id);
        c.vcpu_idle.retain(|e| e.0 != id);
        c.vcpu_resume.retain(|e| e.0 != id);
        c.tb_trans.retain(|e| e.0 != id);
        c.syscall.retain(|e| e.0 != id);
        c.syscall_ret.retain(|e| e.0 != id);
        c.syscall_filter.retain(|e| e.0 != id);
        c.discon.retain(|e| e.0 != id);
        c.atexit.retain(|e| e.0 != id);
        c.flush.retain(|e| e.0 != id);
        drop(c);
        self.watches.remove_plugin(id);
        self.watching.store(!self.watches.is_empty(), Ordering::Release);
    }

    /// Asks for `f` to be called whenever one of the registers `names` changes value: register
    /// names as the register list spells them, group names (`org.gnu.gdb.riscv.fpu` or just
    /// `fpu`), or `*` for all. Applies to code translated from now on: register watches at
    /// install or vCPU init time. Called from a callback with a current vCPU, that vCPU's values
    /// become the baseline at once; other vCPUs' when they start (or at their first check).
    pub fn watch_registers(&self, plugin: PluginId, names: Vec<String>, f: RegChangeFn) -> Result<(), WatchError> {
        let w = self.watches.add(Watch::new(plugin, names, f)?);
        context::with_current(|hart, _, _| w.init(hart));
        self.watching.store(true, Ordering::Release);
        Ok(())
    }

    /// Whether any plugin watches registers.
    #[inline]
    pub fn watches_registers(&self) -> bool {
        self.watching.load(Ordering::Acquire)
    }

    /// Looks for watched registers changed outside instructions and reports them as made at `pc`.
    /// Environments call it after serving each exit from the engine (a trap taken, a syscall's
    /// result, a signal delivered, an interrupt), with the pc of the exit.
    pub fn resync(&self, hart: &mut Hart, mem: &GuestMemory, pc: u64) {
        if !self.watches_registers() {
            return;
        }
        for w in self.watches.all() {
            let set = w.set(&hart.model);
            w.check(hart, mem, &set, pc);
        }
    }

    /// Registers the stop flag of an engine running a vCPU: [`Host::request_exit`] raises it so
    /// the vCPU leaves its engine at the end of the current block.
    pub fn add_stop_flag(&self, flag: Arc<AtomicBool>) {
        self.stop_flags.lock().unwrap_or_else(|e| e.into_inner()).push(flag);
    }

    /// A plugin asks to end the run as if the guest had exited with `status` (the first request
    /// wins). Every vCPU stops at the end of its current block; the environment then ends the
    /// run through its usual path, with vCPU exit and atexit callbacks.
    pub fn request_exit(&self, status: i32) {
        self.exit.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(status);
        self.exiting.store(true, Ordering::SeqCst);
        for f in self.stop_flags.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            f.store(true, Ordering::SeqCst);
        }
    }

    /// The status a plugin asked the run to end with, if one did. Environments look after every
    /// exit from the engine.
    #[inline]
    pub fn exit_requested(&self) -> Option<i32> {
        if !self.exiting.load(Ordering::Relaxed) {
            return None;
        }
        *self.exit.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Information about a plugin.
    pub fn plugin(&self, id: PluginId) -> Option<PluginInfo> {
        self.plugins.read().unwrap().iter().find(|p| p.id == id).cloned()
    }

    /// Whether any plugin is loaded.
    pub fn is_empty(&self) -> bool {
        self.plugins.read().unwrap().is_empty()
    }

    /// Number of vCPUs started so far.
    pub fn num_vcpus(&self) -> u32 {
        self.vcpus.load(Ordering::Relaxed) as u32
    }

    /// Registers a callback for `plugin`.
    pub fn register(&self, plugin: PluginId, r: Register) {
        let mut c = self.cbs.write().unwrap();
        match r {
            Register::VcpuInit(f) => c.vcpu_init.push((plugin, f)),
            Register::VcpuExit(f) => c.vcpu_exit.push((plugin, f)),
            Register::VcpuIdle(f) => c.vcpu_idle.push((plugin, f)),
            Register::VcpuResume(f) => c.vcpu_resume.push((plugin, f)),
            Register::TbTrans(f) => c.tb_trans.push((plugin, f)),
            Register::Syscall(f) => c.syscall.push((plugin, f)),
            Register::SyscallRet(f) => c.syscall_ret.push((plugin, f)),
            Register::SyscallFilter(f) => c.syscall_filter.push((plugin, f)),
            Register::Discon(mask, f) => c.discon.push((plugin, mask, f)),
            Register::Atexit(f) => c.atexit.push((plugin, f)),
            Register::Flush(f) => c.flush.push((plugin, f)),
        }
    }

    fn snapshot(&self) -> Callbacks {
        self.cbs.read().unwrap().clone()
    }

    /// A vCPU starts.
    pub fn vcpu_init(&self, hart: &mut Hart, mem: &GuestMemory) {
        self.vcpus.fetch_max(hart.vcpu_index as u64 + 1, Ordering::Relaxed);
        for (id, f) in self.snapshot().vcpu_init {
            let vcpu = hart_index(hart);
            context::enter(hart, mem, RegAccess::Unrestricted, id, || f(vcpu));
        }
        // The starting values are the baseline of every watch (none of them is a change).
        for w in self.watches.all() {
            w.init(hart);
        }
    }

    /// A vCPU stops for good.
    pub fn vcpu_exit(&self, hart: &mut Hart, mem: &GuestMemory) {
        for (id, f) in self.snapshot().vcpu_exit {
            let vcpu = hart_index(hart);
            context::enter(hart, mem, RegAccess::Unrestricted, id, || f(vcpu));
        }
    }

    /// A vCPU goes idle (system mode: it waits in `wfi`).
    pub fn vcpu_idle(&self, hart: &mut Hart, mem: &GuestMemory) {
        for (id, f) in self.snapshot().vcpu_idle {
            let vcpu = hart_index(hart);
            context::enter(hart, mem, RegAccess::Unrestricted, id, || f(vcpu));
        }
    }

    /// A vCPU resumes after being idle.
    pub fn vcpu_resume(&self, hart: &mut Hart, mem: &GuestMemory) {
        for (id, f) in self.snapshot().vcpu_resume {
            let vcpu = hart_index(hart);
            context::enter(hart, mem, RegAccess::Unrestricted, id, || f(vcpu));
        }
    }

    /// A syscall is about to run. Returns `Some(result)` if a filter answered it instead.
    pub fn syscall(&self, hart: &mut Hart, mem: &GuestMemory, num: i64, args: &[u64; 8]) -> Option<u64> {
        let cbs = self.snapshot();
        let vcpu = hart.vcpu_index;
        for (id, f) in &cbs.syscall {
            context::enter(hart, mem, RegAccess::Unrestricted, *id, || f(vcpu, num, args));
        }
        for (id, f) in &cbs.syscall_filter {
            let mut ret = 0u64;
            if context::enter(hart, mem, RegAccess::Unrestricted, *id, || f(vcpu, num, args, &mut ret)) {
                return Some(ret);
            }
        }
        None
    }

    /// A syscall returned.
    pub fn syscall_ret(&self, hart: &mut Hart, mem: &GuestMemory, num: i64, ret: i64) {
        let vcpu = hart.vcpu_index;
        for (id, f) in self.snapshot().syscall_ret {
            context::enter(hart, mem, RegAccess::Unrestricted, id, || f(vcpu, num, ret));
        }
    }

    /// Whether any plugin watches syscalls (so the caller can skip building argument arrays).
    pub fn watches_syscalls(&self) -> bool {
        let c = self.cbs.read().unwrap();
        !(c.syscall.is_empty() && c.syscall_ret.is_empty() && c.syscall_filter.is_empty())
    }

    /// Control flow left its straight path.
    pub fn discon(&self, hart: &mut Hart, mem: &GuestMemory, kind: Discon, from: u64, to: u64) {
        let vcpu = hart.vcpu_index;
        for (id, mask, f) in self.snapshot().discon {
            if mask & kind as u32 != 0 {
                context::enter(hart, mem, RegAccess::Unrestricted, id, || f(vcpu, kind, from, to));
            }
        }
    }

    /// The run ends: atexit callbacks, with no current vCPU.
    pub fn atexit(&self) {
        let cbs = std::mem::take(&mut self.cbs.write().unwrap().atexit);
        for (id, f) in cbs {
            context::enter_plugin(id, || f());
        }
    }
}

fn hart_index(h: &Hart) -> u32 {
    h.vcpu_index
}

impl Instrumenter for Host {
    fn instrument(&self, hart: &mut Hart, mem: &GuestMemory, view: &BlockView) -> Option<BlockHooks> {
        let cbs = self.cbs.read().unwrap().tb_trans.clone();
        let watching = self.watches_registers();
        if cbs.is_empty() && !watching {
            return None;
        }
        let mut tb = Tb::new(view, mem);
        for (id, f) in cbs {
            context::enter(hart, mem, RegAccess::Unrestricted, id, || f(&mut tb));
        }
        if watching {
            // Blocks end after any instruction that may write a watched register (split_after),
            // so only the last one can: check its candidates once it has run.
            if let Some(&(pc, insn)) = view.insns.last() {
                let written = hart.model.regs.written_by(&insn);
                for w in self.watches.all() {
                    let regs = w.set(&hart.model).and(&written);
                    if !regs.is_empty() {
                        let check = move |ctx: &mut HookCtx| w.check(ctx.hart, ctx.mem, &regs, pc);
                        tb.hooks.exit.push(Action::Call(Arc::new(check)));
                    }
                }
            }
        }
        Some(tb.hooks)
    }

    fn split_after(&self, model: &CpuModel, insn: &Insn) -> bool {
        self.watches_registers() && !self.watches.union(model).and(&model.regs.written_by(insn)).is_empty()
    }

    fn flushed(&self) {
        for (id, f) in self.snapshot().flush {
            context::enter_plugin(id, || f());
        }
    }
}

/// One instruction of a block being translated.
#[derive(Clone, Debug)]
pub struct TbInsn {
    /// Guest virtual address.
    pub vaddr: u64,
    /// The decoded instruction.
    pub insn: Insn,
    /// Its bytes (2 or 4 valid), little-endian as in memory.
    pub bytes: [u8; 4],
}

/// A block being translated, as translation callbacks see it; they attach instrumentation to it.
pub struct Tb {
    /// Address of the first instruction.
    pub vaddr: u64,
    /// The instructions.
    pub insns: Vec<TbInsn>,
    hooks: BlockHooks,
}

impl Tb {
    fn new(view: &BlockView, _mem: &GuestMemory) -> Tb {
        let insns = view
            .insns
            .iter()
            .map(|&(vaddr, insn)| TbInsn { vaddr, insn, bytes: insn.raw.to_le_bytes() })
            .collect::<Vec<_>>();
        let n = insns.len();
        let hooks = BlockHooks { entry: Vec::new(), insns: vec![InsnHooks::default(); n], exit: Vec::new() };
        Tb { vaddr: view.start, insns, hooks }
    }

    /// Adds an action at block entry.
    pub fn on_entry(&mut self, a: Action) {
        self.hooks.entry.push(a);
    }

    /// Adds an action before instruction `i`.
    pub fn before_insn(&mut self, i: usize, a: Action) {
        if let Some(h) = self.hooks.insns.get_mut(i) {
            h.before.push(a);
        }
    }

    /// Adds a memory callback on instruction `i` for reads (bit 0) and/or writes (bit 1).
    pub fn on_mem(&mut self, i: usize, rw: u8, f: MemHookFn) {
        if let Some(h) = self.hooks.insns.get_mut(i) {
            h.mem.push((rw, f));
        }
    }

    /// Adds an inline action after memory accesses of instruction `i`.
    pub fn on_mem_inline(&mut self, i: usize, rw: u8, a: Action) {
        if let Some(h) = self.hooks.insns.get_mut(i) {
            h.mem_inline.push((rw, a));
        }
    }
}

/// Wraps a callback that needs the current-vCPU context into a hook action with that access.
pub fn call_with(plugin: PluginId, access: RegAccess, f: Arc<dyn Fn(u32) + Send + Sync>) -> Action {
    call_fn(plugin, access, move |vcpu| f(vcpu))
}

/// [`call_with`] for a concrete closure: it is compiled into the action, one indirect call less
/// on every execution.
pub fn call_fn<F: Fn(u32) + Send + Sync + 'static>(plugin: PluginId, access: RegAccess, f: F) -> Action {
    let caller = Caller::new(plugin, access);
    Action::Call(Arc::new(move |ctx: &mut HookCtx| {
        let vcpu = ctx.hart.vcpu_index;
        context::enter_as(ctx.hart, ctx.mem, caller, || f(vcpu))
    }))
}

/// Wraps a memory callback likewise.
pub fn mem_call_with(plugin: PluginId, access: RegAccess, f: MemFn) -> MemHookFn {
    let caller = Caller::new(plugin, access);
    Arc::new(move |ctx: &mut HookCtx, ev: &MemEvent| {
        let vcpu = ctx.hart.vcpu_index;
        context::enter_as(ctx.hart, ctx.mem, caller, || f(vcpu, ev))
    })
}
