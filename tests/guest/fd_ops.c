// Covers file descriptors: pipe/pipe2, dup/dup2/dup3, fcntl (flags, FD_CLOEXEC, F_DUPFD), isatty on a pipe, writev/readv, EPIPE.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static const char *accmode(int fl) {
    switch (fl & O_ACCMODE) {
    case O_RDONLY: return "rdonly";
    case O_WRONLY: return "wronly";
    case O_RDWR: return "rdwr";
    }
    return "?";
}

int main(void) {
    int p[2];
    int r = pipe(p);
    printf("pipe=%d fds=%d,%d\n", r, p[0], p[1]);
    printf("flags: r=%s w=%s\n", accmode(fcntl(p[0], F_GETFL)), accmode(fcntl(p[1], F_GETFL)));
    struct stat st;
    fstat(p[0], &st);
    printf("fifo=%d\n", S_ISFIFO(st.st_mode));

    errno = 0;
    int t = isatty(p[0]);
    printf("isatty(pipe)=%d errno=%s\n", t, errno == ENOTTY ? "ENOTTY" : strerror(errno));
    errno = 0;
    t = isatty(0);
    printf("isatty(stdin)=%d errno=%s\n", t, errno == ENOTTY ? "ENOTTY" : strerror(errno));

    printf("write=%zd\n", write(p[1], "hello", 5));
    char buf[64] = {0};
    printf("read=%zd \"%s\"\n", read(p[0], buf, sizeof buf), buf);

    /* non-blocking read on an empty pipe */
    int fl = fcntl(p[0], F_GETFL);
    printf("setfl nonblock=%d\n", fcntl(p[0], F_SETFL, fl | O_NONBLOCK));
    printf("nonblock set: %d\n", (fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
    ssize_t n = read(p[0], buf, sizeof buf);
    printf("empty read=%zd eagain=%d\n", n, n < 0 && errno == EAGAIN);

    /* close-on-exec flag */
    printf("getfd=%d\n", fcntl(p[0], F_GETFD));
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    printf("getfd after set=%d\n", fcntl(p[0], F_GETFD));

    /* dup returns the lowest free descriptor; dup2 targets a given one */
    int d = dup(p[1]);
    printf("dup=%d cloexec=%d\n", d, fcntl(d, F_GETFD));
    int d2 = dup2(p[1], 10);
    printf("dup2(...,10)=%d\n", d2);
    printf("dup2 same fd=%d\n", dup2(d2, d2));
    int d3 = dup3(p[1], 11, O_CLOEXEC);
    printf("dup3(...,11,O_CLOEXEC)=%d cloexec=%d\n", d3, fcntl(d3, F_GETFD));
    int d4 = fcntl(p[1], F_DUPFD, 20);
    int d5 = fcntl(p[1], F_DUPFD_CLOEXEC, 20);
    printf("F_DUPFD(20)=%d F_DUPFD_CLOEXEC(20)=%d cloexec=%d\n", d4, d5, fcntl(d5, F_GETFD));
    close(d);
    int again = dup(p[1]);
    printf("dup after close reuses: %d\n", again == d);

    /* all duplicates write into the same pipe */
    write(d2, "a", 1);
    write(d3, "b", 1);
    write(d4, "c", 1);
    write(again, "d", 1);
    memset(buf, 0, sizeof buf);
    printf("read dups=%zd \"%s\"\n", read(p[0], buf, sizeof buf), buf);

    /* writev gathers, readv scatters */
    struct iovec wv[3] = {{"first-", 6}, {"second-", 7}, {"third", 5}};
    printf("writev=%zd\n", writev(p[1], wv, 3));
    char a[4] = {0}, b[8] = {0}, c[16] = {0};
    struct iovec rv[3] = {{a, 3}, {b, 7}, {c, 15}};
    printf("readv=%zd a=\"%s\" b=\"%s\" c=\"%s\"\n", readv(p[0], rv, 3), a, b, c);

    /* redirect stdout into the pipe with dup2 and restore it */
    fflush(stdout);
    int saved = dup(1);
    dup2(p[1], 1);
    printf("through the pipe\n");
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    memset(buf, 0, sizeof buf);
    n = read(p[0], buf, sizeof buf);
    printf("captured %zd: %s", n, buf);

    /* pipe2 flags */
    int q[2];
    r = pipe2(q, O_CLOEXEC | O_NONBLOCK);
    printf("pipe2=%d\n", r);
    printf("pipe2 cloexec=%d nonblock=%d\n", fcntl(q[0], F_GETFD),
           (fcntl(q[1], F_GETFL) & O_NONBLOCK) != 0);

    /* writing to a pipe without readers: EPIPE once SIGPIPE is ignored */
    signal(SIGPIPE, SIG_IGN);
    close(q[0]);
    n = write(q[1], "x", 1);
    printf("write no reader=%zd epipe=%d\n", n, n < 0 && errno == EPIPE);

    /* operations on closed descriptors */
    close(q[1]);
    n = write(q[1], "x", 1);
    printf("write closed=%zd ebadf=%d\n", n, n < 0 && errno == EBADF);
    r = fcntl(q[1], F_GETFD);
    printf("fcntl closed=%d ebadf=%d\n", r, errno == EBADF);
    r = close(q[1]);
    printf("close closed=%d ebadf=%d\n", r, errno == EBADF);

    int fds[] = {p[0], p[1], d2, d3, d4, d5, again};
    int closed = 0;
    for (unsigned i = 0; i < sizeof fds / sizeof fds[0]; i++) closed += close(fds[i]) == 0;
    printf("closed %d\n", closed);
    /* after closing everything, the next descriptor is 3 again */
    int x = dup(0);
    printf("lowest free fd=%d\n", x);
    return 0;
}
