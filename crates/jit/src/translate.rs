//! Translation of one [`Block`] into Cranelift IR.
//!
//! The function built here has the [`rivet_core::engine::NativeFn`] signature. Its main path is
//! the block's ops in order, one straight line of Cranelift blocks joined by the guards of memory
//! accesses and rounding modes; every guard that fails leads to a cold *bail-out* stub for its op.
//! See the crate documentation for the register and exit conventions.

use crate::helpers::{Dst, Src, HELPERS};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{I32, I64, I8};
use cranelift_codegen::ir::{Endianness, FuncRef, InstBuilder, MemFlagsData, Type, Value};
use cranelift_frontend::{FunctionBuilder, Variable};
use cranelift_jit::JITModule;
use cranelift_module::{FuncId, Module};
use rivet_core::engine::{Block, Op};
use rivet_core::mem::{perm, PAGE_SIZE};
use rivet_core::Hart;
use rivet_isa::Opcode as O;
use std::mem::offset_of;

/// Guest memory layout baked into compiled code (see `GuestMemory::raw_parts`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct MemLayout {
    /// Host address of guest address 0.
    pub base: u64,
    /// Size of the guest address space.
    pub limit: u64,
    /// Host address of the permission table.
    pub perms: u64,
}

/// Whether compiled code handles `op` itself (anything else bails out to the interpreter at it).
pub(crate) fn supported(op: &Op) -> bool {
    match op.kind {
        O::Csrrw | O::Csrrs | O::Csrrc | O::Csrrwi | O::Csrrsi | O::Csrrci => false,
        O::LrW | O::LrD | O::ScW | O::ScD => false,
        O::AmoswapW | O::AmoaddW | O::AmoxorW | O::AmoandW | O::AmoorW => false,
        O::AmominW | O::AmomaxW | O::AmominuW | O::AmomaxuW => false,
        O::AmoswapD | O::AmoaddD | O::AmoxorD | O::AmoandD | O::AmoorD => false,
        O::AmominD | O::AmomaxD | O::AmominuD | O::AmomaxuD => false,
        O::Ecall | O::Ebreak | O::FenceI | O::Illegal | O::Mret | O::Sret | O::Wfi | O::SfenceVma => false,
        k => match crate::helpers::helper_index(k) {
            // A static rounding mode above 4 (translation already turns 5 and 6 into Illegal)
            // is the interpreter's illegal-instruction exit.
            Some(h) => !HELPERS[h].rm || op.rm <= 4 || op.rm == 7,
            None => true,
        },
    }
}

/// How translation of an op ended.
enum Flow {
    /// Carry on with the next op.
    Next,
    /// The function is complete (the op ended the block or bailed out).
    End,
}

const X_OFF: i32 = offset_of!(Hart, x) as i32;
const F_OFF: i32 = offset_of!(Hart, f) as i32;
const PC_OFF: i32 = offset_of!(Hart, pc) as i32;
const FFLAGS_OFF: i64 = offset_of!(Hart, fflags) as i64;
const FRM_OFF: i32 = offset_of!(Hart, frm) as i32;
const INSTRET_OFF: i32 = offset_of!(Hart, instret) as i32;

/// Hart fields: aligned and always accessible.
fn hart_flags() -> MemFlagsData {
    MemFlagsData::trusted()
}

/// Guest data: any alignment, little-endian, known accessible once the guards passed.
fn guest_flags() -> MemFlagsData {
    MemFlagsData::new().with_notrap().with_endianness(Endianness::Little)
}

/// The translator of one block.
pub(crate) struct Translator<'a, 'f> {
    b: &'a mut FunctionBuilder<'f>,
    module: &'a mut JITModule,
    helper_ids: &'a [FuncId],
    helper_refs: Vec<Option<FuncRef>>,
    blk: &'a Block,
    mem: MemLayout,
    hart: Value,
    xv: Vec<Variable>,
    fv: Vec<Variable>,
    /// Integer slots that hold a value in their variable (loaded or written).
    x_live: u64,
    /// Integer slots written by the block so far (stored back at every exit).
    x_dirty: u64,
    f_live: u32,
    f_dirty: u32,
    /// The dynamic rounding mode (`Hart::frm`), once loaded and checked valid.
    frm: Option<Value>,
}

