/* HTIF (riscv-tests style): prints through the front end's write syscall (a block of
 * {64, fd 1, buffer, length} whose address goes to tohost, answered in fromhost), then exits with
 * status 3 by writing (3 << 1) | 1 to tohost. */
    .option norelax
    .section .text
    .globl _start
_start:
    la      t0, magic
    li      t1, 64                  /* SYS_write */
    sd      t1, 0(t0)
    li      t1, 1                   /* fd */
    sd      t1, 8(t0)
    la      t1, msg
    sd      t1, 16(t0)
    li      t1, 11                  /* length of msg */
    sd      t1, 24(t0)
    fence
    la      t2, tohost
    sd      t0, 0(t2)
    la      t3, fromhost
1:  ld      t4, 0(t3)
    beqz    t4, 1b
    sd      zero, 0(t3)
    li      t1, (3 << 1) | 1
    sd      t1, 0(t2)
2:  j       2b
msg:
    .ascii  "htif write\n"
msg_end:

    .section .tohost, "aw", @progbits
    .balign 64
    .globl  tohost
tohost:
    .dword  0
    .size   tohost, 8
    .balign 64
    .globl  fromhost
fromhost:
    .dword  0
    .size   fromhost, 8

    .section .data
    .balign 64
magic:
    .space  64
