//! A test of the public API, run by scripts/native-plugin-tests: a `cdylib` plugin (no `unsafe`)
//! that reads and writes the vCPU through every route the API offers and prints one line per
//! check, `apitest: PASS name` or `apitest: FAIL name: details`, then at exit
//! `apitest: N passed, M failed` (a check that never ran counts as failed).
//!
//! In user mode it expects the guest tests/native/guest.S, whose markers (`addi x0, x0, N`) say
//! where to act; in system mode any image (the script runs a corpus image on two harts of
//! different CPU models, with `hetero=on`).
//!
//! Options (the script passes `flag=on,x=1,x=2` to test argument parsing):
//! - `fail=MSG`: `new` returns an error with MSG; `panic=install`: `new` panics;
//!   `panic=translate`: the first translation callback panics (rivet must report it and go on)
//! - `watch=NAME`: also watch NAME (an unknown name must make the install fail)
//! - `hetero=on`: the machine has two CPU models (check registers of one refused on the other)
//! - `traps=on`: the guest takes traps (system mode: check the discontinuity callbacks)
//! - `sym=NAME@ADDR`: the function symbol NAME starts at ADDR (hex): check `Insn::symbol` there
//! - `list=on`: print the register list
//!
//! Build: cargo build --release -p rivet-plugin --example apitest
#![forbid(unsafe_code)]

use rivet_plugin::{
    Block, Discontinuity, Error, Host, Insn, Install, MemAccess, MemFilter, Plugin, Reg, RegChange, Snapshot, Vcpu,
    VcpuMut,
};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// `addi x0, x0, n`: the guest's markers.
const fn marker(n: u32) -> u32 {
    n << 20 | 0x13
}
/// `sd t1, 0(t2)`: the store the memory callback watches.
const SD_T1_T2: u32 = 6 << 20 | 7 << 15 | 3 << 12 | 0x23;
/// `ld s4, 0(t0)`: the load of the word apitest wrote.
const LD_S4_T0: u32 = 5 << 15 | 3 << 12 | 20 << 7 | 0x03;

const A1: u64 = 0x0123_4567_89ab_cdef;
const T1: u64 = 0x1234_5678_9abc_def0;
const PID: i64 = 12345;

/// Checks every user-mode run must have made.
const USER_CHECKS: &[&str] = &[
    "args",
    "info",
    "register list",
    "register lookup",
    "vcpu_init reads",
    "write then read in place",
    "read-only registers refused",
    "fp write/read",
    "marker disassembly, bytes, symbol",
    "translation",
    "read-only callback",
    "reads at marker",
    "read_bytes",
    "snapshot",
    "x0 write refused",
    "set_pc",
    "read_memory",
    "write_memory",
    "bad addresses refused",
    "store seen by on_mem",
    "load seen by on_mem",
    "exit status written",
    "reg_change",
    "syscall filter",
    "syscall arguments",
    "syscall_ret",
    "vcpu_exit",
    "exit states",
];

/// Checks every system-mode run must have made.
const SYSTEM_CHECKS: &[&str] = &[
    "args",
    "info",
    "register list",
    "register lookup",
    "vcpu_init reads",
    "write then read in place",
    "read-only registers refused",
    "fp write/read",
    "translation",
    "snapshot",
    "x0 write refused",
    "vcpu_exit",
    "exit states",
];

struct ApiTest {
    host: Host,
    system: bool,
    hetero: bool,
    traps: bool,
    /// A function symbol and its address, to check `Insn::symbol` with.
    sym: Option<(String, u64)>,
    panic_translate: AtomicBool,
    /// name -> (passes, failures)
    results: Mutex<BTreeMap<String, (u64, u64)>>,
    /// `a0` of each CPU model met at vcpu_init (for the heterogeneous check).
    models: Mutex<Vec<Reg>>,
    list: bool,
}

#[derive(Default)]
struct State {
    inited: bool,
    exited: bool,
    blocks: u64,
    /// Markers met (bit N - 1000).
    markers: u32,
    s1_changes: u64,
    s1_last: u64,
    /// Length of the last write(2) the filter saw.
    write_len: Option<u64>,
    writes_returned: u64,
    discons: u64,
    stores: u64,
    loads: u64,
}

