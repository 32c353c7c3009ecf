//! The raw interface between a plugin and rivet: `#[repr(C)]` structures and `extern "C"`
//! functions, so a plugin compiled on its own (a `cdylib`) and rivet need not share a compiler
//! version or any type layout beyond these. Plugins never use this module directly; the safe API
//! of this crate is built on it, and rivet implements the host side.
//!
//! Compatibility: the host passes [`HostApi`] with its [`ABI_VERSION`]; a plugin refuses a host
//! whose major version differs. Fields are only ever appended, and `size` says how many the host
//! filled.

use std::ffi::c_void;

/// Version of this interface. A `cdylib` plugin exports it as `rivet_plugin_abi`.
pub const ABI_VERSION: u32 = 1;

/// Name of the entry point a `cdylib` plugin exports (see [`EntryFn`]).
pub const ENTRY_SYMBOL: &str = "rivet_plugin_entry";
/// Name of the `u32` a `cdylib` plugin exports with the [`ABI_VERSION`] it was built for.
pub const ABI_SYMBOL: &str = "rivet_plugin_abi";

/// A plugin's entry point: installs the plugin for the host `api` with `args` (`key=value`
/// strings). Returns 0, or non-zero after reporting why through `api.fail`.
pub type EntryFn = unsafe extern "C" fn(api: *const HostApi, args: *const Str, nargs: usize) -> i32;

/// Borrowed UTF-8 text.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Str {
    /// First byte.
    pub ptr: *const u8,
    /// Length in bytes.
    pub len: usize,
}

impl Str {
    /// Borrows `s`.
    pub fn new(s: &str) -> Str {
        Str { ptr: s.as_ptr(), len: s.len() }
    }

    /// The text.
    ///
    /// # Safety
    /// `ptr` and `len` must describe valid UTF-8 that outlives `'a`.
    pub unsafe fn as_str<'a>(self) -> &'a str {
        if self.ptr.is_null() {
            return "";
        }
        // SAFETY: as the caller vouches.
        unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(self.ptr, self.len)) }
    }
}

/// `RegDesc::flags`: writes are refused.
pub const REG_READ_ONLY: u32 = 1;

/// `RegDesc::word` of a register that is not a plain word of the vCPU state (CSRs, `priv`).
pub const NOT_A_WORD: u32 = u32::MAX;

/// One register of a CPU model. The host keeps these for the whole run.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct RegDesc {
    /// Name as GDB spells it (`sp`, `ft0`, `mstatus`).
    pub name: Str,
    /// GDB feature (`org.gnu.gdb.riscv.cpu`, `.fpu`, `.csr`, `.virtual`).
    pub feature: Str,
    /// Index of the CPU model.
    pub model: u32,
    /// Index of the register in its model's list.
    pub index: u32,
    /// Index in [`VcpuRaw::words`] for registers kept as a plain word, else [`NOT_A_WORD`].
    pub word: u32,
    /// Size in bytes.
    pub size: u32,
    /// [`REG_READ_ONLY`].
    pub flags: u32,
    /// GDB register number.
    pub gdb: u32,
}

// SAFETY: register lists are immutable for the run, their names static text.
unsafe impl Send for RegDesc {}
// SAFETY: as above.
unsafe impl Sync for RegDesc {}

/// `VcpuRaw::access`: registers may be read.
pub const ACCESS_READ: u32 = 1;
/// `VcpuRaw::access`: registers may be written.
pub const ACCESS_WRITE: u32 = 2;

/// The vCPU a callback runs for, valid for the duration of the callback only.
#[repr(C)]
pub struct VcpuRaw {
    /// The register words of the vCPU (x0..x31 with spare slots, f0..f31, pc), in place.
    pub words: *const u64,
    /// Their number.
    pub nwords: u32,
    /// vCPU index.
    pub index: u32,
    /// Index of the vCPU's CPU model.
    pub model: u32,
    /// [`ACCESS_READ`] | [`ACCESS_WRITE`].
    pub access: u32,
    /// The model's registers.
    pub regs: *const RegDesc,
    /// Their number.
    pub nregs: usize,
    /// Instructions retired so far.
    pub instret: u64,
    /// The host's own (the vCPU and its memory).
    pub host: *mut c_void,
}