impl<'a, 'f> Translator<'a, 'f> {
    /// Builds the whole function for `blk` into `b`. The caller checked that the first op is
    /// [`supported`], so the function always does some work of its own.
    pub(crate) fn build(
        b: &'a mut FunctionBuilder<'f>,
        module: &'a mut JITModule,
        helper_ids: &'a [FuncId],
        blk: &'a Block,
        mem: MemLayout,
    ) {
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        b.seal_block(entry);
        let hart = b.block_params(entry)[0];
        let xv = (0..64).map(|_| b.declare_var(I64)).collect();
        let fv = (0..32).map(|_| b.declare_var(I64)).collect();
        let mut t = Translator {
            b,
            module,
            helper_ids,
            helper_refs: vec![None; helper_ids.len()],
            blk,
            mem,
            hart,
            xv,
            fv,
            x_live: 0,
            x_dirty: 0,
            f_live: 0,
            f_dirty: 0,
            frm: None,
        };
        for (i, op) in blk.ops.iter().enumerate() {
            if let Flow::End = t.op(i, op) {
                return;
            }
        }
        // Fell off the end (page boundary or the block-size limit).
        let end = t.k(blk.end as i64);
        t.finish(end);
    }

    // ---- values and registers ----

    fn k(&mut self, v: i64) -> Value {
        self.b.ins().iconst(I64, v)
    }

    fn k32(&mut self, v: i32) -> Value {
        // Narrow constants are stored zero-extended.
        self.b.ins().iconst(I32, v as u32 as i64)
    }

    /// Integer register `r` (slot `r & 63`; x0 reads as zero).
    fn x(&mut self, r: u8) -> Value {
        let r = (r & 63) as usize;
        if r == 0 {
            return self.k(0);
        }
        if self.x_live & (1 << r) == 0 {
            let v = self.b.ins().load(I64, hart_flags(), self.hart, X_OFF + 8 * r as i32);
            self.b.def_var(self.xv[r], v);
            self.x_live |= 1 << r;
        }
        self.b.use_var(self.xv[r])
    }

    /// Writes integer slot `rd & 63` (translation sends writes to x0 to the sink slot; a write to
    /// slot 0 itself never happens and would be dropped).
    fn set_x(&mut self, rd: u8, v: Value) {
        let r = (rd & 63) as usize;
        debug_assert!(r != 0, "translation redirects writes to x0");
        if r == 0 {
            return;
        }
        self.b.def_var(self.xv[r], v);
        self.x_live |= 1 << r;
        self.x_dirty |= 1 << r;
    }

    /// FP register `r & 31` (raw bits).
    fn f(&mut self, r: u8) -> Value {
        let r = (r & 31) as usize;
        if self.f_live & (1 << r) == 0 {
            let v = self.b.ins().load(I64, hart_flags(), self.hart, F_OFF + 8 * r as i32);
            self.b.def_var(self.fv[r], v);
            self.f_live |= 1 << r;
        }
        self.b.use_var(self.fv[r])
    }

    fn set_f(&mut self, rd: u8, v: Value) {
        let r = (rd & 31) as usize;
        self.b.def_var(self.fv[r], v);
        self.f_live |= 1 << r;
        self.f_dirty |= 1 << r;
    }

    /// Sign-extends the low 32 bits.
    fn sx32(&mut self, v: Value) -> Value {
        let t = self.b.ins().ireduce(I32, v);
        self.b.ins().sextend(I64, t)
    }

    fn low32(&mut self, v: Value) -> Value {
        self.b.ins().ireduce(I32, v)
    }

    /// An `i8` condition as 0 or 1.
    fn bool64(&mut self, c: Value) -> Value {
        self.b.ins().uextend(I64, c)
    }

