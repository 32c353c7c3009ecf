//! `regwatch`: watches registers, counts their changes, and reports (or stops the run) when one
//! takes a given value or crosses a range.
//!
//! Options:
//! - `reg=NAME|GROUP|*`: what to watch (repeatable; default the `cpu` and `fpu` groups).
//! - `eq=V`: a hit is a watched register becoming `V` (decimal, or hex with `0x`; `-1` works).
//! - `range=LO:HI`: a hit is a watched register's value entering or leaving `[LO, HI]`.
//! - `stop=on`: end the run at the first hit (exit status `status=N`, default 0): every vCPU
//!   stops at the end of its current block, and exit callbacks (the counts) run as usual. Without it every hit is printed (up to `max=N`, default 100) and
//!   counted.
//! - `mode=poll`: instead of change callbacks, read every watched register before every
//!   instruction and compare with its last value, starting from zero (what a polling tracer
//!   such as `bench/plugins/regwatch.c` does; for comparisons).
//!
//! At exit: `regwatch: N registers, M changes[, K hits] (mode)`.

use crate::parse_u64;
use rivet_plugin::{Block, Host, Install, Plugin, Reg, RegChange, Selection, Vcpu};
use std::sync::atomic::{AtomicU64, Ordering};

/// The plugin.
pub struct RegWatch {
    host: Host,
    names: Vec<String>,
    cond: Cond,
    stop: Option<i32>,
    max_reports: u64,
    poll: bool,
    /// Registers watched (of the last vCPU model seen).
    nregs: AtomicU64,
    hits: AtomicU64,
}

/// When a change is a hit.
#[derive(Clone, Copy, Debug)]
enum Cond {
    Any,
    Eq(u64),
    Range(u64, u64),
}

impl Cond {
    fn hit(self, old: u64, new: u64) -> bool {
        match self {
            Cond::Any => false,
            Cond::Eq(v) => new == v && old != v,
            Cond::Range(lo, hi) => (lo..=hi).contains(&old) != (lo..=hi).contains(&new),
        }
    }
}

/// A vCPU's counts (and, polling, its registers, their last values and a buffer for the new).
#[derive(Default)]
pub struct Counts {
    changes: u64,
    regs: Option<Selection>,
    last: Vec<u64>,
    now: Vec<u64>,
}

impl Plugin for RegWatch {
    type State = Counts;

    fn new(install: &mut Install) -> Result<Self, String> {
        let mut names = Vec::new();
        let (mut cond, mut stop, mut status, mut max_reports, mut poll) = (Cond::Any, false, 0, 100, false);
        let num = |k: &str, v: &str| parse_u64(v).ok_or_else(|| format!("regwatch: {k}={v}: not a number"));
        for a in install.args().to_vec() {
            match a.split_once('=') {
                Some(("reg", v)) => names.push(v.to_string()),
                Some(("eq", v)) => cond = Cond::Eq(num("eq", v)?),
                Some(("range", v)) => {
                    let (lo, hi) = v.split_once(':').ok_or(format!("regwatch: range={v}: expected LO:HI"))?;
                    let (lo, hi) = (num("range", lo)?, num("range", hi)?);
                    if lo > hi {
                        return Err(format!("regwatch: range={v}: LO is above HI"));
                    }
                    cond = Cond::Range(lo, hi);
                }
                Some(("stop", _)) => stop = install.flag("stop", false).map_err(|e| format!("regwatch: {e}"))?,
                Some(("status", v)) => {
                    status = num("status", v)?;
                    if status > 255 {
                        return Err(format!("regwatch: status={v}: an exit status is 0 to 255"));
                    }
                }
                Some(("max", v)) => max_reports = num("max", v)?,
                Some(("mode", "poll")) => poll = true,
                Some(("mode", "changes")) => poll = false,
                _ => {
                    return Err(format!(
                        "regwatch: unknown option {a} (reg=NAME|GROUP|*, eq=V, range=LO:HI, stop=on, status=N, max=N, \
                         mode=poll|changes)"
                    ))
                }
            }
        }
        if names.is_empty() {
            names = vec!["cpu".into(), "fpu".into()];
        }
        if poll && !matches!(cond, Cond::Any) {
            return Err("regwatch: eq= and range= work with change callbacks, not mode=poll".into());
        }
        if !poll {
            install.watch(&names);
        }
        Ok(RegWatch {
            host: install.host(),
            names,
            cond,
            stop: stop.then_some(status as i32),
            max_reports,
            poll,
            nregs: AtomicU64::new(0),
            hits: AtomicU64::new(0),
        })
    }

    fn vcpu_init(&self, vcpu: &mut rivet_plugin::VcpuMut<'_, Counts>) {
        let regs: Vec<Reg> = vcpu.registers().filter(|r| self.selects(*r)).collect();
        // On a machine of several CPU models, the largest set.
        self.nregs.fetch_max(regs.len() as u64, Ordering::Relaxed);
        if self.poll {
            // Last values start at zero, as in bench/plugins/regwatch.c (the C polling plugin
            // the benchmark compares with): the first poll counts the registers that are not.
            vcpu.state.last = vec![0; regs.len()];
            vcpu.state.now = vec![0; regs.len()];
            vcpu.state.regs = Some(Selection::new(&regs));
        }
    }

    fn translate(&self, block: &mut Block<'_, Self>) {
        if !self.poll {
            return;
        }
        for i in 0..block.len() {
            block.on_exec(i, |_, vcpu| {
                let c = &mut *vcpu.state;
                let Some(sel) = &c.regs else { return };
                vcpu.view.read_selection(sel, &mut c.now);
                let mut changed = 0;
                for (v, last) in c.now.iter().zip(c.last.iter_mut()) {
                    changed += (*v != *last) as u64;
                    *last = *v;
                }
                c.changes += changed;
            });
        }
    }

    fn reg_change(&self, vcpu: &mut Vcpu<'_, Counts>, c: &RegChange) {
        vcpu.state.changes += 1;
        if !self.cond.hit(c.old, c.new) {
            return;
        }
        let n = self.hits.fetch_add(1, Ordering::Relaxed) + 1;
        if self.stop.is_some() && n > 1 {
            // The run is ending (the vCPUs finish their current blocks).
            return;
        }
        if n <= self.max_reports || self.stop.is_some() {
            self.host.out(&format!(
                "regwatch: vcpu {} pc {:#x}: {} = {:#x} (was {:#x}), instruction {}\n",
                vcpu.index(),
                c.pc,
                c.reg.name(),
                c.new,
                c.old,
                c.instret
            ));
        }
        if let Some(status) = self.stop {
            if n == 1 {
                self.host.out(&format!("regwatch: stopping the run (status {status})\n"));
                self.host.exit(status);
            }
        }
    }

    fn exit(&self, vcpus: Vec<Counts>) {
        self.summary(vcpus.iter().map(|c| c.changes).sum());
    }
}

impl RegWatch {
    /// Whether `r` is one of the watched registers (names as [`Install::watch`] takes them).
    fn selects(&self, r: Reg) -> bool {
        self.names.iter().any(|n| r.matches(n))
    }

    fn summary(&self, changes: u64) {
        let hits = match self.cond {
            Cond::Any => String::new(),
            _ => format!(", {} hits", self.hits.load(Ordering::Relaxed)),
        };
        let mode = if self.poll { "poll" } else { "changes" };
        self.host.out(&format!(
            "regwatch: {} registers, {changes} changes{hits} ({mode})\n",
            self.nregs.load(Ordering::Relaxed)
        ));
    }
}
