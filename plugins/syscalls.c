/*
 * syscalls.c -- trace the guest's system calls (user mode only).
 *
 * Part of the plugins rivet ships; builds against rivet's qemu-plugin.h and
 * loads in rivet (`rivet run`) and in QEMU's user-mode emulators. In system
 * mode there are no syscall callbacks and the plugin prints nothing.
 *
 * For every syscall it prints one line on entry and one on return:
 *
 *   vcpu 0: syscall 64 write(1, 0x2aaab0, 13)
 *   vcpu 0: syscall 64 write = 13
 *   vcpu 0: syscall 56 openat(-100, 0x7fff5a30, 0, 0)
 *   vcpu 0: syscall 56 openat = -2 (ENOENT)
 *
 * Names and argument counts come from the riscv64 Linux table (the
 * asm-generic numbering plus riscv_hwprobe and riscv_flush_icache); an
 * unknown number prints as "syscall NUM(...)" with six arguments.
 * Arguments are shown in decimal when, read as signed, they lie in
 * [-4096, 65535] (file descriptors, flags, sizes, AT_FDCWD = -100) and in
 * hex otherwise (pointers). Return values are decimal, with the errno name
 * for -4095..-1, except for calls that return addresses (brk, mmap, mremap,
 * shmat), shown in hex. exit and exit_group have no return line (they do
 * not return).
 *
 * Options:
 *   trace=on|off     print the entry/return lines (default on)
 *   summary=on|off   at exit, print calls and errors per syscall (default off)
 *
 * Builds for plugin API 2..6 (default 4, the newest QEMU 10.0 loads).
 */
#ifndef QEMU_PLUGIN_API_VERSION
#define QEMU_PLUGIN_API_VERSION 4
#endif

#include <inttypes.h>
#include <stdio.h>

#include <glib.h>
#include <qemu-plugin.h>

#if QEMU_PLUGIN_API_VERSION > 6
#error "syscalls.c is written for plugin API versions 2 to 6"
#endif

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define RET_ADDR 1              /* flag: the return value is an address */

typedef struct {
    const char *name;
    uint8_t nargs;
    uint8_t flags;
} SyscallInfo;

