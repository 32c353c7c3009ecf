/*
 * compressed.S -- every RV64C instruction (written with explicit c.
 * mnemonics), with expected values: c.addi4spn, c.fld/c.lw/c.ld,
 * c.fsd/c.sw/c.sd, c.nop, c.addi, c.addiw (sign extension), c.li,
 * c.addi16sp, c.lui (negative immediates), c.srli/c.srai/c.andi,
 * c.sub/c.xor/c.or/c.and/c.subw/c.addw, c.j, c.beqz/c.bnez (taken and not),
 * c.slli, c.fldsp/c.lwsp/c.ldsp, c.fsdsp/c.swsp/c.sdsp, c.jr, c.mv,
 * c.jalr (link = pc + 2), c.add, c.ebreak (breakpoint trap, mepc at it).
 * Also: the all-zero halfword is an illegal instruction; a 32-bit
 * instruction straddling a 4 KiB page boundary, and compressed ones on
 * both sides of it; jumps to targets that are 2 but not 4 byte aligned;
 * a straight run of 1350 compressed instructions (longer than QEMU's 512
 * instruction translation blocks) mixed with 32-bit ones at odd halfword
 * offsets.
 */
#include "bm.h"

    .text
    .globl  test_main
test_main:
    addi    sp, sp, -16
    sd      ra, 0(sp)
    PUTS    "compressed: RV64C\n"
    li      gp, 0

    /* quadrant 0: c.addi4spn, loads and stores through rd'/rs1' */
    TEST    1
    mv      s1, sp
    la      sp, cdata
    c.addi4spn a0, sp, 1020
    la      t0, cdata + 1020
    CHECKR  a0, t0
    c.addi4spn s0, sp, 4
    la      t0, cdata + 4
    CHECKR  s0, t0
    TEST    2
    la      a5, cdata
    c.ld    a4, 8(a5)
    CHECK   a4, 0x8877665544332211
    c.lw    a3, 16(a5)
    CHECK   a3, 0xffffffffdeadbeef
    c.lw    a2, 20(a5)
    CHECK   a2, 0x12345678
    c.fld   fa0, 24(a5)
    CHECKF  fa0, 0x400921fb54442d18
    TEST    3
    c.sd    a4, 248(a5)
    c.sw    a3, 124(a5)
    c.fsd   fa0, 240(a5)
    ld      a0, 248(a5)
    CHECK   a0, 0x8877665544332211
    lwu     a0, 124(a5)
    CHECK   a0, 0xdeadbeef
    ld      a0, 240(a5)
    CHECK   a0, 0x400921fb54442d18

    /* quadrant 1 */
    TEST    4
    c.nop
    c.li    a0, -32
    CHECK   a0, -32
    c.li    a0, 31
    CHECK   a0, 31
    c.addi  a0, -1
    CHECK   a0, 30
    c.addi  a0, 31
    CHECK   a0, 61
    TEST    5
    li      a1, 0x7fffffff
    c.addiw a1, 1
    CHECK   a1, 0xffffffff80000000
    li      a1, 0x123456789
    c.addiw a1, 0                   /* sext.w */
    CHECK   a1, 0x23456789
    TEST    6
    c.addi16sp sp, -512
    la      t0, cdata - 512
    CHECKR  sp, t0
    c.addi16sp sp, 496
    la      t0, cdata - 16
    CHECKR  sp, t0
    c.addi16sp sp, 16
    TEST    7
    c.lui   a2, 0x1f                /* imm 0x1f << 12 */
    CHECK   a2, 0x1f000
    c.lui   a2, 0xfffe0             /* -32 << 12 */
    CHECK   a2, 0xfffffffffffe0000
    c.lui   a2, 1
    CHECK   a2, 0x1000
    TEST    8
    li      s0, 0x8000000000000f0f
    c.srli  s0, 4
    CHECK   s0, 0x08000000000000f0
    li      s0, 0x8000000000000f0f
    c.srai  s0, 63
    CHECK   s0, -1
    li      s0, 0x8000000000000f0f
    c.srai  s0, 1
    CHECK   s0, 0xc000000000000787
    li      s0, 0x123456789
    c.andi  s0, -16
    CHECK   s0, 0x123456780
    c.andi  s0, 0x1f
    CHECK   s0, 0
    TEST    9
    li      a0, 100
    li      a1, 58
    c.sub   a0, a1
    CHECK   a0, 42
    li      a0, 0xff00
    c.xor   a0, a1
    CHECK   a0, 0xff3a
    c.or    a0, a1
    CHECK   a0, 0xff3a
    c.and   a0, a1
    CHECK   a0, 58
    li      a0, 0x80000000
    li      a1, 1
    c.subw  a0, a1
    CHECK   a0, 0x7fffffff
    c.addw  a0, a1
    CHECK   a0, 0xffffffff80000000
    TEST    10
    li      a0, 0
    c.j     1f
    li      a0, 1
1:  CHECK   a0, 0
    li      s0, 0
    li      a0, 0
    c.beqz  s0, 2f                  /* taken */
    li      a0, 1
