/*
 * smp.S -- two harts (run with -smp 2). Hart 1 does independent work
 * (integer, M, FP, lr/sc on its own data, per-hart CSRs, an AMO on a
 * shared counter with rd = x0), stores its results,
 * then raises hart 0's machine software interrupt (CLINT msip) and parks
 * in wfi with every interrupt disabled. Hart 0 does its own work
 * meanwhile, then waits with wfi (mie.MSIE set, mstatus.MIE clear: no
 * trap) and checks both harts' results.
 *
 * Each hart executes the same instructions on every run, whatever the
 * interleaving: no hart spins on a value another writes (start.S wakes
 * the secondary harts with msip too), and values that depend on the
 * interleaving never reach a register (the shared AMO has rd = x0; the
 * counter is read only after hart 1 has signalled). With -smp 1, hart 0
 * gives up after a timeout (mtimecmp at about 27 s) and fails with code 2.
 *
 * LOCKSTEP-OPTIONS: --smp 2
 */
#include "bm.h"

#define N_WORK 300

    .text
    .globl  test_main
test_main:
    addi    sp, sp, -16
    sd      ra, 0(sp)
    PUTS    "smp: two harts\n"
    TEST    1
    li      a0, 0
    call    work                    /* a0 = hart id */
    la      t0, results
    sd      a0, 0(t0)
    sd      a1, 8(t0)
    sd      a2, 16(t0)
    li      t0, 0x4242
    csrw    mscratch, t0

    /* wait for hart 1: msip, or a timeout with -smp 1 */
    TEST    2
    li      t0, CLINT_MTIMECMP
    li      t1, 0x10000000
    sd      t1, 0(t0)
    li      t0, MIP_MSIP | MIP_MTIP
    csrw    mie, t0
    wfi
    csrr    a0, mip
    andi    a0, a0, MIP_MSIP
    CHECK   a0, MIP_MSIP            /* no: hart 1 never reported */
    li      t0, CLINT_MSIP
    sw      zero, 0(t0)
    li      t0, CLINT_MTIMECMP
    li      t1, -1
    sd      t1, 0(t0)
    csrw    mie, zero
    fence

    TEST    3                       /* both harts' results */
    la      s0, results
    ld      a0, 0(s0)
    CHECK   a0, 0x88a4aa            /* hart 0: see work */
    ld      a0, 8(s0)
    CHECK   a0, 0x4018000000000000  /* 6.0 */
    ld      a0, 16(s0)
    CHECK   a0, N_WORK
    ld      a0, 24(s0)
    CHECK   a0, 0x88a4ab            /* hart 1 */
    ld      a0, 32(s0)
    CHECK   a0, 0x401c000000000000  /* 7.0 */
    ld      a0, 40(s0)
    CHECK   a0, N_WORK
    ld      a0, 48(s0)              /* hart 1's mhartid and mscratch */
    CHECK   a0, 1
    ld      a0, 56(s0)
    CHECK   a0, 0x1111
    csrr    a0, mscratch            /* ours is ours */
    CHECK   a0, 0x4242
    la      t0, bm_trap_save
    csrw    mscratch, t0
    TEST    4
    la      t0, shared
    lw      a0, 0(t0)               /* N_WORK increments per hart */
    CHECK   a0, 2 * N_WORK
    ld      ra, 0(sp)
    addi    sp, sp, 16
    ret

    .globl  secondary_main
secondary_main:                     /* a0 = hart id (1) */
    li      t0, 1
    bne     a0, t0, 9f              /* more harts: they just park */
    li      t0, 0x1111
    csrw    mscratch, t0
    call    work
    la      t0, results
    sd      a0, 24(t0)
    sd      a1, 32(t0)
    sd      a2, 40(t0)
    csrr    t1, mhartid
    sd      t1, 48(t0)
    csrr    t1, mscratch
    sd      t1, 56(t0)
    fence   w, o                    /* results before the signal */
    li      t0, CLINT_MSIP          /* hart 0's msip */
    li      t1, 1
    sw      t1, 0(t0)
9:  wfi                             /* mie = 0: sleeps for good */
    j       9b

/*
 * work(a0 = hart): returns
 *   a0 = hart + the sum over i < N_WORK of i * i (0x88a4aa), with mul
 *        and rem,
 *   a1 = 6.0 + hart as a double, computed with fadd/fmul/fdiv,
 *   a2 = N_WORK, counted with lr.d/sc.d on the hart's own counter;
 * and adds 1 to `shared` N_WORK times with amoadd.w (rd = x0).
 */
work:
    mv      t6, a0
    li      t0, 0                   /* i */
    li      t1, 0                   /* sum */
    li      t2, N_WORK
1:  mul     t3, t0, t0
    li      t4, 7
    rem     t5, t3, t4              /* exercises rem; adds 0 overall: */
    sub     t3, t3, t5              /* (i*i - r) + r */
    add     t3, t3, t5
    add     t1, t1, t3
    addi    t0, t0, 1
    bltu    t0, t2, 1b
    add     a0, t1, t6              /* sum of squares 0..299 + hart */
    /* FP: hart + 6, computed as ((h + 3) * 4) / 2 - h */
    fcvt.d.l fa0, t6
    li      t3, 3
    fcvt.d.l fa1, t3
    fadd.d  fa2, fa0, fa1           /* h + 3 */
    li      t3, 4
    fcvt.d.l fa1, t3
    fmul.d  fa2, fa2, fa1           /* 4h + 12 */
    li      t3, 2
    fcvt.d.l fa1, t3
    fdiv.d  fa2, fa2, fa1           /* 2h + 6 */
    fsub.d  fa2, fa2, fa0           /* h + 6 */
    fmv.x.d a1, fa2
    /* lr/sc counter, and the shared AMO */
    la      t0, counters
    slli    t3, t6, 6               /* one 64-byte line per hart */
    add     t0, t0, t3
    sd      zero, 0(t0)
    la      t4, shared
    li      t2, N_WORK
    li      t5, 1
2:  lr.d    t3, (t0)
    addi    t3, t3, 1
    sc.d    t1, t3, (t0)
    bnez    t1, 2b
    amoadd.w zero, t5, (t4)
    addi    t2, t2, -1
    bnez    t2, 2b
    ld      a2, 0(t0)
    ret

    .data
    .balign 64
results:
    .zero   64
shared:
    .word   0
    .balign 64
counters:
    .zero   64 * 2
