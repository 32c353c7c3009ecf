//! `rivet system`'s command line, spelled as QEMU's `qemu-system-riscv64` users type it (one or two
//! dashes, `-machine virt,aclint=off`, `-smp cpus=2`, `-m 1G`, ...). Parsed by hand for the same
//! reason as `rivet run`: single-dash long options.
//!
//! Heterogeneous harts: `-cpu` takes one model for every hart, or a colon-separated list giving
//! hart 0's model, hart 1's, and so on; the last model repeats for the remaining harts
//! (`-smp 4 -cpu rv64gc:rv64imac` makes hart 0 an rv64gc and harts 1 to 3 rv64imac). The colon
//! keeps QEMU's comma free for CPU properties (`-cpu rv64,zba=on`), which rivet does not take.

use crate::console::OutputTo;
use crate::devices::ClockMode;
use rivet_core::CpuModel;
use std::ffi::OsString;
use std::path::PathBuf;

/// The text of `rivet system --help`.
pub const USAGE: &str = "\
Usage: rivet system [OPTIONS] -kernel IMAGE
Run a bare-metal riscv64 image on a machine like qemu-system-riscv64's (one or two dashes).

Machine:
  -M, -machine virt|spike[,...]
                  virt (default): RAM at 0x80000000, NS16550A UART at 0x10000000, SiFive test
                  finisher at 0x100000, CLINT at 0x2000000 (PLIC, RTC and empty virtio-mmio slots
                  answer probes); spike: RAM, CLINT and HTIF only. Sub-options are accepted and
                  ignored, except dumpdtb=FILE (write the device tree and exit); `-M help` lists
                  the machines
  -bios none      no firmware: the image starts in M-mode (the default; firmware is not supported)
  -kernel IMAGE   an ELF file (segments loaded at their physical addresses) or a raw binary
                  (loaded at 0x80000000); every hart starts at 0x80000000 through the reset ROM
                  with a0 = hart id, a1 = device tree, a2 = fw_dynamic info, as with QEMU
  -append ARGS    /chosen/bootargs, and the semihosting command line after the image name
  -dtb FILE       use this device tree blob instead of the generated one (packed as QEMU packs
                  it, at the same address); not with -append
  -m SIZE         RAM size: 128M (default), 512 (MiB), 1G, 2G...; also size=SIZE
  -smp N          N harts (also cpus=N, or sockets=/cores=/threads=), each on its own host thread
  -cpu MODEL[:MODEL...]
                  CPU model (rv64gc, the default; rv64imac; rv64 and max mean rv64gc). A colon
                  list gives hart 0's model, hart 1's, ...; the last one repeats for the remaining
                  harts (-smp 4 -cpu rv64gc:rv64imac: hart 0 rv64gc, harts 1-3 rv64imac). Without
                  -smp, the list's length is the number of harts. `-cpu help` lists the models

Console and time:
  -nographic, -serial stdio|mon:stdio|none, -monitor none, -display none
                  the UART is the terminal (stdout, and stdin when the guest reads it); none
                  discards its output
  -icount [shift=]N
                  mtime follows each hart's instruction count, every instruction lasting 2^N ns
                  (N = 0..10), instead of the host clock: runs become reproducible
  -semihosting, -semihosting-config enable=on[,target=native][,arg=ARG...]
                  serve Arm-style semihosting calls (ebreak between slli x0,x0,0x1f and
                  srai x0,x0,7): console, host files, clock, command line, heap info, exit

Plugins:
  -plugin FILE[,ARG=VALUE...]
                  load a QEMU TCG plugin (API 2 to 7; also `file=FILE,...`; repeatable)
  -d plugin       send plugin output (qemu_plugin_outs) and plugin API misuse to the log
  -D FILE         write the log to FILE instead of stderr

Other:
  -accel tcg[,thread=multi|single], -no-reboot, -nodefaults
                  accepted (rivet always runs a thread per hart)
  -stats          at exit, print guest instructions executed and the rate on stderr
  -h, --help      this text

Exit status: the guest's (test finisher, semihosting or HTIF exit code); 0 when the guest asks
for a reset (rivet stops instead); 1 with a message when rivet cannot go on (a trap it cannot
take yet, every hart waiting in wfi for an interrupt that cannot come, a bad option or image).
Not supported yet: firmware (-bios FILE), -device/-drive, the GDB stub (-s, -S, -gdb).
";

