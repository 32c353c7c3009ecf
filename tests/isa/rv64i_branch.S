# RV64I control transfer: all conditional branches (taken / not taken,
# signed vs unsigned, forward and backward), jal and jalr (link values,
# offsets, lsb clearing, rd == rs1), and a backward-branch loop.
#include "lib.h"

# prints 1 if the branch is taken, 0 if not
        .macro TBR op, a, b
        li      a1, \a
        li      a2, \b
        li      a0, 1
        \op     a1, a2, 1f
        li      a0, 0
1:
        PR      "\op \a \b", a0
        .endm

# backward-taken form: the branch jumps back to a landing pad
        .macro TBRB op, a, b
        li      a1, \a
        li      a2, \b
        li      a0, 0
        j       2f
1:      li      a0, 1
        j       3f
2:      \op     a1, a2, 1b
3:
        PR      "back \op \a \b", a0
        .endm

#define BVALS 0, 1, -1, 0x7fffffffffffffff, 0x8000000000000000, 0x80000000

TEST_BEGIN
        SECTION "conditional branches"
        .irp op, beq, bne, blt, bge, bltu, bgeu
        .irp a, BVALS
        .irp b, BVALS
        TBR     \op, \a, \b
        .endr
        .endr
        .endr

        SECTION "hand-checked branch corners"
        TBR     blt, -1, 0
        CHK     1
        TBR     bltu, -1, 0
        CHK     0                               # 0xffff... is the largest unsigned
        TBR     bge, 0, 0x8000000000000000
        CHK     1
        TBR     bgeu, 0, 0x8000000000000000
        CHK     0
        TBR     beq, 0x100000000, 0
        CHK     0                               # all 64 bits compared
        TBR     bge, 5, 5
        CHK     1
        TBR     bltu, 0x80000000, 0xffffffff80000000
        CHK     1

        SECTION "backward branches"
        .irp op, beq, bne, blt, bge, bltu, bgeu
        TBRB    \op, -1, 1
        TBRB    \op, 1, -1
        TBRB    \op, 7, 7
        .endr

        SECTION "pseudo branches"
        li      a1, 0
        li      a0, 0
        beqz    a1, 1f
        li      a0, 9
1:      PR      "beqz 0", a0
        CHK     0
        li      a1, -5
        li      a0, 0
        bgtz    a1, 1f
        li      a0, 1
1:      PR      "bgtz -5 not taken", a0
        CHK     1
        li      a1, -5
        li      a0, 0
        bltz    a1, 1f
        li      a0, 1
1:      PR      "bltz -5 taken", a0
        CHK     0

        SECTION "loop"
        li      a0, 0
        li      a1, 100
1:      add     a0, a0, a1
        addi    a1, a1, -1
        bnez    a1, 1b
        PR      "sum 1..100", a0
        CHK     5050

        SECTION "jal"
        jal     ra, .Ljal_target
.Ljal_ret:
        lla      a1, .Ljal_ret
        sub     a0, a0, a1
        PR      "jal link - return address", a0
        CHK     0
        j       .Ljal_after
.Ljal_target:
        mv      a0, ra
        ret
.Ljal_after:
        li      a0, 1
        jal     zero, 1f                        # j: no link written
        li      a0, 2
1:      PR      "jal x0 skips", a0
        CHK     1
        li      t2, 0
        jal     t2, 1f                          # link into a non-ra register
2:      li      t2, 0
1:      la      a1, 2b
        sub     a0, t2, a1
        PR      "jal t2 link", a0
        CHK     0

        SECTION "jalr"
        lla      a1, .Ljalr_t1
        jalr    ra, 0(a1)
.Ljalr_r1:
        lla      a2, .Ljalr_r1
        sub     a0, a0, a2
        PR      "jalr link", a0
        CHK     0
        lla      a1, .Ljalr_t1 - 16
        jalr    ra, 16(a1)                      # positive offset
        PR      "jalr +16 reached target", a3
        CHK     0x77
        lla      a1, .Ljalr_t1 + 8
        jalr    ra, -8(a1)                      # negative offset
        PR      "jalr -8 reached target", a3
        CHK     0x77
        lla      a1, .Ljalr_t1 + 1
        jalr    ra, 0(a1)                       # odd target: bit 0 cleared
        PR      "jalr odd target (lsb cleared)", a3
        CHK     0x77
        lla      a1, .Ljalr_t1
        addi    a1, a1, -3
        jalr    ra, 4(a1)                       # a1+4 is odd: lsb cleared
        PR      "jalr odd sum (lsb cleared)", a3
        CHK     0x77
        lla      a1, .Ljalr_t2
        jalr    a1, 0(a1)                       # rd == rs1: target uses old value
.Ljalr_r2:
        lla      a2, .Ljalr_r2
        sub     a0, a1, a2
        PR      "jalr rd==rs1 link", a0
        CHK     0
        PR      "jalr rd==rs1 reached target", a3
        CHK     0x88
        lla      a1, 1f
        li      a0, 1
        jalr    zero, 0(a1)                     # jr: no link
        li      a0, 2
1:      PR      "jalr x0", a0
        CHK     1
        j       .Ljalr_done

.Ljalr_t1:
        mv      a0, ra
        li      a3, 0x77
        ret
.Ljalr_t2:
        li      a3, 0x88
        jr      a1
.Ljalr_done:
        SECTION "call/ret through a small recursive function"
        li      a0, 10
        call    .Lfact
        PR      "10!", a0
        CHK     3628800
        j       .Lfact_done
.Lfact:                                         # a0 = n -> a0 = n!
        addi    sp, sp, -16
        sd      ra, 0(sp)
        sd      s1, 8(sp)
        mv      s1, a0
        li      a0, 1
        beqz    s1, 1f
        addi    a0, s1, -1
        call    .Lfact
        mul     a0, a0, s1
1:      ld      ra, 0(sp)
        ld      s1, 8(sp)
        addi    sp, sp, 16
        ret
.Lfact_done:
TEST_END
