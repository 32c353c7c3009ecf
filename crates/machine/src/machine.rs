//! A machine: physical memory, devices, harts, and the run loop of each hart.
//!
//! Physical memory is a [`GuestMemory`] used as the physical address space: the reset ROM and RAM
//! are mapped pages, device windows are left unmapped (see `mmio`). Each hart runs on its own host
//! thread with its own [`Engine`](rivet_core::Engine) (block cache, JIT), all sharing the memory, the devices and the
//! plugin host. The run ends when the guest asks (test finisher, semihosting, HTIF), when a hart
//! meets something rivet cannot do yet (a trap), or when every hart waits in `wfi` for an
//! interrupt that nothing can raise; the first reason wins and every hart stops at its next block
//! boundary.

use crate::bus::AccessCtx;
use crate::bus::{Bus, Stop};
use crate::config::{MachineKind, SystemConfig};
use crate::console::Console;
use crate::devices::{Clint, Clock, GoldfishRtc, Htif, HtifMmio, HtifWatch, Ignore, TestFinisher, Uart};
use crate::devices::{VirtioMmioEmpty, Waker};
use crate::engines::HartEngines;
use crate::image::{self, Image};
use crate::semihosting::{self, Semihosting};
use crate::trap::{self, Cause, CorePrivileged, Privileged, PrivilegedFactory, Trap, TrapAction, WfiAction};
use crate::{fdt, layout, mmio, rom};
use rivet_core::engine::fetch;
use rivet_core::mem::{perm, Access, MemFault, PAGE_SIZE};
use rivet_core::privileged::AccessType;
use rivet_core::vm::{self, Regime};
use rivet_core::{CpuModel, Exit, GuestMemory, Hart};
use rivet_isa::Opcode;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::exfiltrator::WithOrigin;
use signal_hook::iterator::SignalsInfo;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A machine that cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum MachineError {
    /// The image is unusable.
    #[error(transparent)]
    Image(#[from] image::ImageError),
    /// The image file cannot be read.
    #[error("{}: {}", path.display(), io_text(err))]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        err: std::io::Error,
    },
    /// Anything else.
    #[error("{0}")]
    Other(String),
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Why it stopped.
    pub stop: Stop,
    /// Instructions retired by all harts.
    pub instret: u64,
}

impl Outcome {
    /// The exit status of the rivet process.
    pub fn status(&self) -> i32 {
        self.stop.status()
    }

    /// The message to show the user, if any (errors, resets).
    pub fn message(&self) -> Option<String> {
        match &self.stop {
            Stop::Exit(_) => None,
            Stop::Reset => Some("the guest asked for a reset; rivet does not reset machines, stopping".into()),
            Stop::Error(m) | Stop::Abort(m) => Some(m.clone()),
            // QEMU's words.
            Stop::Signal { signal, from: None } => Some(format!("terminating on signal {signal}")),
            Stop::Signal { signal, from: Some(pid) } => {
                let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
                Some(format!("terminating on signal {signal} from pid {pid} ({})", name.trim_end()))
            }
        }
    }

    /// Whether the message belongs before the plugins' atexit output (a signal's, as QEMU
    /// prints it when the signal arrives).
    pub fn message_first(&self) -> bool {
        matches!(self.stop, Stop::Signal { .. })
    }
}

/// State the harts share while running.
struct Shared {
    stop: Mutex<Option<Stop>>,
    stopping: AtomicBool,
    /// Harts asleep in `wfi` that no timer will wake (protected by the waker's lock).
    parked: AtomicUsize,
}

/// A built machine, ready to run.
pub struct Machine {
    cfg: SystemConfig,
    mem: Arc<GuestMemory>,
    bus: Bus,
    clint: Arc<Clint>,
    console: Arc<Console>,
    waker: Arc<Waker>,
    htif: Option<HtifWatch>,
    semihosting: Option<Semihosting>,
    harts: Vec<Hart>,
    image: Image,
    fdt_addr: u64,
    privileged: PrivilegedFactory,
    shared: Shared,
}

