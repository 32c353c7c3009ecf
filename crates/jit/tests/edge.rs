//! Hand-written edge cases, each checked against the interpreter and against expected values.

mod common;

use common::*;
use rivet_core::engine::{BlockCompiler, Engine, Exit};
use rivet_core::mem::perm::{R, W};
use rivet_core::mem::{Access, MemFault};
use rivet_core::Hart;
use rivet_isa::Opcode as O;
use rivet_jit::Jit;

const ECALL: u32 = 0x0000_0073;

/// Runs `code` interpreted and through a directly called compiled first block; asserts equal
/// outcomes and returns the outcome and the native function's return value.
#[track_caller]
fn both(code: &[u32], init: &Hart) -> (Outcome, u64) {
    let mut jit = Jit::try_new().unwrap();
    let want = run_interp(code, init, 7);
    let (got, ret) = run_direct(code, init, 7, &mut jit);
    assert_same(&want, &got, "edge");
    (got, ret.expect("the block was not compiled"))
}

fn with_x(regs: &[(u32, u64)]) -> Hart {
    let mut h = hart();
    for &(r, v) in regs {
        h.x[r as usize] = v;
    }
    h
}

#[test]
fn writes_to_x0_go_to_the_sink() {
    let code = [
        ins(O::Addi, 0, 5, 0, 7),
        ins(O::Add, 6, 0, 5, 0), // reads x0 = 0
        ins(O::Lui, 0, 0, 0, 0x12345000),
        ins(O::Add, 7, 0, 0, 0),
        ECALL,
    ];
    let (o, ret) = both(&code, &with_x(&[(5, 100)]));
    assert_eq!(ret, 5, "bails out at the ecall");
    assert_eq!(o.x[0], 0);
    assert_eq!(o.x[32], 0x12345000, "the last write to x0 is in the sink slot");
    assert_eq!(o.x[6], 100);
    assert_eq!(o.x[7], 0);
    assert_eq!(o.instret, 4);
    assert_eq!(o.exit, Exit::Ecall);
}

#[test]
fn division_edge_cases() {
    let min = i64::MIN as u64;
    let m1 = u64::MAX;
    let min32 = 0xffff_ffff_8000_0000u64; // i32::MIN sign-extended
    let code = [
        ins(O::Div, 10, 1, 0, 0),   // x / 0 = -1
        ins(O::Divu, 11, 1, 0, 0),  // = all ones
        ins(O::Rem, 12, 1, 0, 0),   // x % 0 = x
        ins(O::Remu, 13, 1, 0, 0),  // = x
        ins(O::Div, 14, 2, 3, 0),   // MIN / -1 = MIN
        ins(O::Rem, 15, 2, 3, 0),   // MIN % -1 = 0
        ins(O::Divw, 16, 4, 3, 0),  // i32::MIN / -1 = i32::MIN
        ins(O::Remw, 17, 4, 3, 0),  // = 0
        ins(O::Divw, 18, 4, 0, 0),  // / 0 = -1
        ins(O::Divuw, 19, 4, 0, 0), // / 0 = all ones
        ins(O::Remw, 20, 4, 0, 0),  // % 0 = sign-extended dividend
        ins(O::Remuw, 21, 4, 0, 0), // % 0 = sign-extended dividend
        ins(O::Divuw, 22, 3, 5, 0), // 0xffffffff / 2 = 0x7fffffff
        ins(O::Remuw, 23, 3, 5, 0), // = 1
        ins(O::Div, 24, 6, 5, 0),   // -7 / 2 = -3 (toward zero)
        ins(O::Rem, 25, 6, 5, 0),   // -7 % 2 = -1
        ECALL,
    ];
    let init = with_x(&[(1, 1234), (2, min), (3, m1), (4, min32), (5, 2), (6, -7i64 as u64)]);
    let (o, _) = both(&code, &init);
    assert_eq!(o.x[10], m1);
    assert_eq!(o.x[11], m1);
    assert_eq!(o.x[12], 1234);
    assert_eq!(o.x[13], 1234);
    assert_eq!(o.x[14], min);
    assert_eq!(o.x[15], 0);
    assert_eq!(o.x[16], min32);
    assert_eq!(o.x[17], 0);
    assert_eq!(o.x[18], m1);
    assert_eq!(o.x[19], m1);
    assert_eq!(o.x[20], min32);
    assert_eq!(o.x[21], min32);
    assert_eq!(o.x[22], 0x7fff_ffff);
    assert_eq!(o.x[23], 1);
    assert_eq!(o.x[24], -3i64 as u64);
    assert_eq!(o.x[25], -1i64 as u64);
}

