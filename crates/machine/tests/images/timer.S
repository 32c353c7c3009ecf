/* Arms the hart's timer 10 ms ahead and spins. The test's stand-in privileged layer "takes" the
 * timer interrupt by jumping to the address in s11 (this image's toy trap vector), which exits
 * with status 9 through the test finisher. */
    .option norelax
    .section .text
    .globl _start
_start:
    li      s0, 0x2000000           /* CLINT */
    li      t0, 0xbff8
    add     t0, s0, t0
    ld      t1, 0(t0)               /* mtime */
    li      t2, 100000              /* 10 ms at 10 MHz */
    add     t1, t1, t2
    li      t0, 0x4000
    add     t0, s0, t0
    sd      t1, 0(t0)               /* mtimecmp of hart 0 */
    /* Only now: the timer line is high from reset (mtimecmp 0) until the store above. */
    la      s11, handler
1:  j       1b
handler:
    li      t0, 0x100000
    li      t1, (9 << 16) | 0x3333
    sw      t1, 0(t0)
2:  j       2b
