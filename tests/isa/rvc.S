# RV64C: every compressed instruction form, written with explicit c.
# mnemonics: c.li, c.lui (positive/negative), c.addi, c.addiw, c.addi16sp,
# c.addi4spn, c.slli, c.srli, c.srai, c.andi, c.mv, c.add, c.sub, c.xor,
# c.or, c.and, c.subw, c.addw, c.lw/c.sw, c.ld/c.sd, c.fld/c.fsd,
# c.lwsp/c.swsp, c.ldsp/c.sdsp, c.fldsp/c.fsdsp (largest offsets included),
# c.j, c.jr, c.jalr (link = pc + 2), c.beqz/c.bnez (taken, not taken,
# forward, backward), c.nop.  Immediate ranges are tested at their limits.
#include "lib.h"
        .option rvc

TEST_BEGIN
        SECTION "c.li / c.lui"
        c.li    a0, 31
        PR      "c.li 31", a0
        CHK     31
        c.li    a0, -32
        PR      "c.li -32", a0
        CHK     -32
        c.li    t1, 0
        PR      "c.li t1, 0", t1
        CHK     0
        c.lui   a0, 1
        PR      "c.lui 1", a0
        CHK     0x1000
        c.lui   a0, 0x1f
        PR      "c.lui 0x1f", a0
        CHK     0x1f000
        c.lui   a0, 0xfffe0
        PR      "c.lui 0xfffe0", a0
        CHK     0xfffffffffffe0000              # nzimm[17] sign-extends
        c.lui   s11, 0xfffff
        PR      "c.lui s11, 0xfffff", s11
        CHK     0xfffffffffffff000

        SECTION "c.addi / c.addiw"
        li      a0, 100
        c.addi  a0, -32
        PR      "c.addi 100-32", a0
        CHK     68
        c.addi  a0, 31
        PR      "c.addi 68+31", a0
        CHK     99
        li      t2, -1
        c.addi  t2, 1
        PR      "c.addi t2, -1+1", t2
        CHK     0
        li      a0, 0x7fffffff
        c.addiw a0, 1
        PR      "c.addiw 0x7fffffff+1", a0
        CHK     0xffffffff80000000
        li      a0, 0x12345678ffffffff
        c.addiw a0, 0
        PR      "c.addiw 0 (sext.w)", a0
        CHK     -1
        li      a0, 0x80000000
        c.addiw a0, -1
        PR      "c.addiw 0x80000000-1", a0
        CHK     0x7fffffff
        li      ra, 5
        c.addiw ra, -32
        PR      "c.addiw ra, 5-32", ra
        CHK     -27

        SECTION "stack pointer forms"
        mv      s1, sp
        c.addi16sp sp, -512
        sub     a0, s1, sp
        PR      "c.addi16sp -512", a0
        CHK     512
        c.addi4spn a0, sp, 4
        sub     a0, a0, sp
        PR      "c.addi4spn 4", a0
        CHK     4
        c.addi4spn s0, sp, 1020
        sub     a0, s0, sp
        PR      "c.addi4spn 1020", a0
        CHK     1020
        c.addi16sp sp, 496
        c.addi16sp sp, 16
        sub     a0, s1, sp
        PR      "c.addi16sp +496 +16", a0
        CHK     0

        SECTION "shifts and c.andi"
        li      a0, 0x8000000000000001
        c.slli  a0, 1
        PR      "c.slli 1", a0
        CHK     2
        li      a0, 1
        c.slli  a0, 63
        PR      "c.slli 63", a0
        CHK     0x8000000000000000
        li      t3, 0x0123456789abcdef
        c.slli  t3, 32
        PR      "c.slli t3, 32", t3
        CHK     0x89abcdef00000000
        li      a5, 0x8000000000000000
        c.srli  a5, 63
        PR      "c.srli 63", a5
        CHK     1
        li      a5, 0x8000000000000000
        c.srli  a5, 1
        PR      "c.srli 1", a5
        CHK     0x4000000000000000
        li      s0, 0x8000000000000000
        c.srai  s0, 63
        PR      "c.srai 63", s0
        CHK     -1
        li      s0, 0x8000000000000000
        c.srai  s0, 32
        PR      "c.srai 32", s0
        CHK     0xffffffff80000000
        li      a2, 0x0123456789abcdef
        c.andi  a2, -32
        PR      "c.andi -32", a2
        CHK     0x0123456789abcde0
        li      a2, 0x0123456789abcdef
        c.andi  a2, 31
        PR      "c.andi 31", a2
        CHK     0xf
        li      a2, 0x0123456789abcdef
        c.andi  a2, 0
        PR      "c.andi 0", a2
        CHK     0
        li      a2, 0x0123456789abcdef
        c.andi  a2, -1
        PR      "c.andi -1", a2
        CHK     0x0123456789abcdef

        SECTION "register-register"
        li      a1, 0x1122334455667788
        c.mv    a0, a1
        PR      "c.mv", a0
        CHK     0x1122334455667788
        li      t4, 7
        c.mv    t5, t4
        PR      "c.mv t5, t4", t5
        CHK     7
        li      a0, 0x7fffffffffffffff
        li      a1, 1
        c.add   a0, a1
        PR      "c.add wraps", a0
        CHK     0x8000000000000000
        li      t6, 21
        c.add   t6, t6
        PR      "c.add t6, t6", t6
        CHK     42
        li      a3, 5
        li      a4, 7
        c.sub   a3, a4
        PR      "c.sub 5-7", a3
        CHK     -2
        li      a3, 0xff00ff00ff00ff00
        li      a4, 0x0ff00ff00ff00ff0
        c.xor   a3, a4
        PR      "c.xor", a3
        CHK     0xf0f0f0f0f0f0f0f0
        li      a3, 0xff00ff00ff00ff00
        c.or    a3, a4
        PR      "c.or", a3
        CHK     0xfff0fff0fff0fff0
        li      a3, 0xff00ff00ff00ff00
        c.and   a3, a4
        PR      "c.and", a3
        CHK     0x0f000f000f000f00
        li      s1, 0x80000000
        li      a5, 1
        c.subw  s1, a5
        PR      "c.subw 0x80000000-1", s1
        CHK     0x7fffffff
        li      s1, 0x100000000
        c.subw  s1, a5
        PR      "c.subw 2^32-1 (low words)", s1
        CHK     -1
        li      s1, 0x7fffffff
        c.addw  s1, a5
        PR      "c.addw 0x7fffffff+1", s1
        CHK     0xffffffff80000000
        li      s1, 0x12345678ffffffff
        li      a5, 0x7654321000000001
        c.addw  s1, a5
        PR      "c.addw upper bits ignored", s1
        CHK     0

        SECTION "c.lw/c.sw/c.ld/c.sd/c.fld/c.fsd"
        lla     a1, cbuf
        c.lw    a0, 0(a1)
        PR      "c.lw 0 (sign-extends)", a0
        CHK     0xffffffff80000001
        c.lw    a2, 124(a1)
        PR      "c.lw 124", a2
        CHK     0x7c7c7c7c
        c.ld    a0, 0(a1)
        PR      "c.ld 0", a0
        CHK     0x0000000580000001
        c.ld    s0, 248(a1)
        PR      "c.ld 248", s0
        CHK     0xf8f8f8f8f8f8f8f8
        li      a4, 0x1111222233334444
        c.sw    a4, 4(a1)
        c.ld    a0, 0(a1)
        PR      "c.sw 4 then c.ld", a0
        CHK     0x3333444480000001
        c.sd    a4, 240(a1)
        ld      a0, 240(a1)
        PR      "c.sd 240", a0
        CHK     0x1111222233334444
        c.fld   fa0, 248(a1)
        fmv.x.d a0, fa0
        PR      "c.fld 248", a0
        CHK     0xf8f8f8f8f8f8f8f8
        c.fsd   fa0, 8(a1)
        ld      a0, 8(a1)
        PR      "c.fsd 8", a0
        CHK     0xf8f8f8f8f8f8f8f8
        c.fld   fs1, 0(a1)
        c.fsd   fs1, 16(a1)
        ld      a0, 16(a1)
        PR      "c.fld/c.fsd fs1", a0
        CHK     0x3333444480000001

        SECTION "sp-relative loads and stores"
        mv      s1, sp
        addi    sp, sp, -512
        li      t0, 0x0102030405060708
        c.sdsp  t0, 504(sp)
        ld      a0, 504(sp)
        PR      "c.sdsp 504", a0
        CHK     0x0102030405060708
        c.ldsp  t1, 504(sp)
        PR      "c.ldsp 504", t1
        CHK     0x0102030405060708
        li      t0, 0xfffffffe
        c.swsp  t0, 252(sp)
        c.lwsp  ra, 252(sp)
        PR      "c.swsp/c.lwsp 252 (sign-extends)", ra
        CHK     -2
        c.swsp  zero, 0(sp)
        c.lwsp  a0, 0(sp)
        PR      "c.swsp x0 / c.lwsp 0", a0
        CHK     0
        li      t0, D_TENTH
        fmv.d.x ft3, t0
        c.fsdsp ft3, 496(sp)
        c.fldsp ft4, 496(sp)
        fmv.x.d a0, ft4
        PR      "c.fsdsp/c.fldsp 496", a0
        CHK     D_TENTH
        c.fsdsp ft3, 0(sp)
        ld      a0, 0(sp)
        PR      "c.fsdsp 0", a0
        CHK     D_TENTH
        mv      sp, s1

        SECTION "control transfer"
        li      a0, 1
        c.j     1f
        li      a0, 2
