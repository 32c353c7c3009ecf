//! The `rivet` command line. Options are spelled as QEMU users type them (`-L`, `-E`, `-strace`,
//! `-cpu`, one or two dashes), which is why they are parsed here by hand: clap and friends do not
//! accept single-dash long options such as `-strace`. `rivet system`'s options are parsed by
//! `rivet-machine` (`rivet_machine::config`); plugin loading is shared by both commands.

use rivet_core::CpuModel;
use rivet_linux::{Config, Process};
use rivet_machine::PluginArgs;
use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

const PROG: &str = "rivet";

const USAGE: &str = "\
rivet: a RISC-V emulator built for instrumentation

Usage:
  rivet run [OPTIONS] PROGRAM [ARGS...]   run a riscv64 Linux program (like qemu-riscv64)
  rivet system [OPTIONS] -kernel IMAGE    run a bare-metal riscv64 image on a virt or spike
                                          machine (like qemu-system-riscv64; see
                                          `rivet system --help`)
  rivet --version | --help

Options of `rivet run` (one or two dashes, as with QEMU):
  -L DIR          look up absolute guest paths (and the ELF interpreter) under DIR first
                  (default: /usr/riscv64-linux-gnu when it exists)
  -E VAR=VALUE    set a variable in the guest's environment (repeatable)
  -U VAR          remove a variable from the guest's environment (repeatable)
  -0 ARGV0        pass ARGV0 as the program's argv[0]
  -cpu MODEL      CPU model (rv64gc, rv64imac; `-cpu help` lists them)
  -strace         print each syscall the guest makes on stderr
  -stats          at exit, print guest instructions executed and the rate on stderr
  -plugin FILE[,ARG=VALUE...]
                  load a QEMU TCG plugin (API 2 to 7; also `file=FILE,...`; repeatable)
  -d plugin       send plugin output (qemu_plugin_outs) and plugin API misuse to the log
  -D FILE         write the log to FILE instead of stderr
  -h, --help      this text
  --version       the version
";

struct Fail(String);

fn main() -> ExitCode {
    // Keep every exported `qemu_plugin_*` function in the executable (see build.rs).
    std::hint::black_box(rivet_qemu_abi::exported());
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    match real_main(args) {
        Ok(code) => ExitCode::from(code as u8),
        Err(Fail(msg)) => {
            eprintln!("{PROG}: {msg}");
            ExitCode::from(1)
        }
    }
}

fn real_main(args: Vec<OsString>) -> Result<i32, Fail> {
    let Some(first) = args.first() else {
        eprint!("{USAGE}");
        return Ok(1);
    };
    match first.to_str() {
        Some("-h" | "-help" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(0)
        }
        Some("-version" | "--version" | "-V") => {
            println!("rivet {} (RV64GC; QEMU TCG plugin API 2 to 7 planned)", env!("CARGO_PKG_VERSION"));
            Ok(0)
        }
        Some("run") => run(&args[1..]),
        Some("system") => system(&args[1..]),
        Some(other) => Err(Fail(format!("unknown command '{other}' (try 'rivet --help')"))),
        None => Err(Fail("invalid command".into())),
    }
}

/// Normalises `--opt`/`-opt` to `opt`; `None` for non-options.
fn option_name(a: &OsString) -> Option<String> {
    let s = a.to_str()?;
    let t = s.strip_prefix("--").or_else(|| s.strip_prefix('-'))?;
    if t.is_empty() {
        return None;
    }
    Some(t.to_string())
}

