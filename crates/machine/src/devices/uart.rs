//! An NS16550A UART, as QEMU's `virt` machine has at 0x1000_0000 (registers one byte apart).
//!
//! Transmission is instantaneous: THR and the transmitter are always empty (LSR.THRE and
//! LSR.TEMT set), each byte written goes to the [`Console`] at once. Received bytes come from the
//! console's input; LSR.DR says one is waiting. IIR reports the receive-data and THR-empty
//! conditions the guest enabled in IER, so polling drivers see what they expect, but no interrupt
//! reaches a hart: rivet has no PLIC yet.

use crate::bus::{AccessCtx, Device, Stop};
use crate::console::Console;
use std::sync::{Arc, Mutex};

/// Register offsets.
pub mod reg {
    /// Receive buffer (read) / transmit holding (write); divisor latch low when LCR.DLAB.
    pub const RBR_THR: u64 = 0;
    /// Interrupt enable; divisor latch high when LCR.DLAB.
    pub const IER: u64 = 1;
    /// Interrupt identification (read) / FIFO control (write).
    pub const IIR_FCR: u64 = 2;
    /// Line control.
    pub const LCR: u64 = 3;
    /// Modem control.
    pub const MCR: u64 = 4;
    /// Line status.
    pub const LSR: u64 = 5;
    /// Modem status.
    pub const MSR: u64 = 6;
    /// Scratch.
    pub const SCR: u64 = 7;
    /// Size of the window in the `virt` map.
    pub const SIZE: u64 = 0x100;
}

const LCR_DLAB: u8 = 0x80;
const LSR_DR: u8 = 0x01;
const LSR_THRE: u8 = 0x20;
const LSR_TEMT: u8 = 0x40;
const IER_RDI: u8 = 0x01;
const IER_THRI: u8 = 0x02;
const IIR_NO_INT: u8 = 0x01;
const IIR_THRI: u8 = 0x02;
const IIR_RDI: u8 = 0x04;
const IIR_FIFO: u8 = 0xc0;
/// Modem status at reset as QEMU reports it: carrier detect, data set ready, clear to send.
const MSR_RESET: u8 = 0xb0;

#[derive(Default)]
struct Regs {
    ier: u8,
    lcr: u8,
    mcr: u8,
    scr: u8,
    fcr: u8,
    dll: u8,
    dlm: u8,
    /// A THR-empty interrupt is pending (cleared by reading IIR or writing THR).
    thr_pending: bool,
}

/// The UART.
pub struct Uart {
    console: Arc<Console>,
    regs: Mutex<Regs>,
}

impl Uart {
    /// A UART in its reset state on `console`.
    pub fn new(console: Arc<Console>) -> Uart {
        Uart { console, regs: Mutex::new(Regs::default()) }
    }
}

impl Device for Uart {
    fn name(&self) -> &'static str {
        "ns16550a"
    }

    fn read(&self, _: &AccessCtx, offset: u64, _: u8) -> u64 {
        let mut r = self.regs.lock().unwrap_or_else(|e| e.into_inner());
        let dlab = r.lcr & LCR_DLAB != 0;
        (match offset {
            reg::RBR_THR if dlab => r.dll,
            reg::RBR_THR => self.console.read_byte().unwrap_or(0),
            reg::IER if dlab => r.dlm,
            reg::IER => r.ier,
            reg::IIR_FCR => {
                let fifo = if r.fcr & 1 != 0 { IIR_FIFO } else { 0 };
                if r.ier & IER_RDI != 0 && self.console.has_input() {
                    IIR_RDI | fifo
                } else if r.ier & IER_THRI != 0 && r.thr_pending {
                    // Reading IIR acknowledges the THR-empty condition.
                    r.thr_pending = false;
                    IIR_THRI | fifo
                } else {
                    IIR_NO_INT | fifo
                }
            }
            reg::LCR => r.lcr,
            reg::MCR => r.mcr,
            reg::LSR => LSR_THRE | LSR_TEMT | if self.console.has_input() { LSR_DR } else { 0 },
            reg::MSR => MSR_RESET,
            reg::SCR => r.scr,
            _ => 0,
        }) as u64
    }

    fn write(&self, _: &AccessCtx, offset: u64, _: u8, value: u64) -> Option<Stop> {
        let v = value as u8;
        let mut r = self.regs.lock().unwrap_or_else(|e| e.into_inner());
        let dlab = r.lcr & LCR_DLAB != 0;
        match offset {
            reg::RBR_THR if dlab => r.dll = v,
            reg::RBR_THR => {
                self.console.write(&[v]);
                // Sent at once: the holding register is empty again.
                r.thr_pending = true;
            }
            reg::IER if dlab => r.dlm = v,
            reg::IER => {
                if v & IER_THRI != 0 && r.ier & IER_THRI == 0 {
                    r.thr_pending = true;
                }
                r.ier = v & 0x0f;
            }
            // FCR: the FIFO-enable bit shows in IIR; reset bits have nothing to clear.
            reg::IIR_FCR => r.fcr = v & 0xc9,
            reg::LCR => r.lcr = v,
            reg::MCR => r.mcr = v & 0x1f,
            reg::SCR => r.scr = v,
            // LSR and MSR are read-only.
            _ => {}
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registers() {
        let console = Arc::new(Console::capture(b"x"));
        let u = Uart::new(console.clone());
        let c = AccessCtx::default();
        assert_eq!(u.read(&c, reg::LSR, 0), 0x61, "THRE, TEMT and data ready");
        assert_eq!(u.read(&c, reg::IIR_FCR, 0), 0x01);
        assert_eq!(u.read(&c, reg::MSR, 0), 0xb0);
        for b in b"ok\n" {
            u.write(&c, reg::RBR_THR, 0, *b as u64);
        }
        assert_eq!(console.captured(), b"ok\n");
        // Receive.
        u.write(&c, reg::IER, 0, 1);
        assert_eq!(u.read(&c, reg::IIR_FCR, 0), 0x04);
        assert_eq!(u.read(&c, reg::RBR_THR, 0), b'x' as u64);
        assert_eq!(u.read(&c, reg::LSR, 0), 0x60);
        assert_eq!(u.read(&c, reg::RBR_THR, 0), 0);
        // THR empty interrupt: raised when enabled, acknowledged by reading IIR.
        u.write(&c, reg::IIR_FCR, 0, 0x07);
        u.write(&c, reg::IER, 0, 3);
        assert_eq!(u.read(&c, reg::IIR_FCR, 0), 0xc2);
        assert_eq!(u.read(&c, reg::IIR_FCR, 0), 0xc1);
        // Divisor latch behind DLAB.
        u.write(&c, reg::LCR, 0, 0x83);
        u.write(&c, reg::RBR_THR, 0, 0x01);
        u.write(&c, reg::IER, 0, 0x02);
        assert_eq!(u.read(&c, reg::RBR_THR, 0), 1);
        assert_eq!(u.read(&c, reg::IER, 0), 2);
        u.write(&c, reg::LCR, 0, 0x03);
        assert_eq!(u.read(&c, reg::IER, 0), 3);
        assert_eq!(u.read(&c, reg::LCR, 0), 3);
        u.write(&c, reg::SCR, 0, 0x5a);
        assert_eq!(u.read(&c, reg::SCR, 0), 0x5a);
        // The divisor write did not print anything.
        assert_eq!(console.captured(), b"ok\n");
    }
}
