//! # rivet-plugin: native Rust plugins for the rivet RISC-V emulator
//!
//! A plugin is a type implementing [`Plugin`]: the callbacks it wants are its methods, the state
//! it keeps per vCPU is its [`Plugin::State`], and at translation time it attaches closures to
//! instructions ([`Block::on_exec`]). Inside a callback the vCPU's registers are read in place
//! ([`View::read`]: a load, no call into rivet, no copy, no allocation), and callbacks registered
//! for it may write them ([`VcpuMut::write`]); which callback may write is in its type.
//!
//! rivet can also say when a register changes ([`Install::watch`], [`Plugin::reg_change`]): its
//! translator checks only the instructions that can write the registers asked for (the decoder
//! knows, including implicit writes such as `fflags`), and the callback runs only when a value
//! actually changed. Changes made by traps and by the environment (a syscall's result) are
//! reported too.
//!
//! The same plugin works two ways:
//! - compiled into rivet, selected with `-plugin NAME,key=value` (rivet's own tools are built so);
//! - as a `cdylib` with [`export!`], loaded with `-plugin path/to/libNAME.so,key=value` like a
//!   QEMU plugin. The library and rivet share only the `#[repr(C)]` interface of [`sys`].
//!
//! Plugin code needs no `unsafe`.
//!
//! ```no_run
//! use rivet_plugin::{Install, Plugin, RegChange, Vcpu};
//!
//! struct SpTrace;
//!
//! impl Plugin for SpTrace {
//!     type State = u64; // changes seen, per vCPU
//!
//!     fn new(install: &mut Install) -> Result<Self, String> {
//!         install.watch(&["sp"]);
//!         Ok(SpTrace)
//!     }
//!
//!     fn reg_change(&self, vcpu: &mut Vcpu<'_, u64>, c: &RegChange) {
//!         *vcpu.state += 1;
//!         vcpu.host().out(&format!("{:#x}: sp {:#x} -> {:#x}\n", c.pc, c.old, c.new));
//!     }
//! }
//!
//! rivet_plugin::export!(SpTrace);
//! ```
//!
//! Threads: rivet runs each vCPU on its own thread. A vCPU's callbacks run one after the other
//! on that thread, so its `State` needs no lock; the plugin itself is shared (`Sync`).

#![warn(missing_docs)]

mod block;
mod runtime;
pub mod sys;
mod vcpu;

pub use block::{Block, Insn, MemAccess, MemFilter};
pub use rivet_isa as isa;
pub use runtime::entry;
pub use vcpu::{Error, Reg, Selection, Snapshot, Vcpu, VcpuMut, View};

use sys::{HostApi, InfoRaw, Str};

