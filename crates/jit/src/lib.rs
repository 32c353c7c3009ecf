//! `rivet-jit`: compiles hot blocks to native code with Cranelift.
//!
//! [`Jit`] implements the engine's [`BlockCompiler`] seam. The engine interprets every block
//! until it has been entered [`HOT_THRESHOLD`](rivet_core::engine::HOT_THRESHOLD) times and only
//! then offers it here, so the cost of compiling (about 100-150 microseconds a block with
//! Cranelift, as long as the interpreter takes for 50 000 to 90 000 guest instructions) is paid for code
//! that runs often enough to earn it back; start-up code, run once, stays in the
//! interpreter, which needs no warm-up at all. The native code of a block is a
//! [`NativeFn`]: it runs the block on the [`Hart`] and returns to the engine, which still does
//! all block lookup and linking (there is no block chaining in native code yet).
//!
//! # Registers live in SSA values
//!
//! The interpreter keeps every guest register in `Hart::x`/`Hart::f`, so each dependent
//! instruction goes through a store and a load (store-to-load forwarding on the host), which is
//! what bounds it. Compiled code gives each guest register a
//! [`cranelift_frontend::Variable`]:
//! a register is loaded from the hart at its first use in the block, every later read and write
//! is an SSA value that Cranelift keeps in a host register, and only the registers the block
//! wrote are stored back, once, at each exit. x0 reads as the constant 0; writes to x0 arrive
//! redirected to the sink slot 32 by translation, which compiled code writes back like any slot,
//! so the whole `Hart` ends up exactly as the interpreter leaves it.
//!
//! # Exits and bail-outs
//!
//! A block leaves compiled code in one of two ways, both following [`NativeFn`]'s contract:
//!
//! * *Completion*: written registers stored, `pc` set to the block end, the branch or jump
//!   target (jalr's target with bit 0 cleared), `instret` increased by the block's op count
//!   exactly as `exec_block` counts it, and 0 returned.
//! * *Bail-out at op `i`*: written registers stored, `instret` increased by `i`, and `i + 1`
//!   returned; the interpreter then runs the block from op `i`, with the one implementation of
//!   everything compiled code does not do itself. That is how memory accesses off the fast path
//!   (faults, page-crossing accesses, stores to pages holding translated code), a dynamic
//!   rounding mode that is invalid, and ops without a native translation (CSR access, atomics,
//!   `ecall`, `ebreak`, `fence.i`, illegal and privileged instructions) are handled. Bail-out
//!   stubs are cold blocks placed after the main path; the main path itself is a straight line
//!   with one well-predicted branch per guard.
//!
//! # Memory
//!
//! Guest loads and stores inline the fast path of `GuestMemory::load`/`store`: the address must
//! be below the address-space limit, the access must stay within its page, and the page's
//! permission byte must allow it (R for loads; W without CODE for stores). The host base, limit
//! and permission table come from [`GuestMemory::raw_parts`] and are baked into each function
//! as constants, so a compiled block belongs to the memory it was compiled against, as
//! `NativeFn` requires. The permission byte is read afresh at every access, never reused across
//! instructions: another vCPU may change it at any time (`mprotect`, or marking a page as holding
//! code, after which a store must take the slow path that invalidates translations). Cranelift's
//! optimizer merges a plain load with an earlier load of the same address, so the byte is read
//! with an `atomic_load`, which it never merges or moves: on x86-64 that is the same plain
//! `movzx` a relaxed load compiles to (an acquire load on weakly ordered hosts). As a side effect
//! guest loads and stores are never merged or forwarded across each other either, which keeps
//! their order and number exactly as the guest program has them.
//!
//! # Floating point
//!
//! FP loads, stores, moves and sign injection are inline bit operations. FP arithmetic calls
//! back into [`rivet_core::fp`] through `extern "C"` helpers (module `helpers`), passing a
//! pointer to `Hart::fflags`; the rounding mode is resolved as the interpreter does (7 means
//! `Hart::frm`, loaded once per block since only CSR writes change it and those end compiled
//! code). A panic in a helper cannot unwind through compiled code: it aborts at the `extern "C"`
//! boundary (the helpers are given only valid rounding modes, the one precondition of `fp`).
//!
//! # Code memory
//!
//! Each [`Jit`] owns one Cranelift JIT module whose code is packed densely into a reserved arena
//! ([`CODE_ARENA_BYTES`] of address space, committed as used, never writable and executable at
//! once; module `arena`). Compiled code is never freed: the engine may hold a block's `NativeFn`
//! for as long as it lives, and the compiler cannot tell when it stops. When the arena is full,
//! `compile` declines and blocks stay interpreted.

