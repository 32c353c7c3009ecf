//! The machine's time source and the SiFive CLINT (core-local interruptor): per-hart software
//! interrupt bits (`msip`), timer compare registers (`mtimecmp`) and the shared `mtime` counter.
//!
//! Time source: `mtime` counts at 10 MHz (QEMU's `virt` timebase). By default it follows the
//! host's monotonic clock from the moment the machine was built, as QEMU does; that is realistic
//! but not reproducible. With `-icount shift=N`, each hart's clock is instead its own retired
//! instruction count, every instruction lasting 2^N ns (QEMU's icount rule), so a program that
//! reads `mtime` sees the same values on every run. The price: with several harts each hart sees
//! its own clock (QEMU's icount runs the harts round-robin on one thread instead; rivet keeps a
//! thread per hart). A hart waiting in `wfi` for its timer warps its clock forward to the deadline,
//! as QEMU's icount does when all CPUs sleep.

use crate::bus::{AccessCtx, Device, Stop};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Frequency of `mtime` (and of the `time` CSR), as QEMU's `virt` and `spike` machines.
pub const TIMEBASE_HZ: u64 = 10_000_000;
const NS_PER_TICK: u64 = 1_000_000_000 / TIMEBASE_HZ;

/// `mip` bit of the machine software interrupt.
pub const MIP_MSIP: u64 = 1 << 3;
/// `mip` bit of the machine timer interrupt.
pub const MIP_MTIP: u64 = 1 << 7;

/// Offsets in the CLINT window.
pub mod reg {
    /// First `msip` word (one 32-bit word per hart).
    pub const MSIP: u64 = 0x0;
    /// First `mtimecmp` (one 64-bit register per hart).
    pub const MTIMECMP: u64 = 0x4000;
    /// `mtime`.
    pub const MTIME: u64 = 0xbff8;
    /// Size of the window.
    pub const SIZE: u64 = 0x10000;
}

/// How `mtime` advances.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockMode {
    /// The host's monotonic clock (QEMU's default).
    Host,
    /// `-icount shift=N`: each retired instruction lasts 2^N ns of the hart's own clock.
    Icount {
        /// The shift, 0 to 10.
        shift: u32,
    },
}

/// The machine's clock.
pub struct Clock {
    mode: ClockMode,
    start: Instant,
    /// Per hart, nanoseconds added to the instruction-count clock by `wfi` warps.
    warp_ns: Vec<AtomicU64>,
}

impl Clock {
    /// A clock starting now, for `harts` harts.
    pub fn new(mode: ClockMode, harts: usize) -> Clock {
        Clock { mode, start: Instant::now(), warp_ns: (0..harts).map(|_| AtomicU64::new(0)).collect() }
    }

    /// The mode.
    pub fn mode(&self) -> ClockMode {
        self.mode
    }

    /// Nanoseconds since reset as seen by the accessing hart.
    pub fn ns(&self, ctx: &AccessCtx) -> u64 {
        match self.mode {
            ClockMode::Host => self.start.elapsed().as_nanos() as u64,
            ClockMode::Icount { shift } => {
                let warp = self.warp_ns.get(ctx.hart as usize).map_or(0, |w| w.load(Ordering::Relaxed));
                (ctx.instret << shift).wrapping_add(warp)
            }
        }
    }

    /// `mtime` ticks (10 MHz) since reset as seen by the accessing hart.
    pub fn ticks(&self, ctx: &AccessCtx) -> u64 {
        self.ns(ctx) / NS_PER_TICK
    }

    /// Instruction-count mode: moves the hart's clock forward so that it reads at least `ticks`.
    fn warp_to(&self, ctx: &AccessCtx, ticks: u64) {
        let now = self.ns(ctx);
        let want = ticks.saturating_mul(NS_PER_TICK);
        if let (ClockMode::Icount { .. }, Some(w)) = (self.mode, self.warp_ns.get(ctx.hart as usize)) {
            if want > now {
                w.fetch_add(want - now, Ordering::Relaxed);
            }
        }
    }

