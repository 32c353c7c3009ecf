/*
 * vm.S -- supervisor mode with Sv39 virtual memory. M-mode builds the page
 * tables, writes satp, delegates page faults (and ecall from U) to S and
 * enters S at an identity-mapped address; S then, through the MMU:
 *   1  loads and stores on a 4 KiB page (seen at the physical address);
 *   2  a store to a read-only page: store page fault (stval = the address);
 *   3  a load from an invalid page: load page fault, which the S handler
 *      fixes (sets V, sfence.vma) and retries;
 *   4  A and D bits: a page with A = D = 0 is loaded from, then stored to;
 *      afterwards the PTE has A, then D set -- by the hardware (QEMU 10.0,
 *      Svadu-style updating, even with svadu=false) or, on an implementation
 *      that raises page faults instead (Svade), by the handler, which then
 *      retries: either way is accepted;
 *   5  an execute-only page: runs code from it, a load faults, and works
 *      with mstatus.MXR;
 *   6  a U page: S loads fault without SUM, work with SUM; S never executes
 *      from it (instruction page fault);
 *   7  fetch from a page without X: instruction page fault;
 *   8  a 32-bit instruction straddling two virtual pages mapped to
 *      physical pages in the opposite order; one whose second half is on a
 *      non-executable page faults (sepc = its start, stval = the page);
 *   9  a 2 MiB megapage and a 1 GiB gigapage alias; misaligned superpages
 *      and a non-canonical address fault;
 *  10  a remapped PTE is seen after sfence.vma with that address;
 *  11  S turns paging off and on again (satp writes, sfence.vma);
 *  12  U-mode code running from a U alias of the image, reading U data,
 *      faulting on an S page (delegated to S), ecall to S;
 * then back in M: 13  a load with mstatus.MPRV = 1, MPP = S is translated.
 */
#include "bm.h"

#define PTE_V   0x01
#define PTE_R   0x02
#define PTE_W   0x04
#define PTE_X   0x08
#define PTE_U   0x10
#define PTE_A   0x40
#define PTE_D   0x80
#define SATP_SV39 (8 << 60)

#define VBASE   0x40000000          /* 4 KiB test pages, VA page n */
#define VPAGE(n) (VBASE + (n) * 4096)
#define VMEGA   0x40200000          /* megapage -> MEGA_PA */
#define VMEGA_BAD 0x40400000        /* misaligned megapage */
#define MEGA_PA 0x80400000
#define VGIGA   0xc0000000          /* gigapage alias of 0x80000000 (RW) */
#define VUSER   0x100000000         /* gigapage alias, U RWX */
#define VGIGA_BAD 0x140000000       /* misaligned gigapage */

/* S handler record */
#define R_COUNT 0
#define R_CAUSE 8
#define R_EPC   16
#define R_TVAL  24
#define R_FIXPTE 32                 /* if set: *pte |= fixbits, then retry */
#define R_FIXBITS 40
#define R_CONT  48
#define R_SP    56

/* pte(reg dst = &l0[index]) */
.macro PTE_ADDR dst, index
    la      \dst, l0_pt
    addi    \dst, \dst, 8 * \index
.endm

/* set a PTE: table + 8*index = (pa >> 12) << 10 | flags; uses t0, t1 */
.macro SET_PTE table, index, pa_reg, flags
    srli    t0, \pa_reg, 12
    slli    t0, t0, 10
    ori     t0, t0, \flags
    la      t1, \table
    sd      t0, (8 * \index)(t1)
.endm

.macro CHECK_FAULT cause, tval
    addi    gp, gp, 1
    la      t6, s_rec
    ld      t5, R_COUNT(t6)
    sd      zero, R_COUNT(t6)
    CHECK   t5, 1
    la      t6, s_rec
    ld      t5, R_CAUSE(t6)
    CHECK   t5, \cause
    la      t6, s_rec
    ld      t5, R_TVAL(t6)
    li      t6, \tval
    CHECKR  t5, t6
.endm

.macro CHECK_NO_FAULT
    addi    gp, gp, 1
    la      t6, s_rec
    ld      t5, R_COUNT(t6)
    CHECK   t5, 0
.endm

    .text
    .globl  test_main
test_main:
    addi    sp, sp, -16
    sd      ra, 0(sp)
    PUTS    "vm: Sv39 in S-mode\n"
    .option push
    .option norvc
    li      gp, 0
    li      a0, -1
    csrw    pmpaddr0, a0
    li      a0, 0x1f
    csrw    pmpcfg0, a0

    /* data in the physical pages */
    la      s0, pages
    li      t0, 0x1111
    sd      t0, 0(s0)               /* page 0 */
    li      t0, 0x2222
    li      t1, 4096
    add     t1, s0, t1
    sd      t0, 0(t1)               /* page 1 */
    li      t0, 0x3333
    li      t1, 3 * 4096
    add     t1, s0, t1
    sd      t0, 0(t1)               /* page 3 */
    li      t0, 0x4444
    li      t1, 4 * 4096 + 0x800
    add     t1, s0, t1
    sd      t0, 0(t1)               /* page 4, beside its code */
    li      t0, 0x5555
    li      t1, 5 * 4096
    add     t1, s0, t1
    sd      t0, 0(t1)               /* page 5 */
    li      t1, MEGA_PA + 0x1000
    li      t0, 0x6666
    sd      t0, 0(t1)
    /* code in the physical pages (copied halfword by halfword) */
    li      t1, 4 * 4096            /* page 4: li a0, 99; ret */
    add     a0, s0, t1
    la      a1, code_p4
    li      a2, 8
    call    copy_half
    li      t1, 7 * 4096 + 0xffc    /* VA page 6 = physical page 7 */
    add     a0, s0, t1
    la      a1, code_cross
    li      a2, 4                   /* c.li a0, 0; first half of lui */
    call    copy_half
    li      t1, 6 * 4096            /* VA page 7 = physical page 6 */
    add     a0, s0, t1
    la      a1, code_cross + 4
    li      a2, 4                   /* second half of lui; c.jr ra */
    call    copy_half
    li      t1, 6 * 4096 + 0xffe    /* end of VA page 7: lui a1 straddles */
    add     a0, s0, t1              /* into page 8 (not executable) */
    la      a1, code_lui_a1
    li      a2, 2
    call    copy_half
    li      t1, 8 * 4096            /* page 8: its second half, and a ret */
    add     a0, s0, t1
    la      a1, code_lui_a1 + 2
    li      a2, 2
    call    copy_half
    li      t1, 8 * 4096 + 0x100
    add     a0, s0, t1
    la      a1, code_ret
    li      a2, 4
    call    copy_half
    fence.i

    /* page tables */
    li      a0, 0                   /* VA 0: devices (UART, finisher) */
    SET_PTE root_pt, 0, a0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    la      a0, l1_pt
    SET_PTE root_pt, 1, a0, PTE_V
    li      a0, 0x80000000          /* identity RAM: S code and data */
    SET_PTE root_pt, 2, a0, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
    SET_PTE root_pt, 3, a0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    SET_PTE root_pt, 4, a0, PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D
    li      a0, 0x80001000          /* misaligned gigapage */
    SET_PTE root_pt, 5, a0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    la      a0, l0_pt
    SET_PTE l1_pt, 0, a0, PTE_V
    li      a0, MEGA_PA
    SET_PTE l1_pt, 1, a0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    li      a0, MEGA_PA + 0x1000    /* misaligned megapage */
    SET_PTE l1_pt, 2, a0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    mv      a0, s0
    SET_PTE l0_pt, 0, a0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    li      t2, 4096
    add     a0, a0, t2
    SET_PTE l0_pt, 1, a0, PTE_V | PTE_R | PTE_W             /* A = D = 0 */
    add     a0, a0, t2
    SET_PTE l0_pt, 2, a0, PTE_V | PTE_R | PTE_A             /* read-only */
    add     a0, a0, t2
    SET_PTE l0_pt, 3, a0, PTE_R | PTE_W | PTE_A | PTE_D     /* invalid */
    add     a0, a0, t2
    SET_PTE l0_pt, 4, a0, PTE_V | PTE_X | PTE_A             /* exec-only */
    add     a0, a0, t2
    SET_PTE l0_pt, 5, a0, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D
    add     a0, a0, t2              /* physical page 6 */
    SET_PTE l0_pt, 7, a0, PTE_V | PTE_R | PTE_X | PTE_A
    add     a0, a0, t2              /* physical page 7 */
    SET_PTE l0_pt, 6, a0, PTE_V | PTE_R | PTE_X | PTE_A
    add     a0, a0, t2
    SET_PTE l0_pt, 8, a0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D   /* no X */

    /* delegate page faults and ecall from U; enter S with paging on */
    li      t0, (1 << CAUSE_FETCH_PAGE) | (1 << CAUSE_LOAD_PAGE) | (1 << CAUSE_STORE_PAGE) | (1 << CAUSE_ECALL_U)
    csrw    medeleg, t0
    csrw    mideleg, zero
    csrw    mie, zero
    la      t0, s_trap
    csrw    stvec, t0
    la      t0, vm_mtrap
    csrw    mtvec, t0
    la      t0, root_pt
    srli    t0, t0, 12
    li      t1, SATP_SV39
    or      t0, t0, t1
    csrw    satp, t0
    sfence.vma
    la      t0, m_cont
    la      t1, back_in_m
    sd      t1, 0(t0)
    sd      sp, 8(t0)
    li      t0, MSTATUS_MPP
    csrc    mstatus, t0
    li      t0, MSTATUS_MPP_S
    csrs    mstatus, t0
    la      t0, s_main
    csrw    mepc, t0
    mret

