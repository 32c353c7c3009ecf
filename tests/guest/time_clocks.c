// Covers clocks and sleeping: clock_gettime (monotonic increasing), clock_getres, gettimeofday, time, nanosleep, clock_nanosleep; prints relations only.
#include <errno.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

static long long ns(const struct timespec *t) { return t->tv_sec * 1000000000LL + t->tv_nsec; }

static void report(const char *what, int ok) { printf("%-40s %s\n", what, ok ? "ok" : "FAILED"); }

int main(void) {
    struct timespec a, b, res;

    /* successive reads never go backwards */
    int mono = 1;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 1000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (ns(&b) < ns(&a)) mono = 0;
        a = b;
    }
    report("monotonic non-decreasing", mono);
    report("monotonic tv_nsec in range", b.tv_nsec >= 0 && b.tv_nsec < 1000000000);

    static const struct { clockid_t id; const char *name; } clocks[] = {
        {CLOCK_REALTIME, "realtime"}, {CLOCK_MONOTONIC, "monotonic"},
        {CLOCK_MONOTONIC_RAW, "monotonic_raw"}, {CLOCK_BOOTTIME, "boottime"},
        {CLOCK_PROCESS_CPUTIME_ID, "process_cputime"}, {CLOCK_THREAD_CPUTIME_ID, "thread_cputime"},
    };
    for (unsigned i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
        char label[64];
        int r1 = clock_gettime(clocks[i].id, &a);
        int r2 = clock_getres(clocks[i].id, &res);
        snprintf(label, sizeof label, "%s gettime", clocks[i].name);
        report(label, r1 == 0 && a.tv_sec >= 0);
        snprintf(label, sizeof label, "%s getres in (0, 10ms]", clocks[i].name);
        report(label, r2 == 0 && ns(&res) > 0 && ns(&res) <= 10000000);
    }
    errno = 0;
    int bad = clock_gettime((clockid_t)12345, &a);
    report("invalid clock gives EINVAL", bad == -1 && errno == EINVAL);

    /* nanosleep sleeps at least as long as asked */
    struct timespec req = {0, 5 * 1000 * 1000}, rem = {9, 9};
    clock_gettime(CLOCK_MONOTONIC, &a);
    int r = nanosleep(&req, &rem);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long el = ns(&b) - ns(&a);
    report("nanosleep(5ms) returns 0", r == 0);
    report("nanosleep(5ms) slept >= 5ms", el >= 5000000);
    report("nanosleep(5ms) slept < 2s", el < 2000000000LL);

    clock_gettime(CLOCK_MONOTONIC, &a);
    req.tv_nsec = 3 * 1000 * 1000;
    r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    report("clock_nanosleep relative 3ms", r == 0 && ns(&b) - ns(&a) >= 3000000);

    /* absolute sleep until now + 2ms */
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec until = a;
    until.tv_nsec += 2000000;
    if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
    r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    report("clock_nanosleep absolute", r == 0 && ns(&b) >= ns(&until));

    req.tv_nsec = 2000000000; /* invalid: >= 1s */
    errno = 0;
    report("nanosleep invalid tv_nsec gives EINVAL", nanosleep(&req, NULL) == -1 && errno == EINVAL);

    /* the wall clocks agree with each other */
    struct timeval tv;
    clock_gettime(CLOCK_REALTIME, &a);
    int g = gettimeofday(&tv, NULL);
    time_t t = time(NULL);
    report("gettimeofday returns 0", g == 0);
    report("gettimeofday tv_usec in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    /* time() may read a coarse clock that lags CLOCK_REALTIME by a tick, so allow either side */
    report("gettimeofday within 1s of realtime", tv.tv_sec - a.tv_sec <= 1 && a.tv_sec - tv.tv_sec <= 1);
    report("time() within 1s of realtime", t - a.tv_sec <= 1 && a.tv_sec - t <= 1);
    report("realtime after 2020", a.tv_sec > 1577836800);
    /* the time is UTC (TZ=UTC0 from the harness) so gmtime/localtime agree */
    struct tm gm, lt;
    gmtime_r(&t, &gm);
    localtime_r(&t, &lt);
    report("localtime == gmtime with TZ=UTC0", gm.tm_hour == lt.tm_hour && gm.tm_min == lt.tm_min);
    /* a fixed timestamp formats deterministically */
    time_t fixed = 1700000000;
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %j", gmtime_r(&fixed, &gm));
    printf("fixed timestamp: %s\n", buf);
    struct tm back = gm;
    printf("timegm round trip: %d\n", timegm(&back) == fixed);

    /* CPU time advances while we compute */
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    volatile double x = 0;
    for (int i = 0; i < 3000000; i++) x += i * 0.5;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    report("process cputime advances", ns(&b) > ns(&a));
    clock_t c = clock();
    report("clock() non-negative", c >= 0);
    return 0;
}
