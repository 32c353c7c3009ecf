//! RISC-V semihosting (the Arm semihosting calls, reached by `ebreak` between
//! `slli x0, x0, 0x1f` and `srai x0, x0, 7`), as QEMU serves them with
//! `-semihosting-config enable=on,target=native`. The operation is in a0, a pointer to its
//! argument block (RV64: 8-byte words) in a1; the result goes to a0 and the hart goes on after the
//! `ebreak`.
//!
//! Facts measured on QEMU 10.0 that this module follows:
//! - SYS_WRITEC and SYS_WRITE0 write to QEMU's semihosting console, which is stderr when no
//!   chardev is given; they have no result and QEMU sets a0 to 0xdeadbeef.
//! - No file is open at start: `SYS_OPEN(":tt", mode)` gives stdin (modes 0-3), stdout (4-7) or
//!   stderr (8-11) as handles 1, 2, ...; `:semihosting-features` is a readable file with the
//!   magic `SHFB` and the features byte 3 (EXIT_EXTENDED, STDOUT_STDERR). Other names are host
//!   files. SYS_WRITE to a handle that is not open returns its length (nothing written) without
//!   changing SYS_ERRNO.
//! - SYS_EXIT and SYS_EXIT_EXTENDED both take `{reason, subcode}` on RV64: reason 0x20026
//!   (ADP_Stopped_ApplicationExit) exits with `subcode`, any other reason with 1. An argument
//!   block that cannot be read makes the call fail (a0 = -1) and the guest runs on.
//! - SYS_HEAPINFO: the largest gap in RAM between loaded images (ELF segments, the device tree):
//!   `{heap base, heap limit, stack base = heap limit, stack limit = heap base}`; for a small image
//!   at 0x8000_0000 that is from the image's end to the device tree.
//! - SYS_GET_CMDLINE: the `-semihosting-config arg=` values joined with spaces, or else the
//!   `-kernel` path as given followed by the words of `-append`.
//! - SYS_CLOCK: centiseconds of host processor time; SYS_TIME: seconds since the epoch;
//!   SYS_TICKFREQ: 1,000,000,000; SYS_ELAPSED: nanoseconds since start in the block's first word.
//! - An unknown operation aborts QEMU ("Unsupported SemiHosting SWI 0x..", status 134).
//!
//! With `-icount`, SYS_CLOCK and SYS_ELAPSED follow the instruction-count clock instead of the host.

use crate::bus::{AccessCtx, Stop};
use crate::console::Console;
use crate::devices::Clock;
use rivet_core::{GuestMemory, Hart};
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::{Arc, Mutex};

/// `slli x0, x0, 0x1f`.
pub const PRE: u32 = 0x01f0_1013;
/// `ebreak`.
pub const EBREAK: u32 = 0x0010_0073;
/// `srai x0, x0, 7`.
pub const POST: u32 = 0x4070_5013;

/// Operation numbers.
pub mod op {
    /// Open a file.
    pub const OPEN: u64 = 0x01;
    /// Close a handle.
    pub const CLOSE: u64 = 0x02;
    /// Write a character to the console.
    pub const WRITEC: u64 = 0x03;
    /// Write a NUL-terminated string to the console.
    pub const WRITE0: u64 = 0x04;
    /// Write to a handle.
    pub const WRITE: u64 = 0x05;
    /// Read from a handle.
    pub const READ: u64 = 0x06;
    /// Read a character from the console.
    pub const READC: u64 = 0x07;
    /// Whether a status is an error.
    pub const ISERROR: u64 = 0x08;
    /// Whether a handle is a terminal.
    pub const ISTTY: u64 = 0x09;
    /// Seek.
    pub const SEEK: u64 = 0x0a;
    /// File length.
    pub const FLEN: u64 = 0x0c;
    /// Remove a file.
    pub const REMOVE: u64 = 0x0e;
    /// Rename a file.
    pub const RENAME: u64 = 0x0f;
    /// Processor time in centiseconds.
    pub const CLOCK: u64 = 0x10;
    /// Seconds since the epoch.
    pub const TIME: u64 = 0x11;
    /// errno of the last failed call.
    pub const ERRNO: u64 = 0x13;
    /// The command line.
    pub const GET_CMDLINE: u64 = 0x15;
    /// Heap and stack placement.
    pub const HEAPINFO: u64 = 0x16;
    /// Exit.
    pub const EXIT: u64 = 0x18;
    /// Exit with a status (semihosting v2).
    pub const EXIT_EXTENDED: u64 = 0x20;
    /// Ticks since start.
    pub const ELAPSED: u64 = 0x30;
    /// Tick frequency.
    pub const TICKFREQ: u64 = 0x31;
}