/* riscv64 Linux syscall numbers (include/uapi/asm-generic/unistd.h). */
static const SyscallInfo syscall_table[] = {
    [0] = { "io_setup", 2 },            [1] = { "io_destroy", 1 },
    [2] = { "io_submit", 3 },           [3] = { "io_cancel", 3 },
    [4] = { "io_getevents", 5 },        [5] = { "setxattr", 5 },
    [6] = { "lsetxattr", 5 },           [7] = { "fsetxattr", 5 },
    [8] = { "getxattr", 4 },            [9] = { "lgetxattr", 4 },
    [10] = { "fgetxattr", 4 },          [11] = { "listxattr", 3 },
    [12] = { "llistxattr", 3 },         [13] = { "flistxattr", 3 },
    [14] = { "removexattr", 2 },        [15] = { "lremovexattr", 2 },
    [16] = { "fremovexattr", 2 },       [17] = { "getcwd", 2 },
    [18] = { "lookup_dcookie", 3 },     [19] = { "eventfd2", 2 },
    [20] = { "epoll_create1", 1 },      [21] = { "epoll_ctl", 4 },
    [22] = { "epoll_pwait", 6 },        [23] = { "dup", 1 },
    [24] = { "dup3", 3 },               [25] = { "fcntl", 3 },
    [26] = { "inotify_init1", 1 },      [27] = { "inotify_add_watch", 3 },
    [28] = { "inotify_rm_watch", 2 },   [29] = { "ioctl", 3 },
    [30] = { "ioprio_set", 3 },         [31] = { "ioprio_get", 2 },
    [32] = { "flock", 2 },              [33] = { "mknodat", 4 },
    [34] = { "mkdirat", 3 },            [35] = { "unlinkat", 3 },
    [36] = { "symlinkat", 3 },          [37] = { "linkat", 5 },
    [39] = { "umount2", 2 },            [40] = { "mount", 5 },
    [41] = { "pivot_root", 2 },         [42] = { "nfsservctl", 3 },
    [43] = { "statfs", 2 },             [44] = { "fstatfs", 2 },
    [45] = { "truncate", 2 },           [46] = { "ftruncate", 2 },
    [47] = { "fallocate", 4 },          [48] = { "faccessat", 3 },
    [49] = { "chdir", 1 },              [50] = { "fchdir", 1 },
    [51] = { "chroot", 1 },             [52] = { "fchmod", 2 },
    [53] = { "fchmodat", 3 },           [54] = { "fchownat", 5 },
    [55] = { "fchown", 3 },             [56] = { "openat", 4 },
    [57] = { "close", 1 },              [58] = { "vhangup", 0 },
    [59] = { "pipe2", 2 },              [60] = { "quotactl", 4 },
    [61] = { "getdents64", 3 },         [62] = { "lseek", 3 },
    [63] = { "read", 3 },               [64] = { "write", 3 },
    [65] = { "readv", 3 },              [66] = { "writev", 3 },
    [67] = { "pread64", 4 },            [68] = { "pwrite64", 4 },
    [69] = { "preadv", 5 },             [70] = { "pwritev", 5 },
    [71] = { "sendfile", 4 },           [72] = { "pselect6", 6 },
    [73] = { "ppoll", 5 },              [74] = { "signalfd4", 4 },
    [75] = { "vmsplice", 4 },           [76] = { "splice", 6 },
    [77] = { "tee", 4 },                [78] = { "readlinkat", 4 },
    [79] = { "newfstatat", 4 },         [80] = { "fstat", 2 },
    [81] = { "sync", 0 },               [82] = { "fsync", 1 },
    [83] = { "fdatasync", 1 },          [84] = { "sync_file_range", 4 },
    [85] = { "timerfd_create", 2 },     [86] = { "timerfd_settime", 4 },
    [87] = { "timerfd_gettime", 2 },    [88] = { "utimensat", 4 },
    [89] = { "acct", 1 },               [90] = { "capget", 2 },
    [91] = { "capset", 2 },             [92] = { "personality", 1 },
    [93] = { "exit", 1 },               [94] = { "exit_group", 1 },
    [95] = { "waitid", 5 },             [96] = { "set_tid_address", 1 },
    [97] = { "unshare", 1 },            [98] = { "futex", 6 },
    [99] = { "set_robust_list", 2 },    [100] = { "get_robust_list", 3 },
    [101] = { "nanosleep", 2 },         [102] = { "getitimer", 2 },
    [103] = { "setitimer", 3 },         [104] = { "kexec_load", 4 },
    [105] = { "init_module", 3 },       [106] = { "delete_module", 2 },
    [107] = { "timer_create", 3 },      [108] = { "timer_gettime", 2 },
    [109] = { "timer_getoverrun", 1 },  [110] = { "timer_settime", 4 },
    [111] = { "timer_delete", 1 },      [112] = { "clock_settime", 2 },
    [113] = { "clock_gettime", 2 },     [114] = { "clock_getres", 2 },
    [115] = { "clock_nanosleep", 4 },   [116] = { "syslog", 3 },
    [117] = { "ptrace", 4 },            [118] = { "sched_setparam", 2 },
    [119] = { "sched_setscheduler", 3 }, [120] = { "sched_getscheduler", 1 },
    [121] = { "sched_getparam", 2 },    [122] = { "sched_setaffinity", 3 },
    [123] = { "sched_getaffinity", 3 }, [124] = { "sched_yield", 0 },
    [125] = { "sched_get_priority_max", 1 },
    [126] = { "sched_get_priority_min", 1 },
    [127] = { "sched_rr_get_interval", 2 },
    [128] = { "restart_syscall", 0 },   [129] = { "kill", 2 },
    [130] = { "tkill", 2 },             [131] = { "tgkill", 3 },
    [132] = { "sigaltstack", 2 },       [133] = { "rt_sigsuspend", 2 },
    [134] = { "rt_sigaction", 4 },      [135] = { "rt_sigprocmask", 4 },
    [136] = { "rt_sigpending", 2 },     [137] = { "rt_sigtimedwait", 4 },
    [138] = { "rt_sigqueueinfo", 3 },   [139] = { "rt_sigreturn", 0 },
    [140] = { "setpriority", 3 },       [141] = { "getpriority", 2 },
    [142] = { "reboot", 4 },            [143] = { "setregid", 2 },
    [144] = { "setgid", 1 },            [145] = { "setreuid", 2 },
    [146] = { "setuid", 1 },            [147] = { "setresuid", 3 },
    [148] = { "getresuid", 3 },         [149] = { "setresgid", 3 },
    [150] = { "getresgid", 3 },         [151] = { "setfsuid", 1 },
    [152] = { "setfsgid", 1 },          [153] = { "times", 1 },
    [154] = { "setpgid", 2 },           [155] = { "getpgid", 1 },
    [156] = { "getsid", 1 },            [157] = { "setsid", 0 },
    [158] = { "getgroups", 2 },         [159] = { "setgroups", 2 },
    [160] = { "uname", 1 },             [161] = { "sethostname", 2 },
    [162] = { "setdomainname", 2 },     [163] = { "getrlimit", 2 },
    [164] = { "setrlimit", 2 },         [165] = { "getrusage", 2 },
    [166] = { "umask", 1 },             [167] = { "prctl", 5 },
    [168] = { "getcpu", 3 },            [169] = { "gettimeofday", 2 },
    [170] = { "settimeofday", 2 },      [171] = { "adjtimex", 1 },
    [172] = { "getpid", 0 },            [173] = { "getppid", 0 },
    [174] = { "getuid", 0 },            [175] = { "geteuid", 0 },
    [176] = { "getgid", 0 },            [177] = { "getegid", 0 },
    [178] = { "gettid", 0 },            [179] = { "sysinfo", 1 },
    [180] = { "mq_open", 4 },           [181] = { "mq_unlink", 1 },
    [182] = { "mq_timedsend", 5 },      [183] = { "mq_timedreceive", 5 },
    [184] = { "mq_notify", 2 },         [185] = { "mq_getsetattr", 3 },
    [186] = { "msgget", 2 },            [187] = { "msgctl", 3 },
    [188] = { "msgrcv", 5 },            [189] = { "msgsnd", 4 },
    [190] = { "semget", 3 },            [191] = { "semctl", 4 },
    [192] = { "semtimedop", 4 },        [193] = { "semop", 3 },
    [194] = { "shmget", 3 },            [195] = { "shmctl", 3 },
    [196] = { "shmat", 3, RET_ADDR },   [197] = { "shmdt", 1 },
    [198] = { "socket", 3 },            [199] = { "socketpair", 4 },
    [200] = { "bind", 3 },              [201] = { "listen", 2 },
    [202] = { "accept", 3 },            [203] = { "connect", 3 },
    [204] = { "getsockname", 3 },       [205] = { "getpeername", 3 },
    [206] = { "sendto", 6 },            [207] = { "recvfrom", 6 },
    [208] = { "setsockopt", 5 },        [209] = { "getsockopt", 5 },
    [210] = { "shutdown", 2 },          [211] = { "sendmsg", 3 },
    [212] = { "recvmsg", 3 },           [213] = { "readahead", 3 },
    [214] = { "brk", 1, RET_ADDR },     [215] = { "munmap", 2 },
    [216] = { "mremap", 5, RET_ADDR },  [217] = { "add_key", 5 },
    [218] = { "request_key", 4 },       [219] = { "keyctl", 5 },
    [220] = { "clone", 5 },             [221] = { "execve", 3 },
    [222] = { "mmap", 6, RET_ADDR },    [223] = { "fadvise64", 4 },
    [224] = { "swapon", 2 },            [225] = { "swapoff", 1 },
    [226] = { "mprotect", 3 },          [227] = { "msync", 3 },
    [228] = { "mlock", 2 },             [229] = { "munlock", 2 },
    [230] = { "mlockall", 1 },          [231] = { "munlockall", 0 },
    [232] = { "mincore", 3 },           [233] = { "madvise", 3 },
    [234] = { "remap_file_pages", 5 },  [235] = { "mbind", 6 },
    [236] = { "get_mempolicy", 5 },     [237] = { "set_mempolicy", 3 },
    [238] = { "migrate_pages", 4 },     [239] = { "move_pages", 6 },
    [240] = { "rt_tgsigqueueinfo", 4 }, [241] = { "perf_event_open", 5 },
    [242] = { "accept4", 4 },           [243] = { "recvmmsg", 5 },
    [258] = { "riscv_hwprobe", 5 },     [259] = { "riscv_flush_icache", 3 },
    [260] = { "wait4", 4 },             [261] = { "prlimit64", 4 },
    [262] = { "fanotify_init", 2 },     [263] = { "fanotify_mark", 5 },
    [264] = { "name_to_handle_at", 5 }, [265] = { "open_by_handle_at", 3 },
    [266] = { "clock_adjtime", 2 },     [267] = { "syncfs", 1 },
    [268] = { "setns", 2 },             [269] = { "sendmmsg", 4 },
    [270] = { "process_vm_readv", 6 },  [271] = { "process_vm_writev", 6 },
    [272] = { "kcmp", 5 },              [273] = { "finit_module", 3 },
    [274] = { "sched_setattr", 3 },     [275] = { "sched_getattr", 4 },
    [276] = { "renameat2", 5 },         [277] = { "seccomp", 3 },
    [278] = { "getrandom", 3 },         [279] = { "memfd_create", 2 },
    [280] = { "bpf", 3 },               [281] = { "execveat", 5 },
    [282] = { "userfaultfd", 1 },       [283] = { "membarrier", 3 },
    [284] = { "mlock2", 3 },            [285] = { "copy_file_range", 6 },
    [286] = { "preadv2", 6 },           [287] = { "pwritev2", 6 },
    [288] = { "pkey_mprotect", 4 },     [289] = { "pkey_alloc", 2 },
    [290] = { "pkey_free", 1 },         [291] = { "statx", 5 },
    [292] = { "io_pgetevents", 6 },     [293] = { "rseq", 4 },
    [294] = { "kexec_file_load", 5 },
    [424] = { "pidfd_send_signal", 4 }, [425] = { "io_uring_setup", 2 },
    [426] = { "io_uring_enter", 6 },    [427] = { "io_uring_register", 4 },
    [428] = { "open_tree", 3 },         [429] = { "move_mount", 5 },
    [430] = { "fsopen", 2 },            [431] = { "fsconfig", 5 },
    [432] = { "fsmount", 3 },           [433] = { "fspick", 3 },
    [434] = { "pidfd_open", 2 },        [435] = { "clone3", 2 },
    [436] = { "close_range", 3 },       [437] = { "openat2", 4 },
    [438] = { "pidfd_getfd", 3 },       [439] = { "faccessat2", 4 },
    [440] = { "process_madvise", 5 },   [441] = { "epoll_pwait2", 6 },
    [442] = { "mount_setattr", 5 },     [443] = { "quotactl_fd", 4 },
    [444] = { "landlock_create_ruleset", 3 },
    [445] = { "landlock_add_rule", 4 },
    [446] = { "landlock_restrict_self", 2 },
    [447] = { "memfd_secret", 1 },      [448] = { "process_mrelease", 2 },
    [449] = { "futex_waitv", 5 },       [450] = { "set_mempolicy_home_node", 4 },
    [451] = { "cachestat", 4 },         [452] = { "fchmodat2", 4 },
    [453] = { "map_shadow_stack", 3 },  [454] = { "futex_wake", 4 },
    [455] = { "futex_wait", 6 },        [456] = { "futex_requeue", 4 },
    [457] = { "statmount", 4 },         [458] = { "listmount", 4 },
    [459] = { "lsm_get_self_attr", 4 }, [460] = { "lsm_set_self_attr", 4 },
    [461] = { "lsm_list_modules", 3 },  [462] = { "mseal", 3 },
    [463] = { "setxattrat", 6 },        [464] = { "getxattrat", 6 },
    [465] = { "listxattrat", 4 },       [466] = { "removexattrat", 3 },
    [467] = { "open_tree_attr", 5 },    [468] = { "file_getattr", 5 },
    [469] = { "file_setattr", 5 },
};

