/*
 * csr.S -- M- and S-mode CSR accesses from M-mode:
 *   - csrrw/csrrs/csrrc and their immediate forms on mscratch and sscratch:
 *     old value returned, rd = x0 (no read side effect needed), rs1 = x0 /
 *     uimm = 0 (no write: allowed on read-only CSRs);
 *   - read-only CSRs (mvendorid, marchid, mimpid, mhartid, misa's
 *     writes ignored): a write, even of zero with csrrs rs1 != x0, is an
 *     illegal instruction; CSRs that do not exist are illegal (mtval =
 *     the instruction's bits);
 *   - WARL fields: mstatus (UXL/SXL fixed at 64-bit, MPP never 2, the
 *     writable bits, sstatus as a restricted view of it, SD from FS),
 *     mtvec/stvec modes, mepc/sepc bit 0 (which should read 0: QEMU 10.0
 *     returns it as written, accepted here), medeleg (bit 11, ecall from M,
 *     should be read-only zero: QEMU 10.0 lets it be set), mideleg, mie/mip
 *     and sie/sip as views through mideleg, satp modes, mcounteren,
 *     scounteren, mcountinhibit, menvcfg, mcause/mtval/scause/stval,
 *     pmpcfg0/pmpaddr0;
 *   - counters: cycle, time, instret and their M forms read monotonic
 *     values (only the comparison is used: the values themselves are
 *     masked by scripts/lockstep).
 * Checks are tolerant where the specification allows a choice (the values
 * read are still compared by lockstep runs).
 */
#include "bm.h"

/* expect an illegal-instruction trap with mtval = the instruction bits */
.macro ILLEGAL insn:vararg
    addi    gp, gp, 1
    TRAP_RESET
.Lill\@:
    \insn
    CHECK_TRAP CAUSE_ILLEGAL
    la      t6, .Lill\@
    lwu     t5, 0(t6)
    la      t6, bm_trap_tval
    ld      t6, 0(t6)
    CHECKR  t6, t5
.endm

    .text
    .globl  test_main
