//! `-strace`: one line per syscall on stderr, in the spirit of QEMU's (`PID name(args) = ret`).

use crate::process::Process;
use crate::syscall::nr;

/// How to print each argument: d decimal, x hex, s string, o octal, - stop.
fn spec(n: u64) -> (&'static str, &'static str) {
    match n {
        nr::GETCWD => ("getcwd", "xd"),
        nr::DUP => ("dup", "d"),
        nr::DUP3 => ("dup3", "ddx"),
        nr::FCNTL => ("fcntl", "ddx"),
        nr::IOCTL => ("ioctl", "dxx"),
        nr::MKDIRAT => ("mkdirat", "dso"),
        nr::UNLINKAT => ("unlinkat", "dsx"),
        nr::SYMLINKAT => ("symlinkat", "sds"),
        nr::LINKAT => ("linkat", "dsdsx"),
        nr::RENAMEAT => ("renameat", "dsds"),
        nr::RENAMEAT2 => ("renameat2", "dsdsx"),
        nr::TRUNCATE => ("truncate", "sd"),
        nr::FTRUNCATE => ("ftruncate", "dd"),
        nr::FACCESSAT => ("faccessat", "dso"),
        nr::FACCESSAT2 => ("faccessat2", "dsox"),
        nr::CHDIR => ("chdir", "s"),
        nr::FCHDIR => ("fchdir", "d"),
        nr::OPENAT => ("openat", "dsxo"),
        nr::CLOSE => ("close", "d"),
        nr::PIPE2 => ("pipe2", "xx"),
        nr::GETDENTS64 => ("getdents64", "dxd"),
        nr::LSEEK => ("lseek", "ddd"),
        nr::READ => ("read", "dxd"),
        nr::WRITE => ("write", "dxd"),
        nr::READV => ("readv", "dxd"),
        nr::WRITEV => ("writev", "dxd"),
        nr::PREAD64 => ("pread64", "dxdd"),
        nr::PWRITE64 => ("pwrite64", "dxdd"),
        nr::PPOLL => ("ppoll", "xdxxd"),
        nr::READLINKAT => ("readlinkat", "dsxd"),
        nr::NEWFSTATAT => ("newfstatat", "dsxx"),
        nr::FSTAT => ("fstat", "dx"),
        nr::FSYNC => ("fsync", "d"),
        nr::EXIT => ("exit", "d"),
        nr::EXIT_GROUP => ("exit_group", "d"),
        nr::SET_TID_ADDRESS => ("set_tid_address", "x"),
        nr::FUTEX => ("futex", "xddxxd"),
        nr::SET_ROBUST_LIST => ("set_robust_list", "xd"),
        nr::NANOSLEEP => ("nanosleep", "xx"),
        nr::CLOCK_GETTIME => ("clock_gettime", "dx"),
        nr::CLOCK_GETRES => ("clock_getres", "dx"),
        nr::CLOCK_NANOSLEEP => ("clock_nanosleep", "ddxx"),
        nr::SCHED_GETAFFINITY => ("sched_getaffinity", "ddx"),
        nr::SCHED_YIELD => ("sched_yield", ""),
        nr::KILL => ("kill", "dd"),
        nr::TKILL => ("tkill", "dd"),
        nr::TGKILL => ("tgkill", "ddd"),
        nr::SIGALTSTACK => ("sigaltstack", "xx"),
        nr::RT_SIGSUSPEND => ("rt_sigsuspend", "xd"),
        nr::RT_SIGACTION => ("rt_sigaction", "dxxd"),
        nr::RT_SIGPROCMASK => ("rt_sigprocmask", "dxxd"),
        nr::RT_SIGRETURN => ("rt_sigreturn", ""),
        nr::UNAME => ("uname", "x"),
        nr::GETRLIMIT => ("getrlimit", "dx"),
        nr::GETTIMEOFDAY => ("gettimeofday", "xx"),
        nr::GETPID => ("getpid", ""),
        nr::GETPPID => ("getppid", ""),
        nr::GETUID => ("getuid", ""),
        nr::GETEUID => ("geteuid", ""),
        nr::GETGID => ("getgid", ""),
        nr::GETEGID => ("getegid", ""),
        nr::GETTID => ("gettid", ""),
        nr::SYSINFO => ("sysinfo", "x"),
        nr::BRK => ("brk", "x"),
        nr::MUNMAP => ("munmap", "xd"),
        nr::MREMAP => ("mremap", "xddxx"),
        nr::CLONE => ("clone", "xxxxx"),
        nr::EXECVE => ("execve", "sxx"),
        nr::MMAP => ("mmap", "xdxxdd"),
        nr::MPROTECT => ("mprotect", "xdx"),
        nr::MADVISE => ("madvise", "xdd"),
        nr::WAIT4 => ("wait4", "dxdx"),
        nr::PRLIMIT64 => ("prlimit64", "ddxx"),
        nr::RISCV_HWPROBE => ("riscv_hwprobe", "xddxx"),
        nr::RISCV_FLUSH_ICACHE => ("riscv_flush_icache", "xxx"),
        nr::GETRANDOM => ("getrandom", "xdx"),
        nr::STATX => ("statx", "dsxxx"),
        nr::RSEQ => ("rseq", "xdxx"),
        nr::CLONE3 => ("clone3", "xd"),
        _ => ("", ""),
    }
}

fn pid() -> i32 {
    // SAFETY: getpid cannot fail.
    unsafe { libc::getpid() }
}

/// Prints the call half of a line.
pub fn enter(p: &Process, n: u64, a: &[u64; 6]) {
    let (name, fmt) = spec(n);
    let mut line = format!("{} ", pid());
    if name.is_empty() {
        line.push_str(&format!("Unknown syscall {n}"));
        eprint!("{line}");
        return;
    }
    line.push_str(name);
    line.push('(');
    for (i, c) in fmt.chars().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let v = a[i];
        match c {
            'd' => line.push_str(&(v as i64).to_string()),
            'o' => line.push_str(&format!("{v:#o}")),
            's' if v != 0 => match p.mem.read_cstr(v, 256) {
                Ok(s) => line.push_str(&format!("\"{}\"", String::from_utf8_lossy(&s).escape_debug())),
                Err(_) => line.push_str(&format!("{v:#x}")),
            },
            _ => line.push_str(&format!("{v:#x}")),
        }
    }
    line.push(')');
    eprint!("{line}");
}

/// Prints the result half of a line.
pub fn leave(_p: &Process, n: u64, r: Result<u64, i32>) {
    let _ = n;
    match r {
        Ok(v) if n == nr::MMAP || n == nr::BRK || n == nr::MREMAP => eprintln!(" = {v:#x}"),
        Ok(v) => eprintln!(" = {}", v as i64),
        Err(e) => eprintln!(" = -1 errno={e} ({})", std::io::Error::from_raw_os_error(e)),
    }
}
