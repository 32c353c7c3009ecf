// Covers sigprocmask blocking, sigpending, delivery on unblock, standard-signal coalescing, queued realtime signals with values, sigwait/sigtimedwait.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t usr1_count;
static volatile int rt_values[8];
static volatile sig_atomic_t rt_count;

static void on_usr1(int sig) { (void)sig; usr1_count++; }
static void on_rt(int sig, siginfo_t *si, void *uc) {
    (void)sig;
    (void)uc;
    if (rt_count < 8) rt_values[rt_count] = si->si_value.sival_int;
    rt_count++;
}

static int pending(int sig) {
    sigset_t p;
    sigpending(&p);
    return sigismember(&p, sig);
}

int main(void) {
    signal(SIGUSR1, on_usr1);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_rt;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN, &sa, NULL);

    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    printf("block=%d\n", sigprocmask(SIG_BLOCK, &set, &old));
    printf("old mask had USR1: %d\n", sigismember(&old, SIGUSR1));

    raise(SIGUSR1);
    raise(SIGUSR1);
    kill(getpid(), SIGUSR1);
    printf("while blocked: count=%d pending=%d\n", (int)usr1_count, pending(SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    /* the two raise() calls (thread-directed) coalesce, as do kill()s (process-directed) */
    printf("after unblock: count=%d pending=%d\n", (int)usr1_count, pending(SIGUSR1));

    /* SIGKILL and SIGSTOP cannot be blocked */
    sigset_t all, now;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, &old);
    sigprocmask(SIG_SETMASK, NULL, &now);
    /* (SIGRTMAX is not checked: QEMU cannot map the highest realtime signals to host signals) */
    printf("fill mask: USR1=%d KILL=%d STOP=%d TERM=%d RTMIN=%d\n", sigismember(&now, SIGUSR1),
           sigismember(&now, SIGKILL), sigismember(&now, SIGSTOP), sigismember(&now, SIGTERM),
           sigismember(&now, SIGRTMIN));

    /* realtime signals queue, in order, with their values */
    for (int i = 0; i < 4; i++) {
        union sigval v = {.sival_int = 100 + i};
        sigqueue(getpid(), SIGRTMIN, v);
    }
    printf("rt while blocked: count=%d pending=%d\n", (int)rt_count, pending(SIGRTMIN));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("rt after unblock: count=%d values:", (int)rt_count);
    for (int i = 0; i < rt_count && i < 8; i++) printf(" %d", rt_values[i]);
    printf("\n");

    /* sigwait consumes a pending blocked signal without running the handler */
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    int got = 0, r;
    r = sigwait(&set, &got);
    printf("sigwait=%d got=%d handler count still=%d pending after=%d\n", r, got, (int)usr1_count,
           pending(SIGUSR1));

    /* sigtimedwait with a short timeout on nothing pending */
    struct timespec to = {0, 1000000};
    errno = 0;
    r = sigtimedwait(&set, NULL, &to);
    printf("sigtimedwait empty=%d EAGAIN=%d\n", r, errno == EAGAIN);
    union sigval v = {.sival_int = 77};
    sigqueue(getpid(), SIGUSR1, v);
    siginfo_t si;
    r = sigtimedwait(&set, &si, &to);
    printf("sigtimedwait=%d signo=%d code=%s value=%d\n", r, si.si_signo,
           si.si_code == SI_QUEUE ? "SI_QUEUE" : "other", si.si_value.sival_int);

    /* sigsuspend with a mask that unblocks USR1 */
    raise(SIGUSR1);
    sigset_t wait_mask;
    sigprocmask(SIG_BLOCK, NULL, &wait_mask);
    sigdelset(&wait_mask, SIGUSR1);
    errno = 0;
    r = sigsuspend(&wait_mask);
    printf("sigsuspend=%d EINTR=%d count=%d\n", r, errno == EINTR, (int)usr1_count);
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("mask restored after sigsuspend (USR1 blocked): %d\n", sigismember(&now, SIGUSR1));

    /* invalid how */
    errno = 0;
    r = sigprocmask(99, &set, NULL);
    printf("sigprocmask(99)=%d EINVAL=%d\n", r, errno == EINVAL);
    printf("SIGRTMIN=%d SIGRTMAX=%d\n", SIGRTMIN, SIGRTMAX);
    return 0;
}
