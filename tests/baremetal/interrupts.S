/*
 * interrupts.S -- CLINT timer and software interrupts, taken at known
 * instructions so that runs are deterministic:
 *   - an interrupt only becomes takeable through an instruction that
 *     enables it (csrs mstatus/sstatus, an mret/sret into a lower mode),
 *     never through the device: a source is armed with the global enable
 *     off, then `wfi` waits for it (wfi wakes on a pending enabled
 *     interrupt even with mstatus.MIE = 0, and falls through if it is
 *     already pending), then the enable is set and the trap happens right
 *     after that instruction (mepc = the next one);
 *   - the timer uses absolute mtimecmp values and never derives register
 *     values from mtime (time values are masked by lockstep runs anyway).
 * Covered: machine timer (mtimecmp, MTIP in mip, cleared by rewriting
 * mtimecmp), machine software interrupt (msip), their priority (MSI before
 * MTI when both are pending), an M interrupt taken in U-mode with
 * mstatus.MIE = 0 (lower modes always take M interrupts), S software and
 * S timer interrupts delegated with mideleg and taken by the S handler
 * (sip.SSIP set by S itself; mip.STIP set by M, cleared through an ecall
 * as an SBI would), an S interrupt pending in M-mode not taken until S is
 * entered, and an undelegated S software interrupt taken in M; wfi in S.
 */
#include "bm.h"

#define EV_MAX      16
#define ECALL_CLEAR_STIP 1  /* a7 for an S ecall: M clears mip.STIP */

/* check the n-th recorded event (0-based): cause and epc label */
.macro CHECK_EVENT n, cause, label
    addi    gp, gp, 1
    la      t6, events
    ld      t5, (16 * \n)(t6)
    CHECK   t5, \cause
    la      t6, events
    ld      t5, (16 * \n + 8)(t6)
    la      t6, \label
    CHECKR  t5, t6
.endm

.macro CHECK_EVENTS n
    addi    gp, gp, 1
    la      t6, n_events
    ld      t5, 0(t6)
    sd      zero, 0(t6)
    CHECK   t5, \n
.endm

.macro RUN_IN mode, label
    li      a0, \mode
    la      a1, \label
    call    run_in
.endm

    .text
    .globl  test_main
test_main:
    addi    sp, sp, -16
    sd      ra, 0(sp)
    PUTS    "interrupts: CLINT timer and software, delegation\n"
    .option push
    .option norvc
    li      gp, 0
    li      a0, -1
    csrw    pmpaddr0, a0
    li      a0, 0x1f
    csrw    pmpcfg0, a0
    la      a0, i_mtrap
    csrw    mtvec, a0
    la      a0, i_strap
    csrw    stvec, a0
    csrw    mie, zero
    csrw    mideleg, zero
    csrw    medeleg, zero
    li      s0, CLINT_MTIMECMP
    li      s1, CLINT_MSIP
    li      t0, -1
    sd      t0, 0(s0)               /* no timer interrupt yet */
    sw      zero, 0(s1)

    /* 1: machine timer, waited for with wfi */
    TEST    1
    li      t0, MIP_MTIP
    csrw    mie, t0
    li      t0, 10000               /* 1 ms after reset (10 MHz) */
    sd      t0, 0(s0)
    wfi                             /* wakes when MTIP is pending */
    csrr    a0, mip
    andi    a0, a0, MIP_MTIP
    CHECK   a0, MIP_MTIP
    csrsi   mstatus, MSTATUS_MIE    /* taken right after this */
1:  csrci   mstatus, MSTATUS_MIE
    CHECK_EVENTS 1
    CHECK_EVENT 0, CAUSE_INTR | 7, 1b
    csrr    a0, mip                 /* the handler rewrote mtimecmp */
    andi    a0, a0, MIP_MTIP
    CHECK   a0, 0

    /* 2: machine software interrupt */
    TEST    2
    li      t0, MIP_MSIP
    csrw    mie, t0
    li      t0, 1
    sw      t0, 0(s1)
    csrr    a0, mip
    andi    a0, a0, MIP_MSIP
    CHECK   a0, MIP_MSIP
    wfi                             /* already pending: falls through */
    csrsi   mstatus, MSTATUS_MIE
2:  csrci   mstatus, MSTATUS_MIE
    CHECK_EVENTS 1
    CHECK_EVENT 0, CAUSE_INTR | 3, 2b
    lw      a0, 0(s1)
    CHECK   a0, 0

    /* 3: both pending: MSI first, then MTI (right after the mret) */
    TEST    3
    li      t0, MIP_MTIP            /* wait for the timer alone first */
    csrw    mie, t0
    li      t0, 20000
    sd      t0, 0(s0)
    wfi
    li      t0, 1                   /* then raise msip too */
    sw      t0, 0(s1)
    li      t0, MIP_MSIP | MIP_MTIP
    csrw    mie, t0
    csrsi   mstatus, MSTATUS_MIE
