// Covers sigaction handlers for SIGUSR1/SIGUSR2 via raise and kill(getpid()): siginfo fields, handler mask, nesting, SIG_IGN, SA_RESETHAND.
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t events[16];
static volatile sig_atomic_t nevents;
static volatile int last_signo, last_code, last_pid_ok, usr1_blocked_inside, usr2_blocked_inside;

static void note(int what) {
    if (nevents < 16) events[nevents++] = what;
}

static void on_usr1(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    note(sig * 10 + 1);
    last_signo = si->si_signo;
    last_code = si->si_code;
    last_pid_ok = si->si_pid == getpid();
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    usr1_blocked_inside = sigismember(&cur, SIGUSR1);
    usr2_blocked_inside = sigismember(&cur, SIGUSR2);
    if (nevents == 1) raise(SIGUSR2); /* nested delivery happens right away */
    note(sig * 10 + 2);
}

static void on_usr2(int sig) { note(sig * 10 + 3); }

static const char *code_name(int c) {
    switch (c) {
    case SI_USER: return "SI_USER";
    case SI_TKILL: return "SI_TKILL";
    case SI_QUEUE: return "SI_QUEUE";
    }
    return "other";
}

static void dump(const char *label) {
    printf("%s: %d events:", label, (int)nevents);
    for (int i = 0; i < nevents; i++) printf(" %d", (int)events[i]);
    printf("\n");
    nevents = 0;
}

int main(void) {
    printf("SIGUSR1=%d SIGUSR2=%d (event = signo*10 + 1 enter / 2 leave / 3 plain handler)\n", SIGUSR1, SIGUSR2);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    printf("sigaction USR1=%d\n", sigaction(SIGUSR1, &sa, NULL));
    printf("signal USR2 previous is SIG_DFL: %s\n", signal(SIGUSR2, on_usr2) == SIG_DFL ? "yes" : "no");

    printf("raise=%d\n", raise(SIGUSR1));
    dump("after raise");
    printf("signo=%d code=%s pid ok=%d usr1 blocked in handler=%d usr2 blocked=%d\n", last_signo,
           code_name(last_code), last_pid_ok, usr1_blocked_inside, usr2_blocked_inside);

    printf("kill=%d\n", kill(getpid(), SIGUSR1));
    dump("after kill");
    printf("signo=%d code=%s pid ok=%d\n", last_signo, code_name(last_code), last_pid_ok);

    union sigval v = {.sival_int = 1234};
    printf("sigqueue=%d\n", sigqueue(getpid(), SIGUSR1, v));
    dump("after sigqueue");
    printf("code=%s\n", code_name(last_code));

    /* sa_mask adds signals blocked during the handler; SA_NODEFER lets the signal itself through */
    sigaddset(&sa.sa_mask, SIGUSR2);
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    dump("with sa_mask=USR2, SA_NODEFER");
    printf("usr1 blocked in handler=%d usr2 blocked=%d\n", usr1_blocked_inside, usr2_blocked_inside);

    /* query the installed action */
    struct sigaction old;
    sigaction(SIGUSR1, NULL, &old);
    printf("query: handler matches=%d SA_SIGINFO=%d SA_NODEFER=%d mask has USR2=%d\n",
           old.sa_sigaction == on_usr1, (old.sa_flags & SA_SIGINFO) != 0, (old.sa_flags & SA_NODEFER) != 0,
           sigismember(&old.sa_mask, SIGUSR2));

    /* ignored signals vanish */
    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    dump("ignored");

    /* SA_RESETHAND: handler runs once, then the action is back to default */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr2;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    sigaction(SIGUSR2, NULL, &old);
    dump("SA_RESETHAND");
    printf("after reset handler is SIG_DFL: %s\n", old.sa_handler == SIG_DFL ? "yes" : "no");

    /* invalid requests */
    printf("sigaction(SIGKILL)=%d\n", sigaction(SIGKILL, &sa, NULL));
    printf("sigaction(0)=%d sigaction(65)=%d\n", sigaction(0, &sa, NULL), sigaction(65, &sa, NULL));
    printf("kill(self, 0)=%d\n", kill(getpid(), 0));
    return 0;
}
