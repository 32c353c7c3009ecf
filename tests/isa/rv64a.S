# RV64A: every AMO in .w and .d form (old value returned, memory result,
# neighbouring word untouched, .w results sign-extended, signed/unsigned
# min/max with negative values, aq/rl variants, rd == rs2, rd == x0) and
# LR/SC: success, failure without a reservation, failure after an
# intervening SC, SC to another address, a CAS retry loop.
#include "lib.h"

# 32-bit AMO: memory word = mem (the word above it holds a guard),
# rs2 = src; prints rd and the whole dword after the operation
        .macro TAMOW op, mem, src
        lla     a1, amobuf
        li      t0, 0xdeadbeef00000000 | (\mem)
        sd      t0, 0(a1)
        li      a2, \src
        \op     a0, a2, (a1)
        mv      a3, a0
        PR      "\op [\mem] \src: rd", a0
        ld      a0, 0(a1)
        PR      "\op [\mem] \src: mem", a0
        .endm

        .macro TAMOD op, mem, src
        lla     a1, amobuf
        li      t0, \mem
        sd      t0, 0(a1)
        li      t0, 0x5555555555555555
        sd      t0, 8(a1)
        li      a2, \src
        \op     a0, a2, (a1)
        mv      a3, a0
        PR      "\op [\mem] \src: rd", a0
        ld      a0, 0(a1)
        PR      "\op [\mem] \src: mem", a0
        .endm

#define AMOW_OPS amoswap.w, amoadd.w, amoxor.w, amoand.w, amoor.w, amomin.w, amomax.w, amominu.w, amomaxu.w
#define AMOD_OPS amoswap.d, amoadd.d, amoxor.d, amoand.d, amoor.d, amomin.d, amomax.d, amominu.d, amomaxu.d

