//! Whole-machine tests: tiny assembly images (tests/images/*.S, built here with
//! riscv64-linux-gnu-gcc when it is installed) run on rivet's machine and, when
//! qemu-system-riscv64 is installed, on QEMU too, comparing the output and the exit status; and
//! the bare-metal test program build/baremetal/hello.elf (built by scripts/build-baremetal) run
//! by the `rivet` executable against QEMU. Each test says why it skips when a tool or file is
//! missing.

use rivet_machine::config::{self, Command};
use rivet_machine::console::Console;
use rivet_machine::{Machine, Stop};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

const CC: &str = "riscv64-linux-gnu-gcc";
const QEMU: &str = "qemu-system-riscv64";

fn have(tool: &str) -> bool {
    std::process::Command::new(tool).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Builds tests/images/NAME.S into a temporary directory; `None` (with a message) without the
/// cross compiler.
fn image(name: &str) -> Option<PathBuf> {
    if !have(CC) {
        eprintln!("skipped: {CC} is not installed (scripts/setup installs it)");
        return None;
    }
    let dir = std::env::temp_dir().join(format!("rivet-machine-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join(format!("{name}.elf"));
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/images").join(format!("{name}.S"));
    let st = std::process::Command::new(CC)
        .args(["-march=rv64gc", "-mabi=lp64d", "-nostdlib", "-static", "-no-pie", "-fno-pie"])
        .args(["-Wl,--build-id=none", "-Wl,-n", "-Wl,--no-warn-rwx-segments", "-Wl,-Ttext=0x80000000"])
        .arg("-o")
        .arg(&out)
        .arg(&src)
        .status()
        .unwrap();
    assert!(st.success(), "cannot build {}", src.display());
    Some(out)
}

/// Runs an image on rivet's machine (library API, console captured): stdout and exit status.
fn rivet(elf: &Path, opts: &str) -> (String, i32) {
    let mut args: Vec<OsString> = opts.split_whitespace().map(OsString::from).collect();
    args.extend(["-kernel".into(), elf.as_os_str().to_owned()]);
    let Command::Run(cfg) = config::parse(&args).unwrap() else { panic!("not a run") };
    let console = Arc::new(Console::capture(b""));
    let outcome = Machine::with_console(*cfg, console.clone()).unwrap().run(None);
    if let Some(m) = outcome.message() {
        eprintln!("rivet: {m}");
    }
    (String::from_utf8_lossy(&console.captured()).into_owned(), outcome.status())
}

/// Runs a command with a time limit: stdout, stderr, exit status (`None` if it had to be
/// killed).
fn run_limited(cmd: &mut std::process::Command, limit: Duration) -> (String, String, Option<i32>) {
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // Drain the pipes on threads so a chatty guest cannot block on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).ok();
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).ok();
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st.code();
        }
        if start.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    (t_out.join().unwrap(), t_err.join().unwrap(), status)
}

/// Runs an image on QEMU (`-M virt -bios none -nographic` plus `opts`), if QEMU is installed.
fn qemu(elf: &Path, opts: &str) -> Option<(String, i32)> {
    if !have(QEMU) {
        eprintln!("not compared with QEMU: {QEMU} is not installed");
        return None;
    }
    let mut cmd = std::process::Command::new(QEMU);
    cmd.args(["-bios", "none", "-nographic", "-monitor", "none", "-serial", "stdio"]);
    cmd.args(opts.split_whitespace()).arg("-kernel").arg(elf);
    let (out, err, status) = run_limited(&mut cmd, Duration::from_secs(30));
    let status = status.unwrap_or_else(|| panic!("QEMU did not finish; stderr: {err}"));
    Some((out, status))
}

/// Runs on rivet, checks the expected result, and compares with QEMU when it is there.
fn check(name: &str, opts: &str, want_out: &str, want_status: i32) {
    let Some(elf) = image(name) else { return };
    let got = rivet(&elf, opts);
    assert_eq!(got, (want_out.to_string(), want_status), "{name} on rivet");
    if let Some(q) = qemu(&elf, opts) {
        assert_eq!(got, q, "{name}: rivet and QEMU differ");
    }
}

#[test]
fn uart_output() {
    check("uart", "-M virt", "hello from the uart\n", 0);
}

#[test]
fn test_finisher_status() {
    check("finisher", "-M virt", "", 3);
}

#[test]
fn semihosting_write_and_exit() {
    // SYS_WRITE0 goes to stderr (not captured); SYS_WRITE to ":tt" opened for writing is stdout.
    check("semihosting", "-M virt -semihosting-config enable=on,target=native", "semihosting stdout\n", 5);
}

#[test]
fn semihosting_disabled_is_a_breakpoint() {
    let Some(elf) = image("semihosting") else { return };
    let args: Vec<OsString> = ["-kernel".into(), elf.into_os_string()].into();
    let Command::Run(cfg) = config::parse(&args).unwrap() else { panic!() };
    // Without a privileged layer the machine's routing shows: a plain breakpoint trap.
    let mut m = Machine::with_console(*cfg, Arc::new(Console::capture(b""))).unwrap();
    m.set_privileged(Box::new(|_| Box::new(rivet_machine::trap::NoPrivileged)));
    let outcome = m.run(None);
    match &outcome.stop {
        Stop::Error(m) => assert!(m.contains("breakpoint at pc 0x8000"), "{m}"),
        s => panic!("{s:?}"),
    }
    assert_eq!(outcome.status(), 1);
}

#[test]
fn htif_tohost_exit() {
    // QEMU's HTIF does not serve the write syscall (it only prints one byte): rivet only.
    let Some(elf) = image("htif") else { return };
    assert_eq!(rivet(&elf, "-M spike"), ("htif write\n".into(), 3));
    // The virt machine watches tohost too.
    assert_eq!(rivet(&elf, "-M virt"), ("htif write\n".into(), 3));
}

#[test]
fn two_harts_print_their_ids() {
    check("smp", "-M virt -smp 2", "hart 0\nhart 1\n", 0);
    // Heterogeneous: hart 1 is an rv64imac.
    let Some(elf) = image("smp") else { return };
    assert_eq!(rivet(&elf, "-smp 2 -cpu rv64gc:rv64imac"), ("hart 0\nhart 1\n".into(), 0));
}

#[test]
fn wfi_with_nothing_to_wake_stops() {
    let Some(elf) = image("wfi") else { return };
    // QEMU would wait forever; rivet reports the deadlock.
    assert_eq!(rivet(&elf, "-smp 2"), (String::new(), 1));
}

#[test]
fn icount_is_reproducible() {
    let Some(elf) = image("icount") else { return };
    let a = rivet(&elf, "-icount shift=0");
    let b = rivet(&elf, "-icount shift=0");
    assert_eq!(a, b);
    assert!((19..=22).contains(&a.1), "{a:?}");
    // 2^4 ns per instruction: 16 times the ticks.
    let c = rivet(&elf, "-icount shift=4");
    assert!((16 * 19..=16 * 22).contains(&c.1), "{c:?}");
}

/// The `rivet` executable next to this test's (cargo builds it for `cargo test --workspace`).
fn rivet_exe() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let p = exe.parent()?.parent()?.join("rivet");
    p.is_file().then_some(p)
}

