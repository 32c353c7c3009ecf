// Covers timer signals: setitimer(ITIMER_REAL) periodic SIGALRM with sigsuspend, getitimer, alarm() remaining time, SA_RESTART-less EINTR.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t ticks;
static int wake_fd = -1; /* when set, the second tick writes a byte here */
static void on_alarm(int sig) {
    (void)sig;
    ticks++;
    if (wake_fd >= 0 && ticks == 2) write(wake_fd, "x", 1);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);

    /* block SIGALRM and wait for it with sigsuspend so no tick is missed */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, &old);

    struct itimerval it = {{0, 10000}, {0, 10000}}; /* every 10 ms */
    printf("setitimer=%d\n", setitimer(ITIMER_REAL, &it, NULL));
    struct itimerval cur;
    getitimer(ITIMER_REAL, &cur);
    /* the value can read as 0 if the first expiry already happened (signal pending) on a busy host */
    printf("getitimer: interval=%ldus value in [0,10ms]: %s\n", (long)cur.it_interval.tv_usec,
           (cur.it_value.tv_sec == 0 && cur.it_value.tv_usec >= 0 && cur.it_value.tv_usec <= 10000) ? "yes" : "no");
    int waits = 0;
    while (ticks < 3) {
        sigsuspend(&old);
        waits++;
    }
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    printf("ticks=%d after %s\n", (int)ticks, waits >= 3 ? "at least 3 sigsuspend returns" : "too few waits");
    getitimer(ITIMER_REAL, &cur);
    printf("timer disarmed: %s\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0 ? "yes" : "no");
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* alarm() returns the seconds left on the previous alarm */
    printf("alarm(5) previous=%u\n", alarm(5));
    unsigned left = alarm(0);
    printf("alarm(0) remaining in [4,5]: %s\n", left >= 4 && left <= 5 ? "yes" : "no");
    printf("alarm(0) again=%u\n", alarm(0));

    /* a one-shot timer interrupts a blocking read on a pipe (no SA_RESTART) */
    int p[2];
    pipe(p);
    ticks = 0;
    struct itimerval once = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &once, NULL);
    char c;
    errno = 0;
    ssize_t n = read(p[0], &c, 1);
    printf("blocking read interrupted: n=%zd EINTR=%d ticks=%d\n", n, errno == EINTR, (int)ticks);

    /* with SA_RESTART the read is restarted after the first tick; the second tick's handler
       writes a byte, which completes the read */
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    ticks = 0;
    wake_fd = p[1];
    setitimer(ITIMER_REAL, &it, NULL);
    c = 0;
    n = read(p[0], &c, 1);
    setitimer(ITIMER_REAL, &off, NULL);
    printf("restarted read: n=%zd c=%c ticks>=2: %s\n", n, c, ticks >= 2 ? "yes" : "no");
    return 0;
}
