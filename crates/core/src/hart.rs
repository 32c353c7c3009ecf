//! The vCPU: architectural state of one RISC-V hart and the CPU model it belongs to.

use crate::privileged::{AdUpdate, IrqOrder, PrivConfig, PrivState, Tlb};
use crate::regs::{PlainHandles, RegMap};
use std::sync::Arc;

/// A CPU model: a class of harts sharing one ISA configuration and one register map. Register
/// handles given to plugins belong to a model, so all harts of a model share them.
#[derive(Debug)]
pub struct CpuModel {
    /// The name users pass with `-cpu`.
    pub name: &'static str,
    /// Index of the model among the models of this run (distinguishes handle namespaces).
    pub index: u32,
    /// Whether the F and D extensions are present.
    pub has_fpu: bool,
    /// The `misa` value.
    pub misa: u64,
    /// The register map: the one description of this model's registers.
    pub regs: RegMap,
    /// Whether harts of this model run bare metal (M/S/U, privileged CSRs) rather than as a Linux
    /// process.
    pub system: bool,
    /// The plugin handles of the plain registers of `regs` (x, f, pc), for the register read
    /// path: `hart.model` reaches them with no further pointer.
    pub plain_handles: PlainHandles,
}

impl CpuModel {
    /// Names of the models rivet implements.
    pub const NAMES: &'static [&'static str] = &["rv64gc", "rv64imac"];

    /// Builds a model by name (`rv64gc`, `rv64imac`, or `max`/`rv64` as aliases of `rv64gc`) for
    /// user mode.
    pub fn by_name(name: &str, index: u32) -> Option<CpuModel> {
        Self::build(name, index, false)
    }

    /// The same model for bare metal: its register map lists the privileged CSRs too.
    pub fn system_by_name(name: &str, index: u32) -> Option<CpuModel> {
        Self::build(name, index, true)
    }

    fn build(name: &str, index: u32, system: bool) -> Option<CpuModel> {
        let ext = |s: &str| s.bytes().fold(0u64, |m, c| m | 1 << (c - b'a'));
        let (name, has_fpu, letters) = match name {
            "rv64gc" | "rv64" | "max" | "any" => ("rv64gc", true, "imafdcsu"),
            "rv64imac" => ("rv64imac", false, "imacsu"),
            _ => return None,
        };
        let misa = (2u64 << 62) | ext(letters);
        let regs = if system { RegMap::for_system_model(has_fpu) } else { RegMap::for_model(has_fpu) };
        let plain_handles = PlainHandles::new(index, &regs);
        Some(CpuModel { name, index, has_fpu, misa, regs, system, plain_handles })
    }

    /// The `AT_HWCAP` bits of this model: one bit per single-letter extension.
    pub fn hwcap(&self) -> u64 {
        // HWCAP lists user-visible letters only: not S and U.
        self.misa & ((1 << 26) - 1) & !(1 << (b's' - b'a')) & !(1 << (b'u' - b'a'))
    }
}

/// Number of integer register slots: x0..x31, a sink that writes to x0 are redirected to (so the
/// interpreter never branches on rd == 0), and padding to a power of two so that masked indices
/// need no bounds checks.
pub const X_SLOTS: usize = 64;
/// The sink slot for writes to x0.
pub const X0_SINK: u8 = 32;

/// Architectural state of one hart. `repr(C)` so compiled code can address fields by offset
/// (`std::mem::offset_of!`).
#[derive(Clone, Debug)]
#[repr(C)]
pub struct Hart {
    /// Integer registers; `x[0]` is always zero, `x[32]` absorbs writes to x0, the rest is unused.
    pub x: [u64; X_SLOTS],
    /// FP registers as raw bits (singles NaN-boxed).
    pub f: [u64; 32],
    /// Program counter.
    pub pc: u64,
    /// Accrued FP exception flags (`fcsr[4:0]`).
    pub fflags: u8,
    /// Dynamic rounding mode (`fcsr[7:5]`).
    pub frm: u8,
    /// Instructions retired.
    pub instret: u64,
    /// LR/SC reservation: address and the value LR saw, or `None`.
    pub reservation: Option<(u64, u64)>,
    /// Privilege level (0 U, 1 S, 3 M); user mode runs at U.
    pub priv_level: u8,
    /// System mode with mstatus.FS = Off: FP instructions are illegal. Mirrors the privileged
    /// state so the engine tests one byte (kept by `csr` after writes that can change FS).
    pub fp_off: bool,
    /// System mode with Sv39 data translation on (satp.MODE = Sv39 and an effective privilege
    /// below M): loads, stores and atomics go through [`crate::vm`]. Kept by [`crate::vm::refresh`].
    pub xlate: bool,
    /// vCPU index (plugin API numbering).
    pub vcpu_index: u32,
    /// The CPU model.
    pub model: Arc<CpuModel>,
    /// Bare-metal state (privileged CSRs, TLB, the machine's clock); `None` in user mode.
    pub sys: Option<Box<SysState>>,
}