    /// Interpreter's `unbox`: the low 32 bits if the upper half is all ones, else the canonical
    /// NaN; zero-extended.
    fn unbox(&mut self, v: Value) -> Value {
        let ok = self.b.ins().icmp_imm_s(IntCC::UnsignedGreaterThanOrEqual, v, 0xffff_ffff_0000_0000u64 as i64);
        let lo = self.b.ins().band_imm_s(v, 0xffff_ffff);
        let nan = self.k(0x7fc0_0000);
        self.b.ins().select(ok, lo, nan)
    }

    /// NaN-boxes a zero-extended 32-bit value (any upper bits are overwritten).
    fn boxed(&mut self, v: Value) -> Value {
        self.b.ins().bor_imm_s(v, 0xffff_ffff_0000_0000u64 as i64)
    }

    fn link(&mut self, op: &Op) -> Value {
        let link = self.blk.start.wrapping_add(op.off as u64).wrapping_add(op.rs3 as u64);
        self.k(link as i64)
    }

    // ---- exits ----

    /// Stores every register the block wrote.
    fn writeback(&mut self) {
        let mut d = self.x_dirty;
        while d != 0 {
            let r = d.trailing_zeros() as usize;
            d &= d - 1;
            let v = self.b.use_var(self.xv[r]);
            self.b.ins().store(hart_flags(), v, self.hart, X_OFF + 8 * r as i32);
        }
        let mut d = self.f_dirty;
        while d != 0 {
            let r = d.trailing_zeros() as usize;
            d &= d - 1;
            let v = self.b.use_var(self.fv[r]);
            self.b.ins().store(hart_flags(), v, self.hart, F_OFF + 8 * r as i32);
        }
    }

    fn add_instret(&mut self, n: u64) {
        if n == 0 {
            return;
        }
        let v = self.b.ins().load(I64, hart_flags(), self.hart, INSTRET_OFF);
        let v = self.b.ins().iadd_imm_s(v, n as i64);
        self.b.ins().store(hart_flags(), v, self.hart, INSTRET_OFF);
    }

    /// Ends the current Cranelift block with a bail-out at op `i`: registers written back,
    /// `instret` counting the `i` ops before it, and `i + 1` returned so the interpreter carries
    /// on from op `i` (and sets `pc` itself).
    fn bail(&mut self, i: usize) {
        self.writeback();
        self.add_instret(i as u64);
        let r = self.k(i as i64 + 1);
        self.b.ins().return_(&[r]);
    }

    /// Ends the block normally: registers written back, `pc = pc`, `instret += n`, returns 0.
    /// (`exec_block` counts the whole block on every jump, so this is used for all of them.)
    fn finish(&mut self, pc: Value) {
        self.writeback();
        self.b.ins().store(hart_flags(), pc, self.hart, PC_OFF);
        self.add_instret(self.blk.ops.len() as u64);
        let r = self.k(0);
        self.b.ins().return_(&[r]);
    }

    /// A new cold block for the bail-out of one op.
    fn exit_block(&mut self) -> cranelift_codegen::ir::Block {
        let e = self.b.create_block();
        self.b.set_cold_block(e);
        e
    }

    /// Branches to `exit` unless `ok`; returns the (sealed, not yet current) continuation.
    fn guard(&mut self, ok: Value, exit: cranelift_codegen::ir::Block) -> cranelift_codegen::ir::Block {
        let cont = self.b.create_block();
        self.b.ins().brif(ok, cont, &[], exit, &[]);
        self.b.seal_block(cont);
        cont
    }

    /// Fills `exit` with the bail-out of op `i` (all its predecessors are in place), then goes on
    /// in `cont`.
    fn close_exit(&mut self, exit: cranelift_codegen::ir::Block, i: usize, cont: cranelift_codegen::ir::Block) {
        self.b.seal_block(exit);
        self.b.switch_to_block(exit);
        self.bail(i);
        self.b.switch_to_block(cont);
    }

    // ---- memory ----

