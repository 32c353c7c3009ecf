//! Guest signals: dispositions, masks, the riscv64 signal frame, sigreturn, and host signals
//! forwarded to the guest.

use rivet_core::mem::GuestMemory;
use rivet_core::Hart;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// Number of signals (1..=64).
pub const NSIG: usize = 64;
/// Default disposition.
pub const SIG_DFL: u64 = 0;
/// Ignore.
pub const SIG_IGN: u64 = 1;

/// sa_flags bits the guest may set.
pub mod sa {
    /// Run the handler on the alternate stack.
    pub const ONSTACK: u64 = 0x0800_0000;
    /// Restart interrupted syscalls.
    pub const RESTART: u64 = 0x1000_0000;
    /// Do not block the signal while its handler runs.
    pub const NODEFER: u64 = 0x4000_0000;
    /// Reset to the default after one delivery.
    pub const RESETHAND: u64 = 0x8000_0000;
}

/// A guest sigaction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SigAction {
    /// Handler address, SIG_DFL or SIG_IGN.
    pub handler: u64,
    /// SA_* flags.
    pub flags: u64,
    /// Signals blocked while the handler runs.
    pub mask: u64,
}

/// Information delivered with a signal: the fields of the guest's `siginfo_t` that matter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SigInfo {
    /// Signal number.
    pub signo: i32,
    /// si_code.
    pub code: i32,
    /// Bytes 16..48 of `siginfo_t` (the union: fault address, or sender pid/uid and value).
    pub fields: [u64; 4],
    /// Directed at the thread (tkill/tgkill, faults) rather than the process: Linux keeps the two
    /// pending sets apart, so one of each can be pending at once.
    pub thread: bool,
}

impl SigInfo {
    /// A synchronous fault at `addr`.
    pub fn fault(signo: i32, code: i32, addr: u64) -> SigInfo {
        SigInfo { signo, code, fields: [addr, 0, 0, 0], thread: true }
    }

    /// A signal sent by a process (kill, tgkill, sigqueue).
    pub fn user(signo: i32, code: i32, pid: i32, uid: u32, value: u64, thread: bool) -> SigInfo {
        SigInfo { signo, code, fields: [(pid as u32 as u64) | ((uid as u64) << 32), value, 0, 0], thread }
    }

    /// A signal raised by the kernel (timers, terminal).
    pub fn kernel(signo: i32) -> SigInfo {
        SigInfo { signo, code: code::SI_KERNEL, fields: [0; 4], thread: false }
    }

    /// The guest's 128-byte `siginfo_t`.
    pub fn to_bytes(&self) -> [u8; 128] {
        let mut b = [0u8; 128];
        b[0..4].copy_from_slice(&self.signo.to_le_bytes());
        b[8..12].copy_from_slice(&self.code.to_le_bytes());
        for (i, f) in self.fields.iter().enumerate() {
            b[16 + 8 * i..24 + 8 * i].copy_from_slice(&f.to_le_bytes());
        }
        b
    }
}

/// si_code values.
pub mod code {
    /// Sent by kill.
    pub const SI_USER: i32 = 0;
    /// Sent by the kernel.
    pub const SI_KERNEL: i32 = 0x80;
    /// Sent by tkill/tgkill.
    pub const SI_TKILL: i32 = -6;
    /// Address not mapped.
    pub const SEGV_MAPERR: i32 = 1;
    /// Invalid permissions.
    pub const SEGV_ACCERR: i32 = 2;
    /// Misaligned address.
    pub const BUS_ADRALN: i32 = 1;
    /// Illegal opcode.
    pub const ILL_ILLOPC: i32 = 1;
    /// Breakpoint.
    pub const TRAP_BRKPT: i32 = 1;
}

