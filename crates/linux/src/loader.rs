//! ELF loading: validation with one clear error per problem, segment mapping, interpreters.

use goblin::elf::{program_header as ph, Elf};
use rivet_core::mem::{perm, GuestMemory, PAGE_SIZE};
use std::path::{Path, PathBuf};

/// A problem with an executable or its interpreter, reported as `FILE: problem`.
#[derive(Debug, thiserror::Error)]
#[error("{}: {msg}", path.display())]
pub struct LoadError {
    /// The file concerned.
    pub path: PathBuf,
    /// What is wrong with it.
    pub msg: String,
}

/// Size of an ELF64 header and program header.
const EHDR_SIZE: usize = 64;
const PHDR_SIZE: usize = 56;

fn err(path: &Path, msg: impl Into<String>) -> LoadError {
    LoadError { path: path.to_path_buf(), msg: msg.into() }
}

/// An ELF image mapped into guest memory.
#[derive(Clone, Debug, Default)]
pub struct Image {
    /// Entry point (relocated).
    pub entry: u64,
    /// Load bias added to every vaddr (0 for ET_EXEC).
    pub bias: u64,
    /// Guest address of the program headers.
    pub phdr: u64,
    /// Number of program headers.
    pub phnum: u64,
    /// Size of one program header.
    pub phent: u64,
    /// Lowest and highest address of executable segments.
    pub start_code: u64,
    /// End of the executable segments.
    pub end_code: u64,
    /// End of the highest segment, page aligned: where brk starts.
    pub end: u64,
    /// Lowest mapped address.
    pub start: u64,
    /// Requested interpreter (PT_INTERP), if any.
    pub interp: Option<String>,
    /// Function symbols (address, size, name), sorted by address, for symbolic output.
    pub symbols: Vec<(u64, u64, String)>,
}

/// Checks the ELF header and program headers of `data` without mapping anything.
pub fn validate<'a>(path: &Path, data: &'a [u8]) -> Result<Elf<'a>, LoadError> {
    let hdr = rivet_core::elf::riscv64_header(data, "RISC-V (riscv64) programs").map_err(|m| err(path, m))?;
    let phend = (hdr.e_phoff as u128) + (hdr.e_phnum as u128) * (hdr.e_phentsize as u128);
    if hdr.e_phnum == 0 {
        return Err(err(path, "has no program headers"));
    }
    if hdr.e_phentsize as usize != PHDR_SIZE {
        return Err(err(path, format!("has program headers of {} bytes, expected {}", hdr.e_phentsize, PHDR_SIZE)));
    }
    if phend > data.len() as u128 {
        return Err(err(path, "truncated ELF file: the program headers extend past its end"));
    }
    // Section headers are optional for loading; a file whose section table is damaged still runs
    // (as with the kernel), we just have no symbols. Parse the program headers ourselves first.
    let elf = match Elf::parse(data) {
        Ok(e) => e,
        Err(_) => {
            let mut bare = data[..EHDR_SIZE].to_vec();
            // Drop the section table and retry so a broken one does not stop the load.
            bare[0x28..0x30].fill(0); // e_shoff
            bare[0x3c..0x40].fill(0); // e_shnum, e_shstrndx
            let phdrs = ph::ProgramHeader::parse(
                data,
                hdr.e_phoff as usize,
                hdr.e_phnum as usize,
                goblin::container::Ctx::default(),
            )
            .map_err(|e| err(path, format!("invalid program headers: {e}")))?;
            let mut e =
                Elf::lazy_parse(Elf::parse_header(&bare).map_err(|e| err(path, format!("invalid ELF header: {e}")))?)
                    .map_err(|e| err(path, format!("invalid ELF file: {e}")))?;
            e.header = hdr;
            e.program_headers = phdrs;
            e.entry = hdr.e_entry;
            e
        }
    };
    let mut loads: Vec<&ph::ProgramHeader> = elf.program_headers.iter().filter(|p| p.p_type == ph::PT_LOAD).collect();
    if loads.is_empty() {
        return Err(err(path, "has no loadable segments"));
    }
    for (i, p) in loads.iter().enumerate() {
        if p.p_offset.checked_add(p.p_filesz).is_none_or(|e| e > data.len() as u64) {
            return Err(err(path, format!("truncated ELF file: loadable segment {i} extends past its end")));
        }
        if p.p_filesz > p.p_memsz {
            return Err(err(path, format!("loadable segment {i} has a file size larger than its memory size")));
        }
        if p.p_vaddr.checked_add(p.p_memsz).is_none() {
            return Err(err(path, format!("loadable segment {i} wraps around the address space")));
        }
        if p.p_vaddr % PAGE_SIZE != p.p_offset % PAGE_SIZE {
            return Err(err(
                path,
                format!("loadable segment {i} is not page-aligned consistently with its file offset"),
            ));
        }
    }
    loads.sort_by_key(|p| p.p_vaddr);
    for w in loads.windows(2) {
        if w[0].p_vaddr + w[0].p_memsz > w[1].p_vaddr {
            return Err(err(path, "has overlapping loadable segments"));
        }
    }
    if let Some(p) = elf.program_headers.iter().find(|p| p.p_type == ph::PT_INTERP) {
        if p.p_offset.checked_add(p.p_filesz).is_none_or(|e| e > data.len() as u64) {
            return Err(err(path, "truncated ELF file: the interpreter name extends past its end"));
        }
    }
    Ok(elf)
}

