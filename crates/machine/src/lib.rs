//! `rivet-machine`: bare-metal machines for `rivet system`, a subset of QEMU's `virt` (and
//! `spike`) boards: RAM at 0x8000_0000, the reset ROM, an NS16550A UART, the SiFive test
//! finisher, the CLINT, HTIF on `tohost`, and Arm-style semihosting. Harts start in M-mode; the
//! privileged architecture (traps, CSRs, Sv39) plugs in through [`trap::Privileged`].
//!
//! ```no_run
//! use rivet_machine::{config, Machine};
//! let args: Vec<std::ffi::OsString> = ["-M", "virt", "-kernel", "hello.elf"].map(Into::into).to_vec();
//! let config::Command::Run(cfg) = config::parse(&args).unwrap() else { return };
//! let outcome = Machine::new(*cfg).unwrap().run(None);
//! std::process::exit(outcome.status());
//! ```

#![warn(missing_docs)]

pub mod bus;
pub mod config;
pub mod console;
pub mod devices;
pub mod engines;
pub mod fdt;
pub mod image;
pub mod layout;
pub mod machine;
pub mod mmio;
pub mod rom;
pub mod semihosting;
pub mod trap;

pub use bus::{AccessCtx, Bus, Device, Stop};
pub use config::{Command, MachineKind, PluginArgs, SystemConfig};
pub use machine::{device_tree, Machine, MachineError, Outcome};
