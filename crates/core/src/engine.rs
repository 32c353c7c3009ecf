//! The execution engine: translation of guest code into blocks of pre-decoded operations, a block
//! cache per vCPU, and the interpreter loop.
//!
//! Guest code is decoded once into a [`Block`]: a straight run of instructions ending at a
//! control-flow change, a page boundary or [`MAX_BLOCK_INSNS`]. Operands are resolved at
//! translation time (pc-relative values made absolute, writes to x0 redirected to a sink slot) so
//! the interpreter's inner loop is a jump table over [`Op`]s with no decoding, lookups or
//! allocation. Blocks link to their successors so the common path between blocks skips the cache
//! lookup.
//!
//! Stale code: a store to a page holding translated code, `fence.i`, `munmap` and `mprotect` bump
//! the guest memory's code generation; every engine compares it at each block boundary and drops its
//! whole cache when it changed. That is coarse but simple and correct for several vCPUs sharing one
//! memory; code that writes near itself in a loop is slow, not wrong.
//!
//! The seam for instrumentation and a later JIT is [`Engine::translate`]: it sees every decoded
//! instruction of a block before the block exists.

use crate::csr;
use crate::fp;
use crate::hart::{Hart, X0_SINK};
use crate::hooks::{run_action, Action, BlockHooks, BlockView, HookCtx, Instrumenter, MemEvent, ScoreU64};
use crate::mem::{Access, GuestMemory, MemFault};
use crate::privileged::AccessType;
use crate::vm::{self, Regime};
use rivet_isa::{decode, insn_len, Insn, Opcode as O};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Longest block, in instructions.
pub const MAX_BLOCK_INSNS: usize = 128;

/// One pre-decoded operation.
#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub struct Op {
    /// The operation.
    pub kind: O,
    /// Destination (x0 already redirected to the sink slot).
    pub rd: u8,
    /// Source 1 (or the 5-bit immediate of csr*i).
    pub rs1: u8,
    /// Source 2.
    pub rs2: u8,
    /// Source 3 for fused multiply-add; the instruction length for jal/jalr.
    pub rs3: u8,
    /// Rounding mode, aq/rl bits, or fence bits.
    pub rm: u8,
    /// Byte offset of the instruction from the block start.
    pub off: u16,
    /// Immediate; absolute target for branches and jal; absolute value for auipc; CSR number for
    /// Zicsr.
    pub imm: i64,
}

/// A translated block.
#[derive(Debug)]
pub struct Block {
    /// Guest address of the first instruction.
    pub start: u64,
    /// Guest address after the last instruction.
    pub end: u64,
    /// The operations.
    pub ops: Box<[Op]>,
    /// Successor links: (guest pc, block index), for the two ways a block can exit.
    links: [(u64, u32); 2],
    /// Times the block was entered, until it is handed to the compiler.
    heat: u32,
    /// Native code for the block, once compiled.
    native: Option<NativeFn>,
    /// Instrumentation woven in at translation (the block then runs interpreted op by op, unless
    /// `entry_only`).
    hooks: Option<Box<BlockHooks>>,
    /// The hooks are all at block entry (or are per-instruction inline adds, done at once by
    /// `inline_adds`): the block itself runs as an uninstrumented one.
    entry_only: bool,
    /// Per-instruction inline adds to one counter and nothing else per instruction (an inline
    /// instruction counter): applied after the block for the instructions that ran.
    inline_adds: Option<Box<InlineAdds>>,
    /// Ops that use FP state (bit i for op i): illegal while system mode has the FPU off.
    fp_uses: u128,
    /// Ops that write an FP register, which makes mstatus.FS Dirty in system mode. As in QEMU
    /// 10.0, an instruction that only raises fflags does not.
    fp_writes: u128,
}

/// Per-instruction inline adds of a block, all to one counter: `prefix[k]` is what the first `k`
/// instructions add.
struct InlineAdds {
    target: ScoreU64,
    prefix: Box<[u64]>,
}

impl std::fmt::Debug for InlineAdds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InlineAdds").field("offset", &self.target.offset).field("prefix", &self.prefix).finish()
    }
}

impl InlineAdds {
    /// The block's adds if they are all the per-instruction hooks it has and share one counter.
    fn of(hooks: &BlockHooks) -> Option<InlineAdds> {
        let mut target: Option<&ScoreU64> = None;
        let mut prefix = vec![0u64];
        let mut sum = 0u64;
        for ih in &hooks.insns {
            if !ih.mem.is_empty() || !ih.mem_inline.is_empty() {
                return None;
            }
            for a in &ih.before {
                let Action::InlineAdd(t, imm) = a else { return None };
                match target {
                    Some(x) if !(Arc::ptr_eq(&x.board, &t.board) && x.offset == t.offset) => return None,
                    _ => target = Some(t),
                }
                sum = sum.wrapping_add(*imm);
            }
            prefix.push(sum);
        }
        Some(InlineAdds { target: target?.clone(), prefix: prefix.into_boxed_slice() })
    }
}

/// Native code for one block, made by a [`BlockCompiler`].
///
/// It runs the block on the hart and returns 0 when the block completed (with `pc` and
/// `instret` updated as the interpreter would), or `i + 1` to ask the interpreter to carry on from
/// op `i` (with every register written back and `instret` counting the ops before `i`): that is
/// how compiled code leaves slow paths (faults, stores to code pages, helpers it lacks) to the
/// one implementation of their semantics.
///
/// # Safety
/// Callable only with a valid, exclusively borrowed `Hart` of the engine that compiled it and
/// while the guest memory it was compiled against is alive.
pub type NativeFn = unsafe extern "C" fn(hart: *mut Hart) -> u64;

/// Compiles hot blocks to native code (the JIT plugs in here).
pub trait BlockCompiler: Send {
    /// Native code for `block`, or `None` to keep interpreting it.
    fn compile(&mut self, block: &Block, mem: &GuestMemory) -> Option<NativeFn>;
}

/// Entries into a block before it is offered to the compiler: cold code is never compiled.
/// Compiling costs about 100-150 us a block, some 10,000 interpreted instructions, so only blocks
/// that will clearly run much more are worth it.
pub const HOT_THRESHOLD: u32 = 1000;

/// Why the engine stopped running guest code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// `ecall`; pc points at it.
    Ecall,
    /// `ebreak`; pc points at it.
    Ebreak,
    /// An invalid or unsupported instruction at pc.
    Illegal,
    /// A memory access (or fetch) failed at pc.
    Fault(MemFault),
    /// A misaligned atomic access at pc (SIGBUS in user mode).
    Misaligned {
        /// The address.
        addr: u64,
        /// Read or write.
        access: Access,
    },
    /// Someone asked the vCPU to stop (pending signal, exit of another thread).
    Interrupted,
    /// System mode: a synchronous exception the engine found (a page fault or an access fault
    /// of an Sv39 walk), at pc.
    Exception {
        /// Exception code (mcause).
        code: u64,
        /// Value for mtval/stval.
        tval: u64,
    },
    /// System mode: a CSR write completed (pc is past it) that may have enabled an interrupt or
    /// changed address translation; the machine checks before the next instruction.
    Sync,
}

