//! `regtrace`: every change of the watched registers, as rivet's change callbacks report them
//! (nothing polls). The text format is QEMU execlog's, without its memory-access columns: one
//! line per executed instruction that changed something,
//!
//! ```text
//! VCPU, 0xPC, 0xOPCODE, "DISASSEMBLY", REG -> 0xVALUE[, REG -> 0xVALUE]...
//! ```
//!
//! or with `format=json` one object per change:
//! `{"vcpu":0,"pc":"0x80000010","reg":"a0","old":"0x1","new":"0xb"}`.
//!
//! Changes made by a trap, an interrupt or the environment (a syscall's result) are reported
//! with the pc the vCPU was at then. The same output as `plugins/regtrace.c` through the C ABI.
//!
//! Options: `reg=NAME|GROUP|*` (repeatable; default `cpu` and `fpu`), `format=text|json`,
//! `outfile=PATH` (default: the plugin output, stderr or the `-D` log).

use crate::out::{dec, hex, hex16, Sink, DRAIN_AT};
use rivet_plugin::{Block, Install, Plugin, RegChange, Vcpu};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, RwLock};

/// The plugin.
pub struct RegTrace {
    json: bool,
    sink: Sink,
    /// pc -> `, 0xOPCODE, "DISASSEMBLY"` of every instruction translated so far.
    insns: RwLock<PcMap<Arc<[u8]>>>,
}

/// A vCPU's output: its buffer, the line being built and its own caches of what starts a line.
#[derive(Default)]
pub struct Lines {
    buf: Vec<u8>,
    /// Whether `buf` ends with an unfinished line, for the instruction at (`pc`, `instret`).
    open: bool,
    pc: u64,
    instret: u64,
    /// Recently printed instructions, direct-mapped by pc: (pc, `VCPU, 0xPC, 0xOPCODE, "TEXT"`).
    recent: Vec<(u64, Arc<[u8]>)>,
    /// Every instruction this vCPU printed (no lock on the way).
    starts: PcMap<Arc<[u8]>>,
    /// `, NAME -> 0x` by register index, padded (see [`Label`]).
    labels: Vec<Label>,
}

/// Slots of [`Lines::recent`]: a loop's instructions stay in it, a miss costs a hash lookup.
const RECENT: usize = 2048;

/// A register's `, NAME -> 0x`, padded to a fixed size so that appending it is a fixed-size copy
/// and a truncation rather than a call to `memcpy`. `len` 0: too long to pad.
#[derive(Clone, Copy)]
struct Label {
    text: [u8; 32],
    len: u8,
}

type PcMap<V> = HashMap<u64, V, BuildHasherDefault<PcHasher>>;

/// Addresses are already well spread: one multiply is hash enough.
#[derive(Default)]
pub struct PcHasher(u64);

impl Hasher for PcHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl Plugin for RegTrace {
    type State = Lines;

    fn new(install: &mut Install) -> Result<Self, String> {
        let mut regs: Vec<String> = Vec::new();
        let mut json = false;
        let mut outfile = None;
        for a in install.args().to_vec() {
            match a.split_once('=') {
                Some(("reg", r)) => regs.push(r.to_string()),
                Some(("format", "json")) => json = true,
                Some(("format", "text")) => json = false,
                Some(("outfile", p)) => outfile = Some(p.to_string()),
                _ => {
                    return Err(format!(
                        "regtrace: unknown option {a} (reg=NAME|GROUP|*, format=text|json, outfile=PATH)"
                    ))
                }
            }
        }
        if regs.is_empty() {
            regs = vec!["cpu".into(), "fpu".into()];
        }
        install.watch(&regs);
        let sink = Sink::open(install.host(), outfile.as_deref(), "regtrace")?;
        Ok(RegTrace { json, sink, insns: RwLock::new(PcMap::default()) })
    }

    fn translate(&self, block: &mut Block<'_, Self>) {
        if self.json {
            return;
        }
        let known = {
            let map = self.insns.read().unwrap_or_else(|e| e.into_inner());
            block.insns().all(|i| map.contains_key(&i.vaddr()))
        };
        if known {
            return;
        }
        let mut map = self.insns.write().unwrap_or_else(|e| e.into_inner());
        for i in block.insns() {
            map.entry(i.vaddr()).or_insert_with(|| {
                // execlog copies the instruction's bytes into a 32-bit word: compressed ones
                // print as their 16 bits.
                let op = i.bytes().iter().rev().fold(0u32, |acc, &b| acc << 8 | b as u32);
                format!(", 0x{op:x}, \"{}\"", i.disas()).into_bytes().into()
            });
        }
    }