/// Which board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MachineKind {
    /// QEMU's `virt`.
    Virt,
    /// QEMU's `spike`.
    Spike,
}

impl MachineKind {
    /// Most harts the board takes (QEMU's limits).
    pub fn max_harts(self) -> u32 {
        match self {
            MachineKind::Virt => 512,
            MachineKind::Spike => 8,
        }
    }

    /// The name users pass with `-M`.
    pub fn name(self) -> &'static str {
        match self {
            MachineKind::Virt => "virt",
            MachineKind::Spike => "spike",
        }
    }
}

/// The plugin options, handed to the plugin loader.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PluginArgs {
    /// `-plugin` specifications, in order.
    pub specs: Vec<String>,
    /// `-d plugin`.
    pub log_plugin: bool,
    /// `-D FILE`.
    pub log_file: Option<PathBuf>,
}

/// Everything `rivet system` was asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemConfig {
    /// The board.
    pub machine: MachineKind,
    /// The `-kernel` image.
    pub kernel: PathBuf,
    /// RAM size in bytes.
    pub ram_size: u64,
    /// CPU model name of each hart (one entry per hart).
    pub cpus: Vec<String>,
    /// Semihosting enabled.
    pub semihosting: bool,
    /// `-semihosting-config userspace=on`: U-mode may make semihosting calls.
    pub semihosting_userspace: bool,
    /// `-semihosting-config arg=...` values (the command line, replacing the image name and
    /// `-append`).
    pub semihosting_args: Vec<String>,
    /// `-append`.
    pub append: Option<String>,
    /// How mtime advances.
    pub clock: ClockMode,
    /// Where the UART's output goes.
    pub serial: OutputTo,
    /// Plugin options.
    pub plugins: PluginArgs,
    /// `-machine dumpdtb=FILE`: write the device tree there and stop.
    pub dump_dtb: Option<PathBuf>,
    /// `-dtb FILE`: this device tree instead of the generated one.
    pub dtb: Option<PathBuf>,
    /// `-stats`.
    pub stats: bool,
    /// Messages about accepted-but-ignored options, for the caller to print.
    pub warnings: Vec<String>,
}

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Run a machine.
    Run(Box<SystemConfig>),
    /// Print this text on stdout and exit with status 0 (`--help`, `-cpu help`, `-M help`).
    Print(String),
}

/// Default RAM size of both boards (QEMU's).
pub const DEFAULT_RAM: u64 = 128 << 20;
/// Largest RAM rivet accepts.
pub const MAX_RAM: u64 = 256 << 30;

/// Parses a QEMU size: a number (fractions allowed) with an optional suffix B, K, M, G or T
/// (either case); no suffix means MiB, as QEMU's `-m`. The result is rounded up to 8 KiB as QEMU
/// does.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let bad = || format!("invalid size '{s}' (examples: 128M, 512, 1G, 1.5G)");
    let t = s.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (num, suffix) = t.split_at(split);
    let unit: u64 = match suffix.to_ascii_lowercase().as_str() {
        "" | "m" | "mb" | "mib" => 1 << 20,
        "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        _ => return Err(bad()),
    };
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    if int.is_empty() && frac.is_empty() {
        return Err(bad());
    }
    let int: u64 = if int.is_empty() { 0 } else { int.parse().map_err(|_| bad())? };
    let mut bytes = int.checked_mul(unit).ok_or_else(bad)?;
    if !frac.is_empty() {
        let digits: u32 = frac.len().min(9) as u32;
        let f: u64 = frac[..digits as usize].parse().map_err(|_| bad())?;
        bytes = bytes.checked_add((f as u128 * unit as u128 / 10u128.pow(digits)) as u64).ok_or_else(bad)?;
    }
    Ok(bytes.div_ceil(8192) * 8192)
}

fn parse_u32(what: &str, s: &str) -> Result<u32, String> {
    s.parse().map_err(|_| format!("{what}: '{s}' is not a number"))
}