/// Signal numbers used by name.
pub mod sig {
    #![allow(missing_docs)]
    pub const SIGHUP: i32 = 1;
    pub const SIGINT: i32 = 2;
    pub const SIGQUIT: i32 = 3;
    pub const SIGILL: i32 = 4;
    pub const SIGTRAP: i32 = 5;
    pub const SIGABRT: i32 = 6;
    pub const SIGBUS: i32 = 7;
    pub const SIGFPE: i32 = 8;
    pub const SIGKILL: i32 = 9;
    pub const SIGSEGV: i32 = 11;
    pub const SIGPIPE: i32 = 13;
    pub const SIGALRM: i32 = 14;
    pub const SIGCHLD: i32 = 17;
    pub const SIGCONT: i32 = 18;
    pub const SIGSTOP: i32 = 19;
    pub const SIGTSTP: i32 = 20;
    pub const SIGTTIN: i32 = 21;
    pub const SIGTTOU: i32 = 22;
    pub const SIGURG: i32 = 23;
    pub const SIGSYS: i32 = 31;
    pub const SIGWINCH: i32 = 28;
}

/// Bit of signal `s` in a mask.
pub fn bit(s: i32) -> u64 {
    1u64 << (s - 1)
}

/// Signals that can be neither caught nor blocked.
pub const UNBLOCKABLE: u64 = (1 << (sig::SIGKILL - 1)) | (1 << (sig::SIGSTOP - 1));

/// Per-process signal state.
#[derive(Debug)]
pub struct Signals {
    /// Dispositions, indexed by signal number (0 unused).
    pub actions: [SigAction; NSIG + 1],
    /// Blocked signals.
    pub blocked: u64,
    /// Pending signals with their information.
    pub pending: Vec<SigInfo>,
    /// Alternate stack: (sp, size, flags).
    pub altstack: (u64, u64, i32),
    /// Guest address of the sigreturn trampoline.
    pub trampoline: u64,
    /// The mask to restore after the next handler (set by rt_sigsuspend, whose temporary mask
    /// must not outlive the handler).
    pub saved_mask: Option<u64>,
}

impl Default for Signals {
    fn default() -> Self {
        Signals {
            actions: [SigAction::default(); NSIG + 1],
            blocked: 0,
            pending: Vec::new(),
            altstack: (0, 0, 2),
            trampoline: 0,
            saved_mask: None,
        }
    }
}

/// What default action a signal has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultAction {
    /// Ignore it.
    Ignore,
    /// Terminate the process.
    Terminate,
    /// Terminate with a core dump.
    Core,
}

/// The default action of a signal.
pub fn default_action(s: i32) -> DefaultAction {
    use sig::*;
    match s {
        SIGCHLD | SIGURG | SIGWINCH | SIGCONT | SIGSTOP | SIGTSTP | SIGTTIN | SIGTTOU => DefaultAction::Ignore,
        SIGQUIT | SIGILL | SIGTRAP | SIGABRT | SIGBUS | SIGFPE | SIGSEGV | SIGSYS | 24 | 25 => DefaultAction::Core,
        _ if s >= 32 => DefaultAction::Terminate,
        _ => DefaultAction::Terminate,
    }
}

// Host signals arrive asynchronously: the handler records them here and stops the vCPU.
static HOST_PENDING: AtomicU64 = AtomicU64::new(0);
static STOP: OnceLock<Arc<AtomicBool>> = OnceLock::new();

extern "C" fn host_handler(s: libc::c_int) {
    HOST_PENDING.fetch_or(bit(s), Ordering::SeqCst);
    if let Some(stop) = STOP.get() {
        stop.store(true, Ordering::SeqCst);
    }
}

/// Registers the flag that host signals raise to stop the vCPU.
pub fn set_stop_flag(flag: Arc<AtomicBool>) {
    let _ = STOP.set(flag);
}

/// Takes host signals that arrived since the last call.
pub fn take_host_pending() -> u64 {
    HOST_PENDING.swap(0, Ordering::SeqCst)
}

/// Mirrors a guest disposition on the host: catch what the guest handles, ignore what it
/// ignores; where the guest has the default, catch the signals whose default ends the process
/// (rivet carries the action out) and leave the others to the host's default (stop, ignore).
pub fn sync_host_disposition(s: i32, act: &SigAction) {
    if s == sig::SIGKILL || s == sig::SIGSTOP || !(1..=64).contains(&s) {
        return;
    }
    // Synchronous faults of rivet itself must stay fatal host signals, never be swallowed.
    if matches!(s, sig::SIGSEGV | sig::SIGBUS | sig::SIGILL | sig::SIGFPE | sig::SIGTRAP) {
        return;
    }
    if s >= 32 {
        // Real-time signals are reserved by the host libc in part; the guest can only send them to
        // itself, which is emulated without host signals.
        return;
    }
    let handler = match act.handler {
        // A signal whose default ends the process is caught all the same (as QEMU does): the
        // guest dies of it through rivet, after the plugins' exit callbacks.
        SIG_DFL if default_action(s) == DefaultAction::Ignore => libc::SIG_DFL,
        SIG_IGN => libc::SIG_IGN,
        _ => host_handler as extern "C" fn(libc::c_int) as usize,
    };
    set_host_handler(s, handler);
}

/// Takes over the host signals when the guest starts: a signal the host ignored stays ignored
/// for the guest (as across `execve`: `nohup` works), and every other signal is mirrored by
/// [`sync_host_disposition`], which catches those whose default action would kill rivet on the
/// spot (SIGINT, SIGTERM, SIGHUP, SIGPIPE...) so that the guest dies of them in order instead.
pub fn take_over_host_signals(sigs: &mut Signals) {
    for s in 1..32 {
        if matches!(s, sig::SIGKILL | sig::SIGSTOP) {
            continue;
        }
        // SAFETY: reads the current disposition into a zeroed struct.
        let ignored = unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            libc::sigaction(s, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
        };
        if ignored {
            sigs.actions[s as usize].handler = SIG_IGN;
        }
        sync_host_disposition(s, &sigs.actions[s as usize]);
    }
}

fn set_host_handler(s: i32, handler: usize) {
    // SAFETY: installing a handler that only touches atomics is async-signal-safe; sigaction
    // reads the struct we pass.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = handler;
        // No SA_RESTART: a blocking host syscall must return EINTR so that rivet, not the host,
        // decides whether the guest's syscall restarts (the guest's SA_RESTART).
        sa.sa_flags = 0;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(s, &sa, std::ptr::null_mut());
    }
}

/// The host's name of a signal, as strsignal prints it.
pub fn signal_name(s: i32) -> String {
    // SAFETY: strsignal returns a pointer to a static or thread-local string.
    unsafe {
        let p = libc::strsignal(s);
        if p.is_null() {
            format!("Unknown signal {s}")
        } else {
            std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
        }
    }
}

/// Terminates the process because of guest signal `s`, the way QEMU does: a message for signals
/// that dump core, then death by the same host signal (so the parent sees the same status).
pub fn die_with_signal(s: i32, prog: &str) -> ! {
    if default_action(s) == DefaultAction::Core {
        eprintln!("{prog}: uncaught target signal {s} ({}) - core dumped", signal_name(s));
    }
    // SAFETY: plain libc calls; the process is about to end.
    unsafe {
        // Never write a core of rivet itself (its reservation is huge); the guest's core is what
        // the message refers to.
        let lim = libc::rlimit { rlim_cur: 0, rlim_max: libc::RLIM_INFINITY };
        let mut old = lim;
        libc::getrlimit(libc::RLIMIT_CORE, &mut old);
        libc::setrlimit(libc::RLIMIT_CORE, &libc::rlimit { rlim_cur: 0, rlim_max: old.rlim_max });
        libc::signal(s, libc::SIG_DFL);
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, s);
        libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::raise(s);
        libc::_exit(128 + s);
    }
}

// riscv64 signal frame layout (struct rt_sigframe: siginfo, then ucontext).
const SIGINFO_SIZE: u64 = 128;
const UC_FLAGS: u64 = 0;
const UC_LINK: u64 = 8;
const UC_STACK: u64 = 16;
const UC_SIGMASK: u64 = 40;
const UC_MCONTEXT: u64 = 176;
/// sc_regs: pc, then x1..x31; then the D-extension state f[32] and fcsr; the union is 528 bytes.
const MC_FP: u64 = 256;
const MC_SIZE: u64 = 256 + 528;
const FRAME_SIZE: u64 = SIGINFO_SIZE + UC_MCONTEXT + MC_SIZE;

