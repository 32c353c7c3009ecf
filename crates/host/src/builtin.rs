//! Plugins compiled into rivet, selected with `-plugin NAME[,key=value...]` where NAME is not a
//! file. They use the host's Rust interface directly: hooks are closures that get the vCPU's
//! state by reference (no C call, no copy, no context switch), which is what makes them cheap.
//!
//! - `regwatch`: watches registers (default: the `cpu` and `fpu` groups, 65 on rv64gc) and counts
//!   their changes. `mode=poll` reads every watched register before every instruction and
//!   compares it with the last value, as a polling tracer does (the same work as
//!   `bench/plugins/regwatch.c mode=watch`, natively); `mode=changes` (default) asks the host for
//!   change callbacks instead. Prints `regwatch: N registers, M changes` at exit.

use crate::context;
use crate::host::Host;
use crate::watch::{RegChange, Spec};
use crate::{PluginId, Register};
use rivet_core::hooks::{Action, HookCtx, Scoreboard};
use rivet_core::regs::{RegMap, RegSet, NOT_PLAIN};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Where a built-in plugin's text goes (stderr, or the `-D` log with `-d plugin`).
pub type Output = Arc<dyn Fn(&str) + Send + Sync>;

/// Names of the built-in plugins.
pub const NAMES: &[&str] = &["regwatch"];

/// Whether `-plugin NAME` names a built-in plugin.
pub fn exists(name: &str) -> bool {
    NAMES.contains(&name)
}

/// Installs built-in plugin `name` with its `key=value` arguments.
pub fn install(host: &Arc<Host>, name: &str, args: &[String], out: Output) -> Result<PluginId, String> {
    match name {
        "regwatch" => regwatch(host, args, out),
        _ => Err(format!("no built-in plugin is called {name} (built-ins: {})", NAMES.join(", "))),
    }
}

/// The newest C API version: built-ins follow its rules.
const NATIVE_VERSION: u32 = 7;

fn regwatch(host: &Arc<Host>, args: &[String], out: Output) -> Result<PluginId, String> {
    let mut names = Vec::new();
    let mut poll = false;
    for a in args {
        match a.split_once('=') {
            Some(("reg", v)) => names.push(v.to_string()),
            Some(("mode", "poll")) => poll = true,
            Some(("mode", "changes")) => poll = false,
            _ => return Err(format!("regwatch: unknown option {a} (reg=NAME|GROUP|*, mode=poll|changes)")),
        }
    }
    if names.is_empty() {
        names = vec!["cpu".into(), "fpu".into()];
    }
    let id = host.add_plugin("regwatch".into(), NATIVE_VERSION);
    let changes = Arc::new(AtomicU64::new(0));
    let nregs = Arc::new(AtomicU64::new(0));
    let spec = Arc::new(Spec::new(names.clone()).map_err(|e| format!("regwatch: {e}"))?);
    {
        let (spec, n) = (spec.clone(), nregs.clone());
        host.register(
            id,
            Register::VcpuInit(Arc::new(move |_| {
                if let Some(k) = context::with_current(|h, _, _| spec.resolve(&h.model.regs).iter().count()) {
                    n.store(k as u64, Ordering::Relaxed);
                }
            })),
        );
    }
    if poll {
        let last = Arc::new(Scoreboard::new(8 * RegSet::CAPACITY).ok_or("regwatch: no memory")?);
        let c = changes.clone();
        host.register(
            id,
            Register::TbTrans(Arc::new(move |tb| {
                // The registers of the translating vCPU's model, resolved once per block.
                // Plain registers (x, f, pc) are read as words of the hart at their offsets.
                let Some(regs) = context::with_current(|h, _, _| {
                    let map = &h.model.regs;
                    spec.resolve(map).iter().map(|i| (i, map.plain(i))).collect::<Arc<[(usize, u16)]>>()
                }) else {
                    return;
                };
                // The usual case, only x, f and pc: word indices into the hart's register words.
                let words: Option<Arc<[u16]>> = regs
                    .iter()
                    .all(|&(_, off)| off != NOT_PLAIN)
                    .then(|| regs.iter().map(|&(_, off)| off / 8).collect());
                for i in 0..tb.insns.len() {
                    let (regs, words, last, c) = (regs.clone(), words.clone(), last.clone(), c.clone());
                    tb.before_insn(
                        i,
                        Action::Call(Arc::new(move |ctx: &mut HookCtx| {
                            let (hart, vcpu) = (&*ctx.hart, ctx.hart.vcpu_index as usize);
                            let map: &RegMap = &hart.model.regs;
                            let Some(last) = last.u64_cells(vcpu) else { return };
                            let mut changed = 0;
                            if let Some(words) = &words {
                                let now = hart.words();
                                for (&w, cell) in words.iter().zip(last) {
                                    let v = now.get(w as usize).copied().unwrap_or(0);
                                    if cell.load(Ordering::Relaxed) != v {
                                        cell.store(v, Ordering::Relaxed);
                                        changed += 1;
                                    }
                                }
                                c.fetch_add(changed, Ordering::Relaxed);
                                return;
                            }
                            for (&(idx, off), cell) in regs.iter().zip(last) {
                                let v =
                                    if off != NOT_PLAIN { hart.word_at(off) } else { map.read(hart, idx).unwrap_or(0) };
                                if cell.load(Ordering::Relaxed) != v {
                                    cell.store(v, Ordering::Relaxed);
                                    changed += 1;
                                }
                            }
                            c.fetch_add(changed, Ordering::Relaxed);
                        })),
                    );
                }
            })),
        );
    } else {
        let c = changes.clone();
        host.watch_registers(
            id,
            names.clone(),
            Arc::new(move |_: &RegChange| {
                c.fetch_add(1, Ordering::Relaxed);
            }),
        )
        .map_err(|e| format!("regwatch: {e}"))?;
    }
    let mode = if poll { "poll" } else { "changes" };
    host.register(
        id,
        Register::Atexit(Arc::new(move || {
            out(&format!(
                "regwatch: {} registers, {} changes ({mode})\n",
                nregs.load(Ordering::Relaxed),
                changes.load(Ordering::Relaxed)
            ))
        })),
    );
    Ok(id)
}
