//! HTIF, the Berkeley host-target interface of Spike and of the riscv-tests: the guest writes a
//! command to the 64-bit `tohost` word and the host answers in `fromhost`.
//!
//! Commands (device in bits 63:56, command in 55:48, payload in 47:0):
//! - device 0, command 0, payload with bit 0 set: end the run with status `payload >> 1`;
//! - device 0, command 0, payload with bit 0 clear: the address of a syscall block
//!   `{number, arg0, arg1, arg2, ...}` (eight u64). rivet serves `write` (64) to fd 1 and 2, as
//!   Spike's front end does for the riscv-tests' `printf`, and `exit` (93); the result goes back
//!   in the block's first word and `fromhost` becomes 1. (QEMU only prints one byte here.)
//! - device 1, command 1: print the payload's low byte; `fromhost` answers `0x100 | byte`.
//!
//! As in QEMU, a command is taken when the guest writes the high half of `tohost` (a 64-bit store
//! writes both halves), so a 64-bit command written as two 32-bit stores is read whole.
//!
//! Two placements: [`HtifMmio`] is a device window (QEMU's `spike` machine without the symbols, at
//! 0x100_0000); [`HtifWatch`] watches an ELF's `tohost` symbol in RAM, whose page the machine
//! write-protects so that stores to it come to the run loop.

use crate::bus::{AccessCtx, Device, Stop};
use crate::console::Console;
use rivet_core::GuestMemory;
use std::io::Write;
use std::sync::{Arc, Mutex};

const SYS_WRITE: u64 = 64;
const SYS_EXIT: u64 = 93;
const EBADF: u64 = 9;
const EFAULT: u64 = 14;
const ENOSYS: u64 = 38;

/// What HTIF does with a command.
pub struct Htif {
    console: Arc<Console>,
    mem: Arc<GuestMemory>,
}

impl Htif {
    /// An HTIF writing to `console` and reading syscall blocks from `mem`.
    pub fn new(console: Arc<Console>, mem: Arc<GuestMemory>) -> Htif {
        Htif { console, mem }
    }

    /// Runs a command written to `tohost`; returns a stop request and the value for `fromhost`.
    pub fn command(&self, value: u64) -> (Option<Stop>, Option<u64>) {
        let device = value >> 56;
        let cmd = (value >> 48) & 0xff;
        let payload = value & 0xffff_ffff_ffff;
        match (device, cmd) {
            (0, 0) if payload & 1 != 0 => (Some(Stop::Exit((payload >> 1) as i32)), None),
            (0, 0) => self.syscall(payload),
            (1, 1) => {
                self.console.write(&[payload as u8]);
                (None, Some((value >> 48 << 48) | 0x100 | (payload & 0xff)))
            }
            // Console input (device 1, command 0) would answer when a byte arrives: not supported,
            // so no answer. Unknown commands are acknowledged with an empty answer, as QEMU does.
            (1, 0) => (None, None),
            _ => (None, Some(value >> 48 << 48)),
        }
    }

    fn syscall(&self, addr: u64) -> (Option<Stop>, Option<u64>) {
        let mut block = [0u8; 32];
        if self.mem.read_bytes(addr, &mut block).is_err() {
            return (Some(Stop::Error(format!("HTIF: syscall block at {addr:#x} is not in memory"))), None);
        }
        let word = |i: usize| u64::from_le_bytes(block[i * 8..i * 8 + 8].try_into().unwrap_or_default());
        let ret = match word(0) {
            SYS_WRITE => {
                let (fd, buf, len) = (word(1), word(2), word(3));
                let mut data = vec![0u8; len.min(1 << 24) as usize];
                if self.mem.read_bytes(buf, &mut data).is_err() {
                    EFAULT.wrapping_neg()
                } else {
                    match fd {
                        1 => {
                            self.console.write(&data);
                            data.len() as u64
                        }
                        2 => {
                            self.console.flush();
                            let _ = std::io::stderr().write_all(&data);
                            data.len() as u64
                        }
                        _ => EBADF.wrapping_neg(),
                    }
                }
            }
            SYS_EXIT => return (Some(Stop::Exit(word(1) as i32)), None),
            _ => ENOSYS.wrapping_neg(),
        };
        if self.mem.poke_bytes(addr, &ret.to_le_bytes()).is_err() {
            return (Some(Stop::Error(format!("HTIF: syscall block at {addr:#x} is not in memory"))), None);
        }
        (None, Some(1))
    }
}

