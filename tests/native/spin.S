# Runs until a signal ends it: a0 counts the rounds. Built twice by scripts/native-plugin-tests,
# as a Linux program (rivet run) and as a bare-metal image at 0x80000000 (rivet system).
    .globl _start
_start:
    addi a0, a0, 1
    j _start