impl ApiTest {
    fn check(&self, name: &str, ok: bool, details: impl FnOnce() -> String) {
        let mut r = self.results.lock().unwrap_or_else(|e| e.into_inner());
        let e = r.entry(name.to_string()).or_default();
        if ok {
            if e.0 == 0 {
                self.host.out(&format!("apitest: PASS {name}\n"));
            }
            e.0 += 1;
        } else {
            if e.1 < 5 {
                self.host.out(&format!("apitest: FAIL {name}: {}\n", details()));
            }
            e.1 += 1;
        }
    }

    fn reg(&self, vcpu: &Vcpu<'_, State>, name: &str) -> Option<Reg> {
        let r = vcpu.reg(name);
        if r.is_none() {
            self.check("register lookup", false, || format!("no register {name}"));
        }
        r
    }

    /// The register list of a model as GDB numbers it.
    fn check_list(&self, vcpu: &Vcpu<'_, State>) {
        const X: [&str; 32] = [
            "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6",
            "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
        ];
        let regs: Vec<Reg> = vcpu.registers().collect();
        if self.list {
            for r in &regs {
                self.host.out(&format!(
                    "apitest: reg {} index {} gdb {} group {} ({}) bits {}{}\n",
                    r.name(),
                    r.index(),
                    r.gdb_number(),
                    r.group(),
                    r.feature(),
                    r.bits(),
                    if r.is_read_only() { " read-only" } else { "" }
                ));
            }
        }
        let mut bad = Vec::new();
        if regs.len() != vcpu.registers().len() || regs.len() < 33 {
            bad.push(format!("{} registers", regs.len()));
        }
        for (i, r) in regs.iter().enumerate() {
            if r.index() != i || r.model() != vcpu.model() {
                bad.push(format!("{r}: index {} model {} at position {i}", r.index(), r.model()));
            }
            let want = match i {
                0..=31 => Some((X[i], i as u32)),
                32 => Some(("pc", 32)),
                _ => None,
            };
            if let Some((name, gdb)) = want {
                // x8 is `fp` to GDB; accept `s0` too.
                let name_ok = r.name() == name || (i == 8 && r.name() == "s0");
                if !name_ok || r.gdb_number() != gdb || r.group() != "cpu" || r.feature() != "org.gnu.gdb.riscv.cpu" {
                    bad.push(format!("{i}: {} gdb {} {}", r.name(), r.gdb_number(), r.feature()));
                }
                if r.bits() != 64 || r.is_read_only() != (i == 0) {
                    bad.push(format!("{}: {} bits, read-only {}", r.name(), r.bits(), r.is_read_only()));
                }
            }
            if r.group() == "fpu" && r.name().starts_with('f') && r.name().len() <= 4 && r.bits() != 64 {
                bad.push(format!("{}: {} bits", r.name(), r.bits()));
            }
            if ["cycle", "time", "instret"].contains(&r.name()) && !r.is_read_only() {
                bad.push(format!("{} is writable", r.name()));
            }
            if regs[..i].iter().any(|o| o.name() == r.name() || o.gdb_number() == r.gdb_number()) {
                bad.push(format!("{} listed twice (or its gdb number {})", r.name(), r.gdb_number()));
            }
        }
        let has_fpu = regs.iter().any(|r| r.name() == "fa0");
        if has_fpu {
            let ft0 = vcpu.reg("ft0");
            if ft0.map(|r| (r.gdb_number(), r.group())) != Some((33, "fpu")) {
                bad.push(format!("ft0: {:?}", ft0.map(|r| (r.gdb_number(), r.group()))));
            }
            if vcpu.reg("fflags").is_none() || vcpu.reg("fcsr").is_none() {
                bad.push("no fflags or fcsr".into());
            }
        }
        if self.system && vcpu.reg("mstatus").is_none_or(|r| r.group() != "csr") {
            bad.push("no mstatus in the csr group".into());
        }
        if !self.system && vcpu.reg("priv").is_some_and(|r| !r.is_read_only()) {
            bad.push("priv writable in user mode".into());
        }
        self.check("register list", bad.is_empty(), || bad.join("; "));
        self.check("register lookup", vcpu.reg("nosuch").is_none() && vcpu.reg("sp").is_some(), || {
            "reg(\"nosuch\") or reg(\"sp\")".into()
        });
        let missing = vcpu.read_named("nosuch");
        self.check("register lookup", missing == Err(Error::NoSuchRegister), || format!("read_named: {missing:?}"));
        // Selection by name, group, feature or `*`, as watches select.
        let count = |p: &str| vcpu.registers().filter(|r| r.matches(p)).count();
        let (all, cpu, fpu) = (vcpu.registers().len(), count("cpu"), count("org.gnu.gdb.riscv.fpu"));
        let fpu_want = if vcpu.reg("ft0").is_some() { 32 } else { 0 };
        let sp_ok = vcpu.reg("sp").is_some_and(|sp| sp.matches("sp") && sp.matches("cpu") && !sp.matches("fpu"));
        self.check("register selection", count("*") == all && cpu == 33 && fpu == fpu_want && sp_ok, || {
            format!("* {} of {all}, cpu {cpu}, fpu {fpu}, sp {sp_ok}", count("*"))
        });
    }

    /// Snapshots agree with reads.
    fn check_snapshot(&self, vcpu: &Vcpu<'_, State>) {
        let snap = vcpu.snapshot();
        let mut again = Snapshot::default();
        vcpu.snapshot_into(&mut again);
        let mut bad = Vec::new();
        if snap.values().len() != vcpu.registers().len() || again.values().len() != snap.values().len() {
            bad.push(format!(
                "{} and {} values for {} registers",
                snap.values().len(),
                again.values().len(),
                vcpu.registers().len()
            ));
        }
        for r in vcpu.registers() {
            // The clock moves between two reads (and mip with it): compare the others.
            if ["time", "mip", "sip"].contains(&r.name()) {
                continue;
            }
            let (a, b, c) = (snap.get(r), again.get(r), vcpu.read(r).ok());
            if a != b || a != c {
                bad.push(format!("{r}: snapshot {a:x?}, snapshot_into {b:x?}, read {c:x?}"));
            }
        }
        let pc = vcpu.reg("pc");
        if pc.and_then(|r| snap.get(r)) != Some(vcpu.pc()) {
            bad.push(format!("pc: snapshot {:x?}, pc() {:#x}", pc.and_then(|r| snap.get(r)), vcpu.pc()));
        }
        self.check("snapshot", bad.is_empty(), || bad.join("; "));
    }

    /// x0 refuses writes and stays 0.
    fn check_x0(&self, vcpu: &mut VcpuMut<'_, State>) {
        let Some(zero) = vcpu.reg("zero") else { return };
        let w = vcpu.write(zero, 5);
        let r = vcpu.read(zero);
        self.check("x0 write refused", w == Err(Error::ReadOnly) && r == Ok(0), || {
            format!("write: {w:?}, then read: {r:?}")
        });
    }
}

impl Plugin for ApiTest {
    type State = State;

    fn new(install: &mut Install) -> Result<Self, String> {
        if let Some(msg) = install.arg("fail") {
            return Err(format!("apitest: asked to fail ({msg})"));
        }
        if install.arg("panic") == Some("install") {
            panic!("apitest: asked to panic");
        }
        let host = install.host();
        let info = host.info();
        let t = ApiTest {
            host,
            system: info.system,
            hetero: install.flag("hetero", false)?,
            traps: install.flag("traps", false)?,
            sym: match install.arg("sym").map(|s| s.split_once('@')) {
                None => None,
                Some(Some((name, addr))) => Some((
                    name.to_string(),
                    u64::from_str_radix(addr.trim_start_matches("0x"), 16)
                        .map_err(|e| format!("apitest: sym=: {e}"))?,
                )),
                Some(None) => return Err("apitest: sym=NAME@ADDR".into()),
            },
            panic_translate: AtomicBool::new(install.arg("panic") == Some("translate")),
            results: Mutex::new(BTreeMap::new()),
            models: Mutex::new(Vec::new()),
            list: install.flag("list", false)?,
        };
        let xs: Vec<&str> = install.arg_all("x").collect();
        let args_ok = install.arg("x") == Some("2")
            && xs == ["1", "2"]
            && install.flag("flag", false) == Ok(true)
            && install.flag("absent", true) == Ok(true)
            && install.flag("x", false).is_err()
            && install.arg("absent").is_none()
            && install.args().first().map(String::as_str) == Some("flag=on");
        t.check("args", args_ok, || format!("args {:?}", install.args()));
        let mut bad = Vec::new();
        if info.binary.is_empty() || !std::path::Path::new(info.binary).exists() {
            bad.push(format!("binary {:?}", info.binary));
        }
        if info.system {
            if info.vcpus == 0 || info.start_code != 0 {
                bad.push(format!("system: vcpus {}, start_code {:#x}", info.vcpus, info.start_code));
            }
        } else if info.vcpus != 0
            || info.entry < info.start_code
            || info.entry >= info.end_code
            || !info.binary.ends_with("/guest")
        {
            bad.push(format!("user: {info:x?}"));
        }
        t.check("info", bad.is_empty(), || bad.join("; "));
        if !info.system {
            install.watch(&["s1"]);
        }
        if let Some(name) = install.arg("watch").map(str::to_string) {
            install.watch(&[name]);
        }
        Ok(t)
    }

