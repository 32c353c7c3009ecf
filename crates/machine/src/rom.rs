//! The reset ROM at 0x1000: the first code every hart runs, equivalent to QEMU's.
//!
//! Measured on QEMU 10.0 (`-M virt -bios none -kernel x.elf`, registers read over its GDB stub):
//! the ROM holds six instructions and two data words, then a `fw_dynamic_info` block:
//!
//! ```text
//! 0x1000  auipc t0, 0            t0 = 0x1000
//! 0x1004  addi  a2, t0, 40       a2 = 0x1028, the fw_dynamic_info block
//! 0x1008  csrr  a0, mhartid      a0 = hart id
//! 0x100c  ld    a1, 32(t0)       a1 = device tree address
//! 0x1010  ld    t0, 24(t0)       t0 = start address
//! 0x1014  jr    t0
//! 0x1018  .dword start           always 0x8000_0000 (DRAM), whatever the ELF entry
//! 0x1020  .dword fdt
//! 0x1028  fw_dynamic_info { magic "OSBI" 0x4942534f, version 2, next_addr, next_mode 1 (S),
//!                           options 0, boot_hart 0 }
//! ```
//!
//! `next_addr` is where QEMU loaded the kernel: the lowest address of its loadable segments (not
//! its ELF entry). At 0x8000_0000 the harts have a0 = hart id, a1 = FDT, a2 = 0x1028, t0 =
//! 0x8000_0000, everything else 0, in M-mode. The instructions are encoded here from their
//! fields, so that plugins see in rivet the same instructions as in QEMU.

/// Base of the ROM.
pub const ROM_BASE: u64 = 0x1000;
/// Size of the ROM window (QEMU's `virt` MROM).
pub const ROM_SIZE: u64 = 0xf000;
/// Offset of the `fw_dynamic_info` block in the ROM.
pub const FW_DYNAMIC_OFFSET: u64 = 0x28;
/// `fw_dynamic_info` magic ("OSBI").
pub const FW_DYNAMIC_MAGIC: u64 = 0x4942_534f;
/// `fw_dynamic_info` version.
pub const FW_DYNAMIC_VERSION: u64 = 2;
/// Privilege mode `fw_dynamic_info` asks firmware to enter the next stage in (S).
pub const NEXT_MODE_S: u64 = 1;

const T0: u32 = 5;
const A0: u32 = 10;
const A1: u32 = 11;
const A2: u32 = 12;
const CSR_MHARTID: u32 = 0xf14;

fn i_type(imm: i32, rs1: u32, funct3: u32, rd: u32, opcode: u32) -> u32 {
    ((imm as u32 & 0xfff) << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode
}

fn auipc(rd: u32, imm20: u32) -> u32 {
    (imm20 << 12) | (rd << 7) | 0x17
}

fn addi(rd: u32, rs1: u32, imm: i32) -> u32 {
    i_type(imm, rs1, 0, rd, 0x13)
}

/// `csrrs rd, csr, x0`.
fn csrr(rd: u32, csr: u32) -> u32 {
    i_type(csr as i32, 0, 2, rd, 0x73)
}

fn ld(rd: u32, rs1: u32, imm: i32) -> u32 {
    i_type(imm, rs1, 3, rd, 0x03)
}

/// `jalr x0, 0(rs1)`.
fn jr(rs1: u32) -> u32 {
    i_type(0, rs1, 0, 0, 0x67)
}

/// The ROM's contents: the reset code jumping to `start` with the device tree at `fdt`, and the
/// `fw_dynamic_info` block naming `next_addr`.
pub fn reset_vector(start: u64, fdt: u64, next_addr: u64) -> Vec<u8> {
    let code = [
        auipc(T0, 0),
        addi(A2, T0, FW_DYNAMIC_OFFSET as i32),
        csrr(A0, CSR_MHARTID),
        ld(A1, T0, 32),
        ld(T0, T0, 24),
        jr(T0),
    ];
    let mut rom: Vec<u8> = code.iter().flat_map(|w| w.to_le_bytes()).collect();
    let info = [start, fdt, FW_DYNAMIC_MAGIC, FW_DYNAMIC_VERSION, next_addr, NEXT_MODE_S, 0, 0];
    rom.extend(info.iter().flat_map(|w| w.to_le_bytes()));
    rom
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_qemu() {
        // The words QEMU 10.0 has at 0x1000 with 128 MiB of RAM.
        let qemu: [u32; 10] = [
            0x00000297, 0x02828613, 0xf1402573, 0x0202b583, 0x0182b283, 0x00028067, 0x80000000, 0x00000000, 0x87e00000,
            0x00000000,
        ];
        let rom = reset_vector(0x8000_0000, 0x87e0_0000, 0x8000_0000);
        let words: Vec<u32> = rom.chunks(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect();
        assert_eq!(&words[..10], &qemu);
        let dwords: Vec<u64> = rom[0x28..].chunks(8).map(|c| u64::from_le_bytes(c.try_into().unwrap())).collect();
        assert_eq!(dwords, [0x4942534f, 2, 0x8000_0000, 1, 0, 0]);
        // The decoder agrees on what the code is.
        let dis: Vec<String> = words[..6].iter().map(|&w| format!("{:?}", rivet_isa::decode(w).op)).collect();
        assert_eq!(dis, ["Auipc", "Addi", "Csrrs", "Ld", "Ld", "Jalr"]);
    }
}