#![warn(missing_docs)]

mod arena;
mod helpers;
mod translate;

use cranelift_codegen::ir::{types::I64, AbiParam, Signature, UserFuncName};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::FunctionBuilderContext;
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, FuncId, Linkage, Module};
use rivet_core::engine::{Block, BlockCompiler, NativeFn};
use rivet_core::{GuestMemory, Hart};

/// Address space reserved for the compiled code of one [`Jit`].
pub const CODE_ARENA_BYTES: usize = 256 << 20;

/// Counters of what the compiler did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JitStats {
    /// Blocks compiled.
    pub blocks: u64,
    /// Ops in the compiled blocks (including the op a block may bail out at).
    pub ops: u64,
    /// Blocks offered but not compiled (first op unsupported, or compilation failed).
    pub declined: u64,
    /// Bytes of machine code emitted.
    pub code_bytes: u64,
}

/// The Cranelift block compiler. One per engine (and so per vCPU); its code is specific to the
/// guest memory of the blocks it is given.
///
/// Its code must only run where [`NativeFn`]'s contract says, on the engine that compiled it:
/// while compiling, the `Jit` makes the page its previous block ends in writable again for a
/// moment, which is harmless because that engine never runs native code and compiles at once.
pub struct Jit {
    backend: Option<Backend>,
    stats: JitStats,
}

struct Backend {
    module: JITModule,
    ctx: Context,
    fctx: FunctionBuilderContext,
    sig: Signature,
    helper_ids: Vec<FuncId>,
    /// Print each block's IR and machine code to stderr (`RIVET_JIT_DUMP` set).
    dump: bool,
}

impl Default for Jit {
    fn default() -> Self {
        Self::new()
    }
}

impl Jit {
    /// A compiler for the host. If the host is not supported by Cranelift, the compiler exists
    /// but declines every block (see [`Jit::try_new`] to find out).
    pub fn new() -> Jit {
        Self::try_new().unwrap_or(Jit { backend: None, stats: JitStats::default() })
    }

    /// A compiler for the host, or why there cannot be one.
    pub fn try_new() -> Result<Jit, String> {
        let mut flags = settings::builder();
        let set = |f: &mut settings::Builder, k: &str, v: &str| f.set(k, v).map_err(|e| format!("{k}={v}: {e}"));
        set(&mut flags, "opt_level", "speed")?;
        set(&mut flags, "enable_verifier", if cfg!(debug_assertions) { "true" } else { "false" })?;
        set(&mut flags, "unwind_info", "false")?;
        // Required by cranelift-jit.
        set(&mut flags, "use_colocated_libcalls", "false")?;
        set(&mut flags, "is_pic", "false")?;
        let isa = cranelift_native::builder()
            .map_err(|e| format!("host not supported: {e}"))?
            .finish(settings::Flags::new(flags))
            .map_err(|e| format!("cannot configure code generation: {e}"))?;
        let mut builder = JITBuilder::with_isa(isa, default_libcall_names());
        for h in helpers::HELPERS {
            builder.symbol(h.name, h.func as *const u8);
        }
        let arena = arena::CodeArena::new(CODE_ARENA_BYTES).map_err(|e| format!("cannot reserve code memory: {e}"))?;
        builder.memory_provider(Box::new(arena));
        let mut module = JITModule::new(builder);

        let ptr = module.target_config().pointer_type();
        let mut helper_sig = module.make_signature();
        helper_sig.params.extend([AbiParam::new(I64), AbiParam::new(I64), AbiParam::new(I64), AbiParam::new(I64)]);
        helper_sig.params.push(AbiParam::new(ptr));
        helper_sig.returns.push(AbiParam::new(I64));
        let helper_ids = helpers::HELPERS
            .iter()
            .map(|h| {
                module
                    .declare_function(h.name, Linkage::Import, &helper_sig)
                    .map_err(|e| format!("cannot declare helper {}: {e}", h.name))
            })
            .collect::<Result<Vec<_>, _>>()?;

        let mut sig = module.make_signature();
        sig.params.push(AbiParam::new(ptr));
        sig.returns.push(AbiParam::new(I64));
        let mut ctx = module.make_context();
        let dump = std::env::var_os("RIVET_JIT_DUMP").is_some();
        ctx.set_disasm(dump);
        Ok(Jit {
            backend: Some(Backend { module, ctx, fctx: FunctionBuilderContext::new(), sig, helper_ids, dump }),
            stats: JitStats::default(),
        })
    }

