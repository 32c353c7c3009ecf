# Zifencei: self-modifying code.  Code is written into an anonymous
# read/write/execute mapping (mmap, syscall 222), executed, patched with sw/sh,
# made visible with fence.i and executed again; the new behaviour must be
# observed every time (32-bit and compressed instructions, many patches of the
# same location, a second page).
#include "lib.h"

#define PROT_RWX 7
#define MAP_PRIVATE_ANON 0x22

# the 32-bit encoding of "addi a0, zero, imm"
#define ADDI_A0(imm) ((((imm) & 0xfff) << 20) | 0x513)
#define RET 0x00008067

TEST_BEGIN
        li      a0, 0
        li      a1, 8192
        li      a2, PROT_RWX
        li      a3, MAP_PRIVATE_ANON
        li      a4, -1
        li      a5, 0
        li      a7, SYS_mmap
        ecall
        mv      s0, a0
        li      t0, -4096
        sltu    a0, a0, t0
        PR      "mmap rwx succeeded", a0
        CHK     1

        SECTION "write, execute, patch, fence.i, execute"
        li      t0, ADDI_A0(1)
        sw      t0, 0(s0)
        li      t0, RET
        sw      t0, 4(s0)
        fence.i
        li      a0, 0
        jalr    ra, 0(s0)
        PR      "first version", a0
        CHK     1
        li      t0, ADDI_A0(2)
        sw      t0, 0(s0)
        fence.i
        li      a0, 0
        jalr    ra, 0(s0)
        PR      "after patch + fence.i", a0
        CHK     2
        li      t0, ADDI_A0(-5)
        sw      t0, 0(s0)
        fence.i
        jalr    ra, 0(s0)
        PR      "negative immediate", a0
        CHK     -5

        SECTION "patch the same instruction many times"
        li      s1, 0                           # i
        li      s2, 0                           # sum
1:      slli    t0, s1, 1
        add     t0, t0, s1                      # 3*i
        slli    t0, t0, 20
        ori     t0, t0, 0x513
        sw      t0, 0(s0)
        fence.i
        jalr    ra, 0(s0)
        add     s2, s2, a0
        addi    s1, s1, 1
        li      t0, 16
        blt     s1, t0, 1b
        PR      "sum of 3*i, i<16", s2
        CHK     360

        SECTION "replace with another instruction type"
        lla     t1, tmpl_lui
        lw      t0, 0(t1)
        PR      "lui template word", t0
        CHK     0x12345537
        sw      t0, 0(s0)
        fence.i
        jalr    ra, 0(s0)
        PR      "lui a0, 0x12345", a0
        CHK     0x12345000

        SECTION "compressed code"
        lla     t1, tmpl_c
        lw      t0, 0(t1)
        PR      "c.li a0,7; c.jr ra words", t0
        CHK     0xffffffff8082451d              # lw sign-extends
        sw      t0, 16(s0)
        fence.i
        addi    t2, s0, 16
        jalr    ra, 0(t2)
        PR      "c.li a0, 7", a0
        CHK     7
        lhu     t0, 4(t1)
        PR      "c.li a0, 9 halfword", t0
        CHK     0x4525
        sh      t0, 16(s0)                      # patch only the first halfword
        fence.i
        jalr    ra, 0(t2)
        PR      "patched c.li a0, 9", a0
        CHK     9

        SECTION "a longer routine on the second page"
        li      t3, 4096
        add     t3, t3, s0
        lla     t1, tmpl_loop
        lla     t4, tmpl_loop_end
        mv      t5, t3
2:      lw      t0, 0(t1)
        sw      t0, 0(t5)
        addi    t1, t1, 4
        addi    t5, t5, 4
        bltu    t1, t4, 2b
        fence.i
        li      a0, 10
        jalr    ra, 0(t3)
        PR      "sum 1..10 by copied loop", a0
        CHK     55
        li      t0, ADDI_A0(0) | (11 << 15) | (11 << 7)   # addi a1, a1, 0: loop adds 0
        sw      t0, 8(t3)                               # the "add a1, a1, a0" slot
        fence.i
        li      a0, 10
        jalr    ra, 0(t3)
        PR      "after patching the loop body", a0
        CHK     0

        li      a0, 0
        mv      a0, s0
        li      a1, 8192
        li      a7, SYS_munmap
        ecall
        PR      "munmap", a0
        CHK     0
TEST_END

        .section .rodata
        .balign 4
tmpl_lui:
        lui     a0, 0x12345
        .option push
        .option rvc
tmpl_c:
        c.li    a0, 7
        c.jr    ra
        c.li    a0, 9
        .option pop
        .balign 4
tmpl_loop:                                      # a0 = n -> a0 = n + (n-1) + ... + 1
        li      a1, 0                           # 0
        nop                                     # 4
        add     a1, a1, a0                      # 8
        addi    a0, a0, -1                      # 12
        bnez    a0, tmpl_loop + 8               # 16 (pc-relative: position independent)
        mv      a0, a1                          # 20
        ret                                     # 24
tmpl_loop_end:
