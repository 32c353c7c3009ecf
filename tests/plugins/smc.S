# Guest for the flush test: writes a function into an RWX page, calls it, rewrites it, runs fence.i
# and calls it again, so translated code must be dropped (QEMU's flush). Exits with the sum of the
# two results: 1 + 2 = 3 when the new code ran.
    .text
    .globl _start
_start:
    li a0, 0                # mmap(NULL, 4096, RWX, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
    li a1, 4096
    li a2, 7
    li a3, 0x22
    li a4, -1
    li a5, 0
    li a7, 222
    ecall
    mv s0, a0
    li t0, 0x00100513       # addi a0, x0, 1
    sw t0, 0(s0)
    li t0, 0x00008067       # ret
    sw t0, 4(s0)
    fence.i
    jalr s0
    mv s1, a0
    li t0, 0x00200513       # addi a0, x0, 2
    sw t0, 0(s0)
    fence.i
    jalr s0
    add a0, a0, s1
    li a7, 93               # exit(a0)
    ecall