/// HTIF as a device window: `tohost` at offset 0, `fromhost` at 8.
pub struct HtifMmio {
    htif: Htif,
    /// tohost, fromhost, and whether the low half of tohost was accepted (QEMU's rule: only while
    /// tohost is clear).
    regs: Mutex<(u64, u64, bool)>,
}

impl HtifMmio {
    /// The device.
    pub fn new(htif: Htif) -> HtifMmio {
        HtifMmio { htif, regs: Mutex::new((0, 0, false)) }
    }

    fn write32(&self, offset: u64, v: u64) -> Option<Stop> {
        let mut r = self.regs.lock().unwrap_or_else(|e| e.into_inner());
        match offset {
            0 => {
                r.2 = r.0 == 0;
                if r.2 {
                    r.0 = v & 0xffff_ffff;
                }
            }
            4 if r.2 => {
                r.0 |= v << 32;
                let (stop, answer) = self.htif.command(r.0);
                r.0 = 0;
                if let Some(a) = answer {
                    r.1 = a;
                }
                return stop;
            }
            8 => r.1 = (r.1 & !0xffff_ffff) | (v & 0xffff_ffff),
            12 => r.1 = (r.1 & 0xffff_ffff) | (v << 32),
            _ => {}
        }
        None
    }
}

impl Device for HtifMmio {
    fn name(&self) -> &'static str {
        "htif"
    }

    fn read(&self, _: &AccessCtx, offset: u64, size_log2: u8) -> u64 {
        let r = self.regs.lock().unwrap_or_else(|e| e.into_inner());
        let word = match offset & !7 {
            0 => r.0,
            8 => r.1,
            _ => 0,
        };
        match (size_log2, offset & 4) {
            (3, _) => word,
            (_, 4) => word >> 32,
            _ => word & 0xffff_ffff,
        }
    }

    fn write(&self, _: &AccessCtx, offset: u64, size_log2: u8, value: u64) -> Option<Stop> {
        if size_log2 == 3 {
            // A 64-bit access is two 32-bit ones, low half first (QEMU's device is 32-bit wide).
            self.write32(offset, value & 0xffff_ffff).or_else(|| self.write32(offset + 4, value >> 32))
        } else {
            self.write32(offset, value & 0xffff_ffff)
        }
    }
}

/// HTIF on an ELF's `tohost`/`fromhost` symbols in RAM.
pub struct HtifWatch {
    htif: Htif,
    /// Address of `tohost`.
    pub tohost: u64,
    /// Address of `fromhost`, if the image has one.
    pub fromhost: Option<u64>,
}

impl HtifWatch {
    /// Watches `tohost` (the machine write-protects its page).
    pub fn new(htif: Htif, tohost: u64, fromhost: Option<u64>) -> HtifWatch {
        HtifWatch { htif, tohost, fromhost }
    }

    /// Whether a store to `addr..addr + len` is one HTIF must look at: it wrote the high half
    /// of `tohost`.
    pub fn triggers(&self, addr: u64, len: u64) -> bool {
        addr < self.tohost + 8 && addr + len > self.tohost + 4
    }