    /// Host time left until the hart's clock reads `ticks` (`None` if it already does or the
    /// clock does not follow the host).
    fn host_wait(&self, ctx: &AccessCtx, ticks: u64) -> Option<Duration> {
        let now = self.ns(ctx);
        let want = ticks.saturating_mul(NS_PER_TICK);
        (self.mode == ClockMode::Host && want > now).then(|| Duration::from_nanos(want - now))
    }
}

/// Wakes harts: the condition variable harts in `wfi` sleep on, and the engines' stop flags (set to
/// make a running hart leave the engine and look at its interrupt lines).
#[derive(Default)]
pub struct Waker {
    lock: Mutex<()>,
    cv: Condvar,
    stop_flags: std::sync::OnceLock<Vec<Arc<AtomicBool>>>,
}

impl Waker {
    /// Records the engines' stop flags, indexed by hart (once, before the harts start).
    pub fn set_stop_flags(&self, flags: Vec<Arc<AtomicBool>>) {
        let _ = self.stop_flags.set(flags);
    }

    /// Makes `hart` leave the engine at its next block boundary.
    pub fn kick(&self, hart: u32) {
        if let Some(f) = self.stop_flags.get().and_then(|f| f.get(hart as usize)) {
            f.store(true, Ordering::SeqCst);
        }
    }

    /// Makes every hart leave the engine.
    pub fn kick_all(&self) {
        for f in self.stop_flags.get().into_iter().flatten() {
            f.store(true, Ordering::SeqCst);
        }
    }

    /// Wakes every hart sleeping in `wfi` so that it re-examines its interrupt lines.
    pub fn notify(&self) {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        self.cv.notify_all();
    }

    /// Locks the wait state (callers then use [`Waker::wait`]).
    pub fn lock(&self) -> std::sync::MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sleeps until notified or `timeout` passes (`None`: no timeout).
    pub fn wait<'a>(
        &self,
        guard: std::sync::MutexGuard<'a, ()>,
        timeout: Option<Duration>,
    ) -> std::sync::MutexGuard<'a, ()> {
        match timeout {
            Some(t) => self.cv.wait_timeout(guard, t).map(|r| r.0).unwrap_or_else(|e| e.into_inner().0),
            None => self.cv.wait(guard).unwrap_or_else(|e| e.into_inner()),
        }
    }
}

/// The CLINT.
pub struct Clint {
    clock: Arc<Clock>,
    waker: Arc<Waker>,
    msip: Vec<AtomicU32>,
    mtimecmp: Vec<AtomicU64>,
    /// Added to the clock when `mtime` is read (guest writes to `mtime` change it).
    mtime_delta: AtomicU64,
}

impl Clint {
    /// A CLINT for `harts` harts. `mtimecmp` resets to 0, as in QEMU, so the timer interrupt is
    /// pending (but disabled by `mie`) from the start.
    pub fn new(harts: usize, clock: Arc<Clock>, waker: Arc<Waker>) -> Clint {
        Clint {
            clock,
            waker,
            msip: (0..harts).map(|_| AtomicU32::new(0)).collect(),
            mtimecmp: (0..harts).map(|_| AtomicU64::new(0)).collect(),
            mtime_delta: AtomicU64::new(0),
        }
    }

    /// `mtime` as hart `ctx.hart` reads it now.
    pub fn mtime(&self, ctx: &AccessCtx) -> u64 {
        self.clock.ticks(ctx).wrapping_add(self.mtime_delta.load(Ordering::Relaxed))
    }

    /// The hart's `mtimecmp`.
    pub fn mtimecmp(&self, hart: u32) -> u64 {
        self.mtimecmp.get(hart as usize).map_or(u64::MAX, |c| c.load(Ordering::Relaxed))
    }

    /// Whether the hart's machine software interrupt is pending (its `msip` bit).
    pub fn soft_pending(&self, hart: u32) -> bool {
        self.msip.get(hart as usize).is_some_and(|m| m.load(Ordering::Relaxed) & 1 != 0)
    }

    /// Whether the hart's machine timer interrupt is pending (`mtime >= mtimecmp`), with the
    /// hart's clock at `instret` retired instructions.
    pub fn timer_pending(&self, hart: u32, instret: u64) -> bool {
        self.mtime(&AccessCtx { hart, instret }) >= self.mtimecmp(hart)
    }

