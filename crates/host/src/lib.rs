//! `rivet-plugin-host`: the plugin host. It keeps the loaded plugins and their callbacks, weaves the
//! instrumentation they ask for into translated blocks (as `rivet_core::hooks`), and enforces the
//! register access rules of QEMU's plugin API (which callback may read or write what, which handle
//! belongs to which vCPU). It has no C types: the QEMU C ABI lives in `rivet-qemu-abi` and talks to
//! this crate only.

#![warn(missing_docs)]

pub mod context;
pub mod host;
pub mod regs;
pub mod watch;

pub use context::RegAccess;
pub use host::{Host, Register, Tb};
pub use watch::{RegChange, RegChangeFn, WatchError};

/// Identifies a loaded plugin (QEMU's `qemu_plugin_id_t`; never zero, opaque to plugins).
///
/// The low byte carries the API version the plugin declared, so per-version behaviour on hot
/// paths (a register read's return value) needs no lookup: the id is already in the context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PluginId(pub u64);

impl PluginId {
    /// The id of the `seq`-th plugin (from 1), which declared API `version`.
    pub fn new(seq: u64, version: u32) -> PluginId {
        PluginId(seq << 8 | (version as u64 & 0xff))
    }

    /// The API version the plugin declared.
    #[inline]
    pub fn version(self) -> u32 {
        (self.0 & 0xff) as u32
    }
}
