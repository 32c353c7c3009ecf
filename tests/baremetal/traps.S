/*
 * traps.S -- traps and returns between M, S and U modes (no paging):
 *   - ecall from M, S and U (mcause 11, 9, 8; mepc at the ecall), and
 *     mstatus.MPP / MPIE after the trap;
 *   - mret into S and U (MPP := U, MPIE := 1, MIE := old MPIE, MPRV
 *     cleared when leaving to a lower mode), sret into U (SPP := U,
 *     SPIE := 1);
 *   - delegation with medeleg: ecall from U, ecall from S, illegal
 *     instruction and breakpoint from U taken by the S handler (scause,
 *     sepc, stval, sstatus.SPP/SPIE), while an undelegated cause from U
 *     still goes to M;
 *   - illegal instructions (mtval = the instruction bits, except for the
 *     xRET/wfi/sfence.vma cases, see EXPECT_ILLEGAL_NO_TVAL): privileged
 *     instructions in the wrong mode (mret in S and U, sret in U, sret in
 *     S with TSR, wfi in U, wfi in S with TW, sfence.vma in U and in S
 *     with TVM, satp in S with TVM), M CSRs from S, S CSRs from U,
 *     counters from S/U without mcounteren/scounteren enables (and
 *     allowed with them), CSRs that do not exist, the zero halfword;
 *   - ebreak and c.ebreak from M, S and U (cause 3);
 *   - access faults on load, store and fetch (cause 5, 7, 1; mtval = the
 *     address) at an address with no device (0x20000).
 * The M handler records each trap and either skips the trapping
 * instruction or, for an ecall from S/U (or a fetch access fault), returns
 * to the M code that started the lower-mode code (run_in). The S handler
 * does the same for the traps delegated to S. Lower-mode code checks the
 * records itself (memory is accessible without paging: PMP entry 0 grants
 * everything). gp counts checks (exit code on failure).
 */
#include "bm.h"

#define REC_COUNT   0
#define REC_CAUSE   8
#define REC_EPC     16
#define REC_TVAL    24
#define REC_STATUS  32
#define REC_T0      40
#define REC_T1      48
#define REC_CONT    56      /* continuation of an ecall: pc, sp */
#define REC_SP      64
#define REC_NO_TVAL 72      /* nonzero: do not read mtval for an illegal insn */
#define NOFAULT     0x20000 /* nothing is mapped there */

/* Check that the M (or S) handler saw exactly one trap, with this cause;
 * clears the count. */
.macro CHECK_REC rec, cause
    addi    gp, gp, 1
    la      t6, \rec
    ld      t5, REC_COUNT(t6)
    sd      zero, REC_COUNT(t6)
    CHECK   t5, 1
    la      t6, \rec
    ld      t5, REC_CAUSE(t6)
    CHECK   t5, \cause
.endm

.macro CHECK_REC_TVAL_INSN rec, label
    la      t6, \label
    lwu     t5, 0(t6)
    la      t6, \rec
    ld      t6, REC_TVAL(t6)
    CHECKR  t6, t5
.endm

.macro CHECK_REC_EPC rec, label
    la      t5, \label
    la      t6, \rec
    ld      t6, REC_EPC(t6)
    CHECKR  t6, t5
.endm

.macro CHECK_NONE rec
    la      t6, \rec
    ld      t5, REC_COUNT(t6)
    CHECK   t5, 0
.endm

/* Run the code at label in mode (0 U, 1 S) until it makes an ecall that
 * reaches the M handler. */
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
    PUTS    "traps: M/S/U, delegation\n"
    .option push
    .option norvc
    li      gp, 0
    li      a0, -1                  /* PMP: everything for S and U */
    csrw    pmpaddr0, a0
    li      a0, 0x1f
    csrw    pmpcfg0, a0
    la      a0, m_trap
    csrw    mtvec, a0
    la      a0, m_rec
    csrw    mscratch, a0
    la      a0, s_trap
    csrw    stvec, a0
    la      a0, s_rec
    csrw    sscratch, a0
    csrw    medeleg, zero
    csrw    mideleg, zero
    csrw    mie, zero

    /* ecall and ebreak from M */
    TEST    1
1:  ecall
    CHECK_REC m_rec, CAUSE_ECALL_M
    CHECK_REC_EPC m_rec, 1b
    la      t6, m_rec               /* trap from M: MPP = M */
    ld      t5, REC_STATUS(t6)
    li      t6, MSTATUS_MPP
    and     t5, t5, t6
    CHECK   t5, MSTATUS_MPP
2:  ebreak
    CHECK_REC m_rec, CAUSE_BREAKPOINT
    CHECK_REC_EPC m_rec, 2b
    .option push
    .option rvc
3:  c.ebreak
    .option pop
    CHECK_REC m_rec, CAUSE_BREAKPOINT
    CHECK_REC_EPC m_rec, 3b

    /* ecall from U and S; MPP, MPIE after the trap */
    TEST    10
    li      t0, MSTATUS_MPIE
    csrs    mstatus, t0
    RUN_IN  0, u_ecall
    CHECK_REC m_rec, CAUSE_ECALL_U
    CHECK_REC_EPC m_rec, u_ecall_at
    la      t6, m_rec               /* from U: MPP = 0; MIE was 1 in U */
    ld      t5, REC_STATUS(t6)      /* (mret set it from MPIE): MPIE = 1 */
    li      t6, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE
    and     t5, t5, t6
    CHECK   t5, MSTATUS_MPIE
    CHECK   a0, 0x55                /* U code ran (a0 was set there) */
    TEST    11
    li      t0, MSTATUS_MPIE
    csrc    mstatus, t0
    RUN_IN  1, s_ecall
    CHECK_REC m_rec, CAUSE_ECALL_S
    CHECK_REC_EPC m_rec, s_ecall_at
    la      t6, m_rec
    ld      t5, REC_STATUS(t6)
    li      t6, MSTATUS_MPP | MSTATUS_MPIE
    and     t5, t5, t6
    CHECK   t5, MSTATUS_MPP_S       /* MPIE = old MIE = 0 */
    CHECK   a0, 0x66
    TEST    12                      /* mret: MPP := U, MPIE := 1; MPRV := 0 */
    li      t0, MSTATUS_MPRV
    csrs    mstatus, t0
    RUN_IN  1, s_read_nothing
    CHECK_REC m_rec, CAUSE_ECALL_S
    csrr    t0, mstatus
    li      t1, MSTATUS_MPRV
    and     t1, t0, t1
    CHECK   t1, 0
    li      t0, MSTATUS_MPP         /* mret to M: MPP := U (0) */
    csrs    mstatus, t0
    la      t0, 4f
    csrw    mepc, t0
    mret
4:  csrr    t0, mstatus
    li      t1, MSTATUS_MPP | MSTATUS_MPIE
    and     t1, t0, t1
    CHECK   t1, MSTATUS_MPIE

    /* delegation */
    TEST    20
    li      t0, (1 << CAUSE_ECALL_U) | (1 << CAUSE_ILLEGAL) | (1 << CAUSE_BREAKPOINT)
    csrw    medeleg, t0
    RUN_IN  1, s_runs_u             /* S: runs U code, which ecalls to S */
    CHECK_REC s_rec, CAUSE_ECALL_U
    CHECK_REC_EPC s_rec, u_ecall2_at
    la      t6, s_rec               /* from U: SPP = 0, SPIE = old SIE = 1 */
    ld      t5, REC_STATUS(t6)
    li      t6, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
    and     t5, t5, t6
    CHECK   t5, MSTATUS_SPIE
    CHECK_REC m_rec, CAUSE_ECALL_S  /* then S ecalled to M */
    CHECK   a0, 0x77
    TEST    21                      /* U ebreak, c.ebreak, illegal go to S */
    la      a2, u_faults            /* (u_faults checks them itself) */
    RUN_IN  1, s_tramp
    CHECK_REC s_rec, CAUSE_ECALL_U  /* its final ecall, to S */
    CHECK_REC m_rec, CAUSE_ECALL_S  /* then S's ecall to M */
    CHECK   a0, 3
    csrw    medeleg, zero
    TEST    22                      /* ecall from S delegated to S */
    li      t0, 1 << CAUSE_ECALL_S
    csrw    medeleg, t0
    RUN_IN  1, s_ecall_to_s
    CHECK_REC s_rec, CAUSE_ECALL_S
    CHECK_REC_EPC s_rec, s_ecall_to_s_at
    CHECK_REC m_rec, CAUSE_FETCH_ACCESS     /* how S got back to M */
    csrw    medeleg, zero
    TEST    23                      /* undelegated: U illegal goes to M */
    RUN_IN  0, u_illegal_only
    la      t6, m_rec
    ld      t5, REC_COUNT(t6)
    sd      zero, REC_COUNT(t6)
    CHECK   t5, 2                   /* the illegal one and the final ecall */
    CHECK_NONE s_rec

    /* privileged instructions and CSRs in the wrong mode */
    TEST    30
    RUN_IN  1, s_privileged         /* each checks its own traps */
    CHECK_REC m_rec, CAUSE_ECALL_S
    li      t0, MSTATUS_TSR | MSTATUS_TW | MSTATUS_TVM
    csrs    mstatus, t0
    RUN_IN  1, s_privileged2
    CHECK_REC m_rec, CAUSE_ECALL_S
    li      t0, MSTATUS_TSR | MSTATUS_TW | MSTATUS_TVM
    csrc    mstatus, t0
    TEST    31
    RUN_IN  0, u_privileged
    CHECK_REC m_rec, CAUSE_ECALL_U
    TEST    32                      /* counters: enabled for S, then U */
    li      t0, 7
    csrw    mcounteren, t0
    csrw    scounteren, zero
    RUN_IN  1, s_counters
    CHECK_REC m_rec, CAUSE_ECALL_S
    RUN_IN  0, u_counters_denied
    CHECK_REC m_rec, CAUSE_ECALL_U
    li      t0, 7
    csrw    scounteren, t0
    RUN_IN  0, u_counters
    CHECK_REC m_rec, CAUSE_ECALL_U
    csrw    mcounteren, zero
    csrw    scounteren, zero

    /* access faults */
    TEST    40
    li      s0, NOFAULT