fn run(args: &[OsString]) -> Result<i32, Fail> {
    let mut cfg = Config { cpu: "rv64gc".into(), prog_name: PROG.into(), ..Default::default() };
    let mut env: Vec<(OsString, OsString)> = std::env::vars_os().collect();
    let mut argv0: Option<OsString> = None;
    let mut sysroot: Option<PathBuf> = None;
    let mut stats = false;
    let mut plugin_args = PluginArgs::default();
    let mut i = 0;
    while i < args.len() {
        let Some(opt) = option_name(&args[i]) else { break };
        // Options may carry their value as `-opt=value` too.
        let (name, inline) = match opt.split_once('=') {
            Some((n, v)) if matches!(n, "L" | "E" | "U" | "cpu" | "0") => (n.to_string(), Some(OsString::from(v))),
            _ => (opt.clone(), None),
        };
        let mut value = || -> Result<OsString, Fail> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            i += 1;
            args.get(i).cloned().ok_or_else(|| Fail(format!("option -{name} needs an argument")))
        };
        match name.as_str() {
            "L" => sysroot = Some(PathBuf::from(value()?)),
            "E" => {
                let v = value()?;
                let s = v.as_bytes();
                let eq = s
                    .iter()
                    .position(|&c| c == b'=')
                    .ok_or_else(|| Fail(format!("-E {}: expected VAR=VALUE", v.to_string_lossy())))?;
                let (k, val) = (
                    OsString::from(std::ffi::OsStr::from_bytes(&s[..eq])),
                    OsString::from(std::ffi::OsStr::from_bytes(&s[eq + 1..])),
                );
                env.retain(|(ek, _)| *ek != k);
                env.push((k, val));
            }
            "U" => {
                let k = value()?;
                env.retain(|(ek, _)| *ek != k);
            }
            "0" => argv0 = Some(value()?),
            "cpu" => {
                let m = value()?.to_string_lossy().into_owned();
                if m == "help" || m == "?" {
                    println!("Available CPU models:");
                    for n in CpuModel::NAMES {
                        println!("  {n}");
                    }
                    return Ok(0);
                }
                if CpuModel::by_name(&m, 0).is_none() {
                    return Err(Fail(format!("unknown CPU model '{m}' (known: {})", CpuModel::NAMES.join(", "))));
                }
                cfg.cpu = m;
            }
            "strace" => cfg.strace = true,
            "plugin" => plugin_args.specs.push(value()?.to_string_lossy().into_owned()),
            "d" => {
                for item in value()?.to_string_lossy().split(',') {
                    match item {
                        "plugin" => plugin_args.log_plugin = true,
                        other => eprintln!("{PROG}: warning: -d {other}: not supported, ignored"),
                    }
                }
            }
            "D" => plugin_args.log_file = Some(PathBuf::from(value()?)),
            "stats" => stats = true,
            "h" | "help" => {
                print!("{USAGE}");
                return Ok(0);
            }
            "version" => return real_main(vec!["--version".into()]),
            _ => return Err(Fail(format!("unknown option '{}' (try 'rivet --help')", args[i].to_string_lossy()))),
        }
        i += 1;
    }
    let Some(program) = args.get(i) else {
        return Err(Fail("no program to run (usage: rivet run [OPTIONS] PROGRAM [ARGS...])".into()));
    };
    cfg.program = PathBuf::from(program);
    cfg.argv = std::iter::once(argv0.unwrap_or_else(|| program.clone())).chain(args[i + 1..].iter().cloned()).collect();
    cfg.envp = env
        .into_iter()
        .map(|(k, v)| {
            let mut s = k;
            s.push("=");
            s.push(v);
            s
        })
        .collect();
    cfg.sysroot = sysroot.or_else(|| {
        let d = PathBuf::from("/usr/riscv64-linux-gnu");
        d.is_dir().then_some(d)
    });
    let (mut process, mut hart) = Process::load(cfg).map_err(|e| Fail(e.to_string()))?;
    let binary = rivet_qemu_abi::Binary {
        path: process.cfg.program.clone(),
        start_code: process.image.start_code,
        end_code: process.image.end_code,
        entry: process.image.entry,
        symbols: process.image.symbols.clone(),
    };
    let host = start_plugins(&plugin_args, None, binary)?;
    process.plugins = host.clone();
    let t0 = std::time::Instant::now();
    let status = process.run(&mut hart);
    if let Some(host) = &host {
        rivet_qemu_abi::atexit(host);
    }
    if stats {
        let secs = t0.elapsed().as_secs_f64();
        eprintln!(
            "{PROG}: {} guest instructions in {secs:.3} s ({:.1} M/s)",
            hart.instret,
            hart.instret as f64 / secs / 1e6
        );
    }
    Ok(status)
}