/// The CPU models of the harts: one [`CpuModel`] per distinct name, shared by its harts, with
/// indices in order of first appearance (so plugin register handles are per model).
pub fn hart_models(names: &[String]) -> Result<Vec<Arc<CpuModel>>, MachineError> {
    let mut models: Vec<Arc<CpuModel>> = Vec::new();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let canonical =
            CpuModel::by_name(name, 0).ok_or_else(|| MachineError::Other(format!("unknown CPU model '{name}'")))?.name;
        let m = match models.iter().find(|m| m.name == canonical) {
            Some(m) => m.clone(),
            None => {
                let m = Arc::new(CpuModel::system_by_name(name, models.len() as u32).expect("name checked above"));
                models.push(m.clone());
                m
            }
        };
        out.push(m);
    }
    Ok(out)
}

/// The device tree of a configuration (`-machine dumpdtb=FILE` writes it).
pub fn device_tree(cfg: &SystemConfig) -> Result<Vec<u8>, MachineError> {
    let models = hart_models(&cfg.cpus)?;
    fdt::build(&fdt::FdtParams {
        kind: cfg.machine,
        ram_base: layout::DRAM,
        ram_size: cfg.ram_size,
        harts: &models,
        bootargs: cfg.append.as_deref(),
    })
    .map_err(|e| MachineError::Other(format!("cannot build the device tree: {e}")))
}