back_in_m:
    CHECK   a0, 0x600d              /* S finished its part */
    TEST    13                      /* MPRV: M loads through S's tables */
    li      t0, MSTATUS_MPP
    csrc    mstatus, t0
    li      t0, MSTATUS_MPP_S | MSTATUS_MPRV
    csrs    mstatus, t0
    li      a1, VPAGE(0)
    ld      a0, 0(a1)
    li      t0, MSTATUS_MPRV
    csrc    mstatus, t0
    CHECK   a0, 0x1111
    csrw    satp, zero
    sfence.vma
    csrw    medeleg, zero
    la      a0, bm_mtrap
    csrw    mtvec, a0
    .option pop
    ld      ra, 0(sp)
    addi    sp, sp, 16
    ret

/* copy a2 bytes (even) from a1 to a0 by halfwords */
copy_half:
1:  lhu     t0, 0(a1)
    sh      t0, 0(a0)
    addi    a0, a0, 2
    addi    a1, a1, 2
    addi    a2, a2, -2
    bnez    a2, 1b
    ret

/* M handler: only S's final ecall is expected */
    .balign 4
vm_mtrap:
    csrr    t0, mcause
    li      t1, CAUSE_ECALL_S
    bne     t0, t1, bm_unexpected_trap
    la      t0, m_cont
    ld      sp, 8(t0)
    ld      t0, 0(t0)
    jr      t0

/*
 * S handler: records cause, epc, tval. ecall from U: back to s_run_u's
 * caller. If a fix is armed: applies it, sfence.vma, retries. An
 * instruction page fault returns to ra (the faulting fetch was a call).
 * Anything else: skip the instruction.
 */
    .balign 4
s_trap:
    csrw    sscratch, t0
    la      t0, s_save
    sd      t1, 0(t0)
    sd      t2, 8(t0)
    la      t0, s_rec
    ld      t1, R_COUNT(t0)
    addi    t1, t1, 1
    sd      t1, R_COUNT(t0)
    csrr    t1, scause
    sd      t1, R_CAUSE(t0)
    csrr    t2, sepc
    sd      t2, R_EPC(t0)
    csrr    t2, stval
    sd      t2, R_TVAL(t0)
    li      t2, CAUSE_ECALL_U
    beq     t1, t2, 5f
    ld      t2, R_FIXPTE(t0)
    beqz    t2, 2f
    sd      zero, R_FIXPTE(t0)
    ld      t1, R_FIXBITS(t0)
    ld      t0, 0(t2)
    or      t0, t0, t1
    sd      t0, 0(t2)
    sfence.vma
    j       9f
2:  li      t2, CAUSE_FETCH_PAGE
    bne     t1, t2, 3f
    csrw    sepc, ra
    j       9f
3:  csrr    t0, sepc                /* the instruction may be on a U page: */
    csrr    t2, sstatus             /* read it with SUM */
    li      t1, MSTATUS_SUM
    csrs    sstatus, t1
    lhu     t1, 0(t0)
    csrw    sstatus, t2
    andi    t1, t1, 3
    addi    t0, t0, 2
    addi    t1, t1, -3
    bnez    t1, 4f
    addi    t0, t0, 2
4:  csrw    sepc, t0
9:  la      t0, s_save
    ld      t1, 0(t0)
    ld      t2, 8(t0)
    csrr    t0, sscratch
    sret
5:  la      t0, s_rec               /* ecall from U */
    ld      sp, R_SP(t0)
    ld      t2, R_CONT(t0)
    csrr    t0, sscratch
    jr      t2

/* ---------------------------------------------------------------- S code */
    .option push
    .option norvc
