/*
 * bm.h -- constants and assembler macros for the pure-assembly bare-metal
 * tests in tests/baremetal/ (X.S files; QEMU "virt" machine, no firmware).
 *
 * A test is linked as start.S + lib/bmlib.S + TEST.S (scripts/build-baremetal)
 * and defines `kmain`, entered by hart 0 in M-mode with mstatus.FS = Initial,
 * fcsr = 0, sp = its own 8 KiB stack, a0 = 0 and a1 = the device tree. Other
 * harts enter `secondary_main` (bmlib.S has a weak one that returns, which
 * parks the hart). Tests are assembled without linker relaxation, so gp is
 * free: by convention it holds the current test number, which is the exit
 * code on failure.
 *
 * Registers t5 and t6 are scratch for the CHECK* macros: tests keep their
 * own values elsewhere. The helpers in bmlib.S preserve every register but
 * ra (and a0 for those that return something).
 */
#ifndef BM_H
#define BM_H

#define UART0           0x10000000
#define TEST_FINISHER   0x100000
#define CLINT           0x2000000
#define CLINT_MSIP      (CLINT + 0x0)
#define CLINT_MTIMECMP  (CLINT + 0x4000)
#define CLINT_MTIME     (CLINT + 0xbff8)

/* mstatus */
#define MSTATUS_SIE     (1 << 1)
#define MSTATUS_MIE     (1 << 3)
#define MSTATUS_SPIE    (1 << 5)
#define MSTATUS_MPIE    (1 << 7)
#define MSTATUS_SPP     (1 << 8)
#define MSTATUS_MPP     (3 << 11)
#define MSTATUS_MPP_S   (1 << 11)
#define MSTATUS_FS      (3 << 13)
#define MSTATUS_MPRV    (1 << 17)
#define MSTATUS_SUM     (1 << 18)
#define MSTATUS_MXR     (1 << 19)
#define MSTATUS_TVM     (1 << 20)
#define MSTATUS_TW      (1 << 21)
#define MSTATUS_TSR     (1 << 22)

/* mip / mie */
#define MIP_SSIP        (1 << 1)
#define MIP_MSIP        (1 << 3)
#define MIP_STIP        (1 << 5)
#define MIP_MTIP        (1 << 7)
#define MIP_SEIP        (1 << 9)
#define MIP_MEIP        (1 << 11)

/* mcause values */
#define CAUSE_MISALIGNED_FETCH  0
#define CAUSE_FETCH_ACCESS      1
#define CAUSE_ILLEGAL           2
#define CAUSE_BREAKPOINT        3
#define CAUSE_MISALIGNED_LOAD   4
#define CAUSE_LOAD_ACCESS       5
#define CAUSE_MISALIGNED_STORE  6
#define CAUSE_STORE_ACCESS      7
#define CAUSE_ECALL_U           8
#define CAUSE_ECALL_S           9
#define CAUSE_ECALL_M           11
#define CAUSE_FETCH_PAGE        12
#define CAUSE_LOAD_PAGE         13
#define CAUSE_STORE_PAGE        15
#define CAUSE_INTR              0x8000000000000000

/* fflags */
#define FF_NX   1
#define FF_UF   2
#define FF_OF   4
#define FF_DZ   8
#define FF_NV   16

/* Offset of bm_trap_armed from bm_trap_count (bmlib.S's save area). */
#define BM_ARMED_FROM_COUNT 40

#ifdef __ASSEMBLER__

/* Start test number n (the failure exit code). */
.macro TEST n
    li      gp, \n
.endm

/* Fail (exit code gp) unless register reg holds val. */
.macro CHECK reg, val
    li      t6, \val
    beq     \reg, t6, .Lcheck_ok\@
    mv      a1, \reg
    mv      a2, t6
    j       bm_check_failed
.Lcheck_ok\@:
.endm

/* Same with two registers. */
.macro CHECKR reg, reg2
    beq     \reg, \reg2, .Lcheckr_ok\@
    mv      a1, \reg
    mv      a2, \reg2
    j       bm_check_failed
.Lcheckr_ok\@:
.endm

/* Check the bits of a single (boxed) or double FP register. */
.macro CHECKF freg, bits
    fmv.x.d t5, \freg
    CHECK   t5, \bits
.endm

/* Check fflags, then clear them. */
.macro CHECK_FLAGS val
    csrrw   t5, fflags, zero
    CHECK   t5, \val
.endm

/* Print a string literal on the UART. */
.macro PUTS str
    .pushsection .rodata.str, "a"
.Lputs\@:
    .asciz  "\str"
    .popsection
    addi    sp, sp, -16
    sd      a0, 0(sp)
    la      a0, .Lputs\@
    call    bm_puts
    ld      a0, 0(sp)
    addi    sp, sp, 16
.endm

/* Print register reg in hex (0x...) on the UART. */
.macro PUTHEX reg
    addi    sp, sp, -16
    sd      a0, 0(sp)
    mv      a0, \reg
    call    bm_puthex
    ld      a0, 0(sp)
    addi    sp, sp, 16
.endm

/*
 * Expected traps, with bm_mtrap as mtvec (bm_expect_traps installs it):
 * TRAP_RESET clears the record; after the instruction that should trap,
 * CHECK_TRAP checks that exactly one trap happened, with this mcause, and
 * (CHECK_TRAP_TVAL) this mtval. bm_mtrap resumes after the trapping
 * instruction (2 or 4 bytes, read from memory at mepc: no paging), or at the
 * label given to TRAP_RESUME. A trap outside TRAP_RESET..CHECK_* fails the
 * test with code 0xfe.
 */
.macro TRAP_RESET
    la      t6, bm_trap_count
    sd      zero, 0(t6)
    li      t5, 1
    sd      t5, BM_ARMED_FROM_COUNT(t6)
.endm

/* Resume at label after the next trap (instead of after the instruction). */
.macro TRAP_RESUME label
    la      t5, \label
    la      t6, bm_trap_resume
    sd      t5, 0(t6)
.endm

.macro CHECK_TRAP cause
    la      t6, bm_trap_count
    sd      zero, BM_ARMED_FROM_COUNT(t6)
    ld      t5, 0(t6)
    CHECK   t5, 1
    la      t6, bm_trap_cause
    ld      t5, 0(t6)
    CHECK   t5, \cause
.endm

.macro CHECK_TRAP_TVAL cause, tval
    CHECK_TRAP \cause
    la      t6, bm_trap_tval
    ld      t5, 0(t6)
    CHECK   t5, \tval
.endm

.macro CHECK_NO_TRAP
    la      t6, bm_trap_count
    sd      zero, BM_ARMED_FROM_COUNT(t6)
    ld      t5, 0(t6)
    CHECK   t5, 0
.endm

#endif /* __ASSEMBLER__ */
#endif /* BM_H */