/// A memory access seen by a memory callback.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct MemRaw {
    /// Guest virtual address.
    pub vaddr: u64,
    /// Value loaded or stored.
    pub value: u64,
    /// log2 of the size in bytes.
    pub size_log2: u8,
    /// 1 for a store.
    pub store: u8,
    /// 1 for a sign-extending load.
    pub signed: u8,
}

/// One register change. The plugin side reads these in place as
/// [`RegChange`](crate::RegChange)s, which share this layout.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ChangeRaw {
    /// The register: never null, one of the vCPU's register list (kept for the run).
    pub reg: *const RegDesc,
    /// Value before.
    pub old: u64,
    /// Value after.
    pub new: u64,
    /// The instruction that changed it (for traps and the environment, the pc at the time).
    pub pc: u64,
    /// Instructions retired when the change was seen.
    pub instret: u64,
}

/// One instruction of a block being translated.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct InsnRaw {
    /// Guest virtual address.
    pub vaddr: u64,
    /// Its encoding (16 or 32 bits).
    pub raw: u32,
    /// Its size in bytes.
    pub size: u32,
}

/// A block being translated, valid for the duration of the translation callback.
#[repr(C)]
pub struct TbRaw {
    /// Address of its first instruction.
    pub vaddr: u64,
    /// Its instructions.
    pub insns: *const InsnRaw,
    /// Their number.
    pub ninsns: usize,
    /// The host's own.
    pub host: *mut c_void,
}

/// A callback owned by the host once handed over: `call(data, ...)` runs it, `drop(data)` frees
/// it when the host no longer needs it (the block was discarded, the run ended).
#[repr(C)]
pub struct Closure<F> {
    /// The function.
    pub call: F,
    /// Its state.
    pub data: *const c_void,
    /// Frees `data`.
    pub drop: unsafe extern "C" fn(*const c_void),
}

/// An instruction or block callback.
pub type VcpuCall = unsafe extern "C" fn(data: *const c_void, vcpu: *mut VcpuRaw);
/// A memory callback.
pub type MemCall = unsafe extern "C" fn(data: *const c_void, vcpu: *mut VcpuRaw, access: *const MemRaw);

/// Where [`HostApi::tb_add`] attaches a callback.
pub const AT_ENTRY: u32 = 0;
/// Before instruction `index`.
pub const AT_INSN: u32 = 1;

/// The plugin's top-level callbacks, handed over once at install. `data` is the plugin; each
/// function pointer may be absent.
#[repr(C)]
pub struct Callbacks {
    /// The plugin's state.
    pub data: *const c_void,
    /// A vCPU starts.
    pub vcpu_init: Option<VcpuCall>,
    /// A vCPU stops.
    pub vcpu_exit: Option<VcpuCall>,
    /// A block is translated.
    pub translate: Option<unsafe extern "C" fn(data: *const c_void, tb: *mut TbRaw)>,
    /// Watched registers changed: `n` changes made by one instruction (or one trap), in
    /// register-list order.
    pub reg_change:
        Option<unsafe extern "C" fn(data: *const c_void, vcpu: *mut VcpuRaw, changes: *const ChangeRaw, n: usize)>,
    /// A syscall is about to run; returning 1 (with `*ret` set) skips it.
    pub syscall: Option<
        unsafe extern "C" fn(data: *const c_void, vcpu: *mut VcpuRaw, num: i64, args: *const u64, ret: *mut i64) -> i32,
    >,
    /// A syscall returned.
    pub syscall_ret: Option<unsafe extern "C" fn(data: *const c_void, vcpu: *mut VcpuRaw, num: i64, ret: i64)>,
    /// Control flow left its path (`kind`: 1 interrupt, 2 exception, 4 host call).
    pub discon: Option<unsafe extern "C" fn(data: *const c_void, vcpu: *mut VcpuRaw, kind: u32, from: u64, to: u64)>,
    /// The run ends (no vCPU runs any more).
    pub exit: Option<unsafe extern "C" fn(data: *const c_void)>,
    /// Frees `data` (after `exit`).
    pub drop: unsafe extern "C" fn(*const c_void),
}

