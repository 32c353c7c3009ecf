//! Device accesses made by guest loads and stores.
//!
//! Device windows are unmapped in guest memory, so an access to one leaves the engine as
//! `Exit::Fault` with pc at the instruction. The run loop decodes that instruction, and if it is a
//! plain load or store this module performs it: reads or writes the device, sign- or
//! zero-extends a loaded value as the instruction says (`Insn::effects`), and writes the
//! destination register. The engine stays unaware of devices. Atomics and LR/SC on devices are
//! not emulated (they become access faults).

use crate::bus::{AccessCtx, Bus, Stop};
use rivet_core::{fp, Hart};
use rivet_isa::{Insn, MemKind, Opcode};

/// A plain load or store, decoded for emulation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemOp {
    /// Effective address.
    pub addr: u64,
    /// log2 of the size.
    pub size_log2: u8,
    /// Store (otherwise load).
    pub store: bool,
    /// Whether a load sign-extends.
    pub signed: bool,
    /// FP register (flw, fld, fsw, fsd).
    pub fp: bool,
}

impl MemOp {
    /// Size in bytes.
    pub fn len(&self) -> u64 {
        1 << self.size_log2
    }

    /// Never empty; for clippy's `len_without_is_empty`.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// The plain load or store `insn` makes on `hart`, if it is one.
pub fn decode(insn: &Insn, hart: &Hart) -> Option<MemOp> {
    let m = insn.effects().mem?;
    let store = match m.kind {
        MemKind::Load => false,
        MemKind::Store => true,
        _ => return None,
    };
    let fp = matches!(insn.op, Opcode::Flw | Opcode::Fld | Opcode::Fsw | Opcode::Fsd);
    let addr = hart.x[insn.rs1 as usize & 31].wrapping_add(insn.imm as u64);
    Some(MemOp { addr, size_log2: m.size_log2, store, signed: m.signed, fp })
}

/// The value a store writes (the low `len` bytes of the source register).
pub fn store_value(insn: &Insn, op: &MemOp, hart: &Hart) -> u64 {
    let v = if op.fp { hart.f[insn.rs2 as usize & 31] } else { hart.x[insn.rs2 as usize & 31] };
    if op.size_log2 == 3 {
        v
    } else {
        v & ((1u64 << (8 << op.size_log2)) - 1)
    }
}

/// Writes a loaded value to the destination register, extended as the load says.
pub fn complete_load(insn: &Insn, op: &MemOp, hart: &mut Hart, raw: u64) {
    let bits = 8u32 << op.size_log2;
    let v = if bits == 64 {
        raw
    } else if op.signed {
        (((raw << (64 - bits)) as i64) >> (64 - bits)) as u64
    } else {
        raw & ((1u64 << bits) - 1)
    };
    let rd = insn.rd as usize & 31;
    if op.fp {
        hart.f[rd] = if op.size_log2 == 2 { fp::box_f32(v as u32) } else { v };
    } else if rd != 0 {
        hart.x[rd] = v;
    }
}

/// Performs `insn` on a device if its access falls in one. `None`: no device there. `Some(stop)`
/// otherwise, with the stop request a device may have made; the caller advances pc.
pub fn device_access(bus: &Bus, insn: &Insn, hart: &mut Hart) -> Option<Option<Stop>> {
    let op = decode(insn, hart)?;
    device_access_at(bus, insn, &op, hart)
}

/// [`device_access`] for an access already decoded (its address possibly translated).
pub fn device_access_at(bus: &Bus, insn: &Insn, op: &MemOp, hart: &mut Hart) -> Option<Option<Stop>> {
    let (map, offset) = bus.find(op.addr, op.len())?;
    let ctx = AccessCtx { hart: hart.vcpu_index, instret: hart.instret };
    if op.store {
        let v = store_value(insn, op, hart);
        Some(map.dev.write(&ctx, offset, op.size_log2, v))
    } else {
        let v = map.dev.read(&ctx, offset, op.size_log2);
        complete_load(insn, op, hart, v);
        Some(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bus::Device;
    use rivet_core::CpuModel;
    use std::sync::{Arc, Mutex};

    /// Records writes; reads return 0xfedc_ba98_7654_3280.
    #[derive(Default)]
    struct Probe(Mutex<Vec<(u64, u8, u64)>>);
    impl Device for Probe {
        fn name(&self) -> &'static str {
            "probe"
        }
        fn read(&self, _: &AccessCtx, _: u64, _: u8) -> u64 {
            0xfedc_ba98_7654_3280
        }
        fn write(&self, _: &AccessCtx, offset: u64, size: u8, value: u64) -> Option<Stop> {
            self.0.lock().unwrap().push((offset, size, value));
            (value == 0xdead).then_some(Stop::Exit(2))
        }
    }

    fn hart() -> Hart {
        let mut h = Hart::new(Arc::new(CpuModel::by_name("rv64gc", 0).unwrap()), 0);
        h.x[10] = 0x1000_0000; // a0: the device base
        h.x[11] = 0x1_2345_6789; // a1
        h
    }

    #[test]
    fn loads_extend_and_stores_truncate() {
        let probe = Arc::new(Probe::default());
        let mut bus = Bus::new();
        bus.add(0x1000_0000, 0x100, probe.clone());
        let mut h = hart();
        // lb a2, 5(a0) / lbu / lh / lw / lwu / ld
        let cases: [(u32, u64); 6] = [
            (0x00550603, 0xffff_ffff_ffff_ff80),
            (0x00554603, 0x80),
            (0x00551603, 0x3280),
            (0x00552603, 0x7654_3280),
            (0x00556603, 0x7654_3280),
            (0x00553603, 0xfedc_ba98_7654_3280),
        ];
        for (raw, want) in cases {
            assert_eq!(device_access(&bus, &rivet_isa::decode(raw), &mut h), Some(None));
            assert_eq!(h.x[12], want, "{raw:#x}");
        }
        // Loads into x0 are discarded. lw zero, 0(a0)
        device_access(&bus, &rivet_isa::decode(0x00052003), &mut h);
        assert_eq!(h.x[0], 0);
        // flw fa0, 0(a0): NaN-boxed.
        device_access(&bus, &rivet_isa::decode(0x00052507), &mut h);
        assert_eq!(h.f[10], 0xffff_ffff_7654_3280);
        // sb a1, 1(a0) / sw a1, 4(a0) / sd a1, 8(a0) / c.sw a1, 0(a0)
        for raw in [0x00b500a3, 0x00b52223, 0x00b53423, 0xc10c] {
            device_access(&bus, &rivet_isa::decode(raw), &mut h);
        }
        assert_eq!(
            *probe.0.lock().unwrap(),
            [(1, 0, 0x89), (4, 2, 0x2345_6789), (8, 3, 0x1_2345_6789), (0, 2, 0x2345_6789)]
        );
        // A device may end the run.
        h.x[11] = 0xdead;
        assert_eq!(device_access(&bus, &rivet_isa::decode(0x00b52023), &mut h), Some(Some(Stop::Exit(2))));
        // Outside the device, or not a plain access: not ours.
        h.x[10] = 0x2000_0000;
        assert_eq!(device_access(&bus, &rivet_isa::decode(0x00052603), &mut h), None);
        h.x[10] = 0x1000_0000;
        assert_eq!(device_access(&bus, &rivet_isa::decode(0x00b5262f), &mut h), None);
        // amoadd.w
    }
}
