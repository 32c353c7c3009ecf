//! Effects of representative instructions, and invariants over all compressed and many random
//! 32-bit encodings. Encodings are from `riscv64-linux-gnu-as -march=rv64gc`.

use rivet_isa::{decode, BranchKind, Effects, MemAccess, MemKind, Opcode};

const A0: u32 = 1 << 10;
const A1: u32 = 1 << 11;
const A2: u32 = 1 << 12;
const A3: u32 = 1 << 13;
const RA: u32 = 1 << 1;
const SP: u32 = 1 << 2;

fn fx(w: u32) -> Effects {
    decode(w).effects()
}

fn mem(kind: MemKind, size_log2: u8, signed: bool) -> Option<MemAccess> {
    Some(MemAccess { kind, size_log2, signed })
}

#[test]
fn integer() {
    // add a0,a1,a2
    let e = fx(0x00c58533);
    assert_eq!((e.x_reads, e.x_writes, e.branch), (A1 | A2, A0, BranchKind::None));
    assert_eq!((e.f_reads, e.f_writes, e.mem, e.csr_read, e.csr_write), (0, 0, None, None, None));
    assert!(!e.writes_fflags && !e.reads_frm);
    // add zero,a1,a2: x0 is never written.
    assert_eq!(fx(0x00c58033).x_writes, 0);
    // addi a0,zero,5 (li): x0 is not reported as read.
    assert_eq!((fx(0x00500513).x_reads, fx(0x00500513).x_writes), (0, A0));
}

#[test]
fn memory() {
    // lw a0,8(a1)
    let e = fx(0x0085a503);
    assert_eq!((e.x_reads, e.x_writes, e.mem), (A1, A0, mem(MemKind::Load, 2, true)));
    // lbu a0,8(a1), ld a0,8(a1)
    assert_eq!(fx(0x0085c503).mem, mem(MemKind::Load, 0, false));
    assert_eq!(fx(0x0085b503).mem, mem(MemKind::Load, 3, false));
    // sd a2,0(a1)
    let e = fx(0x00c5b023);
    assert_eq!((e.x_reads, e.x_writes, e.mem), (A1 | A2, 0, mem(MemKind::Store, 3, false)));
    // fld fa0,8(a1)
    let e = fx(0x0085b507);
    assert_eq!((e.x_reads, e.f_writes, e.mem), (A1, A0, mem(MemKind::Load, 3, false)));
    assert!(!e.writes_fflags);
    // fsw fa2,8(a1)
    let e = fx(0x00c5a427);
    assert_eq!((e.x_reads, e.f_reads, e.mem), (A1, A2, mem(MemKind::Store, 2, false)));
    // amoadd.w a0,a2,(a1)
    let e = fx(0x00c5a52f);
    assert_eq!((e.x_reads, e.x_writes, e.mem), (A1 | A2, A0, mem(MemKind::Amo, 2, true)));
    // amoswap.d.aqrl a0,a2,(a1)
    assert_eq!(fx(0x0ec5b52f).mem, mem(MemKind::Amo, 3, false));
    // lr.d a0,(a1), lr.w a0,(a1)
    let e = fx(0x1005b52f);
    assert_eq!((e.x_reads, e.x_writes, e.mem), (A1, A0, mem(MemKind::LoadReserved, 3, false)));
    assert_eq!(fx(0x1005a52f).mem, mem(MemKind::LoadReserved, 2, true));
    // sc.w a0,a2,(a1)
    let e = fx(0x18c5a52f);
    assert_eq!((e.x_reads, e.x_writes), (A1 | A2, A0));
    assert_eq!(e.mem, mem(MemKind::StoreConditional, 2, false));
}

#[test]
fn control_flow() {
    let kind = |w| fx(w).branch;
    assert_eq!(kind(0x00b50463), BranchKind::Conditional); // beq a0,a1
    assert_eq!(fx(0x00b50463).x_reads, A0 | A1);
    assert_eq!(kind(0x008000ef), BranchKind::Direct); // jal ra
    assert_eq!(fx(0x008000ef).x_writes, RA);
    assert_eq!(fx(0x0080006f).x_writes, 0); // j
    let e = fx(0x00058567); // jalr a0,0(a1)
    assert_eq!((e.branch, e.x_reads, e.x_writes), (BranchKind::Indirect, A1, A0));
    assert_eq!(kind(0x00000073), BranchKind::Trap); // ecall
    assert_eq!(kind(0x00100073), BranchKind::Trap); // ebreak
    assert_eq!(kind(0x30200073), BranchKind::TrapReturn); // mret
    assert_eq!(kind(0x10200073), BranchKind::TrapReturn); // sret
    assert_eq!(kind(0x10500073), BranchKind::Serialize); // wfi
    assert_eq!(kind(0x0000100f), BranchKind::Serialize); // fence.i
    let e = fx(0x12c58073); // sfence.vma a1,a2
    assert_eq!((e.branch, e.x_reads), (BranchKind::Serialize, A1 | A2));
    // fence, fence.tso and pause order memory but do not end a block.
    for w in [0x0330000f, 0x8330000f, 0x0100000f] {
        assert_eq!(kind(w), BranchKind::None, "{w:#x}");
        assert!(!decode(w).ends_block());
    }
    assert!(decode(0x00b50463).ends_block());
    assert!(!decode(0x00c58533).ends_block());
    // Illegal instructions have no effects but end the block (they trap).
    let ill = decode(0xffff_ffff);
    assert_eq!(ill.effects(), Effects::default());
    assert!(ill.ends_block());
    assert!(decode(0x0000).ends_block());
}