const NO_BLOCK: u32 = u32::MAX;
const JMP_CACHE: usize = 4096;

/// A vCPU's engine: its block cache and the interpreter.
pub struct Engine {
    blocks: Vec<Block>,
    map: HashMap<u64, u32>,
    jmp: Box<[(u64, u32)]>,
    gen: u64,
    stop: Arc<AtomicBool>,
    compiler: Option<Box<dyn BlockCompiler>>,
    instrumenter: Option<Arc<dyn Instrumenter>>,
    fpu: bool,
    /// How fetches are addressed (system mode: physical, or through Sv39 at S or U).
    regime: Regime,
    /// Blocks translated since the start (statistics).
    pub translations: u64,
}

impl Engine {
    /// An engine with an empty cache for harts of `model`.
    pub fn new(model: &crate::CpuModel) -> Engine {
        Engine {
            blocks: Vec::new(),
            map: HashMap::new(),
            jmp: vec![(u64::MAX, NO_BLOCK); JMP_CACHE].into_boxed_slice(),
            gen: u64::MAX,
            stop: Arc::new(AtomicBool::new(false)),
            compiler: None,
            instrumenter: None,
            fpu: model.has_fpu,
            regime: Regime::Bare,
            translations: 0,
        }
    }

    /// Installs the plugin host's instrumenter. Translations made before are dropped so every block
    /// is shown to it.
    pub fn set_instrumenter(&mut self, i: Arc<dyn Instrumenter>) {
        self.instrumenter = Some(i);
        self.flush();
    }

    /// Makes this engine's blocks those of fetches in `regime` (system mode keeps one engine per
    /// regime). A translated regime decodes through the hart's TLB and never compiles.
    pub fn set_regime(&mut self, regime: Regime) {
        self.regime = regime;
        self.flush();
    }

    /// Shares `flag` as this engine's stop flag (several engines serving one hart).
    pub fn set_stop_flag(&mut self, flag: Arc<AtomicBool>) {
        self.stop = flag;
    }

    /// Installs a compiler for hot blocks.
    pub fn set_compiler(&mut self, c: Box<dyn BlockCompiler>) {
        self.compiler = Some(c);
    }