/// `-smp` value: the number of harts.
fn parse_smp(v: &str) -> Result<u32, String> {
    let mut cpus = None;
    let mut product = 1u32;
    let mut topology = false;
    for (i, item) in v.split(',').enumerate() {
        match item.split_once('=') {
            None if i == 0 => cpus = Some(parse_u32("-smp", item)?),
            Some(("cpus", n)) => cpus = Some(parse_u32("-smp cpus", n)?),
            Some(("maxcpus", n)) => {
                parse_u32("-smp maxcpus", n)?;
            }
            Some((
                k @ ("sockets" | "dies" | "clusters" | "modules" | "cores" | "threads" | "books" | "drawers"),
                n,
            )) => {
                product = product.saturating_mul(parse_u32(&format!("-smp {k}"), n)?);
                topology = true;
            }
            _ => return Err(format!("-smp {v}: unknown parameter '{item}'")),
        }
    }
    let n = cpus.unwrap_or(if topology { product } else { 1 });
    if n == 0 {
        return Err("-smp: the number of harts must be at least 1".into());
    }
    Ok(n)
}

/// Normalises `--opt`/`-opt` to `opt`; `None` for non-options.
fn option_name(a: &OsString) -> Option<String> {
    let s = a.to_str()?;
    let t = s.strip_prefix("--").or_else(|| s.strip_prefix('-'))?;
    (!t.is_empty()).then(|| t.to_string())
}

fn cpu_list() -> String {
    let mut s = String::from("Available CPU models (a colon list gives one per hart):\n");
    for n in CpuModel::NAMES {
        s.push_str(&format!("  {n}\n"));
    }
    s.push_str("  rv64, max (aliases of rv64gc)\n");
    s
}