    /// The inlined fast path of `GuestMemory::load`/`store` for `size` bytes at `x[rs1] + imm`:
    /// returns the host address, having bailed out at op `i` unless the access stays inside one
    /// page of the address space that is readable (loads) or writable and free of translated
    /// code (stores). The permission byte is loaded afresh for every access.
    fn guest_addr(&mut self, i: usize, op: &Op, size: u64, store: bool) -> Value {
        let r1 = self.x(op.rs1);
        let addr = self.b.ins().iadd_imm_s(r1, op.imm);
        let exit = self.exit_block();
        let limit = self.mem.limit;
        let ok = if limit.is_power_of_two() && limit > PAGE_SIZE {
            // One compare for both conditions: the bits at and above the limit, kept by the
            // mask, make the value exceed any in-page offset unless they are all zero.
            let m = self.b.ins().band_imm_s(addr, (!(limit - 1) | (PAGE_SIZE - 1)) as i64);
            self.b.ins().icmp_imm_s(IntCC::UnsignedLessThanOrEqual, m, (PAGE_SIZE - size) as i64)
        } else {
            let in_space = self.b.ins().icmp_imm_s(IntCC::UnsignedLessThan, addr, limit as i64);
            let off = self.b.ins().band_imm_s(addr, (PAGE_SIZE - 1) as i64);
            let in_page = self.b.ins().icmp_imm_s(IntCC::UnsignedLessThanOrEqual, off, (PAGE_SIZE - size) as i64);
            self.b.ins().band(in_space, in_page)
        };
        let c1 = self.guard(ok, exit);
        self.b.switch_to_block(c1);
        let page = self.b.ins().ushr_imm_s(addr, 12);
        let slot = self.b.ins().iadd_imm_s(page, self.mem.perms as i64);
        // An atomic load: Cranelift's redundant-load elimination never merges it with another
        // one (nor moves guest accesses across it), so the byte is read afresh for this access.
        // On x86-64 it is a plain `movzx`; on weakly ordered hosts an acquire load.
        let p = self.b.ins().atomic_load(I8, hart_flags(), slot);
        let ok = if store {
            let m = self.b.ins().band_imm_s(p, (perm::W | perm::CODE) as i64);
            self.b.ins().icmp_imm_s(IntCC::Equal, m, perm::W as i64)
        } else {
            self.b.ins().band_imm_s(p, perm::R as i64)
        };
        let c2 = self.guard(ok, exit);
        self.close_exit(exit, i, c2);
        self.b.ins().iadd_imm_s(addr, self.mem.base as i64)
    }

    fn load(&mut self, i: usize, op: &Op, size: u64) -> Value {
        let host = self.guest_addr(i, op, size, false);
        let fl = guest_flags();
        let ins = self.b.ins();
        match op.kind {
            O::Lb => ins.sload8(I64, fl, host, 0),
            O::Lbu => ins.uload8(I64, fl, host, 0),
            O::Lh => ins.sload16(I64, fl, host, 0),
            O::Lhu => ins.uload16(I64, fl, host, 0),
            O::Lw => ins.sload32(fl, host, 0),
            O::Lwu | O::Flw => ins.uload32(fl, host, 0),
            _ => ins.load(I64, fl, host, 0),
        }
    }

    fn store(&mut self, i: usize, op: &Op, size: u64, v: Value) {
        let host = self.guest_addr(i, op, size, true);
        let fl = guest_flags();
        let ins = self.b.ins();
        match size {
            1 => ins.istore8(fl, v, host, 0),
            2 => ins.istore16(fl, v, host, 0),
            4 => ins.istore32(fl, v, host, 0),
            _ => ins.store(fl, v, host, 0),
        };
    }

    // ---- FP ----

    /// The rounding mode of op `i` as `rm!()` resolves it, bailing out where that raises the
    /// illegal-instruction exit. `frm` cannot change inside compiled code (CSR writes are left
    /// to the interpreter), so it is loaded and checked once per block.
    fn rounding_mode(&mut self, i: usize, op: &Op) -> Value {
        if op.rm != 7 {
            debug_assert!(op.rm <= 4, "checked by `supported`");
            return self.k(op.rm as i64);
        }
        if let Some(v) = self.frm {
            return v;
        }
        let m = self.b.ins().uload8(I64, hart_flags(), self.hart, FRM_OFF);
        let ok = self.b.ins().icmp_imm_s(IntCC::UnsignedLessThanOrEqual, m, 4);
        let exit = self.exit_block();
        let cont = self.guard(ok, exit);
        self.close_exit(exit, i, cont);
        self.frm = Some(m);
        m
    }