#[test]
fn hello_elf_matches_qemu() {
    let hello = repo().join("build/baremetal/hello.elf");
    if !hello.is_file() {
        eprintln!("skipped: {} does not exist (scripts/build-baremetal builds it)", hello.display());
        return;
    }
    let Some(rivet) = rivet_exe() else {
        eprintln!("skipped: the rivet executable is not built (cargo build -p rivet)");
        return;
    };
    let Some((q_out, q_status)) = qemu(&hello, "-M virt") else { return };
    let mut cmd = std::process::Command::new(rivet);
    cmd.args(["system", "-M", "virt", "-bios", "none", "-nographic", "-kernel"]).arg(&hello);
    let (out, err, status) = run_limited(&mut cmd, Duration::from_secs(60));
    assert_eq!((out, status), (q_out, Some(q_status)), "stderr: {err}");
}

/// Every program of the lock-step corpus checks itself: under rivet alone each must end with
/// exit status 0 (harts and options as its LOCKSTEP-OPTIONS line says). Sv39 (vm.elf), traps,
/// interrupts, misaligned accesses and the rest, without QEMU.
#[test]
fn corpus_passes_under_rivet() {
    let dir = repo().join("build/baremetal");
    let Some(rivet) = rivet_exe() else {
        eprintln!("skipped: the rivet executable is not built (cargo build -p rivet)");
        return;
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} does not exist (scripts/build-baremetal builds it)", dir.display());
        return;
    };
    let mut ran = 0;
    for e in entries.flatten() {
        let elf = e.path();
        if elf.extension().is_none_or(|x| x != "elf") {
            continue;
        }
        let name = elf.file_stem().unwrap().to_string_lossy().into_owned();
        let src = ["S", "c"].iter().map(|x| repo().join(format!("tests/baremetal/{name}.{x}"))).find(|p| p.is_file());
        let two =
            src.and_then(|p| std::fs::read_to_string(p).ok()).is_some_and(|t| t.contains("LOCKSTEP-OPTIONS: --smp 2"));
        let mut cmd = std::process::Command::new(&rivet);
        cmd.args(["system", "-nographic", "-smp", if two { "2" } else { "1" }, "-kernel"]).arg(&elf);
        let (out, err, status) = run_limited(&mut cmd, Duration::from_secs(60));
        assert_eq!(status, Some(0), "{name}: {out}{err}");
        ran += 1;
    }
    eprintln!("{ran} corpus images passed");
}

