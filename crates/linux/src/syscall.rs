//! Linux syscalls for riscv64 guests (asm-generic numbering), served by the host kernel where the
//! two ABIs agree and translated where they do not (struct stat, iovec, uname, sigaction, ...).

use crate::process::{Process, SysOutcome, MMAP_BOTTOM, MMAP_TOP};
use crate::signal::{self, code, SigAction, SigInfo};
use rivet_core::mem::{perm, PAGE_SIZE};
use rivet_core::Hart;
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;

/// Syscall numbers (asm-generic, as riscv64 uses them).
#[allow(missing_docs)]
pub mod nr {
    pub const GETCWD: u64 = 17;
    pub const DUP: u64 = 23;
    pub const DUP3: u64 = 24;
    pub const FCNTL: u64 = 25;
    pub const IOCTL: u64 = 29;
    pub const MKNODAT: u64 = 33;
    pub const MKDIRAT: u64 = 34;
    pub const UNLINKAT: u64 = 35;
    pub const SYMLINKAT: u64 = 36;
    pub const LINKAT: u64 = 37;
    pub const RENAMEAT: u64 = 38;
    pub const STATFS: u64 = 43;
    pub const FSTATFS: u64 = 44;
    pub const TRUNCATE: u64 = 45;
    pub const FTRUNCATE: u64 = 46;
    pub const FALLOCATE: u64 = 47;
    pub const FACCESSAT: u64 = 48;
    pub const CHDIR: u64 = 49;
    pub const FCHDIR: u64 = 50;
    pub const FCHMOD: u64 = 52;
    pub const FCHMODAT: u64 = 53;
    pub const FCHOWNAT: u64 = 54;
    pub const FCHOWN: u64 = 55;
    pub const OPENAT: u64 = 56;
    pub const CLOSE: u64 = 57;
    pub const PIPE2: u64 = 59;
    pub const GETDENTS64: u64 = 61;
    pub const LSEEK: u64 = 62;
    pub const READ: u64 = 63;
    pub const WRITE: u64 = 64;
    pub const READV: u64 = 65;
    pub const WRITEV: u64 = 66;
    pub const PREAD64: u64 = 67;
    pub const PWRITE64: u64 = 68;
    pub const PREADV: u64 = 69;
    pub const PWRITEV: u64 = 70;
    pub const SENDFILE: u64 = 71;
    pub const PSELECT6: u64 = 72;
    pub const PPOLL: u64 = 73;
    pub const READLINKAT: u64 = 78;
    pub const NEWFSTATAT: u64 = 79;
    pub const FSTAT: u64 = 80;
    pub const SYNC: u64 = 81;
    pub const FSYNC: u64 = 82;
    pub const FDATASYNC: u64 = 83;
    pub const UTIMENSAT: u64 = 88;
    pub const EXIT: u64 = 93;
    pub const EXIT_GROUP: u64 = 94;
    pub const WAITID: u64 = 95;
    pub const SET_TID_ADDRESS: u64 = 96;
    pub const FUTEX: u64 = 98;
    pub const SET_ROBUST_LIST: u64 = 99;
    pub const GET_ROBUST_LIST: u64 = 100;
    pub const NANOSLEEP: u64 = 101;
    pub const GETITIMER: u64 = 102;
    pub const SETITIMER: u64 = 103;
    pub const CLOCK_GETTIME: u64 = 113;
    pub const CLOCK_GETRES: u64 = 114;
    pub const CLOCK_NANOSLEEP: u64 = 115;
    pub const SCHED_SETAFFINITY: u64 = 122;
    pub const SCHED_GETAFFINITY: u64 = 123;
    pub const SCHED_YIELD: u64 = 124;
    pub const KILL: u64 = 129;
    pub const TKILL: u64 = 130;
    pub const TGKILL: u64 = 131;
    pub const SIGALTSTACK: u64 = 132;
    pub const RT_SIGSUSPEND: u64 = 133;
    pub const RT_SIGACTION: u64 = 134;
    pub const RT_SIGPROCMASK: u64 = 135;
    pub const RT_SIGPENDING: u64 = 136;
    pub const RT_SIGTIMEDWAIT: u64 = 137;
    pub const RT_SIGQUEUEINFO: u64 = 138;
    pub const RT_SIGRETURN: u64 = 139;
    pub const RT_TGSIGQUEUEINFO: u64 = 240;
    pub const GETCPU: u64 = 168;
    pub const SETPRIORITY: u64 = 140;
    pub const GETPRIORITY: u64 = 141;
    pub const SETREGID: u64 = 143;
    pub const SETGID: u64 = 144;
    pub const SETREUID: u64 = 145;
    pub const SETUID: u64 = 146;
    pub const GETRESUID: u64 = 148;
    pub const GETRESGID: u64 = 150;
    pub const TIMES: u64 = 153;
    pub const SETPGID: u64 = 154;
    pub const GETPGID: u64 = 155;
    pub const GETSID: u64 = 156;
    pub const SETSID: u64 = 157;
    pub const GETGROUPS: u64 = 158;
    pub const UNAME: u64 = 160;
    pub const GETRLIMIT: u64 = 163;
    pub const SETRLIMIT: u64 = 164;
    pub const GETRUSAGE: u64 = 165;
    pub const UMASK: u64 = 166;
    pub const PRCTL: u64 = 167;
    pub const GETTIMEOFDAY: u64 = 169;
    pub const GETPID: u64 = 172;
    pub const GETPPID: u64 = 173;
    pub const GETUID: u64 = 174;
    pub const GETEUID: u64 = 175;
    pub const GETGID: u64 = 176;
    pub const GETEGID: u64 = 177;
    pub const GETTID: u64 = 178;
    pub const SYSINFO: u64 = 179;
    pub const SOCKET: u64 = 198;
    pub const BRK: u64 = 214;
    pub const MUNMAP: u64 = 215;
    pub const MREMAP: u64 = 216;
    pub const CLONE: u64 = 220;
    pub const EXECVE: u64 = 221;
    pub const MMAP: u64 = 222;
    pub const MPROTECT: u64 = 226;
    pub const MSYNC: u64 = 227;
    pub const MADVISE: u64 = 233;
    pub const WAIT4: u64 = 260;
    pub const PRLIMIT64: u64 = 261;
    pub const RISCV_HWPROBE: u64 = 258;
    pub const RISCV_FLUSH_ICACHE: u64 = 259;
    pub const RENAMEAT2: u64 = 276;
    pub const GETRANDOM: u64 = 278;
    pub const MEMFD_CREATE: u64 = 279;
    pub const STATX: u64 = 291;
    pub const RSEQ: u64 = 293;
    pub const CLONE3: u64 = 435;
    pub const CLOSE_RANGE: u64 = 436;
    pub const FACCESSAT2: u64 = 439;
}

