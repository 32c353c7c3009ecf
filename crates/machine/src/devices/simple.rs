//! Small devices: the SiFive test finisher, the Goldfish RTC, empty virtio-mmio slots, and a
//! window that accepts and ignores everything (the PLIC, until rivet has one).

use crate::bus::{AccessCtx, Device, Stop};
use std::sync::atomic::{AtomicU32, Ordering};

/// The SiFive test device (`sifive,test1`), the `virt` machine's power switch: writing
/// `0x5555` ends the run with status 0, `code << 16 | 0x3333` with status `code`, `0x7777` asks for
/// a reset. Other values are ignored, as QEMU ignores them.
pub struct TestFinisher;

/// Status values of the test finisher.
pub mod finisher {
    /// Fail: the status is in bits 31:16.
    pub const FAIL: u64 = 0x3333;
    /// Pass: exit status 0.
    pub const PASS: u64 = 0x5555;
    /// Reset.
    pub const RESET: u64 = 0x7777;
    /// Size of the window.
    pub const SIZE: u64 = 0x1000;
}

impl Device for TestFinisher {
    fn name(&self) -> &'static str {
        "sifive,test1"
    }

    fn read(&self, _: &AccessCtx, _: u64, _: u8) -> u64 {
        0
    }

    fn write(&self, _: &AccessCtx, offset: u64, _: u8, value: u64) -> Option<Stop> {
        if offset != 0 {
            return None;
        }
        let code = ((value >> 16) & 0xffff) as i32;
        match value & 0xffff {
            finisher::FAIL => Some(Stop::Exit(code)),
            finisher::PASS => Some(Stop::Exit(0)),
            finisher::RESET => Some(Stop::Reset),
            _ => None,
        }
    }
}

/// The Goldfish RTC: nanoseconds since the Unix epoch in TIME_LOW (offset 0) and TIME_HIGH
/// (offset 4, latched by the read of TIME_LOW, as the device does). Alarms and interrupts are
/// accepted and ignored.
#[derive(Default)]
pub struct GoldfishRtc {
    high: AtomicU32,
}

impl Device for GoldfishRtc {
    fn name(&self) -> &'static str {
        "goldfish-rtc"
    }

    fn read(&self, _: &AccessCtx, offset: u64, _: u8) -> u64 {
        match offset {
            0 => {
                let ns = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos() as u64);
                self.high.store((ns >> 32) as u32, Ordering::Relaxed);
                ns & 0xffff_ffff
            }
            4 => self.high.load(Ordering::Relaxed) as u64,
            _ => 0,
        }
    }

    fn write(&self, _: &AccessCtx, _: u64, _: u8, _: u64) -> Option<Stop> {
        None
    }
}

/// A virtio-mmio transport with no device behind it, as QEMU's `virt` shows when no `-device`
/// is plugged: the magic value, version 1 (legacy, QEMU's default) and device id 0, so that
/// firmware and kernels probing the slots find them empty.
pub struct VirtioMmioEmpty;

impl Device for VirtioMmioEmpty {
    fn name(&self) -> &'static str {
        "virtio-mmio"
    }

    fn read(&self, _: &AccessCtx, offset: u64, _: u8) -> u64 {
        match offset {
            0x000 => 0x7472_6976, // "virt"
            0x004 => 1,
            0x008 => 0,
            0x00c => 0x554d_4551, // "QEMU"
            _ => 0,
        }
    }

    fn write(&self, _: &AccessCtx, _: u64, _: u8, _: u64) -> Option<Stop> {
        None
    }
}

/// A window that reads as zero and ignores writes.
pub struct Ignore(pub &'static str);

impl Device for Ignore {
    fn name(&self) -> &'static str {
        self.0
    }

    fn read(&self, _: &AccessCtx, _: u64, _: u8) -> u64 {
        0
    }

    fn write(&self, _: &AccessCtx, _: u64, _: u8, _: u64) -> Option<Stop> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finisher_values() {
        let c = AccessCtx::default();
        let f = TestFinisher;
        assert_eq!(f.write(&c, 0, 2, 0x5555), Some(Stop::Exit(0)));
        assert_eq!(f.write(&c, 0, 2, 3 << 16 | 0x3333), Some(Stop::Exit(3)));
        assert_eq!(f.write(&c, 0, 2, 0xffff_3333), Some(Stop::Exit(0xffff)));
        assert_eq!(f.write(&c, 0, 2, 0x7777), Some(Stop::Reset));
        assert_eq!(f.write(&c, 0, 2, 0x1234), None);
        assert_eq!(f.write(&c, 4, 2, 0x5555), None);
        assert_eq!(f.read(&c, 0, 2), 0);
    }

    #[test]
    fn probes() {
        let c = AccessCtx::default();
        let v = VirtioMmioEmpty;
        assert_eq!(v.read(&c, 0, 2), 0x74726976);
        assert_eq!(v.read(&c, 4, 2), 1);
        assert_eq!(v.read(&c, 8, 2), 0);
        let rtc = GoldfishRtc::default();
        let lo = rtc.read(&c, 0, 2);
        let hi = rtc.read(&c, 4, 2);
        assert!((hi << 32 | lo) > 1_600_000_000u64 * 1_000_000_000);
        assert_eq!(Ignore("plic").read(&c, 0x200000, 2), 0);
    }
}
