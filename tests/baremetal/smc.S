/*
 * smc.S -- self-modifying code made visible with fence.i:
 *   - a 32-bit instruction of a function replaced by another, by a pair of
 *     compressed ones, and back; a compressed one replaced;
 *   - the instruction right after the fence.i itself replaced (straight
 *     line: the new one must run);
 *   - a hot loop (run 2000 times first, so that a JIT would have compiled
 *     it) patched and run again;
 *   - code generated into a data buffer and called, then regenerated in
 *     place;
 *   - a 32-bit instruction that straddles a 4 KiB page boundary patched
 *     half by half.
 * The new instructions are copied from templates assembled in .rodata.
 * Stores go through the data side; nothing is executed between a store
 * and its fence.i. (The image is a single RWX segment; M-mode, no PMP
 * restrictions.)
 */
#include "bm.h"

#define GEN_SIZE 28                 /* bytes of the t_gen template */

/* copy a 4-byte template (as two halfwords: targets may be 2-aligned) */
.macro PATCH4 dst, tmpl
    la      t0, \tmpl
    la      t1, \dst
    lhu     t2, 0(t0)
    sh      t2, 0(t1)
    lhu     t2, 2(t0)
    sh      t2, 2(t1)
.endm

.macro PATCH2 dst, tmpl
    la      t0, \tmpl
    la      t1, \dst
    lhu     t2, 0(t0)
    sh      t2, 0(t1)
.endm

    .text
    .globl  test_main
test_main:
    addi    sp, sp, -16
    sd      ra, 0(sp)
    PUTS    "smc: self-modifying code, fence.i\n"
    li      gp, 0

    TEST    1                       /* 32-bit -> 32-bit */
    call    patch_fn
    CHECK   a0, 1
    PATCH4  patch_site, t_li_a0_2
    fence.i
    call    patch_fn
    CHECK   a0, 2
    TEST    2                       /* 32-bit -> two compressed */
    PATCH4  patch_site, t_cli5_caddi1
    fence.i
    call    patch_fn
    CHECK   a0, 6
    TEST    3                       /* and back to 32-bit */
    PATCH4  patch_site, t_li_a0_1
    fence.i
    call    patch_fn
    CHECK   a0, 1
    TEST    4                       /* a compressed instruction */
    call    patch_c_fn
    CHECK   a0, 10
    PATCH2  patch_c_site, t_caddi_a0_7
    fence.i
    call    patch_c_fn
    CHECK   a0, 16

    TEST    5                       /* the instruction after the fence.i */
    PATCH4  5f, t_li_a0_2
    fence.i
    .option push
    .option norvc
5:  li      a0, 1
    .option pop
    CHECK   a0, 2
    PATCH4  5b, t_li_a0_1           /* restore it (never run again) */
    fence.i

    TEST    6                       /* a hot loop */
    li      s0, 2000
6:  call    hot_fn
    addi    s0, s0, -1
    bnez    s0, 6b
    CHECK   a0, 3 * 50
    PATCH4  hot_site, t_addi_a0_5
    fence.i
    call    hot_fn
    CHECK   a0, 5 * 50

    TEST    7                       /* generated code in a data buffer */
    la      a1, gen_buf
    li      a2, 100
    call    generate                /* a function returning 0+1+..+99 */
    fence.i
    la      t0, gen_buf
    jalr    ra, 0(t0)
    CHECK   a0, 4950
    la      a1, gen_buf
    li      a2, 10
    call    generate                /* regenerate in place */
    fence.i
    la      t0, gen_buf
    jalr    ra, 0(t0)
    CHECK   a0, 45

    TEST    8                       /* across a page boundary */
    call    cross_fn
    CHECK   a0, 0x12345000
    la      t0, t_lui_a0
    la      t1, cross_site
    lhu     t2, 0(t0)               /* low half, end of the first page */
    sh      t2, 0(t1)
    fence.i
    lhu     t2, 2(t0)               /* high half, start of the next */
    sh      t2, 2(t1)
    fence.i
    call    cross_fn
    CHECK   a0, 0x54321000

    ld      ra, 0(sp)
    addi    sp, sp, 16
    ret

/*
 * generate(a1 = buffer, a2 = n): writes, from templates, a function
 *   li a0, 0; li t0, 0; li t1, n; 1: add a0, a0, t0; addi t0, t0, 1;
 *   blt t0, t1, 1b; ret
 * with n patched into the li t1 (12-bit immediate).
 */
generate:
    la      t0, t_gen
    li      t1, GEN_SIZE
1:  lw      t2, 0(t0)
    sw      t2, 0(a1)
    addi    t0, t0, 4
    addi    a1, a1, 4
    addi    t1, t1, -4
    bnez    t1, 1b
    addi    a1, a1, -GEN_SIZE
    lw      t2, 8(a1)               /* li t1, N: imm in bits 31:20 */
    slli    t2, t2, 44
    srli    t2, t2, 44
    slli    t0, a2, 20
    or      t2, t2, t0
    sw      t2, 8(a1)
    ret

    .option push
    .option norvc
patch_fn:
patch_site:
    li      a0, 1
    nop
    ret
patch_c_fn:
    li      a0, 5
    .option rvc
patch_c_site:
    c.addi  a0, 5
    c.jr    ra
    .option norvc
hot_fn:
    li      a0, 0
    li      t0, 50
1:
hot_site:
    addi    a0, a0, 3
    addi    t0, t0, -1
    bnez    t0, 1b
    ret

    .balign 4096
    .skip   4096 - 6
cross_fn:                           /* page end - 6 */
    .option rvc
    c.nop
    .option norvc
cross_site:                         /* page end - 2: straddles */
    lui     a0, 0x12345
    ret
    .option pop

    .section .rodata
    .balign 4
    .option push
    .option norvc
t_li_a0_1:
    li      a0, 1
t_li_a0_2:
    li      a0, 2
t_addi_a0_5:
    addi    a0, a0, 5
t_lui_a0:
    lui     a0, 0x54321
    .option rvc
t_cli5_caddi1:
    c.li    a0, 5
    c.addi  a0, 1
t_caddi_a0_7:
    c.addi  a0, 11
    c.nop
    .option norvc
    .balign 4
t_gen:                              /* GEN_SIZE bytes: 7 instructions */
    li      a0, 0
    li      t0, 0
    li      t1, 1
1:  add     a0, a0, t0
    addi    t0, t0, 1
    blt     t0, t1, 1b
    ret
t_gen_end:
    .option pop

    .data
    .balign 64
gen_buf:
    .zero   64