/// What the host says about the run.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct InfoRaw {
    /// 1 under `rivet system`, 0 under `rivet run`.
    pub system: u32,
    /// vCPUs the machine has (system mode; 0 in user mode, where threads come and go).
    pub vcpus: u32,
    /// Path of the guest program or image.
    pub binary: Str,
    /// Start of its code (user mode; 0 in system mode).
    pub start_code: u64,
    /// End of its code.
    pub end_code: u64,
    /// Its entry point.
    pub entry: u64,
}

/// The host's side, one per loaded plugin; valid until the plugin's `exit` returns.
#[repr(C)]
pub struct HostApi {
    /// [`ABI_VERSION`] of the host.
    pub abi_version: u32,
    /// Size of this structure as the host filled it.
    pub size: u32,
    /// The host's own.
    pub host: *const c_void,
    /// Reports why install failed.
    pub fail: unsafe extern "C" fn(host: *const c_void, why: Str),
    /// Writes plugin output (stderr, or the `-D` log with `-d plugin`).
    pub out: unsafe extern "C" fn(host: *const c_void, text: Str),
    /// Fills `info`.
    pub info: unsafe extern "C" fn(host: *const c_void, info: *mut InfoRaw),
    /// Hands over the top-level callbacks (once).
    pub set_callbacks: unsafe extern "C" fn(host: *const c_void, cbs: *const Callbacks) -> i32,
    /// Asks for register-change callbacks for `names` (register names, groups, `*`). 0 on
    /// success, else reports why through `fail` and returns -1.
    pub watch: unsafe extern "C" fn(host: *const c_void, names: *const Str, n: usize) -> i32,
    /// Reads a register that is no plain word. 0 on success.
    pub read_reg: unsafe extern "C" fn(vcpu: *const VcpuRaw, reg: *const RegDesc, out: *mut u64) -> i32,
    /// Writes a register (pc: execution continues there once the callback returns). 0 on success.
    pub write_reg: unsafe extern "C" fn(vcpu: *mut VcpuRaw, reg: *const RegDesc, value: u64) -> i32,
    /// Reads guest memory at a virtual address. 0 on success.
    pub read_mem: unsafe extern "C" fn(vcpu: *const VcpuRaw, vaddr: u64, buf: *mut u8, len: usize) -> i32,
    /// Writes guest memory at a virtual address. 0 on success.
    pub write_mem: unsafe extern "C" fn(vcpu: *mut VcpuRaw, vaddr: u64, buf: *const u8, len: usize) -> i32,
    /// Attaches a callback to a block ([`AT_ENTRY`], or [`AT_INSN`] before instruction `index`),
    /// which may write registers when `write` is 1. The host owns `cb` from now on.
    pub tb_add: unsafe extern "C" fn(tb: *mut TbRaw, at: u32, index: usize, write: u32, cb: Closure<VcpuCall>),
    /// Attaches a memory callback to instruction `index` (`rw`: bit 0 loads, bit 1 stores).
    pub tb_add_mem: unsafe extern "C" fn(tb: *mut TbRaw, index: usize, rw: u32, cb: Closure<MemCall>),
    /// The symbol containing `vaddr`, if the guest binary names one (text valid for the run).
    pub symbol: unsafe extern "C" fn(host: *const c_void, vaddr: u64) -> Str,
    /// Ends the run with `status` once every vCPU has finished its current block.
    pub exit: unsafe extern "C" fn(host: *const c_void, status: i32),
}