type SysResult = Result<u64, i32>;

fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO)
}

/// Converts a host syscall return (-1 with errno) into a result.
fn host(r: i64) -> SysResult {
    if r < 0 {
        Err(last_errno())
    } else {
        Ok(r as u64)
    }
}

macro_rules! sys {
    ($n:expr $(, $a:expr)*) => {
        // SAFETY: every pointer argument was produced by `Ctx::ptr`/`Ctx::path`, which check that the
        // guest range is mapped with the access the call needs; other arguments are plain values.
        host(unsafe { libc::syscall($n $(, $a)*) } as i64)
    };
}

const PROC_SELF_EXE: &[u8] = b"/proc/self/exe";

struct Ctx<'a> {
    p: &'a mut Process,
}

impl Ctx<'_> {
    /// A host pointer to a guest buffer, EFAULT if not accessible. NULL stays NULL.
    fn ptr(&self, addr: u64, len: u64, need: u8) -> Result<*mut libc::c_void, i32> {
        if addr == 0 {
            return Ok(std::ptr::null_mut());
        }
        self.p.mem.host_range(addr, len, need).map(|p| p.cast()).map_err(|_| libc::EFAULT)
    }

    fn rd(&self, addr: u64, len: u64) -> Result<*mut libc::c_void, i32> {
        self.ptr(addr, len, perm::R)
    }

    fn wr(&self, addr: u64, len: u64) -> Result<*mut libc::c_void, i32> {
        self.ptr(addr, len, perm::W)
    }

    fn cstr(&self, addr: u64) -> Result<Vec<u8>, i32> {
        if addr == 0 {
            return Err(libc::EFAULT);
        }
        self.p.mem.read_cstr(addr, 4096).map_err(|_| libc::EFAULT)
    }

    /// A guest path, mapped through the sysroot and /proc/self/exe.
    fn path(&self, addr: u64) -> Result<CString, i32> {
        let raw = self.cstr(addr)?;
        let mapped = if raw == PROC_SELF_EXE {
            self.p.exe_path.as_os_str().as_bytes().to_vec()
        } else {
            self.p.host_path(&raw).as_os_str().as_bytes().to_vec()
        };
        CString::new(mapped).map_err(|_| libc::EINVAL)
    }

    fn put<T: Copy>(&self, addr: u64, v: &T) -> Result<(), i32> {
        // SAFETY: T is a plain-old-data struct; we view its bytes.
        let bytes = unsafe { std::slice::from_raw_parts(v as *const T as *const u8, std::mem::size_of::<T>()) };
        self.p.mem.write_bytes(addr, bytes).map_err(|_| libc::EFAULT)
    }

    fn get_u64(&self, addr: u64) -> Result<u64, i32> {
        self.p.mem.load::<u64>(addr).map_err(|_| libc::EFAULT)
    }

    /// Host iovecs for a guest iovec array.
    fn iovecs(&self, addr: u64, cnt: u64, need: u8) -> Result<Vec<libc::iovec>, i32> {
        if cnt > 1024 {
            return Err(libc::EINVAL);
        }
        let mut v = Vec::with_capacity(cnt as usize);
        for i in 0..cnt {
            let base = self.get_u64(addr + 16 * i)?;
            let len = self.get_u64(addr + 16 * i + 8)?;
            let p = if len == 0 { std::ptr::null_mut() } else { self.ptr(base, len, need)? };
            v.push(libc::iovec { iov_base: p, iov_len: len as usize });
        }
        Ok(v)
    }
}

/// struct stat as riscv64 (asm-generic) lays it out.
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct GuestStat {
    dev: u64,
    ino: u64,
    mode: u32,
    nlink: u32,
    uid: u32,
    gid: u32,
    rdev: u64,
    pad1: u64,
    size: i64,
    blksize: i32,
    pad2: i32,
    blocks: i64,
    atime: i64,
    atime_nsec: u64,
    mtime: i64,
    mtime_nsec: u64,
    ctime: i64,
    ctime_nsec: u64,
    unused: [u32; 2],
}

fn guest_stat(s: &libc::stat) -> GuestStat {
    GuestStat {
        dev: s.st_dev,
        ino: s.st_ino,
        mode: s.st_mode,
        nlink: s.st_nlink as u32,
        uid: s.st_uid,
        gid: s.st_gid,
        rdev: s.st_rdev,
        size: s.st_size,
        blksize: s.st_blksize as i32,
        blocks: s.st_blocks,
        atime: s.st_atime,
        atime_nsec: s.st_atime_nsec as u64,
        mtime: s.st_mtime,
        mtime_nsec: s.st_mtime_nsec as u64,
        ctime: s.st_ctime,
        ctime_nsec: s.st_ctime_nsec as u64,
        ..Default::default()
    }
}

fn prot_to_perm(prot: u64) -> u8 {
    let mut p = 0;
    if prot & 1 != 0 {
        p |= perm::R;
    }
    if prot & 2 != 0 {
        // Writable pages are readable on RISC-V Linux (W without R is a reserved PTE encoding).
        p |= perm::R | perm::W;
    }
    if prot & 4 != 0 {
        p |= perm::X;
    }
    p
}

fn page_up(v: u64) -> u64 {
    v.div_ceil(PAGE_SIZE) * PAGE_SIZE
}

/// Serves the syscall the hart is stopped at.
pub fn dispatch(p: &mut Process, h: &mut Hart) -> SysOutcome {
    let n = h.x[17];
    let a = [h.x[10], h.x[11], h.x[12], h.x[13], h.x[14], h.x[15]];
    let strace = p.cfg.strace;
    if strace {
        crate::strace::enter(p, n, &a);
    }
    let mut cx = Ctx { p };
    let r = match n {
        nr::EXIT | nr::EXIT_GROUP => {
            if strace {
                eprintln!();
            }
            return SysOutcome::Exit(a[0] as i32);
        }
        nr::RT_SIGRETURN => {
            if signal::restore_frame(h, &cx.p.mem, &mut cx.p.signals) {
                if strace {
                    crate::strace::leave(cx.p, n, Ok(h.x[10]));
                }
                return SysOutcome::Resume;
            }
            signal::die_with_signal(signal::sig::SIGSEGV, &cx.p.cfg.prog_name);
        }
        nr::RT_SIGSUSPEND => sigsuspend(&mut cx, h, &a),
        _ => call(&mut cx, h, n, &a),
    };
    if strace {
        crate::strace::leave(cx.p, n, r);
    }
    if r == Err(libc::EINTR) && restartable(n) && cx.p.next_signal_restarts() {
        return SysOutcome::Restart;
    }
    SysOutcome::Return(match r {
        Ok(v) => v,
        Err(e) => (-(e as i64)) as u64,
    })
}

