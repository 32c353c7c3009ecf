//! The `-kernel` image: an ELF file (its loadable segments go to their physical addresses, as QEMU
//! loads them) or a raw binary (loaded at the start of RAM). Every problem is one error naming the
//! file.

use goblin::elf::{program_header as ph, Elf};
use rivet_core::GuestMemory;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A problem with the image, reported as `FILE: problem`.
#[derive(Debug, thiserror::Error)]
#[error("{}: {msg}", path.display())]
pub struct ImageError {
    /// The image file.
    pub path: PathBuf,
    /// What is wrong.
    pub msg: String,
}

/// One piece of the image to place in RAM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Physical address.
    pub addr: u64,
    /// Bytes of the file to copy there.
    pub file: Range<usize>,
    /// Size in memory (the rest is zero).
    pub memsz: u64,
}

/// A parsed image, ready to be written to RAM.
#[derive(Clone, Debug, Default)]
pub struct Image {
    /// The file as given.
    pub path: PathBuf,
    /// Whether it is an ELF file (otherwise a raw binary).
    pub elf: bool,
    /// Pieces to load.
    pub segments: Vec<Segment>,
    /// ELF entry point (QEMU does not use it with `-bios none`; kept for messages and plugins).
    pub entry: u64,
    /// Function symbols (address, size, name), sorted by address.
    pub symbols: Vec<(u64, u64, String)>,
    /// Address of the `tohost` symbol, if any.
    pub tohost: Option<u64>,
    /// Address of the `fromhost` symbol, if any.
    pub fromhost: Option<u64>,
}

impl Image {
    /// Lowest loaded address (QEMU's "kernel start", passed on in `fw_dynamic_info`).
    pub fn low(&self) -> u64 {
        self.segments.iter().map(|s| s.addr).min().unwrap_or(0)
    }

    /// End of the highest loaded byte.
    pub fn high(&self) -> u64 {
        self.segments.iter().map(|s| s.addr + s.memsz).max().unwrap_or(0)
    }

    /// Copies the image into RAM (which must be mapped).
    pub fn write(&self, data: &[u8], mem: &GuestMemory) -> Result<(), ImageError> {
        for s in &self.segments {
            mem.poke_bytes(s.addr, &data[s.file.clone()])
                .map_err(|f| err(&self.path, format!("cannot write to RAM at {:#x}", f.addr)))?;
        }
        Ok(())
    }
}

fn err(path: &Path, msg: impl Into<String>) -> ImageError {
    ImageError { path: path.to_path_buf(), msg: msg.into() }
}

/// Parses `data` (the contents of `path`) for a machine whose RAM is `ram`.
pub fn parse(path: &Path, data: &[u8], ram: Range<u64>) -> Result<Image, ImageError> {
    if data.is_empty() {
        return Err(err(path, "is empty"));
    }
    if data.len() < 4 || &data[..4] != b"\x7fELF" {
        // A raw binary: loaded at the start of RAM, as QEMU does with -bios none.
        if data.len() as u64 > ram.end - ram.start {
            return Err(err(
                path,
                format!("is {} bytes, larger than RAM ({} bytes): use a larger -m", data.len(), ram.end - ram.start),
            ));
        }
        return Ok(Image {
            path: path.to_path_buf(),
            segments: vec![Segment { addr: ram.start, file: 0..data.len(), memsz: data.len() as u64 }],
            entry: ram.start,
            ..Default::default()
        });
    }
    let hdr = rivet_core::elf::riscv64_header(data, "riscv64 images").map_err(|m| err(path, m))?;
    let phend = hdr.e_phoff as u128 + hdr.e_phnum as u128 * hdr.e_phentsize as u128;
    if hdr.e_phnum == 0 {
        return Err(err(path, "has no program headers"));
    }
    if phend > data.len() as u128 {
        return Err(err(path, "truncated ELF file: the program headers extend past its end"));
    }
    let phdrs = ph::ProgramHeader::parse(
        data,
        hdr.e_phoff as usize,
        hdr.e_phnum as usize,
        goblin::container::Ctx::new(goblin::container::Container::Big, goblin::container::Endian::Little),
    )
    .map_err(|e| err(path, format!("invalid program headers: {e}")))?;
    let mut img = Image { path: path.to_path_buf(), elf: true, entry: hdr.e_entry, ..Default::default() };
    for (i, p) in phdrs.iter().filter(|p| p.p_type == ph::PT_LOAD && p.p_memsz > 0).enumerate() {
        let file_end = p.p_offset.checked_add(p.p_filesz).filter(|&e| e <= data.len() as u64);
        let Some(file_end) = file_end else {
            return Err(err(path, format!("truncated ELF file: loadable segment {i} extends past its end")));
        };
        if p.p_filesz > p.p_memsz {
            return Err(err(path, format!("loadable segment {i} has a file size larger than its memory size")));
        }
        let addr = p.p_paddr;
        let end = addr.checked_add(p.p_memsz);
        if addr < ram.start || end.is_none_or(|e| e > ram.end) {
            return Err(err(
                path,
                format!(
                    "loadable segment {i} ({addr:#x}..{:#x}) lies outside RAM ({:#x}..{:#x})",
                    end.unwrap_or(u64::MAX),
                    ram.start,
                    ram.end
                ),
            ));
        }
        img.segments.push(Segment { addr, file: p.p_offset as usize..file_end as usize, memsz: p.p_memsz });
    }
    if img.segments.is_empty() {
        return Err(err(path, "has no loadable segments"));
    }
    img.segments.sort_by_key(|s| s.addr);
    if img.segments.windows(2).any(|w| w[0].addr + w[0].memsz > w[1].addr) {
        return Err(err(path, "has overlapping loadable segments"));
    }
    // Symbols are optional: a stripped image or a damaged section table loads without them.
    if let Ok(elf) = Elf::parse(data) {
        let mut syms: Vec<(u64, u64, String)> = Vec::new();
        for s in elf.syms.iter() {
            let Some(name) = elf.strtab.get_at(s.st_name) else { continue };
            match name {
                "tohost" => img.tohost = Some(s.st_value),
                "fromhost" => img.fromhost = Some(s.st_value),
                _ => {}
            }
            if s.is_function() && s.st_value != 0 {
                syms.push((s.st_value, s.st_size, name.to_owned()));
            }
        }
        syms.sort();
        img.symbols = syms;
    }
    Ok(img)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RAM: Range<u64> = 0x8000_0000..0x8800_0000;

    /// A minimal ELF64 RISC-V executable with one PT_LOAD segment of `code` at `paddr`.
    pub(crate) fn tiny_elf(paddr: u64, code: &[u8], memsz: u64) -> Vec<u8> {
        let mut f = vec![0u8; 64 + 56];
        f[..4].copy_from_slice(b"\x7fELF");
        f[4] = 2; // 64-bit
        f[5] = 1; // little-endian
        f[6] = 1;
        f[16] = 2; // ET_EXEC
        f[18] = 243; // EM_RISCV
        f[20] = 1;
        f[24..32].copy_from_slice(&paddr.to_le_bytes()); // e_entry
        f[32..40].copy_from_slice(&64u64.to_le_bytes()); // e_phoff
        f[52] = 64; // e_ehsize
        f[54] = 56; // e_phentsize
        f[56] = 1; // e_phnum
        let ph = &mut f[64..];
        ph[0] = 1; // PT_LOAD
        ph[4] = 7; // RWX
        ph[8..16].copy_from_slice(&120u64.to_le_bytes()); // p_offset
        ph[16..24].copy_from_slice(&paddr.to_le_bytes());
        ph[24..32].copy_from_slice(&paddr.to_le_bytes());
        ph[32..40].copy_from_slice(&(code.len() as u64).to_le_bytes());
        ph[40..48].copy_from_slice(&memsz.to_le_bytes());
        f.extend_from_slice(code);
        f
    }

    fn check(data: &[u8]) -> String {
        parse(Path::new("k"), data, RAM).map(|_| "ok".into()).unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn elf_segments() {
        let f = tiny_elf(0x8000_0000, &[0x13, 0, 0, 0], 0x1000);
        let img = parse(Path::new("k"), &f, RAM).unwrap();
        assert!(img.elf);
        assert_eq!(img.segments, [Segment { addr: 0x8000_0000, file: 120..124, memsz: 0x1000 }]);
        assert_eq!((img.low(), img.high()), (0x8000_0000, 0x8000_1000));
        assert_eq!(
            check(&tiny_elf(0x8800_0000, &[0; 4], 4)),
            "k: loadable segment 0 (0x88000000..0x88000004) lies outside RAM (0x80000000..0x88000000)"
        );
        assert!(check(&tiny_elf(0x1000_0000, &[0; 4], 4)).contains("outside RAM"));
        assert!(check(&tiny_elf(0x87ff_fffc, &[0; 4], 8)).contains("outside RAM"));
        assert!(check(&tiny_elf(0x8000_0000, &[0; 4], 2)).contains("file size larger"));
    }

    #[test]
    fn bad_files() {
        assert_eq!(check(b""), "k: is empty");
        assert_eq!(check(b"\x7fELF\x02\x01"), "k: truncated ELF file: the header is incomplete");
        let mut f = tiny_elf(0x8000_0000, &[0; 4], 4);
        f[4] = 1;
        assert!(check(&f).contains("32-bit"));
        f[4] = 2;
        f[18] = 62;
        assert!(check(&f).contains("not RISC-V"), "{}", check(&f));
        f[18] = 243;
        f[56] = 0;
        assert_eq!(check(&f), "k: has no program headers");
        f[56] = 9;
        assert!(check(&f).contains("extend past its end"));
        let mut t = tiny_elf(0x8000_0000, &[0; 4], 4);
        t.truncate(121);
        assert!(check(&t).contains("truncated"), "{}", check(&t));
    }

    #[test]
    fn raw_binary() {
        let img = parse(Path::new("k"), &[0x6f, 0, 0, 0], RAM).unwrap();
        assert!(!img.elf);
        assert_eq!(img.segments, [Segment { addr: 0x8000_0000, file: 0..4, memsz: 4 }]);
        let big = vec![1u8; 0x1000];
        assert!(parse(Path::new("k"), &big, 0x8000_0000..0x8000_0800)
            .unwrap_err()
            .to_string()
            .contains("larger than RAM"));
    }
}