    fn vcpu_init(&self, vcpu: &mut VcpuMut<'_, State>) {
        vcpu.state.inited = true;
        self.check_list(vcpu);
        let info = self.host.info();
        let (Some(pc), Some(sp), Some(a5)) = (self.reg(vcpu, "pc"), self.reg(vcpu, "sp"), self.reg(vcpu, "a5")) else {
            return;
        };
        // Where the vCPU starts: the program's entry with a stack (user mode), the reset ROM.
        let (pcv, spv) = (vcpu.read(pc), vcpu.read(sp));
        let ok = if self.system {
            pcv == Ok(0x1000) && vcpu.pc() == 0x1000
        } else {
            pcv == Ok(info.entry) && vcpu.pc() == info.entry && spv.is_ok_and(|s| s != 0 && s % 16 == 0)
        };
        self.check("vcpu_init reads", ok, || format!("pc {pcv:x?} (entry {:#x}), sp {spv:x?}", info.entry));
        // Every register reads (CSRs through the host, the rest in place).
        let failed: Vec<String> =
            vcpu.registers().filter_map(|r| vcpu.read(r).err().map(|e| format!("{r}: {e}"))).collect();
        self.check("vcpu_init reads", failed.is_empty(), || failed.join("; "));

        // A write is seen by the next read (the view reads the words in place).
        let old = vcpu.read(a5).unwrap_or(0);
        let w = vcpu.write(a5, 0x1234_5678);
        let r = vcpu.read(a5);
        let named = vcpu.read_named("a5");
        let restore = vcpu.write(a5, old);
        let back = vcpu.read(a5);
        self.check(
            "write then read in place",
            w.is_ok() && r == Ok(0x1234_5678) && named == r && restore.is_ok() && back == Ok(old),
            || format!("write {w:?}, read {r:x?}, read_named {named:x?}, restore {restore:?} {back:x?}"),
        );

        // Read-only registers refuse writes (with the value they have, so a wrong success is harmless).
        let ro: Vec<Reg> = vcpu.registers().filter(|r| r.is_read_only()).collect();
        let mut bad = Vec::new();
        for r in &ro {
            let v = vcpu.read(*r).unwrap_or(0);
            let w = vcpu.write(*r, v);
            if w != Err(Error::ReadOnly) {
                bad.push(format!("{r}: {w:?}"));
            }
        }
        self.check("read-only registers refused", !ro.is_empty() && bad.is_empty(), || {
            format!("{} read-only registers; {}", ro.len(), bad.join("; "))
        });
        self.check_x0(vcpu);

        // Doubles through write_f64/read_f64/read_bytes (a vCPU without an FPU has no fa0).
        if let Some(fa0) = vcpu.reg("fa0") {
            let old = vcpu.read(fa0).unwrap_or(0);
            let w = vcpu.write_f64(fa0, -2.25);
            let f = vcpu.read_f64(fa0);
            let bits = vcpu.read(fa0);
            vcpu.write(fa0, old).ok();
            self.check("fp write/read", w.is_ok() && f == Ok(-2.25) && bits == Ok((-2.25f64).to_bits()), || {
                format!("write {w:?}, read_f64 {f:?}, bits {bits:x?}")
            });
        } else if self.hetero && vcpu.reg("a0").is_some() {
            self.check("fp write/read", vcpu.read_named("fa0") == Err(Error::NoSuchRegister), || {
                "fa0 on a vCPU without an FPU".into()
            });
        }
        self.check_snapshot(vcpu);

        // Registers of another CPU model are refused (vCPUs start one after the other).
        let Some(a0) = vcpu.reg("a0") else { return };
        let mut models = self.models.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(other) = models.iter().copied().find(|r| r.model() != a0.model()) {
            let r = vcpu.read(other);
            let w = vcpu.write(other, 1);
            let s = vcpu.snapshot().get(other);
            self.check(
                "other model refused",
                r == Err(Error::NoSuchRegister) && w == Err(Error::NoSuchRegister) && s.is_none() && other != a0,
                || format!("read {r:?}, write {w:?}, snapshot {s:?}"),
            );
        }
        if !models.iter().any(|r| r.model() == a0.model()) {
            models.push(a0);
        }
    }

