//! `rivet-linux`: Linux user mode. Loads a riscv64 ELF program (and its interpreter), lays out its
//! stack, and runs it on a vCPU while serving its syscalls and signals from the host, the way
//! `qemu-riscv64` does.

#![warn(missing_docs)]

pub mod loader;
pub mod process;
pub mod signal;
pub mod stack;
pub mod strace;
pub mod syscall;
pub mod vma;

pub use process::{Config, Process, StartError};
