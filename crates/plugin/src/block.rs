//! Translation: a block about to be compiled, its instructions, and the callbacks a plugin
//! attaches to them. Callbacks are closures; what they capture is computed once here, at
//! translation, not on every execution.

use crate::runtime::{self, Shared};
use crate::sys::{self, InsnRaw, TbRaw};
use crate::vcpu::{Vcpu, VcpuMut};
use crate::{Host, Plugin};
use rivet_isa::Insn as Decoded;

/// A block being translated (straight-line code entered at its first instruction).
pub struct Block<'a, P: Plugin> {
    pub(crate) raw: &'a mut TbRaw,
    pub(crate) shared: &'a Shared<P>,
}

/// One instruction of a block.
#[derive(Clone, Copy, Debug)]
pub struct Insn {
    raw: InsnRaw,
    index: usize,
    host: Host,
}

impl Insn {
    /// Its position in the block.
    pub fn index(&self) -> usize {
        self.index
    }

    /// Guest virtual address.
    pub fn vaddr(&self) -> u64 {
        self.raw.vaddr
    }

    /// The encoding (16 bits for compressed instructions).
    pub fn opcode(&self) -> u32 {
        self.raw.raw
    }

    /// Size in bytes: 2 or 4.
    pub fn size(&self) -> usize {
        self.raw.size as usize
    }

    /// The bytes as in memory.
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: `raw.raw` is a u32 field of `self`; its first `size` bytes (little-endian) are
        // the instruction's.
        let all = unsafe { std::slice::from_raw_parts(&self.raw.raw as *const u32 as *const u8, 4) };
        &all[..self.size().min(4)]
    }

    /// The decoded instruction (rivet's decoder: the same one the emulator runs).
    pub fn decode(&self) -> Decoded {
        rivet_isa::decode(self.raw.raw)
    }

    /// Disassembly, as `qemu_plugin_insn_disas` and execlog print it (`addi sp,sp,-16`).
    pub fn disas(&self) -> String {
        self.decode().disasm_spaced(self.raw.vaddr)
    }

    /// The function symbol containing the instruction, if the guest binary has one.
    pub fn symbol(&self) -> Option<&'static str> {
        self.host.symbol(self.raw.vaddr)
    }
}

impl<'a, P: Plugin> Block<'a, P> {
    /// Address of the first instruction.
    pub fn vaddr(&self) -> u64 {
        self.raw.vaddr
    }

    /// Number of instructions.
    pub fn len(&self) -> usize {
        self.raw.ninsns
    }

    /// Whether the block has no instructions (never, in practice).
    pub fn is_empty(&self) -> bool {
        self.raw.ninsns == 0
    }

    /// Size in bytes.
    pub fn size(&self) -> u64 {
        self.insns().last().map_or(0, |i| i.vaddr() + i.size() as u64 - self.vaddr())
    }

    /// Instruction `i`.
    pub fn insn(&self, i: usize) -> Option<Insn> {
        (i < self.raw.ninsns).then(|| Insn {
            // SAFETY: the host's instruction array has `ninsns` entries during translation.
            raw: unsafe { *self.raw.insns.add(i) },
            index: i,
            host: self.shared.host,
        })
    }

    /// The instructions.
    pub fn insns(&self) -> impl ExactSizeIterator<Item = Insn> + '_ {
        (0..self.raw.ninsns).map(move |i| self.insn(i).expect("in range"))
    }

    /// Runs `f` every time the block is entered, with read access to the vCPU.
    pub fn on_entry<F>(&mut self, f: F)
    where
        F: Fn(&P, &mut Vcpu<'_, P::State>) + Send + Sync + 'static,
    {
        let cb = runtime::vcpu_closure(self.shared, f);
        // SAFETY: `raw` is the block the host is translating; the host takes `cb`.
        unsafe { (self.shared.host.api().tb_add)(self.raw, sys::AT_ENTRY, 0, 0, cb) }
    }

    /// Runs `f` every time instruction `i` is about to execute, with read access to the vCPU.
    pub fn on_exec<F>(&mut self, i: usize, f: F)
    where
        F: Fn(&P, &mut Vcpu<'_, P::State>) + Send + Sync + 'static,
    {
        if i < self.len() {
            let cb = runtime::vcpu_closure(self.shared, f);
            // SAFETY: as in `on_entry`.
            unsafe { (self.shared.host.api().tb_add)(self.raw, sys::AT_INSN, i, 0, cb) }
        }
    }

    /// Runs `f` every time instruction `i` is about to execute, with write access to the vCPU
    /// (registers, pc, memory): a write to pc skips the instruction and continues there.
    pub fn on_exec_mut<F>(&mut self, i: usize, f: F)
    where
        F: Fn(&P, &mut VcpuMut<'_, P::State>) + Send + Sync + 'static,
    {
        if i < self.len() {
            let cb = runtime::vcpu_mut_closure(self.shared, f);
            // SAFETY: as in `on_entry`.
            unsafe { (self.shared.host.api().tb_add)(self.raw, sys::AT_INSN, i, 1, cb) }
        }
    }

    /// Runs `f` after each memory access of instruction `i` that `filter` selects.
    pub fn on_mem<F>(&mut self, i: usize, filter: MemFilter, f: F)
    where
        F: Fn(&P, &mut Vcpu<'_, P::State>, &MemAccess) + Send + Sync + 'static,
    {
        if i < self.len() {
            let cb = runtime::mem_closure(self.shared, f);
            // SAFETY: as in `on_entry`.
            unsafe { (self.shared.host.api().tb_add_mem)(self.raw, i, filter as u32, cb) }
        }
    }
}

/// Which memory accesses a memory callback sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum MemFilter {
    /// Loads.
    Loads = 1,
    /// Stores.
    Stores = 2,
    /// Both.
    All = 3,
}

/// One memory access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemAccess {
    /// Guest virtual address.
    pub vaddr: u64,
    /// Size in bytes.
    pub size: u32,
    /// Whether it wrote memory.
    pub store: bool,
    /// Whether a load sign-extended.
    pub signed: bool,
    /// The value loaded or stored.
    pub value: u64,
}