/// Pushes a signal frame for `info` and points the hart at the handler. Returns false if the
/// frame could not be written (the caller then kills the process with SIGSEGV).
pub fn setup_frame(h: &mut Hart, mem: &GuestMemory, sigs: &mut Signals, info: &SigInfo) -> bool {
    let s = info.signo;
    let act = sigs.actions[s as usize];
    let (alt_sp, alt_size, _) = sigs.altstack;
    let on_alt = h.x[2] >= alt_sp && h.x[2] < alt_sp + alt_size;
    let mut sp = h.x[2];
    if act.flags & sa::ONSTACK != 0 && alt_size != 0 && !on_alt {
        sp = alt_sp + alt_size;
    }
    let frame = (sp - FRAME_SIZE) & !15;
    let mut buf = vec![0u8; FRAME_SIZE as usize];
    let put =
        |buf: &mut Vec<u8>, off: u64, v: u64| buf[off as usize..off as usize + 8].copy_from_slice(&v.to_le_bytes());
    let put32 =
        |buf: &mut Vec<u8>, off: u64, v: u32| buf[off as usize..off as usize + 4].copy_from_slice(&v.to_le_bytes());
    buf[..SIGINFO_SIZE as usize].copy_from_slice(&info.to_bytes());
    let uc = SIGINFO_SIZE;
    put(&mut buf, uc + UC_FLAGS, 0);
    put(&mut buf, uc + UC_LINK, 0);
    put(&mut buf, uc + UC_STACK, alt_sp);
    put32(
        &mut buf,
        uc + UC_STACK + 8,
        if alt_size == 0 {
            2
        } else if on_alt {
            1
        } else {
            0
        },
    );
    put(&mut buf, uc + UC_STACK + 16, alt_size);
    put(&mut buf, uc + UC_SIGMASK, sigs.saved_mask.take().unwrap_or(sigs.blocked));
    let mc = uc + UC_MCONTEXT;
    put(&mut buf, mc, h.pc);
    for r in 1..32 {
        put(&mut buf, mc + 8 * r as u64, h.x[r]);
    }
    for r in 0..32 {
        put(&mut buf, mc + MC_FP + 8 * r as u64, h.f[r]);
    }
    put32(&mut buf, mc + MC_FP + 256, h.fcsr() as u32);
    if mem.write_bytes(frame, &buf).is_err() {
        return false;
    }
    let mut new_mask = sigs.blocked | act.mask;
    if act.flags & sa::NODEFER == 0 {
        new_mask |= bit(s);
    }
    sigs.blocked = new_mask & !UNBLOCKABLE;
    if act.flags & sa::RESETHAND != 0 {
        sigs.actions[s as usize] = SigAction::default();
        sync_host_disposition(s, &SigAction::default());
    }
    h.x[2] = frame;
    h.x[10] = s as u64;
    h.x[11] = frame;
    h.x[12] = frame + uc;
    h.x[1] = sigs.trampoline;
    h.pc = act.handler;
    true
}

/// Restores the state saved by [`setup_frame`] (rt_sigreturn). Returns false on a bad frame.
pub fn restore_frame(h: &mut Hart, mem: &GuestMemory, sigs: &mut Signals) -> bool {
    let frame = h.x[2];
    let mut buf = vec![0u8; FRAME_SIZE as usize];
    if mem.read_bytes(frame, &mut buf).is_err() {
        return false;
    }
    let get = |off: u64| u64::from_le_bytes(buf[off as usize..off as usize + 8].try_into().unwrap());
    let uc = SIGINFO_SIZE;
    let mc = uc + UC_MCONTEXT;
    sigs.blocked = get(uc + UC_SIGMASK) & !UNBLOCKABLE;
    h.pc = get(mc);
    for r in 1..32 {
        h.x[r] = get(mc + 8 * r as u64);
    }
    for r in 0..32 {
        h.f[r] = get(mc + MC_FP + 8 * r as u64);
    }
    h.set_fcsr(get(mc + MC_FP + 256) & 0xffff_ffff);
    true
}