    fn vcpu_exit(&self, vcpu: &mut VcpuMut<'_, State>) {
        vcpu.state.exited = true;
        let inited = vcpu.state.inited;
        self.check("vcpu_exit", inited, || format!("vcpu {} exits without vcpu_init", vcpu.index()));
    }

    fn translate(&self, block: &mut Block<'_, Self>) {
        if self.panic_translate.swap(false, Ordering::Relaxed) {
            panic!("apitest: asked to panic in translate");
        }
        block.on_entry(|_, vcpu| vcpu.state.blocks += 1);
        let mut bad = Vec::new();
        let mut end = block.vaddr();
        for (k, i) in block.insns().enumerate() {
            if i.index() != k || i.vaddr() != end || i.bytes().len() != i.size() || !matches!(i.size(), 2 | 4) {
                bad.push(format!("insn {k} at {:#x}: index {}, size {}", i.vaddr(), i.index(), i.size()));
            }
            let low = i.bytes().iter().rev().fold(0u32, |a, &b| a << 8 | b as u32);
            if low != i.opcode() || i.disas().is_empty() {
                bad.push(format!("{:#x}: bytes {:x?}, opcode {:#x}", i.vaddr(), i.bytes(), i.opcode()));
            }
            end += i.size() as u64;
        }
        if block.is_empty() || block.size() != end - block.vaddr() || block.insn(block.len()).is_some() {
            bad.push(format!("block {:#x}: {} insns, size {}", block.vaddr(), block.len(), block.size()));
        }
        self.check("translation", bad.is_empty(), || bad.join("; "));
        if let Some((name, addr)) = &self.sym {
            if let Some(i) = block.insns().find(|i| i.vaddr() == *addr) {
                let s = i.symbol();
                self.check("symbol", s == Some(name.as_str()), || format!("at {addr:#x}: {s:?}, not {name}"));
            }
        }
        if self.system {
            return;
        }
        let insns: Vec<Insn> = block.insns().collect();
        for i in insns {
            let at = i.vaddr();
            match i.opcode() {
                op if op == marker(1000) => {
                    let (d, b, s) = (i.disas(), i.bytes().to_vec(), i.symbol());
                    self.check(
                        "marker disassembly, bytes, symbol",
                        d == "li zero,1000"
                            && b == [0x13, 0x00, 0x80, 0x3e]
                            && s == Some("_start")
                            && i.decode().raw == op,
                        || format!("{d:?} {b:x?} {s:?}"),
                    );
                    block.on_exec(i.index(), move |t, vcpu| {
                        t.check("read-only callback", vcpu.pc() == at, || format!("pc {:#x}, insn {at:#x}", vcpu.pc()));
                    });
                    block.on_exec_mut(i.index(), move |t, vcpu| {
                        vcpu.state.markers |= 1;
                        let a1 = vcpu.read_named("a1");
                        let fa0 = vcpu.read_f64(vcpu.reg("fa0").expect("fa0"));
                        let pc = vcpu.read_named("pc");
                        t.check(
                            "reads at marker",
                            a1 == Ok(A1) && fa0 == Ok(1.5) && pc == Ok(at) && vcpu.pc() == at && vcpu.instret() > 90,
                            || format!("a1 {a1:x?}, fa0 {fa0:?}, pc {pc:x?}, instret {}", vcpu.instret()),
                        );
                        let r = vcpu.reg("a1").expect("a1");
                        let (mut full, mut short) = ([0u8; 16], [0u8; 3]);
                        let n = vcpu.read_bytes(r, &mut full);
                        let m = vcpu.read_bytes(r, &mut short);
                        t.check(
                            "read_bytes",
                            n == Ok(8) && full[..8] == A1.to_le_bytes() && m == Ok(3) && short == A1.to_le_bytes()[..3],
                            || format!("{n:?} {full:x?}, {m:?} {short:x?}"),
                        );
                        t.check_snapshot(vcpu);
                        t.check_x0(vcpu);
                    });
                }
                op if op == marker(1002) => block.on_exec_mut(i.index(), move |t, vcpu| {
                    vcpu.state.markers |= 1 << 2;
                    let r = vcpu.set_pc(at + 8);
                    // The guest prints s3: 1 when the `li s3, 99` after the marker was skipped.
                    t.check("set_pc", r.is_ok(), || format!("{r:?}"));
                }),
                op if op == marker(1003) => block.on_exec_mut(i.index(), move |t, vcpu| {
                    vcpu.state.markers |= 1 << 3;
                    let addr = vcpu.read_named("t0").unwrap_or(0);
                    let mut buf = [0u8; 8];
                    let r = vcpu.read_memory(addr, &mut buf);
                    t.check("read_memory", r.is_ok() && u64::from_le_bytes(buf) == 0x1111, || {
                        format!("{addr:#x}: {r:?} {buf:x?}")
                    });
                    let w = vcpu.write_memory(addr, &0x2222u64.to_le_bytes());
                    let r = vcpu.read_memory(addr, &mut buf);
                    t.check("write_memory", w.is_ok() && r.is_ok() && u64::from_le_bytes(buf) == 0x2222, || {
                        format!("{addr:#x}: write {w:?}, read back {r:?} {buf:x?}")
                    });
                    // Unmapped memory, and code (mapped without write permission).
                    let r0 = vcpu.read_memory(0, &mut buf);
                    let w0 = vcpu.write_memory(0, &buf);
                    let mut code = [0u8; 4];
                    let rc = vcpu.read_memory(at, &mut code);
                    let wc = vcpu.write_memory(at, &code);
                    t.check(
                        "bad addresses refused",
                        r0 == Err(Error::BadAddress)
                            && w0 == Err(Error::BadAddress)
                            && rc.is_ok()
                            && u32::from_le_bytes(code) == marker(1003)
                            && wc == Err(Error::BadAddress),
                        || format!("read 0: {r0:?}, write 0: {w0:?}, read code: {rc:?} {code:x?}, write code: {wc:?}"),
                    );
                }),
                op if op == marker(1004) => block.on_exec(i.index(), |_, vcpu| vcpu.state.markers |= 1 << 4),
                op if op == marker(1005) => block.on_exec_mut(i.index(), move |t, vcpu| {
                    vcpu.state.markers |= 1 << 5;
                    let a0 = vcpu.reg("a0").expect("a0");
                    let before = vcpu.read(a0);
                    let w = vcpu.write(a0, 42);
                    // The guest's exit status (42) says whether the write reached it.
                    t.check("exit status written", before == Ok(5) && w.is_ok(), || {
                        format!("a0 {before:x?}, write {w:?}")
                    });
                }),
                SD_T1_T2 => {
                    block.on_mem(i.index(), MemFilter::Stores, move |t, vcpu, m: &MemAccess| {
                        vcpu.state.stores += 1;
                        let (t1, t2) = (vcpu.read_named("t1"), vcpu.read_named("t2"));
                        t.check(
                            "store seen by on_mem",
                            m.store && m.size == 8 && Ok(m.value) == t1 && t1 == Ok(T1) && Ok(m.vaddr) == t2,
                            || format!("{m:x?}, t1 {t1:x?}, t2 {t2:x?}"),
                        );
                    });
                    block.on_mem(i.index(), MemFilter::Loads, |t, _, m: &MemAccess| {
                        t.check("store seen by on_mem", false, || format!("a load filter saw {m:x?}"));
                    });
                }
                LD_S4_T0 => block.on_mem(i.index(), MemFilter::All, move |t, vcpu, m: &MemAccess| {
                    vcpu.state.loads += 1;
                    let t0 = vcpu.read_named("t0");
                    t.check(
                        "load seen by on_mem",
                        !m.store && m.size == 8 && m.value == 0x2222 && Ok(m.vaddr) == t0,
                        || format!("{m:x?}, t0 {t0:x?}"),
                    );
                }),
                _ => {}
            }
        }
    }

