//! Instrumentation woven into translated blocks: the engine's side of the plugin host.
//!
//! When a block is translated, the engine shows it to the [`Instrumenter`] (the plugin host) as a
//! [`BlockView`]. The instrumenter answers with [`BlockHooks`]: actions to run when the block is
//! entered, before each instruction, and after each memory access. A block without hooks is the
//! same block as with no instrumenter at all, so uninstrumented code pays nothing; an instrumented
//! block runs through a slower path that calls exactly the hooks it was given.
//!
//! Hooks are closures, so the engine knows nothing of plugin ABIs: the C ABI wraps a C function
//! pointer and its userdata into one, the Rust API a trait method.

use crate::hart::Hart;
use crate::mem::GuestMemory;
use rivet_isa::Insn;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

/// What a hook sees: the vCPU's state (mutable: hooks registered for writing may change registers,
/// pc included) and guest memory.
pub struct HookCtx<'a> {
    /// The vCPU running the hook. `pc` is the address of the instruction about to run (insn hooks),
    /// of the block (block hooks), or of the instruction that accessed memory (memory hooks).
    pub hart: &'a mut Hart,
    /// Guest memory.
    pub mem: &'a GuestMemory,
}

/// A hook called with the vCPU.
pub type HookFn = Arc<dyn Fn(&mut HookCtx) + Send + Sync>;

/// A memory access as memory hooks see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemEvent {
    /// Guest virtual address.
    pub vaddr: u64,
    /// log2 of the access size.
    pub size_log2: u8,
    /// Whether the access wrote memory (stores, AMOs, successful SCs).
    pub store: bool,
    /// Whether a load sign-extends.
    pub signed: bool,
    /// The value loaded or stored (for AMOs, the value stored).
    pub value: u64,
}

/// A hook called after a memory access.
pub type MemHookFn = Arc<dyn Fn(&mut HookCtx, &MemEvent) + Send + Sync>;

/// A comparison for conditional hooks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cond {
    /// Never call.
    Never,
    /// Always call.
    Always,
    /// Call when the counter equals the immediate.
    Eq,
    /// Not equal.
    Ne,
    /// Less than (unsigned).
    Lt,
    /// Less or equal.
    Le,
    /// Greater than.
    Gt,
    /// Greater or equal.
    Ge,
}

impl Cond {
    /// Evaluates `a <cond> b`.
    pub fn holds(self, a: u64, b: u64) -> bool {
        match self {
            Cond::Never => false,
            Cond::Always => true,
            Cond::Eq => a == b,
            Cond::Ne => a != b,
            Cond::Lt => a < b,
            Cond::Le => a <= b,
            Cond::Gt => a > b,
            Cond::Ge => a >= b,
        }
    }
}

/// Per-vCPU storage for plugins (QEMU's scoreboards): one element of `elem_size` bytes per vCPU.
/// Elements never move (the whole capacity is reserved up front and backed lazily), so inline
/// operations can address them without locks while vCPUs come and go.
pub struct Scoreboard {
    base: *mut u8,
    elem_size: usize,
    capacity: usize,
}

// SAFETY: each element is written by its own vCPU's thread (inline ops) or by the plugin, which
// owns the synchronisation of its data as with QEMU; the mapping lives as long as the scoreboard.
unsafe impl Send for Scoreboard {}
// SAFETY: as above.
unsafe impl Sync for Scoreboard {}

impl Scoreboard {
    /// Most vCPUs a scoreboard holds.
    pub const MAX_VCPUS: usize = 4096;

    /// A zeroed scoreboard of `elem_size`-byte elements, or `None` if the host refuses the memory.
    pub fn new(elem_size: usize) -> Option<Scoreboard> {
        let elem_size = elem_size.max(1);
        let len = elem_size.checked_mul(Self::MAX_VCPUS)?;
        // SAFETY: a fresh anonymous mapping; no existing memory is touched.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        (p != libc::MAP_FAILED).then(|| Scoreboard { base: p.cast(), elem_size, capacity: Self::MAX_VCPUS })
    }

    /// Size of one element.
    pub fn elem_size(&self) -> usize {
        self.elem_size
    }

    /// Pointer to the element of `vcpu` (`None` past the capacity).
    pub fn elem_ptr(&self, vcpu: usize) -> Option<*mut u8> {
        // SAFETY: in bounds of the mapping.
        (vcpu < self.capacity).then(|| unsafe { self.base.add(vcpu * self.elem_size) })
    }

    /// Reads the u64 at `offset` in `vcpu`'s element (0 if out of range).
    pub fn get_u64(&self, vcpu: usize, offset: usize) -> u64 {
        match self.u64_ptr(vcpu, offset) {
            // SAFETY: u64_ptr checked the bounds.
            Some(p) => unsafe { std::ptr::read_unaligned(p) },
            None => 0,
        }
    }

    /// Writes the u64 at `offset` in `vcpu`'s element.
    pub fn set_u64(&self, vcpu: usize, offset: usize, v: u64) {
        if let Some(p) = self.u64_ptr(vcpu, offset) {
            // SAFETY: u64_ptr checked the bounds.
            unsafe { std::ptr::write_unaligned(p, v) }
        }
    }

