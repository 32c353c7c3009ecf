// Covers SIGSEGV handlers: SEGV_MAPERR at a fixed bad address, SEGV_ACCERR on a read-only/PROT_NONE page, siglongjmp out, sigaltstack.
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf back;
static volatile uintptr_t fault_addr;
static volatile int fault_code, fault_signo, on_alt, hits;
static char *alt_base;
static size_t alt_size;

static void handler(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    char local;
    hits++;
    fault_signo = sig;
    fault_code = si->si_code;
    fault_addr = (uintptr_t)si->si_addr;
    on_alt = alt_base && &local >= alt_base && &local < alt_base + alt_size;
    siglongjmp(back, 1);
}

/* store through an address gcc cannot see (it would warn about constant bad pointers) */
static void poke(uintptr_t a) {
    volatile uintptr_t hidden = a;
    *(volatile int *)hidden = 1;
}

static const char *code(int c) {
    return c == SEGV_MAPERR ? "SEGV_MAPERR" : c == SEGV_ACCERR ? "SEGV_ACCERR" : "other";
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);

    /* write to an unmapped low address */
    if (sigsetjmp(back, 1) == 0) {
        poke(0x10);
        printf("no fault?\n");
    }
    printf("write 0x10: signo=%d code=%s addr=%#lx\n", fault_signo, code(fault_code), (unsigned long)fault_addr);

    /* read from an unmapped address */
    if (sigsetjmp(back, 1) == 0) {
        volatile uintptr_t hidden = 0x1000;
        volatile int x = *(volatile int *)hidden;
        (void)x;
    }
    printf("read 0x1000: code=%s addr=%#lx\n", code(fault_code), (unsigned long)fault_addr);

    /* write to a read-only page: access error at exactly that address */
    long pg = sysconf(_SC_PAGESIZE);
    char *ro = mmap(NULL, 2 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (sigsetjmp(back, 1) == 0) ro[pg + 123] = 1;
    printf("write RO page: code=%s addr==page+123: %s\n", code(fault_code),
           fault_addr == (uintptr_t)(ro + pg + 123) ? "yes" : "no");
    printf("reading RO page is fine: %d\n", ro[5]);

    /* PROT_NONE: even reads fault */
    mprotect(ro, pg, PROT_NONE);
    if (sigsetjmp(back, 1) == 0) {
        volatile char c = ro[7];
        (void)c;
    }
    printf("read PROT_NONE page: code=%s addr==page+7: %s\n", code(fault_code),
           fault_addr == (uintptr_t)(ro + 7) ? "yes" : "no");

    /* after munmap the address is unmapped again */
    munmap(ro, 2 * pg);
    if (sigsetjmp(back, 1) == 0) ro[0] = 1;
    printf("write after munmap: code=%s addr==base: %s\n", code(fault_code), fault_addr == (uintptr_t)ro ? "yes" : "no");

    /* the handler runs on the alternate stack with SA_ONSTACK */
    alt_size = 64 * 1024;
    alt_base = malloc(alt_size);
    stack_t ss = {.ss_sp = alt_base, .ss_size = alt_size, .ss_flags = 0};
    printf("sigaltstack=%d\n", sigaltstack(&ss, NULL));
    printf("handler on alt stack before SA_ONSTACK: ");
    if (sigsetjmp(back, 1) == 0) poke(0x20);
    printf("%s\n", on_alt ? "yes" : "no");
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    if (sigsetjmp(back, 1) == 0) poke(0x30);
    printf("handler on alt stack with SA_ONSTACK: %s addr=%#lx\n", on_alt ? "yes" : "no", (unsigned long)fault_addr);
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("altstack size=%zu flags=%d (not in use now)\n", cur.ss_size, cur.ss_flags);

    /* SIGSEGV is not blocked after siglongjmp with a saved mask */
    sigset_t m;
    sigprocmask(SIG_BLOCK, NULL, &m);
    printf("SIGSEGV blocked after all: %d, total faults=%d\n", sigismember(&m, SIGSEGV), hits);
    return 0;
}