    /// The hart's pending interrupt lines as `mip` bits (MSIP, MTIP).
    pub fn pending_mip(&self, hart: u32, instret: u64) -> u64 {
        let mut mip = 0;
        if self.soft_pending(hart) {
            mip |= MIP_MSIP;
        }
        if self.timer_pending(hart, instret) {
            mip |= MIP_MTIP;
        }
        mip
    }

    /// For a hart about to sleep in `wfi` waiting for the lines in `mask`: whether its timer can
    /// ever wake it, and how long to sleep on the host before it does. In instruction-count mode
    /// the hart's clock warps to the deadline at once (the returned wait is then zero).
    pub fn timer_wait(&self, ctx: &AccessCtx, mask: u64) -> Option<Duration> {
        if mask & MIP_MTIP == 0 {
            return None;
        }
        let cmp = self.mtimecmp(ctx.hart);
        if cmp == u64::MAX {
            return None;
        }
        let delta = self.mtime_delta.load(Ordering::Relaxed);
        let target = cmp.wrapping_sub(delta);
        if matches!(self.clock.mode(), ClockMode::Icount { .. }) {
            self.clock.warp_to(ctx, target);
            return Some(Duration::ZERO);
        }
        Some(self.clock.host_wait(ctx, target).unwrap_or(Duration::ZERO))
    }

    fn set_half(cell: &AtomicU64, offset: u64, size_log2: u8, value: u64) -> u64 {
        let old = cell.load(Ordering::Relaxed);
        let new = match (size_log2, offset & 7) {
            (3, _) => value,
            (_, 4) => (old & 0xffff_ffff) | (value << 32),
            _ => (old & !0xffff_ffff) | (value & 0xffff_ffff),
        };
        cell.store(new, Ordering::Relaxed);
        new
    }
}

fn half(v: u64, offset: u64, size_log2: u8) -> u64 {
    match (size_log2, offset & 7) {
        (3, _) => v,
        (_, 4) => v >> 32,
        _ => v & 0xffff_ffff,
    }
}

