//! Compares the decoder and disassembler with GNU objdump on a large set of encodings: every
//! 16-bit halfword, every CSR instruction form for every CSR number, sweeps of the function fields
//! of each major opcode, and many thousands of seeded random 32-bit words.
//!
//! objdump is run as `riscv64-linux-gnu-objdump -D -z -b binary -m riscv:rv64 --adjust-vma=<base>`. With a raw binary
//! there are no ELF attributes, and binutils 2.40 then disassembles for its default architecture,
//! `rv64gc` (which implies Zicsr and Zifencei); it has no `-M march=` option. So objdump knows
//! exactly RV64GC plus the privileged instructions, which keeps the comparison simple. `-z` stops
//! it from eliding runs of zero words.
//!
//! objdump's disassembler is stateful in one respect: after `lui`/`auipc` (and `c.lui`) it
//! remembers the register's value and annotates a later use of it as a base with `# <address>`.
//! Ours sees one instruction at a time, so each binary puts those instructions last, where no
//! later instruction can consume them.
//!
//! Known, deliberate differences (see `disasm.rs`) are listed in [`deviation`]; anything else fails
//! the test. The test is skipped, with a notice, when objdump is not installed.

use rivet_isa::{decode, Opcode};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

const OBJDUMP: &str = "riscv64-linux-gnu-objdump";

fn objdump_available() -> bool {
    match Command::new(OBJDUMP).arg("--version").output() {
        Ok(o) if o.status.success() => true,
        _ => {
            eprintln!("NOTICE: {OBJDUMP} not found; skipping the objdump comparison");
            false
        }
    }
}

/// SplitMix64: a small deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn word(&mut self) -> u32 {
        self.next() as u32
    }
}

/// Whether objdump's disassembler would record a `lui`/`auipc`/`c.lui` result (see module docs).
fn sets_hi_addr(len: usize, w: u32) -> bool {
    if len == 2 {
        w & 0xe003 == 0x6001
    } else {
        matches!(w & 0x7f, 0x37 | 0x17)
    }
}

static FILE_SEQ: AtomicUsize = AtomicUsize::new(0);

