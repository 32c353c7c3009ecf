/* Semihosting: SYS_WRITE0 to the console (stderr), SYS_OPEN(":tt", "w") and SYS_WRITE to it
 * (stdout), then SYS_EXIT with ADP_Stopped_ApplicationExit and status 5. */
    .option norelax
    .section .text
    .globl _start
_start:
    li      a0, 0x04                /* SYS_WRITE0 */
    la      a1, msg0
    call    semihost
    li      a0, 0x01                /* SYS_OPEN */
    la      a1, open_block
    call    semihost
    la      t0, write_block
    sd      a0, 0(t0)               /* the handle */
    li      a0, 0x05                /* SYS_WRITE */
    mv      a1, t0
    call    semihost
    li      a0, 0x18                /* SYS_EXIT */
    la      a1, exit_block
    call    semihost
1:  j       1b

    .balign 16                      /* the three instructions stay in one page */
semihost:
    .option push
    .option norvc
    slli    x0, x0, 0x1f
    ebreak
    srai    x0, x0, 7
    .option pop
    ret

    .section .data
    .balign 8
open_block:
    .dword  tt, 4, 3                /* name, mode "w", length */
write_block:
    .dword  0, msg1, msg1_end - msg1
exit_block:
    .dword  0x20026, 5              /* ADP_Stopped_ApplicationExit, status */
tt:
    .asciz  ":tt"
msg0:
    .asciz  "semihosting console\n"
msg1:
    .ascii  "semihosting stdout\n"
msg1_end:
