// Covers SIGILL handlers: illegal instructions (.4byte 0, unimp) with si_code/si_addr, resuming by editing the ucontext pc, siglongjmp.
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

/* two tiny functions whose first instruction is illegal, followed by a normal return */
extern char ill_zero[], ill_unimp[];
__asm__(".text\n"
        ".balign 4\n"
        ".globl ill_zero\n"
        ".type ill_zero, @function\n"
        "ill_zero:\n"
        "  .4byte 0x00000000\n" /* all-zero bits: defined to be illegal */
        "  li a0, 11\n"
        "  ret\n"
        ".size ill_zero, .-ill_zero\n"
        ".balign 4\n"
        ".globl ill_unimp\n"
        ".type ill_unimp, @function\n"
        "ill_unimp:\n"
        "  .4byte 0xc0001073\n" /* unimp = csrrw x0, cycle, x0 (write to a read-only CSR) */
        "  li a0, 22\n"
        "  ret\n"
        ".size ill_unimp, .-ill_unimp\n");

static sigjmp_buf back;
static volatile int mode; /* 0: siglongjmp, 1: skip the 4-byte instruction */
static volatile int got_sig, got_code, addr_match_zero, addr_match_unimp, hits;

static void handler(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    hits++;
    got_sig = sig;
    got_code = si->si_code;
    addr_match_zero = si->si_addr == (void *)ill_zero;
    addr_match_unimp = si->si_addr == (void *)ill_unimp;
    /* the saved pc (gregs[REG_PC]) points at the faulting instruction */
    int pc_ok = uc->uc_mcontext.__gregs[REG_PC] == (unsigned long)si->si_addr;
    if (!pc_ok) got_code = -999;
    if (mode == 0) siglongjmp(back, 1);
    uc->uc_mcontext.__gregs[REG_PC] += 4;
}

static const char *code(int c) {
    switch (c) {
    case ILL_ILLOPC: return "ILL_ILLOPC";
    case ILL_ILLOPN: return "ILL_ILLOPN";
    case ILL_PRVOPC: return "ILL_PRVOPC";
    case -999: return "pc mismatch";
    }
    return "other";
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGILL, &sa, NULL);
    int (*fz)(void) = (int (*)(void))(void *)ill_zero;
    int (*fu)(void) = (int (*)(void))(void *)ill_unimp;

    mode = 0;
    if (sigsetjmp(back, 1) == 0) {
        fz();
        printf("no SIGILL?\n");
    }
    printf("zero word: sig=%d code=%s addr==insn: %s\n", got_sig, code(got_code), addr_match_zero ? "yes" : "no");
    if (sigsetjmp(back, 1) == 0) fu();
    printf("unimp: sig=%d code=%s addr==insn: %s\n", got_sig, code(got_code), addr_match_unimp ? "yes" : "no");

    /* resume after the bad instruction by editing the context */
    mode = 1;
    int r = fz();
    printf("resumed zero word: returned %d code=%s\n", r, code(got_code));
    r = fu();
    printf("resumed unimp: returned %d code=%s\n", r, code(got_code));
    printf("total SIGILL=%d\n", hits);
    return 0;
}