    /// A flag that, when set, makes [`Engine::run`] return [`Exit::Interrupted`] at the next block
    /// boundary. The flag stays set until the caller clears it.
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        self.stop.clone()
    }

    /// Drops every translation.
    pub fn flush(&mut self) {
        let had_blocks = !self.blocks.is_empty();
        self.blocks.clear();
        self.map.clear();
        self.jmp.fill((u64::MAX, NO_BLOCK));
        if had_blocks {
            if let Some(i) = &self.instrumenter {
                i.flushed();
            }
        }
    }

    fn lookup(&mut self, pc: u64, h: &mut Hart, mem: &GuestMemory) -> Result<u32, Exit> {
        let slot = (pc >> 1) as usize & (JMP_CACHE - 1);
        let (jpc, idx) = self.jmp[slot];
        if jpc == pc {
            return Ok(idx);
        }
        let idx = match self.map.get(&pc) {
            Some(&i) => i,
            None => {
                let mut b = match self.regime {
                    Regime::Bare => {
                        let model = h.model.clone();
                        self.translate_physical(pc, Some(&model), mem).map_err(Exit::Fault)?
                    }
                    _ => self.translate_virtual(pc, h, mem)?,
                };
                if let Some(ins) = self.instrumenter.clone() {
                    let paged = self.regime != Regime::Bare;
                    let insns: Vec<(u64, Insn)> = b
                        .ops
                        .iter()
                        .map(|o| b.start + o.off as u64)
                        .filter_map(|a| {
                            let insn = if paged { vm::fetch(h, mem, a).ok()?.0 } else { fetch(mem, a).ok()? };
                            Some((a, insn))
                        })
                        .collect();
                    let view = BlockView { start: b.start, insns: &insns };
                    b.hooks = ins.instrument(h, mem, &view).filter(|k| !k.is_empty()).map(Box::new);
                    b.inline_adds = b.hooks.as_ref().and_then(|k| InlineAdds::of(k)).map(Box::new);
                    b.entry_only = b.inline_adds.is_some() || b.hooks.as_ref().is_some_and(|k| k.entry_only());
                }
                let i = self.blocks.len() as u32;
                self.blocks.push(b);
                self.map.insert(pc, i);
                i
            }
        };
        self.jmp[slot] = (pc, idx);
        Ok(idx)
    }

    /// Decodes the block starting at `pc` (fetches not translated).
    pub fn translate(&mut self, pc: u64, mem: &GuestMemory) -> Result<Block, MemFault> {
        self.translate_physical(pc, None, mem)
    }

    /// [`Engine::translate`], asking the instrumenter where to split for harts of `model`.
    fn translate_physical(
        &mut self,
        pc: u64,
        model: Option<&crate::CpuModel>,
        mem: &GuestMemory,
    ) -> Result<Block, MemFault> {
        mem.mark_code(pc);
        self.build(pc, model, |a| {
            if (a + 2).is_multiple_of(crate::mem::PAGE_SIZE) {
                // A 4-byte instruction may straddle into the next page: that page holds code too.
                mem.mark_code(a + 2);
            }
            fetch(mem, a)
        })
    }

    /// Decodes the block starting at virtual address `pc` through the hart's TLB.
    fn translate_virtual(&mut self, pc: u64, h: &mut Hart, mem: &GuestMemory) -> Result<Block, Exit> {
        let model = h.model.clone();
        self.build(pc, Some(&model), |a| {
            let (insn, pa0, pa1) = vm::fetch(h, mem, a)?;
            // Stores to these physical pages must drop the block.
            mem.mark_code(pa0);
            mem.mark_code(pa1);
            Ok(insn)
        })
    }

    /// Decodes a block from `pc` with `fetch`, ending it at a page boundary, a control transfer,
    /// [`MAX_BLOCK_INSNS`], an instruction that cannot be fetched, or one after which the
    /// instrumenter wants to run hooks (for harts of `model`).
    fn build<E>(
        &mut self,
        pc: u64,
        model: Option<&crate::CpuModel>,
        mut fetch: impl FnMut(u64) -> Result<Insn, E>,
    ) -> Result<Block, E> {
        self.translations += 1;
        let split = self.instrumenter.as_deref().zip(model);
        let mut ops = Vec::with_capacity(16);
        let (mut fp_uses, mut fp_writes) = (0u128, 0u128);
        let mut a = pc;
        loop {
            let insn = match fetch(a) {
                Ok(i) => i,
                Err(f) if ops.is_empty() => return Err(f),
                // The next instruction cannot be fetched: end the block before it, so the fault
                // is raised when (and if) execution gets there.
                Err(_) => break,
            };
            let e = insn.effects();
            let bit = 1u128 << ops.len();
            if e.f_writes != 0 {
                fp_writes |= bit;
            }
            if e.f_reads != 0 || e.f_writes != 0 || e.writes_fflags || e.reads_frm {
                fp_uses |= bit;
            }
            ops.push(lower(&insn, a, pc, self.fpu));
            a += insn.len as u64;
            if insn.ends_block() || ops.len() >= MAX_BLOCK_INSNS || a.is_multiple_of(crate::mem::PAGE_SIZE) {
                break;
            }
            if split.is_some_and(|(i, m)| i.split_after(m, &insn)) {
                break;
            }
        }
        Ok(Block {
            start: pc,
            end: a,
            ops: ops.into_boxed_slice(),
            links: [(u64::MAX, NO_BLOCK); 2],
            heat: 0,
            native: None,
            hooks: None,
            entry_only: false,
            inline_adds: None,
            fp_uses,
            fp_writes,
        })
    }

    /// Runs guest code from `hart.pc` until something needs the environment's attention.
    pub fn run(&mut self, h: &mut Hart, mem: &GuestMemory) -> Exit {
        let mut prev = NO_BLOCK;
        loop {
            if self.stop.load(Ordering::Relaxed) {
                return Exit::Interrupted;
            }
            let gen = mem.code_gen();
            if gen != self.gen {
                self.flush();
                self.gen = gen;
                prev = NO_BLOCK;
            }
            let pc = h.pc;
            let idx = if prev != NO_BLOCK && self.blocks[prev as usize].links[0].0 == pc {
                self.blocks[prev as usize].links[0].1
            } else if prev != NO_BLOCK && self.blocks[prev as usize].links[1].0 == pc {
                self.blocks[prev as usize].links[1].1
            } else {
                let idx = match self.lookup(pc, h, mem) {
                    Ok(i) => i,
                    Err(e) => return e,
                };
                if prev != NO_BLOCK {
                    let links = &mut self.blocks[prev as usize].links;
                    // Keep the newest successor in slot 0, the previous one in slot 1.
                    links[1] = links[0];
                    links[0] = (pc, idx);
                }
                idx
            };
            let block = &mut self.blocks[idx as usize];
            if h.sys.is_some() && block.fp_writes != 0 {
                // System mode: FS becomes Dirty once an FP write of this block has run; instret
                // says how far it got, whichever way it ran.
                let before = h.instret;
                let r = Self::run_block(&mut self.compiler, h, mem, block);
                let ran = h.instret.wrapping_sub(before).min(block.ops.len() as u64) as usize;
                if fp_written(block, 0, ran) {
                    mark_fs_dirty(h);
                }
                match r {
                    Ok(()) => prev = idx,
                    Err(e) => return e,
                }
                continue;
            }
            if let Err(e) = Self::run_block(&mut self.compiler, h, mem, block) {
                return e;
            }
            prev = idx;
        }
    }

    /// Runs one block from its start: instrumented, compiled or interpreted.
    #[inline(always)]
    fn run_block(
        compiler: &mut Option<Box<dyn BlockCompiler>>,
        h: &mut Hart,
        mem: &GuestMemory,
        block: &mut Block,
    ) -> Result<(), Exit> {
        if let Some(hooks) = &block.hooks {
            if block.entry_only && hooks.exit.is_empty() {
                // Only block-entry hooks (an inline counter, a tb callback): run them, then the
                // block as if uninstrumented, compiled when hot. The common case, kept short.
                h.pc = block.start;
                for a in &hooks.entry {
                    run_action(a, &mut HookCtx { hart: h, mem });
                }
                if h.pc != block.start {
                    return Ok(());
                }
            } else {
                let hooks = block.hooks.take().expect("checked above");
                let r = Self::run_hooked(compiler, h, mem, block, &hooks);
                block.hooks = Some(hooks);
                return r;
            }
        }
        Self::run_counted(compiler, h, mem, block)
    }

    /// Runs an instrumented block that has per-instruction or exit hooks: op by op with its
    /// per-instruction hooks, or (entry and exit hooks only) as an uninstrumented block between
    /// them, then the exit hooks if the block ran to its end.
    fn run_hooked(
        compiler: &mut Option<Box<dyn BlockCompiler>>,
        h: &mut Hart,
        mem: &GuestMemory,
        block: &mut Block,
        hooks: &BlockHooks,
    ) -> Result<(), Exit> {
        let before = h.instret;
        let r = if !block.entry_only {
            exec_instrumented(h, mem, block, hooks)
        } else {
            // Entry and exit hooks only: the block runs as if uninstrumented between them.
            h.pc = block.start;
            for a in &hooks.entry {
                run_action(a, &mut HookCtx { hart: h, mem });
            }
            if h.pc != block.start {
                return Ok(());
            }
            Self::run_counted(compiler, h, mem, block)
        };
        let ran = h.instret.wrapping_sub(before);
        if !hooks.exit.is_empty() && matches!(r, Ok(()) | Err(Exit::Sync)) && ran == block.ops.len() as u64 {
            if h.sys.is_some() && fp_written(block, 0, block.ops.len()) {
                // Exit hooks see mstatus as the next instruction would (FS Dirty).
                mark_fs_dirty(h);
            }
            for a in &hooks.exit {
                run_action(a, &mut HookCtx { hart: h, mem });
            }
        }
        r
    }

    /// Runs a block without per-instruction hooks, applying its batched inline adds if any.
    #[inline(always)]
    fn run_counted(
        compiler: &mut Option<Box<dyn BlockCompiler>>,
        h: &mut Hart,
        mem: &GuestMemory,
        block: &mut Block,
    ) -> Result<(), Exit> {
        let Some(adds) = block.inline_adds.take() else {
            return Self::run_plain(compiler, h, mem, block);
        };
        let before = h.instret;
        let r = Self::run_plain(compiler, h, mem, block);
        // The per-instruction inline adds, done in one: each runs before its instruction in
        // QEMU, so the instructions that completed plus the one an exception stopped at.
        let done = h.instret.wrapping_sub(before) as usize + usize::from(matches!(r, Err(e) if e != Exit::Sync));
        let add = adds.prefix[done.min(adds.prefix.len() - 1)];
        let vcpu = h.vcpu_index as usize;
        let t = &adds.target;
        t.board.set_u64(vcpu, t.offset, t.board.get_u64(vcpu, t.offset).wrapping_add(add));
        block.inline_adds = Some(adds);
        r
    }

    /// Runs a block without per-instruction hooks: compiled, or interpreted.
    #[inline(always)]
    fn run_plain(
        compiler: &mut Option<Box<dyn BlockCompiler>>,
        h: &mut Hart,
        mem: &GuestMemory,
        block: &mut Block,
    ) -> Result<(), Exit> {
        // Compiled code does not check the FPU state: interpret blocks with FP ops while it is off.
        // Nor does it translate addresses: interpret while Sv39 is on for data (M-mode with MPRV).
        let native = block.native.filter(|_| !(h.xlate || h.fp_off && block.fp_uses != 0));
        let from = match native {
            Some(f) => {
                // SAFETY: `f` was compiled for this engine's blocks and memory; `h` is ours.
                let r = unsafe { f(h) };
                if r == 0 {
                    return Ok(());
                }
                let from = (r - 1) as usize;
                if h.sys.is_some() && fp_written(block, 0, from) {
                    // The interpreter goes on from `from`: what compiled code wrote must already
                    // show in mstatus.FS (a CSR read may be next).
                    mark_fs_dirty(h);
                }
                from
            }
            None => {
                if block.heat < HOT_THRESHOLD {
                    block.heat += 1;
                } else if let Some(c) = compiler.as_mut() {
                    block.heat = u32::MAX;
                    block.native = c.compile(block, mem);
                }
                0
            }
        };
        exec_block(h, mem, block, from, block.ops.len())
    }
}