/// Parses the arguments after `rivet system`.
pub fn parse(args: &[OsString]) -> Result<Command, String> {
    let mut machine = MachineKind::Virt;
    let mut kernel: Option<PathBuf> = None;
    let mut ram_size = DEFAULT_RAM;
    let mut smp: Option<u32> = None;
    let mut cpu_spec: Option<Vec<String>> = None;
    let mut semihosting = false;
    let mut semihosting_args = Vec::new();
    let mut semihosting_userspace = false;
    let mut append = None;
    let mut clock = ClockMode::Host;
    let mut serial: Option<OutputTo> = None;
    let mut plugins = PluginArgs::default();
    let mut dump_dtb = None;
    let mut dtb = None;
    let mut stats = false;
    let mut warnings = Vec::new();

    let mut i = 0;
    while i < args.len() {
        let Some(name) = option_name(&args[i]) else {
            return Err(format!(
                "unexpected argument '{}' (rivet system takes its image with -kernel IMAGE)",
                args[i].to_string_lossy()
            ));
        };
        let mut value = || -> Result<String, String> {
            i += 1;
            let v = args.get(i).ok_or_else(|| format!("option -{name} needs an argument"))?;
            v.to_str().map(str::to_owned).ok_or_else(|| format!("option -{name}: the argument is not valid UTF-8"))
        };
        match name.as_str() {
            "M" | "machine" => {
                let v = value()?;
                let mut items = v.split(',');
                let ty = items.next().unwrap_or("");
                let ty = ty.strip_prefix("type=").unwrap_or(ty);
                machine = match ty {
                    "virt" => MachineKind::Virt,
                    "spike" => MachineKind::Spike,
                    "help" | "?" => {
                        return Ok(Command::Print(
                            "Supported machines:\nvirt                 RISC-V VirtIO board (default)\nspike                RISC-V Spike board\n".into(),
                        ))
                    }
                    other => return Err(format!("-machine {other}: unknown machine (virt, spike; -M help lists them)")),
                };
                // Other sub-options (aclint=off, aia=none, acpi=..., iommu-sys=...) are QEMU's
                // defaults or features rivet does not model: accepted and ignored.
                for item in items {
                    if let Some(("dumpdtb", f)) = item.split_once('=') {
                        dump_dtb = Some(PathBuf::from(f));
                    }
                }
            }
            "bios" => {
                let v = value()?;
                if v != "none" {
                    return Err(format!("-bios {v}: firmware is not supported yet; use -bios none (the image then starts in M-mode at 0x80000000)"));
                }
            }
            "kernel" => kernel = Some(PathBuf::from(value()?)),
            "append" => append = Some(value()?),
            "m" => {
                let v = value()?;
                let size_spec = v.split(',').find_map(|item| match item.split_once('=') {
                    Some(("size", s)) => Some(s.to_string()),
                    Some(_) => None,
                    None => Some(item.to_string()),
                });
                let size = parse_size(size_spec.as_deref().unwrap_or("")).map_err(|e| format!("-m {v}: {e}"))?;
                if size == 0 || size > MAX_RAM {
                    return Err(format!("-m {v}: RAM must be between 8K and 256G"));
                }
                ram_size = size;
            }
            "smp" => smp = Some(parse_smp(&value()?)?),
            "cpu" => {
                let v = value()?;
                if v == "help" || v == "?" {
                    return Ok(Command::Print(cpu_list()));
                }
                let mut list = Vec::new();
                for m in v.split(':') {
                    if let Some((_, props)) = m.split_once(',') {
                        return Err(format!(
                            "-cpu {v}: CPU properties ({props}) are not supported; models: {}",
                            model_names()
                        ));
                    }
                    if CpuModel::by_name(m, 0).is_none() {
                        return Err(format!("-cpu {v}: unknown CPU model '{m}' (known: {})", model_names()));
                    }
                    list.push(m.to_string());
                }
                cpu_spec = Some(list);
            }
            "nographic" => {}
            "serial" => {
                let v = value()?;
                let to = match v.as_str() {
                    "stdio" | "mon:stdio" => OutputTo::Stdout,
                    "none" | "null" => OutputTo::Discard,
                    _ => return Err(format!("-serial {v}: only stdio, mon:stdio and none are supported")),
                };
                // The first -serial is the UART; the board has no other.
                if serial.is_none() {
                    serial = Some(to);
                } else {
                    warnings.push(format!("-serial {v}: the machine has one UART; ignored"));
                }
            }
            "monitor" => {
                let v = value()?;
                if v != "none" {
                    return Err(format!("-monitor {v}: rivet has no monitor; use -monitor none"));
                }
            }
            "display" => {
                let v = value()?;
                if v != "none" {
                    return Err(format!("-display {v}: rivet has no display; use -display none or -nographic"));
                }
            }
            "semihosting" => semihosting = true,
            "semihosting-config" => {
                let v = value()?;
                for item in v.split(',') {
                    match item.split_once('=').unwrap_or((item, "")) {
                        ("enable", "on") | ("on", "") => semihosting = true,
                        ("enable", "off") => semihosting = false,
                        ("target", "native" | "auto") => {}
                        ("target", t) => {
                            return Err(format!("-semihosting-config target={t}: only target=native is supported"))
                        }
                        ("arg", a) => semihosting_args.push(a.to_string()),
                        ("userspace", u @ ("on" | "off")) => semihosting_userspace = u == "on",
                        ("chardev", _) => return Err(
                            "-semihosting-config chardev=...: not supported (the console is stderr, as QEMU's default)"
                                .into(),
                        ),
                        _ => return Err(format!("-semihosting-config {v}: unknown parameter '{item}'")),
                    }
                }
            }
            "icount" => {
                let v = value()?;
                let mut shift = None;
                for item in v.split(',') {
                    match item.split_once('=') {
                        None if shift.is_none() && item.parse::<u32>().is_ok() => shift = Some(item.to_string()),
                        Some(("shift", s)) => shift = Some(s.to_string()),
                        Some(("sleep" | "align", _)) => {}
                        _ => return Err(format!("-icount {v}: unknown parameter '{item}'")),
                    }
                }
                let s = shift.ok_or_else(|| format!("-icount {v}: give the shift, e.g. -icount shift=0"))?;
                if s == "auto" {
                    return Err("-icount shift=auto: not supported (it is not reproducible); give a number".into());
                }
                let shift = parse_u32("-icount shift", &s)?;
                if shift > 10 {
                    return Err(format!("-icount shift={shift}: the shift must be between 0 and 10"));
                }
                clock = ClockMode::Icount { shift };
            }
            "accel" => {
                let v = value()?;
                if v.split(',').next() != Some("tcg") {
                    return Err(format!("-accel {v}: only -accel tcg is available"));
                }
            }
            "enable-kvm" => return Err("-enable-kvm: only -accel tcg is available".into()),
            "no-reboot" | "nodefaults" => {}
            "s" | "S" => return Err(format!("-{name}: the GDB stub is not supported yet")),
            "gdb" => return Err("-gdb: the GDB stub is not supported yet".into()),
            "dtb" => dtb = Some(PathBuf::from(value()?)),
            "device" | "drive" | "netdev" | "hda" | "cdrom" | "initrd" => {
                return Err(format!("-{name}: not supported yet"))
            }
            "plugin" => plugins.specs.push(value()?),
            "d" => {
                for item in value()?.split(',') {
                    match item {
                        "plugin" => plugins.log_plugin = true,
                        other => warnings.push(format!("-d {other}: not supported, ignored")),
                    }
                }
            }
            "D" => plugins.log_file = Some(PathBuf::from(value()?)),
            "stats" => stats = true,
            "h" | "help" => return Ok(Command::Print(USAGE.into())),
            _ => return Err(format!("unknown option '{}' (try 'rivet system --help')", args[i].to_string_lossy())),
        }
        i += 1;
    }

    // dumpdtb needs no image, as with QEMU.
    let kernel = match (kernel, &dump_dtb) {
        (Some(k), _) => k,
        (None, Some(_)) => PathBuf::new(),
        (None, None) => return Err("no image to run (usage: rivet system [OPTIONS] -kernel IMAGE)".into()),
    };
    if dtb.is_some() && append.is_some() {
        return Err("-dtb with -append: changing a given device tree is not supported".into());
    }
    let spec = cpu_spec.unwrap_or_else(|| vec!["rv64gc".into()]);
    let harts = smp.unwrap_or(spec.len() as u32);
    if harts > machine.max_harts() {
        return Err(format!(
            "-smp {harts}: the {} machine takes at most {} harts",
            machine.name(),
            machine.max_harts()
        ));
    }
    if spec.len() as u32 > harts {
        return Err(format!("-cpu lists {} models but the machine has {harts} harts (-smp)", spec.len()));
    }
    let last = spec.last().cloned().unwrap_or_default();
    let cpus = (0..harts as usize).map(|i| spec.get(i).cloned().unwrap_or_else(|| last.clone())).collect();
    Ok(Command::Run(Box::new(SystemConfig {
        machine,
        kernel,
        ram_size,
        cpus,
        semihosting,
        semihosting_userspace,
        semihosting_args,
        append,
        clock,
        serial: serial.unwrap_or(OutputTo::Stdout),
        plugins,
        dump_dtb,
        dtb,
        stats,
        warnings,
    })))
}

