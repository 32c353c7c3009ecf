//! The instrumentation seam: hooks woven in at translation run where and as often as asked, see the
//! right pc and registers, observe memory accesses, and can redirect execution.

use rivet_core::hooks::{
    Action, BlockHooks, BlockView, HookCtx, InsnHooks, Instrumenter, MemEvent, ScoreU64, Scoreboard,
};
use rivet_core::mem::{perm, GuestMemory};
use rivet_core::{CpuModel, Engine, Exit, Hart};
use std::sync::{Arc, Mutex};

const CODE: u64 = 0x10000;
const STACK: u64 = 0x20000;
// addi a0,zero,0 / 1: addi a0,a0,1 / sd a0,0(sp) / ld a1,0(sp) / blt a0,a2,1b / ecall
const PROG: [u32; 6] = [0x0000_0513, 0x0015_0513, 0x00a1_3023, 0x0001_3583, 0xfec5_4ae3, 0x0000_0073];

fn setup(limit: u64) -> (GuestMemory, Hart) {
    let mem = GuestMemory::new(32).unwrap();
    mem.map_anon(CODE, 0x1000, perm::R | perm::X).unwrap();
    let bytes: Vec<u8> = PROG.iter().flat_map(|w| w.to_le_bytes()).collect();
    mem.poke_bytes(CODE, &bytes).unwrap();
    mem.map_anon(STACK, 0x1000, perm::R | perm::W).unwrap();
    let mut h = Hart::new(Arc::new(CpuModel::by_name("rv64gc", 0).unwrap()), 0);
    h.pc = CODE;
    h.x[2] = STACK + 0x800;
    h.x[12] = limit;
    (mem, h)
}

#[derive(Default)]
struct Log {
    pcs: Vec<u64>,
    mems: Vec<MemEvent>,
    translated: usize,
}

struct Tracer {
    log: Arc<Mutex<Log>>,
    count: ScoreU64,
    redirect_at: Option<u64>,
}

impl Instrumenter for Tracer {
    fn instrument(&self, _h: &mut Hart, _m: &GuestMemory, block: &BlockView) -> Option<BlockHooks> {
        self.log.lock().unwrap().translated += 1;
        let mut hooks = BlockHooks::default();
        for &(pc, _insn) in block.insns {
            let log = self.log.clone();
            let redirect = self.redirect_at;
            let mut ih = InsnHooks::default();
            ih.before.push(Action::InlineAdd(self.count.clone(), 1));
            ih.before.push(Action::Call(Arc::new(move |ctx: &mut HookCtx| {
                assert_eq!(ctx.hart.pc, pc, "hooks see the pc of their instruction");
                log.lock().unwrap().pcs.push(pc);
                if Some(pc) == redirect && ctx.hart.x[10] == 3 {
                    // Skip the loop's branch once: go straight to the ecall.
                    ctx.hart.pc = CODE + 20;
                }
            })));
            let log = self.log.clone();
            ih.mem.push((3, Arc::new(move |_ctx: &mut HookCtx, ev: &MemEvent| log.lock().unwrap().mems.push(*ev))));
            hooks.insns.push(ih);
        }
        Some(hooks)
    }
}

fn run(redirect_at: Option<u64>) -> (Hart, Log, u64) {
    let (mem, mut h) = setup(5);
    let log = Arc::new(Mutex::new(Log::default()));
    let board = Arc::new(Scoreboard::new(8).unwrap());
    let count = ScoreU64 { board: board.clone(), offset: 0 };
    let mut e = Engine::new(&h.model.clone());
    e.set_instrumenter(Arc::new(Tracer { log: log.clone(), count, redirect_at }));
    assert_eq!(e.run(&mut h, &mem), Exit::Ecall);
    let log = std::mem::take(&mut *log.lock().unwrap());
    (h, log, board.get_u64(0, 0))
}

#[test]
fn every_instruction_is_seen_once_in_order() {
    let (h, log, count) = run(None);
    assert_eq!(h.x[10], 5);
    assert_eq!(h.x[11], 5);
    assert_eq!(h.pc, CODE + 20);
    // 1 + 5 iterations of 4, then the ecall's hook runs before the ecall exits.
    assert_eq!(log.pcs.len(), 1 + 5 * 4 + 1);
    assert_eq!(count, log.pcs.len() as u64);
    assert_eq!(h.instret, 1 + 5 * 4);
    assert_eq!(&log.pcs[..6], &[CODE, CODE + 4, CODE + 8, CODE + 12, CODE + 16, CODE + 4]);
    // One store and one load per iteration, with the values the guest moved.
    assert_eq!(log.mems.len(), 10);
    assert!(log.mems[0].store && log.mems[0].value == 1 && log.mems[0].vaddr == STACK + 0x800);
    assert!(!log.mems[1].store && log.mems[1].value == 1 && log.mems[1].size_log2 == 3);
    assert_eq!(log.mems[9].value, 5);
}

#[test]
fn a_hook_writing_pc_redirects() {
    let (h, log, _) = run(Some(CODE + 16));
    // When a0 reaches 3 the hook on the branch jumps to the ecall: the branch does not run.
    assert_eq!(h.x[10], 3);
    assert_eq!(h.pc, CODE + 20);
    assert_eq!(h.instret, 1 + 2 * 4 + 3);
    assert_eq!(log.pcs.last(), Some(&(CODE + 20)));
}

#[test]
fn uninstrumented_runs_match() {
    let (mem, mut h) = setup(5);
    let mut e = Engine::new(&h.model.clone());
    assert_eq!(e.run(&mut h, &mem), Exit::Ecall);
    let (hi, _, _) = run(None);
    assert_eq!(h.x, hi.x);
    assert_eq!(h.instret, hi.instret);
}