/// What QEMU leaves in a0 after the calls that have no result (SYS_WRITEC, SYS_WRITE0).
const NO_RESULT: u64 = 0xdead_beef;

/// ADP_Stopped_ApplicationExit.
pub const ADP_STOPPED_APPLICATION_EXIT: u64 = 0x20026;
const FEATURES: [u8; 5] = [b'S', b'H', b'F', b'B', 0x03];

enum Handle {
    /// A host standard stream: 0, 1 or 2.
    Std(i32),
    /// `:semihosting-features`, with the read position.
    Features(usize),
    /// A host file.
    File(std::fs::File),
}

struct State {
    handles: Vec<Option<Handle>>,
    errno: i32,
}

/// The semihosting service of a machine.
pub struct Semihosting {
    console: Arc<Console>,
    clock: Arc<Clock>,
    cmdline: String,
    heap: [u64; 4],
    allow_user: bool,
    state: Mutex<State>,
}

/// Outcome of a call that does not end the run: the value for a0 (`None` leaves it).
type CallResult = Result<Option<u64>, Stop>;

const EFAULT: i32 = 14;
const EBADF: i32 = 9;
const EINVAL: i32 = 22;
const E2BIG: i32 = 7;
const ENOTTY: i32 = 25;

impl Semihosting {
    /// A service with the given command line and heap block (`{heap base, heap limit, stack base,
    /// stack limit}`). `allow_user`: serve calls from U-mode too (`userspace=on`).
    pub fn new(console: Arc<Console>, clock: Arc<Clock>, cmdline: String, heap: [u64; 4], allow_user: bool) -> Self {
        Semihosting {
            console,
            clock,
            cmdline,
            heap,
            allow_user,
            state: Mutex::new(State { handles: vec![None], errno: 0 }),
        }
    }

    /// Whether the `ebreak` at `hart.pc` is a semihosting call: the three uncompressed
    /// instructions in one page, and a privilege level that may call.
    pub fn is_call(&self, hart: &Hart, mem: &GuestMemory) -> bool {
        let pc = hart.pc;
        if hart.priv_level == 0 && !self.allow_user {
            return false;
        }
        let (Some(pre), Some(post)) = (pc.checked_sub(4), pc.checked_add(4)) else { return false };
        if pre >> 12 != post >> 12 {
            return false;
        }
        let word = |a: u64| mem.load::<u32>(a).ok();
        word(pre) == Some(PRE) && word(pc) == Some(EBREAK) && word(post) == Some(POST)
    }

    /// Serves the call; the caller then moves pc past the `ebreak`.
    pub fn call(&self, hart: &mut Hart, mem: &GuestMemory) -> Result<(), Stop> {
        let nr = hart.x[10];
        let args = hart.x[11];
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let r = match self.dispatch(&mut st, hart, mem, nr, args) {
            Ok(r) => r,
            Err(Fault) => {
                st.errno = EFAULT;
                Ok(Some(u64::MAX))
            }
        };
        match r {
            Ok(Some(v)) => hart.x[10] = v,
            Ok(None) => {}
            Err(stop) => return Err(stop),
        }
        Ok(())
    }

    fn fail(st: &mut State, errno: i32) -> CallResult {
        st.errno = errno;
        Ok(Some(u64::MAX))
    }

    fn dispatch(
        &self,
        st: &mut State,
        hart: &Hart,
        mem: &GuestMemory,
        nr: u64,
        args: u64,
    ) -> Result<CallResult, Fault> {
        let arg = |i: u64| mem.load::<u64>(args.wrapping_add(8 * i)).map_err(|_| Fault);
        let set_arg = |i: u64, v: u64| mem.write_bytes(args.wrapping_add(8 * i), &v.to_le_bytes()).map_err(|_| Fault);
        let read_mem = |addr: u64, len: u64| -> Result<Vec<u8>, Fault> {
            let mut b = vec![0u8; usize::try_from(len).map_err(|_| Fault)?.min(1 << 24)];
            mem.read_bytes(addr, &mut b).map_err(|_| Fault)?;
            Ok(b)
        };
        Ok(match nr {
            op::WRITEC => {
                let c: u8 = mem.load(args).map_err(|_| Fault)?;
                self.console_err(&[c]);
                Ok(Some(NO_RESULT))
            }
            op::WRITE0 => {
                let s = mem.read_cstr(args, 1 << 20).map_err(|_| Fault)?;
                self.console_err(&s);
                Ok(Some(NO_RESULT))
            }
            op::OPEN => {
                let (ptr, mode, len) = (arg(0)?, arg(1)?, arg(2)?);
                let name = read_mem(ptr, len)?;
                if mode >= 12 {
                    return Ok(Self::fail(st, EINVAL));
                }
                let handle = match name.as_slice() {
                    b":tt" => Handle::Std(match mode {
                        0..=3 => 0,
                        4..=7 => 1,
                        _ => 2,
                    }),
                    b":semihosting-features" if mode < 2 => Handle::Features(0),
                    b":semihosting-features" => return Ok(Self::fail(st, EACCES)),
                    _ => {
                        let path = std::path::PathBuf::from(String::from_utf8_lossy(&name).into_owned());
                        let mut o = std::fs::OpenOptions::new();
                        match mode / 4 {
                            0 => o.read(true).write(mode & 2 != 0),
                            1 => o.write(true).create(true).truncate(true).read(mode & 2 != 0),
                            _ => o.append(true).create(true).read(mode & 2 != 0),
                        };
                        match o.open(&path) {
                            Ok(f) => Handle::File(f),
                            Err(e) => return Ok(Self::fail(st, e.raw_os_error().unwrap_or(EINVAL))),
                        }
                    }
                };
                let slot = match st.handles.iter().skip(1).position(Option::is_none) {
                    Some(i) => i + 1,
                    None => {
                        st.handles.push(None);
                        st.handles.len() - 1
                    }
                };
                st.handles[slot] = Some(handle);
                Ok(Some(slot as u64))
            }
            op::CLOSE => {
                let fd = arg(0)?;
                match st.handles.get_mut(fd as usize).filter(|h| h.is_some()) {
                    Some(h) if fd != 0 => {
                        *h = None;
                        Ok(Some(0))
                    }
                    _ => Self::fail(st, EBADF),
                }
            }
            op::WRITE => {
                let (fd, buf, len) = (arg(0)?, arg(1)?, arg(2)?);
                let data = read_mem(buf, len)?;
                let written = match st.handles.get_mut(fd as usize).and_then(Option::as_mut) {
                    Some(Handle::Std(1)) => {
                        self.console.write(&data);
                        Ok(data.len())
                    }
                    Some(Handle::Std(2)) => {
                        self.console_err(&data);
                        Ok(data.len())
                    }
                    Some(Handle::File(f)) => f.write(&data),
                    // Not open, stdin, or the features file: nothing written (QEMU leaves errno).
                    _ => Ok(0),
                };
                match written {
                    Ok(n) => Ok(Some(len - n as u64)),
                    Err(e) => {
                        st.errno = e.raw_os_error().unwrap_or(EINVAL);
                        Ok(Some(len))
                    }
                }
            }
            op::READ => {
                let (fd, buf, len) = (arg(0)?, arg(1)?, arg(2)?);
                let mut data = vec![0u8; len.min(1 << 24) as usize];
                let got = match st.handles.get_mut(fd as usize).and_then(Option::as_mut) {
                    Some(Handle::Std(0)) => {
                        self.console.flush();
                        std::io::stdin().read(&mut data)
                    }
                    Some(Handle::File(f)) => f.read(&mut data),
                    Some(Handle::Features(pos)) => {
                        let n = FEATURES.len().saturating_sub(*pos).min(data.len());
                        data[..n].copy_from_slice(&FEATURES[*pos..*pos + n]);
                        *pos += n;
                        Ok(n)
                    }
                    _ => Ok(0),
                };
                match got {
                    Ok(n) => {
                        mem.write_bytes(buf, &data[..n]).map_err(|_| Fault)?;
                        Ok(Some(len - n as u64))
                    }
                    Err(e) => {
                        st.errno = e.raw_os_error().unwrap_or(EINVAL);
                        Ok(Some(len))
                    }
                }
            }
            op::READC => {
                self.console.flush();
                let mut c = [0u8; 1];
                match std::io::stdin().read(&mut c) {
                    Ok(1) => Ok(Some(c[0] as u64)),
                    _ => Self::fail(st, EINVAL),
                }
            }
            op::ISERROR => Ok(Some(((arg(0)? as i64) < 0) as u64)),
            op::ISTTY => {
                let fd = arg(0)?;
                let tty = match st.handles.get(fd as usize).and_then(Option::as_ref) {
                    // SAFETY: isatty only inspects the descriptor.
                    Some(Handle::Std(n)) => unsafe { libc::isatty(*n) == 1 },
                    Some(Handle::File(_) | Handle::Features(_)) => false,
                    None => return Ok(Self::fail(st, EBADF)),
                };
                if tty {
                    Ok(Some(1))
                } else {
                    st.errno = ENOTTY;
                    Ok(Some(0))
                }
            }
            op::SEEK => {
                let (fd, pos) = (arg(0)?, arg(1)?);
                match st.handles.get_mut(fd as usize).and_then(Option::as_mut) {
                    Some(Handle::File(f)) => match f.seek(SeekFrom::Start(pos)) {
                        Ok(_) => Ok(Some(0)),
                        Err(e) => Self::fail(st, e.raw_os_error().unwrap_or(EINVAL)),
                    },
                    Some(Handle::Features(p)) => {
                        *p = pos as usize;
                        Ok(Some(0))
                    }
                    _ => Self::fail(st, EBADF),
                }
            }
            op::FLEN => {
                let fd = arg(0)?;
                match st.handles.get(fd as usize).and_then(Option::as_ref) {
                    Some(Handle::File(f)) => match f.metadata() {
                        Ok(m) => Ok(Some(m.len())),
                        Err(e) => Self::fail(st, e.raw_os_error().unwrap_or(EINVAL)),
                    },
                    Some(Handle::Features(_)) => Ok(Some(FEATURES.len() as u64)),
                    _ => Self::fail(st, EBADF),
                }
            }
            op::REMOVE => {
                let name = read_mem(arg(0)?, arg(1)?)?;
                match std::fs::remove_file(String::from_utf8_lossy(&name).as_ref()) {
                    Ok(()) => Ok(Some(0)),
                    Err(e) => Self::fail(st, e.raw_os_error().unwrap_or(EINVAL)),
                }
            }
            op::RENAME => {
                let from = read_mem(arg(0)?, arg(1)?)?;
                let to = read_mem(arg(2)?, arg(3)?)?;
                let (from, to) =
                    (String::from_utf8_lossy(&from).into_owned(), String::from_utf8_lossy(&to).into_owned());
                match std::fs::rename(from, to) {
                    Ok(()) => Ok(Some(0)),
                    Err(e) => Self::fail(st, e.raw_os_error().unwrap_or(EINVAL)),
                }
            }
            op::CLOCK => Ok(Some(match self.clock.mode() {
                crate::devices::ClockMode::Host => {
                    // QEMU answers with clock(): the host process's processor time.
                    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
                    // SAFETY: clock_gettime writes the timespec we pass.
                    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
                    ts.tv_sec as u64 * 100 + ts.tv_nsec as u64 / 10_000_000
                }
                crate::devices::ClockMode::Icount { .. } => self.ns(hart) / 10_000_000,
            })),
            op::TIME => {
                Ok(Some(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())))
            }
            op::ERRNO => Ok(Some(st.errno as i64 as u64)),
            op::GET_CMDLINE => {
                let (buf, size) = (arg(0)?, arg(1)?);
                let mut line = self.cmdline.as_bytes().to_vec();
                line.push(0);
                if line.len() as u64 > size {
                    return Ok(Self::fail(st, E2BIG));
                }
                set_arg(1, line.len() as u64 - 1)?;
                mem.write_bytes(buf, &line).map_err(|_| Fault)?;
                Ok(Some(0))
            }
            op::HEAPINFO => {
                let block = arg(0)?;
                let bytes: Vec<u8> = self.heap.iter().flat_map(|w| w.to_le_bytes()).collect();
                mem.write_bytes(block, &bytes).map_err(|_| Fault)?;
                Ok(Some(0))
            }
            op::EXIT | op::EXIT_EXTENDED => {
                let (reason, code) = (arg(0)?, arg(1)?);
                self.console.flush();
                Err(Stop::Exit(if reason == ADP_STOPPED_APPLICATION_EXIT { code as i32 } else { 1 }))
            }
            op::ELAPSED => {
                set_arg(0, self.ns(hart))?;
                Ok(Some(0))
            }
            op::TICKFREQ => Ok(Some(1_000_000_000)),
            _ => Err(Stop::Abort(format!("unsupported semihosting call {nr:#x} at pc {:#x}", hart.pc))),
        })
    }

    fn ns(&self, hart: &Hart) -> u64 {
        self.clock.ns(&AccessCtx { hart: hart.vcpu_index, instret: hart.instret })
    }

    /// The semihosting console: stderr, after what the UART has printed.
    fn console_err(&self, bytes: &[u8]) {
        self.console.flush();
        let _ = std::io::stderr().write_all(bytes);
    }
}

