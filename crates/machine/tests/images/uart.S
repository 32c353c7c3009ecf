/* Prints a line on the virt machine's NS16550A UART (polling LSR.THRE), then passes through the
 * SiFive test finisher. */
    .option norelax
    .section .text
    .globl _start
_start:
    li      s0, 0x10000000          /* UART */
    la      s1, msg
1:  lbu     a0, 0(s1)
    beqz    a0, 3f
2:  lbu     t0, 5(s0)               /* LSR: wait for THRE */
    andi    t0, t0, 0x20
    beqz    t0, 2b
    sb      a0, 0(s0)               /* THR */
    addi    s1, s1, 1
    j       1b
3:  li      t0, 0x100000            /* test finisher: pass */
    li      t1, 0x5555
    sw      t1, 0(t0)
4:  j       4b
msg:
    .asciz  "hello from the uart\n"