/// Fetches and decodes the instruction at `a`.
pub fn fetch(mem: &GuestMemory, a: u64) -> Result<Insn, MemFault> {
    let lo = mem.fetch_u16(a)?;
    let raw = if insn_len(lo) == 4 { lo as u32 | (mem.fetch_u16(a + 2)? as u32) << 16 } else { lo as u32 };
    Ok(decode(raw))
}

/// Lowers a decoded instruction at `pc` (in the block starting at `start`) into an [`Op`].
fn lower(insn: &Insn, pc: u64, start: u64, fpu: bool) -> Op {
    let e = insn.effects();
    let mut op = Op {
        kind: insn.op,
        rd: insn.rd,
        rs1: insn.rs1,
        rs2: insn.rs2,
        rs3: insn.rs3,
        rm: insn.rm,
        off: (pc - start) as u16,
        imm: insn.imm,
    };
    if e.f_writes == 0 && op.rd == 0 {
        op.rd = X0_SINK;
    }
    let fp_rounding = (e.writes_fflags || e.reads_frm) && !matches!(insn.op, O::FminS | O::FmaxS | O::FminD | O::FmaxD);
    if !fpu && (e.f_reads | e.f_writes != 0 || e.writes_fflags || e.reads_frm) {
        // A model without F/D: every FP instruction is illegal.
        op.kind = O::Illegal;
        return op;
    }
    match insn.op {
        O::Auipc => {
            op.kind = O::Lui;
            op.imm = (pc as i64).wrapping_add(insn.imm);
        }
        O::Jal => {
            op.imm = (pc as i64).wrapping_add(insn.imm);
            op.rs3 = insn.len;
        }
        O::Jalr => op.rs3 = insn.len,
        O::Beq | O::Bne | O::Blt | O::Bge | O::Bltu | O::Bgeu => op.imm = (pc as i64).wrapping_add(insn.imm),
        O::Csrrw | O::Csrrs | O::Csrrc | O::Csrrwi | O::Csrrsi | O::Csrrci => op.imm = insn.csr as i64,
        _ if fp_rounding && has_rm(insn.op) && (insn.rm == 5 || insn.rm == 6) => op.kind = O::Illegal,
        _ => {}
    }
    op
}

/// Whether the opcode has a rounding-mode field (as opposed to a funct3 that selects the op).
fn has_rm(op: O) -> bool {
    !matches!(
        op,
        O::FeqS
            | O::FltS
            | O::FleS
            | O::FeqD
            | O::FltD
            | O::FleD
            | O::FclassS
            | O::FclassD
            | O::FsgnjS
            | O::FsgnjnS
            | O::FsgnjxS
            | O::FsgnjD
            | O::FsgnjnD
            | O::FsgnjxD
            | O::FminS
            | O::FmaxS
            | O::FminD
            | O::FmaxD
            | O::FmvXW
            | O::FmvXD
            | O::FmvWX
            | O::FmvDX
    )
}

