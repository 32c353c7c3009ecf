/* Each hart prints "hart N" in turn (a0 = hart id from the reset ROM; `turn` says whose turn it
 * is), then hart 0 waits for both to be done and passes through the test finisher. */
    .option norelax
    .section .text
    .globl _start
_start:
    li      s0, 0x10000000          /* UART */
    la      s2, turn
1:  lw      t0, 0(s2)
    bne     t0, a0, 1b
    fence   r, rw
    la      s1, msg
2:  lbu     t1, 0(s1)
    beqz    t1, 3f
    sb      t1, 0(s0)
    addi    s1, s1, 1
    j       2b
3:  addi    t1, a0, '0'
    sb      t1, 0(s0)
    li      t1, '\n'
    sb      t1, 0(s0)
    fence   rw, w
    addi    t0, a0, 1
    sw      t0, 0(s2)
    bnez    a0, park
    li      t2, 2                   /* hart 0: wait for both harts */
4:  lw      t0, 0(s2)
    bne     t0, t2, 4b
    li      t0, 0x100000
    li      t1, 0x5555
    sw      t1, 0(t0)
park:
    j       park

    .section .data
    .balign 4
turn:
    .word   0
msg:
    .asciz  "hart "