/// Syscalls that Linux restarts after a handler with SA_RESTART (the ones returning -ERESTARTSYS);
/// sleeps, polls and signal waits always report EINTR.
fn restartable(n: u64) -> bool {
    matches!(
        n,
        nr::READ
            | nr::WRITE
            | nr::READV
            | nr::WRITEV
            | nr::PREAD64
            | nr::PWRITE64
            | nr::PREADV
            | nr::PWRITEV
            | nr::OPENAT
            | nr::IOCTL
            | nr::FCNTL
            | nr::WAIT4
            | nr::WAITID
            | nr::FUTEX
            | nr::SENDFILE
            | nr::FSYNC
            | nr::FDATASYNC
            | nr::FTRUNCATE
            | nr::FALLOCATE
    )
}

fn sigsuspend(cx: &mut Ctx, _h: &mut Hart, a: &[u64; 6]) -> SysResult {
    if a[1] != 8 {
        return Err(libc::EINVAL);
    }
    let mask = cx.get_u64(a[0])?;
    let old = cx.p.signals.blocked;
    cx.p.signals.blocked = mask & !signal::UNBLOCKABLE;
    while !cx.p.has_deliverable() {
        // SAFETY: plain sleep; interrupted early by host signals, which is what we wait for.
        unsafe { libc::usleep(1000) };
    }
    cx.p.signals.saved_mask = Some(old);
    Err(libc::EINTR)
}