    /// `vcpu`'s element as 64-bit cells, for callers that touch many words per call (`None` past
    /// the capacity). Atomic cells, so sharing them is sound; relaxed accesses compile to plain
    /// loads and stores.
    pub fn u64_cells(&self, vcpu: usize) -> Option<&[AtomicU64]> {
        if vcpu >= self.capacity || !self.elem_size.is_multiple_of(8) {
            return None;
        }
        // SAFETY: the element is inside the mapping, which lives as long as `self`; the mapping is
        // page aligned and `elem_size` a multiple of 8, so the element starts 8-aligned; AtomicU64
        // has u64's size and every bit pattern is valid.
        Some(unsafe {
            let base = self.base.add(vcpu * self.elem_size);
            std::slice::from_raw_parts(base as *const AtomicU64, self.elem_size / 8)
        })
    }

    fn u64_ptr(&self, vcpu: usize, offset: usize) -> Option<*mut u64> {
        if vcpu >= self.capacity || offset.checked_add(8).is_none_or(|e| e > self.elem_size) {
            return None;
        }
        // SAFETY: in bounds (checked above).
        Some(unsafe { self.base.add(vcpu * self.elem_size + offset) }.cast())
    }
}

impl Drop for Scoreboard {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `new`.
        unsafe { libc::munmap(self.base.cast(), self.elem_size * self.capacity) };
    }
}

/// A u64 inside a scoreboard element (QEMU's `qemu_plugin_u64`).
#[derive(Clone)]
pub struct ScoreU64 {
    /// The scoreboard.
    pub board: Arc<Scoreboard>,
    /// Byte offset in the element.
    pub offset: usize,
}

/// One instrumentation action.
#[derive(Clone)]
pub enum Action {
    /// Call a hook.
    Call(HookFn),
    /// Add `imm` to the vCPU's counter.
    InlineAdd(ScoreU64, u64),
    /// Store `imm` in the vCPU's counter.
    InlineStore(ScoreU64, u64),
    /// Call a hook if the vCPU's counter compares with `imm` as `cond` says.
    CondCall(Cond, ScoreU64, u64, HookFn),
}

/// Hooks of one instruction.
#[derive(Clone, Default)]
pub struct InsnHooks {
    /// Run before the instruction executes.
    pub before: Vec<Action>,
    /// Run after each memory access of the instruction (reads: bit 0 of the filter, writes: bit 1).
    pub mem: Vec<(u8, MemHookFn)>,
    /// Inline actions after each memory access (with the same filter bits).
    pub mem_inline: Vec<(u8, Action)>,
}

/// Hooks of one block.
#[derive(Clone, Default)]
pub struct BlockHooks {
    /// Run when the block is entered.
    pub entry: Vec<Action>,
    /// Per instruction, in block order (may be shorter than the block).
    pub insns: Vec<InsnHooks>,
    /// Run once the block's last instruction has completed (pc is then its successor); not when
    /// the block is left early (an exception, a hook that moved pc). With
    /// [`Instrumenter::split_after`] this is how a hook runs after one chosen instruction while
    /// the block itself runs uninstrumented, compiled when hot.
    pub exit: Vec<Action>,
}

impl BlockHooks {
    /// Whether no hook is per instruction or per memory access (only at block entry or exit).
    pub fn entry_only(&self) -> bool {
        self.insns.iter().all(|i| i.before.is_empty() && i.mem.is_empty() && i.mem_inline.is_empty())
    }

    /// Whether there is nothing to run.
    pub fn is_empty(&self) -> bool {
        self.entry.is_empty() && self.exit.is_empty() && self.entry_only()
    }
}

/// A block as the instrumenter sees it at translation time.
pub struct BlockView<'a> {
    /// Address of the first instruction.
    pub start: u64,
    /// The instructions with their addresses.
    pub insns: &'a [(u64, Insn)],
}

/// The plugin host's side of translation: decides what to weave into each new block.
pub trait Instrumenter: Send + Sync {
    /// Instrumentation for a block just translated for `hart`, or `None`.
    fn instrument(&self, hart: &mut Hart, mem: &GuestMemory, block: &BlockView) -> Option<BlockHooks>;

    /// Called when a vCPU drops its translations (QEMU's flush callback).
    fn flushed(&self) {}

    /// Whether a block being decoded for harts of `model` must end after `insn`, so that hooks
    /// can run right after it (see [`BlockHooks::exit`]). Asked for every instruction decoded.
    fn split_after(&self, model: &crate::CpuModel, insn: &Insn) -> bool {
        let _ = (model, insn);
        false
    }
}

/// Runs an action.
#[inline]
pub fn run_action(a: &Action, ctx: &mut HookCtx) {
    let vcpu = ctx.hart.vcpu_index as usize;
    match a {
        Action::Call(f) => f(ctx),
        Action::InlineAdd(s, imm) => {
            let v = s.board.get_u64(vcpu, s.offset);
            s.board.set_u64(vcpu, s.offset, v.wrapping_add(*imm));
        }
        Action::InlineStore(s, imm) => s.board.set_u64(vcpu, s.offset, *imm),
        Action::CondCall(cond, s, imm, f) => {
            if cond.holds(s.board.get_u64(vcpu, s.offset), *imm) {
                f(ctx)
            }
        }
    }
}

impl std::fmt::Debug for BlockHooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockHooks").field("entry", &self.entry.len()).field("insns", &self.insns.len()).finish()
    }
}
