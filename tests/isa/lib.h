/*
 * lib.h - tiny freestanding runtime for rivet's instruction-level tests.
 *
 * Every test is a static, libc-free riscv64 Linux program:
 *
 *     #include "lib.h"
 *     TEST_BEGIN
 *         li   a1, 7
 *         li   a2, 0
 *         div  a0, a1, a2
 *         PR   "div 7/0", a0
 *         CHK  -1                 # spec: division by zero -> all ones
 *     TEST_END
 *
 * Output format, one line per vector:
 *     <label padded to 42 columns> <16 hex digits>[ fl=<2 hex digits>]
 *
 * Register conventions of the macros:
 *   - PR, PRF, PUTS, CHK, SECTION preserve every register (x and f) and fcsr.
 *   - The LI_* and T* helpers clobber t0 and t1 (and the registers they
 *     document); tests should keep live values elsewhere.
 *   - sp must point to a valid stack (the print helpers push on it).
 *
 * By default code is assembled with `.option norvc` so that every
 * instruction a test names is encoded in its 32-bit form; compressed
 * instructions are tested explicitly in rvc.S.
 *
 * A test may declare the exit status it expects (default 0) with a comment
 *     # EXPECT-STATUS: 132
 * which scripts/isa-tests reads.
 */
#ifndef RIVET_ISA_LIB_H
#define RIVET_ISA_LIB_H

#define SYS_write 64
#define SYS_exit 93
#define SYS_exit_group 94
#define SYS_mmap 222
#define SYS_munmap 215

/* fflags bits */
#define NV 0x10
#define DZ 0x08
#define OF 0x04
#define UF 0x02
#define NX 0x01

/* rounding modes (frm values) */
#define RM_RNE 0
#define RM_RTZ 1
#define RM_RDN 2
#define RM_RUP 3
#define RM_RMM 4

/* ---------- single-precision bit patterns ---------- */
#define S_P0      0x00000000
#define S_N0      0x80000000
#define S_ONE     0x3f800000
#define S_MONE    0xbf800000
#define S_TWO     0x40000000
#define S_THREE   0x40400000
#define S_FOUR    0x40800000
#define S_HALF    0x3f000000
#define S_MHALF   0xbf000000
#define S_1P5     0x3fc00000
#define S_2P5     0x40200000
#define S_TENTH   0x3dcccccd
#define S_MAX     0x7f7fffff
#define S_MMAX    0xff7fffff
#define S_MINN    0x00800000   /* smallest normal */
#define S_MAXSUB  0x007fffff   /* largest subnormal */
#define S_MINSUB  0x00000001   /* smallest subnormal */
#define S_MMINSUB 0x80000001
#define S_INF     0x7f800000
#define S_MINF    0xff800000
#define S_QNAN    0x7fc00000   /* canonical NaN */
#define S_SNAN    0x7f800001
#define S_NQNANP  0xffc00123   /* negative quiet NaN with payload */
#define S_SNANP   0x7fa00005   /* signalling NaN with payload */
#define S_2P24    0x4b800000   /* 16777216.0 */
#define S_EPSH    0x33800000   /* 2^-24: half an ulp of 1.0 */
#define S_2P31    0x4f000000
#define S_M2P31   0xcf000000
#define S_2P32    0x4f800000
#define S_2P63    0x5f000000
#define S_M2P63   0xdf000000
#define S_2P64    0x5f800000

/* ---------- double-precision bit patterns ---------- */
#define D_P0      0x0000000000000000
#define D_N0      0x8000000000000000
#define D_ONE     0x3ff0000000000000
#define D_MONE    0xbff0000000000000
#define D_TWO     0x4000000000000000
#define D_THREE   0x4008000000000000
#define D_FOUR    0x4010000000000000
#define D_HALF    0x3fe0000000000000
#define D_MHALF   0xbfe0000000000000
#define D_1P5     0x3ff8000000000000
#define D_2P5     0x4004000000000000
#define D_TENTH   0x3fb999999999999a
#define D_MAX     0x7fefffffffffffff
#define D_MMAX    0xffefffffffffffff
#define D_MINN    0x0010000000000000
#define D_MAXSUB  0x000fffffffffffff
#define D_MINSUB  0x0000000000000001
#define D_MMINSUB 0x8000000000000001
#define D_INF     0x7ff0000000000000
#define D_MINF    0xfff0000000000000
#define D_QNAN    0x7ff8000000000000
#define D_SNAN    0x7ff0000000000001
#define D_NQNANP  0xfff8000000000123
#define D_SNANP   0x7ff4000000000005
#define D_EPSH    0x3ca0000000000000   /* 2^-53 */
#define D_2P31    0x41e0000000000000
#define D_M2P31   0xc1e0000000000000
#define D_2P32    0x41f0000000000000
#define D_2P63    0x43e0000000000000
#define D_M2P63   0xc3e0000000000000
#define D_2P64    0x43f0000000000000