fn call(cx: &mut Ctx, h: &mut Hart, n: u64, a: &[u64; 6]) -> SysResult {
    let fd = a[0] as i32 as i64;
    match n {
        nr::READ => sys!(libc::SYS_read, fd, cx.wr(a[1], a[2])?, a[2]),
        nr::WRITE => sys!(libc::SYS_write, fd, cx.rd(a[1], a[2])?, a[2]),
        nr::PREAD64 => sys!(libc::SYS_pread64, fd, cx.wr(a[1], a[2])?, a[2], a[3]),
        nr::PWRITE64 => sys!(libc::SYS_pwrite64, fd, cx.rd(a[1], a[2])?, a[2], a[3]),
        nr::READV | nr::PREADV => {
            let iov = cx.iovecs(a[1], a[2], perm::W)?;
            if n == nr::READV {
                sys!(libc::SYS_readv, fd, iov.as_ptr(), iov.len())
            } else {
                sys!(libc::SYS_preadv, fd, iov.as_ptr(), iov.len(), a[3], 0)
            }
        }
        nr::WRITEV | nr::PWRITEV => {
            let iov = cx.iovecs(a[1], a[2], perm::R)?;
            if n == nr::WRITEV {
                sys!(libc::SYS_writev, fd, iov.as_ptr(), iov.len())
            } else {
                sys!(libc::SYS_pwritev, fd, iov.as_ptr(), iov.len(), a[3], 0)
            }
        }
        nr::LSEEK => sys!(libc::SYS_lseek, fd, a[1], a[2]),
        nr::OPENAT => {
            if let Some(content) = proc_self_file(cx, &cx.cstr(a[1])?) {
                return memfd_with(&content);
            }
            sys!(libc::SYS_openat, fd, cx.path(a[1])?.as_ptr(), a[2], a[3])
        }
        nr::CLOSE => {
            // Keep the standard streams of rivet itself usable for its own messages only as long
            // as the guest keeps them; closing is the guest's right.
            sys!(libc::SYS_close, fd)
        }
        nr::CLOSE_RANGE => sys!(libc::SYS_close_range, a[0], a[1], a[2]),
        nr::DUP => sys!(libc::SYS_dup, fd),
        nr::DUP3 => sys!(libc::SYS_dup3, fd, a[1], a[2]),
        nr::FCNTL => {
            const F_GETLK: u64 = 5;
            const F_SETLK: u64 = 6;
            const F_SETLKW: u64 = 7;
            const F_OFD_GETLK: u64 = 36;
            const F_OFD_SETLK: u64 = 37;
            const F_OFD_SETLKW: u64 = 38;
            match a[1] {
                // struct flock has the same layout on riscv64 and x86-64.
                F_GETLK | F_OFD_GETLK => sys!(libc::SYS_fcntl, fd, a[1], cx.wr(a[2], 32)?),
                F_SETLK | F_SETLKW | F_OFD_SETLK | F_OFD_SETLKW => sys!(libc::SYS_fcntl, fd, a[1], cx.rd(a[2], 32)?),
                // F_GETOWN_EX/F_SETOWN_EX and others with pointers are not needed by programs we know.
                15 | 16 => Err(libc::EINVAL),
                _ => sys!(libc::SYS_fcntl, fd, a[1], a[2]),
            }
        }
        nr::IOCTL => ioctl(cx, fd, a[1], a[2]),
        nr::PIPE2 => {
            let mut fds = [0i32; 2];
            // SAFETY: pipe2 writes two ints into our array.
            host(unsafe { libc::pipe2(fds.as_mut_ptr(), a[1] as i32) } as i64)?;
            cx.put(a[0], &fds).inspect_err(|_| {
                // SAFETY: closing the descriptors we just made.
                unsafe {
                    libc::close(fds[0]);
                    libc::close(fds[1]);
                }
            })?;
            Ok(0)
        }
        nr::GETDENTS64 => sys!(libc::SYS_getdents64, fd, cx.wr(a[1], a[2])?, a[2]),
        nr::READLINKAT => {
            let raw = cx.cstr(a[1])?;
            if raw == PROC_SELF_EXE {
                let exe = cx.p.exe_path.as_os_str().as_bytes().to_vec();
                let len = exe.len().min(a[3] as usize);
                cx.p.mem.write_bytes(a[2], &exe[..len]).map_err(|_| libc::EFAULT)?;
                return Ok(len as u64);
            }
            sys!(libc::SYS_readlinkat, fd, cx.path(a[1])?.as_ptr(), cx.wr(a[2], a[3])?, a[3])
        }
        nr::NEWFSTATAT | nr::FSTAT => {
            // SAFETY: the host fills our stat buffer.
            let mut st: libc::stat = unsafe { std::mem::zeroed() };
            if n == nr::FSTAT {
                sys!(libc::SYS_fstat, fd, &mut st as *mut libc::stat)?;
            } else {
                sys!(libc::SYS_newfstatat, fd, cx.path(a[1])?.as_ptr(), &mut st as *mut libc::stat, a[3])?;
            }
            let out = if n == nr::FSTAT { a[1] } else { a[2] };
            cx.put(out, &guest_stat(&st))?;
            Ok(0)
        }
        // struct statx and struct statfs are the same on both architectures.
        nr::STATX => sys!(libc::SYS_statx, fd, cx.path(a[1])?.as_ptr(), a[2], a[3], cx.wr(a[4], 256)?),
        nr::STATFS => sys!(libc::SYS_statfs, cx.path(a[0])?.as_ptr(), cx.wr(a[1], 120)?),
        nr::FSTATFS => sys!(libc::SYS_fstatfs, fd, cx.wr(a[1], 120)?),
        nr::FACCESSAT => sys!(libc::SYS_faccessat, fd, cx.path(a[1])?.as_ptr(), a[2]),
        nr::FACCESSAT2 => sys!(libc::SYS_faccessat2, fd, cx.path(a[1])?.as_ptr(), a[2], a[3]),
        nr::MKDIRAT => sys!(libc::SYS_mkdirat, fd, cx.path(a[1])?.as_ptr(), a[2]),
        nr::MKNODAT => sys!(libc::SYS_mknodat, fd, cx.path(a[1])?.as_ptr(), a[2], a[3]),
        nr::UNLINKAT => sys!(libc::SYS_unlinkat, fd, cx.path(a[1])?.as_ptr(), a[2]),
        nr::SYMLINKAT => {
            sys!(libc::SYS_symlinkat, cx.cstr_c(a[0])?.as_ptr(), a[1] as i32 as i64, cx.path(a[2])?.as_ptr())
        }
        nr::LINKAT => {
            sys!(libc::SYS_linkat, fd, cx.path(a[1])?.as_ptr(), a[2] as i32 as i64, cx.path(a[3])?.as_ptr(), a[4])
        }
        nr::RENAMEAT => {
            sys!(libc::SYS_renameat, fd, cx.path(a[1])?.as_ptr(), a[2] as i32 as i64, cx.path(a[3])?.as_ptr())
        }
        nr::RENAMEAT2 => {
            sys!(libc::SYS_renameat2, fd, cx.path(a[1])?.as_ptr(), a[2] as i32 as i64, cx.path(a[3])?.as_ptr(), a[4])
        }
        nr::TRUNCATE => sys!(libc::SYS_truncate, cx.path(a[0])?.as_ptr(), a[1]),
        nr::FTRUNCATE => sys!(libc::SYS_ftruncate, fd, a[1]),
        nr::FALLOCATE => sys!(libc::SYS_fallocate, fd, a[1], a[2], a[3]),
        nr::FSYNC => sys!(libc::SYS_fsync, fd),
        nr::FDATASYNC => sys!(libc::SYS_fdatasync, fd),
        nr::SYNC => sys!(libc::SYS_sync),
        nr::FCHMOD => sys!(libc::SYS_fchmod, fd, a[1]),
        nr::FCHMODAT => sys!(libc::SYS_fchmodat, fd, cx.path(a[1])?.as_ptr(), a[2]),
        nr::FCHOWN => sys!(libc::SYS_fchown, fd, a[1], a[2]),
        nr::FCHOWNAT => sys!(libc::SYS_fchownat, fd, cx.path(a[1])?.as_ptr(), a[2], a[3], a[4]),
        nr::UTIMENSAT => {
            let path = if a[1] == 0 { None } else { Some(cx.path(a[1])?) };
            let pp = path.as_ref().map_or(std::ptr::null(), |p| p.as_ptr());
            sys!(libc::SYS_utimensat, fd, pp, cx.rd(a[2], 32)?, a[3])
        }
        nr::GETCWD => sys!(libc::SYS_getcwd, cx.wr(a[0], a[1])?, a[1]),
        nr::CHDIR => sys!(libc::SYS_chdir, cx.path(a[0])?.as_ptr()),
        nr::FCHDIR => sys!(libc::SYS_fchdir, fd),
        nr::UMASK => sys!(libc::SYS_umask, a[0]),
        nr::SENDFILE => sys!(libc::SYS_sendfile, fd, a[1], cx.ptr(a[2], 8, perm::R | perm::W)?, a[3]),
        nr::PPOLL => {
            if cx.p.has_deliverable() {
                return Err(libc::EINTR);
            }
            // struct pollfd and struct timespec match; the guest's temporary signal mask is
            // applied to our bookkeeping only.
            sys!(libc::SYS_ppoll, cx.ptr(a[0], a[1] * 8, perm::R | perm::W)?, a[1], cx.rd(a[2], 16)?, 0, 8)
        }
        nr::PSELECT6 => {
            if cx.p.has_deliverable() {
                return Err(libc::EINTR);
            }
            let set = |x: u64| cx.ptr(x, 128, perm::R | perm::W);
            sys!(libc::SYS_pselect6, a[0], set(a[1])?, set(a[2])?, set(a[3])?, cx.ptr(a[4], 16, perm::R | perm::W)?, 0)
        }
        nr::MEMFD_CREATE => sys!(libc::SYS_memfd_create, cx.cstr_c(a[0])?.as_ptr(), a[1]),

        // Time.
        nr::CLOCK_GETTIME => sys!(libc::SYS_clock_gettime, a[0], cx.wr(a[1], 16)?),
        nr::CLOCK_GETRES => sys!(libc::SYS_clock_getres, a[0], cx.wr(a[1], 16)?),
        nr::GETTIMEOFDAY => sys!(libc::SYS_gettimeofday, cx.wr(a[0], 16)?, cx.wr(a[1], 8)?),
        nr::NANOSLEEP => sys!(libc::SYS_nanosleep, cx.rd(a[0], 16)?, cx.wr(a[1], 16)?),
        nr::CLOCK_NANOSLEEP => sys!(libc::SYS_clock_nanosleep, a[0], a[1], cx.rd(a[2], 16)?, cx.wr(a[3], 16)?),
        nr::GETITIMER => sys!(libc::SYS_getitimer, a[0], cx.wr(a[1], 32)?),
        nr::SETITIMER => sys!(libc::SYS_setitimer, a[0], cx.rd(a[1], 32)?, cx.wr(a[2], 32)?),
        nr::TIMES => sys!(libc::SYS_times, cx.wr(a[0], 32)?),

        // Process.
        nr::GETPID => sys!(libc::SYS_getpid),
        nr::GETPPID => sys!(libc::SYS_getppid),
        nr::GETTID => sys!(libc::SYS_gettid),
        nr::GETUID => sys!(libc::SYS_getuid),
        nr::GETEUID => sys!(libc::SYS_geteuid),
        nr::GETGID => sys!(libc::SYS_getgid),
        nr::GETEGID => sys!(libc::SYS_getegid),
        nr::GETRESUID => sys!(libc::SYS_getresuid, cx.wr(a[0], 4)?, cx.wr(a[1], 4)?, cx.wr(a[2], 4)?),
        nr::GETRESGID => sys!(libc::SYS_getresgid, cx.wr(a[0], 4)?, cx.wr(a[1], 4)?, cx.wr(a[2], 4)?),
        nr::GETGROUPS => sys!(libc::SYS_getgroups, a[0], cx.wr(a[1], a[0] * 4)?),
        nr::SETUID | nr::SETGID | nr::SETREUID | nr::SETREGID => sys!(n_host(n), a[0], a[1]),
        nr::GETPGID => sys!(libc::SYS_getpgid, a[0]),
        nr::SETPGID => sys!(libc::SYS_setpgid, a[0], a[1]),
        nr::GETSID => sys!(libc::SYS_getsid, a[0]),
        nr::SETSID => sys!(libc::SYS_setsid),
        nr::GETPRIORITY => sys!(libc::SYS_getpriority, a[0], a[1]),
        nr::SETPRIORITY => sys!(libc::SYS_setpriority, a[0], a[1], a[2]),
        nr::UNAME => {
            // SAFETY: uname fills the struct.
            let mut u: libc::utsname = unsafe { std::mem::zeroed() };
            sys!(libc::SYS_uname, &mut u as *mut libc::utsname)?;
            u.machine = [0; 65];
            for (d, s) in u.machine.iter_mut().zip(b"riscv64") {
                *d = *s as libc::c_char;
            }
            cx.put(a[0], &u)?;
            Ok(0)
        }
        nr::SYSINFO => sys!(libc::SYS_sysinfo, cx.wr(a[0], 112)?),
        nr::GETRLIMIT => sys!(libc::SYS_getrlimit, a[0], cx.wr(a[1], 16)?),
        nr::SETRLIMIT => sys!(libc::SYS_setrlimit, a[0], cx.rd(a[1], 16)?),
        nr::PRLIMIT64 => sys!(libc::SYS_prlimit64, a[0], a[1], cx.rd(a[2], 16)?, cx.wr(a[3], 16)?),
        nr::GETRUSAGE => sys!(libc::SYS_getrusage, a[0], cx.wr(a[1], 144)?),
        nr::PRCTL => {
            const PR_SET_NAME: u64 = 15;
            const PR_GET_NAME: u64 = 16;
            match a[0] {
                PR_SET_NAME => sys!(libc::SYS_prctl, a[0], cx.rd(a[1], 16)?),
                PR_GET_NAME => sys!(libc::SYS_prctl, a[0], cx.wr(a[1], 16)?),
                _ => Err(libc::EINVAL),
            }
        }
        nr::SET_TID_ADDRESS => {
            cx.p.clear_child_tid = a[0];
            sys!(libc::SYS_gettid)
        }
        nr::SET_ROBUST_LIST => Ok(0),
        nr::GET_ROBUST_LIST => Err(libc::ENOSYS),
        nr::GETRANDOM => sys!(libc::SYS_getrandom, cx.wr(a[0], a[1])?, a[1], a[2]),
        nr::SCHED_GETAFFINITY => sys!(libc::SYS_sched_getaffinity, a[0], a[1], cx.wr(a[2], a[1])?),
        nr::SCHED_SETAFFINITY => sys!(libc::SYS_sched_setaffinity, a[0], a[1], cx.rd(a[2], a[1])?),
        nr::SCHED_YIELD => sys!(libc::SYS_sched_yield),
        nr::FUTEX => futex(cx, a),
        nr::WAIT4 => sys!(libc::SYS_wait4, a[0] as i32 as i64, cx.wr(a[1], 4)?, a[2], cx.wr(a[3], 144)?),
        nr::WAITID => sys!(libc::SYS_waitid, a[0], a[1], cx.wr(a[2], 128)?, a[3], cx.wr(a[4], 144)?),
        nr::CLONE => clone(cx, a),
        // Threads and exec arrive with a later version of rivet.
        nr::CLONE3 | nr::EXECVE => Err(libc::ENOSYS),
        nr::RSEQ => Err(libc::ENOSYS),

        // Memory.
        nr::BRK => Ok(brk(cx, a[0])),
        nr::MMAP => mmap(cx, a),
        nr::MUNMAP => {
            if !a[0].is_multiple_of(PAGE_SIZE) || a[1] == 0 {
                return Err(libc::EINVAL);
            }
            let end = a[0].checked_add(page_up(a[1])).filter(|&e| e <= cx.p.mem.limit()).ok_or(libc::EINVAL)?;
            cx.p.mem.unmap(a[0], end - a[0]).map_err(|_| libc::EINVAL)?;
            cx.p.vmas.remove(a[0], end);
            Ok(0)
        }
        nr::MPROTECT => {
            if !a[0].is_multiple_of(PAGE_SIZE) {
                return Err(libc::EINVAL);
            }
            let end = a[0].checked_add(page_up(a[1])).ok_or(libc::ENOMEM)?;
            if !cx.p.vmas.covers(a[0], end) {
                return Err(libc::ENOMEM);
            }
            cx.p.mem.protect(a[0], end - a[0], prot_to_perm(a[2])).map_err(|_| libc::ENOMEM)?;
            Ok(0)
        }
        nr::MREMAP => mremap(cx, a),
        nr::MADVISE => {
            if !a[0].is_multiple_of(PAGE_SIZE) {
                return Err(libc::EINVAL);
            }
            let len = page_up(a[1]);
            if !cx.p.vmas.covers(a[0], a[0] + len) {
                return Err(libc::ENOMEM);
            }
            // The host mapping mirrors the guest's, so the host's madvise has the guest's meaning
            // (MADV_DONTNEED zero-fills anonymous pages and re-reads private file pages).
            const MADV_DONTNEED: u64 = 4;
            const MADV_FREE: u64 = 8;
            let advice = if a[2] == MADV_FREE { MADV_DONTNEED } else { a[2] };
            match advice {
                MADV_DONTNEED => sys!(
                    libc::SYS_madvise,
                    cx.p.mem.host_range(a[0], len, perm::MAPPED).map_err(|_| libc::ENOMEM)?,
                    len,
                    advice
                ),
                _ => Ok(0),
            }
        }
        nr::MSYNC => {
            sys!(libc::SYS_msync, cx.p.mem.host_range(a[0], a[1], perm::MAPPED).map_err(|_| libc::ENOMEM)?, a[1], a[2])
        }
        nr::RISCV_FLUSH_ICACHE => {
            cx.p.mem.invalidate_code();
            Ok(0)
        }
        nr::RISCV_HWPROBE => hwprobe(cx, a),

        // Signals.
        nr::RT_SIGACTION => sigaction(cx, a),
        nr::RT_SIGPROCMASK => {
            if a[3] != 8 {
                return Err(libc::EINVAL);
            }
            let old = cx.p.signals.blocked;
            if a[1] != 0 {
                let set = cx.get_u64(a[1])?;
                let new = match a[0] {
                    0 => old | set,
                    1 => old & !set,
                    2 => set,
                    _ => return Err(libc::EINVAL),
                };
                cx.p.signals.blocked = new & !signal::UNBLOCKABLE;
            }
            if a[2] != 0 {
                cx.put(a[2], &old)?;
            }
            Ok(0)
        }
        nr::RT_SIGPENDING => {
            let set = cx.p.signals.pending.iter().fold(0u64, |m, s| m | signal::bit(s.signo));
            cx.put(a[0], &(set & cx.p.signals.blocked))?;
            Ok(0)
        }
        nr::SIGALTSTACK => {
            let (sp, size, flags) = cx.p.signals.altstack;
            let on = h.x[2] >= sp && h.x[2] < sp + size;
            if a[0] != 0 {
                if on {
                    return Err(libc::EPERM);
                }
                let nsp = cx.get_u64(a[0])?;
                let nflags = cx.p.mem.load::<i32>(a[0] + 8).map_err(|_| libc::EFAULT)?;
                let nsize = cx.get_u64(a[0] + 16)?;
                const SS_DISABLE: i32 = 2;
                if nflags & SS_DISABLE != 0 {
                    cx.p.signals.altstack = (0, 0, SS_DISABLE);
                } else if nsize < 2048 {
                    return Err(libc::ENOMEM);
                } else {
                    cx.p.signals.altstack = (nsp, nsize, 0);
                }
            }
            if a[1] != 0 {
                let f = if size == 0 {
                    2
                } else if on {
                    1
                } else {
                    flags
                };
                let mut buf = [0u8; 24];
                buf[..8].copy_from_slice(&sp.to_le_bytes());
                buf[8..12].copy_from_slice(&f.to_le_bytes());
                buf[16..].copy_from_slice(&size.to_le_bytes());
                cx.p.mem.write_bytes(a[1], &buf).map_err(|_| libc::EFAULT)?;
            }
            Ok(0)
        }
        nr::KILL | nr::TKILL | nr::TGKILL => {
            // SAFETY: getpid/gettid cannot fail.
            let (pid, tid) = unsafe { (libc::getpid() as i64, libc::gettid() as i64) };
            let (target, s, is_self) = match n {
                nr::KILL => (a[0] as i32 as i64, a[1] as i32, [pid, 0].contains(&(a[0] as i32 as i64))),
                nr::TKILL => (a[0] as i32 as i64, a[1] as i32, a[0] as i32 as i64 == tid),
                _ => (a[1] as i32 as i64, a[2] as i32, a[0] as i32 as i64 == pid && a[1] as i32 as i64 == tid),
            };
            if !(0..=64).contains(&s) {
                return Err(libc::EINVAL);
            }
            if is_self {
                if s != 0 {
                    let code = if n == nr::KILL { code::SI_USER } else { code::SI_TKILL };
                    // si_pid and si_uid of the sender, packed as the union holds them.
                    // SAFETY: getuid cannot fail.
                    let uid = unsafe { libc::getuid() } as u64;
                    cx.p.queue_signal(SigInfo::user(s, code, pid as i32, uid as u32, 0, n != nr::KILL));
                }
                Ok(0)
            } else if n == nr::KILL {
                sys!(libc::SYS_kill, target, s)
            } else {
                Err(libc::ESRCH)
            }
        }
        nr::RT_SIGTIMEDWAIT => sigtimedwait(cx, a),
        nr::RT_SIGQUEUEINFO | nr::RT_TGSIGQUEUEINFO => {
            // SAFETY: getpid/gettid cannot fail.
            let (pid, tid) = unsafe { (libc::getpid(), libc::gettid()) };
            let (target_ok, s, info_at, thread) = if n == nr::RT_SIGQUEUEINFO {
                (a[0] as i32 == pid, a[1] as i32, a[2], false)
            } else {
                (a[0] as i32 == pid && a[1] as i32 == tid, a[2] as i32, a[3], true)
            };
            if !(1..=64).contains(&s) {
                return Err(libc::EINVAL);
            }
            let mut raw = [0u8; 48];
            cx.p.mem.read_bytes(info_at, &mut raw).map_err(|_| libc::EFAULT)?;
            let code = i32::from_le_bytes(raw[8..12].try_into().unwrap());
            // Like Linux: a process may not forge kernel-made signals (si_code >= 0) for itself.
            if code >= 0 {
                return Err(libc::EPERM);
            }
            if !target_ok {
                return Err(libc::ESRCH);
            }
            let mut fields = [0u64; 4];
            for (i, f) in fields.iter_mut().enumerate() {
                *f = u64::from_le_bytes(raw[16 + 8 * i..24 + 8 * i].try_into().unwrap());
            }
            cx.p.queue_signal(SigInfo { signo: s, code, fields, thread });
            Ok(0)
        }
        nr::GETCPU => sys!(libc::SYS_getcpu, cx.wr(a[0], 4)?, cx.wr(a[1], 4)?, 0),
        _ => {
            if !cx.p.cfg.strace {
                log_unknown(n);
            }
            Err(libc::ENOSYS)
        }
    }
}