/// An I/O error as the C library words it, without Rust's " (os error N)".
fn io_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.rfind(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn other(e: impl std::fmt::Display) -> MachineError {
    MachineError::Other(e.to_string())
}

impl Machine {
    /// Builds the machine `cfg` describes, with the image loaded, console on the host's stdio.
    pub fn new(cfg: SystemConfig) -> Result<Machine, MachineError> {
        let console = Arc::new(Console::new(cfg.serial, true));
        Machine::with_console(cfg, console)
    }

    /// Builds the machine with the given console (tests capture its output).
    pub fn with_console(cfg: SystemConfig, console: Arc<Console>) -> Result<Machine, MachineError> {
        let models = hart_models(&cfg.cpus)?;
        let nharts = models.len();
        let ram = layout::DRAM..layout::DRAM + cfg.ram_size;
        let data = std::fs::read(&cfg.kernel).map_err(|err| MachineError::Io { path: cfg.kernel.clone(), err })?;
        let image = image::parse(&cfg.kernel, &data, ram.clone())?;

        // Physical memory: the smallest power-of-two space holding RAM.
        let bits = (64 - (ram.end - 1).leading_zeros()).max(32);
        let mem = Arc::new(GuestMemory::new(bits).map_err(|e| other(format!("cannot reserve guest memory: {e}")))?);
        mem.map_anon(rom::ROM_BASE, rom::ROM_SIZE, perm::R | perm::X).map_err(other)?;
        mem.map_anon(ram.start, cfg.ram_size, perm::R | perm::W | perm::X).map_err(other)?;

        let dtb = match &cfg.dtb {
            Some(path) => {
                let data = std::fs::read(path).map_err(|err| MachineError::Io { path: path.clone(), err })?;
                fdt::open_given(&data).map_err(|e| other(format!("{}: {e}", path.display())))?
            }
            None => device_tree(&cfg)?,
        };
        let fdt_addr = fdt::address(ram.start, cfg.ram_size, dtb.len() as u64);
        if image.high() > fdt_addr {
            return Err(other(format!(
                "{}: the image ends at {:#x}, past where the device tree goes ({fdt_addr:#x}): use a larger -m",
                cfg.kernel.display(),
                image.high()
            )));
        }
        image.write(&data, &mem)?;
        mem.poke_bytes(fdt_addr, &dtb).map_err(|_| other("cannot write the device tree"))?;
        // With -bios none every hart starts at the start of RAM, whatever the ELF entry; the
        // firmware info names where the image was loaded.
        mem.poke_bytes(rom::ROM_BASE, &rom::reset_vector(ram.start, fdt_addr, image.low()))
            .map_err(|_| other("cannot write the reset ROM"))?;

        let clock = Arc::new(Clock::new(cfg.clock, nharts));
        let waker = Arc::new(Waker::default());
        let clint = Arc::new(Clint::new(nharts, clock.clone(), waker.clone()));
        let mut bus = Bus::new();
        bus.add(layout::CLINT, crate::devices::clint::reg::SIZE, clint.clone());
        match cfg.machine {
            MachineKind::Virt => {
                bus.add(layout::TEST, crate::devices::simple::finisher::SIZE, Arc::new(TestFinisher));
                bus.add(layout::RTC, 0x1000, Arc::new(GoldfishRtc::default()));
                bus.add(layout::PLIC, layout::PLIC_SIZE, Arc::new(Ignore("plic")));
                bus.add(layout::UART, crate::devices::uart::reg::SIZE, Arc::new(Uart::new(console.clone())));
                for slot in 0..layout::VIRTIO_COUNT {
                    bus.add(
                        layout::VIRTIO + slot * layout::VIRTIO_SIZE,
                        layout::VIRTIO_SIZE,
                        Arc::new(VirtioMmioEmpty),
                    );
                }
            }
            MachineKind::Spike if image.tohost.is_none() => {
                bus.add(layout::HTIF, 0x1000, Arc::new(HtifMmio::new(Htif::new(console.clone(), mem.clone()))));
            }
            MachineKind::Spike => {}
        }

        // HTIF on the image's `tohost`: stores to its page come to the run loop.
        let htif = match image.tohost.filter(|a| ram.contains(a) && ram.contains(&(a + 7))) {
            Some(tohost) => {
                let page = tohost & !(PAGE_SIZE - 1);
                mem.protect(page, PAGE_SIZE, perm::R | perm::X).map_err(other)?;
                if (tohost + 7) & !(PAGE_SIZE - 1) != page {
                    mem.protect(page + PAGE_SIZE, PAGE_SIZE, perm::R | perm::X).map_err(other)?;
                }
                let fromhost = image.fromhost.filter(|a| ram.contains(a));
                Some(HtifWatch::new(Htif::new(console.clone(), mem.clone()), tohost, fromhost))
            }
            None => None,
        };

        let semihosting = cfg.semihosting.then(|| {
            let cmdline = if cfg.semihosting_args.is_empty() {
                let mut words = vec![cfg.kernel.to_string_lossy().into_owned()];
                words.extend(cfg.append.iter().flat_map(|a| a.split(' ').filter(|w| !w.is_empty()).map(str::to_owned)));
                words.join(" ")
            } else {
                cfg.semihosting_args.join(" ")
            };
            let mut blobs: Vec<(u64, u64)> = image.segments.iter().map(|s| (s.addr, s.memsz)).collect();
            blobs.push((fdt_addr, dtb.len() as u64));
            let heap = semihosting::heap_info(ram.clone(), &blobs);
            Semihosting::new(console.clone(), clock.clone(), cmdline, heap, cfg.semihosting_userspace)
        });

        let harts = models
            .iter()
            .enumerate()
            .map(|(i, m)| {
                // Harts reset in M-mode.
                let mut h = Hart::new_system(m.clone(), i as u32, Arc::new(HartClock(clock.clone())));
                h.pc = rom::ROM_BASE;
                h
            })
            .collect();

        Ok(Machine {
            cfg,
            mem,
            bus,
            clint,
            console,
            waker,
            htif,
            semihosting,
            harts,
            image,
            fdt_addr,
            privileged: Box::new(|_| Box::new(CorePrivileged::default())),
            shared: Shared { stop: Mutex::new(None), stopping: AtomicBool::new(false), parked: AtomicUsize::new(0) },
        })
    }

    /// Installs the privileged architecture (the integration point for `rivet-core`'s
    /// privileged layer): `f(hart_index)` makes each hart's.
    pub fn set_privileged(&mut self, f: PrivilegedFactory) {
        self.privileged = f;
    }

    /// Guest physical memory.
    pub fn memory(&self) -> &Arc<GuestMemory> {
        &self.mem
    }

    /// The CLINT (interrupt lines: `timer_pending`, `soft_pending`, `pending_mip`).
    pub fn clint(&self) -> &Arc<Clint> {
        &self.clint
    }

    /// The harts in their reset state.
    pub fn harts(&self) -> &[Hart] {
        &self.harts
    }

    /// The loaded image.
    pub fn image(&self) -> &Image {
        &self.image
    }

    /// Where the device tree is.
    pub fn fdt_addr(&self) -> u64 {
        self.fdt_addr
    }

    /// The configuration.
    pub fn config(&self) -> &SystemConfig {
        &self.cfg
    }

    /// Asks every hart to stop with `stop` (the first request wins).
    fn request_stop(&self, stop: Stop) {
        {
            let mut s = self.shared.stop.lock().unwrap_or_else(|e| e.into_inner());
            if s.is_none() {
                *s = Some(stop);
            }
        }
        self.shared.stopping.store(true, Ordering::SeqCst);
        self.waker.kick_all();
        self.waker.notify();
    }

    fn stopping(&self) -> bool {
        self.shared.stopping.load(Ordering::SeqCst)
    }

    /// Runs the machine to its end. With `plugins`, each hart's vCPU init callbacks run before any
    /// hart starts, and its exit callbacks when it stops (the caller runs the atexit callbacks).
    pub fn run(mut self, plugins: Option<Arc<rivet_plugin_host::Host>>) -> Outcome {
        let plugins = plugins.filter(|h| !h.is_empty());
        let mut harts = std::mem::take(&mut self.harts);
        let mut engines: Vec<HartEngines> = harts
            .iter()
            .map(|h| {
                HartEngines::new(h, |e, regime| {
                    // Hot blocks run as native code; RIVET_NO_JIT=1 keeps everything interpreted.
                    if regime == Regime::Bare && std::env::var_os("RIVET_NO_JIT").is_none() {
                        e.set_compiler(Box::new(rivet_jit::Jit::new()));
                    }
                    if let Some(host) = &plugins {
                        e.set_instrumenter(host.clone());
                    }
                })
            })
            .collect();
        self.waker.set_stop_flags(engines.iter().map(HartEngines::stop_flag).collect());
        if let Some(host) = &plugins {
            for e in &engines {
                host.add_stop_flag(e.stop_flag());
            }
        }
        if let Some(host) = &plugins {
            for h in harts.iter_mut() {
                host.vcpu_init(h, &self.mem);
            }
        }
        let privs: Vec<Box<dyn Privileged>> = (0..harts.len() as u32)
            .map(|i| {
                let mut p = (self.privileged)(i);
                p.set_plugins(plugins.clone());
                p
            })
            .collect();
        let this = &self;
        let plugins = plugins.as_deref();
        // SIGINT, SIGTERM and SIGHUP end the run in order instead of killing rivet with the
        // plugins' output unwritten (`timeout 10 rivet system ...` keeps its trace). The handlers
        // stay installed after the run: a second signal does not kill rivet half-way through the
        // plugins' atexit callbacks.
        let signals = SignalsInfo::<WithOrigin>::new([SIGINT, SIGTERM, SIGHUP]).ok();
        let signal_handle = signals.as_ref().map(|s| s.handle());
        let instret: u64 = std::thread::scope(|s| {
            if this.cfg.clock == crate::devices::ClockMode::Host {
                // Detached from the harts' fate: it ends when the machine stops.
                s.spawn(|| this.timer_thread());
            }
            if let Some(mut signals) = signals {
                s.spawn(move || {
                    for o in signals.forever() {
                        let from = o.process.map(|p| p.pid);
                        this.request_stop(Stop::Signal { signal: o.signal, from });
                    }
                });
            }
            let threads: Vec<_> = harts
                .into_iter()
                .zip(engines.drain(..))
                .zip(privs)
                .map(|((mut hart, mut engine), mut p)| {
                    std::thread::Builder::new().name(format!("rivet-hart-{}", hart.vcpu_index)).spawn_scoped(
                        s,
                        move || {
                            this.hart_loop(&mut hart, &mut engine, p.as_mut(), plugins);
                            if let Some(host) = plugins {
                                host.vcpu_exit(&mut hart, &this.mem);
                            }
                            hart.instret
                        },
                    )
                })
                .collect();
            let mut total = 0;
            for t in threads {
                match t.map(|t| t.join()) {
                    Ok(Ok(n)) => total += n,
                    Ok(Err(_)) => this.request_stop(Stop::Error("a hart thread panicked".into())),
                    Err(e) => this.request_stop(Stop::Error(format!("cannot start a hart thread: {e}"))),
                }
            }
            if let Some(h) = &signal_handle {
                h.close();
            }
            total
        });
        self.console.flush();
        let stop = self.shared.stop.lock().unwrap_or_else(|e| e.into_inner()).take();
        Outcome { stop: stop.unwrap_or(Stop::Error("the machine stopped for no reason".into())), instret }
    }

    /// Runs one hart until the machine stops.
    fn hart_loop(
        &self,
        hart: &mut Hart,
        engines: &mut HartEngines,
        privileged: &mut dyn Privileged,
        plugins: Option<&rivet_plugin_host::Host>,
    ) {
        let stop_flag = engines.stop_flag();
        // A thread that failed to start stopped the machine before this one got going.
        while !self.stopping() {
            // Priv, mstatus or satp may have changed since the last exit: pick the block cache.
            let exit = engines.current(hart).run(hart, &self.mem);
            let exit_pc = hart.pc;
            let result = match exit {
                Exit::Interrupted => {
                    stop_flag.store(false, Ordering::SeqCst);
                    if self.stopping() {
                        break;
                    }
                    // Integration point: the privileged layer takes an enabled pending interrupt.
                    let mip = self.clint.pending_mip(hart.vcpu_index, hart.instret);
                    privileged.interrupts(hart, &self.mem, mip);
                    None
                }
                Exit::Sync => {
                    // A CSR write may have enabled a pending interrupt: look before going on.
                    let mip = self.clint.pending_mip(hart.vcpu_index, hart.instret);
                    privileged.interrupts(hart, &self.mem, mip);
                    None
                }
                Exit::Fault(f) => self.on_fault(hart, f, privileged),
                Exit::Exception { code, tval } => match Cause::from_code(code) {
                    Some(cause) => self.trap(hart, privileged, cause, tval),
                    None => Some(Stop::Error(format!("hart {}: unexpected exception {code}", hart.vcpu_index))),
                },
                Exit::Ebreak => self.on_ebreak(hart, privileged, plugins),
                Exit::Illegal => self.on_illegal(hart, privileged, plugins, engines),
                Exit::Ecall => self.trap(hart, privileged, Cause::ecall_from(hart.priv_level), 0),
                Exit::Misaligned { addr, access } => self.trap(hart, privileged, Cause::misaligned(access), addr),
            };
            let mut result = result;
            if let Some(host) = plugins {
                // Traps, xRETs, interrupts, device loads: register changes no block hook saw.
                host.resync(hart, &self.mem, exit_pc);
                if let Some(status) = host.exit_requested() {
                    result = result.or(Some(Stop::Exit(status)));
                }
            }
            if let Some(stop) = result {
                self.request_stop(stop);
                break;
            }
        }
    }

    /// Hands a trap to the privileged layer.
    fn trap(&self, hart: &mut Hart, privileged: &mut dyn Privileged, cause: Cause, tval: u64) -> Option<Stop> {
        let t = Trap { cause, tval, pc: hart.pc };
        match privileged.trap(hart, &self.mem, &t) {
            TrapAction::Handled => None,
            TrapAction::Stop(msg) => Some(Stop::Error(msg)),
        }
    }

    fn advance(hart: &mut Hart, len: u8) {
        hart.pc = hart.pc.wrapping_add(len as u64);
        hart.instret += 1;
    }

    /// A memory access failed: a device access, a store to the watched HTIF page or to the ROM,
    /// or a real access fault.
    fn on_fault(&self, hart: &mut Hart, f: MemFault, privileged: &mut dyn Privileged) -> Option<Stop> {
        let fault = |hart: &mut Hart, p: &mut dyn Privileged| self.trap(hart, p, Cause::access_fault(f.access), f.addr);
        if f.access == Access::Exec {
            return fault(hart, privileged);
        }
        let Ok(insn) = self.insn_at_pc(hart) else {
            return self.trap(hart, privileged, Cause::InstructionAccessFault, hart.pc);
        };
        let Some(mut op) = mmio::decode(&insn, hart) else {
            return fault(hart, privileged);
        };
        if hart.xlate {
            // The engine translated this access before it faulted (the TLB has it): devices and
            // the checks below see the physical address.
            let access = if op.store { AccessType::Store } else { AccessType::Load };
            match vm::translate(hart, &self.mem, op.addr, access) {
                Ok(pa) => op.addr = pa,
                Err(_) => return fault(hart, privileged),
            }
        }
        if let Some(stop) = mmio::device_access_at(&self.bus, &insn, &op, hart) {
            Machine::advance(hart, insn.len);
            return stop;
        }
        if !op.store {
            return fault(hart, privileged);
        }
        let page_of = |a: u64| a & !(PAGE_SIZE - 1);
        if let Some(w) = &self.htif {
            let (first, last) = (page_of(op.addr), page_of(op.addr.wrapping_add(op.len() - 1)));
            let watched = |p: u64| p == page_of(w.tohost) || p == page_of(w.tohost + 7);
            if (watched(first) || watched(last)) && self.mem.is_mapped(op.addr, op.len()) {
                let v = mmio::store_value(&insn, &op, hart).to_le_bytes();
                if self.mem.poke_bytes(op.addr, &v[..op.len() as usize]).is_err() {
                    return fault(hart, privileged);
                }
                Machine::advance(hart, insn.len);
                return if w.triggers(op.addr, op.len()) { w.run(&self.mem) } else { None };
            }
        }
        if (rom::ROM_BASE..rom::ROM_BASE + rom::ROM_SIZE).contains(&op.addr) {
            // Writes to the ROM are ignored, as QEMU ignores them.
            Machine::advance(hart, insn.len);
            return None;
        }
        fault(hart, privileged)
    }

    fn on_ebreak(
        &self,
        hart: &mut Hart,
        privileged: &mut dyn Privileged,
        plugins: Option<&rivet_plugin_host::Host>,
    ) -> Option<Stop> {
        let Some(semi) = self.semihosting.as_ref().filter(|s| s.is_call(hart, &self.mem)) else {
            return self.trap(hart, privileged, Cause::Breakpoint, hart.pc);
        };
        let from = hart.pc;
        if let Err(stop) = semi.call(hart, &self.mem) {
            return Some(stop);
        }
        Machine::advance(hart, 4);
        if let Some(host) = plugins {
            host.discon(hart, &self.mem, rivet_plugin_host::host::Discon::HostCall, from, hart.pc);
        }
        None
    }

    fn on_illegal(
        &self,
        hart: &mut Hart,
        privileged: &mut dyn Privileged,
        plugins: Option<&rivet_plugin_host::Host>,
        engines: &mut HartEngines,
    ) -> Option<Stop> {
        let Ok(insn) = self.insn_at_pc(hart) else {
            return self.trap(hart, privileged, Cause::IllegalInstruction, 0);
        };
        if insn.op == Opcode::Wfi {
            return match privileged.wfi(hart) {
                WfiAction::Wait { mask } => {
                    // QEMU's idle and resume callbacks bracket a halted vCPU.
                    if let Some(host) = plugins {
                        host.vcpu_idle(hart, &self.mem);
                    }
                    let stop = self.wfi(hart, mask);
                    if let Some(host) = plugins {
                        host.vcpu_resume(hart, &self.mem);
                    }
                    Machine::advance(hart, insn.len);
                    let mip = self.clint.pending_mip(hart.vcpu_index, hart.instret);
                    privileged.interrupts(hart, &self.mem, mip);
                    stop
                }
                WfiAction::Continue => {
                    Machine::advance(hart, insn.len);
                    let mip = self.clint.pending_mip(hart.vcpu_index, hart.instret);
                    privileged.interrupts(hart, &self.mem, mip);
                    None
                }
                WfiAction::Illegal => self.trap(hart, privileged, Cause::IllegalInstruction, insn.raw as u64),
            };
        }
        if matches!(insn.op, Opcode::Mret | Opcode::Sret) && privileged.xret(hart, &insn) {
            // Returning may enable an interrupt that is pending.
            hart.instret += 1;
            let mip = self.clint.pending_mip(hart.vcpu_index, hart.instret);
            privileged.interrupts(hart, &self.mem, mip);
            return None;
        }
        if insn.op == Opcode::SfenceVma && hart.sys.as_deref().is_some_and(|s| s.ps.sfence_allowed(hart.priv_level)) {
            // Every cached translation goes: the TLB's, and the blocks decoded through it.
            // (Flushing more than the operands name is always allowed.)
            if let Some(sys) = hart.sys.as_deref_mut() {
                sys.tlb.flush_all();
            }
            engines.flush_translated();
            Machine::advance(hart, insn.len);
            return None;
        }
        if trap::interim_csr_read(&insn, hart) {
            Machine::advance(hart, insn.len);
            return None;
        }
        self.trap(hart, privileged, Cause::IllegalInstruction, insn.raw as u64)
    }

    /// The instruction at `hart.pc`, fetched as the hart fetches (through Sv39 when it is on).
    fn insn_at_pc(&self, hart: &mut Hart) -> Result<rivet_isa::Insn, ()> {
        match vm::refresh(hart) {
            Regime::Bare => fetch(&self.mem, hart.pc).map_err(|_| ()),
            _ => vm::fetch(hart, &self.mem, hart.pc).map(|(insn, _, _)| insn).map_err(|_| ()),
        }
    }

    /// Sleeps in `wfi` until a line in `mask` is pending or the machine stops. Every hart asleep
    /// with nothing that could wake it is a deadlock: the run ends (QEMU would hang).
    fn wfi(&self, hart: &Hart, mask: u64) -> Option<Stop> {
        self.console.flush();
        let ctx = crate::bus::AccessCtx { hart: hart.vcpu_index, instret: hart.instret };
        let nharts = self.clint_harts();
        let mut guard = self.waker.lock();
        loop {
            if self.stopping() || self.clint.pending_mip(ctx.hart, ctx.instret) & mask != 0 {
                return None;
            }
            match self.clint.timer_wait(&ctx, mask) {
                Some(d) if d.is_zero() => return None,
                Some(d) => guard = self.waker.wait(guard, Some(d)),
                None => {
                    // Only another hart (an msip write) could wake this one; when none is left
                    // running, nothing can.
                    let parked = self.shared.parked.fetch_add(1, Ordering::SeqCst) + 1;
                    if parked == nharts {
                        self.shared.parked.fetch_sub(1, Ordering::SeqCst);
                        drop(guard);
                        return Some(Stop::Error(format!(
                            "all harts wait for an interrupt that nothing can raise (hart {} in wfi at pc {:#x}); stopping",
                            ctx.hart, hart.pc
                        )));
                    }
                    guard = self.waker.wait(guard, None);
                    self.shared.parked.fetch_sub(1, Ordering::SeqCst);
                }
            }
        }
    }

    /// Host-clock mode: kicks each hart out of the engine when its `mtimecmp` deadline passes, so
    /// that the privileged layer sees the timer line rise while the hart runs
    /// ([`Privileged::interrupts`] on `Exit::Interrupted`). Once per `mtimecmp` value. (In
    /// instruction-count mode deadlines are instruction counts: delivering them exactly needs an
    /// instruction budget in the engine.)
    fn timer_thread(&self) {
        let n = self.clint_harts();
        let mut kicked: Vec<Option<u64>> = vec![None; n];
        let mut guard = self.waker.lock();
        while !self.stopping() {
            let mut next: Option<std::time::Duration> = None;
            for (h, k) in kicked.iter_mut().enumerate() {
                let cmp = self.clint.mtimecmp(h as u32);
                if cmp == u64::MAX || *k == Some(cmp) {
                    continue;
                }
                let ctx = crate::bus::AccessCtx { hart: h as u32, instret: 0 };
                match self.clint.timer_wait(&ctx, crate::devices::clint::MIP_MTIP) {
                    Some(d) if d.is_zero() => {
                        self.waker.kick(h as u32);
                        *k = Some(cmp);
                    }
                    Some(d) => next = Some(next.map_or(d, |n| n.min(d))),
                    None => {}
                }
            }
            guard = self.waker.wait(guard, next);
        }
    }

    fn clint_harts(&self) -> usize {
        self.cfg.cpus.len()
    }
}

/// The machine's clock as the harts' `time` CSR reads it.
struct HartClock(Arc<Clock>);

impl rivet_core::hart::Clock for HartClock {
    fn now(&self, hart: u32, instret: u64) -> u64 {
        self.0.ticks(&AccessCtx { hart, instret })
    }
}
