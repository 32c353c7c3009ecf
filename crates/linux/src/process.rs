//! A guest process: address space layout, program loading and the run loop that connects the
//! engine to syscalls and signals.

use crate::loader::{self, Image, LoadError};
use crate::signal::{self, code, sig, DefaultAction, SigInfo, Signals};
use crate::stack;
use crate::vma::Vmas;
use rivet_core::mem::{perm, Access, GuestMemory, PAGE_SIZE};
use rivet_core::{CpuModel, Engine, Exit, Hart};
use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Guest address-space size: 2^38 bytes, the user half of Sv39 as Linux gives it on riscv64.
pub const ADDR_BITS: u32 = 38;
/// Top of the initial stack.
pub const STACK_TOP: u64 = 0x3f_ffff_f000;
/// Size of the stack mapping.
pub const STACK_SIZE: u64 = 8 << 20;
/// mmap places new mappings top-down below this address.
pub const MMAP_TOP: u64 = STACK_TOP - STACK_SIZE - (1 << 30);
/// Lowest address mmap hands out without a hint.
pub const MMAP_BOTTOM: u64 = 0x10000;
/// Where a position-independent executable is loaded (2/3 of the address space, as Linux does).
pub const PIE_BASE: u64 = 0x2a_aaaa_a000;

/// How to run a program.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The program file as given.
    pub program: PathBuf,
    /// argv (`argv[0]` included).
    pub argv: Vec<OsString>,
    /// The environment as `NAME=VALUE`.
    pub envp: Vec<OsString>,
    /// Sysroot for absolute guest paths (`-L`).
    pub sysroot: Option<PathBuf>,
    /// Print each syscall (`-strace`).
    pub strace: bool,
    /// CPU model name.
    pub cpu: String,
    /// Name to prefix our own messages with.
    pub prog_name: String,
}

/// Errors that stop a program from starting.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The program or its interpreter is unusable.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A file could not be read.
    #[error("{}: {}", path.display(), io_text(err))]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        err: std::io::Error,
    },
    /// Anything else.
    #[error("{0}")]
    Other(String),
}

/// The state of a running guest process.
pub struct Process {
    /// Guest memory.
    pub mem: Arc<GuestMemory>,
    /// The run configuration.
    pub cfg: Config,
    /// Absolute path of the executable (for /proc/self/exe).
    pub exe_path: PathBuf,
    /// The main executable.
    pub image: Image,
    /// The interpreter, if any.
    pub interp: Option<Image>,
    /// Mapped ranges.
    pub vmas: Vmas,
    /// Start of the heap.
    pub brk_start: u64,
    /// Current program break.
    pub brk: u64,
    /// Signal state.
    pub signals: Signals,
    /// set_tid_address value.
    pub clear_child_tid: u64,
    /// The CPU model.
    pub model: Arc<CpuModel>,
    /// The plugin host, if plugins are loaded: it instruments translations and sees vCPU start and
    /// exit and every syscall.
    pub plugins: Option<Arc<rivet_plugin_host::Host>>,
}

/// What a syscall did to control flow.
pub enum SysOutcome {
    /// Return this value in a0 and continue after the ecall.
    Return(u64),
    /// The handler already set up the hart (sigreturn): continue where it points.
    Resume,
    /// Run the same syscall again after delivering signals.
    Restart,
    /// The process exits with this status.
    Exit(i32),
}