/// Where a hart in system mode reads the time (`time` CSR, CLINT `mtime`).
pub trait Clock: Send + Sync {
    /// Ticks of the machine's timebase as hart `hart` sees it after `instret` instructions (a
    /// clock driven by instruction counts needs both).
    fn now(&self, hart: u32, instret: u64) -> u64;
}

/// The bare-metal part of a hart.
pub struct SysState {
    /// M- and S-level CSRs, traps, interrupts.
    pub ps: PrivState,
    /// Address translation cache.
    pub tlb: Tlb,
    /// The machine's timebase.
    pub clock: Arc<dyn Clock>,
}

impl Clone for SysState {
    fn clone(&self) -> Self {
        SysState { ps: self.ps.clone(), tlb: Tlb::new(), clock: self.clock.clone() }
    }
}

impl std::fmt::Debug for SysState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SysState").field("ps", &self.ps).finish_non_exhaustive()
    }
}

impl Hart {
    /// A hart in its reset state.
    pub fn new(model: Arc<CpuModel>, vcpu_index: u32) -> Hart {
        Hart {
            x: [0; X_SLOTS],
            f: [0; 32],
            pc: 0,
            fflags: 0,
            frm: 0,
            instret: 0,
            reservation: None,
            priv_level: 0,
            fp_off: false,
            xlate: false,
            vcpu_index,
            model,
            sys: None,
        }
    }

    /// A hart of a system model, reset into M-mode, reading time from `clock`.
    pub fn new_system(model: Arc<CpuModel>, vcpu_index: u32, clock: Arc<dyn Clock>) -> Hart {
        // QEMU 10.0's interrupt order (lowest code first), so lock-step runs against it agree.
        let ps = PrivState::with_config(PrivConfig {
            misa: model.misa,
            hart_id: vcpu_index as u64,
            ad_update: AdUpdate::Hardware,
            svpbmt: false,
            irq_order: IrqOrder::LowestCode,
        });
        let mut h = Hart::new(model, vcpu_index);
        h.priv_level = crate::privileged::prv::M;
        h.fp_off = !ps.fp_enabled();
        h.sys = Some(Box::new(SysState { ps, tlb: Tlb::new(), clock }));
        h
    }

    /// The 64-bit word at byte offset `off` of the register words (`x`, `f`, `pc`), as the
    /// register map's [`RegMap::plain`](crate::regs::RegMap::plain) gives them. Any `off` is
    /// safe: it is clamped into those words, so a caller may read before validating where the
    /// offset came from (the plugin API's slow read path does).
    #[inline]
    pub fn word_at(&self, off: u16) -> u64 {
        const END: usize = std::mem::offset_of!(Hart, pc);
        let off = (off as usize).min(END) & !7;
        // SAFETY: `Hart` is `repr(C)` and starts with `x`, `f` and `pc`, all `u64`s, contiguous;
        // an 8-aligned offset at most that of `pc` is inside one of them, so the read is in
        // bounds, aligned and of an initialised `u64`.
        unsafe { (self as *const Hart as *const u8).add(off).cast::<u64>().read() }
    }

    /// Number of register words (`x` with its sink slots, `f`, `pc`): the length of [`Hart::words`].
    pub const WORDS: usize = std::mem::offset_of!(Hart, pc) / 8 + 1;

    /// The register words of the hart at `this`, as a raw pointer (the hart starts with them).
    /// For a holder of a raw hart pointer that must not make a reference to read through, such
    /// as a plugin's view of a vCPU that stays valid across writes made through `this`.
    pub fn words_ptr(this: *mut Hart) -> *mut u64 {
        this.cast()
    }

    /// The register words (`x` with its sink slots, then `f`, then `pc`) as one slice: word
    /// `off / 8` is the register at byte offset `off` of [`RegMap::plain`](crate::regs::RegMap::plain).
    /// For readers that go through many registers at once.
    #[inline]
    pub fn words(&self) -> &[u64] {
        // SAFETY: as in `word_at`: `x`, `f` and `pc` are contiguous `u64`s at the start of this
        // `repr(C)` struct, `WORDS` words in all, borrowed for as long as `self`.
        unsafe { std::slice::from_raw_parts(self as *const Hart as *const u64, Self::WORDS) }
    }

    /// The value of the plain register (x, f, pc) whose plugin handle is `handle`, if `handle`
    /// is exactly that of one of this hart's model's plain registers (see
    /// [`PlainHandles`]): one table load and one compare.
    #[inline(always)]
    pub fn plain_reg(&self, handle: usize) -> Option<u64> {
        let w = self.model.plain_handles.word(handle)?;
        // SAFETY: `PlainHandles::word` answers only indices below `WORDS`, the length of `words`.
        Some(unsafe { *self.words().get_unchecked(w) })
    }

    /// The `fcsr` value.
    pub fn fcsr(&self) -> u64 {
        ((self.frm as u64) << 5) | self.fflags as u64
    }

    /// Sets `fcsr` (upper bits are ignored, as WARL).
    pub fn set_fcsr(&mut self, v: u64) {
        self.fflags = (v & 0x1f) as u8;
        self.frm = ((v >> 5) & 7) as u8;
    }
}