/* a boxed single, as it appears in a 64-bit f register */
#define BOX(x) (0xffffffff00000000 | (x))

        .option norvc

/* ------------------------------------------------------------------ */
/* program frame                                                       */
/* ------------------------------------------------------------------ */

        .macro TEST_BEGIN
        .text
        .globl _start
_start:
        .endm

        .macro TEST_END
        li      a0, 0
        j       __exit
        __RUNTIME
        .endm

/* EXIT code: flush the output and exit with the given status */
        .macro EXIT code
        li      a0, \code
        j       __exit
        .endm

/* flush pending output (before something that may kill the process) */
        .macro FLUSH
        addi    sp, sp, -16
        sd      ra, 0(sp)
        call    __flush
        ld      ra, 0(sp)
        addi    sp, sp, 16
        .endm

/* ------------------------------------------------------------------ */
/* printing                                                            */
/* ------------------------------------------------------------------ */

/* PRF label, reg, flagsreg: "label value fl=flags" */
        .macro PRF label:req, reg:req, flags:req
        .pushsection .rodata.isa_str, "a"
.Lpr_str\@:
        .asciz "\label"
        .popsection
        addi    sp, sp, -48
        sd      a0, 0(sp)
        sd      a1, 8(sp)
        sd      a2, 16(sp)
        sd      ra, 24(sp)
        sd      \reg, 32(sp)
        sd      \flags, 40(sp)
        ld      a1, 32(sp)
        ld      a2, 40(sp)
        lla      a0, .Lpr_str\@
        call    __print_line
        ld      a0, 0(sp)
        ld      a1, 8(sp)
        ld      a2, 16(sp)
        ld      ra, 24(sp)
        addi    sp, sp, 48
        .endm

/* PR label, reg: "label value" */
        .macro PR label:req, reg:req
        .pushsection .rodata.isa_str, "a"
.Lpr_str\@:
        .asciz "\label"
        .popsection
        addi    sp, sp, -48
        sd      a0, 0(sp)
        sd      a1, 8(sp)
        sd      a2, 16(sp)
        sd      ra, 24(sp)
        sd      \reg, 32(sp)
        ld      a1, 32(sp)
        li      a2, -1
        lla      a0, .Lpr_str\@
        call    __print_line
        ld      a0, 0(sp)
        ld      a1, 8(sp)
        ld      a2, 16(sp)
        ld      ra, 24(sp)
        addi    sp, sp, 48
        .endm

/* PUTS "text": print text followed by a newline */
        .macro PUTS text:req
        .pushsection .rodata.isa_str, "a"
.Lputs_str\@:
        .asciz "\text"
        .popsection
        addi    sp, sp, -32
        sd      a0, 0(sp)
        sd      ra, 8(sp)
        lla      a0, .Lputs_str\@
        call    __puts
        li      a0, 10
        call    __putc
        ld      a0, 0(sp)
        ld      ra, 8(sp)
        addi    sp, sp, 32
        .endm

        .macro SECTION name:req
        PUTS    "# \name"
        .endm

/*
 * CHK expected[, flags]: hand-checked expectation for the value (and the
 * fflags, if given) printed by the previous PR/PRF.  On disagreement the
 * program prints a line "!! MISMATCH ..." -- such a line must never appear
 * in a golden .expected file.
 */
        .macro CHK val:req, fl=-1
        addi    sp, sp, -32
        sd      a0, 0(sp)
        sd      a1, 8(sp)
        sd      a2, 16(sp)
        sd      ra, 24(sp)
        li      a1, \val
        li      a2, \fl
        call    __check
        ld      a0, 0(sp)
        ld      a1, 8(sp)
        ld      a2, 16(sp)
        ld      ra, 24(sp)
        addi    sp, sp, 32
        .endm

/* ------------------------------------------------------------------ */
/* loading values (clobber t0)                                         */
/* ------------------------------------------------------------------ */

/* raw 64-bit pattern into an f register */
        .macro LI_D freg, val
        li      t0, \val
        fmv.d.x \freg, t0
        .endm

/* 32-bit pattern, NaN-boxed, into an f register */
        .macro LI_S freg, val
        li      t0, \val
        fmv.w.x \freg, t0
        .endm

