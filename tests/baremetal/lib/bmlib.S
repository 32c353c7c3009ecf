/*
 * bmlib.S -- runtime shared by the pure-assembly bare-metal tests (see bm.h).
 *
 * Provides kmain (called by start.S on hart 0): it installs bm_mtrap as the
 * M-mode trap vector, calls the test's `test_main`, and ends the run with
 * bm_pass when that returns. Also UART output (bm_putc, bm_puts, bm_puthex),
 * bm_pass / bm_fail (SiFive test finisher), bm_check_failed (the CHECK
 * macros' failure path) and the expected-trap recorder bm_mtrap.
 *
 * Every helper preserves all registers except ra (and a0 where it returns
 * a value); none returns when it ends the run.
 */
#include "bm.h"

    .text
    .globl  kmain
kmain:
    la      t0, bm_fdt
    sd      a1, 0(t0)
    la      t0, bm_mtrap
    csrw    mtvec, t0
    la      t0, bm_trap_save
    csrw    mscratch, t0
    li      gp, 0
    call    test_main
    j       bm_pass

    .weak   secondary_main
secondary_main:
    ret

/* bm_putc(a0 = byte) */
    .globl  bm_putc
bm_putc:
    addi    sp, sp, -16
    sd      t0, 0(sp)
    sd      t1, 8(sp)
    li      t0, UART0
1:  lbu     t1, 5(t0)               /* LSR.THRE: may write */
    andi    t1, t1, 0x20
    beqz    t1, 1b
    sb      a0, 0(t0)
    ld      t0, 0(sp)
    ld      t1, 8(sp)
    addi    sp, sp, 16
    ret

/* bm_puts(a0 = NUL-terminated string) */
    .globl  bm_puts
bm_puts:
    addi    sp, sp, -32
    sd      ra, 0(sp)
    sd      a0, 8(sp)
    sd      s0, 16(sp)
    mv      s0, a0
1:  lbu     a0, 0(s0)
    beqz    a0, 2f
    call    bm_putc
    addi    s0, s0, 1
    j       1b
2:  ld      ra, 0(sp)
    ld      a0, 8(sp)
    ld      s0, 16(sp)
    addi    sp, sp, 32
    ret

/* bm_puthex(a0): "0x" and the hex digits, without leading zeros */
    .globl  bm_puthex
bm_puthex:
    addi    sp, sp, -48
    sd      ra, 0(sp)
    sd      a0, 8(sp)
    sd      s0, 16(sp)
    sd      s1, 24(sp)
    sd      s2, 32(sp)
    mv      s0, a0
    li      a0, '0'
    call    bm_putc
    li      a0, 'x'
    call    bm_putc
    li      s1, 60                  /* skip leading zero digits */
1:  beqz    s1, 2f
    srl     s2, s0, s1
    andi    s2, s2, 0xf
    bnez    s2, 2f
    addi    s1, s1, -4
    j       1b
2:  srl     s2, s0, s1
    andi    s2, s2, 0xf
    la      a0, bm_hexdigits
    add     a0, a0, s2
    lbu     a0, 0(a0)
    call    bm_putc
    addi    s1, s1, -4
    bgez    s1, 2b
    ld      ra, 0(sp)
    ld      a0, 8(sp)
    ld      s0, 16(sp)
    ld      s1, 24(sp)
    ld      s2, 32(sp)
    addi    sp, sp, 48
    ret

/* bm_pass: print PASS, exit status 0 */
    .globl  bm_pass
bm_pass:
    la      a0, bm_str_pass
    call    bm_puts
    li      t0, TEST_FINISHER
    li      t1, 0x5555
    sw      t1, 0(t0)
1:  wfi
    j       1b

/* bm_fail(a0 = code, 1..0xffff): print FAIL, exit status code */
    .globl  bm_fail
bm_fail:
    mv      s0, a0
    li      t0, 0xffff
    and     s0, s0, t0
    bnez    s0, 1f
    li      s0, 0xffff              /* code 0 would read as a pass */
