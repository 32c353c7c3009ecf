//! Buffered text output shared by the tools: per-vCPU buffers drained into a file (or the
//! host's plugin output) in large pieces, so output costs a copy per line, not a call.

use rivet_plugin::Host;
use std::fs::File;
use std::io::Write;
use std::sync::Mutex;

/// Where a tool's text goes.
pub(crate) enum Sink {
    /// The host's plugin output (stderr, or the `-D` log with `-d plugin`).
    Host(Host),
    /// A file.
    File(Mutex<File>),
}

/// A buffer is drained once it holds this much.
pub(crate) const DRAIN_AT: usize = 1 << 16;

impl Sink {
    /// `outfile` if given, else the host's output.
    pub(crate) fn open(host: Host, outfile: Option<&str>, tool: &str) -> Result<Sink, String> {
        match outfile {
            Some(p) => File::create(p).map(|f| Sink::File(Mutex::new(f))).map_err(|e| format!("{tool}: {p}: {e}")),
            None => Ok(Sink::Host(host)),
        }
    }

    /// Writes `buf` out and empties it.
    pub(crate) fn drain(&self, buf: &mut Vec<u8>) {
        if buf.is_empty() {
            return;
        }
        match self {
            Sink::Host(h) => h.out(&String::from_utf8_lossy(buf)),
            Sink::File(f) => {
                let _ = f.lock().unwrap_or_else(|e| e.into_inner()).write_all(buf);
            }
        }
        buf.clear();
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `v` in hex without leading zeros (`{:x}`).
#[inline]
pub(crate) fn hex(buf: &mut Vec<u8>, v: u64) {
    let digits = (64 - (v | 1).leading_zeros()).div_ceil(4) as usize;
    buf.extend_from_slice(&hex_digits(v)[16 - digits..]);
}

/// The 16 hex digits of `v`, computed without branches.
#[inline]
fn hex_digits(v: u64) -> [u8; 16] {
    let mut d = [0u8; 16];
    for (i, c) in d.iter_mut().enumerate() {
        *c = HEX[(v >> ((15 - i) * 4)) as usize & 15];
    }
    d
}

/// Appends `v` as 16 hex digits (`{:016x}`).
#[inline]
pub(crate) fn hex16(buf: &mut Vec<u8>, v: u64) {
    buf.extend_from_slice(&hex_digits(v));
}

/// Appends `v` in decimal.
#[inline]
pub(crate) fn dec(buf: &mut Vec<u8>, v: u64) {
    let mut d = [0u8; 20];
    let mut i = d.len();
    let mut v = v;
    loop {
        i -= 1;
        d[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&d[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_format_prints_them() {
        for v in [0u64, 1, 9, 10, 0xf, 0x10, 0x1141, u64::MAX, 1 << 63, 123456789] {
            let mut b = Vec::new();
            hex(&mut b, v);
            assert_eq!(String::from_utf8(b).unwrap(), format!("{v:x}"));
            let mut b = Vec::new();
            hex16(&mut b, v);
            assert_eq!(String::from_utf8(b).unwrap(), format!("{v:016x}"));
            let mut b = Vec::new();
            dec(&mut b, v);
            assert_eq!(String::from_utf8(b).unwrap(), format!("{v}"));
        }
    }
}
