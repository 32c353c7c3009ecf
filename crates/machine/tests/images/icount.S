/* Reads mtime, runs a loop of 2000 instructions, reads mtime again and exits through the test
 * finisher with the difference as status: with -icount shift=0 (1 ns per instruction, 100 ns per
 * tick) that is about 20, the same on every run. */
    .option norelax
    .section .text
    .globl _start
_start:
    li      s0, 0x200bff8           /* CLINT mtime */
    ld      s1, 0(s0)
    li      t0, 1000
1:  addi    t0, t0, -1
    bnez    t0, 1b
    ld      s2, 0(s0)
    sub     a0, s2, s1
    slli    a0, a0, 16
    li      t1, 0x3333
    or      a0, a0, t1
    li      t0, 0x100000
    sw      a0, 0(t0)
2:  j       2b
