//! The checks every riscv64 ELF file rivet loads must pass, user-mode programs and bare-metal
//! images alike, with the one-line reasons rivet gives when one fails.

use goblin::elf::{header, Elf};

/// The header of `data` if it is a 64-bit little-endian RISC-V executable, else why not, worded
/// to follow the file's name. `what` says what rivet runs, e.g. "riscv64 programs".
pub fn riscv64_header(data: &[u8], what: &str) -> Result<header::Header, String> {
    if data.len() < 4 || &data[..4] != b"\x7fELF" {
        return Err("not an ELF file".into());
    }
    // A 64-bit ELF header is 64 bytes.
    if data.len() < 64 {
        return Err("truncated ELF file: the header is incomplete".into());
    }
    match data[header::EI_CLASS] {
        header::ELFCLASS64 => {}
        header::ELFCLASS32 => return Err(format!("is a 32-bit ELF file; rivet runs 64-bit {what}")),
        c => return Err(format!("invalid ELF class {c}")),
    }
    if data[header::EI_DATA] != header::ELFDATA2LSB {
        return Err(format!("is a big-endian ELF file; {what} are little-endian"));
    }
    let hdr = Elf::parse_header(data).map_err(|e| format!("invalid ELF header: {e}"))?;
    if hdr.e_machine != header::EM_RISCV {
        return Err(format!(
            "is an ELF file for {} (machine {}), not RISC-V",
            header::machine_to_str(hdr.e_machine),
            hdr.e_machine
        ));
    }
    if hdr.e_type != header::ET_EXEC && hdr.e_type != header::ET_DYN {
        return Err(format!("is not an executable (ELF type {})", header::et_to_str(hdr.e_type)));
    }
    Ok(hdr)
}