const EACCES: i32 = 13;

/// A guest argument block or buffer that cannot be read or written.
struct Fault;

/// QEMU's heap placement: the largest gap in `ram` between the `blobs` (address, size) loaded
/// there. Returns `{heap base, heap limit, stack base, stack limit}`.
pub fn heap_info(ram: std::ops::Range<u64>, blobs: &[(u64, u64)]) -> [u64; 4] {
    let mut blobs: Vec<(u64, u64)> = blobs.iter().copied().filter(|&(a, _)| ram.contains(&a)).collect();
    blobs.sort();
    let mut best = (ram.start, 0u64);
    let mut at = ram.start;
    for (a, size) in blobs.iter().copied().chain(std::iter::once((ram.end, 0))) {
        if a > at && a - at > best.1 {
            best = (at, a - at);
        }
        at = at.max(a.saturating_add(size));
    }
    let (base, limit) = (best.0, best.0 + best.1);
    [base, limit, limit, base]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::ClockMode;
    use rivet_core::mem::perm;
    use rivet_core::CpuModel;

    #[test]
    fn qemu_heap() {
        // hello-sized image at the start of 128 MiB, device tree at 0x87e00000.
        let h = heap_info(0x8000_0000..0x8800_0000, &[(0x8000_0000, 0x1598), (0x87e0_0000, 0x1384)]);
        assert_eq!(h, [0x8000_1598, 0x87e0_0000, 0x87e0_0000, 0x8000_1598]);
        // A big image: the space after the tree is larger.
        let h = heap_info(0x8000_0000..0x8800_0000, &[(0x8000_0000, 0x7d0_0000), (0x87e0_0000, 0x1000)]);
        assert_eq!(h[0..2], [0x87e0_1000, 0x8800_0000]);
    }

    fn setup() -> (Semihosting, Arc<Console>, GuestMemory, Hart) {
        let console = Arc::new(Console::capture(b""));
        let clock = Arc::new(Clock::new(ClockMode::Icount { shift: 0 }, 1));
        let s = Semihosting::new(console.clone(), clock, "prog a b".into(), [1, 2, 3, 4], false);
        let mem = GuestMemory::new(32).unwrap();
        mem.map_anon(0x8000_0000, 0x10000, perm::R | perm::W | perm::X).unwrap();
        let mut hart = Hart::new(Arc::new(CpuModel::by_name("rv64gc", 0).unwrap()), 0);
        hart.priv_level = 3;
        (s, console, mem, hart)
    }

    fn call(s: &Semihosting, mem: &GuestMemory, hart: &mut Hart, nr: u64, args: &[u64]) -> Result<u64, Stop> {
        for (i, a) in args.iter().enumerate() {
            mem.store::<u64>(0x8000_1000 + 8 * i as u64, *a).unwrap();
        }
        hart.x[10] = nr;
        hart.x[11] = 0x8000_1000;
        s.call(hart, mem)?;
        Ok(hart.x[10])
    }

    #[test]
    fn recognises_the_sequence() {
        let (s, _, mem, mut hart) = setup();
        for (i, w) in [PRE, EBREAK, POST].iter().enumerate() {
            mem.store::<u32>(0x8000_0100 + 4 * i as u64, *w).unwrap();
        }
        hart.pc = 0x8000_0104;
        assert!(s.is_call(&hart, &mem));
        hart.priv_level = 0;
        assert!(!s.is_call(&hart, &mem), "U-mode needs userspace=on");
        hart.priv_level = 3;
        mem.store::<u32>(0x8000_0108, 0x13).unwrap();
        assert!(!s.is_call(&hart, &mem));
        // The sequence must not straddle a page.
        hart.pc = 0x8000_0ffe;
        assert!(!s.is_call(&hart, &mem));
    }

    #[test]
    fn console_files_and_exit() {
        let (s, console, mem, mut hart) = setup();
        mem.write_bytes(0x8000_2000, b":tt\0hello\n").unwrap();
        // Nothing is open at start: a write to handle 1 writes nothing.
        assert_eq!(call(&s, &mem, &mut hart, op::WRITE, &[1, 0x8000_2004, 6]), Ok(6));
        assert_eq!(call(&s, &mem, &mut hart, op::ERRNO, &[]), Ok(0));
        assert_eq!(call(&s, &mem, &mut hart, op::OPEN, &[0x8000_2000, 4, 3]), Ok(1));
        assert_eq!(call(&s, &mem, &mut hart, op::WRITE, &[1, 0x8000_2004, 6]), Ok(0));
        assert_eq!(console.captured(), b"hello\n");
        assert_eq!(call(&s, &mem, &mut hart, op::OPEN, &[0x8000_2000, 8, 3]), Ok(2));
        assert_eq!(call(&s, &mem, &mut hart, op::CLOSE, &[2]), Ok(0));
        assert_eq!(call(&s, &mem, &mut hart, op::CLOSE, &[2]), Ok(u64::MAX));
        assert_eq!(call(&s, &mem, &mut hart, op::ERRNO, &[]), Ok(EBADF as u64));
        assert_eq!(call(&s, &mem, &mut hart, op::OPEN, &[0x8000_2000, 12, 3]), Ok(u64::MAX));
        assert_eq!(call(&s, &mem, &mut hart, op::ISERROR, &[u64::MAX]), Ok(1));
        assert_eq!(call(&s, &mem, &mut hart, op::ISERROR, &[3]), Ok(0));
        assert_eq!(call(&s, &mem, &mut hart, op::TICKFREQ, &[]), Ok(1_000_000_000));
        hart.instret = 5000;
        assert_eq!(call(&s, &mem, &mut hart, op::ELAPSED, &[]), Ok(0));
        assert_eq!(mem.load::<u64>(0x8000_1000), Ok(5000));
        // Command line and heap.
        assert_eq!(call(&s, &mem, &mut hart, op::GET_CMDLINE, &[0x8000_3000, 64]), Ok(0));
        assert_eq!(mem.read_cstr(0x8000_3000, 64).unwrap(), b"prog a b");
        assert_eq!(mem.load::<u64>(0x8000_1008), Ok(8));
        assert_eq!(call(&s, &mem, &mut hart, op::GET_CMDLINE, &[0x8000_3000, 4]), Ok(u64::MAX));
        assert_eq!(call(&s, &mem, &mut hart, op::HEAPINFO, &[0x8000_4000]), Ok(0));
        assert_eq!(mem.load::<u64>(0x8000_4018), Ok(4));
        // A bad argument block fails the call; the guest goes on.
        hart.x[10] = op::EXIT;
        hart.x[11] = 0x10;
        assert_eq!(s.call(&mut hart, &mem), Ok(()));
        assert_eq!(hart.x[10], u64::MAX);
        assert_eq!(call(&s, &mem, &mut hart, op::EXIT, &[ADP_STOPPED_APPLICATION_EXIT, 7]), Err(Stop::Exit(7)));
        assert_eq!(call(&s, &mem, &mut hart, op::EXIT_EXTENDED, &[0x20023, 7]), Err(Stop::Exit(1)));
        assert!(matches!(call(&s, &mem, &mut hart, 0x99, &[]), Err(Stop::Abort(_))));
    }

    #[test]
    fn features_file() {
        let (s, _, mem, mut hart) = setup();
        mem.write_bytes(0x8000_2000, b":semihosting-features").unwrap();
        let fd = call(&s, &mem, &mut hart, op::OPEN, &[0x8000_2000, 0, 21]).unwrap();
        assert_eq!(call(&s, &mem, &mut hart, op::FLEN, &[fd]), Ok(5));
        assert_eq!(call(&s, &mem, &mut hart, op::READ, &[fd, 0x8000_3000, 8]), Ok(3));
        let mut b = [0u8; 5];
        mem.read_bytes(0x8000_3000, &mut b).unwrap();
        assert_eq!(&b, b"SHFB\x03");
    }
}