3:  csrci   mstatus, MSTATUS_MIE
    CHECK_EVENTS 2
    CHECK_EVENT 0, CAUSE_INTR | 3, 3b
    CHECK_EVENT 1, CAUSE_INTR | 7, 3b

    /* 4: an M interrupt is taken in U even with mstatus.MIE = 0 */
    TEST    4
    li      t0, MIP_MSIP
    csrw    mie, t0
    li      t0, 1
    sw      t0, 0(s1)
    li      t0, MSTATUS_MPIE
    csrc    mstatus, t0             /* MIE stays 0 after the mret */
    RUN_IN  0, u_code               /* taken before u_code's first insn */
    CHECK_EVENTS 2
    CHECK_EVENT 0, CAUSE_INTR | 3, u_code
    CHECK_EVENT 1, CAUSE_ECALL_U, u_ecall_at

    /* 5: S software interrupt, delegated, raised by S itself */
    TEST    5
    li      t0, MIP_SSIP | MIP_STIP
    csrw    mideleg, t0
    csrw    mie, t0                 /* sie = SSIE | STIE */
    RUN_IN  1, s_soft
    CHECK_EVENTS 2
    CHECK_EVENT 0, CAUSE_INTR | 1, s_soft_taken
    CHECK_EVENT 1, CAUSE_ECALL_S, s_soft_ecall

    /* 6: S timer interrupt: M raises STIP, S's handler asks M to clear it */
    TEST    6
    li      t0, MIP_STIP
    csrs    mip, t0
    RUN_IN  1, s_timer              /* SIE = 0 on entry, then enabled */
    CHECK_EVENTS 3
    CHECK_EVENT 0, CAUSE_INTR | 5, s_timer_taken
    CHECK_EVENT 1, CAUSE_ECALL_S, s_clear_stip_at
    CHECK_EVENT 2, CAUSE_ECALL_S, s_timer_ecall

    /* 7: a pending S interrupt is not taken in M, but as soon as S runs */
    TEST    7
    csrsi   mip, MIP_SSIP
    li      t0, MSTATUS_SIE
    csrs    mstatus, t0
    nop
    nop
    CHECK_EVENTS 0
    li      t0, MSTATUS_SPIE        /* keep SIE = 1 across S's traps */
    csrs    mstatus, t0
    RUN_IN  1, s_plain
    CHECK_EVENTS 2
    CHECK_EVENT 0, CAUSE_INTR | 1, s_plain
    CHECK_EVENT 1, CAUSE_ECALL_S, s_plain_ecall
    li      t0, MSTATUS_SIE | MSTATUS_SPIE
    csrc    mstatus, t0

    /* 8: undelegated S software interrupt, taken in M */
    TEST    8
    csrw    mideleg, zero
    li      t0, MIP_SSIP
    csrw    mie, t0
    csrs    mip, t0
    csrsi   mstatus, MSTATUS_MIE
8:  csrci   mstatus, MSTATUS_MIE
    CHECK_EVENTS 1
    CHECK_EVENT 0, CAUSE_INTR | 1, 8b
    csrw    mie, zero

    /* 9: a timer interrupt that really has to be waited for: the next
     * mtimecmp is 5 ms after reset */
    TEST    9
    li      t0, MIP_MTIP
    csrw    mie, t0
    li      t0, 50000
    sd      t0, 0(s0)
    wfi
    csrsi   mstatus, MSTATUS_MIE
9:  csrci   mstatus, MSTATUS_MIE
    CHECK_EVENTS 1
    CHECK_EVENT 0, CAUSE_INTR | 7, 9b
    csrw    mie, zero

    .option pop
    la      a0, bm_mtrap
    csrw    mtvec, a0
    ld      ra, 0(sp)
    addi    sp, sp, 16
    ret

/* mret to a1 in mode a0; returns when that code ecalls (a7 = 0) */
run_in:
    addi    sp, sp, -16
    sd      ra, 0(sp)
    la      t6, m_cont
    la      t0, 1f
    sd      t0, 0(t6)
    sd      sp, 8(t6)
    li      t0, MSTATUS_MPP
    csrc    mstatus, t0
    slli    t0, a0, 11
    csrs    mstatus, t0
    csrw    mepc, a1
    li      a7, 0
    mret
