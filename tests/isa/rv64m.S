# RV64M: mul, mulh, mulhsu, mulhu, mulw, div, divu, rem, remu, divw, divuw,
# remw, remuw over a value matrix, plus the spec's corner cases: division by
# zero, signed overflow (MIN / -1), W forms ignoring the upper 32 bits of the
# sources and sign-extending their 32-bit result.
#include "lib.h"

        .macro TRR op, a, b
        li      a1, \a
        li      a2, \b
        \op     a0, a1, a2
        PR      "\op \a \b", a0
        .endm

#define MVALS 0, 1, -1, 2, -7, 0x7fffffffffffffff, 0x8000000000000000, 0x80000000, 0xffffffff, 0x0123456789abcdef

TEST_BEGIN
        SECTION "matrix"
        .irp op, mul, mulh, mulhsu, mulhu, mulw, div, divu, rem, remu, divw, divuw, remw, remuw
        .irp a, MVALS
        .irp b, MVALS
        TRR     \op, \a, \b
        .endr
        .endr
        .endr

        SECTION "multiply corners"
        TRR     mul, 0x8000000000000000, -1
        CHK     0x8000000000000000              # low 64 bits of 2^63
        TRR     mulh, 0x8000000000000000, -1
        CHK     0                               # (-2^63)(-1) = 2^63: high half 0
        TRR     mulh, 0x8000000000000000, 0x8000000000000000
        CHK     0x4000000000000000              # 2^126
        TRR     mulhu, -1, -1
        CHK     0xfffffffffffffffe              # (2^64-1)^2 = 2^128 - 2^65 + 1
        TRR     mulhsu, -1, -1
        CHK     -1                              # (-1) * (2^64-1): high half all ones
        TRR     mulhsu, 2, -1
        CHK     1
        TRR     mulh, -1, -1
        CHK     0
        TRR     mulw, 0x7fffffff, 2
        CHK     0xfffffffffffffffe              # low 32 bits 0xfffffffe, sign-extended
        TRR     mulw, 0x1234567800010000, 0xabcdef0000010000
        CHK     0                               # 2^16 * 2^16 = 2^32: low word 0
        TRR     mulw, 0x0000000100000003, 0xffffffff00000005
        CHK     15                              # upper halves ignored

        SECTION "division by zero (no trap)"
        TRR     div, 7, 0
        CHK     -1                              # div x/0 -> -1
        TRR     div, -7, 0
        CHK     -1
        TRR     divu, 7, 0
        CHK     0xffffffffffffffff              # divu x/0 -> 2^64-1
        TRR     rem, 7, 0
        CHK     7                               # rem x/0 -> x
        TRR     rem, -7, 0
        CHK     -7
        TRR     remu, 0x8000000000000000, 0
        CHK     0x8000000000000000              # remu x/0 -> x
        TRR     divw, 7, 0
        CHK     -1
        TRR     divuw, 7, 0
        CHK     -1                              # 0xffffffff sign-extended
        TRR     remw, 0x1234567880000000, 0
        CHK     0xffffffff80000000              # dividend's low word, sign-extended
        TRR     remuw, 0x12345678fffffff9, 0
        CHK     0xfffffffffffffff9              # low word 0xfffffff9, sign-extended
        TRR     divw, 7, 0x100000000
        CHK     -1                              # divisor's low word is 0

        SECTION "signed overflow"
        TRR     div, 0x8000000000000000, -1
        CHK     0x8000000000000000              # MIN/-1 -> MIN
        TRR     rem, 0x8000000000000000, -1
        CHK     0                               # MIN%-1 -> 0
        TRR     divw, 0x80000000, -1
        CHK     0xffffffff80000000              # INT32_MIN/-1 -> INT32_MIN, sign-extended
        TRR     remw, 0x80000000, -1
        CHK     0
        TRR     divw, 0x0000000080000000, 0x00000000ffffffff
        CHK     0xffffffff80000000              # same, the -1 given as 0xffffffff
        TRR     divu, 0x8000000000000000, -1
        CHK     0                               # unsigned: no overflow
        TRR     remu, 0x8000000000000000, -1
        CHK     0x8000000000000000

        SECTION "rounding toward zero, sign of remainder follows dividend"
        TRR     div, -7, 2
        CHK     -3
        TRR     rem, -7, 2
        CHK     -1
        TRR     div, 7, -2
        CHK     -3
        TRR     rem, 7, -2
        CHK     1
        TRR     divw, -7, 2
        CHK     -3
        TRR     remw, -7, 2
        CHK     -1
        TRR     divuw, -7, 2
        CHK     0x7ffffffc                      # 0xfffffff9 / 2
        TRR     remuw, -7, 2
        CHK     1
        TRR     divuw, 0xfffffffe, 1
        CHK     0xfffffffffffffffe              # 32-bit result sign-extended
        TRR     divw, 0xffffffff00000064, 0x0000000700000007
        CHK     14                              # 100 / 7, upper halves ignored
        TRR     divu, -1, 2
        CHK     0x7fffffffffffffff

        SECTION "rd aliases a source"
        li      a0, 6
        li      a1, 7
        mul     a0, a0, a1
        PR      "mul a0,a0,a1", a0
        CHK     42
        li      a0, 100
        div     a0, a0, a0
        PR      "div a0,a0,a0", a0
        CHK     1
        li      a0, 0
        divu    a0, a0, a0
        PR      "divu 0/0 in place", a0
        CHK     -1
TEST_END