5:  lw      a0, 0(s0)
    CHECK_REC m_rec, CAUSE_LOAD_ACCESS
    CHECK_REC_EPC m_rec, 5b
    la      t6, m_rec
    ld      t5, REC_TVAL(t6)
    CHECK   t5, NOFAULT
6:  sd      a0, 8(s0)
    CHECK_REC m_rec, CAUSE_STORE_ACCESS
    la      t6, m_rec
    ld      t5, REC_TVAL(t6)
    CHECK   t5, NOFAULT + 8
    la      t0, 7f                  /* fetch: the handler resumes at 7f */
    la      t6, m_rec
    sd      t0, REC_CONT(t6)
    sd      sp, REC_SP(t6)
    jalr    ra, 0(s0)
7:  CHECK_REC m_rec, CAUSE_FETCH_ACCESS
    la      t6, m_rec
    ld      t5, REC_TVAL(t6)
    CHECK   t5, NOFAULT
    la      t6, m_rec
    ld      t5, REC_EPC(t6)
    CHECK   t5, NOFAULT
    TEST    41                      /* no stray traps were counted */
    CHECK_NONE m_rec
    CHECK_NONE s_rec

    .option pop
    la      a0, bm_mtrap            /* bmlib's handler again */
    csrw    mtvec, a0
    la      a0, bm_trap_save
    csrw    mscratch, a0
    ld      ra, 0(sp)
    addi    sp, sp, 16
    ret

/*
 * run_in(a0 = mode, a1 = pc): mret to pc in that mode; returns when the
 * code ecalls to M or takes a fetch access fault (the M handler jumps back
 * to the continuation saved here). mie is 0: no interrupts.
 */
run_in:
    addi    sp, sp, -16
    sd      ra, 0(sp)
    la      t6, m_rec
    la      t0, 1f
    sd      t0, REC_CONT(t6)
    sd      sp, REC_SP(t6)
    li      t0, MSTATUS_MPP
    csrc    mstatus, t0
    slli    t0, a0, 11
    csrs    mstatus, t0
    csrw    mepc, a1
    mret
1:  ld      ra, 0(sp)
    addi    sp, sp, 16
    ret

/*
 * M handler: records cause, epc, tval, mstatus; an ecall from S or U
 * returns to the saved continuation (in M, at run_in's end, or at a
 * fetch-fault's resume point); an instruction-access fault resumes at the
 * continuation too; anything else resumes after the trapping instruction.
 */
    .balign 4
m_trap:
    csrrw   t6, mscratch, t6
    sd      t0, REC_T0(t6)
    sd      t1, REC_T1(t6)
    ld      t0, REC_COUNT(t6)
    addi    t0, t0, 1
    sd      t0, REC_COUNT(t6)
    csrr    t1, mepc
    sd      t1, REC_EPC(t6)
    csrr    t1, mstatus
    sd      t1, REC_STATUS(t6)
    csrr    t0, mcause
    sd      t0, REC_CAUSE(t6)
    bltz    t0, m_unexpected
    sd      zero, REC_TVAL(t6)
    li      t1, CAUSE_ILLEGAL       /* see EXPECT_ILLEGAL_NO_TVAL */
    bne     t0, t1, 2f
    ld      t1, REC_NO_TVAL(t6)
    bnez    t1, 3f