    fn reg_change(&self, vcpu: &mut Vcpu<'_, State>, c: &RegChange) {
        let now = vcpu.view.read(c.reg);
        let s = &mut *vcpu.state;
        let ok = c.reg.name() == "s1" && c.old == s.s1_last && Ok(c.new) == now && c.new != c.old;
        s.s1_changes += 1;
        s.s1_last = c.new;
        self.check("reg_change", ok, || format!("{c:x?}, now {now:x?}"));
    }

    fn syscall(&self, vcpu: &mut VcpuMut<'_, State>, num: i64, args: &[u64; 8]) -> Option<i64> {
        match num {
            172 => Some(PID), // getpid: answered here; the guest prints it
            64 => {
                let mut label = [0u8; 5];
                let r = vcpu.read_memory(args[1], &mut label);
                let ok = args[0] == 1
                    && args[2] == 24
                    && r.is_ok()
                    && [&b"skip "[..], b"word ", b"pid  "].contains(&&label[..]);
                self.check("syscall arguments", ok, || {
                    format!("write({}, {:#x}, {}): {label:?}", args[0], args[1], args[2])
                });
                vcpu.state.write_len = Some(args[2]);
                None
            }
            _ => None,
        }
    }

    fn syscall_ret(&self, vcpu: &mut VcpuMut<'_, State>, num: i64, ret: i64) {
        if num == 64 {
            let want = vcpu.state.write_len.take();
            vcpu.state.writes_returned += 1;
            self.check("syscall_ret", want == Some(ret as u64), || format!("write returned {ret}, length {want:?}"));
        }
        if num == 172 {
            // A filtered call does not run; its return is reported with the filter's value (as QEMU does).
            self.check("syscall filter", ret == PID, || format!("getpid returned {ret}"));
        }
    }