#define N_SYSCALLS ((int64_t)G_N_ELEMENTS(syscall_table))

/* Linux errno names (generic numbering, which riscv64 uses). */
static const char *const errno_names[] = {
    [1] = "EPERM",     [2] = "ENOENT",    [3] = "ESRCH",      [4] = "EINTR",
    [5] = "EIO",       [6] = "ENXIO",     [7] = "E2BIG",      [8] = "ENOEXEC",
    [9] = "EBADF",     [10] = "ECHILD",   [11] = "EAGAIN",    [12] = "ENOMEM",
    [13] = "EACCES",   [14] = "EFAULT",   [15] = "ENOTBLK",   [16] = "EBUSY",
    [17] = "EEXIST",   [18] = "EXDEV",    [19] = "ENODEV",    [20] = "ENOTDIR",
    [21] = "EISDIR",   [22] = "EINVAL",   [23] = "ENFILE",    [24] = "EMFILE",
    [25] = "ENOTTY",   [26] = "ETXTBSY",  [27] = "EFBIG",     [28] = "ENOSPC",
    [29] = "ESPIPE",   [30] = "EROFS",    [31] = "EMLINK",    [32] = "EPIPE",
    [33] = "EDOM",     [34] = "ERANGE",   [35] = "EDEADLK",   [36] = "ENAMETOOLONG",
    [37] = "ENOLCK",   [38] = "ENOSYS",   [39] = "ENOTEMPTY", [40] = "ELOOP",
    [61] = "ENODATA",  [62] = "ETIME",    [75] = "EOVERFLOW", [95] = "EOPNOTSUPP",
    [98] = "EADDRINUSE", [104] = "ECONNRESET", [110] = "ETIMEDOUT",
    [111] = "ECONNREFUSED", [115] = "EINPROGRESS",
    [512] = "ERESTARTSYS", [513] = "ERESTARTNOINTR", [514] = "ERESTARTNOHAND",
    [516] = "ERESTART_RESTARTBLOCK",
};

static bool trace = true;
static bool summary;

/* Per-number call and error counters for summary=on; the last slot counts
 * numbers beyond the table. Updated atomically (vCPUs run in parallel). */
static uint64_t calls[N_SYSCALLS + 1];
static uint64_t errors[N_SYSCALLS + 1];

static const SyscallInfo *lookup(int64_t num)
{
    if (num >= 0 && num < N_SYSCALLS && syscall_table[num].name) {
        return &syscall_table[num];
    }
    return NULL;
}

static size_t counter_slot(int64_t num)
{
    return num >= 0 && num < N_SYSCALLS ? (size_t)num : (size_t)N_SYSCALLS;
}

static void append_arg(GString *s, uint64_t v)
{
    int64_t sv = (int64_t)v;

    if (sv >= -4096 && sv <= 65535) {
        g_string_append_printf(s, "%" PRId64, sv);
    } else {
        g_string_append_printf(s, "0x%" PRIx64, v);
    }
}

static void vcpu_syscall(qemu_plugin_id_t id, unsigned int vcpu_index,
                         int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
                         uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7,
                         uint64_t a8)
{
    const SyscallInfo *info = lookup(num);
    const uint64_t args[] = { a1, a2, a3, a4, a5, a6 };
    int nargs = info ? info->nargs : 6;
    GString *s;

    (void)id;
    (void)a7;
    (void)a8;
    if (summary) {
        __atomic_fetch_add(&calls[counter_slot(num)], 1, __ATOMIC_RELAXED);
    }
    if (!trace) {
        return;
    }
    s = g_string_new(NULL);
    g_string_append_printf(s, "vcpu %u: syscall %" PRId64 "%s%s(", vcpu_index,
                           num, info ? " " : "", info ? info->name : "");
    for (int i = 0; i < nargs; i++) {
        if (i) {
            g_string_append(s, ", ");
        }
        append_arg(s, args[i]);
    }
    g_string_append(s, ")\n");
    qemu_plugin_outs(s->str);
    g_string_free(s, TRUE);
}

