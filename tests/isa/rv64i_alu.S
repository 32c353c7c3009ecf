# RV64I integer computational instructions: register-register and
# register-immediate ALU ops, the W forms, shifts, lui, auipc.
#include "lib.h"

        .macro TRR op, a, b
        li      a1, \a
        li      a2, \b
        \op     a0, a1, a2
        PR      "\op \a \b", a0
        .endm

        .macro TRI op, a, imm
        li      a1, \a
        \op     a0, a1, \imm
        PR      "\op \a \imm", a0
        .endm

#define VALS 0, 1, -1, 0x7fffffffffffffff, 0x8000000000000000, 0x80000000, 0xffffffff, 0x0123456789abcdef

TEST_BEGIN
        SECTION "register-register"
        .irp op, add, sub, and, or, xor, slt, sltu, addw, subw
        .irp a, VALS
        .irp b, VALS
        TRR     \op, \a, \b
        .endr
        .endr
        .endr

        SECTION "hand-checked register-register corners"
        TRR     add, 0x7fffffffffffffff, 1
        CHK     0x8000000000000000              # wraps, no trap
        TRR     sub, 0, 0x8000000000000000
        CHK     0x8000000000000000
        TRR     addw, 0x7fffffff, 1
        CHK     0xffffffff80000000              # 32-bit wrap, sign-extended
        TRR     addw, 0xffffffff, 0
        CHK     -1                              # sext.w of 0xffffffff
        TRR     addw, 0x1234567800000001, 0x0fedcba900000002
        CHK     3                               # upper halves ignored
        TRR     subw, 0, 0x80000000
        CHK     0xffffffff80000000
        TRR     subw, 0x80000000, 1
        CHK     0x7fffffff
        TRR     slt, -1, 0
        CHK     1
        TRR     sltu, -1, 0
        CHK     0
        TRR     slt, 0x8000000000000000, 0x7fffffffffffffff
        CHK     1
        TRR     sltu, 0x8000000000000000, 0x7fffffffffffffff
        CHK     0
        TRR     slt, 5, 5
        CHK     0

        SECTION "shifts by register (amount masked to 6 / 5 bits)"
        .irp op, sll, srl, sra, sllw, srlw, sraw
        .irp a, 0x8000000000000001, 0x0123456789abcdef, -1, 0x80000000, 0x7fffffff, 0xfedcba9876543210
        .irp b, 0, 1, 31, 32, 33, 63, 64, 65, -1
        TRR     \op, \a, \b
        .endr
        .endr
        .endr
        TRR     sll, 1, 63
        CHK     0x8000000000000000
        TRR     sll, 3, 64
        CHK     3                               # 64 & 63 = 0
        TRR     sra, 0x8000000000000000, 63
        CHK     -1
        TRR     srl, 0x8000000000000000, 63
        CHK     1
        TRR     sra, 0x8000000000000000, -1
        CHK     -1                              # -1 & 63 = 63
        TRR     sllw, 1, 31
        CHK     0xffffffff80000000
        TRR     sllw, 1, 32
        CHK     1                               # 32 & 31 = 0
        TRR     srlw, 0x80000000, 0
        CHK     0xffffffff80000000              # srlw by 0 still sign-extends bit 31
        TRR     srlw, 0xffffffff80000000, 31
        CHK     1
        TRR     srlw, -1, 1
        CHK     0x7fffffff
        TRR     sraw, 0x80000000, 31
        CHK     -1
        TRR     sraw, 0x00000000ffffff00, 4
        CHK     0xfffffffffffffff0
        TRR     sraw, 0x7fffffff00000000, 1
        CHK     0                               # only the low word is shifted

        SECTION "shifts by immediate"
        .irp op, slli, srli, srai
        .irp a, 0x8000000000000001, 0x0123456789abcdef, -1, 0x80000000
        .irp s, 0, 1, 31, 32, 63
        TRI     \op, \a, \s
        .endr
        .endr
        .endr
        .irp op, slliw, srliw, sraiw
        .irp a, 0x8000000000000001, 0x0123456789abcdef, -1, 0x80000000, 0x7fffffff
        .irp s, 0, 1, 16, 31
        TRI     \op, \a, \s
        .endr
        .endr
        .endr
        TRI     slliw, 0x0123456789abcdef, 0
        CHK     0xffffffff89abcdef              # sext.w of the low word
        TRI     srliw, 0x80000000, 0
        CHK     0xffffffff80000000
        TRI     srliw, 0x80000000, 31
        CHK     1
        TRI     sraiw, 0x80000000, 31
        CHK     -1
        TRI     slliw, 1, 31
        CHK     0xffffffff80000000
        TRI     srai, 0x8000000000000001, 63
        CHK     -1
        TRI     srli, 0x8000000000000001, 63
        CHK     1

        SECTION "register-immediate"
        .irp op, addi, slti, sltiu, xori, ori, andi, addiw
        .irp a, 0, 1, -1, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffff, 0x80000000
        .irp i, 0, 1, -1, 2047, -2048
        TRI     \op, \a, \i
        .endr
        .endr
        .endr
        TRI     addiw, 0x7fffffff, 1
        CHK     0xffffffff80000000
        TRI     addiw, 0xffffffff, 0
        CHK     -1                              # sext.w
        TRI     addiw, 0x80000000, -1
        CHK     0x7fffffff
        TRI     sltiu, -2, -1
        CHK     1                               # imm sign-extended then compared unsigned
        TRI     sltiu, -1, -1
        CHK     0
        TRI     sltiu, 0, 1
        CHK     1                               # seqz
        TRI     slti, -2048, -2048
        CHK     0
        TRI     xori, 0x0123456789abcdef, -1
        CHK     0xfedcba9876543210              # not
        TRI     andi, -1, -2048
        CHK     0xfffffffffffff800
        TRI     addi, 0x7fffffffffffffff, 1
        CHK     0x8000000000000000

        SECTION "writes to x0 are discarded"
        li      a1, 123
        addi    zero, a1, 1
        add     zero, a1, a1
        lui     zero, 0x12345
        mv      a0, zero
        PR      "x0 after writes", a0
        CHK     0

        SECTION "lui"
        lui     a0, 0
        PR      "lui 0", a0
        CHK     0
        lui     a0, 1
        PR      "lui 1", a0
        CHK     0x1000
        lui     a0, 0x7ffff
        PR      "lui 0x7ffff", a0
        CHK     0x7ffff000
        lui     a0, 0x80000
        PR      "lui 0x80000", a0
        CHK     0xffffffff80000000              # bit 31 sign-extends
        lui     a0, 0xfffff
        PR      "lui 0xfffff", a0
        CHK     0xfffffffffffff000
        lui     a0, 0x12345
        addiw   a0, a0, 0x678
        PR      "lui+addiw 0x12345678", a0
        CHK     0x12345678
        li      a0, 0x123456789abcdef0
        PR      "li 64-bit", a0
        CHK     0x123456789abcdef0

        SECTION "auipc (pc-relative, printed as differences)"
