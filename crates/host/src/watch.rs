//! Register-change callbacks: a plugin names registers (one, a group, or all) and is told when one
//! of them takes a new value, with the old and new values, the instruction that made the change
//! and the vCPU. Nothing polls:
//!
//! - At translation the host asks the decoder which registers each instruction may write
//!   ([`RegMap::written_by`]); a block ends after every instruction that may write a watched
//!   register ([`Instrumenter::split_after`](rivet_core::hooks::Instrumenter::split_after)), and a
//!   check runs after that instruction only, as a block-exit hook. The rest of the code runs
//!   uninstrumented (compiled when hot).
//! - The check compares the candidates' values with the vCPU's last known ones and calls back
//!   only for those that differ, so "may write" never becomes a false report.
//! - Changes made outside instructions (trap entry and return, interrupts, a syscall's result,
//!   signal delivery) are found by [`Host::resync`](crate::Host::resync), which environments call
//!   after every exit from the engine; they are reported with the pc the exit was at.
//!
//! Last known values live in a per-vCPU [`Scoreboard`] element, so checks on different vCPUs share
//! nothing mutable.

use crate::context::{self, RegAccess};
use crate::PluginId;
use rivet_core::hooks::Scoreboard;
use rivet_core::regs::{RegMap, RegSet};
use rivet_core::{CpuModel, GuestMemory, Hart};
use std::sync::{Arc, RwLock};

/// One change of one register.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegChange {
    /// The vCPU.
    pub vcpu: u32,
    /// Index of its CPU model (handles and register indices are per model).
    pub model: u32,
    /// The register's index in the model's map.
    pub reg: usize,
    /// Its value before.
    pub old: u64,
    /// Its value now.
    pub new: u64,
    /// The instruction that made the change (for changes made by a trap, an interrupt or the
    /// environment: the pc the vCPU was at when it left the engine).
    pub pc: u64,
    /// Instructions the vCPU had retired when the change was seen: changes with equal `pc` and
    /// `instret` come from one execution of one instruction.
    pub instret: u64,
}

/// A register-change callback: the changes one instruction (or one exit from the engine) made,
/// in register-list order. One call per instruction rather than per register keeps the cost of
/// a change close to the cost of formatting it.
pub type RegChangeFn = Arc<dyn Fn(&[RegChange]) + Send + Sync>;

/// Error of a watch request.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WatchError {
    /// A name that is no register, group or `*`.
    #[error("no register or register group is called `{0}`")]
    UnknownName(String),
    /// Nothing to watch.
    #[error("no register named")]
    Empty,
}

/// What a watch covers (register names, group names, `*`), resolved per model.
#[derive(Clone, Debug)]
pub(crate) struct Spec(Vec<String>);

impl Spec {
    /// Whether `pattern` selects register `r`: rivet-plugin's rule, which its plugins apply too.
    fn selects(pattern: &str, r: &rivet_core::regs::RegDesc) -> bool {
        rivet_plugin::selects(pattern, r.name, r.feature)
    }

    /// Checks every name against the largest model (a name some model has is accepted).
    pub(crate) fn new(names: Vec<String>) -> Result<Spec, WatchError> {
        if names.is_empty() {
            return Err(WatchError::Empty);
        }
        let universe = RegMap::for_system_model(true);
        for n in &names {
            if !universe.regs().iter().any(|r| Spec::selects(n, r)) {
                return Err(WatchError::UnknownName(n.clone()));
            }
        }
        Ok(Spec(names))
    }

    pub(crate) fn resolve(&self, map: &RegMap) -> RegSet {
        let mut s = RegSet::EMPTY;
        for (i, r) in map.regs().iter().enumerate() {
            if self.0.iter().any(|n| Spec::selects(n, r)) {
                s.insert(i);
            }
        }
        s
    }
}

/// Bytes of a vCPU's shadow element: an "initialised" word, then one word per register index.
const SHADOW_WORDS: usize = 1 + RegSet::CAPACITY;

/// One plugin's watch.
pub(crate) struct Watch {
    pub(crate) plugin: PluginId,
    spec: Spec,
    f: RegChangeFn,
    /// Resolved sets, by model index.
    sets: RwLock<Vec<Option<RegSet>>>,
    /// Last known values per vCPU.
    shadow: Scoreboard,
}

impl Watch {
    pub(crate) fn new(plugin: PluginId, names: Vec<String>, f: RegChangeFn) -> Result<Watch, WatchError> {
        let spec = Spec::new(names)?;
        let shadow = Scoreboard::new(SHADOW_WORDS * 8).ok_or(WatchError::Empty)?;
        Ok(Watch { plugin, spec, f, sets: RwLock::new(Vec::new()), shadow })
    }

    /// The watched registers of `model`.
    pub(crate) fn set(&self, model: &CpuModel) -> RegSet {
        let i = model.index as usize;
        if let Some(Some(s)) = self.sets.read().unwrap_or_else(|e| e.into_inner()).get(i) {
            return *s;
        }
        let s = self.spec.resolve(&model.regs);
        let mut sets = self.sets.write().unwrap_or_else(|e| e.into_inner());
        if sets.len() <= i {
            sets.resize(i + 1, None);
        }
        sets[i] = Some(s);
        s
    }

    /// Records the current values of `hart`'s watched registers without reporting anything
    /// (a vCPU starting, or a watch added while it runs).
    pub(crate) fn init(&self, hart: &Hart) {
        let vcpu = hart.vcpu_index as usize;
        for idx in self.set(&hart.model).iter() {
            let v = hart.model.regs.read(hart, idx).unwrap_or(0);
            self.shadow.set_u64(vcpu, 8 + idx * 8, v);
        }
        self.shadow.set_u64(vcpu, 0, 1);
    }