TEST_BEGIN
        SECTION "32-bit AMOs"
        .irp op, AMOW_OPS
        .irp mem, 0x80000000, 0x7fffffff, 0xffffffff, 5
        .irp src, 3, -1, 0x7fffffff80000000, 0x123456787fffffff
        TAMOW   \op, \mem, \src
        .endr
        .endr
        .endr

        SECTION "64-bit AMOs"
        .irp op, AMOD_OPS
        .irp mem, 0x8000000000000000, 0x7fffffffffffffff, -1, 5
        .irp src, 3, -1, 0x8000000000000000, 0x7fffffffffffffff
        TAMOD   \op, \mem, \src
        .endr
        .endr
        .endr

        SECTION "hand-checked AMO corners"
        TAMOW   amoadd.w, 0x7fffffff, 1
        CHK     0xdeadbeef80000000              # 32-bit wrap, guard word untouched
        TAMOW   amomin.w, 0x80000000, 3
        CHK     0xdeadbeef80000000              # -2^31 < 3
        TAMOW   amominu.w, 0x80000000, 3
        CHK     0xdeadbeef00000003
        TAMOW   amomax.w, 0xffffffff, 3
        CHK     0xdeadbeef00000003              # -1 < 3
        TAMOW   amomaxu.w, 0xffffffff, 3
        CHK     0xdeadbeefffffffff
        TAMOW   amomin.w, 5, 0x7fffffff80000000
        CHK     0xdeadbeef80000000              # rs2's low word is -2^31
        TAMOW   amoswap.w, 0x80000000, 3
        PR      "amoswap.w rd sign-extended", a3
        CHK     0xffffffff80000000
        TAMOW   amoor.w, 0xfffffffe, 0
        PR      "amoor.w rd sign-extended", a3
        CHK     0xfffffffffffffffe
        TAMOD   amomin.d, 5, 0x8000000000000000
        CHK     0x8000000000000000
        TAMOD   amominu.d, 5, 0x8000000000000000
        CHK     5
        TAMOD   amomax.d, -1, 3
        CHK     3
        TAMOD   amomaxu.d, -1, 3
        CHK     -1
        TAMOD   amoadd.d, 0x7fffffffffffffff, 3
        CHK     0x8000000000000002

        SECTION "ordering variants"
        lla     a1, amobuf
        sd      zero, 0(a1)
        li      a2, 1
        amoadd.w.aq   a0, a2, (a1)
        amoadd.w.rl   a0, a2, (a1)
        amoadd.w.aqrl a0, a2, (a1)
        amoadd.d.aq   a0, a2, (a1)
        amoadd.d.rl   a0, a2, (a1)
        amoadd.d.aqrl a0, a2, (a1)
        PR      "rd of last", a0
        CHK     5
        ld      a0, 0(a1)
        PR      "six increments", a0
        CHK     6

        SECTION "rd == rs2, rd == x0"
        lla     a1, amobuf
        li      t0, 11
        sd      t0, 0(a1)
        li      a2, 22
        amoswap.d a2, a2, (a1)
        PR      "amoswap.d a2,a2: a2", a2
        CHK     11
        ld      a0, 0(a1)
        PR      "amoswap.d a2,a2: mem", a0
        CHK     22
        li      a2, 33
        amoswap.w zero, a2, (a1)
        ld      a0, 0(a1)
        PR      "amoswap.w x0: mem", a0
        CHK     33
        mv      a0, zero
        PR      "x0", a0
        CHK     0

        SECTION "LR/SC"
        lla     a1, lrbuf
        li      t0, 0x1111111111111111
        sd      t0, 0(a1)
        li      t0, 0x2222222222222222
        sd      t0, 128(a1)
        li      a2, 0x77
        sc.w    a0, a2, (a1)                    # no reservation yet
        snez    a0, a0
        PR      "sc.w without reservation fails", a0
        CHK     1
        ld      a0, 0(a1)
        PR      "  memory unchanged", a0
        CHK     0x1111111111111111

        li      t0, 0x80000000
        sw      t0, 0(a1)
        lr.w    a0, (a1)
        PR      "lr.w sign-extends", a0
        CHK     0xffffffff80000000
        li      a2, 0x12345678
        sc.w    a0, a2, (a1)
        PR      "sc.w after lr.w succeeds (0)", a0
        CHK     0
        ld      a0, 0(a1)
        PR      "  memory written", a0
        CHK     0x1111111112345678
        li      a2, 0x9999
        sc.w    a0, a2, (a1)
        snez    a0, a0
        PR      "second sc.w fails", a0
        CHK     1
        ld      a0, 0(a1)
        PR      "  memory unchanged", a0
        CHK     0x1111111112345678

        lr.d    a0, (a1)
        PR      "lr.d", a0
        CHK     0x1111111112345678
        li      a2, -5
        sc.d    a0, a2, (a1)
        PR      "sc.d after lr.d succeeds", a0
        CHK     0
        ld      a0, 0(a1)
        PR      "  memory written", a0
        CHK     -5

        lr.d    a0, (a1)
        addi    a3, a1, 128
        li      a2, 0x33
        sc.d    a0, a2, (a3)                    # other address (other line)
        snez    a0, a0
        PR      "sc.d to another address fails", a0
        CHK     1
        ld      a0, 128(a1)
        PR      "  that memory unchanged", a0
        CHK     0x2222222222222222
        li      a2, 0x44
        sc.d    a0, a2, (a1)                    # the failed SC dropped the reservation
        snez    a0, a0
        PR      "sc.d after an intervening sc fails", a0
        CHK     1
        ld      a0, 0(a1)
        PR      "  memory unchanged", a0
        CHK     -5

        lr.w.aq a0, (a1)
        li      a2, 7
        sc.w.rl a0, a2, (a1)
        PR      "lr.w.aq / sc.w.rl succeed", a0
        CHK     0
        lr.d.aqrl a0, (a1)
        li      a2, 8
        sc.d.aqrl a0, a2, (a1)
        PR      "lr.d.aqrl / sc.d.aqrl succeed", a0
        CHK     0
        ld      a0, 0(a1)
        PR      "  memory", a0
        CHK     8

        lr.d    a0, (a1)
        addi    a0, a0, 1                       # non-memory work inside the sequence
        slli    a0, a0, 4
        sc.d    a3, a0, (a1)
        PR      "lr/alu/sc succeeds", a3
        CHK     0
        ld      a0, 0(a1)
        PR      "  memory", a0
        CHK     0x90

        SECTION "CAS loop"
        lla     a1, lrbuf
        sd      zero, 0(a1)
        li      a4, 10
1:      lr.d    a0, (a1)
        addi    a0, a0, 3
        sc.d    a3, a0, (a1)
        bnez    a3, 1b
        addi    a4, a4, -1
        bnez    a4, 1b
        ld      a0, 0(a1)
        PR      "10 CAS increments of 3", a0
        CHK     30
TEST_END

        .data
        .balign 64
amobuf: .zero 16
        .balign 64
lrbuf:  .zero 256
