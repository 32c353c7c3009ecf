// Covers process identity syscalls, printing relations only: getpid/getppid/gettid/getpgrp/getsid and user/group ids.
#define _GNU_SOURCE
#include <stdio.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

static void rel(const char *what, int ok) { printf("%-36s %s\n", what, ok ? "yes" : "no"); }

int main(void) {
    pid_t pid = getpid(), ppid = getppid();
    rel("getpid() > 0", pid > 0);
    rel("getppid() > 0", ppid > 0);
    rel("getpid() != getppid()", pid != ppid);
    rel("getpid() stable", getpid() == pid);
    rel("gettid() == getpid() (one thread)", gettid() == pid);
    rel("syscall(SYS_getpid) == getpid()", syscall(SYS_getpid) == pid);
    rel("getpgrp() > 0", getpgrp() > 0);
    rel("getpgid(0) == getpgrp()", getpgid(0) == getpgrp());
    rel("getsid(0) > 0", getsid(0) > 0);
    rel("getsid(getpid()) == getsid(0)", getsid(pid) == getsid(0));
    rel("getuid() == geteuid()", getuid() == geteuid());
    rel("getgid() == getegid()", getgid() == getegid());
    uid_t r, e, s;
    rel("getresuid() == 0", getresuid(&r, &e, &s) == 0);
    rel("ruid == euid == suid", r == e && e == s);
    gid_t gr, ge, gs;
    getresgid(&gr, &ge, &gs);
    rel("rgid == egid == sgid", gr == ge && ge == gs);
    int ng = getgroups(0, NULL);
    rel("getgroups(0) >= 0", ng >= 0);
    rel("kill(getpid(), 0) == 0", kill(pid, 0) == 0);
    return 0;
}