    fn discontinuity(&self, vcpu: &mut VcpuMut<'_, State>, kind: Discontinuity, from: u64, to: u64) {
        // The trap is taken: the vCPU is at the handler, and an exception's epc is where it came from.
        let epc = [vcpu.read_named("mepc"), vcpu.read_named("sepc")];
        let ok = match kind {
            Discontinuity::Exception => vcpu.pc() == to && epc.contains(&Ok(from)),
            Discontinuity::Interrupt => vcpu.pc() == to,
            Discontinuity::HostCall => true,
        };
        vcpu.state.discons += 1;
        self.check("discontinuity", ok, || {
            format!("{kind:?} from {from:#x} to {to:#x}: pc {:#x}, mepc/sepc {epc:x?}", vcpu.pc())
        });
    }

    fn exit(&self, vcpus: Vec<State>) {
        let info = self.host.info();
        let want = if self.system { info.vcpus as usize } else { 1 };
        let mut bad = Vec::new();
        if vcpus.len() != want {
            bad.push(format!("{} states for {want} vCPUs", vcpus.len()));
        }
        for (i, s) in vcpus.iter().enumerate() {
            // A secondary hart may not have run a block before hart 0 ends the run (its thread
            // starts late on a busy host): only vCPU 0 must have.
            if !s.inited || !s.exited || (i == 0 && s.blocks == 0) {
                bad.push(format!("vcpu {i}: init {}, exit {}, {} blocks", s.inited, s.exited, s.blocks));
            }
            if self.traps && i == 0 && s.discons == 0 {
                bad.push("vcpu 0 took no trap".into());
            }
            if !self.system {
                let markers = 1 | 1 << 2 | 1 << 3 | 1 << 4 | 1 << 5;
                if s.markers != markers || s.s1_changes != 32 || s.stores != 1 || s.loads != 1 {
                    bad.push(format!(
                        "vcpu {i}: markers {:#b}, {} changes of s1 (32), {} stores (1), {} loads (1)",
                        s.markers, s.s1_changes, s.stores, s.loads
                    ));
                }
                if s.writes_returned != 3 {
                    bad.push(format!("vcpu {i}: {} writes returned (3)", s.writes_returned));
                }
            }
        }
        self.check("exit states", bad.is_empty(), || bad.join("; "));
        let mut expected: Vec<&str> = if self.system { SYSTEM_CHECKS.to_vec() } else { USER_CHECKS.to_vec() };
        if self.hetero {
            expected.push("other model refused");
        }
        if self.traps {
            expected.push("discontinuity");
        }
        if self.sym.is_some() {
            expected.push("symbol");
        }
        let results = self.results.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let mut failed: u64 = results.values().filter(|r| r.1 > 0).count() as u64;
        for name in expected {
            if results.get(name).is_none_or(|r| r.0 == 0 && r.1 == 0) {
                self.host.out(&format!("apitest: FAIL {name}: never checked\n"));
                failed += 1;
            }
        }
        let passed = results.values().filter(|r| r.1 == 0).count();
        self.host.out(&format!("apitest: {passed} passed, {failed} failed\n"));
    }
}

rivet_plugin::export!(ApiTest);