/// An I/O error as the C library words it, without Rust's "(os error N)" suffix.
pub fn io_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.rfind(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, StartError> {
    std::fs::read(path).map_err(|err| StartError::Io { path: path.to_path_buf(), err })
}

impl Process {
    /// Maps a guest path through the sysroot as QEMU's `-L` does: an absolute path that exists
    /// under the sysroot is taken from there, anything else from the host.
    pub fn host_path(&self, guest: &[u8]) -> PathBuf {
        let p = Path::new(std::ffi::OsStr::from_bytes(guest));
        if let (Some(root), true) = (&self.cfg.sysroot, guest.first() == Some(&b'/')) {
            let full = root.join(p.strip_prefix("/").unwrap_or(p));
            if full.symlink_metadata().is_ok() {
                return full;
            }
        }
        p.to_path_buf()
    }

    /// Loads the program and prepares the first hart.
    pub fn load(cfg: Config) -> Result<(Process, Hart), StartError> {
        let model = Arc::new(CpuModel::by_name(&cfg.cpu, 0).ok_or_else(|| {
            StartError::Other(format!("unknown CPU model '{}' (known: {})", cfg.cpu, CpuModel::NAMES.join(", ")))
        })?);
        let data = read_file(&cfg.program)?;
        let elf = loader::validate(&cfg.program, &data)?;
        let mem = Arc::new(
            GuestMemory::new(ADDR_BITS).map_err(|e| StartError::Other(format!("cannot reserve guest memory: {e}")))?,
        );
        let exe_path = std::fs::canonicalize(&cfg.program).unwrap_or_else(|_| cfg.program.clone());
        let mut p = Process {
            mem: mem.clone(),
            exe_path,
            image: Image::default(),
            interp: None,
            vmas: Vmas::default(),
            brk_start: 0,
            brk: 0,
            signals: Signals::default(),
            clear_child_tid: 0,
            model: model.clone(),
            plugins: None,
            cfg,
        };
        let bias = if elf.header.e_type == goblin::elf::header::ET_DYN { PIE_BASE - loader::span(&elf).0 } else { 0 };
        let image = loader::map(&p.cfg.program, &data, &elf, bias, &mem)?;
        p.vmas.insert(image.start, image.end);
        if let Some(interp_name) = image.interp.clone() {
            let path = p.host_path(interp_name.as_bytes());
            let idata = std::fs::read(&path).map_err(|e| {
                StartError::Other(format!(
                    "{}: cannot open interpreter {interp_name}: {}",
                    p.cfg.program.display(),
                    io_text(&e)
                ))
            })?;
            let ielf = loader::validate(&path, &idata)?;
            let (lo, hi) = loader::span(&ielf);
            let base = p
                .vmas
                .find_free_top_down(hi - lo, MMAP_BOTTOM, MMAP_TOP)
                .ok_or_else(|| StartError::Other("no room for the interpreter".into()))?;
            let ibias = if ielf.header.e_type == goblin::elf::header::ET_DYN { base - lo } else { 0 };
            let iimg = loader::map(&path, &idata, &ielf, ibias, &mem)?;
            p.vmas.insert(iimg.start, iimg.end);
            p.interp = Some(iimg);
        }
        p.brk_start = image.end;
        p.brk = image.end;
        p.image = image;

        // Stack.
        let stack_lo = STACK_TOP - STACK_SIZE;
        mem.map_anon(stack_lo, STACK_SIZE, perm::R | perm::W).map_err(|e| StartError::Other(e.to_string()))?;
        p.vmas.insert(stack_lo, STACK_TOP);
        // Signal return trampoline: `li a7, 139; ecall`, as the vDSO provides on Linux.
        let tramp = p
            .vmas
            .find_free_top_down(PAGE_SIZE, MMAP_BOTTOM, MMAP_TOP)
            .ok_or_else(|| StartError::Other("no room".into()))?;
        mem.map_anon(tramp, PAGE_SIZE, perm::R | perm::W).map_err(|e| StartError::Other(e.to_string()))?;
        let code: [u32; 2] = [0x08b0_0893, 0x0000_0073];
        let bytes: Vec<u8> = code.iter().flat_map(|w| w.to_le_bytes()).collect();
        mem.poke_bytes(tramp, &bytes).map_err(|_| StartError::Other("trampoline".into()))?;
        mem.protect(tramp, PAGE_SIZE, perm::R | perm::X).map_err(|e| StartError::Other(e.to_string()))?;
        p.vmas.insert(tramp, tramp + PAGE_SIZE);
        p.signals.trampoline = tramp;

        let ids = |f: unsafe extern "C" fn() -> u32| {
            // SAFETY: getuid and friends cannot fail.
            unsafe { f() as u64 }
        };
        let entry = p.interp.as_ref().map_or(p.image.entry, |i| i.entry);
        let auxv = [
            (stack::at::PHDR, p.image.phdr),
            (stack::at::PHENT, p.image.phent),
            (stack::at::PHNUM, p.image.phnum),
            (stack::at::PAGESZ, PAGE_SIZE),
            (stack::at::BASE, p.interp.as_ref().map_or(0, |i| i.start)),
            (stack::at::FLAGS, 0),
            (stack::at::ENTRY, p.image.entry),
            (stack::at::UID, ids(libc::getuid)),
            (stack::at::EUID, ids(libc::geteuid)),
            (stack::at::GID, ids(libc::getgid)),
            (stack::at::EGID, ids(libc::getegid)),
            (stack::at::HWCAP, model.hwcap()),
            (stack::at::CLKTCK, 100),
            (stack::at::SECURE, 0),
        ];
        let mut random = [0u8; 16];
        // SAFETY: getrandom writes at most 16 bytes into our buffer.
        unsafe { libc::getrandom(random.as_mut_ptr().cast(), 16, 0) };
        let argv: Vec<Vec<u8>> = p.cfg.argv.iter().map(|a| a.as_bytes().to_vec()).collect();
        let envp: Vec<Vec<u8>> = p.cfg.envp.iter().map(|a| a.as_bytes().to_vec()).collect();
        let execfn = p.cfg.program.as_os_str().as_bytes().to_vec();
        let sp = stack::build(&mem, STACK_TOP, &argv, &envp, &execfn, &auxv, random)
            .map_err(|_| StartError::Other("arguments and environment do not fit on the stack".into()))?;
        let mut hart = Hart::new(model, 0);
        hart.pc = entry;
        hart.x[2] = sp;
        Ok((p, hart))
    }

    /// Runs the process to its end and returns its exit status. A fatal signal ends the host
    /// process itself (as QEMU does) and does not return.
    pub fn run(&mut self, hart: &mut Hart) -> i32 {
        let mut engine = Engine::new(&hart.model);
        // Hot blocks run as native code; RIVET_NO_JIT=1 keeps everything interpreted (for
        // comparisons and to rule the JIT out when hunting a bug).
        if std::env::var_os("RIVET_NO_JIT").is_none() {
            engine.set_compiler(Box::new(rivet_jit::Jit::new()));
        }
        let stop = engine.stop_flag();
        signal::set_stop_flag(stop.clone());
        signal::take_over_host_signals(&mut self.signals);
        let plugins = self.plugins.clone().filter(|h| !h.is_empty());
        if let Some(host) = &plugins {
            engine.set_instrumenter(host.clone());
            host.add_stop_flag(stop.clone());
            host.vcpu_init(hart, &self.mem);
        }
        loop {
            let exit = engine.run(hart, &self.mem);
            let exit_pc = hart.pc;
            match exit {
                Exit::Ecall => match self.syscall(hart, plugins.as_deref()) {
                    SysOutcome::Return(v) => {
                        hart.x[10] = v;
                        hart.pc += 4;
                    }
                    SysOutcome::Resume => {}
                    // Interrupted by a signal whose handler has SA_RESTART: leave pc on the ecall so
                    // the syscall runs again after the handler (a0 still holds its first argument).
                    SysOutcome::Restart => {}
                    SysOutcome::Exit(status) => {
                        if let Some(host) = &plugins {
                            host.vcpu_exit(hart, &self.mem);
                        }
                        return status;
                    }
                },
                Exit::Ebreak => self.force_signal(hart, SigInfo::fault(sig::SIGTRAP, code::TRAP_BRKPT, hart.pc)),
                Exit::Illegal => self.force_signal(hart, SigInfo::fault(sig::SIGILL, code::ILL_ILLOPC, hart.pc)),
                Exit::Fault(f) => {
                    let code = if f.mapped { code::SEGV_ACCERR } else { code::SEGV_MAPERR };
                    self.force_signal(hart, SigInfo::fault(sig::SIGSEGV, code, f.addr))
                }
                Exit::Misaligned { addr, access: _ } => {
                    self.force_signal(hart, SigInfo::fault(sig::SIGBUS, code::BUS_ADRALN, addr))
                }
                Exit::Interrupted => stop.store(false, std::sync::atomic::Ordering::SeqCst),
                // Only harts in system mode stop for CSR writes or raise privileged exceptions.
                Exit::Sync => {}
                Exit::Exception { .. } => {
                    self.force_signal(hart, SigInfo::fault(sig::SIGILL, code::ILL_ILLOPC, hart.pc))
                }
            }
            self.deliver_pending(hart);
            if let Some(host) = &plugins {
                // A syscall's result, a signal frame: register changes no instruction made.
                host.resync(hart, &self.mem, exit_pc);
                if let Some(status) = host.exit_requested() {
                    host.vcpu_exit(hart, &self.mem);
                    return status;
                }
            }
        }
    }

    /// Serves the syscall at `hart.pc`, telling the plugins about it: syscall callbacks and filters
    /// before (a filter may answer it; a callback may move pc, then the syscall does not run), the
    /// syscall-return callbacks after.
    fn syscall(&mut self, hart: &mut Hart, plugins: Option<&rivet_plugin_host::Host>) -> SysOutcome {
        let Some(host) = plugins.filter(|h| h.watches_syscalls()) else {
            return crate::syscall::dispatch(self, hart);
        };
        let num = hart.x[17] as i64;
        let args = [hart.x[10], hart.x[11], hart.x[12], hart.x[13], hart.x[14], hart.x[15], 0, 0];
        let pc = hart.pc;
        let outcome = match host.syscall(hart, &self.mem, num, &args) {
            Some(ret) => SysOutcome::Return(ret),
            None if hart.pc != pc => return SysOutcome::Resume,
            None => crate::syscall::dispatch(self, hart),
        };
        if let SysOutcome::Return(v) = outcome {
            host.syscall_ret(hart, &self.mem, num, v as i64);
        }
        outcome
    }

    /// Raises a synchronous signal caused by the current instruction. If the guest blocks or
    /// ignores it, the kernel's rule applies: the default action.
    fn force_signal(&mut self, hart: &mut Hart, info: SigInfo) {
        let s = info.signo;
        let act = self.signals.actions[s as usize];
        if self.signals.blocked & signal::bit(s) != 0 || act.handler == signal::SIG_IGN {
            self.signals.actions[s as usize] = signal::SigAction::default();
            self.signals.blocked &= !signal::bit(s);
        }
        self.signals.pending.insert(0, info);
        let _ = (hart, Access::Read);
    }

    /// Queues a signal sent to the process (kill, raise, host signals).
    pub fn queue_signal(&mut self, info: SigInfo) {
        // Standard signals do not queue twice (in the same set: thread-directed or process-wide).
        if info.signo < 32 && self.signals.pending.iter().any(|p| p.signo == info.signo && p.thread == info.thread) {
            return;
        }
        self.signals.pending.push(info);
    }

    /// Whether a signal is pending and not blocked.
    pub fn has_deliverable(&mut self) -> bool {
        self.collect_host_signals();
        self.signals.pending.iter().any(|p| self.signals.blocked & signal::bit(p.signo) == 0)
    }

    fn collect_host_signals(&mut self) {
        let host = signal::take_host_pending();
        if host != 0 {
            for s in 1..=64 {
                if host & signal::bit(s) != 0 {
                    self.queue_signal(SigInfo::kernel(s));
                }
            }
        }
    }

    /// Takes the next pending signal among `allowed` in Linux's order: thread-directed before
    /// process-wide, lowest number first, first queued first.
    pub fn take_pending(&mut self, allowed: u64) -> Option<SigInfo> {
        self.collect_host_signals();
        let pos = self
            .signals
            .pending
            .iter()
            .enumerate()
            .filter(|(_, p)| allowed & signal::bit(p.signo) != 0)
            .min_by_key(|(i, p)| (!p.thread, p.signo, *i))
            .map(|(i, _)| i)?;
        Some(self.signals.pending.remove(pos))
    }

    /// Whether the next signal to be delivered has SA_RESTART (for interrupted syscalls).
    pub fn next_signal_restarts(&mut self) -> bool {
        self.collect_host_signals();
        let allowed = !self.signals.blocked;
        let next = self
            .signals
            .pending
            .iter()
            .filter(|p| allowed & signal::bit(p.signo) != 0)
            .min_by_key(|p| (!p.thread, p.signo));
        next.is_some_and(|p| {
            let act = self.signals.actions[p.signo as usize];
            act.handler > signal::SIG_IGN && act.flags & signal::sa::RESTART != 0
        })
    }

    /// Delivers every pending, unblocked signal.
    pub fn deliver_pending(&mut self, hart: &mut Hart) {
        while let Some(info) = self.take_pending(!self.signals.blocked) {
            let s = info.signo;
            let act = self.signals.actions[s as usize];
            match act.handler {
                signal::SIG_IGN => continue,
                signal::SIG_DFL => match signal::default_action(s) {
                    DefaultAction::Ignore => continue,
                    _ => self.die(hart, s),
                },
                _ => {
                    if !signal::setup_frame(hart, &self.mem, &mut self.signals, &info) {
                        self.die(hart, sig::SIGSEGV);
                    }
                }
            }
        }
    }

    /// Ends the process because of guest signal `s`. Plugins still see the vCPU exit and their
    /// atexit callbacks run first, as QEMU runs them before it dies.
    fn die(&mut self, hart: &mut Hart, s: i32) -> ! {
        if let Some(host) = self.plugins.clone() {
            host.vcpu_exit(hart, &self.mem);
            host.atexit();
        }
        signal::die_with_signal(s, &self.cfg.prog_name)
    }
}