/// Executes one block. On an exit, `h.pc` points at the instruction concerned and `h.instret`
/// counts the instructions before it.
#[inline(always)]
fn exec_block(h: &mut Hart, mem: &GuestMemory, b: &Block, from: usize, to: usize) -> Result<(), Exit> {
    let ops = &b.ops[..];
    let n = ops.len() as u64;
    // System mode with the FPU off (mstatus.FS = Off): the first FP instruction is illegal. Run up
    // to it, then trap there.
    let (to, fp_trap) = match h.fp_off {
        true if range_bits(b.fp_uses, from, to) != 0 => {
            (from + range_bits(b.fp_uses, from, to).trailing_zeros() as usize, true)
        }
        _ => (to, false),
    };
    for op in ops[from..to].iter() {
        // Index of this op, only computed on the rare exit paths.
        let i = (op as *const Op as usize - ops.as_ptr() as usize) / std::mem::size_of::<Op>();
        // Indices are masked to the register file sizes so the compiler needs no bounds checks
        // (translation already guarantees they are in range).
        let rd = (op.rd & 63) as usize;
        macro_rules! x {
            ($r:expr) => {
                h.x[$r as usize]
            };
        }
        macro_rules! r1 {
            () => {
                h.x[(op.rs1 & 63) as usize]
            };
        }
        macro_rules! r2 {
            () => {
                h.x[(op.rs2 & 63) as usize]
            };
        }
        macro_rules! exit {
            ($e:expr) => {{
                h.pc = b.start + op.off as u64;
                h.instret += (i - from) as u64;
                return Err($e);
            }};
        }
        macro_rules! jump {
            ($target:expr) => {{
                h.pc = $target;
                h.instret += n - from as u64;
                return Ok(());
            }};
        }
        macro_rules! addr {
            () => {
                r1!().wrapping_add(op.imm as u64)
            };
        }
        macro_rules! load {
            ($t:ty) => {
                if h.xlate {
                    let a = addr!();
                    match vm::load::<$t>(h, mem, a) {
                        Ok(v) => v,
                        Err(e) => exit!(e),
                    }
                } else {
                    match mem.load::<$t>(addr!()) {
                        Ok(v) => v,
                        Err(f) => exit!(Exit::Fault(f)),
                    }
                }
            };
        }
        macro_rules! store {
            ($t:ty, $v:expr) => {{
                let r = if h.xlate {
                    let (a, v) = (addr!(), $v);
                    vm::store::<$t>(h, mem, a, v)
                } else {
                    mem.store::<$t>(addr!(), $v).map_err(Exit::Fault)
                };
                match r {
                    Ok(false) => {}
                    // The store modified translated code, maybe this very block: leave it.
                    Ok(true) => {
                        h.pc = b.start + op.off as u64 + insn_size(b, i);
                        h.instret += (i + 1 - from) as u64;
                        return Ok(());
                    }
                    Err(e) => exit!(e),
                }
            }};
        }
        // The physical address of an atomic access at `$a` (alignment checked already).
        macro_rules! pa {
            ($a:expr, $access:expr) => {
                if h.xlate {
                    match vm::translate(h, mem, $a, $access) {
                        Ok(pa) => pa,
                        Err(e) => exit!(e),
                    }
                } else {
                    $a
                }
            };
        }
        macro_rules! rm {
            () => {{
                let r = if op.rm == 7 { h.frm } else { op.rm };
                if r > 4 {
                    exit!(Exit::Illegal);
                }
                r
            }};
        }
        macro_rules! fs1 {
            () => {
                fp::unbox_f32(h.f[(op.rs1 & 31) as usize])
            };
        }
        macro_rules! fs2 {
            () => {
                fp::unbox_f32(h.f[(op.rs2 & 31) as usize])
            };
        }
        macro_rules! fs3 {
            () => {
                fp::unbox_f32(h.f[(op.rs3 & 31) as usize])
            };
        }
        macro_rules! fd1 {
            () => {
                h.f[(op.rs1 & 31) as usize]
            };
        }
        macro_rules! fd2 {
            () => {
                h.f[(op.rs2 & 31) as usize]
            };
        }
        macro_rules! fd3 {
            () => {
                h.f[(op.rs3 & 31) as usize]
            };
        }
        macro_rules! amo {
            ($w:ty, $atomic:ident, $ext:expr, $f:expr) => {{
                let a = r1!();
                if a % std::mem::size_of::<$w>() as u64 != 0 {
                    exit!(Exit::Misaligned { addr: a, access: Access::Write });
                }
                let pa = pa!(a, AccessType::Store);
                let cell = match mem.$atomic(pa) {
                    Ok(c) => c,
                    Err(f) => exit!(Exit::Fault(f)),
                };
                let src = r2!() as $w;
                let f = $f;
                let old = match cell.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |v| Some(f(v, src))) {
                    Ok(v) | Err(v) => v,
                };
                h.x[rd] = $ext(old);
            }};
        }
        let sx32 = |v: u32| v as i32 as i64 as u64;
        let sx64 = |v: u64| v;
        match op.kind {
            O::Lui => h.x[rd] = op.imm as u64,
            O::Auipc => h.x[rd] = op.imm as u64, // lowered to Lui; kept for completeness
            O::Jal => {
                h.x[rd] = b.start + op.off as u64 + op.rs3 as u64;
                jump!(op.imm as u64);
            }
            O::Jalr => {
                let t = r1!().wrapping_add(op.imm as u64) & !1;
                h.x[rd] = b.start + op.off as u64 + op.rs3 as u64;
                jump!(t);
            }
            O::Beq => {
                if r1!() == r2!() {
                    jump!(op.imm as u64)
                }
            }
            O::Bne => {
                if r1!() != r2!() {
                    jump!(op.imm as u64)
                }
            }
            O::Blt => {
                if (r1!() as i64) < (r2!() as i64) {
                    jump!(op.imm as u64)
                }
            }
            O::Bge => {
                if (r1!() as i64) >= (r2!() as i64) {
                    jump!(op.imm as u64)
                }
            }
            O::Bltu => {
                if r1!() < r2!() {
                    jump!(op.imm as u64)
                }
            }
            O::Bgeu => {
                if r1!() >= r2!() {
                    jump!(op.imm as u64)
                }
            }
            O::Lb => h.x[rd] = load!(i8) as i64 as u64,
            O::Lh => h.x[rd] = load!(i16) as i64 as u64,
            O::Lw => h.x[rd] = load!(i32) as i64 as u64,
            O::Ld => h.x[rd] = load!(u64),
            O::Lbu => h.x[rd] = load!(u8) as u64,
            O::Lhu => h.x[rd] = load!(u16) as u64,
            O::Lwu => h.x[rd] = load!(u32) as u64,
            O::Sb => store!(u8, r2!() as u8),
            O::Sh => store!(u16, r2!() as u16),
            O::Sw => store!(u32, r2!() as u32),
            O::Sd => store!(u64, r2!()),
            O::Addi => h.x[rd] = r1!().wrapping_add(op.imm as u64),
            O::Slti => h.x[rd] = ((r1!() as i64) < op.imm) as u64,
            O::Sltiu => h.x[rd] = (r1!() < op.imm as u64) as u64,
            O::Xori => h.x[rd] = r1!() ^ op.imm as u64,
            O::Ori => h.x[rd] = r1!() | op.imm as u64,
            O::Andi => h.x[rd] = r1!() & op.imm as u64,
            O::Slli => h.x[rd] = r1!() << (op.imm & 63),
            O::Srli => h.x[rd] = r1!() >> (op.imm & 63),
            O::Srai => h.x[rd] = ((r1!() as i64) >> (op.imm & 63)) as u64,
            O::Add => h.x[rd] = r1!().wrapping_add(r2!()),
            O::Sub => h.x[rd] = r1!().wrapping_sub(r2!()),
            O::Sll => h.x[rd] = r1!() << (r2!() & 63),
            O::Slt => h.x[rd] = ((r1!() as i64) < (r2!() as i64)) as u64,
            O::Sltu => h.x[rd] = (r1!() < r2!()) as u64,
            O::Xor => h.x[rd] = r1!() ^ r2!(),
            O::Srl => h.x[rd] = r1!() >> (r2!() & 63),
            O::Sra => h.x[rd] = ((r1!() as i64) >> (r2!() & 63)) as u64,
            O::Or => h.x[rd] = r1!() | r2!(),
            O::And => h.x[rd] = r1!() & r2!(),
            O::Addiw => h.x[rd] = sx32((r1!() as u32).wrapping_add(op.imm as u32)),
            O::Slliw => h.x[rd] = sx32((r1!() as u32) << (op.imm & 31)),
            O::Srliw => h.x[rd] = sx32((r1!() as u32) >> (op.imm & 31)),
            O::Sraiw => h.x[rd] = ((r1!() as i32) >> (op.imm & 31)) as i64 as u64,
            O::Addw => h.x[rd] = sx32((r1!() as u32).wrapping_add(r2!() as u32)),
            O::Subw => h.x[rd] = sx32((r1!() as u32).wrapping_sub(r2!() as u32)),
            O::Sllw => h.x[rd] = sx32((r1!() as u32) << (r2!() & 31)),
            O::Srlw => h.x[rd] = sx32((r1!() as u32) >> (r2!() & 31)),
            O::Sraw => h.x[rd] = ((r1!() as i32) >> (r2!() & 31)) as i64 as u64,
            O::Fence | O::FenceTso | O::Pause => std::sync::atomic::fence(Ordering::SeqCst),
            O::FenceI => {
                mem.invalidate_code();
                jump!(b.start + op.off as u64 + insn_size(b, i));
            }
            O::Ecall => exit!(Exit::Ecall),
            O::Ebreak => exit!(Exit::Ebreak),
            O::Csrrw | O::Csrrs | O::Csrrc | O::Csrrwi | O::Csrrsi | O::Csrrci => {
                let num = op.imm as u16;
                let src = match op.kind {
                    O::Csrrw | O::Csrrs | O::Csrrc => r1!(),
                    _ => op.rs1 as u64,
                };
                // csrrw with rd = x0 does not read; set/clear with a zero source do not write.
                let reads = !matches!(op.kind, O::Csrrw | O::Csrrwi) || op.rd != X0_SINK;
                let write = match op.kind {
                    O::Csrrw | O::Csrrwi => Some((!0, src)),
                    _ if op.rs1 == 0 => None,
                    O::Csrrs | O::Csrrsi => Some((src, !0)),
                    _ => Some((src, 0)),
                };
                // Counters must include the instructions of this block retired so far
                // (instret is otherwise brought up to date at block exits).
                let done = (i - from) as u64;
                h.instret += done;
                if h.sys.is_some() && fp_written(b, from, i) {
                    // mstatus must show FS dirty for FP writes earlier in this block.
                    mark_fs_dirty(h);
                }
                let r = csr::access(h, num, reads, write);
                h.instret -= done;
                match r {
                    Ok(old) => h.x[rd] = old,
                    Err(()) => exit!(Exit::Illegal),
                }
                if write.is_some() && h.sys.is_some() {
                    // The write may enable an interrupt or change translation: the machine looks
                    // before the next instruction.
                    h.pc = b.start + op.off as u64 + insn_size(b, i);
                    h.instret += (i + 1 - from) as u64;
                    return Err(Exit::Sync);
                }
            }
            O::Mul => h.x[rd] = r1!().wrapping_mul(r2!()),
            O::Mulh => h.x[rd] = ((r1!() as i64 as i128 * r2!() as i64 as i128) >> 64) as u64,
            O::Mulhsu => h.x[rd] = ((r1!() as i64 as i128).wrapping_mul(r2!() as u128 as i128) >> 64) as u64,
            O::Mulhu => h.x[rd] = ((r1!() as u128 * r2!() as u128) >> 64) as u64,
            O::Div => {
                let (a, d) = (r1!() as i64, r2!() as i64);
                h.x[rd] = if d == 0 { u64::MAX } else { a.wrapping_div(d) as u64 };
            }
            O::Divu => {
                let (a, d) = (r1!(), r2!());
                h.x[rd] = a.checked_div(d).unwrap_or(u64::MAX);
            }
            O::Rem => {
                let (a, d) = (r1!() as i64, r2!() as i64);
                h.x[rd] = if d == 0 { a as u64 } else { a.wrapping_rem(d) as u64 };
            }
            O::Remu => {
                let (a, d) = (r1!(), r2!());
                h.x[rd] = if d == 0 { a } else { a % d };
            }
            O::Mulw => h.x[rd] = sx32((r1!() as u32).wrapping_mul(r2!() as u32)),
            O::Divw => {
                let (a, d) = (r1!() as i32, r2!() as i32);
                h.x[rd] = if d == 0 { u64::MAX } else { a.wrapping_div(d) as i64 as u64 };
            }
            O::Divuw => {
                let (a, d) = (r1!() as u32, r2!() as u32);
                h.x[rd] = a.checked_div(d).map_or(u64::MAX, sx32);
            }
            O::Remw => {
                let (a, d) = (r1!() as i32, r2!() as i32);
                h.x[rd] = if d == 0 { a as i64 as u64 } else { a.wrapping_rem(d) as i64 as u64 };
            }
            O::Remuw => {
                let (a, d) = (r1!() as u32, r2!() as u32);
                h.x[rd] = if d == 0 { sx32(a) } else { sx32(a % d) };
            }
            O::LrW | O::LrD => {
                let a = r1!();
                let size = if op.kind == O::LrW { 4 } else { 8 };
                if !a.is_multiple_of(size) {
                    exit!(Exit::Misaligned { addr: a, access: Access::Read });
                }
                let pa = pa!(a, AccessType::Load);
                let v = if size == 4 {
                    match mem.load::<i32>(pa) {
                        Ok(v) => v as i64 as u64,
                        Err(f) => exit!(Exit::Fault(f)),
                    }
                } else {
                    match mem.load::<u64>(pa) {
                        Ok(v) => v,
                        Err(f) => exit!(Exit::Fault(f)),
                    }
                };
                h.reservation = Some((a, v));
                h.x[rd] = v;
            }
            O::ScW | O::ScD => {
                let a = r1!();
                let size = if op.kind == O::ScW { 4 } else { 8 };
                // The reservation is checked first, as QEMU does: an SC without a matching
                // reservation fails without touching memory, so a misaligned one fails rather
                // than traps (LR never reserves a misaligned address).
                let reserved = matches!(h.reservation, Some((ra, _)) if ra == a);
                if reserved && !a.is_multiple_of(size) {
                    exit!(Exit::Misaligned { addr: a, access: Access::Write });
                }
                let ok = match h.reservation.take() {
                    // Value-based reservation (as QEMU): the store succeeds if memory still holds
                    // what LR saw, compared and swapped atomically.
                    Some((ra, seen)) if ra == a => {
                        let pa = pa!(a, AccessType::Store);
                        if size == 4 {
                            match mem.atomic_u32(pa) {
                                Ok(c) => c
                                    .compare_exchange(seen as u32, r2!() as u32, Ordering::SeqCst, Ordering::SeqCst)
                                    .is_ok(),
                                Err(f) => exit!(Exit::Fault(f)),
                            }
                        } else {
                            match mem.atomic_u64(pa) {
                                Ok(c) => c.compare_exchange(seen, r2!(), Ordering::SeqCst, Ordering::SeqCst).is_ok(),
                                Err(f) => exit!(Exit::Fault(f)),
                            }
                        }
                    }
                    // Under Sv39 a failing SC makes no access at all (as QEMU).
                    _ if h.xlate => false,
                    _ => {
                        // Even a failing SC must have write permission to the address.
                        if let Err(f) = mem.check(a, size, crate::mem::perm::W, Access::Write) {
                            exit!(Exit::Fault(f));
                        }
                        false
                    }
                };
                h.x[rd] = (!ok) as u64;
            }
            O::AmoswapW => amo!(u32, atomic_u32, sx32, |_, s| s),
            O::AmoaddW => amo!(u32, atomic_u32, sx32, |v: u32, s| v.wrapping_add(s)),
            O::AmoxorW => amo!(u32, atomic_u32, sx32, |v, s| v ^ s),
            O::AmoandW => amo!(u32, atomic_u32, sx32, |v, s| v & s),
            O::AmoorW => amo!(u32, atomic_u32, sx32, |v, s| v | s),
            O::AmominW => amo!(u32, atomic_u32, sx32, |v, s| (v as i32).min(s as i32) as u32),
            O::AmomaxW => amo!(u32, atomic_u32, sx32, |v, s| (v as i32).max(s as i32) as u32),
            O::AmominuW => amo!(u32, atomic_u32, sx32, |v: u32, s| v.min(s)),
            O::AmomaxuW => amo!(u32, atomic_u32, sx32, |v: u32, s| v.max(s)),
            O::AmoswapD => amo!(u64, atomic_u64, sx64, |_, s| s),
            O::AmoaddD => amo!(u64, atomic_u64, sx64, |v: u64, s| v.wrapping_add(s)),
            O::AmoxorD => amo!(u64, atomic_u64, sx64, |v, s| v ^ s),
            O::AmoandD => amo!(u64, atomic_u64, sx64, |v, s| v & s),
            O::AmoorD => amo!(u64, atomic_u64, sx64, |v, s| v | s),
            O::AmominD => amo!(u64, atomic_u64, sx64, |v, s| (v as i64).min(s as i64) as u64),
            O::AmomaxD => amo!(u64, atomic_u64, sx64, |v, s| (v as i64).max(s as i64) as u64),
            O::AmominuD => amo!(u64, atomic_u64, sx64, |v: u64, s| v.min(s)),
            O::AmomaxuD => amo!(u64, atomic_u64, sx64, |v: u64, s| v.max(s)),

            // F
            O::Flw => h.f[rd & 31] = fp::box_f32(load!(u32)),
            O::Fsw => store!(u32, h.f[(op.rs2 & 31) as usize] as u32),
            O::FmaddS => h.f[rd & 31] = fp::box_f32(fp::f32_madd(fs1!(), fs2!(), fs3!(), rm!(), &mut h.fflags)),
            O::FmsubS => h.f[rd & 31] = fp::box_f32(fp::f32_msub(fs1!(), fs2!(), fs3!(), rm!(), &mut h.fflags)),
            O::FnmsubS => h.f[rd & 31] = fp::box_f32(fp::f32_nmsub(fs1!(), fs2!(), fs3!(), rm!(), &mut h.fflags)),
            O::FnmaddS => h.f[rd & 31] = fp::box_f32(fp::f32_nmadd(fs1!(), fs2!(), fs3!(), rm!(), &mut h.fflags)),
            O::FaddS => h.f[rd & 31] = fp::box_f32(fp::f32_add(fs1!(), fs2!(), rm!(), &mut h.fflags)),
            O::FsubS => h.f[rd & 31] = fp::box_f32(fp::f32_sub(fs1!(), fs2!(), rm!(), &mut h.fflags)),
            O::FmulS => h.f[rd & 31] = fp::box_f32(fp::f32_mul(fs1!(), fs2!(), rm!(), &mut h.fflags)),
            O::FdivS => h.f[rd & 31] = fp::box_f32(fp::f32_div(fs1!(), fs2!(), rm!(), &mut h.fflags)),
            O::FsqrtS => h.f[rd & 31] = fp::box_f32(fp::f32_sqrt(fs1!(), rm!(), &mut h.fflags)),
            O::FsgnjS => h.f[rd & 31] = fp::box_f32((fs1!() & 0x7fff_ffff) | (fs2!() & 0x8000_0000)),
            O::FsgnjnS => h.f[rd & 31] = fp::box_f32((fs1!() & 0x7fff_ffff) | (!fs2!() & 0x8000_0000)),
            O::FsgnjxS => h.f[rd & 31] = fp::box_f32(fs1!() ^ (fs2!() & 0x8000_0000)),
            O::FminS => h.f[rd & 31] = fp::box_f32(fp::f32_min(fs1!(), fs2!(), &mut h.fflags)),
            O::FmaxS => h.f[rd & 31] = fp::box_f32(fp::f32_max(fs1!(), fs2!(), &mut h.fflags)),
            O::FcvtWS => h.x[rd] = fp::f32_to_i32(fs1!(), rm!(), &mut h.fflags) as i64 as u64,
            O::FcvtWuS => h.x[rd] = fp::f32_to_u32(fs1!(), rm!(), &mut h.fflags) as i32 as i64 as u64,
            O::FcvtLS => h.x[rd] = fp::f32_to_i64(fs1!(), rm!(), &mut h.fflags) as u64,
            O::FcvtLuS => h.x[rd] = fp::f32_to_u64(fs1!(), rm!(), &mut h.fflags),
            O::FmvXW => h.x[rd] = sx32(h.f[(op.rs1 & 31) as usize] as u32),
            O::FclassS => h.x[rd] = fp::f32_classify(fs1!()),
            O::FeqS => h.x[rd] = fp::f32_eq(fs1!(), fs2!(), &mut h.fflags) as u64,
            O::FltS => h.x[rd] = fp::f32_lt(fs1!(), fs2!(), &mut h.fflags) as u64,
            O::FleS => h.x[rd] = fp::f32_le(fs1!(), fs2!(), &mut h.fflags) as u64,
            O::FcvtSW => h.f[rd & 31] = fp::box_f32(fp::i32_to_f32(r1!() as i32, rm!(), &mut h.fflags)),
            O::FcvtSWu => h.f[rd & 31] = fp::box_f32(fp::u32_to_f32(r1!() as u32, rm!(), &mut h.fflags)),
            O::FcvtSL => h.f[rd & 31] = fp::box_f32(fp::i64_to_f32(r1!() as i64, rm!(), &mut h.fflags)),
            O::FcvtSLu => h.f[rd & 31] = fp::box_f32(fp::u64_to_f32(r1!(), rm!(), &mut h.fflags)),
            O::FmvWX => h.f[rd & 31] = fp::box_f32(r1!() as u32),
            // D
            O::Fld => h.f[rd & 31] = load!(u64),
            O::Fsd => store!(u64, h.f[(op.rs2 & 31) as usize]),
            O::FmaddD => h.f[rd & 31] = fp::f64_madd(fd1!(), fd2!(), fd3!(), rm!(), &mut h.fflags),
            O::FmsubD => h.f[rd & 31] = fp::f64_msub(fd1!(), fd2!(), fd3!(), rm!(), &mut h.fflags),
            O::FnmsubD => h.f[rd & 31] = fp::f64_nmsub(fd1!(), fd2!(), fd3!(), rm!(), &mut h.fflags),
            O::FnmaddD => h.f[rd & 31] = fp::f64_nmadd(fd1!(), fd2!(), fd3!(), rm!(), &mut h.fflags),
            O::FaddD => h.f[rd & 31] = fp::f64_add(fd1!(), fd2!(), rm!(), &mut h.fflags),
            O::FsubD => h.f[rd & 31] = fp::f64_sub(fd1!(), fd2!(), rm!(), &mut h.fflags),
            O::FmulD => h.f[rd & 31] = fp::f64_mul(fd1!(), fd2!(), rm!(), &mut h.fflags),
            O::FdivD => h.f[rd & 31] = fp::f64_div(fd1!(), fd2!(), rm!(), &mut h.fflags),
            O::FsqrtD => h.f[rd & 31] = fp::f64_sqrt(fd1!(), rm!(), &mut h.fflags),
            O::FsgnjD => h.f[rd & 31] = (fd1!() & !(1 << 63)) | (fd2!() & (1 << 63)),
            O::FsgnjnD => h.f[rd & 31] = (fd1!() & !(1 << 63)) | (!fd2!() & (1 << 63)),
            O::FsgnjxD => h.f[rd & 31] = fd1!() ^ (fd2!() & (1 << 63)),
            O::FminD => h.f[rd & 31] = fp::f64_min(fd1!(), fd2!(), &mut h.fflags),
            O::FmaxD => h.f[rd & 31] = fp::f64_max(fd1!(), fd2!(), &mut h.fflags),
            O::FcvtSD => h.f[rd & 31] = fp::box_f32(fp::f64_to_f32(fd1!(), rm!(), &mut h.fflags)),
            O::FcvtDS => h.f[rd & 31] = fp::f32_to_f64(fs1!(), &mut h.fflags),
            O::FeqD => h.x[rd] = fp::f64_eq(fd1!(), fd2!(), &mut h.fflags) as u64,
            O::FltD => h.x[rd] = fp::f64_lt(fd1!(), fd2!(), &mut h.fflags) as u64,
            O::FleD => h.x[rd] = fp::f64_le(fd1!(), fd2!(), &mut h.fflags) as u64,
            O::FclassD => h.x[rd] = fp::f64_classify(fd1!()),
            O::FcvtWD => h.x[rd] = fp::f64_to_i32(fd1!(), rm!(), &mut h.fflags) as i64 as u64,
            O::FcvtWuD => h.x[rd] = fp::f64_to_u32(fd1!(), rm!(), &mut h.fflags) as i32 as i64 as u64,
            O::FcvtLD => h.x[rd] = fp::f64_to_i64(fd1!(), rm!(), &mut h.fflags) as u64,
            O::FcvtLuD => h.x[rd] = fp::f64_to_u64(fd1!(), rm!(), &mut h.fflags),
            O::FmvXD => h.x[rd] = h.f[(op.rs1 & 31) as usize],
            O::FcvtDW => h.f[rd & 31] = fp::i32_to_f64(r1!() as i32, rm!(), &mut h.fflags),
            O::FcvtDWu => h.f[rd & 31] = fp::u32_to_f64(r1!() as u32, rm!(), &mut h.fflags),
            O::FcvtDL => h.f[rd & 31] = fp::i64_to_f64(r1!() as i64, rm!(), &mut h.fflags),
            O::FcvtDLu => h.f[rd & 31] = fp::u64_to_f64(r1!(), rm!(), &mut h.fflags),
            O::FmvDX => h.f[rd & 31] = r1!(),
            // Privileged instructions do not exist in user mode.
            O::Illegal | O::Mret | O::Sret | O::Wfi | O::SfenceVma => exit!(Exit::Illegal),
        }
        let _ = x!(0);
    }
    h.pc = if to == ops.len() { b.end } else { b.start + ops[to].off as u64 };
    h.instret += (to - from) as u64;
    if fp_trap {
        return Err(Exit::Illegal);
    }
    Ok(())
}