    fn reg_changes(&self, vcpu: &mut Vcpu<'_, Lines>, changes: &[RegChange]) {
        let index = vcpu.index() as u64;
        if self.json {
            let b = &mut vcpu.state.buf;
            for c in changes {
                b.extend_from_slice(b"{\"vcpu\":");
                dec(b, index);
                b.extend_from_slice(b",\"pc\":\"0x");
                hex(b, c.pc);
                b.extend_from_slice(b"\",\"reg\":\"");
                b.extend_from_slice(c.reg.name().as_bytes());
                b.extend_from_slice(b"\",\"old\":\"0x");
                hex(b, c.old);
                b.extend_from_slice(b"\",\"new\":\"0x");
                hex(b, c.new);
                b.extend_from_slice(b"\"}\n");
            }
            if b.len() >= DRAIN_AT {
                self.sink.drain(b);
            }
            return;
        }
        let Some(first) = changes.first() else { return };
        if vcpu.state.labels.is_empty() {
            vcpu.state.labels = vcpu.registers().map(|r| Label::new(r.name())).collect();
        }
        let lines = &mut *vcpu.state;
        // Changes a trap made after its instruction's own (same pc, same count) continue the line,
        // as they do in execlog, which prints per instruction.
        if !lines.open || lines.pc != first.pc || lines.instret != first.instret {
            if lines.open {
                lines.buf.push(b'\n');
            }
            if lines.buf.len() >= DRAIN_AT {
                self.sink.drain(&mut lines.buf);
            }
            self.start_line(lines, index, first.pc);
            (lines.open, lines.pc, lines.instret) = (true, first.pc, first.instret);
        }
        let b = &mut lines.buf;
        for c in changes {
            match lines.labels.get(c.reg.index()) {
                Some(l) if l.len != 0 => {
                    b.extend_from_slice(&l.text);
                    b.truncate(b.len() - l.text.len() + l.len as usize);
                }
                _ => {
                    b.extend_from_slice(b", ");
                    b.extend_from_slice(c.reg.name().as_bytes());
                    b.extend_from_slice(b" -> 0x");
                }
            }
            hex16(b, c.new);
        }
    }

    fn exit(&self, vcpus: Vec<Lines>) {
        for mut l in vcpus {
            if l.open {
                l.buf.push(b'\n');
            }
            self.sink.drain(&mut l.buf);
        }
        self.sink.finish();
    }
}

impl RegTrace {
    /// Appends `VCPU, 0xPC, 0xOPCODE, "TEXT"` for the instruction at `pc`.
    fn start_line(&self, lines: &mut Lines, index: u64, pc: u64) {
        if lines.recent.is_empty() {
            lines.recent = vec![(u64::MAX, Arc::from(&b""[..])); RECENT];
        }
        // Instructions are 2-byte aligned.
        let slot = (pc >> 1) as usize % RECENT;
        if lines.recent[slot].0 != pc {
            let start = match lines.starts.entry(pc) {
                Entry::Occupied(e) => e.get().clone(),
                Entry::Vacant(e) => {
                    let tail = self.insns.read().unwrap_or_else(|e| e.into_inner()).get(&pc).cloned();
                    let mut start = Vec::new();
                    dec(&mut start, index);
                    start.extend_from_slice(b", 0x");
                    hex(&mut start, pc);
                    match tail {
                        Some(t) => {
                            start.extend_from_slice(&t);
                            e.insert(start.into()).clone()
                        }
                        // Not translated (yet): a change at reset or a trap. Not cached, so the
                        // instruction is named once it has been translated.
                        None => {
                            start.extend_from_slice(b", 0x0, \"?\"");
                            lines.buf.extend_from_slice(&start);
                            return;
                        }
                    }
                }
            };
            lines.recent[slot] = (pc, start);
        }
        lines.buf.extend_from_slice(&lines.recent[slot].1);
    }
}

impl Label {
    fn new(name: &str) -> Label {
        let mut text = [0u8; 32];
        let label = format!(", {name} -> 0x");
        match text.get_mut(..label.len()) {
            Some(t) => {
                t.copy_from_slice(label.as_bytes());
                Label { text, len: label.len() as u8 }
            }
            None => Label { text, len: 0 },
        }
    }
}
