# RV64I loads and stores: every width, sign/zero extension, little-endian
# byte order, immediate offsets (+-2048), aligned and misaligned accesses
# (QEMU user mode performs misaligned accesses; values are checked), accesses
# that straddle a page boundary, FP loads/stores misaligned, loads to x0.
#include "lib.h"

# load from pat+off
        .macro TLD op, off
        lla     a1, pat
        \op     a0, \off(a1)
        PR      "\op pat+\off", a0
        .endm

# load from the page-crossing area: page2 - 8 + off
        .macro TLDX op, off
        lla     a1, page2
        \op     a0, (\off - 8)(a1)
        PR      "\op page2-8+\off", a0
        .endm

# zero 24 bytes at dst, store 0x8877665544332211 at dst+off, print dst[0..16)
        .macro TST op, off
        lla     a1, dst
        sd      zero, 0(a1)
        sd      zero, 8(a1)
        sd      zero, 16(a1)
        li      a2, 0x8877665544332211
        \op     a2, \off(a1)
        ld      a0, 0(a1)
        PR      "\op dst+\off: dword 0", a0
        ld      a0, 8(a1)
        PR      "\op dst+\off: dword 1", a0
        .endm

# store across the page boundary page2-8+off, print the two dwords around it
        .macro TSTX op, off
        lla     a1, page2
        sd      zero, -8(a1)
        sd      zero, 0(a1)
        li      a2, 0x8877665544332211
        \op     a2, (\off - 8)(a1)
        ld      a0, -8(a1)
        PR      "\op page2-8+\off: below", a0
        ld      a0, 0(a1)
        PR      "\op page2-8+\off: above", a0
        .endm

