//! One hart's engines: a block cache per fetch regime (physical addresses, Sv39 at S, Sv39 at U),
//! so code keeps its translations across mode switches and paging on or off.

use rivet_core::vm::{self, Regime};
use rivet_core::{Engine, Hart};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// The engines of one hart.
pub struct HartEngines {
    engines: [Engine; Regime::COUNT],
    /// satp as the translated engines' blocks were decoded under.
    satp: u64,
}

impl HartEngines {
    /// Engines for `hart`: `setup` configures each (compiler, instrumenter); only the physical
    /// one gets a compiler (compiled code does not translate addresses).
    pub fn new(hart: &Hart, mut setup: impl FnMut(&mut Engine, Regime)) -> HartEngines {
        let make = |r: Regime| {
            let mut e = Engine::new(&hart.model);
            e.set_regime(r);
            e
        };
        let mut engines = [make(Regime::Bare), make(Regime::Supervisor), make(Regime::User)];
        let flag = engines[0].stop_flag();
        for (e, r) in engines.iter_mut().zip([Regime::Bare, Regime::Supervisor, Regime::User]) {
            e.set_stop_flag(flag.clone());
            setup(e, r);
        }
        HartEngines { engines, satp: 0 }
    }

    /// The flag that makes the hart leave whichever engine runs it.
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        self.engines[0].stop_flag()
    }

    /// The engine for the hart's state now (priv, mstatus, satp), with `hart.xlate` brought up to
    /// date. A new satp drops the translated engines' blocks (the TLB follows satp itself).
    pub fn current(&mut self, hart: &mut Hart) -> &mut Engine {
        let satp = hart.sys.as_deref().map_or(0, |s| s.ps.satp());
        if satp != self.satp {
            self.satp = satp;
            self.flush_translated();
        }
        let r = vm::refresh(hart);
        &mut self.engines[r as usize]
    }

    /// Drops the blocks decoded through Sv39 (`sfence.vma`: mappings may have changed).
    pub fn flush_translated(&mut self) {
        self.engines[Regime::Supervisor as usize].flush();
        self.engines[Regime::User as usize].flush();
    }
}
