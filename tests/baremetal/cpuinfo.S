/*
 * cpuinfo.S -- reports what the CPU model implements (run it to check a
 * -cpu string): misa, then each probed extension beyond RV64GC as
 * "+name" (its instruction or CSR executes) or "-name" (illegal
 * instruction). Always passes; the checks are on the output:
 * with scripts/lockstep's default QEMU cpu string it must print
 *     misa=0x800000000014112d
 *     ext: -h -v -zba -zbb -zbc -zbs -zicond -zfa -zawrs -zicbom -sstc -svadu
 * (and +zicntr +zihpm, which an RV64GC core has). Also checks that misa has
 * MXL=2 and the letters I, M, A, F, D, C, S, U.
 */
#include "bm.h"

/* Probe: run the instructions between PROBE and END_PROBE with traps
 * recorded; print " +name" if nothing trapped, " -name" if it trapped with
 * an illegal-instruction exception, fail otherwise. */
.macro PROBE name
    TRAP_RESET
.endm
.macro END_PROBE name
    la      t6, bm_trap_count
    sd      zero, BM_ARMED_FROM_COUNT(t6)
    ld      t5, 0(t6)
    beqz    t5, .Lprobe_yes\@
    la      t6, bm_trap_cause
    ld      t5, 0(t6)
    CHECK   t5, CAUSE_ILLEGAL
    PUTS    " -\name"
    j       .Lprobe_done\@
.Lprobe_yes\@:
    PUTS    " +\name"
.Lprobe_done\@:
.endm

    .text
    .globl  test_main
test_main:
    addi    sp, sp, -16
    sd      ra, 0(sp)
    TEST    1
    csrr    s0, misa
    PUTS    "misa="
    PUTHEX  s0
    PUTS    "\n"
    srli    t0, s0, 62              /* MXL = 2 (64-bit) */
    CHECK   t0, 2
    li      t1, 0x14112d            /* I M A F D C S U */
    and     t0, s0, t1
    CHECK   t0, 0x14112d

    PUTS    "ext:"
    la      s1, scratch
    PROBE   h
    csrr    t0, 0x600               /* hstatus */
    END_PROBE h
    PROBE   v
    csrr    t0, 0xc22               /* vlenb */
    END_PROBE v
    PROBE   zba
    .insn   r 0x33, 2, 0x10, t0, t1, t2     /* sh1add */
    END_PROBE zba
    PROBE   zbb
    .insn   r 0x33, 7, 0x20, t0, t1, t2     /* andn */
    END_PROBE zbb
    PROBE   zbc
    .insn   r 0x33, 1, 0x05, t0, t1, t2     /* clmul */
    END_PROBE zbc
    PROBE   zbs
    .insn   r 0x33, 1, 0x14, t0, t1, t2     /* bset */
    END_PROBE zbs
    PROBE   zicond
    .insn   r 0x33, 5, 0x07, t0, t1, t2     /* czero.eqz */
    END_PROBE zicond
    PROBE   zfa
    .insn   r 0x53, 0, 0x78, f0, f1, f1     /* fli.s f0, (index 1) */
    END_PROBE zfa
    PROBE   zawrs
    .word   0x00d00073                      /* wrs.nto */
    END_PROBE zawrs
    PROBE   zicbom
    .insn   i 0x0f, 2, x0, 1(s1)            /* cbo.clean (s1) */
    END_PROBE zicbom
    PROBE   sstc
    csrr    t0, 0x14d               /* stimecmp */
    END_PROBE sstc
    PROBE   svadu
    csrr    t0, 0x30a               /* menvcfg.ADUE reads 1 when hardware */
    srli    t0, t0, 61              /* A/D updating is on (Svadu) */
    andi    t0, t0, 1
    bnez    t0, 1f
    unimp                           /* no ADUE: count it as absent */
1:  END_PROBE svadu
    PROBE   zicntr
    rdtime  t0                      /* (time values must not reach memory */
    rdcycle t0                      /* or other registers: lockstep runs */
    li      t0, 0                   /* mask only the reads themselves) */
    END_PROBE zicntr
    PROBE   zihpm
    csrr    t0, 0xc03               /* hpmcounter3 */
    li      t0, 0
    END_PROBE zihpm
    PUTS    "\n"
    ld      ra, 0(sp)
    addi    sp, sp, 16
    ret

    .data
    .balign 64
scratch:
    .zero   64