s_main:
    TEST    1                       /* a plain page */
    li      s1, VPAGE(0)
    ld      a0, 0(s1)
    CHECK   a0, 0x1111
    li      a1, 0xabcd
    sd      a1, 8(s1)
    la      a2, pages
    ld      a0, 8(a2)               /* the physical page, via identity */
    CHECK   a0, 0xabcd
    CHECK_NO_FAULT

    TEST    2                       /* read-only page */
    li      s1, VPAGE(2)
    ld      a0, 0(s1)
    CHECK_NO_FAULT
    sd      a0, 16(s1)
    CHECK_FAULT CAUSE_STORE_PAGE, VPAGE(2) + 16

    TEST    3                       /* invalid page, fixed by the handler */
    PTE_ADDR t0, 3
    la      t1, s_rec
    sd      t0, R_FIXPTE(t1)
    li      t0, PTE_V
    sd      t0, R_FIXBITS(t1)
    li      s1, VPAGE(3)
    ld      a0, 0(s1)               /* faults once, then retried */
    CHECK   a0, 0x3333
    CHECK_FAULT CAUSE_LOAD_PAGE, VPAGE(3)

    TEST    4                       /* A and D */
    PTE_ADDR s2, 1
    la      t1, s_rec               /* in case the access faults (Svade) */
    sd      s2, R_FIXPTE(t1)
    li      t0, PTE_A
    sd      t0, R_FIXBITS(t1)
    li      s1, VPAGE(1)
    ld      a0, 0(s1)
    CHECK   a0, 0x2222
    la      t1, s_rec
    sd      zero, R_FIXPTE(t1)
    sd      zero, R_COUNT(t1)       /* 0 (hardware A) or 1 (fault): both fine */
    ld      a1, 0(s2)
    andi    a2, a1, PTE_A | PTE_D
    CHECK   a2, PTE_A               /* accessed, not dirty */
    la      t1, s_rec
    sd      s2, R_FIXPTE(t1)
    li      t0, PTE_A | PTE_D
    sd      t0, R_FIXBITS(t1)
    li      a1, 0x2bad
    sd      a1, 0(s1)
    la      t1, s_rec
    sd      zero, R_FIXPTE(t1)
    sd      zero, R_COUNT(t1)
    ld      a1, 0(s2)
    andi    a2, a1, PTE_A | PTE_D
    CHECK   a2, PTE_A | PTE_D       /* dirty now */
    sfence.vma

    TEST    5                       /* execute-only page */
    li      s1, VPAGE(4)
    jalr    ra, 0(s1)               /* li a0, 99; ret */
    CHECK   a0, 99
    CHECK_NO_FAULT
    addi    s1, s1, 0x7ff
    ld      a0, 1(s1)
    CHECK_FAULT CAUSE_LOAD_PAGE, VPAGE(4) + 0x800
    li      t0, MSTATUS_MXR
    csrs    sstatus, t0
    ld      a0, 1(s1)
    csrc    sstatus, t0
    CHECK   a0, 0x4444
    CHECK_NO_FAULT

    TEST    6                       /* U page from S */
    li      s1, VPAGE(5)
    ld      a0, 0(s1)
    CHECK_FAULT CAUSE_LOAD_PAGE, VPAGE(5)
    li      t0, MSTATUS_SUM
    csrs    sstatus, t0
    ld      a0, 0(s1)
    CHECK   a0, 0x5555
    CHECK_NO_FAULT
    jalr    ra, 0(s1)               /* S never executes U pages */
    CHECK_FAULT CAUSE_FETCH_PAGE, VPAGE(5)
    li      t0, MSTATUS_SUM
    csrc    sstatus, t0

    TEST    7                       /* no X */
    li      s1, VPAGE(8) + 0x100
    jalr    ra, 0(s1)
    CHECK_FAULT CAUSE_FETCH_PAGE, VPAGE(8) + 0x100

    TEST    8                       /* straddling instructions */
    li      s1, VPAGE(6) + 0xffc
    li      a0, -1
    jalr    ra, 0(s1)               /* c.li a0,0; lui a0 (straddles); ret */
    CHECK   a0, 0x12345000
    CHECK_NO_FAULT
    li      s1, VPAGE(7) + 0xffe    /* lui a1 whose 2nd half is not X */
    jalr    ra, 0(s1)
    CHECK_FAULT CAUSE_FETCH_PAGE, VPAGE(8)
    la      t6, s_rec
    ld      t5, R_EPC(t6)
    li      t6, VPAGE(7) + 0xffe
    CHECKR  t5, t6

    TEST    9                       /* superpages */
    li      s1, VMEGA + 0x1000
    ld      a0, 0(s1)
    CHECK   a0, 0x6666
    li      a1, 0x7777
    sd      a1, 8(s1)
    li      t0, MEGA_PA + 0x1008
    ld      a0, 0(t0)               /* identity gigapage sees it */
    CHECK   a0, 0x7777
    li      s1, VGIGA
    la      t0, pages
    li      t1, 0x80000000
    sub     t0, t0, t1
    add     s1, s1, t0              /* alias of `pages` */
    ld      a0, 0(s1)
    CHECK   a0, 0x1111
    CHECK_NO_FAULT
    li      s1, VMEGA_BAD
    ld      a0, 0(s1)
    CHECK_FAULT CAUSE_LOAD_PAGE, VMEGA_BAD
    li      s1, VGIGA_BAD
    sd      a0, 0(s1)
    CHECK_FAULT CAUSE_STORE_PAGE, VGIGA_BAD
    li      s1, 0x0000008000000000  /* bit 39 set, 38 clear */
    ld      a0, 0(s1)
    CHECK_FAULT CAUSE_LOAD_PAGE, 0x0000008000000000
    li      s1, 0xffffffc000000000  /* canonical (bits 63:38 set), unmapped */
    ld      a0, 0(s1)
    CHECK_FAULT CAUSE_LOAD_PAGE, 0xffffffc000000000

    TEST    10                      /* remap page 0 to page 1's frame */
    PTE_ADDR s2, 0
    ld      s3, 0(s2)               /* keep the old PTE */
    li      t0, 1 << 10             /* next physical page number */
    add     t0, s3, t0
    sd      t0, 0(s2)
    li      s1, VPAGE(0)
    sfence.vma s1, zero
    ld      a0, 0(s1)
    CHECK   a0, 0x2bad              /* page 1's data (stored in test 4) */
    sd      s3, 0(s2)
    sfence.vma s1
    ld      a0, 0(s1)
    CHECK   a0, 0x1111

    TEST    11                      /* paging off and on, from S */
    csrr    s3, satp
    csrw    satp, zero
    sfence.vma
    la      t0, pages
    ld      a0, 0(t0)
    CHECK   a0, 0x1111
    csrw    satp, s3
    sfence.vma
    li      s1, VPAGE(0)
    ld      a0, 0(s1)
    CHECK   a0, 0x1111

    TEST    12                      /* U-mode through the U alias */
    la      a1, u_code
    li      t0, VUSER - 0x80000000
    add     a1, a1, t0
    la      a2, u_data
    add     a2, a2, t0
    call    s_run_u
    CHECK   a0, 0xdada + 1
    CHECK_FAULT CAUSE_ECALL_U, 0
    la      t6, u_fault_count
    ld      t5, 0(t6)
    CHECK   t5, 1

    li      a0, 0x600d
    ecall                           /* back to M */