/* ------------------------------------------------------------------ */
/* floating-point vector macros                                        */
/*                                                                     */
/*   T<in><out> label, a, b, c, instruction                           */
/*     in  = S: a,b,c are single patterns, loaded NaN-boxed into       */
/*              fa1,fa2,fa3 (and zero-extended into a1,a2,a3)          */
/*           D: a,b,c are 64-bit patterns loaded raw into fa1..fa3     */
/*              and a1..a3 (so D also serves integer sources and       */
/*              improperly boxed singles)                              */
/*     out = F: print the 64 raw bits of fa0                           */
/*           X: print a0                                               */
/*   fa0 and a0 are zeroed first; fflags are cleared right before the  */
/*   instruction and read right after it.  Clobbers t0, t1, a0-a3,     */
/*   fa0-fa3.                                                          */
/* ------------------------------------------------------------------ */

        .macro __FLOAD kind, freg, xreg, val
        li      t0, \val
        .ifc \kind, S
        fmv.w.x \freg, t0
        .else
        fmv.d.x \freg, t0
        .endif
        mv      \xreg, t0
        .endm

        .macro __FT kind, out, label, a, b, c, insn:vararg
        __FLOAD \kind, fa1, a1, \a
        __FLOAD \kind, fa2, a2, \b
        __FLOAD \kind, fa3, a3, \c
        fmv.d.x fa0, zero
        li      a0, 0
        fsflags zero
        \insn
        frflags t1
        .ifc \out, F
        fmv.x.d t0, fa0
        .else
        mv      t0, a0
        .endif
        PRF     "\label", t0, t1
        .endm

        .macro TSF label, a, b, c, insn:vararg
        __FT S, F, "\label", \a, \b, \c, \insn
        .endm
        .macro TSX label, a, b, c, insn:vararg
        __FT S, X, "\label", \a, \b, \c, \insn
        .endm
        .macro TDF label, a, b, c, insn:vararg
        __FT D, F, "\label", \a, \b, \c, \insn
        .endm
        .macro TDX label, a, b, c, insn:vararg
        __FT D, X, "\label", \a, \b, \c, \insn
        .endm

/* ------------------------------------------------------------------ */
/* instructions whose rounding-mode operand binutils 2.40 rejects      */
/* (exact conversions; the rm field is still decoded and must be a     */
/* valid mode): FCVT_D_S / FCVT_D_W / FCVT_D_WU rd, rs[, rm]            */
/* ------------------------------------------------------------------ */

        .macro __RMSET rm
        .ifc \rm, rne
        .set __rm, 0
        .endif
        .ifc \rm, rtz
        .set __rm, 1
        .endif
        .ifc \rm, rdn
        .set __rm, 2
        .endif
        .ifc \rm, rup
        .set __rm, 3
        .endif
        .ifc \rm, rmm
        .set __rm, 4
        .endif
        .ifc \rm, dyn
        .set __rm, 7
        .endif
        .endm

        .macro FCVT_D_S rd, rs, rm=rne
        __RMSET \rm
        .insn r 0x53, __rm, 0x21, \rd, \rs, f0
        .endm
        .macro FCVT_D_W rd, rs, rm=rne
        __RMSET \rm
        .insn r 0x53, __rm, 0x69, \rd, \rs, x0
        .endm
        .macro FCVT_D_WU rd, rs, rm=rne
        __RMSET \rm
        .insn r 0x53, __rm, 0x69, \rd, \rs, x1
        .endm

/* ------------------------------------------------------------------ */
/* runtime (emitted once, by TEST_END)                                 */
/* ------------------------------------------------------------------ */

        .macro __RUNTIME
        .pushsection .text.isa_runtime, "ax"
        .balign 4

/* __exit(a0 = status): flush, exit_group */
__exit:
        mv      s0, a0
        call    __flush
        mv      a0, s0
        li      a7, SYS_exit_group
        ecall
        j       __exit

/* __flush(): write the pending output buffer; preserves all registers */
__flush:
        addi    sp, sp, -48
        sd      a0, 0(sp)
        sd      a1, 8(sp)
        sd      a2, 16(sp)
        sd      a7, 24(sp)
        sd      t0, 32(sp)
        sd      t1, 40(sp)
        lla      t0, __opos
        ld      t1, 0(t0)
        lla      a1, __obuf
1:      beqz    t1, 2f
        li      a0, 1
        mv      a2, t1
        li      a7, SYS_write
        ecall
        blez    a0, 2f
        add     a1, a1, a0
        sub     t1, t1, a0
        j       1b
2:      la      t0, __opos
        sd      zero, 0(t0)
        ld      a0, 0(sp)
        ld      a1, 8(sp)
        ld      a2, 16(sp)
        ld      a7, 24(sp)
        ld      t0, 32(sp)
        ld      t1, 40(sp)
        addi    sp, sp, 48
        ret

