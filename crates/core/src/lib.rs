//! `rivet-core`: the vCPU and its CPU model, the register map, guest memory, floating point, the
//! privileged architecture, the checks of riscv64 ELF headers and the execution engine. It knows
//! nothing of Linux, devices or plugins' C ABI.

#![warn(missing_docs)]

pub mod csr;
pub mod elf;
pub mod engine;
pub mod fp;
pub mod hart;
pub mod hooks;
pub mod mem;
pub mod privileged;
pub mod regs;
pub mod vm;

pub use engine::{Engine, Exit};
pub use hart::{CpuModel, Hart};
pub use mem::{GuestMemory, MemFault};