/// A plugin. Every callback has a default that does nothing.
pub trait Plugin: Sized + Send + Sync + 'static {
    /// What the plugin keeps per vCPU (`()` for nothing). Created with `Default` when the vCPU
    /// first needs it; handed to every callback of that vCPU as `vcpu.state`.
    type State: Default + Send + 'static;

    /// Creates the plugin from its arguments; may ask for register-change callbacks. An error
    /// stops rivet with the message.
    fn new(install: &mut Install) -> Result<Self, String>;

    /// A vCPU starts (its registers hold their initial values).
    fn vcpu_init(&self, _vcpu: &mut VcpuMut<'_, Self::State>) {}

    /// A vCPU stops.
    fn vcpu_exit(&self, _vcpu: &mut VcpuMut<'_, Self::State>) {}

    /// A block is translated: attach callbacks to it. Runs once per translation, not per
    /// execution.
    fn translate(&self, _block: &mut Block<'_, Self>) {}

    /// A watched register changed (see [`Install::watch`]). Registers may be read here.
    fn reg_change(&self, _vcpu: &mut Vcpu<'_, Self::State>, _change: &RegChange) {}

    /// The watched registers one instruction changed (or one trap, interrupt or exit to the
    /// environment), in register-list order; never empty. The default hands each change to
    /// [`reg_change`](Plugin::reg_change); a plugin that reports per instruction (a line of a
    /// trace) takes them together here.
    fn reg_changes(&self, vcpu: &mut Vcpu<'_, Self::State>, changes: &[RegChange]) {
        for c in changes {
            self.reg_change(vcpu, c);
        }
    }

    /// A system call is about to run (user mode): number and arguments. Returning `Some(r)`
    /// skips it, and the guest sees `r` as its result.
    fn syscall(&self, _vcpu: &mut VcpuMut<'_, Self::State>, _num: i64, _args: &[u64; 8]) -> Option<i64> {
        None
    }

    /// A system call returned `ret`.
    fn syscall_ret(&self, _vcpu: &mut VcpuMut<'_, Self::State>, _num: i64, _ret: i64) {}

    /// Control flow left its path: a trap, an interrupt, a call into the host.
    fn discontinuity(&self, _vcpu: &mut VcpuMut<'_, Self::State>, _kind: Discontinuity, _from: u64, _to: u64) {}

    /// The run ends. `vcpus[i]` is vCPU `i`'s state.
    fn exit(&self, _vcpus: Vec<Self::State>) {}
}

/// One change of one register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)] // the layout of `sys::ChangeRaw`, so a batch is read in place
pub struct RegChange {
    /// The register.
    pub reg: Reg,
    /// Its value before.
    pub old: u64,
    /// Its value now.
    pub new: u64,
    /// The instruction that changed it; for a change made by a trap, an interrupt or the
    /// environment, the pc the vCPU was at.
    pub pc: u64,
    /// Instructions the vCPU had retired when the change was seen (changes with equal `pc` and
    /// `instret` come from one execution of one instruction).
    pub instret: u64,
}

// `RegChange` and `sys::ChangeRaw` must agree field by field for the in-place read.
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<RegChange>() == size_of::<sys::ChangeRaw>());
    assert!(size_of::<Reg>() == size_of::<*const sys::RegDesc>());
    assert!(offset_of!(RegChange, reg) == offset_of!(sys::ChangeRaw, reg));
    assert!(offset_of!(RegChange, old) == offset_of!(sys::ChangeRaw, old));
    assert!(offset_of!(RegChange, new) == offset_of!(sys::ChangeRaw, new));
    assert!(offset_of!(RegChange, pc) == offset_of!(sys::ChangeRaw, pc));
    assert!(offset_of!(RegChange, instret) == offset_of!(sys::ChangeRaw, instret));
};

/// Kinds of control-flow discontinuity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Discontinuity {
    /// An asynchronous interrupt.
    Interrupt,
    /// A synchronous exception.
    #[default]
    Exception,
    /// A call into the host (semihosting; Linux system calls have their own callbacks).
    HostCall,
}

/// The host running the plugin: output and facts about the run. Cheap to copy; keep it.
#[derive(Clone, Copy)]
pub struct Host(&'static HostApi);

// SAFETY: the host's functions may be called from any thread (rivet's side is thread-safe).
unsafe impl Send for Host {}
// SAFETY: as above.
unsafe impl Sync for Host {}

impl std::fmt::Debug for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Host")
    }
}

impl Host {
    pub(crate) fn api(self) -> &'static HostApi {
        self.0
    }

    /// Writes `text` where plugin output goes (stderr, or the `-D` file with `-d plugin`).
    pub fn out(self, text: &str) {
        // SAFETY: the host's function, with text valid for the call.
        unsafe { (self.0.out)(self.0.host, Str::new(text)) }
    }

    pub(crate) fn fail(self, why: &str) -> i32 {
        // SAFETY: as in `out`.
        unsafe { (self.0.fail)(self.0.host, Str::new(why)) };
        -1
    }

    /// Facts about the run.
    pub fn info(self) -> Info {
        let mut raw = InfoRaw { system: 0, vcpus: 0, binary: Str::new(""), start_code: 0, end_code: 0, entry: 0 };
        // SAFETY: the host fills `raw`; its text lives for the run.
        unsafe { (self.0.info)(self.0.host, &mut raw) };
        Info {
            system: raw.system != 0,
            vcpus: raw.vcpus,
            // SAFETY: as above.
            binary: unsafe { raw.binary.as_str() },
            start_code: raw.start_code,
            end_code: raw.end_code,
            entry: raw.entry,
        }
    }

    /// Ends the run as if the guest had exited with `status`: every vCPU stops at the end of its
    /// current block, then vCPU exit and exit callbacks run as usual (of every plugin). The
    /// callback that asks returns normally. Later requests change nothing.
    pub fn exit(self, status: i32) {
        let end = std::mem::offset_of!(HostApi, exit) + std::mem::size_of::<usize>();
        if self.0.size as usize >= end {
            // SAFETY: the host filled this field (it says so by `size`).
            unsafe { (self.0.exit)(self.0.host, status) }
        }
    }

    /// The function symbol containing `vaddr`, if the guest binary names one.
    pub fn symbol(self, vaddr: u64) -> Option<&'static str> {
        // SAFETY: the host's function; its text lives for the run.
        let s = unsafe { (self.0.symbol)(self.0.host, vaddr).as_str() };
        (!s.is_empty()).then_some(s)
    }
}