/// Files of /proc/self that must describe the guest, not rivet (as QEMU emulates them).
fn proc_self_file(cx: &Ctx, path: &[u8]) -> Option<Vec<u8>> {
    // SAFETY: getpid cannot fail.
    let pid = unsafe { libc::getpid() };
    let rest = path.strip_prefix(b"/proc/self/").or_else(|| path.strip_prefix(format!("/proc/{pid}/").as_bytes()))?;
    match rest {
        b"cmdline" => {
            let mut v = Vec::new();
            for arg in &cx.p.cfg.argv {
                v.extend_from_slice(arg.as_bytes());
                v.push(0);
            }
            Some(v)
        }
        _ => None,
    }
}

/// A read-only descriptor whose content is `data` (an unlinked memory file, rewound).
fn memfd_with(data: &[u8]) -> SysResult {
    let name = c"rivet-proc";
    let fd = sys!(libc::SYS_memfd_create, name.as_ptr(), libc::MFD_CLOEXEC as u64)? as i32;
    // SAFETY: writing our own buffer to the descriptor we just made.
    let w = unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) };
    // SAFETY: plain calls on our descriptor.
    unsafe {
        libc::lseek(fd, 0, libc::SEEK_SET);
        // The guest did not ask for close-on-exec; clear it again.
        libc::fcntl(fd, libc::F_SETFD, 0);
    }
    if w < 0 || w as usize != data.len() {
        // SAFETY: closing our descriptor.
        unsafe { libc::close(fd) };
        return Err(libc::EIO);
    }
    Ok(fd as u64)
}

