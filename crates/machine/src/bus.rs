//! Memory-mapped devices and the bus that routes physical addresses to them.
//!
//! Device registers are not guest memory: their pages are left unmapped in [`GuestMemory`], so a
//! load or store to them faults out of the engine, and the machine's run loop performs the access
//! here (see `mmio`). Devices are shared by every hart's thread, so they take `&self` and keep
//! their state behind atomics or a mutex.
//!
//! [`GuestMemory`]: rivet_core::GuestMemory

use std::sync::Arc;

/// Who is accessing a device: the hart and how far it has run (the instruction-count clock needs
/// it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AccessCtx {
    /// Index of the accessing hart.
    pub hart: u32,
    /// Instructions the hart has retired before this access.
    pub instret: u64,
}

/// A request to end the run, raised by a device (test finisher, HTIF) or the machine itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The guest asked to exit with this status.
    Exit(i32),
    /// The guest asked for a reset. rivet does not reset machines: the run ends, status 0.
    Reset,
    /// The run cannot go on: a message for the user, status 1.
    Error(String),
    /// A guest-triggered abort, as QEMU's `cpu_abort`: a message and status 134 (QEMU dies of
    /// SIGABRT there).
    Abort(String),
    /// rivet got SIGINT, SIGTERM or SIGHUP (from process `from`, when known). As under QEMU the
    /// run ends in order (vCPU exit and atexit callbacks) with status 0.
    Signal {
        /// The host signal.
        signal: i32,
        /// The process that sent it, when the kernel says.
        from: Option<i32>,
    },
}

impl Stop {
    /// The exit status of the rivet process for this stop.
    pub fn status(&self) -> i32 {
        match self {
            Stop::Exit(c) => *c,
            Stop::Reset => 0,
            Stop::Error(_) => 1,
            Stop::Abort(_) => 134,
            Stop::Signal { .. } => 0,
        }
    }
}

/// A memory-mapped device.
pub trait Device: Send + Sync {
    /// A short name for messages.
    fn name(&self) -> &'static str;
    /// Reads `1 << size_log2` bytes at `offset` from the device's base.
    fn read(&self, ctx: &AccessCtx, offset: u64, size_log2: u8) -> u64;
    /// Writes the low `1 << size_log2` bytes of `value` at `offset`. A device may ask to end the
    /// run (the test finisher does).
    fn write(&self, ctx: &AccessCtx, offset: u64, size_log2: u8, value: u64) -> Option<Stop>;
}

/// One device on the bus.
#[derive(Clone)]
pub struct Mapping {
    /// First physical address.
    pub base: u64,
    /// Size of the window in bytes.
    pub size: u64,
    /// The device.
    pub dev: Arc<dyn Device>,
}

/// The physical address map of the devices (memory is elsewhere).
#[derive(Clone, Default)]
pub struct Bus {
    maps: Vec<Mapping>,
}

impl Bus {
    /// An empty bus.
    pub fn new() -> Bus {
        Bus::default()
    }

    /// Adds a device at `base..base + size`. Windows must not overlap (the machines' maps are fixed
    /// and checked by tests).
    pub fn add(&mut self, base: u64, size: u64, dev: Arc<dyn Device>) {
        debug_assert!(self.maps.iter().all(|m| base + size <= m.base || m.base + m.size <= base));
        self.maps.push(Mapping { base, size, dev });
        self.maps.sort_by_key(|m| m.base);
    }

    /// The device whose window holds the whole access `addr..addr + len`, with the offset of
    /// `addr` in it.
    pub fn find(&self, addr: u64, len: u64) -> Option<(&Mapping, u64)> {
        let i = self.maps.partition_point(|m| m.base <= addr).checked_sub(1)?;
        let m = &self.maps[i];
        let off = addr - m.base;
        (off.checked_add(len)? <= m.size).then_some((m, off))
    }

    /// The windows, sorted by address.
    pub fn mappings(&self) -> &[Mapping] {
        &self.maps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Echo;
    impl Device for Echo {
        fn name(&self) -> &'static str {
            "echo"
        }
        fn read(&self, _: &AccessCtx, offset: u64, _: u8) -> u64 {
            offset
        }
        fn write(&self, _: &AccessCtx, _: u64, _: u8, value: u64) -> Option<Stop> {
            (value == 1).then_some(Stop::Exit(1))
        }
    }

    #[test]
    fn routes_by_address() {
        let mut bus = Bus::new();
        bus.add(0x2000, 0x100, Arc::new(Echo));
        bus.add(0x1000, 0x10, Arc::new(Echo));
        assert!(bus.find(0xfff, 1).is_none());
        assert_eq!(bus.find(0x1000, 8).map(|(m, o)| (m.base, o)), Some((0x1000, 0)));
        assert_eq!(bus.find(0x100c, 4).map(|(m, o)| (m.base, o)), Some((0x1000, 0xc)));
        // An access that runs past the window belongs to no device.
        assert!(bus.find(0x100c, 8).is_none());
        assert!(bus.find(0x1010, 1).is_none());
        assert_eq!(bus.find(0x20ff, 1).map(|(_, o)| o), Some(0xff));
        assert!(bus.find(u64::MAX, 8).is_none());
        assert_eq!(Stop::Exit(3).status(), 3);
        assert_eq!(Stop::Abort(String::new()).status(), 134);
    }
}
