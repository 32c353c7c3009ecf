/*
 * start.S -- entry point of rivet's bare-metal test images (riscv64, the
 * QEMU "virt" machine without firmware).
 *
 * The reset ROM at 0x1000 jumps here (0x80000000) on every hart, in M-mode,
 * with a0 = mhartid and a1 = the device-tree address. Every hart:
 *   - enables the FPU (mstatus.FS = Initial; FP instructions trap while FS
 *     is Off, which is the reset value),
 *   - takes its own 8 KiB stack from the `stacks` array (harts 0..7),
 *   - calls kmain(hartid, device tree) (hart 0) or secondary_main(hartid)
 *     (the others); a1 still holds the device-tree address there.
 * Hart 0 also clears .bss first (up to the stacks, which the linker places
 * after .bss, so running harts keep theirs); the other harts wait for that
 * before entering C. Harts 8 and above just park.
 *
 * The other harts wait without spinning, so that every hart executes the
 * same instructions on every run (scripts/lockstep compares runs instruction
 * by instruction): each enables only the machine software interrupt in mie
 * (mstatus.MIE stays 0, so nothing traps) and executes wfi; hart 0, once
 * .bss is clear, sets the CLINT msip word of harts 1 to 7 (a write for a
 * hart that does not exist is ignored by the CLINT). If the msip is already
 * set when a hart reaches its wfi, the wfi falls through: either way the
 * hart executes it exactly once. The hart then clears its msip and mie.MSIE.
 *
 * This must be the first object on the link line so that _start lands at
 * 0x80000000 (see scripts/build-baremetal).
 */
#define CLINT_MSIP  0x2000000         /* one 32-bit word per hart */
#define MIP_MSIP    (1 << 3)

    .section .text
    .globl _start
_start:
    csrr    t0, mhartid
    li      t1, 8
    bgeu    t0, t1, park            /* no stack for this hart */

    .option push                    /* gp for linker relaxation; must */
    .option norelax                 /* not itself be relaxed against gp */
    la      gp, __global_pointer$
    .option pop

    li      t1, 0x2000              /* mstatus.FS = 01 (Initial) */
    csrs    mstatus, t1
    csrw    fcsr, zero

    la      sp, stacks              /* sp = stacks + (hartid + 1) * 8 KiB */
    addi    t1, t0, 1
    slli    t1, t1, 13
    add     sp, sp, t1

    mv      a0, t0
    bnez    t0, 2f

    la      t1, __bss_start         /* hart 0: zero .bss up to the stacks, */
    la      t2, stacks              /* which the linker places after it  */
1:  bgeu    t1, t2, 3f
    sb      zero, 0(t1)             /* bytes: no alignment assumption */
    addi    t1, t1, 1
    j       1b
3:  fence   w, w                    /* publish the zeros, then the flag */
    la      t1, bss_ready
    li      t2, 1
    sw      t2, 0(t1)
    fence   w, o                    /* the flag before the wake-ups */
    li      t1, CLINT_MSIP + 4      /* wake harts 1..7: their msip = 1 */
    li      t2, CLINT_MSIP + 4 * 8
    li      t3, 1
5:  sw      t3, 0(t1)
    addi    t1, t1, 4
    bltu    t1, t2, 5b
    call    kmain                   /* never returns: it exits QEMU */
    j       park

2:  li      t1, MIP_MSIP            /* other harts: sleep until hart 0 */
    csrs    mie, t1                 /* has cleared .bss, whose variables */
    la      t1, bss_ready           /* they are about to update */
4:  wfi
    lw      t2, 0(t1)
    beqz    t2, 4b
    fence   r, rw
    li      t1, CLINT_MSIP          /* clear our msip, disable the wake-up */
    slli    t2, t0, 2
    add     t1, t1, t2
    sw      zero, 0(t1)
    li      t1, MIP_MSIP
    csrc    mie, t1
    call    secondary_main

park:
    wfi
    j       park

    .section .data
    .balign 4
bss_ready:                          /* set by hart 0 once .bss is clear */
    .word   0

    /* 8 harts x 8 KiB, in a section of its own that the linker puts after
     * .sbss/.bss (scripts/build-baremetal checks that). */
    .section .stacks, "aw", @nobits
    .balign 16
    .globl stacks
stacks:
    .space  8 * 8192