/// Facts about the run.
#[derive(Clone, Copy, Debug)]
pub struct Info {
    /// Under `rivet system` (bare metal) rather than `rivet run` (a Linux program).
    pub system: bool,
    /// vCPUs of the machine (system mode; 0 in user mode, where threads come and go).
    pub vcpus: u32,
    /// Path of the guest program or image.
    pub binary: &'static str,
    /// Start of the program's code (user mode; 0 in system mode).
    pub start_code: u64,
    /// End of its code.
    pub end_code: u64,
    /// Its entry point.
    pub entry: u64,
}

/// What a plugin gets while it is created: its arguments, the host, and requests that must be
/// made before the guest runs.
pub struct Install {
    host: Host,
    args: Vec<String>,
    pub(crate) watch: Vec<String>,
}

impl Install {
    /// The host.
    pub fn host(&self) -> Host {
        self.host
    }

    /// The arguments as given (`key=value` or bare words), in order.
    pub fn args(&self) -> &[String] {
        &self.args
    }

    /// The value of the last `key=value` argument with this key.
    pub fn arg(&self, key: &str) -> Option<&str> {
        self.args.iter().rev().find_map(|a| a.strip_prefix(key)?.strip_prefix('='))
    }

    /// Every value given for `key`, in order (for repeatable options such as `reg=`).
    pub fn arg_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.args.iter().filter_map(move |a| a.strip_prefix(key)?.strip_prefix('='))
    }

    /// A boolean argument as QEMU's `qemu_plugin_bool_parse` reads it ([`parse_bool`]);
    /// `default` when absent; an error naming the argument otherwise.
    pub fn flag(&self, key: &str, default: bool) -> Result<bool, String> {
        match self.arg(key) {
            None => Ok(default),
            Some(v) => parse_bool(v).ok_or_else(|| format!("{key}={v}: expected on/off, yes/no or true/false")),
        }
    }

    /// Asks for [`Plugin::reg_change`] whenever one of these registers changes: register names
    /// (`sp`, `fflags`, `mstatus`), groups (`cpu`, `fpu`, `csr`, `virtual`, or GDB's feature
    /// names), or `*` for all (the rule is [`selects`]; [`Reg::matches`] applies it to a
    /// register). Can be called more than once; an unknown name makes the install fail with a
    /// message naming it.
    pub fn watch<S: AsRef<str>>(&mut self, names: &[S]) {
        self.watch.extend(names.iter().map(|s| s.as_ref().to_string()));
    }
}

/// Whether `pattern`, as [`Install::watch`] takes it, selects the register called `name` in GDB
/// feature `feature`: `*`, the register's name, its feature's name
/// (`org.gnu.gdb.riscv.fpu`) or the feature's last part (`fpu`). The one rule for the host's
/// watches and for plugins choosing registers themselves.
pub fn selects(pattern: &str, name: &str, feature: &str) -> bool {
    pattern == "*" || pattern == name || pattern == feature || pattern == group_of(feature)
}

/// A GDB feature's short name, its last part: `cpu` for `org.gnu.gdb.riscv.cpu`.
pub(crate) fn group_of(feature: &str) -> &str {
    feature.rsplit('.').next().unwrap_or("")
}

/// A boolean plugin argument's value as QEMU's `qemu_plugin_bool_parse` reads it: `on`, `yes`,
/// `true`, `y` or `off`, `no`, `false`, `n` (rivet's C ABI uses this too).
pub fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "on" | "yes" | "true" | "y" => Some(true),
        "off" | "no" | "false" | "n" => Some(false),
        _ => None,
    }
}

/// Makes a `cdylib` crate a rivet plugin: exports the entry point rivet looks for when it loads
/// the library with `-plugin FILE.so`.
///
/// ```ignore
/// rivet_plugin::export!(MyPlugin);
/// ```
#[macro_export]
macro_rules! export {
    ($plugin:ty) => {
        /// The plugin interface version this library was built for.
        #[no_mangle]
        pub static rivet_plugin_abi: u32 = $crate::sys::ABI_VERSION;

        /// Installs the plugin (called by rivet).
        ///
        /// # Safety
        /// Only rivet calls it, with its interface.
        #[no_mangle]
        pub unsafe extern "C" fn rivet_plugin_entry(
            api: *const $crate::sys::HostApi,
            args: *const $crate::sys::Str,
            nargs: usize,
        ) -> i32 {
            // SAFETY: rivet passes its interface and the arguments.
            unsafe { $crate::entry::<$plugin>(api, args, nargs) }
        }
    };
}