TEST_BEGIN
        SECTION "aligned and misaligned loads"
        .irp op, lb, lbu
        .irp off, 0, 1, 2, 3, 4, 5, 6, 7
        TLD     \op, \off
        .endr
        .endr
        .irp op, lh, lhu
        .irp off, 0, 1, 2, 3, 6, 7
        TLD     \op, \off
        .endr
        .endr
        .irp op, lw, lwu
        .irp off, 0, 1, 2, 3, 4, 5, 6, 7
        TLD     \op, \off
        .endr
        .endr
        .irp off, 0, 1, 2, 3, 4, 5, 6, 7, 8
        TLD     ld, \off
        .endr

        SECTION "hand-checked extension corners"
        TLD     lb, 0
        CHK     0xffffffffffffff81              # 0x81 sign-extended
        TLD     lbu, 0
        CHK     0x81
        TLD     lh, 2
        CHK     0xffffffffffff8883              # bytes 83 88 (little endian)
        TLD     lhu, 2
        CHK     0x8883
        TLD     lw, 4
        CHK     0xfffffffff00fff7f
        TLD     lwu, 4
        CHK     0xf00fff7f
        TLD     lw, 1
        CHK     0x7f888302                      # misaligned
        TLD     ld, 0
        CHK     0xf00fff7f88830281
        TLD     ld, 3
        CHK     0x563412f00fff7f88              # misaligned: bytes 3..10

        SECTION "loads straddling a page boundary"
        .irp off, 7
        TLDX    lh, \off
        TLDX    lhu, \off
        .endr
        .irp off, 5, 6, 7
        TLDX    lw, \off
        TLDX    lwu, \off
        .endr
        .irp off, 1, 4, 7
        TLDX    ld, \off
        .endr

        SECTION "immediate offsets"
        lla     a1, big + 2048
        ld      a0, -2048(a1)
        PR      "ld -2048", a0
        CHK     0x1111111111111111
        ld      a0, 2040(a1)
        PR      "ld +2040", a0
        CHK     0x2222222222222222
        lw      a0, 2044(a1)
        PR      "lw +2044", a0
        CHK     0x22222222
        lb      a0, 2047(a1)
        PR      "lb +2047", a0
        CHK     0x22
        lla     a1, pat + 4
        lbu     a0, -4(a1)
        PR      "lbu -4", a0
        CHK     0x81

        SECTION "stores"
        .irp op, sb, sh, sw, sd
        .irp off, 0, 1, 2, 3, 4, 5, 6, 7
        TST     \op, \off
        .endr
        .endr
        TST     sh, 1
        CHK     0                               # (dword 1) nothing spills
        TST     sw, 6
        CHK     0x4433                          # (dword 1) bytes 11 22 | 33 44
        TST     sd, 5
        CHK     0x0000008877665544              # (dword 1)

        SECTION "stores straddling a page boundary"
        TSTX    sh, 7
        TSTX    sw, 5
        TSTX    sw, 7
        TSTX    sd, 1
        TSTX    sd, 7
        CHK     0x0088776655443322

        SECTION "store/load round trips"
        lla     a1, dst
        li      a2, 0x11223344
        sw      a2, 0(a1)
        lbu     a0, 0(a1)
        PR      "sw then lbu +0 (little endian)", a0
        CHK     0x44
        lbu     a0, 3(a1)
        PR      "sw then lbu +3", a0
        CHK     0x11
        li      a2, -2
        sb      a2, 1(a1)
        lw      a0, 0(a1)
        PR      "sb -2 into byte 1, lw", a0
        CHK     0x1122fe44
        li      a2, 0xabcdef0123456789
        sw      a2, 0(a1)                       # only the low word is stored
        lw      a0, 0(a1)
        PR      "sw of a 64-bit value, lw", a0
        CHK     0x23456789
        sw      zero, 4(a1)
        ld      a0, 0(a1)
        PR      "ld after two sw", a0
        CHK     0x23456789

        SECTION "load into x0 has no effect"
        lla     a1, pat
        lw      zero, 0(a1)
        ld      zero, 3(a1)
        mv      a0, zero
        PR      "x0", a0
        CHK     0

        SECTION "base register reused as destination"
        lla     a0, ptr
        ld      a0, 0(a0)
        ld      a0, 0(a0)
        PR      "ld a0, 0(a0) twice", a0
        CHK     0x5a5a5a5a5a5a5a5a

        SECTION "misaligned FP loads and stores"
        lla     a1, pat
        flw     fa0, 1(a1)
        fmv.x.d a0, fa0
        PR      "flw pat+1 (NaN-boxed)", a0
        CHK     0xffffffff7f888302
        fld     fa0, 3(a1)
        fmv.x.d a0, fa0
        PR      "fld pat+3", a0
        CHK     0x563412f00fff7f88
        lla     a2, dst
        sd      zero, 0(a2)
        sd      zero, 8(a2)
        fsw     fa0, 3(a2)                      # stores the low 32 bits unchanged
        ld      a0, 0(a2)
        PR      "fsw dst+3", a0
        CHK     0x000fff7f88000000
        fsd     fa0, 5(a2)
        ld      a0, 0(a2)
        PR      "fsd dst+5: dword 0", a0
        CHK     0xff7f887f88000000
        ld      a0, 8(a2)
        PR      "fsd dst+5: dword 1", a0
        CHK     0x000000563412f00f
        lla     a1, page2
        fld     fa0, -3(a1)
        fmv.x.d a0, fa0
        PR      "fld across the page boundary", a0
TEST_END

        .data
        .balign 8
pat:    .byte 0x81, 0x02, 0x83, 0x88, 0x7f, 0xff, 0x0f, 0xf0
        .byte 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0
        .byte 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef
ptr:    .dword ptr2
ptr2:   .dword 0x5a5a5a5a5a5a5a5a
dst:    .zero 32
big:    .rept 256
        .dword 0x1111111111111111
        .endr
        .rept 256
        .dword 0x2222222222222222
        .endr

        .balign 4096
page1:  .zero 4096 - 16
        .byte 0x81, 0x02, 0x83, 0x88, 0x7f, 0xff, 0x0f, 0xf0
        .byte 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0
page2:  .byte 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef
        .zero 4096 - 8