#[test]
fn high_multiplies() {
    let code = [ins(O::Mulh, 10, 1, 2, 0), ins(O::Mulhsu, 11, 1, 2, 0), ins(O::Mulhu, 12, 1, 2, 0), ECALL];
    for (a, b) in [(u64::MAX, u64::MAX), (1 << 63, u64::MAX), (1 << 63, 1 << 63), (12345, u64::MAX), (7, 9)] {
        let (o, _) = both(&code, &with_x(&[(1, a), (2, b)]));
        assert_eq!(o.x[10], ((a as i64 as i128 * b as i64 as i128) >> 64) as u64);
        assert_eq!(o.x[11], ((a as i64 as i128).wrapping_mul(b as i128) >> 64) as u64);
        assert_eq!(o.x[12], ((a as u128 * b as u128) >> 64) as u64);
    }
}

#[test]
fn misaligned_access_inside_a_page_stays_native() {
    let code = [
        ins(O::Ld, 10, 1, 0, 3),
        ins(O::Sw, 0, 1, 10, 0x101),
        ins(O::Lh, 11, 1, 0, 0x103),
        ins(O::Addi, 1, 1, 0, 8),
        ins(O::Jal, 0, 0, 0, 8),
        ECALL,
        ECALL,
    ];
    let (o, ret) = both(&code, &with_x(&[(1, DATA + 0xff0)]));
    assert_eq!(ret, 0, "the block completed natively");
    assert_eq!(o.pc, CODE + 24);
}

#[test]
fn access_across_a_page_boundary_bails_out() {
    for (k, size) in [(O::Lh, 2), (O::Lw, 4), (O::Ld, 8), (O::Sh, 2), (O::Sw, 4), (O::Sd, 8), (O::Fld, 8), (O::Fsw, 4)]
    {
        for back in 1..size {
            let code = [ins(O::Addi, 5, 0, 0, 1), ins(k, 6, 1, 2, -back), ins(O::Addi, 7, 0, 0, 1), ECALL];
            // Crossing from one read-write page into the next: the interpreter does it.
            let (o, ret) = both(&code, &with_x(&[(1, DATA + 0x1000), (2, 0x0102_0304_0506_0708)]));
            assert_eq!(ret, 2, "{k:?} at -{back} bails out at op 1");
            assert_eq!(o.exit, Exit::Ecall);
            // Crossing into an unmapped page: a fault at the page boundary.
            let (o, ret) = both(&code, &with_x(&[(1, HOLE), (2, 5)]));
            assert_eq!(ret, 2);
            let access = if matches!(k, O::Sh | O::Sw | O::Sd | O::Fsw) { Access::Write } else { Access::Read };
            let fault = if access == Access::Read {
                MemFault { addr: HOLE, access, mapped: false }
            } else {
                // Stores check the whole range for W; the first page is read-only.
                MemFault { addr: HOLE - back as u64, access, mapped: true }
            };
            assert_eq!(o.exit, Exit::Fault(fault), "{k:?}");
            assert_eq!(o.instret, 1);
            assert_eq!(o.pc, CODE + 4);
        }
    }
}

#[test]
fn permissions_are_enforced() {
    let cases = [
        (ins(O::Lw, 6, 1, 0, 0), WO, Access::Read),
        (ins(O::Sw, 0, 1, 2, 0), RO, Access::Write),
        (ins(O::Sb, 0, 1, 2, 0), CODE, Access::Write),
        (ins(O::Lbu, 6, 1, 0, 0), HOLE, Access::Read),
        (ins(O::Ld, 6, 1, 0, 0), 1 << 32, Access::Read),
        (ins(O::Ld, 6, 1, 0, 0), u64::MAX - 3, Access::Read),
        (ins(O::Sd, 0, 1, 2, 0), u64::MAX - 3, Access::Write),
    ];
    for (insn, addr, access) in cases {
        let code = [ins(O::Addi, 5, 0, 0, 1), insn, ECALL];
        let (o, ret) = both(&code, &with_x(&[(1, addr)]));
        assert_eq!(ret, 2, "{:?} at {addr:#x}", rivet_isa::decode(insn).op);
        assert!(matches!(o.exit, Exit::Fault(f) if f.access == access), "{:?}", o.exit);
        assert_eq!(o.x[5], 1, "registers written before the bail-out are stored");
    }
}