1:      PR      "c.j forward", a0
        CHK     1
        li      a0, 0
        c.j     3f
2:      li      a0, 5
        c.j     4f
3:      c.j     2b
4:      PR      "c.j backward", a0
        CHK     5
        lla     a1, .Ltarget
        c.jalr  a1
.Lafter_jalr:
        lla     a2, .Lafter_jalr
        sub     a0, a0, a2
        PR      "c.jalr link = pc+2", a0
        CHK     0
        lla     t0, 1f
        li      a0, 3
        c.jr    t0
        li      a0, 4
1:      PR      "c.jr", a0
        CHK     3
        li      a0, 0
        li      s0, 0
        c.beqz  s0, 1f
        li      a0, 1
1:      PR      "c.beqz taken", a0
        CHK     0
        li      s0, 0x100000000
        li      a0, 0
        c.beqz  s0, 1f                          # all 64 bits tested
        li      a0, 1
1:      PR      "c.beqz not taken", a0
        CHK     1
        li      a0, 0
        li      s1, -1
        c.bnez  s1, 1f
        li      a0, 1
1:      PR      "c.bnez taken", a0
        CHK     0
        li      a0, 0
        li      s1, 0
        c.bnez  s1, 1f
        li      a0, 1
1:      PR      "c.bnez not taken", a0
        CHK     1
        li      a5, 10                          # backward loops
        li      a0, 0
1:      c.addi  a0, 3
        c.addi  a5, -1
        c.bnez  a5, 1b
        PR      "c.bnez loop", a0
        CHK     30
        li      a4, 3
        li      a0, 0
1:      c.addi  a0, 1
        c.addi  a4, -1
        c.beqz  a4, 2f
        c.j     1b
2:      PR      "c.beqz/c.j loop", a0
        CHK     3
        li      a0, 9
        c.nop
        PR      "c.nop", a0
        CHK     9
        j       .Ldone

.Ltarget:
        c.mv    a0, ra
        c.jr    ra

.Ldone:
        SECTION "mixed 16/32-bit stream at odd halfword alignment"
        c.nop
        li      a0, 0x1234                      # now 2-byte aligned 32-bit code
        c.addi  a0, 1
        addi    a0, a0, 1
        c.addi  a0, 1
        PR      "result", a0
        CHK     0x1237
TEST_END

        .data
        .balign 8
cbuf:   .word   0x80000001, 5
        .org    cbuf + 124
        .word   0x7c7c7c7c
        .org    cbuf + 248
        .dword  0xf8f8f8f8f8f8f8f8