.Lauipc0:
        auipc   a0, 0
        lla      a1, .Lauipc0
        sub     a0, a0, a1
        PR      "auipc 0 - pc", a0
        CHK     0
.Lauipc1:
        auipc   a0, 1
        lla      a1, .Lauipc1
        sub     a0, a0, a1
        PR      "auipc 1 - pc", a0
        CHK     0x1000
.Lauipc2:
        auipc   a0, 0xfffff
        lla      a1, .Lauipc2
        sub     a0, a0, a1
        PR      "auipc 0xfffff - pc", a0
        CHK     -0x1000
.Lauipc3:
        auipc   a0, 0x80000
        lla      a1, .Lauipc3
        sub     a0, a0, a1
        PR      "auipc 0x80000 - pc", a0
        CHK     0xffffffff80000000              # -2^31 offset, 64-bit address arithmetic
.Lauipc4:
        auipc   a0, 0x7ffff
        lla      a1, .Lauipc4
        sub     a0, a0, a1
        PR      "auipc 0x7ffff - pc", a0
        CHK     0x7ffff000

        SECTION "nop and fences execute"
        li      a0, 5
        nop
        fence
        fence   rw, rw
        fence   r, r
        fence   w, w
        fence   iorw, iorw
        fence.tso
        PR      "after fences", a0
        CHK     5
TEST_END
