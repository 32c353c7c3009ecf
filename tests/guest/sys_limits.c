// Covers system queries: sysconf values, sched_getaffinity count, getrlimit/prlimit/setrlimit, sysinfo; prints only stable facts and relations.
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <unistd.h>

static void rel(const char *what, int ok) { printf("%-44s %s\n", what, ok ? "yes" : "no"); }

int main(void) {
    printf("sysconf(_SC_PAGESIZE)=%ld\n", sysconf(_SC_PAGESIZE));
    printf("getpagesize()=%d\n", getpagesize());
    printf("sysconf(_SC_CLK_TCK)=%ld\n", sysconf(_SC_CLK_TCK));
    long online = sysconf(_SC_NPROCESSORS_ONLN), conf = sysconf(_SC_NPROCESSORS_CONF);
    rel("nprocessors online > 0", online > 0);
    rel("nprocessors configured >= online", conf >= online);
    rel("_SC_OPEN_MAX > 0", sysconf(_SC_OPEN_MAX) > 0);
    rel("_SC_ARG_MAX >= 4096", sysconf(_SC_ARG_MAX) >= 4096);
    rel("_SC_PHYS_PAGES > 0", sysconf(_SC_PHYS_PAGES) > 0);

    cpu_set_t set;
    CPU_ZERO(&set);
    int r = sched_getaffinity(0, sizeof set, &set);
    rel("sched_getaffinity succeeded", r == 0);
    rel("affinity CPU count > 0", CPU_COUNT(&set) > 0);
    rel("sched_getcpu() >= 0", sched_getcpu() >= 0);
    rel("sched_yield() == 0", sched_yield() == 0);

    struct rlimit rl, rl2;
    r = getrlimit(RLIMIT_STACK, &rl);
    rel("getrlimit(RLIMIT_STACK) succeeded", r == 0);
    rel("stack soft <= hard", rl.rlim_cur <= rl.rlim_max);
    r = prlimit(0, RLIMIT_STACK, NULL, &rl2);
    rel("prlimit(RLIMIT_STACK) succeeded", r == 0);
    rel("prlimit agrees with getrlimit", rl.rlim_cur == rl2.rlim_cur && rl.rlim_max == rl2.rlim_max);

    /* lowering the soft NOFILE limit is always allowed and reads back */
    getrlimit(RLIMIT_NOFILE, &rl);
    struct rlimit lower = {64, rl.rlim_max};
    r = setrlimit(RLIMIT_NOFILE, &lower);
    getrlimit(RLIMIT_NOFILE, &rl2);
    printf("setrlimit(NOFILE soft=64)=%d now soft=%llu\n", r, (unsigned long long)rl2.rlim_cur);
    rel("sysconf(_SC_OPEN_MAX) follows", sysconf(_SC_OPEN_MAX) == 64);
    struct rlimit too_high = {rl.rlim_max, rl.rlim_max};
    if (rl.rlim_max != RLIM_INFINITY) too_high.rlim_cur = rl.rlim_max + 1;
    errno = 0;
    r = setrlimit(RLIMIT_NOFILE, &too_high);
    rel("soft above hard rejected with EINVAL", rl.rlim_max == RLIM_INFINITY || (r == -1 && errno == EINVAL));
    r = getrlimit(RLIMIT_CORE, &rl);
    rel("getrlimit(RLIMIT_CORE) succeeded", r == 0);
    errno = 0;
    r = getrlimit(99, &rl);
    rel("getrlimit(99) fails with EINVAL", r == -1 && errno == EINVAL);

    struct rusage ru;
    rel("getrusage(RUSAGE_SELF) succeeded", getrusage(RUSAGE_SELF, &ru) == 0);
    errno = 0;
    int prio = getpriority(PRIO_PROCESS, 0);
    rel("getpriority succeeded", !(prio == -1 && errno != 0));

    struct sysinfo si;
    r = sysinfo(&si);
    rel("sysinfo succeeded", r == 0);
    rel("sysinfo mem_unit >= 1", si.mem_unit >= 1);
    rel("sysinfo totalram > 0", si.totalram > 0);
    rel("sysinfo freeram <= totalram", si.freeram <= si.totalram);
    rel("sysinfo uptime > 0", si.uptime > 0);
    rel("sysinfo procs > 0", si.procs > 0);
    return 0;
}