    /// What the compiler did so far.
    pub fn stats(&self) -> JitStats {
        self.stats
    }

    fn compile_block(&mut self, block: &Block, mem: &GuestMemory) -> Option<(NativeFn, u64)> {
        let be = self.backend.as_mut()?;
        // A block whose first op would bail out at once gains nothing from native code.
        if !translate::supported(block.ops.first()?) {
            return None;
        }
        let (base, limit, perms) = mem.raw_parts();
        let layout = translate::MemLayout { base: base as u64, limit, perms: perms as u64 };
        let id = be.module.declare_anonymous_function(&be.sig).ok()?;
        be.ctx.func.signature = be.sig.clone();
        be.ctx.func.name = UserFuncName::user(0, id.as_u32());
        {
            let mut b = cranelift_frontend::FunctionBuilder::new(&mut be.ctx.func, &mut be.fctx);
            translate::Translator::build(&mut b, &mut be.module, &be.helper_ids, block, layout);
            b.finalize(be.module.target_config());
        }
        if be.dump {
            eprintln!("rivet-jit: block {:#x}..{:#x}\n{}", block.start, block.end, be.ctx.func.display());
        }
        let defined = be.module.define_function(id, &mut be.ctx);
        if be.dump {
            if let Some(vcode) = be.ctx.compiled_code().and_then(|c| c.vcode.as_ref()) {
                eprintln!("{vcode}");
            }
        }
        let size = be.ctx.compiled_code().map_or(0, |c| c.code_buffer().len() as u64);
        be.module.clear_context(&mut be.ctx);
        defined.ok()?;
        be.module.finalize_definitions().ok()?;
        let code = be.module.get_finalized_function(id);
        // SAFETY: `code` is the entry of the function just defined with the signature
        // `(pointer) -> i64` in the host's default (C) calling convention, which is `NativeFn`'s
        // ABI; its code memory is never freed. The function only touches the hart it is given and
        // the guest memory whose raw parts it embeds, within the checks `GuestMemory` makes, so
        // calling it is sound under `NativeFn`'s own contract.
        let f = unsafe { std::mem::transmute::<*const u8, NativeFn>(code) };
        Some((f, size))
    }
}

impl BlockCompiler for Jit {
    fn compile(&mut self, block: &Block, mem: &GuestMemory) -> Option<NativeFn> {
        match self.compile_block(block, mem) {
            Some((f, size)) => {
                self.stats.blocks += 1;
                self.stats.ops += block.ops.len() as u64;
                self.stats.code_bytes += size;
                Some(f)
            }
            None => {
                self.stats.declined += 1;
                None
            }
        }
    }
}

/// Layout facts compiled code relies on.
const _: () = {
    assert!(std::mem::size_of::<Hart>() > std::mem::offset_of!(Hart, instret));
    assert!(rivet_core::hart::X_SLOTS == 64);
};