/// Disassembles `words` (each `len` bytes) with objdump; returns the text after the hex bytes of
/// each, keyed by address.
fn objdump(len: usize, words: &[u32], base: u64) -> HashMap<u64, String> {
    let mut bytes = Vec::with_capacity(words.len() * len);
    for &w in words {
        bytes.extend_from_slice(&w.to_le_bytes()[..len]);
    }
    let path: PathBuf = std::env::temp_dir().join(format!(
        "rivet-isa-objdump-{}-{}.bin",
        std::process::id(),
        FILE_SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, &bytes).unwrap();
    let out = Command::new(OBJDUMP)
        .args(["-D", "-z", "-b", "binary", "-m", "riscv:rv64"])
        .arg(format!("--adjust-vma={base:#x}"))
        .arg(&path)
        .output()
        .expect("run objdump");
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "objdump failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut map = HashMap::new();
    for line in text.lines() {
        // "   1c:\t0100000f          \tfence\tw,unknown"
        let mut parts = line.splitn(3, '\t');
        let (Some(addr), Some(_hex), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Some(addr) = addr.trim().strip_suffix(':') else {
            continue;
        };
        let Ok(addr) = u64::from_str_radix(addr, 16) else {
            continue;
        };
        map.insert(addr, rest.to_string());
    }
    map
}

/// A known difference between objdump 2.40 and us, or `None`. Returns a description used to count
/// them.
fn deviation(len: usize, w: u32, ours: Opcode, theirs: &str) -> Option<&'static str> {
    let objdump_illegal = theirs.starts_with(".4byte") || theirs.starts_with(".2byte");
    if len == 2 {
        // c.addi16sp with nzimm = 0 is reserved; objdump decodes it.
        if w == 0x6101 && ours == Opcode::Illegal && theirs == "add\tsp,sp,0" {
            return Some("c.addi16sp 0 (reserved)");
        }
        return None;
    }
    if w == 0x0100_000f && ours == Opcode::Pause && theirs == "fence\tw,unknown" {
        return Some("pause");
    }
    // Instructions of older privileged specs and the debug spec, not part of RV64GC + the
    // privileged instructions rivet implements.
    if ours == Opcode::Illegal && ["uret", "hret", "dret", "sfence.vm"].contains(&theirs.split('\t').next().unwrap()) {
        return Some("non-RV64GC privileged instruction");
    }
    if objdump_illegal {
        match ours {
            // Reserved fence fields are ignored by the ISA; objdump rejects them.
            Opcode::Fence | Opcode::FenceTso | Opcode::FenceI => return Some("fence reserved fields"),
            // Exact conversions with rm != 0 are valid; objdump only knows rm = 0.
            Opcode::FcvtDS | Opcode::FcvtDW | Opcode::FcvtDWu if (w >> 12) & 7 != 0 => {
                return Some("fcvt.d.* with rm != 0")
            }
            _ => {}
        }
    }
    None
}

#[derive(Default)]
struct Report {
    compared: usize,
    deviations: HashMap<&'static str, usize>,
    failures: Vec<String>,
}

impl Report {
    fn check(&mut self, len: usize, words: &[u32], base: u64) {
        // Stateful objdump annotations: put their producers last.
        let (mut order, last): (Vec<u32>, Vec<u32>) = words.iter().partition(|&&w| !sets_hi_addr(len, w));
        order.extend(last);
        let theirs = objdump(len, &order, base);
        for (i, &w) in order.iter().enumerate() {
            let pc = base + (i * len) as u64;
            let insn = decode(w);
            assert_eq!(insn.len as usize, len, "length of {w:#x}");
            let ours = insn.disasm(pc);
            let Some(t) = theirs.get(&pc) else {
                self.failures.push(format!("{w:#010x} @{pc:#x}: no objdump line (ours: {ours})"));
                continue;
            };
            self.compared += 1;
            if ours == *t {
                continue;
            }
            if let Some(kind) = deviation(len, w, insn.op, t) {
                *self.deviations.entry(kind).or_default() += 1;
                continue;
            }
            self.failures.push(format!("{w:#010x} @{pc:#x}: objdump `{t}`, ours `{ours}`"));
        }
    }

    fn finish(self, what: &str) {
        eprintln!("{what}: {} encodings compared, deviations {:?}", self.compared, self.deviations);
        if !self.failures.is_empty() {
            for f in self.failures.iter().take(60) {
                eprintln!("  {f}");
            }
            panic!("{what}: {} mismatches with objdump", self.failures.len());
        }
    }
}

/// Words with bits [4:0] = 11111 are 48-bit-or-longer encodings to objdump; leave them out of the
/// 32-bit streams (they are all illegal for us; see the unit tests).
fn is_32bit(w: u32) -> bool {
    w & 3 == 3 && w & 0x1f != 0x1f
}

#[test]
fn compressed_exhaustive() {
    if !objdump_available() {
        return;
    }
    let words: Vec<u32> = (0..=0xffffu32).filter(|h| h & 3 != 3).collect();
    let mut r = Report::default();
    r.check(2, &words, 0x1_0000);
    r.finish("16-bit");
}

#[test]
fn csr_all_numbers() {
    if !objdump_available() {
        return;
    }
    let mut words = Vec::new();
    for csr in 0..4096u32 {
        for f3 in [1, 2, 3, 5, 6, 7] {
            for (rd, rs1) in [(0, 0), (0, 11), (10, 0), (10, 11), (5, 31)] {
                words.push(csr << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x73);
            }
        }
    }
    let mut r = Report::default();
    r.check(4, &words, 0x8000_0000);
    r.finish("csr");
}

#[test]
fn major_opcode_sweeps() {
    if !objdump_available() {
        return;
    }
    let mut rng = Rng(0x5eed_0001);
    let mut words = Vec::new();
    // Every major opcode (bits 6:0 with low bits 11, excluding longer encodings), with random
    // remaining bits, and every funct3 x funct7 combination with random registers.
    for op in (0..128u32).filter(|&o| is_32bit(o)) {
        for _ in 0..600 {
            words.push(rng.word() & !0x7f | op);
        }
        for f7 in 0..128u32 {
            for f3 in 0..8u32 {
                let regs = rng.word() & 0x000f_8f80; // rs1, rd
                let rs2 = match rng.next() % 4 {
                    0 => 0,
                    1 => 1,
                    _ => (rng.next() % 32) as u32,
                };
                words.push(f7 << 25 | rs2 << 20 | regs | f3 << 12 | op);
            }
        }
    }
    // OP-FP: every funct7 x rs2 x rm, since rs2 selects the operation for conversions.
    for f7 in 0..128u32 {
        for rs2 in 0..32u32 {
            for rm in 0..8u32 {
                words.push(f7 << 25 | rs2 << 20 | 11 << 15 | rm << 12 | 10 << 7 | 0x53);
            }
        }
    }
    // SYSTEM with funct3 = 0: every funct12 with rs1 = rd = 0, and with non-zero registers.
    for f12 in 0..4096u32 {
        words.push(f12 << 20 | 0x73);
        words.push(f12 << 20 | 10 << 15 | 0x73);
        words.push(f12 << 20 | 10 << 7 | 0x73);
        words.push(f12 << 20 | 4 << 12 | 0x73);
    }
    // MISC-MEM: every fm/pred/succ, with and without the reserved fields, and every funct3.
    for f12 in 0..4096u32 {
        words.push(f12 << 20 | 0x0f);
        words.push(f12 << 20 | 0x100f);
        if f12 % 7 == 0 {
            words.push(f12 << 20 | 3 << 15 | 0x0f);
            words.push(f12 << 20 | 3 << 7 | 0x0f);
            words.push(f12 << 20 | 3 << 15 | 0x100f);
        }
    }
    for f3 in 2..8u32 {
        words.push(f3 << 12 | 0x0f);
    }
    // Fused multiply-add: every fmt and rm.
    for op in [0x43u32, 0x47, 0x4b, 0x4f] {
        for fmt in 0..4u32 {
            for rm in 0..8u32 {
                words.push(13 << 27 | fmt << 25 | 12 << 20 | 11 << 15 | rm << 12 | 10 << 7 | op);
            }
        }
    }
    // AMOs: every funct5, aq/rl, width, with rs2 zero and not.
    for f5 in 0..32u32 {
        for aqrl in 0..4u32 {
            for f3 in 0..8u32 {
                for rs2 in [0u32, 12] {
                    words.push(f5 << 27 | aqrl << 25 | rs2 << 20 | 11 << 15 | f3 << 12 | 10 << 7 | 0x2f);
                }
            }
        }
    }
    let mut r = Report::default();
    r.check(4, &words, 0x4000);
    r.finish("sweeps");
}

/// Base registers zero and tp get `# 0x...` comments from objdump; check them with edge offsets.
#[test]
fn address_comments() {
    if !objdump_available() {
        return;
    }
    let mut words = Vec::new();
    let offsets: [i32; 8] = [0, 1, -1, -2, 2047, -2048, 16, -8];
    for base in [0u32, 4, 3, 10] {
        for &off in &offsets {
            let imm = (off as u32) & 0xfff;
            let i_imm = imm << 20;
            let s_imm = (imm >> 5) << 25 | (imm & 31) << 7;
            let rs1 = base << 15;
            for f3 in 0..7u32 {
                words.push(i_imm | rs1 | f3 << 12 | 10 << 7 | 0x03); // loads
            }
            for f3 in 0..4u32 {
                words.push(s_imm | 11 << 20 | rs1 | f3 << 12 | 0x23); // stores
            }
            for f3 in [2u32, 3] {
                words.push(i_imm | rs1 | f3 << 12 | 10 << 7 | 0x07);
                words.push(s_imm | 11 << 20 | rs1 | f3 << 12 | 0x27);
            }
            for f3 in [0u32, 2, 3, 4, 6, 7] {
                words.push(i_imm | rs1 | f3 << 12 | 10 << 7 | 0x13); // op-imm
            }
            words.push(i_imm | rs1 | 10 << 7 | 0x1b); // addiw
            for rd in [0u32, 1, 10] {
                words.push(i_imm | rs1 | rd << 7 | 0x67); // jalr
            }
        }
    }
    let mut r = Report::default();
    r.check(4, &words, 0x1000);
    r.finish("address comments");
}

/// Branches and jumps, including targets that wrap around the address space.
#[test]
fn branch_targets() {
    if !objdump_available() {
        return;
    }
    let mut rng = Rng(0x5eed_0002);
    let mut words = Vec::new();
    for _ in 0..4000 {
        let w = rng.word();
        words.push(w & !0x7f | 0x6f);
        words.push(w & !0x707f | 0x63);
        words.push(w & !0x707f | 0x63 | 0x5000);
    }
    let mut r = Report::default();
    r.check(4, &words, 0x100);
    r.finish("branches");
}

#[test]
fn random_words() {
    if !objdump_available() {
        return;
    }
    let mut rng = Rng(0x5eed_0003);
    // Bias towards the major opcodes RV64GC uses, where mismatches can hide.
    let ops: Vec<u32> = vec![
        0x03, 0x07, 0x0f, 0x13, 0x17, 0x1b, 0x23, 0x27, 0x2f, 0x33, 0x37, 0x3b, 0x43, 0x47, 0x4b, 0x4f, 0x53, 0x63,
        0x67, 0x6f, 0x73,
    ];
    let mut words = Vec::new();
    while words.len() < 150_000 {
        let w = rng.word() | 3;
        if !is_32bit(w) {
            continue;
        }
        words.push(w);
        let op = ops[(rng.next() % ops.len() as u64) as usize];
        words.push(rng.word() & !0x7f | op);
    }
    let mut r = Report::default();
    r.check(4, &words, 0x10_0000);
    r.finish("random");
}

/// Up to 64 random encodings of every opcode, each with variants that trigger objdump's aliases:
/// registers zeroed, set to ra/tp or made equal, immediates 0, 1, -1 and 255.
#[test]
fn every_opcode_with_alias_variants() {
    if !objdump_available() {
        return;
    }
    let majors = [
        0x03u32, 0x07, 0x0f, 0x13, 0x17, 0x1b, 0x23, 0x27, 0x2f, 0x33, 0x37, 0x3b, 0x43, 0x47, 0x4b, 0x4f, 0x53, 0x63,
        0x67, 0x6f, 0x73,
    ];
    let mut rng = Rng(0x5eed_0004);
    // One seed per (major, funct3, funct7, small rs2) reaches every operation, plus exact
    // encodings; seeds are then mutated in their operand fields.
    let mut seeds = vec![
        0x0000_0073,
        0x0010_0073,
        0x1020_0073,
        0x3020_0073,
        0x1050_0073,
        0x0100_000f,
        0x8330_000f,
        0x0000_100f,
        0x1200_0073,
        0xc000_1073,
    ];
    for &op in &majors {
        for f7 in 0..128u32 {
            for f3 in 0..8u32 {
                for rs2 in 0..4u32 {
                    seeds.push(f7 << 25 | rs2 << 20 | 11 << 15 | f3 << 12 | 10 << 7 | op);
                }
            }
        }
    }
    let mut per_op: HashMap<Opcode, Vec<u32>> = HashMap::new();
    let masks = [0x0000_0f80u32, 0x000f_8f80, 0x01ff_ff80, 0xffff_ff80, 0xf9ff_8f80];
    for w0 in seeds {
        let op = decode(w0).op;
        if per_op.get(&op).is_some_and(|v| v.len() >= 64) {
            continue;
        }
        for _ in 0..4 {
            let w = w0 ^ (rng.word() & masks[(rng.next() % masks.len() as u64) as usize]);
            let v = per_op.entry(op).or_default();
            if decode(w).op == op && v.len() < 64 {
                v.push(w);
            }
        }
    }
    let mut words = Vec::new();
    for op in Opcode::ALL {
        let samples = per_op.get(op).unwrap_or_else(|| panic!("no sample of {op:?}"));
        for &w in samples {
            let (rd, rs1, rs2) = (7 << 7, 31 << 15, 31 << 20);
            let mut variants = vec![w, w & !rd, w & !rs1, w & !rs2, w & !(rd | rs1 | rs2)];
            variants.push(w & !rd | 1 << 7);
            variants.push(w & !rs1 | 1 << 15);
            variants.push(w & !rs1 | 4 << 15);
            variants.push(w & !rs2 | ((w >> 15) & 31) << 20); // rs2 = rs1
            for imm in [0u32, 1, 0xfff, 0xff] {
                variants.push(w & 0x000f_ffff | imm << 20);
            }
            words.extend(variants.into_iter().filter(|&v| is_32bit(v)));
        }
    }
    let mut r = Report::default();
    r.check(4, &words, 0x2_0000);
    r.finish("per-opcode");
}