/* __putc(a0 = char): buffered; flushes on newline; preserves all registers */
__putc:
        addi    sp, sp, -32
        sd      ra, 0(sp)
        sd      t0, 8(sp)
        sd      t1, 16(sp)
        sd      t2, 24(sp)
        lla      t0, __opos
        ld      t1, 0(t0)
        lla      t2, __obuf
        add     t2, t2, t1
        sb      a0, 0(t2)
        addi    t1, t1, 1
        sd      t1, 0(t0)
        li      t2, 10
        beq     a0, t2, 1f
        li      t2, 4000
        blt     t1, t2, 2f
1:      call    __flush
2:      ld      ra, 0(sp)
        ld      t0, 8(sp)
        ld      t1, 16(sp)
        ld      t2, 24(sp)
        addi    sp, sp, 32
        ret

/* __puts(a0 = string) -> a0 = length; preserves all other registers */
__puts:
        addi    sp, sp, -32
        sd      ra, 0(sp)
        sd      t0, 8(sp)
        sd      t1, 16(sp)
        mv      t0, a0
        li      t1, 0
1:      lbu     a0, 0(t0)
        beqz    a0, 2f
        call    __putc
        addi    t0, t0, 1
        addi    t1, t1, 1
        j       1b
2:      mv      a0, t1
        ld      ra, 0(sp)
        ld      t0, 8(sp)
        ld      t1, 16(sp)
        addi    sp, sp, 32
        ret

/* __puthex(a0 = value, a1 = number of digits); preserves all registers */
__puthex:
        addi    sp, sp, -48
        sd      ra, 0(sp)
        sd      t0, 8(sp)
        sd      t1, 16(sp)
        sd      a0, 24(sp)
        sd      t2, 32(sp)
        mv      t0, a0
        slli    t1, a1, 2
1:      addi    t1, t1, -4
        bltz    t1, 3f
        srl     a0, t0, t1
        andi    a0, a0, 15
        li      t2, 10
        blt     a0, t2, 2f
        addi    a0, a0, 'a' - '0' - 10
2:      addi    a0, a0, '0'
        call    __putc
        j       1b
3:      ld      ra, 0(sp)
        ld      t0, 8(sp)
        ld      t1, 16(sp)
        ld      a0, 24(sp)
        ld      t2, 32(sp)
        addi    sp, sp, 48
        ret

/* __print_line(a0 = label, a1 = value, a2 = flags or -1); preserves all */
__print_line:
        addi    sp, sp, -48
        sd      ra, 0(sp)
        sd      a0, 8(sp)
        sd      a1, 16(sp)
        sd      t0, 24(sp)
        sd      t1, 32(sp)
        lla      t0, __last
        sd      a1, 0(t0)
        sd      a2, 8(t0)
        call    __puts
        mv      t1, a0
        li      a0, ' '
1:      call    __putc
        addi    t1, t1, 1
        slti    t0, t1, 42
        bnez    t0, 1b
        mv      a0, a1
        li      a1, 16
        call    __puthex
        bltz    a2, 2f
        lla      a0, __str_fl
        call    __puts
        mv      a0, a2
        li      a1, 2
        call    __puthex
2:      li      a0, 10
        call    __putc
        ld      ra, 0(sp)
        ld      a0, 8(sp)
        ld      a1, 16(sp)
        ld      t0, 24(sp)
        ld      t1, 32(sp)
        addi    sp, sp, 48
        ret

/* __check(a1 = expected value, a2 = expected flags or -1); preserves all */
__check:
        addi    sp, sp, -48
        sd      ra, 0(sp)
        sd      a0, 8(sp)
        sd      a1, 16(sp)
        sd      t0, 24(sp)
        sd      t1, 32(sp)
        lla      t0, __last
        ld      t1, 0(t0)
        bne     t1, a1, 1f
        bltz    a2, 3f
        ld      t1, 8(t0)
        beq     t1, a2, 3f
1:      la      a0, __str_mismatch
        call    __puts
        mv      a0, a1
        li      a1, 16
        call    __puthex
        bltz    a2, 2f
        lla      a0, __str_fl
        call    __puts
        mv      a0, a2
        li      a1, 2
        call    __puthex
2:      li      a0, 10
        call    __putc
3:      ld      ra, 0(sp)
        ld      a0, 8(sp)
        ld      a1, 16(sp)
        ld      t0, 24(sp)
        ld      t1, 32(sp)
        addi    sp, sp, 48
        ret
        .popsection

        .pushsection .rodata.isa_str, "a"
__str_fl:
        .asciz " fl="
__str_mismatch:
        .asciz "!! MISMATCH, spec expects                 "
        .popsection

        .pushsection .bss.isa_runtime, "aw", @nobits
        .balign 8
__last: .zero 16
__opos: .zero 8
__obuf: .zero 4096
        .popsection
        .endm

#endif