fn log_unknown(_n: u64) {
    // QEMU stays silent about unimplemented syscalls unless asked (-d unimp); so do we, and
    // `-strace` shows them.
}

fn n_host(n: u64) -> i64 {
    match n {
        nr::SETUID => libc::SYS_setuid,
        nr::SETGID => libc::SYS_setgid,
        nr::SETREUID => libc::SYS_setreuid,
        _ => libc::SYS_setregid,
    }
}

impl Ctx<'_> {
    fn cstr_c(&self, addr: u64) -> Result<CString, i32> {
        CString::new(self.cstr(addr)?).map_err(|_| libc::EINVAL)
    }
}

fn ioctl(cx: &mut Ctx, fd: i64, req: u64, arg: u64) -> SysResult {
    const TCGETS: u64 = 0x5401;
    const TCSETS: u64 = 0x5402;
    const TCSETSW: u64 = 0x5403;
    const TCSETSF: u64 = 0x5404;
    const TCFLSH: u64 = 0x540b;
    const TIOCGPGRP: u64 = 0x540f;
    const TIOCSPGRP: u64 = 0x5410;
    const TIOCGWINSZ: u64 = 0x5413;
    const TIOCSWINSZ: u64 = 0x5414;
    const FIONREAD: u64 = 0x541b;
    const FIONBIO: u64 = 0x5421;
    const FIONCLEX: u64 = 0x5450;
    const FIOCLEX: u64 = 0x5451;
    const TERMIOS: u64 = 36; // struct termios (kernel layout, the same on both)
    match req {
        TCGETS => sys!(libc::SYS_ioctl, fd, req, cx.wr(arg, TERMIOS)?),
        TCSETS | TCSETSW | TCSETSF => sys!(libc::SYS_ioctl, fd, req, cx.rd(arg, TERMIOS)?),
        TIOCGWINSZ => sys!(libc::SYS_ioctl, fd, req, cx.wr(arg, 8)?),
        TIOCSWINSZ => sys!(libc::SYS_ioctl, fd, req, cx.rd(arg, 8)?),
        TIOCGPGRP | FIONREAD => sys!(libc::SYS_ioctl, fd, req, cx.wr(arg, 4)?),
        TIOCSPGRP | FIONBIO => sys!(libc::SYS_ioctl, fd, req, cx.rd(arg, 4)?),
        TCFLSH | FIONCLEX | FIOCLEX => sys!(libc::SYS_ioctl, fd, req, arg),
        _ => Err(libc::ENOTTY),
    }
}