/// Runs op `i` of an instrumented block alone (FS tracking included: the block-level bookkeeping
/// of `Engine::run` comes too late for a CSR read later in the same block).
fn exec_one(h: &mut Hart, mem: &GuestMemory, b: &Block, i: usize) -> Result<(), Exit> {
    let r = exec_block(h, mem, b, i, i + 1);
    if r.is_ok() && h.sys.is_some() && fp_written(b, i, i + 1) {
        mark_fs_dirty(h);
    }
    r
}

/// Bits `from..to` of a per-op mask, shifted down to bit 0.
#[inline]
fn range_bits(mask: u128, from: usize, to: usize) -> u128 {
    if from >= to || from >= 128 {
        return 0;
    }
    let m = mask >> from;
    let len = to - from;
    if len >= 128 {
        m
    } else {
        m & ((1u128 << len) - 1)
    }
}

/// Whether ops `from..to` of `b` include one that writes an FP register.
fn fp_written(b: &Block, from: usize, to: usize) -> bool {
    range_bits(b.fp_writes, from, to) != 0
}

/// System mode: FP state was written (mstatus.FS becomes Dirty).
fn mark_fs_dirty(h: &mut Hart) {
    if let Some(sys) = h.sys.as_deref_mut() {
        sys.ps.mark_fs_dirty();
    }
}