#[test]
fn store_to_a_code_page_bails_out() {
    let code = [ins(O::Addi, 5, 0, 0, 1), ins(O::Sd, 0, 1, 2, 8), ins(O::Addi, 6, 0, 0, 1), ECALL];
    let init = with_x(&[(1, SMC), (2, 0xdead_beef)]);
    let (o, ret) = both(&code, &init);
    assert_eq!(ret, 2, "the store goes to the interpreter");
    assert_eq!(o.perms[o.perms.len() - 1] & rivet_core::mem::perm::CODE, 0, "the CODE mark was cleared");
    assert_eq!(o.exit, Exit::Ecall);
    assert_eq!(o.x[6], 1);
    assert_eq!(o.instret, 3);
}

#[test]
fn permission_bytes_are_read_at_every_execution() {
    let m = memory(&[ins(O::Ld, 10, 1, 0, 0), ins(O::Sd, 0, 1, 10, 8), ECALL], 1);
    let mut jit = Jit::try_new().unwrap();
    let mut h = with_x(&[(1, DATA)]);
    let mut e = Engine::new(&h.model);
    let block = e.translate(CODE, &m).unwrap();
    let f = jit.compile(&block, &m).unwrap();
    // SAFETY: compiled against `m`, which is alive; `h` is ours.
    assert_eq!(unsafe { f(&mut h) }, 3, "runs to the ecall");
    m.protect(DATA, 0x1000, W).unwrap();
    h.instret = 0;
    // SAFETY: as above.
    assert_eq!(unsafe { f(&mut h) }, 1, "the page is no longer readable");
    assert_eq!(h.instret, 0);
    m.protect(DATA, 0x1000, R).unwrap();
    // SAFETY: as above.
    assert_eq!(unsafe { f(&mut h) }, 2, "the page is no longer writable");
    assert_eq!(h.instret, 1);
    m.protect(DATA, 0x1000, R | W).unwrap();
    m.mark_code(DATA);
    // SAFETY: as above.
    assert_eq!(unsafe { f(&mut h) }, 2, "the page now holds code");
}

#[test]
fn links_and_jump_targets() {
    // jalr clears bit 0 of the target; the link is the address after the jalr.
    let code = [ins(O::Auipc, 5, 0, 0, 0), ins(O::Jalr, 1, 5, 0, 13), ECALL, ECALL, ECALL];
    let (o, ret) = both(&code, &hart());
    assert_eq!(ret, 0);
    assert_eq!(o.x[1], CODE + 8);
    assert_eq!(o.pc, CODE + 12);
    assert_eq!(o.instret, 2, "instret counts the block, then the ecall is not retired");
    // jalr with rd = rs1 uses the old value.
    let code = [ins(O::Auipc, 5, 0, 0, 0), ins(O::Jalr, 5, 5, 0, 12), ECALL, ECALL];
    let (o, _) = both(&code, &hart());
    assert_eq!(o.x[5], CODE + 8);
    assert_eq!(o.pc, CODE + 12);
    // Compressed c.jalr a5 (jalr ra, 0(a5)): the link is pc + 2.
    let code = [ins(O::Auipc, 15, 0, 0, 0), ins(O::Addi, 15, 15, 0, 12), 0x0001_9782, ECALL, ECALL];
    let (o, ret) = both(&code, &hart());
    assert_eq!(ret, 0);
    assert_eq!(o.x[1], CODE + 10);
    assert_eq!(o.pc, CODE + 12);
    // jal x0 and a taken / not-taken branch.
    let code = [ins(O::Jal, 0, 0, 0, 8), ECALL, ECALL];
    let (o, _) = both(&code, &hart());
    assert_eq!((o.pc, o.x[32]), (CODE + 8, CODE + 4));
    for (v, pc) in [(1u64, CODE + 12), (0, CODE + 8)] {
        let code = [ins(O::Addi, 6, 0, 0, 1), ins(O::Beq, 0, 5, 6, 8), ECALL, ECALL];
        let (o, ret) = both(&code, &with_x(&[(5, v)]));
        assert_eq!((ret, o.pc, o.instret), (0, pc, 2));
    }
}