    fn helper_ref(&mut self, h: usize) -> FuncRef {
        if let Some(r) = self.helper_refs[h] {
            return r;
        }
        let r = self.module.declare_func_in_func(self.helper_ids[h], self.b.func);
        self.helper_refs[h] = Some(r);
        r
    }

    fn fp_call(&mut self, i: usize, op: &Op, h: usize) {
        let helper = &HELPERS[h];
        let mut argv = Vec::with_capacity(5);
        for s in helper.srcs {
            argv.push(match s {
                Src::F1 => self.f(op.rs1),
                Src::F2 => self.f(op.rs2),
                Src::F3 => self.f(op.rs3),
                Src::X1 => self.x(op.rs1),
            });
        }
        while argv.len() < 3 {
            argv.push(self.k(0));
        }
        let rm = if helper.rm { self.rounding_mode(i, op) } else { self.k(0) };
        argv.push(rm);
        argv.push(self.b.ins().iadd_imm_s(self.hart, FFLAGS_OFF));
        let f = self.helper_ref(h);
        let call = self.b.ins().call(f, &argv);
        let r = self.b.inst_results(call)[0];
        match helper.dst {
            Dst::F => self.set_f(op.rd, r),
            Dst::X => self.set_x(op.rd, r),
        }
    }

    // ---- integer helpers ----

    fn shamt(&mut self, v: Value, mask: i64) -> Value {
        self.b.ins().band_imm_s(v, mask)
    }

    /// Signed division or remainder with the RISC-V rules (x/0 = -1, x%0 = x, MIN/-1 = MIN,
    /// MIN%-1 = 0) on `ty`, without ever giving the host a trapping operand.
    fn sdivrem(&mut self, ty: Type, a: Value, d: Value, rem: bool) -> Value {
        let (min, minus1, zero, one) = if ty == I32 {
            (self.k32(i32::MIN), self.k32(-1), self.k32(0), self.k32(1))
        } else {
            (self.k(i64::MIN), self.k(-1), self.k(0), self.k(1))
        };
        let is_zero = self.b.ins().icmp(IntCC::Equal, d, zero);
        let a_min = self.b.ins().icmp(IntCC::Equal, a, min);
        let d_m1 = self.b.ins().icmp(IntCC::Equal, d, minus1);
        let ovf = self.b.ins().band(a_min, d_m1);
        let bad = self.b.ins().bor(is_zero, ovf);
        // Dividing by 1 instead gives MIN / 1 = MIN and MIN % 1 = 0, the overflow results.
        let dd = self.b.ins().select(bad, one, d);
        if rem {
            let r = self.b.ins().srem(a, dd);
            self.b.ins().select(is_zero, a, r)
        } else {
            let q = self.b.ins().sdiv(a, dd);
            self.b.ins().select(is_zero, minus1, q)
        }
    }

    fn udivrem(&mut self, ty: Type, a: Value, d: Value, rem: bool) -> Value {
        let (zero, one, all) =
            if ty == I32 { (self.k32(0), self.k32(1), self.k32(-1)) } else { (self.k(0), self.k(1), self.k(-1)) };
        let is_zero = self.b.ins().icmp(IntCC::Equal, d, zero);
        let dd = self.b.ins().select(is_zero, one, d);
        if rem {
            let r = self.b.ins().urem(a, dd);
            self.b.ins().select(is_zero, a, r)
        } else {
            let q = self.b.ins().udiv(a, dd);
            self.b.ins().select(is_zero, all, q)
        }
    }