/// Loads the `-plugin`s (with `-d plugin` and `-D`) into a new plugin host: the one code path of
/// `rivet run` and `rivet system`. `system_harts` is the number of harts in system mode (what
/// plugins see as `smp_vcpus`), `None` in user mode. `None` when no plugin was asked for.
fn start_plugins(
    args: &PluginArgs,
    system_harts: Option<usize>,
    binary: rivet_qemu_abi::Binary,
) -> Result<Option<Arc<rivet_plugin_host::Host>>, Fail> {
    if args.specs.is_empty() {
        return Ok(None);
    }
    let host = Arc::new(rivet_plugin_host::Host::new());
    let vcpus = system_harts.unwrap_or(0) as i32;
    let opts = rivet_qemu_abi::Options {
        log_plugin: args.log_plugin,
        log_file: args.log_file.clone(),
        system: system_harts.is_some(),
        smp_vcpus: vcpus,
        max_vcpus: vcpus,
    };
    rivet_qemu_abi::init(&host, opts).map_err(Fail)?;
    rivet_qemu_abi::set_binary(binary);
    for spec in &args.specs {
        // A bare name that is no file and names a built-in plugin selects it.
        let (file, plugin_args) = rivet_qemu_abi::parse_spec(spec).map_err(|e| Fail(e.to_string()))?;
        if let Some(b) =
            rivet_tools::find(&file).filter(|_| !file.contains('/') && !std::path::Path::new(&file).exists())
        {
            rivet_qemu_abi::native::install(&host, b.name, b.entry, &plugin_args).map_err(Fail)?;
            continue;
        }
        rivet_qemu_abi::load(spec, &host).map_err(|e| Fail(e.to_string()))?;
    }
    Ok(Some(host))
}

/// `rivet system`: a bare-metal machine (see `rivet_machine`).
fn system(args: &[OsString]) -> Result<i32, Fail> {
    let cfg = match rivet_machine::config::parse(args).map_err(Fail)? {
        rivet_machine::Command::Print(text) => {
            print!("{text}");
            return Ok(0);
        }
        rivet_machine::Command::Run(cfg) => *cfg,
    };
    for w in &cfg.warnings {
        eprintln!("{PROG}: warning: {w}");
    }
    if let Some(path) = &cfg.dump_dtb {
        // As QEMU's dumpdtb: write the tree and stop.
        let dtb = rivet_machine::device_tree(&cfg).map_err(|e| Fail(e.to_string()))?;
        std::fs::write(path, dtb).map_err(|e| Fail(format!("{}: {e}", path.display())))?;
        return Ok(0);
    }
    let machine = rivet_machine::Machine::new(cfg.clone()).map_err(|e| Fail(e.to_string()))?;
    // In system mode QEMU reports no path, code range or entry to plugins; symbols still name
    // instructions (qemu_plugin_insn_symbol).
    let binary = rivet_qemu_abi::Binary {
        path: cfg.kernel.clone(),
        symbols: machine.image().symbols.clone(),
        ..Default::default()
    };
    let host = start_plugins(&cfg.plugins, Some(cfg.cpus.len()), binary)?;
    let t0 = std::time::Instant::now();
    let outcome = machine.run(host.clone());
    let message = outcome.message().map(|m| format!("{PROG}: {m}"));
    if outcome.message_first() {
        message.iter().for_each(|m| eprintln!("{m}"));
    }
    if let Some(host) = &host {
        rivet_qemu_abi::atexit(host);
    }
    if !outcome.message_first() {
        message.iter().for_each(|m| eprintln!("{m}"));
    }
    if cfg.stats {
        let secs = t0.elapsed().as_secs_f64();
        eprintln!(
            "{PROG}: {} guest instructions in {secs:.3} s ({:.1} M/s)",
            outcome.instret,
            outcome.instret as f64 / secs / 1e6
        );
    }
    Ok(outcome.status())
}
