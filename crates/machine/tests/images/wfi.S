/* Waits for an interrupt that nothing can raise (interrupts are disabled at reset). */
    .section .text
    .globl _start
_start:
    wfi
    j       _start
