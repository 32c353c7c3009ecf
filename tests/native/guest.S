# Guest for scripts/native-plugin-tests (rivet's native plugin API): a static riscv64 Linux
# program without libc whose register values and behaviour the tests predict exactly.
#
# 1. s1 counts 1, 2, ..., 10 three times (reset to 0 in between): 32 changes of s1, s1 becomes 5
#    three times (at s1_step, the 15th, 48th and 81st instructions), and its value crosses into and
#    out of [3, 6] six times (regwatch's eq=, range=).
# 2. Markers `addi x0, x0, N` (N = 1000...1005) at which crates/plugin/examples/apitest.rs acts:
#    1000  a1 = 0x0123456789abcdef, fa0 = 1.5: reads are checked
#    1002  apitest moves pc past the marker and the `li s3, 99` after it (set_pc)
#    1003  t0 = &word (0x1111): apitest reads it and writes 0x2222 (read_memory/write_memory)
#    1004  the store after it (`sd t1, 0(t2)`, t1 = 0x123456789abcdef0) is seen by on_mem
#    1005  a0 = 5 before exit: apitest writes a0 = 42, so the exit status becomes 42
# 3. It prints three lines (fixed width, so the tests compare them exactly):
#       skip 0x<s3>       0x63 normally, 0x1 when apitest skipped the `li s3, 99`
#       word 0x<word>     0x1111 normally, 0x2222 when apitest wrote it
#       pid 0x<getpid()>  0x3039 (12345) when apitest answers getpid itself
#    and exits with status 5 (42 under apitest).
# Build: riscv64-linux-gnu-gcc -nostdlib -static -o guest tests/native/guest.S
    .option norvc           # every instruction 4 bytes: apitest skips by pc + 8
    .text
    .globl _start
    .type _start, @function
_start:
    # --- 1. s1: 1..10, three times
    li s2, 3
1:  li s1, 0
s1_step:                    # where s1 becomes 1..10 (regwatch reports this pc)
    addi s1, s1, 1
    li t0, 10
    blt s1, t0, s1_step
    addi s2, s2, -1
    bnez s2, 1b

    # --- 2. markers
    li a1, 0x0123456789abcdef
    li t0, 0x3ff8000000000000
    fmv.d.x fa0, t0
    addi x0, x0, 1000

    li s3, 1
    addi x0, x0, 1002
    li s3, 99

    la t0, word
    addi x0, x0, 1003
    ld s4, 0(t0)

    la t2, slot
    li t1, 0x123456789abcdef0
    addi x0, x0, 1004
    sd t1, 0(t2)

    # --- 3. output
    la a0, msg_skip
    mv a1, s3
    call print_hex
    la a0, msg_word
    mv a1, s4
    call print_hex
    li a7, 172              # getpid
    ecall
    mv a1, a0
    la a0, msg_pid
    call print_hex

    li a0, 5
    addi x0, x0, 1005
    li a7, 93               # exit(a0)
    ecall
    .size _start, . - _start

# print_hex(a0 = 5-byte label, a1 = value): writes the label, "0x", 16 hex digits and a newline.
    .type print_hex, @function
print_hex:
    mv t3, a1
    la t4, buf
    lw t0, 0(a0)            # the label (5 bytes)
    sw t0, 0(t4)
    lbu t0, 4(a0)
    sb t0, 4(t4)
    li t0, '0'
    sb t0, 5(t4)
    li t0, 'x'
    sb t0, 6(t4)
    li t5, 60               # shift for the first digit
    addi t6, t4, 7
3:  srl t0, t3, t5
    andi t0, t0, 15
    la t1, hexdigits
    add t1, t1, t0
    lbu t0, 0(t1)
    sb t0, 0(t6)
    addi t6, t6, 1
    addi t5, t5, -4
    bgez t5, 3b
    li t0, '\n'
    sb t0, 0(t6)
    li a0, 1                # write(1, buf, 24)
    mv a1, t4
    li a2, 24
    li a7, 64
    ecall
    ret
    .size print_hex, . - print_hex

    .section .rodata
msg_skip: .ascii "skip "
msg_word: .ascii "word "
msg_pid:  .ascii "pid  "
hexdigits: .ascii "0123456789abcdef"

    .data
    .balign 8
word: .quad 0x1111
slot: .quad 0
buf:  .space 32