/// Runs an instrumented block: entry hooks, then each instruction with its hooks. A hook that
/// changes pc redirects execution there at once (the instruction it preceded does not run).
fn exec_instrumented(h: &mut Hart, mem: &GuestMemory, b: &Block, hooks: &BlockHooks) -> Result<(), Exit> {
    h.pc = b.start;
    for a in &hooks.entry {
        run_action(a, &mut HookCtx { hart: h, mem });
    }
    if h.pc != b.start {
        return Ok(());
    }
    let n = b.ops.len();
    for i in 0..n {
        let op = &b.ops[i];
        let pc_i = b.start + op.off as u64;
        let next = if i + 1 < n { b.start + b.ops[i + 1].off as u64 } else { b.end };
        let Some(ih) = hooks.insns.get(i) else {
            exec_one(h, mem, b, i)?;
            if h.pc != next {
                return Ok(());
            }
            continue;
        };
        h.pc = pc_i;
        for a in &ih.before {
            run_action(a, &mut HookCtx { hart: h, mem });
        }
        if h.pc != pc_i {
            return Ok(());
        }
        let access = if ih.mem.is_empty() && ih.mem_inline.is_empty() { None } else { mem_access(h, op) };
        exec_one(h, mem, b, i)?;
        if let Some((kind, mut ev)) = access {
            finish_mem_event(h, op, kind, &mut ev);
            let after = h.pc;
            h.pc = pc_i;
            let rw = if ev.store { 2 } else { 1 };
            for (filter, a) in &ih.mem_inline {
                if filter & rw != 0 {
                    run_action(a, &mut HookCtx { hart: h, mem });
                }
            }
            for (filter, f) in &ih.mem {
                if filter & rw != 0 {
                    f(&mut HookCtx { hart: h, mem }, &ev);
                }
            }
            if h.pc != pc_i {
                return Ok(());
            }
            h.pc = after;
        }
        if h.pc != next {
            return Ok(());
        }
    }
    Ok(())
}