    /// Compares registers `regs` of `hart` with their last known values and reports each one that
    /// changed, as made by the instruction at `pc`.
    pub(crate) fn check(&self, hart: &mut Hart, mem: &GuestMemory, regs: &RegSet, pc: u64) {
        let vcpu = hart.vcpu_index as usize;
        if self.shadow.get_u64(vcpu, 0) == 0 {
            // A vCPU this watch has not seen yet: its values now are the baseline.
            self.init(hart);
            return;
        }
        // Batched: an instruction changes a handful of registers (a trap sometimes more, which
        // spill to the heap). A small array on the stack: a thread-local buffer cost a
        // store-forwarding stall on every check.
        let mut inline = [RegChange::default(); INLINE];
        let mut n = 0;
        let mut spill = Vec::new();
        let (model, instret) = (hart.model.index, hart.instret);
        for idx in regs.iter() {
            let Some(new) = hart.model.regs.read(hart, idx) else { continue };
            let off = 8 + idx * 8;
            let old = self.shadow.get_u64(vcpu, off);
            if old != new {
                self.shadow.set_u64(vcpu, off, new);
                let c = RegChange { vcpu: vcpu as u32, model, reg: idx, old, new, pc, instret };
                if n < INLINE {
                    inline[n] = c;
                    n += 1;
                } else {
                    if spill.is_empty() {
                        spill.extend_from_slice(&inline);
                    }
                    spill.push(c);
                }
            }
        }
        if n > 0 {
            self.report(hart, mem, if spill.is_empty() { &inline[..n] } else { &spill });
        }
    }

    fn report(&self, hart: &mut Hart, mem: &GuestMemory, changes: &[RegChange]) {
        // Change callbacks may read registers, not write them: what they see is what they were
        // told.
        context::enter(hart, mem, RegAccess::Read, self.plugin, || (self.f)(changes));
    }
}

/// Changes a check batches on the stack.
const INLINE: usize = 4;

/// The watches of a host.
#[derive(Default)]
pub(crate) struct Watches {
    list: RwLock<Vec<Arc<Watch>>>,
}

impl Watches {
    pub(crate) fn add(&self, w: Watch) -> Arc<Watch> {
        let w = Arc::new(w);
        self.list.write().unwrap_or_else(|e| e.into_inner()).push(w.clone());
        w
    }

    pub(crate) fn remove_plugin(&self, id: PluginId) {
        self.list.write().unwrap_or_else(|e| e.into_inner()).retain(|w| w.plugin != id);
    }

    pub(crate) fn all(&self) -> Vec<Arc<Watch>> {
        self.list.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.read().unwrap_or_else(|e| e.into_inner()).is_empty()
    }

    /// The union of every watch's registers for `model`.
    pub(crate) fn union(&self, model: &CpuModel) -> RegSet {
        self.all().iter().fold(RegSet::EMPTY, |acc, w| acc.or(&w.set(model)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rivet_core::regs::feature;

    #[test]
    fn names_groups_and_all() {
        let map = RegMap::for_system_model(true);
        let n = |names: &[&str]| Spec::new(names.iter().map(|s| s.to_string()).collect());
        assert_eq!(n(&[]).unwrap_err(), WatchError::Empty);
        assert_eq!(n(&["sp", "nope"]).unwrap_err(), WatchError::UnknownName("nope".into()));
        assert_eq!(n(&["sp"]).unwrap().resolve(&map).iter().collect::<Vec<_>>(), [2]);
        // The FPU group: f0..f31 (fflags, frm and fcsr are CSRs in GDB's description).
        let fpu = n(&["fpu"]).unwrap().resolve(&map);
        assert_eq!(fpu, n(&["org.gnu.gdb.riscv.fpu"]).unwrap().resolve(&map));
        assert!(fpu.iter().all(|i| map.regs()[i].feature == feature::FPU));
        assert_eq!(fpu.iter().count(), map.regs().iter().filter(|r| r.feature == feature::FPU).count());
        assert_eq!(n(&["*"]).unwrap().resolve(&map).iter().count(), map.len());
        // A model without the FPU simply has none of them.
        let imac = RegMap::for_system_model(false);
        assert!(n(&["ft0"]).unwrap().resolve(&imac).is_empty());
    }

    #[test]
    fn written_by_names_the_destinations() {
        let map = RegMap::for_model(true);
        let names = |s: RegSet| s.iter().map(|i| map.regs()[i].name).collect::<Vec<_>>();
        // addi sp, sp, -16: sp and pc, and the counters that move with every instruction.
        let w = names(map.written_by(&rivet_isa::decode(0xff010113)));
        assert!(w.contains(&"sp") && w.contains(&"pc") && w.contains(&"instret"), "{w:?}");
        assert!(!w.contains(&"ra") && !w.contains(&"fflags"), "{w:?}");
        // fadd.d fa0, fa0, fa1 (dynamic rounding): fa0, fflags and fcsr.
        let w = names(map.written_by(&rivet_isa::decode(0x02b57553)));
        assert!(w.contains(&"fa0") && w.contains(&"fflags") && w.contains(&"fcsr"), "{w:?}");
        // csrw frm, a0: every CSR is a candidate (side effects).
        let w = names(map.written_by(&rivet_isa::decode(0x00251073)));
        assert!(w.contains(&"frm") && w.contains(&"fcsr") && w.contains(&"fflags"), "{w:?}");
    }
}