    fn branch_cond(&mut self, op: &Op) -> Value {
        let a = self.x(op.rs1);
        let c = self.x(op.rs2);
        let cc = match op.kind {
            O::Beq => IntCC::Equal,
            O::Bne => IntCC::NotEqual,
            O::Blt => IntCC::SignedLessThan,
            O::Bge => IntCC::SignedGreaterThanOrEqual,
            O::Bltu => IntCC::UnsignedLessThan,
            _ => IntCC::UnsignedGreaterThanOrEqual,
        };
        self.b.ins().icmp(cc, a, c)
    }

    // ---- ops ----

    fn op(&mut self, i: usize, op: &Op) -> Flow {
        if !supported(op) {
            self.bail(i);
            return Flow::End;
        }
        let rd = op.rd;
        macro_rules! rr {
            ($f:ident) => {{
                let a = self.x(op.rs1);
                let c = self.x(op.rs2);
                let v = self.b.ins().$f(a, c);
                self.set_x(rd, v);
            }};
        }
        macro_rules! ri {
            ($f:ident) => {{
                let a = self.x(op.rs1);
                let v = self.b.ins().$f(a, op.imm);
                self.set_x(rd, v);
            }};
        }
        macro_rules! cmp {
            ($cc:expr, $b:expr) => {{
                let a = self.x(op.rs1);
                let c = $b;
                let c = self.b.ins().icmp($cc, a, c);
                let v = self.bool64(c);
                self.set_x(rd, v);
            }};
        }
        // A W op computed on 64 bits whose low 32 bits are right, then sign-extended.
        macro_rules! w64 {
            ($f:ident) => {{
                let a = self.x(op.rs1);
                let c = self.x(op.rs2);
                let v = self.b.ins().$f(a, c);
                let v = self.sx32(v);
                self.set_x(rd, v);
            }};
        }
        // A 32-bit right shift by `amount`, sign-extended.
        macro_rules! shr32 {
            ($f:ident, $amount:expr) => {{
                let r1 = self.x(op.rs1);
                let a = self.low32(r1);
                let s = $amount;
                let v = self.b.ins().$f(a, s);
                let v = self.b.ins().sextend(I64, v);
                self.set_x(rd, v);
            }};
        }
        match op.kind {
            O::Lui | O::Auipc => {
                let v = self.k(op.imm);
                self.set_x(rd, v);
            }
            O::Jal => {
                let link = self.link(op);
                self.set_x(rd, link);
                let t = self.k(op.imm);
                self.finish(t);
                return Flow::End;
            }
            O::Jalr => {
                let a = self.x(op.rs1);
                let s = self.b.ins().iadd_imm_s(a, op.imm);
                let t = self.b.ins().band_imm_s(s, !1);
                let link = self.link(op);
                self.set_x(rd, link);
                self.finish(t);
                return Flow::End;
            }
            O::Beq | O::Bne | O::Blt | O::Bge | O::Bltu | O::Bgeu => {
                let c = self.branch_cond(op);
                let target = self.k(op.imm);
                if i + 1 == self.blk.ops.len() {
                    let end = self.k(self.blk.end as i64);
                    let pc = self.b.ins().select(c, target, end);
                    self.finish(pc);
                    return Flow::End;
                }
                // Not the last op (translation never does this): a taken branch leaves here.
                let taken = self.b.create_block();
                let cont = self.b.create_block();
                self.b.ins().brif(c, taken, &[], cont, &[]);
                self.b.seal_block(taken);
                self.b.seal_block(cont);
                self.b.switch_to_block(taken);
                self.finish(target);
                self.b.switch_to_block(cont);
            }
            O::Lb | O::Lbu => {
                let v = self.load(i, op, 1);
                self.set_x(rd, v);
            }
            O::Lh | O::Lhu => {
                let v = self.load(i, op, 2);
                self.set_x(rd, v);
            }
            O::Lw | O::Lwu => {
                let v = self.load(i, op, 4);
                self.set_x(rd, v);
            }
            O::Ld => {
                let v = self.load(i, op, 8);
                self.set_x(rd, v);
            }
            O::Sb | O::Sh | O::Sw | O::Sd => {
                let size = match op.kind {
                    O::Sb => 1,
                    O::Sh => 2,
                    O::Sw => 4,
                    _ => 8,
                };
                let v = self.x(op.rs2);
                self.store(i, op, size, v);
            }
            O::Flw => {
                let v = self.load(i, op, 4);
                let v = self.boxed(v);
                self.set_f(rd, v);
            }
            O::Fld => {
                let v = self.load(i, op, 8);
                self.set_f(rd, v);
            }
            O::Fsw => {
                let v = self.f(op.rs2);
                self.store(i, op, 4, v);
            }
            O::Fsd => {
                let v = self.f(op.rs2);
                self.store(i, op, 8, v);
            }
            O::Addi => ri!(iadd_imm_s),
            O::Slti => cmp!(IntCC::SignedLessThan, self.k(op.imm)),
            O::Sltiu => cmp!(IntCC::UnsignedLessThan, self.k(op.imm)),
            O::Xori => ri!(bxor_imm_s),
            O::Ori => ri!(bor_imm_s),
            O::Andi => ri!(band_imm_s),
            O::Slli | O::Srli | O::Srai => {
                let a = self.x(op.rs1);
                let s = op.imm & 63;
                let v = match op.kind {
                    O::Slli => self.b.ins().ishl_imm_s(a, s),
                    O::Srli => self.b.ins().ushr_imm_s(a, s),
                    _ => self.b.ins().sshr_imm_s(a, s),
                };
                self.set_x(rd, v);
            }
            O::Add => rr!(iadd),
            O::Sub => rr!(isub),
            O::Xor => rr!(bxor),
            O::Or => rr!(bor),
            O::And => rr!(band),
            O::Slt => cmp!(IntCC::SignedLessThan, self.x(op.rs2)),
            O::Sltu => cmp!(IntCC::UnsignedLessThan, self.x(op.rs2)),
            O::Sll | O::Srl | O::Sra => {
                let a = self.x(op.rs1);
                let r2 = self.x(op.rs2);
                let s = self.shamt(r2, 63);
                let v = match op.kind {
                    O::Sll => self.b.ins().ishl(a, s),
                    O::Srl => self.b.ins().ushr(a, s),
                    _ => self.b.ins().sshr(a, s),
                };
                self.set_x(rd, v);
            }
            O::Addiw => {
                let a = self.x(op.rs1);
                let v = self.b.ins().iadd_imm_s(a, op.imm);
                let v = self.sx32(v);
                self.set_x(rd, v);
            }
            O::Slliw => {
                let a = self.x(op.rs1);
                let v = self.b.ins().ishl_imm_s(a, op.imm & 31);
                let v = self.sx32(v);
                self.set_x(rd, v);
            }
            O::Srliw => shr32!(ushr, self.k32((op.imm & 31) as i32)),
            O::Sraiw => shr32!(sshr, self.k32((op.imm & 31) as i32)),
            O::Addw => w64!(iadd),
            O::Subw => w64!(isub),
            O::Mulw => w64!(imul),
            O::Sllw => {
                let a = self.x(op.rs1);
                let r2 = self.x(op.rs2);
                let s = self.shamt(r2, 31);
                let v = self.b.ins().ishl(a, s);
                let v = self.sx32(v);
                self.set_x(rd, v);
            }
            O::Srlw => shr32!(ushr, {
                let r2 = self.x(op.rs2);
                self.shamt(r2, 31)
            }),
            O::Sraw => shr32!(sshr, {
                let r2 = self.x(op.rs2);
                self.shamt(r2, 31)
            }),
            O::Fence | O::FenceTso => {
                // Cranelift does not move memory accesses across each other, so on a TSO host
                // only store-to-load ordering (pred W, succ R) needs a host fence.
                let pred_w = op.rm & 0x10 != 0;
                let succ_r = op.rm & 0x02 != 0;
                if !cfg!(target_arch = "x86_64") || (pred_w && succ_r && op.kind == O::Fence) {
                    self.b.ins().fence();
                }
            }
            O::Pause => {}
            O::Mul => rr!(imul),
            O::Mulh => rr!(smulhi),
            O::Mulhu => rr!(umulhi),
            O::Mulhsu => {
                // Signed x unsigned: the unsigned high part minus rs2 when rs1 is negative.
                let a = self.x(op.rs1);
                let c = self.x(op.rs2);
                let hi = self.b.ins().umulhi(a, c);
                let sign = self.b.ins().sshr_imm_s(a, 63);
                let corr = self.b.ins().band(sign, c);
                let v = self.b.ins().isub(hi, corr);
                self.set_x(rd, v);
            }
            O::Div | O::Rem | O::Divu | O::Remu => {
                let a = self.x(op.rs1);
                let d = self.x(op.rs2);
                let v = match op.kind {
                    O::Div => self.sdivrem(I64, a, d, false),
                    O::Rem => self.sdivrem(I64, a, d, true),
                    O::Divu => self.udivrem(I64, a, d, false),
                    _ => self.udivrem(I64, a, d, true),
                };
                self.set_x(rd, v);
            }
            O::Divw | O::Remw | O::Divuw | O::Remuw => {
                let r1 = self.x(op.rs1);
                let r2 = self.x(op.rs2);
                let a = self.low32(r1);
                let d = self.low32(r2);
                let v = match op.kind {
                    O::Divw => self.sdivrem(I32, a, d, false),
                    O::Remw => self.sdivrem(I32, a, d, true),
                    O::Divuw => self.udivrem(I32, a, d, false),
                    _ => self.udivrem(I32, a, d, true),
                };
                // Every W result is sign-extended from bit 31 (divuw by zero gives all ones).
                let v = self.b.ins().sextend(I64, v);
                self.set_x(rd, v);
            }
            O::FsgnjS | O::FsgnjnS | O::FsgnjxS => {
                let f1 = self.f(op.rs1);
                let f2 = self.f(op.rs2);
                let a = self.unbox(f1);
                let c = self.unbox(f2);
                let v = match op.kind {
                    O::FsgnjS | O::FsgnjnS => {
                        let mag = self.b.ins().band_imm_s(a, 0x7fff_ffff);
                        let c = if op.kind == O::FsgnjnS { self.b.ins().bnot(c) } else { c };
                        let sign = self.b.ins().band_imm_s(c, 0x8000_0000);
                        self.b.ins().bor(mag, sign)
                    }
                    _ => {
                        let sign = self.b.ins().band_imm_s(c, 0x8000_0000);
                        self.b.ins().bxor(a, sign)
                    }
                };
                let v = self.boxed(v);
                self.set_f(rd, v);
            }
            O::FsgnjD | O::FsgnjnD | O::FsgnjxD => {
                let a = self.f(op.rs1);
                let c = self.f(op.rs2);
                let v = match op.kind {
                    O::FsgnjD | O::FsgnjnD => {
                        let mag = self.b.ins().band_imm_s(a, i64::MAX);
                        let c = if op.kind == O::FsgnjnD { self.b.ins().bnot(c) } else { c };
                        let sign = self.b.ins().band_imm_s(c, i64::MIN);
                        self.b.ins().bor(mag, sign)
                    }
                    _ => {
                        let sign = self.b.ins().band_imm_s(c, i64::MIN);
                        self.b.ins().bxor(a, sign)
                    }
                };
                self.set_f(rd, v);
            }
            O::FmvXW => {
                let a = self.f(op.rs1);
                let v = self.sx32(a);
                self.set_x(rd, v);
            }
            O::FmvWX => {
                let a = self.x(op.rs1);
                let v = self.boxed(a);
                self.set_f(rd, v);
            }
            O::FmvXD => {
                let a = self.f(op.rs1);
                self.set_x(rd, a);
            }
            O::FmvDX => {
                let a = self.x(op.rs1);
                self.set_f(rd, a);
            }
            k => match crate::helpers::helper_index(k) {
                Some(h) => self.fp_call(i, op, h),
                None => {
                    // Nothing else is `supported`; keep the interpreter as the safety net.
                    debug_assert!(false, "unhandled supported op {k:?}");
                    self.bail(i);
                    return Flow::End;
                }
            },
        }
        Flow::Next
    }
}