fn futex(cx: &mut Ctx, a: &[u64; 6]) -> SysResult {
    let op = a[1] & 0x7f;
    let uaddr = cx.ptr(a[0], 4, perm::R | perm::W)?;
    const WAIT: u64 = 0;
    const WAIT_BITSET: u64 = 9;
    const REQUEUE: u64 = 3;
    const CMP_REQUEUE: u64 = 4;
    const WAKE_OP: u64 = 5;
    let a1 = a[1];
    match op {
        WAIT | WAIT_BITSET => sys!(libc::SYS_futex, uaddr, a1, a[2], cx.rd(a[3], 16)?, 0, a[5]),
        REQUEUE | CMP_REQUEUE | WAKE_OP => {
            sys!(libc::SYS_futex, uaddr, a1, a[2], a[3], cx.ptr(a[4], 4, perm::R | perm::W)?, a[5])
        }
        _ => sys!(libc::SYS_futex, uaddr, a1, a[2], 0, 0, a[5]),
    }
}

fn clone(cx: &mut Ctx, a: &[u64; 6]) -> SysResult {
    const CLONE_VM: u64 = 0x100;
    const CLONE_THREAD: u64 = 0x10000;
    const CLONE_SETTLS: u64 = 0x80000;
    const CLONE_CHILD_SETTID: u64 = 0x0100_0000;
    const CLONE_CHILD_CLEARTID: u64 = 0x0020_0000;
    const CLONE_PARENT_SETTID: u64 = 0x0010_0000;
    let flags = a[0];
    if flags & (CLONE_VM | CLONE_THREAD | CLONE_SETTLS) != 0 || a[1] != 0 {
        // Threads (and vfork-style clones sharing memory) come with multi-vCPU user mode.
        return Err(libc::ENOSYS);
    }
    // A plain fork: the host's fork copies the whole emulator, guest memory included, with the
    // guest's private/shared semantics intact.
    // SAFETY: rivet is single-threaded here, so fork is safe.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(last_errno());
    }
    if pid == 0 {
        if flags & CLONE_CHILD_SETTID != 0 {
            // SAFETY: gettid cannot fail.
            let tid = unsafe { libc::gettid() };
            let _ = cx.p.mem.store::<i32>(a[4], tid);
        }
        if flags & CLONE_CHILD_CLEARTID != 0 {
            cx.p.clear_child_tid = a[4];
        }
        return Ok(0);
    }
    if flags & CLONE_PARENT_SETTID != 0 {
        let _ = cx.p.mem.store::<i32>(a[2], pid);
    }
    Ok(pid as u64)
}

fn brk(cx: &mut Ctx, want: u64) -> u64 {
    let p = &mut *cx.p;
    if want < p.brk_start {
        return p.brk;
    }
    let old_end = page_up(p.brk);
    let new_end = page_up(want);
    if new_end > old_end {
        if p.vmas.overlaps(old_end, new_end) || new_end > MMAP_TOP {
            return p.brk;
        }
        if p.mem.map_anon(old_end, new_end - old_end, perm::R | perm::W).is_err() {
            return p.brk;
        }
        p.vmas.insert(old_end, new_end);
    } else if new_end < old_end {
        let _ = p.mem.unmap(new_end, old_end - new_end);
        p.vmas.remove(new_end, old_end);
    }
    p.brk = want;
    want
}

fn mmap(cx: &mut Ctx, a: &[u64; 6]) -> SysResult {
    const MAP_SHARED: u64 = 0x01;
    const MAP_PRIVATE: u64 = 0x02;
    const MAP_SHARED_VALIDATE: u64 = 0x03;
    const MAP_FIXED: u64 = 0x10;
    const MAP_ANONYMOUS: u64 = 0x20;
    const MAP_FIXED_NOREPLACE: u64 = 0x10_0000;
    let (addr, len, prot, flags, fd, off) = (a[0], a[1], a[2], a[3], a[4] as i32, a[5]);
    let kind = flags & 3;
    if len == 0 || off % PAGE_SIZE != 0 || !(kind == MAP_SHARED || kind == MAP_PRIVATE || kind == MAP_SHARED_VALIDATE) {
        return Err(libc::EINVAL);
    }
    let len = page_up(len);
    let p = &mut *cx.p;
    let start = if flags & (MAP_FIXED | MAP_FIXED_NOREPLACE) != 0 {
        if addr % PAGE_SIZE != 0 {
            return Err(libc::EINVAL);
        }
        if addr.checked_add(len).is_none_or(|e| e > p.mem.limit()) {
            return Err(libc::ENOMEM);
        }
        if flags & MAP_FIXED == 0 && p.vmas.overlaps(addr, addr + len) {
            return Err(libc::EEXIST);
        }
        addr
    } else {
        let hint = addr & !(PAGE_SIZE - 1);
        if hint >= MMAP_BOTTOM
            && hint.checked_add(len).is_some_and(|e| e <= MMAP_TOP)
            && !p.vmas.overlaps(hint, hint + len)
        {
            hint
        } else {
            p.vmas.find_free_top_down(len, MMAP_BOTTOM, MMAP_TOP).ok_or(libc::ENOMEM)?
        }
    };
    let perms = prot_to_perm(prot);
    if flags & MAP_ANONYMOUS != 0 {
        p.mem.map_anon(start, len, perms).map_err(|_| libc::ENOMEM)?;
    } else {
        // Check the descriptor first so errors are the kernel's (EBADF, EACCES, ENODEV).
        // SAFETY: fcntl on an arbitrary fd number is harmless.
        let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        if fl < 0 {
            return Err(libc::EBADF);
        }
        let shared = kind != MAP_PRIVATE;
        if shared && prot & 2 != 0 && fl & libc::O_ACCMODE != libc::O_RDWR {
            return Err(libc::EACCES);
        }
        p.mem.map_file(start, len, perms, fd, off as i64, shared).map_err(|e| match e {
            rivet_core::mem::MapError::Host(io) => io.raw_os_error().unwrap_or(libc::ENOMEM),
            _ => libc::ENOMEM,
        })?;
    }
    p.vmas.insert(start, start + len);
    Ok(start)
}