fn model_names() -> String {
    CpuModel::NAMES.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(args: &str) -> Result<SystemConfig, String> {
        let v: Vec<OsString> = args.split_whitespace().map(OsString::from).collect();
        match parse(&v)? {
            Command::Run(c) => Ok(*c),
            Command::Print(t) => Err(format!("printed: {}", t.lines().next().unwrap_or(""))),
        }
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("128M"), Ok(128 << 20));
        assert_eq!(parse_size("512"), Ok(512 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert_eq!(parse_size("1.5G"), Ok(3 << 29));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("1000B"), Ok(8192));
        assert!(parse_size("12Q").is_err());
        assert!(parse_size("").is_err());
        assert!(parse_size("G").is_err());
        assert!(parse_size("99999999999999999999T").is_err());
    }

    #[test]
    fn qemu_spellings() {
        let c = cfg("-M virt -bios none -kernel k.elf -nographic").unwrap();
        assert_eq!((c.machine, c.kernel.to_str(), c.ram_size), (MachineKind::Virt, Some("k.elf"), 128 << 20));
        assert_eq!(c.cpus, ["rv64gc"]);
        assert_eq!(c.clock, ClockMode::Host);
        assert_eq!(c.serial, OutputTo::Stdout);
        let c = cfg("--machine virt,aclint=off,aia=none --kernel k -m 1G -smp cpus=2,maxcpus=4 -serial mon:stdio -monitor none -display none -accel tcg,thread=multi").unwrap();
        assert_eq!((c.ram_size, c.cpus.len()), (1 << 30, 2));
        let c = cfg("-machine spike -kernel k -smp sockets=1,cores=2,threads=2 -cpu max").unwrap();
        assert_eq!((c.machine, c.cpus.len()), (MachineKind::Spike, 4));
        let c = cfg("-kernel k -semihosting-config enable=on,target=native,arg=prog,arg=x -icount shift=3").unwrap();
        assert!(c.semihosting);
        assert_eq!(c.semihosting_args, ["prog", "x"]);
        assert_eq!(c.clock, ClockMode::Icount { shift: 3 });
        assert!(cfg("-kernel k -semihosting").unwrap().semihosting);
        assert_eq!(cfg("-kernel k -icount 0").unwrap().clock, ClockMode::Icount { shift: 0 });
        let c = cfg("-kernel k -plugin a.so,x=1 -d plugin,in_asm -D log.txt -M virt,dumpdtb=t.dtb").unwrap();
        assert_eq!(c.plugins.specs, ["a.so,x=1"]);
        assert!(c.plugins.log_plugin);
        assert_eq!(c.plugins.log_file.as_deref(), Some(std::path::Path::new("log.txt")));
        assert_eq!(c.warnings, ["-d in_asm: not supported, ignored"]);
        assert_eq!(c.dump_dtb.as_deref(), Some(std::path::Path::new("t.dtb")));
        assert_eq!(cfg("-kernel k -serial none").unwrap().serial, OutputTo::Discard);
        assert_eq!(cfg("-kernel k -m size=256M,slots=2,maxmem=1G").unwrap().ram_size, 256 << 20);
    }

    #[test]
    fn heterogeneous_cpus() {
        assert_eq!(cfg("-kernel k -cpu rv64gc:rv64imac").unwrap().cpus, ["rv64gc", "rv64imac"]);
        assert_eq!(cfg("-kernel k -smp 3 -cpu rv64gc:rv64imac").unwrap().cpus, ["rv64gc", "rv64imac", "rv64imac"]);
        assert_eq!(cfg("-kernel k -smp 2 -cpu rv64imac").unwrap().cpus, ["rv64imac", "rv64imac"]);
        assert!(cfg("-kernel k -smp 1 -cpu rv64gc:rv64imac").unwrap_err().contains("lists 2 models"));
        assert!(cfg("-kernel k -cpu rv32").unwrap_err().contains("unknown CPU model 'rv32'"));
        assert!(cfg("-kernel k -cpu rv64,zba=true").unwrap_err().contains("properties"));
        assert_eq!(cfg("-cpu help").unwrap_err(), "printed: Available CPU models (a colon list gives one per hart):");
    }

    #[test]
    fn errors() {
        assert!(cfg("-M virt").unwrap_err().contains("no image"));
        assert!(cfg("-kernel k -bios default").unwrap_err().contains("firmware is not supported"));
        assert!(cfg("-kernel k -M sifive_u").unwrap_err().contains("unknown machine"));
        assert!(cfg("-kernel k -s").unwrap_err().contains("GDB stub"));
        assert!(cfg("-kernel k -S").unwrap_err().contains("GDB stub"));
        assert!(cfg("-kernel k -gdb tcp::1234").unwrap_err().contains("GDB stub"));
        assert!(cfg("-kernel k -smp 0").is_err());
        assert!(cfg("-kernel k -M spike -smp 9").unwrap_err().contains("at most 8"));
        assert!(cfg("-kernel k -m 12Q").unwrap_err().contains("invalid size"));
        assert!(cfg("-kernel k -m 1T").unwrap_err().contains("between"));
        assert!(cfg("-kernel k -icount shift=auto").unwrap_err().contains("auto"));
        assert!(cfg("-kernel k -icount shift=11").is_err());
        assert!(cfg("-kernel k -accel kvm").is_err());
        assert!(cfg("-kernel k -serial tcp::4444").is_err());
        assert!(cfg("-kernel k -frobnicate").unwrap_err().contains("unknown option"));
        assert!(cfg("-kernel k image.bin").unwrap_err().contains("unexpected argument"));
        assert!(cfg("-kernel").unwrap_err().contains("needs an argument"));
        assert!(cfg("-kernel k -semihosting-config target=gdb").is_err());
        assert_eq!(cfg("--help").unwrap_err(), "printed: Usage: rivet system [OPTIONS] -kernel IMAGE");
        assert_eq!(cfg("-M help").unwrap_err(), "printed: Supported machines:");
    }
}
