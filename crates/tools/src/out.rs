//! Buffered text output shared by the tools: per-vCPU buffers drained into a file (written on a
//! thread of its own) or the host's plugin output in large pieces, so output costs a copy per
//! line, not a call.

use rivet_plugin::Host;
use std::fs::File;
use std::io::Write;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// Where a tool's text goes.
pub(crate) enum Sink {
    /// The host's plugin output (stderr, or the `-D` log with `-d plugin`).
    Host(Host),
    /// A file, written by a thread of its own.
    File(Writer),
}

/// A buffer is drained once it holds this much. Large, because handing a buffer to the writer
/// thread may wake it, and a wake-up costs microseconds in a VM (at 64 KiB the wake-ups cost
/// more than the writes they moved off the vCPU's thread).
pub(crate) const DRAIN_AT: usize = 1 << 20;

/// Full buffers that may wait for the writer before a vCPU blocks: enough to ride out a slow
/// write, few enough that a stalled disk stalls the guest instead of filling memory.
const QUEUED: usize = 4;

impl Sink {
    /// `outfile` if given, else the host's output.
    pub(crate) fn open(host: Host, outfile: Option<&str>, tool: &str) -> Result<Sink, String> {
        match outfile {
            Some(p) => Writer::open(host, p, tool).map(Sink::File).map_err(|e| format!("{tool}: {p}: {e}")),
            None => Ok(Sink::Host(host)),
        }
    }

    /// Hands `buf`'s text on and leaves it empty (with capacity for more).
    pub(crate) fn drain(&self, buf: &mut Vec<u8>) {
        if buf.is_empty() {
            return;
        }
        match self {
            Sink::Host(h) => {
                h.out(&String::from_utf8_lossy(buf));
                buf.clear();
            }
            Sink::File(w) => w.send(buf),
        }
    }

    /// Writes out everything drained so far and reports a failure to write (once); the sink
    /// takes nothing more. Call after the last `drain`.
    pub(crate) fn finish(&self) {
        if let Sink::File(w) = self {
            w.finish();
        }
    }
}

/// A file written on a thread of its own: the kernel's share of a trace (copying into the page
/// cache, allocating blocks) runs beside the guest instead of in its way. Buffers go to the
/// thread whole and come back empty for reuse, so a steady trace allocates nothing.
pub(crate) struct Writer {
    what: String,
    host: Host,
    queue: Mutex<Option<SyncSender<Vec<u8>>>>,
    spare: Arc<Mutex<Vec<Vec<u8>>>>,
    thread: Mutex<Option<JoinHandle<std::io::Result<()>>>>,
}

impl Writer {
    fn open(host: Host, path: &str, tool: &str) -> std::io::Result<Writer> {
        // Created here, so a bad path is refused before the run starts.
        let mut file = File::create(path)?;
        let (queue, rx) = sync_channel::<Vec<u8>>(QUEUED);
        let spare = Arc::new(Mutex::new(Vec::<Vec<u8>>::new()));
        let back = spare.clone();
        let thread = std::thread::Builder::new().name(format!("{tool}-out")).spawn(move || {
            let mut result = Ok(());
            for mut buf in rx {
                // After a failure the rest is dropped; the failure is reported once, at the end.
                if result.is_ok() {
                    result = file.write_all(&buf);
                }
                buf.clear();
                let mut s = back.lock().unwrap_or_else(|e| e.into_inner());
                if s.len() < QUEUED {
                    s.push(buf);
                }
            }
            result
        })?;
        Ok(Writer {
            what: format!("{tool}: {path}"),
            host,
            queue: Mutex::new(Some(queue)),
            spare,
            thread: Mutex::new(Some(thread)),
        })
    }

    fn send(&self, buf: &mut Vec<u8>) {
        let empty = self.spare.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let full = std::mem::replace(buf, empty.unwrap_or_else(|| Vec::with_capacity(DRAIN_AT + (4 << 10))));
        let queue = self.queue.lock().unwrap_or_else(|e| e.into_inner()).clone();
        // Without a queue (after `finish`) or a thread (it died) the text has nowhere to go.
        if let Some(q) = queue {
            let _ = q.send(full);
        }
    }

    fn finish(&self) {
        drop(self.queue.lock().unwrap_or_else(|e| e.into_inner()).take());
        let Some(thread) = self.thread.lock().unwrap_or_else(|e| e.into_inner()).take() else { return };
        let failure = match thread.join() {
            Ok(Ok(())) => return,
            Ok(Err(e)) => e.to_string(),
            Err(_) => "the writer thread failed".to_string(),
        };
        self.host.out(&format!("{}: {failure}; the trace is incomplete\n", self.what));
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Appends `v` in hex without leading zeros (`{:x}`).
#[inline]
pub(crate) fn hex(buf: &mut Vec<u8>, v: u64) {
    let digits = (64 - (v | 1).leading_zeros()).div_ceil(4) as usize;
    // The significant digits first, then a fixed-size append and a cut (no `memcpy` call).
    let d = hex_ascii(v) << (8 * (16 - digits));
    buf.extend_from_slice(&d.to_be_bytes());
    buf.truncate(buf.len() - 16 + digits);
}

/// Appends `v` as 16 hex digits (`{:016x}`).
#[inline]
pub(crate) fn hex16(buf: &mut Vec<u8>, v: u64) {
    buf.extend_from_slice(&hex_ascii(v).to_be_bytes());
}

/// The 16 hex digits of `v` as ASCII, most significant in the top byte: each nibble spread into
/// a byte of its own, then made a digit, all bytes at once (no table, no branches).
#[inline]
fn hex_ascii(v: u64) -> u128 {
    const ONES: u128 = u128::MAX / 255;
    let mut x = v as u128;
    x = (x | x << 32) & 0x0000_0000_ffff_ffff_0000_0000_ffff_ffff;
    x = (x | x << 16) & 0x0000_ffff_0000_ffff_0000_ffff_0000_ffff;
    x = (x | x << 8) & 0x00ff_00ff_00ff_00ff_00ff_00ff_00ff_00ff;
    x = (x | x << 4) & (ONES * 0x0f);
    // Byte k holds nibble k; those above 9 become letters ('a' is '0' + 10 + 0x27).
    let letters = ((x + ONES * 6) >> 4) & ONES;
    x + ONES * b'0' as u128 + letters * 0x27
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
        for v in [0u64, 1, 9, 10, 0xf, 0x10, 0x1141, 0xabcdef, 0xfedc_ba98_7654_3210, u64::MAX, 1 << 63, 123456789]
            .into_iter()
            .chain((0..64).map(|s| 1u64 << s | 0x5a5a >> (s % 16)))
        {
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
