/* Fails through the SiFive test finisher with status 3: (3 << 16) | 0x3333. */
    .option norelax
    .section .text
    .globl _start
_start:
    li      t0, 0x100000
    li      t1, 0x33333
    sw      t1, 0(t0)
1:  j       1b
