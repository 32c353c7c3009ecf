//! Physical address map of the machines (QEMU's `virt` and `spike` values).

/// Reset ROM.
pub const ROM: u64 = crate::rom::ROM_BASE;
/// SiFive test finisher (`virt`).
pub const TEST: u64 = 0x10_0000;
/// Goldfish RTC (`virt`).
pub const RTC: u64 = 0x10_1000;
/// HTIF window of QEMU's `spike` when the image has no `tohost` symbol.
pub const HTIF: u64 = 0x100_0000;
/// CLINT.
pub const CLINT: u64 = 0x200_0000;
/// PLIC (`virt`).
pub const PLIC: u64 = 0xc00_0000;
/// Size of the PLIC window.
pub const PLIC_SIZE: u64 = 0x60_0000;
/// NS16550A UART (`virt`).
pub const UART: u64 = 0x1000_0000;
/// First virtio-mmio slot (`virt`).
pub const VIRTIO: u64 = 0x1000_1000;
/// Size of one virtio-mmio slot.
pub const VIRTIO_SIZE: u64 = 0x1000;
/// Number of virtio-mmio slots.
pub const VIRTIO_COUNT: u64 = 8;
/// Start of RAM.
pub const DRAM: u64 = 0x8000_0000;
