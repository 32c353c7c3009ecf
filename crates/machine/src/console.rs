//! The host side of the guest's console: where UART, HTIF and semihosting output goes, and where
//! UART input comes from.
//!
//! Output is buffered and flushed at each newline, when the guest looks for input, when a hart
//! goes to sleep, and at exit: close to QEMU's unbuffered serial output for a reader, without a
//! host write per byte. Input is read from the host's stdin by a background thread started the
//! first time the guest looks at the UART's receive side, so a guest that never reads does not
//! take the terminal (a background `rivet` reading a terminal would be stopped by SIGTTIN). A
//! terminal stays in its usual line mode: input reaches the guest a line at a time.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex, Once};

/// Where console output goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputTo {
    /// The host's stdout (`-serial stdio`, `-nographic`).
    Stdout,
    /// Nowhere (`-serial none`).
    Discard,
    /// Kept in memory (tests).
    Capture,
}

/// The console.
pub struct Console {
    to: OutputTo,
    buf: Mutex<Vec<u8>>,
    captured: Mutex<Vec<u8>>,
    input: Arc<Mutex<VecDeque<u8>>>,
    reader: Once,
    stdin: bool,
}

impl Console {
    /// A console writing to `to`, reading the host's stdin if `stdin`.
    pub fn new(to: OutputTo, stdin: bool) -> Console {
        Console {
            to,
            buf: Mutex::new(Vec::new()),
            captured: Mutex::new(Vec::new()),
            input: Arc::new(Mutex::new(VecDeque::new())),
            reader: Once::new(),
            stdin,
        }
    }

    /// A console that keeps its output and reads `input` (tests).
    pub fn capture(input: &[u8]) -> Console {
        let c = Console::new(OutputTo::Capture, false);
        c.input.lock().unwrap_or_else(|e| e.into_inner()).extend(input);
        c
    }

    /// Writes guest output.
    pub fn write(&self, bytes: &[u8]) {
        if self.to == OutputTo::Discard {
            return;
        }
        let mut buf = self.buf.lock().unwrap_or_else(|e| e.into_inner());
        buf.extend_from_slice(bytes);
        if bytes.contains(&b'\n') || buf.len() >= 4096 {
            self.flush_locked(&mut buf);
        }
    }

    /// Writes everything buffered to the host.
    pub fn flush(&self) {
        let mut buf = self.buf.lock().unwrap_or_else(|e| e.into_inner());
        self.flush_locked(&mut buf);
    }

    fn flush_locked(&self, buf: &mut Vec<u8>) {
        if buf.is_empty() {
            return;
        }
        match self.to {
            OutputTo::Stdout => {
                let mut out = std::io::stdout().lock();
                // A closed stdout (the reader went away) must not stop the guest: drop the output.
                let _ = out.write_all(buf);
                let _ = out.flush();
            }
            OutputTo::Capture => self.captured.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(buf),
            OutputTo::Discard => {}
        }
        buf.clear();
    }

    /// Output so far of a capturing console (flushed first).
    pub fn captured(&self) -> Vec<u8> {
        self.flush();
        self.captured.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn start_reader(&self) {
        if !self.stdin {
            return;
        }
        self.reader.call_once(|| {
            let queue = self.input.clone();
            // Detached: it ends at EOF, or with the process.
            let _ = std::thread::Builder::new().name("rivet-console-in".into()).spawn(move || {
                let mut chunk = [0u8; 4096];
                let mut stdin = std::io::stdin();
                loop {
                    match stdin.read(&mut chunk) {
                        Ok(0) => break,
                        Ok(n) => queue.lock().unwrap_or_else(|e| e.into_inner()).extend(&chunk[..n]),
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        Err(_) => break,
                    }
                }
            });
        });
    }

    /// Whether input is waiting (starts the input reader on first use).
    pub fn has_input(&self) -> bool {
        self.start_reader();
        !self.input.lock().unwrap_or_else(|e| e.into_inner()).is_empty()
    }

    /// The next input byte, if any. The guest is waiting for input: show it everything it wrote.
    pub fn read_byte(&self) -> Option<u8> {
        self.flush();
        self.start_reader();
        self.input.lock().unwrap_or_else(|e| e.into_inner()).pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_until_newline() {
        let c = Console::capture(b"hi");
        c.write(b"ab");
        assert!(c.captured.lock().unwrap().is_empty());
        c.write(b"c\nd");
        assert_eq!(&*c.captured.lock().unwrap(), b"abc\nd");
        assert!(c.has_input());
        assert_eq!(c.read_byte(), Some(b'h'));
        assert_eq!(c.read_byte(), Some(b'i'));
        assert_eq!(c.read_byte(), None);
        assert!(!c.has_input());
        let d = Console::new(OutputTo::Discard, false);
        d.write(b"x\n");
        assert!(d.captured().is_empty());
    }
}