2:  CHECK   a0, 0
    c.bnez  s0, 3f                  /* not taken */
    li      a0, 2
3:  CHECK   a0, 2
    li      s0, -5
    c.bnez  s0, 4f                  /* taken */
    li      a0, 3
4:  CHECK   a0, 2
    c.beqz  s0, 5f                  /* not taken */
    li      a0, 4
5:  CHECK   a0, 4

    /* quadrant 2 */
    TEST    11
    li      a3, 0x10000000f
    c.slli  a3, 1
    CHECK   a3, 0x20000001e
    c.slli  a3, 63
    CHECK   a3, 0
    TEST    12
    la      sp, cdata
    c.ldsp  a0, 8(sp)
    CHECK   a0, 0x8877665544332211
    c.lwsp  a1, 16(sp)
    CHECK   a1, 0xffffffffdeadbeef
    c.fldsp fs1, 24(sp)
    CHECKF  fs1, 0x400921fb54442d18
    li      a2, 0x0123456789abcdef
    c.sdsp  a2, 504(sp)
    c.swsp  a2, 252(sp)
    c.fsdsp fs1, 496(sp)
    ld      a0, 504(sp)
    CHECK   a0, 0x0123456789abcdef
    lwu     a0, 252(sp)
    CHECK   a0, 0x89abcdef
    ld      a0, 496(sp)
    CHECK   a0, 0x400921fb54442d18
    mv      sp, s1
    TEST    13
    li      a4, 77
    c.mv    a5, a4
    CHECK   a5, 77
    c.add   a5, a4
    CHECK   a5, 154
    TEST    14
    la      a4, 6f
    c.jr    a4
    j       c_failed
6:  la      a4, 7f
    la      s0, 8f
    c.jalr  a4                      /* ra = address of the next halfword */
8:  j       c_failed
7:  CHECKR  ra, s0
    TEST    15
    TRAP_RESET
9:  c.ebreak
    CHECK_TRAP CAUSE_BREAKPOINT
    la      t0, 9b
    la      t6, bm_trap_epc
    ld      t5, 0(t6)
    CHECKR  t5, t0
    TEST    16                      /* the zero halfword is illegal */
    TRAP_RESET
    .half   0
    CHECK_TRAP CAUSE_ILLEGAL

    /* a 32-bit instruction across a page boundary */
    TEST    17
    call    page_cross
    CHECK   a0, 10
    CHECK   a1, 0x12345000
    CHECK   a2, 0xfffffffffffff800

    /* 2-byte aligned (not 4) jump targets */
    TEST    18
    li      a0, 0
    call    odd_targets
    CHECK   a0, 0x111

    /* a straight run longer than a translation block */
    TEST    19
    call    long_run
    CHECK   a0, 150 * 9
    CHECK   a1, 150

    ld      ra, 0(sp)
    addi    sp, sp, 16
    ret

c_failed:
    li      a1, 0
    li      a2, 1
    j       bm_check_failed

    /* a0 = 1 + 2 + 3 + 4 = 10, a1 = 0x12345000 (the crossing lui),
     * a2 = -2048 (a crossing addi after it) */
    .option push
    .option norvc
    .balign 4096
page_before:
    .skip   4096 - 10
page_cross:                         /* page end - 10 */
    .option rvc
    c.li    a0, 1                   /* -10 */
    c.addi  a0, 2                   /* -8 */
    .option norvc
    addi    a0, a0, 3               /* -6 .. -3 */
    lui     a1, 0x12345             /* -2 .. +1: straddles the boundary */
    .option rvc
    c.addi  a0, 4                   /* +2 */
    .option norvc
    addi    a2, zero, -2048         /* +4 */
    .option rvc
    c.jr    ra
    .option pop

odd_targets:
    .option push
    .option rvc
    c.j     1f                      /* 2f, 1f at odd halfwords */
    .balign 4
    c.nop
1:  addi    a0, a0, 0x100           /* compressible: 32-bit forced below */
    c.nop
    .option norvc
    jal     zero, 2f
    .option rvc
    c.nop
2:  addi    a0, a0, 0x10
    la      t0, 3f
    c.jr    t0
    c.nop
3:  c.addi  a0, 1
    .option pop
    ret

long_run:
    .option push
    .option rvc
    li      a0, 0
    li      a1, 0
    .rept   150
    c.addi  a0, 1
    c.addi  a0, 1
    c.addi  a0, 1
    c.addi  a0, 1
    .option norvc
    addi    a0, a0, 1               /* 32-bit at a 2 mod 4 offset */
    .option rvc
    c.addi  a0, 1
    c.addi  a0, 1
    c.addi  a0, 1
    c.addi  a0, 1
    c.addi  a1, 1
    .endr
    .option pop
    ret

    .data
    .balign 16
    .skip   512
cdata:
    .dword  0, 0x8877665544332211
    .word   0xdeadbeef, 0x12345678
    .dword  0x400921fb54442d18
    .skip   1024