test_main:
    addi    sp, sp, -16
    sd      ra, 0(sp)
    PUTS    "csr: M and S CSRs\n"
    li      gp, 0
    .option push
    .option norvc

    /* read/write/set/clear (mscratch holds bmlib's trap save pointer) */
    TEST    1
    csrr    s11, mscratch
    li      a1, 0x0123456789abcdef
    csrw    mscratch, a1
    csrr    a0, mscratch
    CHECKR  a0, a1
    li      a2, 0xff00
    csrrs   a0, mscratch, a2
    CHECKR  a0, a1
    csrr    a0, mscratch
    CHECK   a0, 0x0123456789abffef
    li      a2, 0x0f0000000000000f
    csrrc   a0, mscratch, a2
    CHECK   a0, 0x0123456789abffef
    csrr    a0, mscratch
    CHECK   a0, 0x0023456789abffe0
    csrrwi  a0, mscratch, 0x15
    CHECK   a0, 0x0023456789abffe0
    csrrsi  a0, mscratch, 0x0a
    CHECK   a0, 0x15
    csrrci  a0, mscratch, 0x11
    CHECK   a0, 0x1f
    csrr    a0, mscratch
    CHECK   a0, 0x0e
    csrrsi  a0, mscratch, 0         /* uimm 0: read only */
    CHECK   a0, 0x0e
    csrrc   a0, mscratch, zero      /* rs1 = x0: read only */
    CHECK   a0, 0x0e
    csrrw   zero, mscratch, a1      /* rd = x0 */
    csrr    a0, mscratch
    CHECKR  a0, a1
    csrw    mscratch, s11
    TEST    2
    csrw    sscratch, a1
    csrrw   a0, sscratch, zero
    CHECKR  a0, a1
    csrr    a0, sscratch
    CHECK   a0, 0
    csrs    sscratch, a1
    csrc    sscratch, a2
    csrr    a0, sscratch
    CHECK   a0, 0x0023456789abcde0
    csrw    sscratch, zero

    /* read-only and non-existent CSRs */
    TEST    3
    csrr    a0, mhartid
    CHECK   a0, 0
    csrr    a0, mvendorid
    csrr    a0, marchid
    csrr    a0, mimpid
    csrrs   a0, mhartid, zero       /* rs1 = x0: no write, fine */
    csrrsi  a0, mvendorid, 0
    li      a0, 0
    ILLEGAL csrw mhartid, a0
    ILLEGAL csrrs a1, mhartid, a0   /* rs1 != x0 writes (even 0) */
    ILLEGAL csrrwi a1, mimpid, 0
    ILLEGAL csrrci a1, marchid, 1
    ILLEGAL csrw cycle, a0
    ILLEGAL csrr a1, 0x7c0          /* custom / unallocated numbers */
    ILLEGAL csrw 0x7c0, a0
    ILLEGAL csrr a1, 0x8ff
    ILLEGAL csrr a1, 0x5ff
    ILLEGAL csrr a1, 0xdff
    TEST    4                       /* misa: writes are ignored */
    csrr    s0, misa
    li      a0, 1 << 2              /* try to clear C */
    csrc    misa, a0
    csrr    a1, misa
    CHECKR  a1, s0
    csrw    misa, zero
    csrr    a1, misa
    CHECKR  a1, s0

    /* mstatus */
    TEST    5
    csrr    s0, mstatus
    srli    a0, s0, 32
    andi    a0, a0, 0xf
    CHECK   a0, 0xa                 /* UXL = SXL = 2 (64-bit) */
    li      s1, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
    csrs    mstatus, s1
    csrr    a0, mstatus
    and     a0, a0, s1
    CHECKR  a0, s1
    csrc    mstatus, s1
    csrr    a0, mstatus
    and     a0, a0, s1
    CHECK   a0, 0
    TEST    6                       /* MPP: 3, 1, 0 stick; 2 is never read */
    li      s1, MSTATUS_MPP
    csrs    mstatus, s1
    csrr    a0, mstatus
    and     a0, a0, s1
    CHECK   a0, 3 << 11
    csrc    mstatus, s1
    li      a1, 1 << 11
    csrs    mstatus, a1
    csrr    a0, mstatus
    and     a0, a0, s1
    CHECK   a0, 1 << 11
    csrc    mstatus, s1
    csrr    a0, mstatus
    and     a0, a0, s1
    CHECK   a0, 0
    li      a1, 2 << 11
    csrs    mstatus, a1
    csrr    a0, mstatus
    and     a0, a0, s1
    li      a1, 2 << 11
    beq     a0, a1, csr_failed
    TEST    7                       /* the M-only bits are not in sstatus */
    csrc    mstatus, s1
    li      a0, -1
    csrw    sstatus, a0
    csrr    a1, mstatus
    li      a2, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
    and     a3, a1, a2
    CHECK   a3, 0
    li      a2, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_FS
    and     a3, a1, a2
    CHECKR  a3, a2
    srli    a3, a1, 63              /* FS = Dirty: SD */
    CHECK   a3, 1
    csrr    a4, sstatus             /* sstatus shows the S bits only */
    li      a2, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
    and     a3, a4, a2
    CHECK   a3, 0
    li      a2, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
    csrc    sstatus, a2
    csrr    a1, mstatus
    and     a3, a1, a2
    CHECK   a3, 0
    csrw    mstatus, s0             /* back to the start */

    /* trap vector and epc registers */
    TEST    8
    csrr    s0, mtvec
    la      a0, vec_base
    csrw    mtvec, a0
    csrr    a1, mtvec
    CHECKR  a1, a0
    ori     a2, a0, 1               /* vectored */
    csrw    mtvec, a2
    csrr    a1, mtvec
    CHECKR  a1, a2
    ori     a2, a0, 2               /* reserved mode: mode stays 0 or 1 */
    csrw    mtvec, a2
    csrr    a1, mtvec
    andi    a1, a1, 2
    CHECK   a1, 0
    csrw    mtvec, s0
    csrw    stvec, a0
    csrr    a1, stvec
    CHECKR  a1, a0
    ori     a2, a0, 3
    csrw    stvec, a2
    csrr    a1, stvec
    andi    a1, a1, 2
    CHECK   a1, 0
    csrw    stvec, zero
    TEST    9                       /* bit 0 of mepc/sepc should read 0, */
    li      a0, 0x80001235          /* but QEMU 10.0 keeps it: either */
    csrw    mepc, a0
    csrr    a1, mepc
    ori     a1, a1, 1
    CHECK   a1, 0x80001235
    csrw    sepc, a0
    csrr    a1, sepc
    ori     a1, a1, 1
    CHECK   a1, 0x80001235
    li      a0, 0x80001236
    csrw    mepc, a0
    csrr    a1, mepc
    CHECK   a1, 0x80001236
    li      a0, 0x8000000000000007
    csrw    mcause, a0
    csrr    a1, mcause
    CHECKR  a1, a0
    li      a0, 13
    csrw    scause, a0
    csrr    a1, scause
    CHECKR  a1, a0
    li      a0, 0x80001237
    csrw    mtval, a0
    csrr    a1, mtval
    CHECKR  a1, a0
    csrw    stval, a0
    csrr    a1, stval
    CHECKR  a1, a0
    csrw    mepc, zero
    csrw    sepc, zero
    csrw    mcause, zero
    csrw    scause, zero
    csrw    mtval, zero
    csrw    stval, zero

    /* delegation and interrupt enables */
    TEST    10
    li      a0, -1
    csrw    medeleg, a0
    csrr    a1, medeleg
    li      a2, 0xb1ff & ~(1 << 11) /* the usual synchronous causes; bit 11 */
    and     a3, a1, a2              /* (ecall from M) should be read-only 0 */
    CHECKR  a3, a2                  /* but QEMU 10.0 lets it be set */
    csrw    medeleg, zero
    csrr    a1, medeleg
    CHECK   a1, 0
    TEST    11
    li      s2, 0xaaa
    li      a0, -1
    csrw    mideleg, a0
    csrr    a1, mideleg
    andi    a2, a1, 0x222           /* SSI, STI, SEI delegable */
    CHECK   a2, 0x222
    li      a3, 0x888               /* machine interrupts are not */
    and     a2, a1, a3
    CHECK   a2, 0
    li      a0, -1
    csrw    mie, a0
    csrr    a1, mie
    and     a2, a1, s2
    CHECK   a2, 0xaaa
    csrr    a1, sie                 /* sie = mie through mideleg */
    and     a2, a1, s2
    CHECK   a2, 0x222
    csrw    mideleg, zero
    csrr    a1, sie
    and     a2, a1, s2
    CHECK   a2, 0
    csrw    mie, zero
    TEST    12                      /* mip: SSIP writable by M, MTIP not */
    li      a0, MIP_SSIP | MIP_MTIP | MIP_MSIP
    csrs    mip, a0
    csrr    a1, mip
    andi    a2, a1, MIP_SSIP | MIP_MSIP
    CHECK   a2, MIP_SSIP
    li      a0, 0x222
    csrw    mideleg, a0
    csrr    a1, sip
    andi    a2, a1, MIP_SSIP
    CHECK   a2, MIP_SSIP
    csrci   sip, MIP_SSIP           /* SSIP writable through sip */
    csrr    a1, mip
    andi    a2, a1, MIP_SSIP
    CHECK   a2, 0
    csrw    mideleg, zero

    /* satp: Sv39 and bare stick; a reserved mode is not taken */
    TEST    13
    li      a0, (8 << 60) | 0x80123
    csrw    satp, a0
    csrr    a1, satp
    CHECKR  a1, a0
    li      a2, (1 << 60) | 0x80123
    csrw    satp, a2
    csrr    a1, satp
    srli    a1, a1, 60
    li      a3, 1
    beq     a1, a3, csr_failed
    csrw    satp, zero
    csrr    a1, satp
    CHECK   a1, 0
    sfence.vma

    /* counter enables, inhibit, envcfg, pmp, hpm events */
    TEST    14
    li      a0, -1
    csrw    mcounteren, a0
    csrr    a1, mcounteren
    andi    a1, a1, 7
    CHECK   a1, 7
    csrw    scounteren, a0
    csrr    a1, scounteren
    andi    a1, a1, 7
    CHECK   a1, 7
    csrw    mcounteren, zero
    csrw    scounteren, zero
    csrr    a1, mcounteren
    CHECK   a1, 0
    csrr    a1, mcountinhibit
    csrwi   mcountinhibit, 0
    csrr    a1, menvcfg
    csrsi   menvcfg, 1              /* FIOM */
    csrr    a1, menvcfg
    andi    a1, a1, 1
    CHECK   a1, 1
    csrci   menvcfg, 1
    csrr    a1, senvcfg
    csrsi   senvcfg, 1
    csrr    a1, senvcfg
    andi    a1, a1, 1
    CHECK   a1, 1
    csrci   senvcfg, 1
    csrw    mhpmevent3, zero
    csrr    a1, mhpmevent3
    li      a0, -1                  /* pmp entry 0: all memory, RWX (NAPOT) */
    csrw    pmpaddr0, a0
    li      a0, 0x1f
    csrw    pmpcfg0, a0
    csrr    a1, pmpcfg0
    andi    a1, a1, 0xff
    CHECK   a1, 0x1f

    /* counters: monotonic; the values are masked in lockstep traces */
    TEST    15
    rdcycle a0
    rdtime  a1
    rdinstret a2
    csrr    a3, mcycle
    csrr    a4, minstret
    rdcycle a5
    rdtime  s2
    rdinstret s3
    csrr    s4, mcycle
    csrr    s5, minstret
    sltu    s6, a5, a0              /* later < earlier: never */
    CHECK   s6, 0
    sltu    s6, s2, a1
    CHECK   s6, 0
    sltu    s6, s3, a2
    CHECK   s6, 0
    sltu    s6, s4, a3
    CHECK   s6, 0
    sltu    s6, s5, a4
    CHECK   s6, 0
    li      a0, 0                   /* forget the time-dependent values */
    li      a1, 0
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      s2, 0
    li      s3, 0
    li      s4, 0
    li      s5, 0
    TEST    16                      /* mtime through the CLINT, masked too */
    li      s0, CLINT_MTIME
    ld      a0, 0(s0)
    ld      a1, 0(s0)
    sltu    a2, a1, a0
    CHECK   a2, 0
    li      a0, 0
    li      a1, 0

    .option pop
    ld      ra, 0(sp)
    addi    sp, sp, 16
    ret

csr_failed:
    li      a1, 0
    li      a2, 1
    j       bm_check_failed

    .balign 64
vec_base:
    j       vec_base