1:  la      a0, bm_str_fail
    call    bm_puts
    mv      a0, s0
    call    bm_puthex
    li      a0, '\n'
    call    bm_putc
    slli    t1, s0, 16
    li      t2, 0x3333
    or      t1, t1, t2
    li      t0, TEST_FINISHER
    sw      t1, 0(t0)
1:  wfi
    j       1b

/* bm_check_failed: a1 = value seen, a2 = value expected, gp = test */
    .globl  bm_check_failed
bm_check_failed:
    la      a0, bm_str_check
    call    bm_puts
    mv      a0, gp
    call    bm_puthex
    la      a0, bm_str_got
    call    bm_puts
    mv      a0, a1
    call    bm_puthex
    la      a0, bm_str_expected
    call    bm_puts
    mv      a0, a2
    call    bm_puthex
    li      a0, '\n'
    call    bm_putc
    mv      a0, gp
    j       bm_fail

/*
 * bm_mtrap: M-mode trap recorder. While armed (TRAP_RESET .. CHECK_TRAP), a
 * trap increments bm_trap_count, records mcause, mepc and mtval, and
 * resumes at bm_trap_resume if set (then cleared), else after the trapping
 * instruction (its length read at mepc). An interrupt clears mie (so that
 * it cannot recur) and returns to mepc. A trap while not armed fails the
 * test (code 0xfe), after printing mcause, mepc and mtval.
 * The save area is reached through mscratch; only t4-t6 are used.
 */
    .balign 4
    .globl  bm_mtrap
bm_mtrap:
    csrrw   t6, mscratch, t6
    sd      t5, 0(t6)
    sd      t4, 8(t6)
    ld      t5, 56(t6)              /* armed? */
    beqz    t5, bm_unexpected_trap
    ld      t5, 16(t6)
    addi    t5, t5, 1
    sd      t5, 16(t6)
    csrr    t5, mtval
    sd      t5, 40(t6)
    csrr    t5, mepc
    sd      t5, 32(t6)
    csrr    t4, mcause
    sd      t4, 24(t6)
    bgez    t4, 1f
    csrw    mie, zero               /* interrupt: return to mepc */
    j       3f
1:  ld      t4, 48(t6)              /* resume address? */
    beqz    t4, 2f
    sd      zero, 48(t6)
    csrw    mepc, t4
    j       3f
2:  lhu     t4, 0(t5)               /* step over the instruction */
    andi    t4, t4, 3
    addi    t5, t5, 2
    xori    t4, t4, 3
    bnez    t4, 4f
    addi    t5, t5, 2
4:  csrw    mepc, t5
3:  ld      t4, 8(t6)
    ld      t5, 0(t6)
    csrrw   t6, mscratch, t6
    mret

    .globl  bm_unexpected_trap
bm_unexpected_trap:
    la      a0, bm_str_trap
    call    bm_puts
    csrr    a0, mcause
    call    bm_puthex
    li      a0, ' '
    call    bm_putc
    csrr    a0, mepc
    call    bm_puthex
    li      a0, ' '
    call    bm_putc
    csrr    a0, mtval
    call    bm_puthex
    li      a0, '\n'
    call    bm_putc
    li      a0, 0xfe
    j       bm_fail

    .section .rodata
bm_hexdigits:
    .ascii  "0123456789abcdef"
bm_str_pass:
    .asciz  "PASS\n"
bm_str_fail:
    .asciz  "FAIL "
bm_str_check:
    .asciz  "check failed in test "
bm_str_got:
    .asciz  ": got "
bm_str_expected:
    .asciz  ", expected "
bm_str_trap:
    .asciz  "unexpected trap: mcause mepc mtval = "

    .data
    .balign 8
    .globl  bm_fdt
bm_fdt:
    .dword  0
    /* trap save area / record, reached through mscratch */
    .globl  bm_trap_save, bm_trap_count, bm_trap_cause, bm_trap_epc
    .globl  bm_trap_tval, bm_trap_resume, bm_trap_armed
bm_trap_save:
    .dword  0, 0                    /* t5, t4 */
bm_trap_count:
    .dword  0
bm_trap_cause:
    .dword  0
bm_trap_epc:
    .dword  0
bm_trap_tval:
    .dword  0
bm_trap_resume:
    .dword  0
bm_trap_armed:
    .dword  0