1:  ld      ra, 0(sp)
    addi    sp, sp, 16
    ret

/*
 * Records (cause, epc) of every trap in `events`. Interrupts: the source
 * is cleared (MTI: mtimecmp = -1; MSI: msip = 0; SSI: mip.SSIP = 0) and
 * the handler returns. ecall from S with a7 = ECALL_CLEAR_STIP clears
 * mip.STIP and returns after the ecall; other ecalls from S/U return to
 * run_in's caller. Anything else fails.
 */
    .balign 4
i_mtrap:
    csrw    mscratch, t0
    la      t0, m_save
    sd      t1, 0(t0)
    sd      t2, 8(t0)
    la      t0, n_events
    ld      t1, 0(t0)
    addi    t2, t1, 1
    sd      t2, 0(t0)
    slli    t1, t1, 4
    la      t0, events
    add     t0, t0, t1
    csrr    t1, mcause
    sd      t1, 0(t0)
    csrr    t2, mepc
    sd      t2, 8(t0)
    bgez    t1, 5f
    slli    t1, t1, 1               /* interrupt number */
    srli    t1, t1, 1
    li      t2, 7
    bne     t1, t2, 1f
    li      t0, CLINT_MTIMECMP
    li      t1, -1
    sd      t1, 0(t0)
    j       9f
1:  li      t2, 3
    bne     t1, t2, 2f
    li      t0, CLINT_MSIP
    sw      zero, 0(t0)
    j       9f
2:  li      t2, 1
    bne     t1, t2, 8f
    csrci   mip, MIP_SSIP
    j       9f
5:  li      t2, CAUSE_ECALL_S
    beq     t1, t2, 6f
    li      t2, CAUSE_ECALL_U
    bne     t1, t2, 8f
6:  li      t2, ECALL_CLEAR_STIP
    bne     a7, t2, 7f
    li      t0, MIP_STIP
    csrc    mip, t0
    csrr    t0, mepc
    addi    t0, t0, 4
    csrw    mepc, t0
    j       9f
7:  la      t0, m_cont              /* back to run_in's caller, in M */
    ld      sp, 8(t0)
    ld      t2, 0(t0)
    csrr    t0, mscratch
    jr      t2
8:  j       bm_unexpected_trap
9:  la      t0, m_save
    ld      t1, 0(t0)
    ld      t2, 8(t0)
    csrr    t0, mscratch
    mret

/* S handler: records like i_mtrap; SSI: clears sip.SSIP; STI: ecall to
 * M to clear STIP. Returns with sret. */
    .balign 4
i_strap:
    csrw    sscratch, t0
    la      t0, s_save
    sd      t1, 0(t0)
    sd      t2, 8(t0)
    sd      a7, 16(t0)
    la      t0, n_events
    ld      t1, 0(t0)
    addi    t2, t1, 1
    sd      t2, 0(t0)
    slli    t1, t1, 4
    la      t0, events
    add     t0, t0, t1
    csrr    t1, scause
    sd      t1, 0(t0)
    csrr    t2, sepc
    sd      t2, 8(t0)
    bgez    t1, 8f
    slli    t1, t1, 1
    srli    t1, t1, 1
    li      t2, 1
    bne     t1, t2, 1f
    csrci   sip, MIP_SSIP
    j       9f
1:  li      t2, 5
    bne     t1, t2, 8f
    li      a7, ECALL_CLEAR_STIP
s_clear_stip_at:
    ecall
    j       9f
8:  j       bm_unexpected_trap
9:  la      t0, s_save
    ld      t1, 0(t0)
    ld      t2, 8(t0)
    ld      a7, 16(t0)
    csrr    t0, sscratch
    sret

/* ------------------------------------------------------ lower-mode code */
u_code:
    li      a0, 1
    addi    a0, a0, 1
u_ecall_at:
    ecall

s_soft:                             /* SIE = 0, raise SSIP, then enable */
    csrsi   sip, MIP_SSIP
    csrsi   sstatus, MSTATUS_SIE
s_soft_taken:
    csrci   sstatus, MSTATUS_SIE
s_soft_ecall:
    ecall

s_timer:                            /* STIP is pending: wfi falls through */
    wfi
    csrsi   sstatus, MSTATUS_SIE
s_timer_taken:
    csrci   sstatus, MSTATUS_SIE
s_timer_ecall:
    ecall

s_plain:
    nop
s_plain_ecall:
    ecall

    .data
    .balign 8
m_cont:
    .dword  0, 0
m_save:
    .dword  0, 0
s_save:
    .dword  0, 0, 0
n_events:
    .dword  0
events:
    .zero   16 * EV_MAX