#[test]
fn fp_moves_and_boxing() {
    let code = [
        encode(O::FmvXW, Fields { rd: 10, rs1: 1, ..Default::default() }),
        encode(O::FmvWX, Fields { rd: 2, rs1: 11, ..Default::default() }),
        encode(O::FmvXD, Fields { rd: 12, rs1: 1, ..Default::default() }),
        encode(O::FmvDX, Fields { rd: 3, rs1: 11, ..Default::default() }),
        encode(O::Flw, Fields { rd: 4, rs1: 13, imm: 0, ..Default::default() }),
        encode(O::Fsw, Fields { rs1: 13, rs2: 1, imm: 8, ..Default::default() }),
        encode(O::FsgnjnS, Fields { rd: 5, rs1: 6, rs2: 6, ..Default::default() }),
        encode(O::FsgnjxD, Fields { rd: 7, rs1: 3, rs2: 1, ..Default::default() }),
        ECALL,
    ];
    let mut h = with_x(&[(11, 0x1234_5678_8765_4321), (13, DATA)]);
    h.f[1] = 0x0000_0000_8000_0001; // not boxed: a raw move keeps the bits, sign injection sees a NaN
    h.f[6] = 0x1111_1111_3f80_0000; // not boxed either
    let (o, _) = both(&code, &h);
    assert_eq!(o.x[10], 0xffff_ffff_8000_0001, "fmv.x.w sign-extends the low 32 bits");
    assert_eq!(o.f[2], 0xffff_ffff_8765_4321, "fmv.w.x boxes");
    assert_eq!(o.x[12], 0x0000_0000_8000_0001);
    assert_eq!(o.f[3], 0x1234_5678_8765_4321);
    assert_eq!(o.f[4] >> 32, 0xffff_ffff, "flw boxes");
    assert_eq!(u32::from_le_bytes(o.mem[8..12].try_into().unwrap()), 0x8000_0001, "fsw stores the low half");
    assert_eq!(o.f[5], 0xffff_ffff_ffc0_0000, "fsgnjn.s of the canonical NaN");
}

#[test]
fn invalid_dynamic_rounding_mode_is_illegal() {
    let code = [
        ins(O::Addi, 5, 0, 0, 1),
        encode(O::FaddD, Fields { rd: 1, rs1: 2, rs2: 3, rm: 0, ..Default::default() }),
        encode(O::FaddD, Fields { rd: 4, rs1: 2, rs2: 3, rm: 7, ..Default::default() }),
        ECALL,
    ];
    let mut h = hart();
    h.f[2] = 1.5f64.to_bits();
    h.f[3] = 0.1f64.to_bits();
    for frm in 0..8 {
        h.frm = frm;
        let (o, ret) = both(&code, &h);
        if frm > 4 {
            assert_eq!((ret, o.exit, o.instret), (3, Exit::Illegal, 2));
        } else {
            assert_eq!((ret, o.exit), (4, Exit::Ecall));
            assert_eq!(o.fflags & 1, 1, "inexact");
        }
    }
}

#[test]
fn unsupported_first_op_is_declined() {
    let m = memory(&[ins(O::Csrrs, 5, 0, 0, 3), ECALL], 1);
    let h = hart();
    let mut e = Engine::new(&h.model);
    let mut jit = Jit::try_new().unwrap();
    let b = e.translate(CODE, &m).unwrap();
    assert!(jit.compile(&b, &m).is_none());
    assert_eq!(jit.stats().declined, 1);
}