#[test]
fn csr_rules() {
    const MSTATUS: Option<u16> = Some(0x300);
    let rw = |w| {
        let e = fx(w);
        (e.csr_read, e.csr_write, e.x_reads, e.x_writes)
    };
    // csrrw a0,mstatus,a1 / csrrw zero,mstatus,a1 (no read)
    assert_eq!(rw(0x30059573), (MSTATUS, MSTATUS, A1, A0));
    assert_eq!(rw(0x30059073), (None, MSTATUS, A1, 0));
    // csrrs a0,mstatus,zero (no write) / csrrs zero,mstatus,a1 / csrrc a0,mstatus,zero
    assert_eq!(rw(0x30002573), (MSTATUS, None, 0, A0));
    assert_eq!(rw(0x3005a073), (MSTATUS, MSTATUS, A1, 0));
    assert_eq!(rw(0x30003573), (MSTATUS, None, 0, A0));
    // csrrwi zero,mstatus,5 (no read; 5 is not a register) / csrrwi a0,mstatus,0
    assert_eq!(rw(0x3002d073), (None, MSTATUS, 0, 0));
    assert_eq!(rw(0x30005573), (MSTATUS, MSTATUS, 0, A0));
    // csrrsi a0,mstatus,0 (no write) / csrrci a0,mstatus,3
    assert_eq!(rw(0x30006573), (MSTATUS, None, 0, A0));
    assert_eq!(rw(0x3001f573), (MSTATUS, MSTATUS, 0, A0));
    // CSR accesses to fflags are not "FP flag accrual".
    let e = fx(0x00102573); // frflags a0
    assert_eq!((e.csr_read, e.writes_fflags, e.reads_frm), (Some(1), false, false));
}

#[test]
fn floating_point() {
    // fadd.s fa0,fa1,fa2 (dyn) / ...,rtz
    let e = fx(0x00c5f553);
    assert_eq!((e.f_reads, e.f_writes, e.x_reads, e.x_writes), (A1 | A2, A0, 0, 0));
    assert!(e.writes_fflags && e.reads_frm);
    assert!(fx(0x00c59553).writes_fflags && !fx(0x00c59553).reads_frm);
    // fmadd.d fa0,fa1,fa2,fa3
    let e = fx(0x6ac5f543);
    assert_eq!((e.f_reads, e.f_writes, e.writes_fflags, e.reads_frm), (A1 | A2 | A3, A0, true, true));
    // fsgnjn.d: no flags
    let e = fx(0x22c59553);
    assert_eq!((e.f_reads, e.f_writes, e.writes_fflags, e.reads_frm), (A1 | A2, A0, false, false));
    // fmv.x.w a0,fa1 / fmv.d.x fa0,a1 / fclass.d a0,fa1: no flags
    let e = fx(0xe0058553);
    assert_eq!((e.f_reads, e.x_writes, e.writes_fflags), (A1, A0, false));
    let e = fx(0xf2058553);
    assert_eq!((e.x_reads, e.f_writes, e.writes_fflags), (A1, A0, false));
    let e = fx(0xe2059553);
    assert_eq!((e.f_reads, e.x_writes, e.writes_fflags), (A1, A0, false));
    // feq.s a0,fa1,fa2 (invalid on sNaN) / fmin.d (idem); neither rounds
    let e = fx(0xa0c5a553);
    assert_eq!((e.f_reads, e.x_writes, e.writes_fflags, e.reads_frm), (A1 | A2, A0, true, false));
    let e = fx(0x2ac58553);
    assert_eq!((e.f_reads, e.f_writes, e.writes_fflags, e.reads_frm), (A1 | A2, A0, true, false));
    // fcvt.d.s fa0,fa1 (rm=rne): invalid on sNaN; with rm=dyn it must check frm.
    let e = fx(0x42058553);
    assert_eq!((e.f_reads, e.f_writes, e.writes_fflags, e.reads_frm), (A1, A0, true, false));
    assert!(fx(0x42058553 | 7 << 12).reads_frm);
    // fcvt.d.w fa0,a1: exact, but still an FP computation; dyn still checks frm.
    let e = fx(0xd2058553);
    assert_eq!((e.x_reads, e.f_writes, e.writes_fflags, e.reads_frm), (A1, A0, true, false));
    assert!(fx(0xd2058553 | 7 << 12).reads_frm);
    // fcvt.w.d a0,fa1,rtz / fcvt.s.l fa0,a1 (dyn) / fsqrt.d fa0,fa1 (dyn)
    let e = fx(0xc2059553);
    assert_eq!((e.f_reads, e.x_writes, e.writes_fflags, e.reads_frm), (A1, A0, true, false));
    let e = fx(0xd025f553);
    assert_eq!((e.x_reads, e.f_writes, e.writes_fflags, e.reads_frm), (A1, A0, true, true));
    let e = fx(0x5a05f553);
    assert_eq!((e.f_reads, e.f_writes, e.writes_fflags, e.reads_frm), (A1, A0, true, true));
    // Reserved rounding modes are not dynamic.
    assert!(!fx(0x00c5d553).reads_frm);
}

#[test]
fn compressed_report_their_expansion() {
    // c.jalr a0: writes ra
    let e = fx(0x9502);
    assert_eq!((e.branch, e.x_reads, e.x_writes), (BranchKind::Indirect, A0, RA));
    // c.jr ra (ret)
    let e = fx(0x8082);
    assert_eq!((e.branch, e.x_reads, e.x_writes), (BranchKind::Indirect, RA, 0));
    // c.mv a0,a1 / c.add a0,a1
    assert_eq!((fx(0x852e).x_reads, fx(0x852e).x_writes), (A1, A0));
    assert_eq!((fx(0x952e).x_reads, fx(0x952e).x_writes), (A0 | A1, A0));
    // c.addi4spn a0,sp,16 / c.lwsp a0,8(sp) / c.sdsp a2,8(sp)
    assert_eq!((fx(0x0808).x_reads, fx(0x0808).x_writes), (SP, A0));
    let e = fx(0x4522);
    assert_eq!((e.x_reads, e.x_writes, e.mem), (SP, A0, mem(MemKind::Load, 2, true)));
    let e = fx(0xe432);
    assert_eq!((e.x_reads, e.mem), (SP | A2, mem(MemKind::Store, 3, false)));
    // c.ebreak / c.fld fa0,8(a1) / c.j / c.beqz a0
    assert_eq!(fx(0x9002).branch, BranchKind::Trap);
    let e = fx(0x2588);
    assert_eq!((e.x_reads, e.f_writes, e.mem), (A1, A0, mem(MemKind::Load, 3, false)));
    assert_eq!((fx(0xa801).branch, fx(0xa801).x_writes), (BranchKind::Direct, 0));
    assert_eq!((fx(0xc901).branch, fx(0xc901).x_reads), (BranchKind::Conditional, A0));
    // c.li zero,5 (a HINT): no effect at all
    assert_eq!(fx(0x4015), Effects::default());
}

/// Invariants that hold for every instruction.
fn check_invariants(w: u32) {
    let i = decode(w);
    let e = i.effects();
    assert_eq!(e.x_writes & 1, 0, "{w:#x}: x0 written");
    assert_eq!(e.x_reads & 1, 0, "{w:#x}: x0 read");
    if e.reads_frm {
        assert_eq!(i.rm, 7, "{w:#x}: reads frm without dynamic rm");
    }
    let fp = i.op.mnemonic().starts_with('f') && !i.op.mnemonic().starts_with("fence");
    if e.writes_fflags || e.f_reads != 0 || e.f_writes != 0 {
        assert!(fp, "{w:#x} ({:?}) has FP effects", i.op);
    }
    if e.csr_read.is_some() || e.csr_write.is_some() {
        assert!(i.op.mnemonic().starts_with("csrr"), "{w:#x}");
    }
    if i.op == Opcode::Illegal {
        assert_eq!(e, Effects::default());
    }
}

#[test]
fn invariants() {
    for h in (0..=0xffffu32).filter(|h| h & 3 != 3) {
        check_invariants(h);
    }
    let mut s = 0x1234_5678_9abc_def0u64;
    for _ in 0..200_000 {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        check_invariants(s as u32 | 3);
    }
}
