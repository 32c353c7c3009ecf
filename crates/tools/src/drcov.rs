//! `drcov`: block coverage in the drcov format (version 2) that DynamoRIO writes and Lighthouse,
//! bncov, Cutter and similar tools load.
//!
//! Blocks are recorded when rivet translates them, which it does only on their first execution:
//! coverage costs nothing while the guest runs. The module table holds one module, the guest
//! program: in user mode its code range as loaded; in system mode the image, based at the lowest
//! block executed in RAM (from 0x8000_0000 on virt, so not the reset code) rounded down to a page,
//! unless `base=ADDR` says otherwise. Blocks outside the module are left out (their number is
//! printed).
//!
//! Options: `outfile=PATH` (default `rivet.drcov`), `base=ADDR`.

use crate::parse_u64;
use rivet_plugin::{Block, Host, Install, Plugin};
use std::io::Write;
use std::sync::Mutex;

/// The plugin.
pub struct Drcov {
    host: Host,
    path: String,
    base: Option<u64>,
    /// (start, size in bytes) of every block translated.
    blocks: Mutex<Vec<(u64, u32)>>,
}

impl Plugin for Drcov {
    type State = ();

    fn new(install: &mut Install) -> Result<Self, String> {
        let mut path = "rivet.drcov".to_string();
        let mut base = None;
        for a in install.args() {
            match a.split_once('=') {
                Some(("outfile", p)) => path = p.to_string(),
                Some(("base", v)) => base = Some(parse_u64(v).ok_or(format!("drcov: base={v}: not an address"))?),
                _ => return Err(format!("drcov: unknown option {a} (outfile=PATH, base=ADDR)")),
            }
        }
        // Fail now, not at exit, if the file cannot be written.
        std::fs::File::create(&path).map_err(|e| format!("drcov: {path}: {e}"))?;
        Ok(Drcov { host: install.host(), path, base, blocks: Mutex::new(Vec::new()) })
    }

    fn translate(&self, block: &mut Block<'_, Self>) {
        let size = block.size() as u32;
        self.blocks.lock().unwrap_or_else(|e| e.into_inner()).push((block.vaddr(), size));
    }

    fn exit(&self, _: Vec<()>) {
        let mut blocks = std::mem::take(&mut *self.blocks.lock().unwrap_or_else(|e| e.into_inner()));
        blocks.sort_unstable();
        blocks.dedup();
        let info = self.host.info();
        let (base, end) = if info.end_code > info.start_code && self.base.is_none() {
            (info.start_code, info.end_code)
        } else {
            // Bare metal: the image, which is loaded in RAM (virt's starts at 0x8000_0000), not
            // the machine's reset code below it.
            let floor = if info.system { RAM_BASE } else { 0 };
            let lowest = blocks.iter().find(|b| b.0 >= floor).or(blocks.first());
            let lo = self.base.unwrap_or_else(|| lowest.map_or(0, |b| b.0 & !0xfff));
            let hi = blocks.iter().map(|b| b.0 + b.1 as u64).max().unwrap_or(lo);
            (lo, hi.max(lo))
        };
        let inside: Vec<(u32, u16)> = blocks
            .iter()
            .filter(|b| b.0 >= base && b.0 + b.1 as u64 <= end && b.0 - base <= u32::MAX as u64)
            .map(|b| ((b.0 - base) as u32, b.1.min(u16::MAX as u32) as u16))
            .collect();
        let file = match write(&self.path, base, end, info.entry, info.binary, &inside) {
            Ok(()) => format!("drcov: {} blocks to {}", inside.len(), self.path),
            Err(e) => format!("drcov: {}: {e}", self.path),
        };
        let left = blocks.len() - inside.len();
        let note =
            if left > 0 { format!(" ({left} blocks outside {:#x}..{:#x} left out)", base, end) } else { String::new() };
        self.host.out(&format!("{file}{note}\n"));
    }
}

/// Where virt's RAM starts: bare-metal images are loaded there.
const RAM_BASE: u64 = 0x8000_0000;

/// Writes a drcov version 2 file: a text header with the module table, then the blocks as
/// 8-byte records (offset from the module base: u32, size: u16, module id: u16), little-endian.
fn write(path: &str, base: u64, end: u64, entry: u64, binary: &str, blocks: &[(u32, u16)]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    write!(
        out,
        "DRCOV VERSION: 2\nDRCOV FLAVOR: drcov\nModule Table: version 2, count 1\n\
         Columns: id, base, end, entry, checksum, timestamp, path\n\
         \x20 0, {base:#018x}, {end:#018x}, {entry:#018x}, 0x00000000, 0x00000000, {binary}\n\
         BB Table: {} bbs\n",
        blocks.len()
    )?;
    for &(off, size) in blocks {
        out.write_all(&off.to_le_bytes())?;
        out.write_all(&size.to_le_bytes())?;
        out.write_all(&0u16.to_le_bytes())?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_layout() {
        let p = std::env::temp_dir().join(format!("rivet-drcov-test-{}", std::process::id()));
        let p = p.to_str().unwrap();
        super::write(p, 0x10000, 0x20000, 0x10080, "/bin/prog", &[(0x80, 12), (0x100, 4)]).unwrap();
        let bytes = std::fs::read(p).unwrap();
        std::fs::remove_file(p).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("DRCOV VERSION: 2\nDRCOV FLAVOR: drcov\nModule Table: version 2, count 1\n"));
        assert!(text.contains(
            "  0, 0x0000000000010000, 0x0000000000020000, 0x0000000000010080, 0x00000000, 0x00000000, /bin/prog\n"
        ));
        let at = text.find("BB Table: 2 bbs\n").unwrap() + "BB Table: 2 bbs\n".len();
        assert_eq!(&bytes[at..], &[0x80, 0, 0, 0, 12, 0, 0, 0, 0, 1, 0, 0, 4, 0, 0, 0]);
    }
}