#[test]
fn ops_after_an_unsupported_op_run_interpreted() {
    // csrw frm in the middle: native code stops there, so the new mode applies afterwards.
    let code = [
        encode(O::FaddS, Fields { rd: 1, rs1: 2, rs2: 3, rm: 7, ..Default::default() }),
        ins(O::Csrrwi, 0, 1, 0, 2), // frm = 1 (RTZ)
        encode(O::FaddS, Fields { rd: 4, rs1: 2, rs2: 3, rm: 7, ..Default::default() }),
        ins(O::Csrrs, 6, 0, 0, 3), // read fcsr
        ins(O::Addi, 7, 0, 0, 1),
        ECALL,
    ];
    let mut h = hart();
    h.f[2] = 0xffff_ffff_0000_0000 | 1.0f32.to_bits() as u64;
    h.f[3] = 0xffff_ffff_0000_0000 | 1e-8f32.to_bits() as u64;
    h.frm = 3; // RUP
    let (o, ret) = both(&code, &h);
    assert_eq!(ret, 2);
    assert_ne!(o.f[1], o.f[4], "different rounding");
    assert_eq!(o.x[6] >> 5, 1);
}

#[test]
fn hot_loop_through_the_engine() {
    // sum = 0; for i in (1..=N).rev() { sum += mem[i % 64]; mem[i % 64] = sum }, N past the hot
    // threshold.
    let code = [
        ins(O::Andi, 5, 10, 0, 63),
        ins(O::Slli, 5, 5, 0, 3),
        ins(O::Add, 5, 5, 11, 0),
        ins(O::Ld, 6, 5, 0, 0),
        ins(O::Add, 12, 12, 6, 0),
        ins(O::Sd, 0, 5, 12, 0),
        ins(O::Addi, 10, 10, 0, -1),
        ins(O::Bne, 0, 10, 0, -28),
        ECALL,
    ];
    let n = rivet_core::engine::HOT_THRESHOLD as u64 + 1000;
    let init = with_x(&[(10, n), (11, DATA)]);
    let want = run_interp(&code, &init, 3);
    let (got, compiled) = run_jit_engine(&code, &init, 3);
    assert_same(&want, &got, "loop");
    assert_eq!(compiled, 1);
    assert_eq!(got.instret, 8 * n);
    assert_eq!(got.exit, Exit::Ecall);
}

#[test]
fn stats_count_compiled_blocks() {
    let m = memory(&[ins(O::Addi, 5, 5, 0, 1), ins(O::Jal, 0, 0, 0, -4)], 1);
    let h = hart();
    let mut e = Engine::new(&h.model);
    let mut jit = Jit::new();
    let b = e.translate(CODE, &m).unwrap();
    assert!(jit.compile(&b, &m).is_some());
    let s = jit.stats();
    assert_eq!((s.blocks, s.ops, s.declined), (1, 2, 0));
    assert!(s.code_bytes > 0);
}

#[test]
fn large_block_with_many_exits() {
    // 127 ops: every other one a store that can bail out while up to 25 registers are dirty.
    let mut code = Vec::new();
    for k in 0..63u32 {
        let r = 1 + k % 25;
        code.push(ins(O::Addi, r, r, 0, k as i32));
        code.push(ins(O::Sd, 0, BASE_RW, r, 8 * k as i32 - 256));
    }
    code.push(ins(O::Addi, 5, 5, 0, 1));
    code.push(ECALL);
    let mut h = hart();
    h.x[BASE_RW as usize] = DATA + 0x1000;
    let t = std::time::Instant::now();
    let (o, ret) = both(&code, &h);
    eprintln!("large block: interpreted, compiled and run in {:?}", t.elapsed());
    assert_eq!(ret, 128);
    assert_eq!(o.instret, 127);
    // Stores near the top of the data pages: from k = 48 on they hit the read-only page.
    h.x[BASE_RW as usize] = DATA + 0x1f80;
    let (o, ret) = both(&code, &h);
    assert_eq!(ret, 2 * 48 + 2);
    assert!(matches!(o.exit, Exit::Fault(f) if f.addr == RO), "{:?}", o.exit);
    assert_eq!(o.instret, 2 * 48 + 1);
    h.x[BASE_RW as usize] = RO + 0x200;
    let (o, ret) = both(&code, &h);
    assert_eq!(ret, 2);
    assert!(matches!(o.exit, Exit::Fault(_)));
}