2:  csrr    t1, mtval
    sd      t1, REC_TVAL(t6)
3:
    li      t1, CAUSE_ECALL_U
    beq     t0, t1, m_continue
    li      t1, CAUSE_ECALL_S
    beq     t0, t1, m_continue
    li      t1, CAUSE_FETCH_ACCESS
    beq     t0, t1, m_continue
    csrr    t0, mepc                /* skip the instruction */
    lhu     t1, 0(t0)
    andi    t1, t1, 3
    addi    t0, t0, 2
    addi    t1, t1, -3
    bnez    t1, 1f
    addi    t0, t0, 2
1:  csrw    mepc, t0
    ld      t0, REC_T0(t6)
    ld      t1, REC_T1(t6)
    csrrw   t6, mscratch, t6
    mret
m_continue:
    ld      t0, REC_T0(t6)
    ld      t1, REC_T1(t6)
    ld      sp, REC_SP(t6)
    ld      t5, REC_CONT(t6)
    csrrw   t6, mscratch, t6
    jr      t5
m_unexpected:
    csrrw   t6, mscratch, t6
    j       bm_unexpected_trap_print

/* S handler: the same for traps delegated to S. An ecall from U returns
 * to the S continuation (s_run_u); others skip the instruction. */
    .balign 4
s_trap:
    csrrw   t6, sscratch, t6
    sd      t0, REC_T0(t6)
    sd      t1, REC_T1(t6)
    ld      t0, REC_COUNT(t6)
    addi    t0, t0, 1
    sd      t0, REC_COUNT(t6)
    csrr    t1, sepc
    sd      t1, REC_EPC(t6)
    csrr    t1, stval
    sd      t1, REC_TVAL(t6)
    csrr    t1, sstatus
    sd      t1, REC_STATUS(t6)
    csrr    t0, scause
    sd      t0, REC_CAUSE(t6)
    li      t1, CAUSE_ECALL_U
    beq     t0, t1, s_continue
    csrr    t0, sepc
    lhu     t1, 0(t0)
    andi    t1, t1, 3
    addi    t0, t0, 2
    addi    t1, t1, -3
    bnez    t1, 1f
    addi    t0, t0, 2
1:  csrw    sepc, t0
    ld      t0, REC_T0(t6)
    ld      t1, REC_T1(t6)
    csrrw   t6, sscratch, t6
    sret
s_continue:
    ld      t0, REC_T0(t6)
    ld      t1, REC_T1(t6)
    ld      sp, REC_SP(t6)
    ld      t5, REC_CONT(t6)
    csrrw   t6, sscratch, t6
    jr      t5

/* from S: run U code at a1 until it ecalls (delegated to S) */
s_run_u:
    addi    sp, sp, -16
    sd      ra, 0(sp)
    la      t6, s_rec
    la      t0, 1f
    sd      t0, REC_CONT(t6)
    sd      sp, REC_SP(t6)
    li      t0, MSTATUS_SPP
    csrc    sstatus, t0
    li      t0, MSTATUS_SPIE        /* SIE = 1 in U */
    csrs    sstatus, t0
    csrw    sepc, a1
    sret
1:  ld      ra, 0(sp)
    addi    sp, sp, 16
    ret

/* ------------------------------------------------------ lower-mode code */
u_ecall:
    li      a0, 0x55
u_ecall_at:
    ecall
s_ecall:
    li      a0, 0x66
s_ecall_at:
    ecall
s_read_nothing:
    ecall

s_runs_u:                           /* S: sret into U, back by its ecall */
    la      a1, u_ecall2
    call    s_run_u
    csrr    t0, sstatus             /* the trap from U left SPP = U and */
    li      t1, MSTATUS_SPP | MSTATUS_SPIE  /* SPIE = the SIE of U (1) */
    and     t0, t0, t1
    CHECK   t0, MSTATUS_SPIE
    li      a0, 0x77
    ecall
u_ecall2:
    li      a0, 0
u_ecall2_at:
    ecall

s_tramp:                            /* S: run U code at a2, then ecall */
    mv      a1, a2
    call    s_run_u
    ecall

u_faults:                           /* U: traps delegated to S */
    li      a0, 0