impl Device for Clint {
    fn name(&self) -> &'static str {
        "clint"
    }

    fn read(&self, ctx: &AccessCtx, offset: u64, size_log2: u8) -> u64 {
        let harts = self.msip.len() as u64;
        match offset {
            o if o < reg::MSIP + 4 * harts => self.msip[(o / 4) as usize].load(Ordering::Relaxed) as u64,
            o if (reg::MTIMECMP..reg::MTIMECMP + 8 * harts).contains(&o) => {
                let i = ((o - reg::MTIMECMP) / 8) as usize;
                half(self.mtimecmp[i].load(Ordering::Relaxed), o, size_log2)
            }
            o if (reg::MTIME..reg::MTIME + 8).contains(&o) => half(self.mtime(ctx), o, size_log2),
            _ => 0,
        }
    }

    fn write(&self, ctx: &AccessCtx, offset: u64, size_log2: u8, value: u64) -> Option<Stop> {
        let harts = self.msip.len() as u64;
        match offset {
            o if o < reg::MSIP + 4 * harts => {
                let hart = (o / 4) as u32;
                self.msip[hart as usize].store((value & 1) as u32, Ordering::Relaxed);
                // The target hart should look at its lines now, running or asleep.
                self.waker.kick(hart);
                self.waker.notify();
            }
            o if (reg::MTIMECMP..reg::MTIMECMP + 8 * harts).contains(&o) => {
                let i = ((o - reg::MTIMECMP) / 8) as usize;
                Clint::set_half(&self.mtimecmp[i], o, size_log2, value);
                self.waker.notify();
            }
            o if (reg::MTIME..reg::MTIME + 8).contains(&o) => {
                let now = self.mtime(ctx);
                let scratch = AtomicU64::new(now);
                let new = Clint::set_half(&scratch, o, size_log2, value);
                self.mtime_delta.fetch_add(new.wrapping_sub(now), Ordering::Relaxed);
                self.waker.notify();
            }
            _ => {}
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn icount_clint(harts: usize, shift: u32) -> Clint {
        let clock = Arc::new(Clock::new(ClockMode::Icount { shift }, harts));
        Clint::new(harts, clock, Arc::new(Waker::default()))
    }

    #[test]
    fn registers() {
        let c = icount_clint(2, 0);
        let h1 = AccessCtx { hart: 1, instret: 0 };
        // mtimecmp resets to 0, so the timer is pending at once, as on QEMU.
        assert!(c.timer_pending(0, 0));
        c.write(&h1, reg::MTIMECMP + 8, 3, 0x1_2345_6789);
        assert_eq!(c.read(&h1, reg::MTIMECMP + 8, 3), 0x1_2345_6789);
        assert_eq!(c.read(&h1, reg::MTIMECMP + 8, 2), 0x2345_6789);
        assert_eq!(c.read(&h1, reg::MTIMECMP + 12, 2), 1);
        c.write(&h1, reg::MTIMECMP + 12, 2, 0xffff_ffff);
        c.write(&h1, reg::MTIMECMP + 8, 2, 0xffff_ffff);
        assert_eq!(c.mtimecmp(1), u64::MAX);
        assert_eq!(c.mtimecmp(0), 0);
        assert!(!c.timer_pending(1, 1 << 40));
        // msip: one bit per hart, 32-bit words.
        assert!(!c.soft_pending(1));
        c.write(&h1, reg::MSIP + 4, 2, 3);
        assert!(c.soft_pending(1) && !c.soft_pending(0));
        assert_eq!(c.read(&h1, reg::MSIP + 4, 2), 1);
        assert_eq!(c.pending_mip(1, 0), MIP_MSIP);
        assert_eq!(c.pending_mip(0, 0), MIP_MTIP);
        // Unknown offsets read 0 and ignore writes.
        assert_eq!(c.read(&h1, 0x8000, 2), 0);
        assert_eq!(c.write(&h1, 0x8000, 2, 1), None);
    }

    #[test]
    fn instruction_count_clock() {
        let c = icount_clint(1, 3);
        // 8 ns per instruction: 1000 instructions are 8 us, 80 ticks of 100 ns.
        let ctx = AccessCtx { hart: 0, instret: 1000 };
        assert_eq!(c.read(&ctx, reg::MTIME, 3), 80);
        assert_eq!(c.read(&ctx, reg::MTIME + 4, 2), 0);
        // Writing mtime moves the clock; it keeps counting from there.
        c.write(&ctx, reg::MTIME, 3, 1_000_000);
        assert_eq!(c.mtime(&ctx), 1_000_000);
        assert_eq!(c.mtime(&AccessCtx { hart: 0, instret: 1100 }), 1_000_008);
        // wfi with a timer armed warps the clock to the deadline.
        c.write(&ctx, reg::MTIMECMP, 3, 2_000_000);
        assert!(!c.timer_pending(0, 1000));
        assert_eq!(c.timer_wait(&ctx, MIP_MTIP), Some(Duration::ZERO));
        assert!(c.timer_pending(0, 1000));
        // Not waiting for the timer, or no deadline: nothing will come.
        assert_eq!(c.timer_wait(&ctx, MIP_MSIP), None);
        c.write(&ctx, reg::MTIMECMP, 3, u64::MAX);
        assert_eq!(c.timer_wait(&ctx, MIP_MTIP), None);
    }

    #[test]
    fn host_clock_advances() {
        let clock = Arc::new(Clock::new(ClockMode::Host, 1));
        let c = Clint::new(1, clock, Arc::new(Waker::default()));
        let ctx = AccessCtx::default();
        let a = c.mtime(&ctx);
        std::thread::sleep(Duration::from_millis(2));
        let b = c.mtime(&ctx);
        assert!(b >= a + 10_000, "{a} {b}");
        c.write(&ctx, reg::MTIMECMP, 3, b + 10_000_000);
        let w = c.timer_wait(&ctx, MIP_MTIP).unwrap();
        assert!(w > Duration::from_millis(900) && w <= Duration::from_secs(1), "{w:?}");
    }
}