fn mremap(cx: &mut Ctx, a: &[u64; 6]) -> SysResult {
    const MREMAP_MAYMOVE: u64 = 1;
    const MREMAP_FIXED: u64 = 2;
    let (old, old_len, new_len, flags) = (a[0], page_up(a[1]), page_up(a[2]), a[3]);
    let p = &mut *cx.p;
    if old % PAGE_SIZE != 0 || new_len == 0 || flags & !3 != 0 {
        return Err(libc::EINVAL);
    }
    if !p.vmas.covers(old, old + old_len) {
        return Err(libc::EFAULT);
    }
    let prot = p.mem.page_perm(old) & (perm::R | perm::W | perm::X);
    if flags & MREMAP_FIXED == 0 {
        if new_len <= old_len {
            if new_len < old_len {
                p.mem.unmap(old + new_len, old_len - new_len).map_err(|_| libc::EINVAL)?;
                p.vmas.remove(old + new_len, old + old_len);
            }
            return Ok(old);
        }
        if !p.vmas.overlaps(old + old_len, old + new_len) && old + new_len <= MMAP_TOP {
            p.mem.map_anon(old + old_len, new_len - old_len, prot).map_err(|_| libc::ENOMEM)?;
            p.vmas.insert(old + old_len, old + new_len);
            return Ok(old);
        }
        if flags & MREMAP_MAYMOVE == 0 {
            return Err(libc::ENOMEM);
        }
    }
    let dest = if flags & MREMAP_FIXED != 0 {
        a[4]
    } else {
        p.vmas.find_free_top_down(new_len, MMAP_BOTTOM, MMAP_TOP).ok_or(libc::ENOMEM)?
    };
    p.mem.map_anon(dest, new_len, perm::R | perm::W).map_err(|_| libc::ENOMEM)?;
    let keep = old_len.min(new_len);
    let src = p.mem.host_range(old, keep, perm::MAPPED).map_err(|_| libc::EFAULT)?;
    let dst = p.mem.host_range(dest, keep, perm::MAPPED).map_err(|_| libc::EFAULT)?;
    // SAFETY: both ranges are mapped on the host and do not overlap (dest was free).
    unsafe { std::ptr::copy_nonoverlapping(src, dst, keep as usize) };
    p.mem.protect(dest, new_len, prot).map_err(|_| libc::ENOMEM)?;
    p.mem.unmap(old, old_len).map_err(|_| libc::EINVAL)?;
    p.vmas.remove(old, old + old_len);
    p.vmas.insert(dest, dest + new_len);
    Ok(dest)
}

fn sigaction(cx: &mut Ctx, a: &[u64; 6]) -> SysResult {
    let s = a[0] as i32;
    if a[3] != 8 || !(1..=64).contains(&s) {
        return Err(libc::EINVAL);
    }
    let old = cx.p.signals.actions[s as usize];
    if a[1] != 0 {
        if s == signal::sig::SIGKILL || s == signal::sig::SIGSTOP {
            return Err(libc::EINVAL);
        }
        let act = SigAction { handler: cx.get_u64(a[1])?, flags: cx.get_u64(a[1] + 8)?, mask: cx.get_u64(a[1] + 16)? };
        cx.p.signals.actions[s as usize] = act;
        signal::sync_host_disposition(s, &act);
    }
    if a[2] != 0 {
        cx.put(a[2], &[old.handler, old.flags, old.mask])?;
    }
    Ok(0)
}

fn sigtimedwait(cx: &mut Ctx, a: &[u64; 6]) -> SysResult {
    if a[3] != 8 {
        return Err(libc::EINVAL);
    }
    let set = cx.get_u64(a[0])? & !signal::UNBLOCKABLE;
    let deadline = if a[2] == 0 {
        None
    } else {
        let sec = cx.get_u64(a[2])?;
        let nsec = cx.get_u64(a[2] + 8)?;
        if nsec >= 1_000_000_000 {
            return Err(libc::EINVAL);
        }
        Some(std::time::Instant::now() + std::time::Duration::new(sec, nsec as u32))
    };
    loop {
        if let Some(info) = cx.p.take_pending(set) {
            if a[1] != 0 {
                cx.p.mem.write_bytes(a[1], &info.to_bytes()).map_err(|_| libc::EFAULT)?;
            }
            return Ok(info.signo as u64);
        }
        // A signal outside the set that the guest handles interrupts the wait.
        if cx.p.has_deliverable() {
            return Err(libc::EINTR);
        }
        if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            return Err(libc::EAGAIN);
        }
        // SAFETY: plain sleep, cut short by host signals.
        unsafe { libc::usleep(500) };
    }
}

fn hwprobe(cx: &mut Ctx, a: &[u64; 6]) -> SysResult {
    if a[4] != 0 {
        return Err(libc::EINVAL);
    }
    let fpu = cx.p.model.has_fpu;
    for i in 0..a[1] {
        let at = a[0] + 16 * i;
        let key = cx.get_u64(at)? as i64;
        let val: Option<u64> = match key {
            0..=2 => Some(0),                   // mvendorid, marchid, mimpid
            3 => Some(1),                       // base behaviour: IMA
            4 => Some(if fpu { 3 } else { 2 }), // IMA_FD (bit 0) and IMA_C (bit 1)
            5 => Some(0),                       // misaligned access performance unknown
            _ => None,
        };
        match val {
            Some(v) => cx.put(at + 8, &v)?,
            None => cx.put(at, &(-1i64))?,
        }
    }
    Ok(0)
}