    /// Runs the command now in `tohost` (after a triggering store went to memory).
    pub fn run(&self, mem: &GuestMemory) -> Option<Stop> {
        let value: u64 = mem.load(self.tohost).ok()?;
        if value == 0 {
            return None;
        }
        let (stop, answer) = self.htif.command(value);
        if stop.is_some() {
            return stop;
        }
        let _ = mem.poke_bytes(self.tohost, &0u64.to_le_bytes());
        if let (Some(a), Some(f)) = (answer, self.fromhost) {
            let _ = mem.poke_bytes(f, &a.to_le_bytes());
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rivet_core::mem::perm;

    fn setup() -> (Arc<Console>, Arc<GuestMemory>) {
        let mem = Arc::new(GuestMemory::new(32).unwrap());
        mem.map_anon(0x8000_0000, 0x10000, perm::R | perm::W | perm::X).unwrap();
        (Arc::new(Console::capture(b"")), mem)
    }

    #[test]
    fn exit_and_console() {
        let (console, mem) = setup();
        let h = Htif::new(console.clone(), mem);
        assert_eq!(h.command(1).0, Some(Stop::Exit(0)));
        assert_eq!(h.command(3 << 1 | 1).0, Some(Stop::Exit(3)));
        assert_eq!(h.command(0x0101_0000_0000_0041), (None, Some(0x0101_0000_0000_0141)));
        assert_eq!(console.captured(), b"A");
    }

    #[test]
    fn write_syscall() {
        let (console, mem) = setup();
        let block = 0x8000_0100u64;
        mem.write_bytes(0x8000_0200, b"hello\n").unwrap();
        for (i, w) in [SYS_WRITE, 1, 0x8000_0200, 6].iter().enumerate() {
            mem.store::<u64>(block + 8 * i as u64, *w).unwrap();
        }
        let h = Htif::new(console.clone(), mem.clone());
        assert_eq!(h.command(block), (None, Some(1)));
        assert_eq!(console.captured(), b"hello\n");
        assert_eq!(mem.load::<u64>(block), Ok(6));
        mem.store::<u64>(block, 1234).unwrap();
        assert_eq!(h.command(block), (None, Some(1)));
        assert_eq!(mem.load::<u64>(block), Ok(ENOSYS.wrapping_neg()));
    }

    #[test]
    fn mmio_takes_the_command_with_the_high_half() {
        let (console, mem) = setup();
        let d = HtifMmio::new(Htif::new(console.clone(), mem));
        let c = AccessCtx::default();
        assert_eq!(d.write(&c, 0, 2, 0x42), None);
        assert_eq!(d.read(&c, 0, 2), 0x42);
        assert_eq!(d.write(&c, 4, 2, 0x0101_0000), None);
        assert_eq!(console.captured(), b"B");
        assert_eq!(d.read(&c, 0, 3), 0);
        assert_eq!(d.read(&c, 8, 3), 0x0101_0000_0000_0142);
        d.write(&c, 8, 3, 0);
        assert_eq!(d.read(&c, 8, 3), 0);
        assert_eq!(d.write(&c, 0, 3, 5 << 1 | 1), Some(Stop::Exit(5)));
    }

    #[test]
    fn watch() {
        let (console, mem) = setup();
        let w = HtifWatch::new(Htif::new(console, mem.clone()), 0x8000_1000, Some(0x8000_1040));
        assert!(w.triggers(0x8000_1000, 8));
        assert!(w.triggers(0x8000_1004, 4));
        assert!(!w.triggers(0x8000_1000, 4));
        assert!(!w.triggers(0x8000_1008, 8));
        mem.store::<u64>(0x8000_1000, 0x0101_0000_0000_0043).unwrap();
        assert_eq!(w.run(&mem), None);
        assert_eq!(mem.load::<u64>(0x8000_1000), Ok(0));
        assert_eq!(mem.load::<u64>(0x8000_1040), Ok(0x0101_0000_0000_0143));
        mem.store::<u64>(0x8000_1000, 1).unwrap();
        assert_eq!(w.run(&mem), Some(Stop::Exit(0)));
    }
}