/// The memory access `op` is about to make, from the decoder's metadata: its kind and the event
/// with what is known before execution (address, size, a store's value).
fn mem_access(h: &Hart, op: &Op) -> Option<(rivet_isa::MemKind, MemEvent)> {
    let probe = Insn { op: op.kind, rd: 0, rs1: 0, rs2: 0, rs3: 0, rm: 0, imm: 0, csr: 0, len: 4, raw: 0 };
    let m = probe.effects().mem?;
    let base = h.x[(op.rs1 & 63) as usize];
    let vaddr = match m.kind {
        rivet_isa::MemKind::Load | rivet_isa::MemKind::Store => base.wrapping_add(op.imm as u64),
        _ => base,
    };
    let fp = matches!(op.kind, O::Flw | O::Fld | O::Fsw | O::Fsd);
    let mask = if m.size_log2 == 3 { u64::MAX } else { (1u64 << (8 << m.size_log2)) - 1 };
    let value = match m.kind {
        rivet_isa::MemKind::Store if fp => h.f[(op.rs2 & 31) as usize] & mask,
        rivet_isa::MemKind::Store | rivet_isa::MemKind::StoreConditional => h.x[(op.rs2 & 63) as usize] & mask,
        _ => 0,
    };
    let store =
        matches!(m.kind, rivet_isa::MemKind::Store | rivet_isa::MemKind::StoreConditional | rivet_isa::MemKind::Amo);
    Some((m.kind, MemEvent { vaddr, size_log2: m.size_log2, store, signed: m.signed, value }))
}

/// Completes a memory event after the instruction ran: loaded values, SC outcome.
fn finish_mem_event(h: &Hart, op: &Op, kind: rivet_isa::MemKind, ev: &mut MemEvent) {
    let mask = if ev.size_log2 == 3 { u64::MAX } else { (1u64 << (8 << ev.size_log2)) - 1 };
    match kind {
        rivet_isa::MemKind::Load if matches!(op.kind, O::Flw | O::Fld) => ev.value = h.f[(op.rd & 31) as usize] & mask,
        // For AMOs the event reports the value read (the old memory value, now in rd).
        rivet_isa::MemKind::Load | rivet_isa::MemKind::LoadReserved | rivet_isa::MemKind::Amo => {
            ev.value = h.x[(op.rd & 63) as usize] & mask
        }
        // A failed SC (rd != 0) wrote nothing: report it as a read.
        rivet_isa::MemKind::StoreConditional => ev.store = h.x[(op.rd & 63) as usize] == 0,
        rivet_isa::MemKind::Store => {}
    }
}

/// Length of the `i`th instruction of a block.
#[cold]
fn insn_size(b: &Block, i: usize) -> u64 {
    let next = b.ops.get(i + 1).map_or(b.end, |o| b.start + o.off as u64);
    next - (b.start + b.ops[i].off as u64)
}