static void vcpu_syscall_ret(qemu_plugin_id_t id, unsigned int vcpu_index,
                             int64_t num, int64_t ret)
{
    const SyscallInfo *info = lookup(num);
    bool is_error = ret < 0 && ret >= -4095;
    GString *s;

    (void)id;
    if (summary && is_error) {
        __atomic_fetch_add(&errors[counter_slot(num)], 1, __ATOMIC_RELAXED);
    }
    if (!trace) {
        return;
    }
    s = g_string_new(NULL);
    g_string_append_printf(s, "vcpu %u: syscall %" PRId64 "%s%s = ", vcpu_index,
                           num, info ? " " : "", info ? info->name : "");
    if (is_error) {
        int64_t e = -ret;
        const char *name = e < (int64_t)G_N_ELEMENTS(errno_names) ? errno_names[e] : NULL;

        g_string_append_printf(s, "%" PRId64, ret);
        if (name) {
            g_string_append_printf(s, " (%s)", name);
        }
    } else if (info && (info->flags & RET_ADDR)) {
        g_string_append_printf(s, "0x%" PRIx64, (uint64_t)ret);
    } else {
        g_string_append_printf(s, "%" PRId64, ret);
    }
    g_string_append_c(s, '\n');
    qemu_plugin_outs(s->str);
    g_string_free(s, TRUE);
}