1:  ebreak
    CHECK_REC s_rec, CAUSE_BREAKPOINT
    CHECK_REC_EPC s_rec, 1b
    la      t6, s_rec               /* from U: SPP = 0 */
    ld      t5, REC_STATUS(t6)
    andi    t5, t5, MSTATUS_SPP
    CHECK   t5, 0
    addi    a0, a0, 1
    .option push
    .option rvc
2:  c.ebreak
    .option pop
    CHECK_REC s_rec, CAUSE_BREAKPOINT
    CHECK_REC_EPC s_rec, 2b
    addi    a0, a0, 1
3:  csrr    a1, mstatus
    CHECK_REC s_rec, CAUSE_ILLEGAL
    CHECK_REC_TVAL_INSN s_rec, 3b
    addi    a0, a0, 1
    ecall

u_illegal_only:
    csrr    a1, sstatus             /* illegal in U, not delegated */
    ecall

s_ecall_to_s:
s_ecall_to_s_at:
    ecall                           /* delegated to S, which skips it */
    li      t0, NOFAULT             /* back to M by a fetch access fault */
    jr      t0

/* in S or U: insn must trap to M as an illegal instruction */
.macro EXPECT_ILLEGAL insn:vararg
.Lexp\@:
    \insn
    CHECK_REC m_rec, CAUSE_ILLEGAL
    CHECK_REC_TVAL_INSN m_rec, .Lexp\@
.endm
/*
 * The same without looking at mtval: for mret, sret, wfi and sfence.vma
 * QEMU 10.0 reports in mtval the bits of an earlier instruction (the last
 * one whose opcode it saved), so not even the trap handler reads it then.
 */
.macro EXPECT_ILLEGAL_NO_TVAL insn:vararg
    la      t6, m_rec
    li      t5, 1
    sd      t5, REC_NO_TVAL(t6)
    \insn
    CHECK_REC m_rec, CAUSE_ILLEGAL
    la      t6, m_rec
    sd      zero, REC_NO_TVAL(t6)
.endm
.macro EXPECT_FINE insn:vararg
    \insn
    CHECK_NONE m_rec
.endm

s_privileged:
    EXPECT_ILLEGAL_NO_TVAL mret
    EXPECT_ILLEGAL csrr a1, mstatus
    EXPECT_ILLEGAL csrw mscratch, zero
    EXPECT_ILLEGAL csrr a1, mhartid
    EXPECT_ILLEGAL csrr a1, 0x5c0
    EXPECT_FINE csrr a1, sstatus
    EXPECT_FINE csrr a1, satp
    EXPECT_FINE sfence.vma
    ecall
s_privileged2:                      /* with TSR, TW, TVM */
    EXPECT_ILLEGAL_NO_TVAL sret
    EXPECT_ILLEGAL_NO_TVAL wfi
    EXPECT_ILLEGAL_NO_TVAL sfence.vma
    EXPECT_ILLEGAL csrr a2, satp
    EXPECT_ILLEGAL csrw satp, zero
    ecall

u_privileged:
    EXPECT_ILLEGAL_NO_TVAL sret
    EXPECT_ILLEGAL_NO_TVAL mret
    EXPECT_ILLEGAL_NO_TVAL wfi
    EXPECT_ILLEGAL_NO_TVAL sfence.vma
    EXPECT_ILLEGAL csrr a1, sstatus
    EXPECT_ILLEGAL csrw sscratch, zero
    EXPECT_ILLEGAL csrr a1, mstatus
    EXPECT_ILLEGAL csrr a1, satp
    EXPECT_ILLEGAL csrr a1, 0x103
    EXPECT_FINE csrr a1, fcsr
    ecall

s_counters:                         /* mcounteren = 7: allowed in S */
    EXPECT_FINE rdcycle a1
    EXPECT_FINE rdtime a1
    EXPECT_FINE rdinstret a1
    li      a1, 0
    EXPECT_ILLEGAL csrr a1, mcycle
    ecall
u_counters_denied:                  /* scounteren = 0: not in U */
    EXPECT_ILLEGAL rdcycle a1
    EXPECT_ILLEGAL rdtime a1
    EXPECT_ILLEGAL rdinstret a1
    ecall
u_counters:
    EXPECT_FINE rdcycle a1
    EXPECT_FINE rdtime a1
    EXPECT_FINE rdinstret a1
    li      a1, 0
    ecall

bm_unexpected_trap_print:
    j       bm_unexpected_trap

    .data
    .balign 8
m_rec:
    .zero   80
s_rec:
    .zero   80