#[test]
fn cli_errors_are_one_line() {
    let Some(rivet) = rivet_exe() else {
        eprintln!("skipped: the rivet executable is not built (cargo build -p rivet)");
        return;
    };
    let dir = std::env::temp_dir().join(format!("rivet-machine-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.elf");
    std::fs::write(&bad, b"\x7fELF\x01\x01\x01").unwrap();
    let raw = dir.join("raw.bin");
    std::fs::write(&raw, [0x73, 0, 0x10, 0x10]).unwrap();
    for (args, want) in [
        (vec!["system", "-kernel", bad.to_str().unwrap()], "truncated ELF file"),
        (vec!["system", "-kernel", "/nonexistent/image"], "/nonexistent/image"),
        (vec!["system", "-bios", "fw.bin", "-kernel", "k"], "firmware is not supported"),
        (vec!["system", "-kernel", "k", "-s"], "GDB stub"),
        (vec!["system", "-m", "12Q", "-kernel", "k"], "invalid size"),
        (vec!["system", "-kernel", raw.to_str().unwrap(), "-dtb", "/nonexistent/x.dtb"], "/nonexistent/x.dtb"),
        (vec!["system", "-kernel", raw.to_str().unwrap(), "-dtb", raw.to_str().unwrap()], "not a device tree"),
        (vec!["system", "-kernel", "k", "-dtb", "x.dtb", "-append", "a"], "-dtb with -append"),
    ] {
        let (out, err, status) = run_limited(std::process::Command::new(&rivet).args(&args), Duration::from_secs(20));
        assert_eq!(status, Some(1), "{args:?}: {err}");
        assert!(out.is_empty());
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("rivet: ") && err.contains(want), "{args:?}: {err}");
    }
    let (out, _, status) =
        run_limited(std::process::Command::new(&rivet).args(["system", "--help"]), Duration::from_secs(20));
    assert_eq!(status, Some(0));
    assert!(out.contains("-cpu MODEL[:MODEL...]"));
}

#[test]
fn hello_elf_on_one_and_four_harts() {
    let hello = repo().join("build/baremetal/hello.elf");
    if !hello.is_file() {
        eprintln!("skipped: {} does not exist (scripts/build-baremetal builds it)", hello.display());
        return;
    }
    for smp in ["1", "4"] {
        let args: Vec<OsString> =
            ["-smp", smp, "-kernel"].map(OsString::from).into_iter().chain([hello.clone().into()]).collect();
        let Command::Run(cfg) = config::parse(&args).unwrap() else { panic!() };
        let console = Arc::new(Console::capture(b""));
        let outcome = Machine::with_console(*cfg, console.clone()).unwrap().run(None);
        let out = String::from_utf8_lossy(&console.captured()).into_owned();
        assert_eq!(outcome.stop, Stop::Exit(0), "{out}");
        assert!(out.contains("all checks passed"), "{out}");
        assert!(
            out.contains(&format!(
                "harts in device tree: {smp}, other harts done: {}",
                smp.parse::<u32>().unwrap() - 1
            )),
            "{out}"
        );
        if let Some((q_out, q_status)) = qemu(&hello, &format!("-M virt -smp {smp}")) {
            assert_eq!((out, 0), (q_out, q_status));
        }
    }
}

/// Takes a pending timer interrupt by jumping to the address in s11.
struct TimerToS11;

impl rivet_machine::trap::Privileged for TimerToS11 {
    fn trap(
        &mut self,
        _: &mut rivet_core::Hart,
        _: &rivet_core::GuestMemory,
        t: &rivet_machine::trap::Trap,
    ) -> rivet_machine::trap::TrapAction {
        rivet_machine::trap::TrapAction::Stop(format!("unexpected {t:?}"))
    }

    fn interrupts(&mut self, hart: &mut rivet_core::Hart, _: &rivet_core::GuestMemory, pending: u64) -> bool {
        // Only once the image has armed its timer (s11 set, mtimecmp no longer 0).
        if pending & rivet_machine::devices::clint::MIP_MTIP != 0 && hart.x[27] != 0 && hart.pc != hart.x[27] {
            hart.pc = hart.x[27];
            return true;
        }
        false
    }
}

#[test]
fn timer_deadline_reaches_the_privileged_layer() {
    let Some(elf) = image("timer") else { return };
    let args: Vec<OsString> = ["-kernel".into(), elf.into_os_string()].into();
    let Command::Run(cfg) = config::parse(&args).unwrap() else { panic!() };
    let mut m = Machine::with_console(*cfg, Arc::new(Console::capture(b""))).unwrap();
    m.set_privileged(Box::new(|_| Box::new(TimerToS11)));
    let t0 = Instant::now();
    let outcome = m.run(None);
    assert_eq!(outcome.stop, Stop::Exit(9));
    assert!(t0.elapsed() >= Duration::from_millis(10), "{:?}", t0.elapsed());
}