static void plugin_exit(qemu_plugin_id_t id, void *udata)
{
    GString *s;

    (void)id;
    (void)udata;
    if (!summary) {
        return;
    }
    s = g_string_new("syscall summary:\n");
    g_string_append_printf(s, "%5s %-24s %10s %10s\n", "num", "name", "calls", "errors");
    uint64_t total = 0;
    for (int64_t i = 0; i <= N_SYSCALLS; i++) {
        const SyscallInfo *info = lookup(i);

        if (!calls[i]) {
            continue;
        }
        total += calls[i];
        if (i == N_SYSCALLS) {
            g_string_append_printf(s, "%5s %-24s", "-", "(beyond the table)");
        } else {
            g_string_append_printf(s, "%5" PRId64 " %-24s", i, info ? info->name : "?");
        }
        g_string_append_printf(s, " %10" PRIu64 " %10" PRIu64 "\n", calls[i], errors[i]);
    }
    g_string_append_printf(s, "%5s %-24s %10" PRIu64 "\n", "", "total", total);
    qemu_plugin_outs(s->str);
    g_string_free(s, TRUE);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    (void)info;
    for (int i = 0; i < argc; i++) {
        char **kv = g_strsplit(argv[i], "=", 2);
        bool ok = false;

        if (g_strcmp0(kv[0], "trace") == 0 && kv[1]) {
            ok = qemu_plugin_bool_parse(kv[0], kv[1], &trace);
        } else if (g_strcmp0(kv[0], "summary") == 0 && kv[1]) {
            ok = qemu_plugin_bool_parse(kv[0], kv[1], &summary);
        }
        g_strfreev(kv);
        if (!ok) {
            fprintf(stderr, "syscalls: bad option '%s' (known: trace=on|off, "
                    "summary=on|off)\n", argv[i]);
            return -1;
        }
    }
    qemu_plugin_register_vcpu_syscall_cb(id, vcpu_syscall);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, vcpu_syscall_ret);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