/// Span of the loadable segments, page aligned: (lowest vaddr, highest end).
pub fn span(elf: &Elf) -> (u64, u64) {
    let loads = elf.program_headers.iter().filter(|p| p.p_type == ph::PT_LOAD);
    let lo = loads.clone().map(|p| p.p_vaddr).min().unwrap_or(0) & !(PAGE_SIZE - 1);
    let hi = loads.map(|p| p.p_vaddr + p.p_memsz).max().unwrap_or(0).div_ceil(PAGE_SIZE) * PAGE_SIZE;
    (lo, hi)
}

/// Maps an already validated ELF at `bias` (0 for ET_EXEC).
pub fn map(path: &Path, data: &[u8], elf: &Elf, bias: u64, mem: &GuestMemory) -> Result<Image, LoadError> {
    let (lo, hi) = span(elf);
    let (start, end) = (lo.wrapping_add(bias), hi.wrapping_add(bias));
    if end > mem.limit() || start > end {
        return Err(err(path, format!("loads at {start:#x}..{end:#x}, outside the guest address space")));
    }
    mem.map_anon(start, end - start, perm::R | perm::W).map_err(|e| err(path, e.to_string()))?;
    let mut img = Image { bias, start, end, start_code: u64::MAX, ..Default::default() };
    let mut page_perms: Vec<(u64, u64, u8)> = Vec::new();
    for p in elf.program_headers.iter().filter(|p| p.p_type == ph::PT_LOAD) {
        let va = p.p_vaddr + bias;
        let bytes = &data[p.p_offset as usize..(p.p_offset + p.p_filesz) as usize];
        mem.poke_bytes(va, bytes).map_err(|_| err(path, "cannot write a segment"))?;
        let mut prot = 0;
        if p.is_read() {
            prot |= perm::R;
        }
        if p.is_write() {
            prot |= perm::W;
        }
        if p.is_executable() {
            prot |= perm::X;
            img.start_code = img.start_code.min(va);
            img.end_code = img.end_code.max(va + p.p_memsz);
        }
        let first = va & !(PAGE_SIZE - 1);
        let last = (va + p.p_memsz).div_ceil(PAGE_SIZE) * PAGE_SIZE;
        page_perms.push((first, last, prot));
    }
    // Pages shared by two segments get the union of their permissions. Segments do not overlap
    // (validated), so only the boundary pages of neighbours can be shared.
    page_perms.sort_by_key(|&(first, _, _)| first);
    for (i, &(first, last, prot)) in page_perms.iter().enumerate() {
        mem.protect(first, last - first, prot).map_err(|e| err(path, e.to_string()))?;
        if i > 0 {
            let (_, prev_last, prev_prot) = page_perms[i - 1];
            if prev_last > first {
                mem.protect(first, PAGE_SIZE, prot | prev_prot).map_err(|e| err(path, e.to_string()))?;
            }
        }
    }
    if img.start_code == u64::MAX {
        img.start_code = start;
        img.end_code = start;
    }
    img.entry = elf.entry.wrapping_add(bias);
    img.phnum = elf.header.e_phnum as u64;
    img.phent = elf.header.e_phentsize as u64;
    img.phdr = match elf.program_headers.iter().find(|p| p.p_type == ph::PT_PHDR) {
        Some(p) => p.p_vaddr + bias,
        None => {
            // Find the loaded segment that contains the program headers in the file.
            let off = elf.header.e_phoff;
            elf.program_headers
                .iter()
                .find(|p| p.p_type == ph::PT_LOAD && p.p_offset <= off && off < p.p_offset + p.p_filesz)
                .map_or(0, |p| p.p_vaddr + bias + (off - p.p_offset))
        }
    };
    img.interp = elf.interpreter.map(str::to_owned);
    let mut syms: Vec<(u64, u64, String)> = elf
        .syms
        .iter()
        .filter(|s| s.is_function() && s.st_value != 0)
        .filter_map(|s| Some((s.st_value + bias, s.st_size, elf.strtab.get_at(s.st_name)?.to_owned())))
        .collect();
    syms.sort();
    img.symbols = syms;
    Ok(img)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(data: &[u8]) -> String {
        validate(Path::new("f"), data).map(|_| "ok".into()).unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn rejects_bad_files() {
        assert_eq!(check(b"#!/bin/sh\n"), "f: not an ELF file");
        assert_eq!(check(b"\x7fELF\x02\x01"), "f: truncated ELF file: the header is incomplete");
        let mut h = vec![0u8; 64];
        h[..4].copy_from_slice(b"\x7fELF");
        h[4] = 1;
        h[5] = 1;
        assert!(check(&h).contains("32-bit"));
        h[4] = 2;
        h[6] = 1;
        h[16] = 2; // ET_EXEC
        h[18] = 62; // x86-64
        assert!(check(&h).contains("not RISC-V"), "{}", check(&h));
        h[18] = 243;
        assert_eq!(check(&h), "f: has no program headers");
        h[0x38] = 3; // e_phnum
        h[0x36] = 56; // e_phentsize
        h[0x20] = 64; // e_phoff
        assert!(check(&h).contains("program headers extend past"));
    }
}
