//! Register handles and access for plugins, on top of the CPU model's register map.
//!
//! A handle packs the CPU model's index, the register's index and, for registers that are a plain
//! word of the vCPU state, that word's offset into one non-zero word:
//! `(model + 1) << 40 | (reg + 1) << 16 | offset` (offset `0xffff` for the others; see
//! [`rivet_core::regs::reg_handle`]). It is opaque to plugins, stable for the run, shared by every
//! vCPU of a model and different across models. The fast read of a plain register checks it with
//! one compare against the model's table of plain handles
//! ([`PlainHandles`](rivet_core::regs::PlainHandles)), which also says which word to load; the
//! other paths decode it ([`decode`]). A handle of another model, forged or out of range fails
//! cleanly on both.

use crate::context::{with_caller, with_current, with_reader, RegAccess};
use crate::PluginId;
use rivet_core::regs::{reg_handle, RegLoc, RegMap, NOT_PLAIN};
use rivet_core::Hart;

/// A register as a plugin sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegDescriptor {
    /// Opaque handle (never zero).
    pub handle: usize,
    /// Name, e.g. `sp`.
    pub name: &'static str,
    /// GDB feature group, e.g. `org.gnu.gdb.riscv.cpu`.
    pub feature: &'static str,
    /// Size in bytes.
    pub size: usize,
    /// Whether writes are refused (pc for API 6+ plugins, which use `set_pc`; x0; counters).
    pub read_only: bool,
}

/// Why a register access failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegError {
    /// Not inside a callback of a vCPU (atexit, flush, or no callback at all).
    NoVcpu,
    /// The callback was registered without the needed access (NO_REGS reading, R_REGS writing).
    NotAllowed,
    /// The handle is not one of this vCPU's model (forged, stale or from another model).
    BadHandle,
    /// The buffer is too small (writes) or missing.
    BadBuffer,
    /// The register cannot be written.
    ReadOnly,
}

impl RegError {
    /// A short description for logs.
    pub fn describe(self) -> &'static str {
        match self {
            RegError::NoVcpu => "no current vCPU (called outside a vCPU callback)",
            RegError::NotAllowed => "the callback was not registered with the register access this needs",
            RegError::BadHandle => "invalid register handle for this vCPU",
            RegError::BadBuffer => "invalid buffer",
            RegError::ReadOnly => "the register is read-only",
        }
    }
}

/// The handle of register `reg` of model `model`, whose map is `map`.
pub fn handle(model: u32, map: &RegMap, reg: usize) -> usize {
    reg_handle(model, map, reg)
}

/// Decodes a handle for `hart`: the register index in its model's map.
#[inline]
pub fn decode(hart: &Hart, handle: usize) -> Result<usize, RegError> {
    let model = (handle >> 40).wrapping_sub(1);
    let reg = ((handle >> 16) & 0xff_ffff).wrapping_sub(1);
    let map = &hart.model.regs;
    // `plain` answers NOT_PLAIN out of range, which a handle of an in-range register never holds
    // unless it is that register's, so the range check is in the last compare.
    if model != hart.model.index as usize || reg >= map.len() || map.plain(reg) != handle as u16 {
        return Err(RegError::BadHandle);
    }
    Ok(reg)
}

/// The registers of the current vCPU. `pc_read_only` marks pc read-only (API 6+, where `set_pc`
/// moves it).
pub fn descriptors(pc_read_only: bool) -> Result<Vec<RegDescriptor>, RegError> {
    with_current(|hart, _, _| list(hart.model.index, &hart.model.regs, pc_read_only)).ok_or(RegError::NoVcpu)
}

/// The descriptors of a register map.
pub fn list(model: u32, map: &RegMap, pc_read_only: bool) -> Vec<RegDescriptor> {
    map.regs()
        .iter()
        .enumerate()
        .map(|(i, r)| RegDescriptor {
            handle: handle(model, map, i),
            name: r.name,
            feature: r.feature,
            size: r.size as usize,
            read_only: r.read_only || (pc_read_only && r.loc == RegLoc::Pc),
        })
        .collect()
}

/// Reads a register of the current vCPU into `out` (target byte order: little-endian); returns the
/// number of bytes.
pub fn read(handle: usize, out: &mut [u8; 16]) -> Result<usize, RegError> {
    read_as(handle, out).1
}

/// The fast path of a register read: the value and what a successful read answers the caller
/// (the register's size in bytes, 8, up to API 5; 1 from API 6) when everything is in order (a
/// vCPU is current, the callback may read, the handle is this model's plain register); `None`
/// otherwise, and [`read_as`] then says why.
#[inline(always)]
pub fn read_plain(handle: usize) -> Option<(u64, u32)> {
    // The handle is checked against its model's table of plain handles in one compare, which
    // also gives the word to read.
    with_reader(|hart, answer| Some((hart.plain_reg(handle)?, answer)))
}

/// [`read`], also naming the calling plugin (the C ABI's answer depends on its API version): one
/// look at the thread's context, no lock, no allocation.
#[inline]
pub fn read_as(handle: usize, out: &mut [u8; 16]) -> (Option<PluginId>, Result<usize, RegError>) {
    with_caller(|plugin, cur| {
        let Some((hart, access)) = cur else {
            return (plugin, Err(RegError::NoVcpu));
        };
        if !access.can_read() {
            return (plugin, Err(RegError::NotAllowed));
        }
        // Loaded before the handle is checked (any offset is safe to read) and used only after.
        let off = handle as u16;
        let early = hart.word_at(off);
        let r = decode(hart, handle).and_then(|idx| {
            if off != NOT_PLAIN {
                // Plain registers are 64-bit words.
                out[..8].copy_from_slice(&early.to_le_bytes());
                return Ok(8);
            }
            let v = hart.model.regs.read(hart, idx).ok_or(RegError::BadHandle)?;
            out[..8].copy_from_slice(&v.to_le_bytes());
            Ok(hart.model.regs.regs()[idx].size.min(8) as usize)
        });
        (plugin, r)
    })
}

/// Writes a register of the current vCPU from `bytes` (at least the register's size). Writing pc
/// redirects execution once the callback returns; `pc_allowed` is false for API 6+ plugins outside
/// RW_REGS_PC callbacks (they must use `set_pc`).
pub fn write(handle: usize, bytes: &[u8], pc_allowed: bool) -> Result<usize, RegError> {
    with_current(|hart, _, access| {
        if !access.can_write() {
            return Err(RegError::NotAllowed);
        }
        let idx = decode(hart, handle)?;
        let desc = &hart.model.regs.regs()[idx];
        let size = desc.size as usize;
        if bytes.is_empty() || bytes.len() < size {
            return Err(RegError::BadBuffer);
        }
        if desc.read_only || (desc.loc == RegLoc::Pc && !pc_allowed && access != RegAccess::ReadWritePc) {
            return Err(RegError::ReadOnly);
        }
        let mut v = [0u8; 8];
        v[..size.min(8)].copy_from_slice(&bytes[..size.min(8)]);
        let model = hart.model.clone();
        model.regs.write(hart, idx, u64::from_le_bytes(v)).map_err(|_| RegError::ReadOnly)?;
        Ok(size)
    })
    .unwrap_or(Err(RegError::NoVcpu))
}