/* from S: run U code at a1 (a2 = its data) until it ecalls */
s_run_u:
    addi    sp, sp, -16
    sd      ra, 0(sp)
    la      t0, s_rec
    la      t1, 1f
    sd      t1, R_CONT(t0)
    sd      sp, R_SP(t0)
    li      t0, MSTATUS_SPP
    csrc    sstatus, t0
    csrw    sepc, a1
    sret
1:  ld      ra, 0(sp)
    addi    sp, sp, 16
    ret

/* U code (runs at its VUSER alias; position-independent) */
u_code:
    ld      a0, 0(a2)               /* U data: fine */
    addi    a0, a0, 1
    li      a3, VPAGE(0)            /* S page: load page fault, to S */
    ld      a4, 0(a3)
    la      a3, s_rec               /* (the alias of s_rec) */
    ld      a4, R_COUNT(a3)
    ld      a5, R_CAUSE(a3)
    li      a6, CAUSE_LOAD_PAGE
    bne     a5, a6, 1f
    la      a3, u_fault_count
    sd      a4, 0(a3)
1:  la      a3, s_rec
    sd      zero, R_COUNT(a3)
    ecall
    .option pop

    /* code copied into the test pages (templates) */
    .section .rodata
    .balign 4
    .option push
    .option norvc
code_p4:
    li      a0, 99
    ret
code_ret:
    ret
code_lui_a1:
    lui     a1, 0x11111
code_cross:
    .option rvc
    c.li    a0, 0
    .option norvc
    lui     a0, 0x12345
    .option rvc
    c.jr    ra
    .option pop

    .data
    .balign 8
m_cont:
    .dword  0, 0
s_save:
    .dword  0, 0
s_rec:
    .zero   64
u_data:
    .dword  0xdada
u_fault_count:
    .dword  0
    .balign 4096
root_pt:
    .zero   4096
l1_pt:
    .zero   4096
l0_pt:
    .zero   4096
pages:
    .zero   9 * 4096
