//! The devices of rivet's machines.

pub mod clint;
pub mod htif;
pub mod simple;
pub mod uart;

pub use clint::{Clint, Clock, ClockMode, Waker};
pub use htif::{Htif, HtifMmio, HtifWatch};
pub use simple::{GoldfishRtc, Ignore, TestFinisher, VirtioMmioEmpty};
pub use uart::Uart;
