// Covers errno values and strerror/perror text for failing syscalls (ENOENT, EEXIST, EISDIR, ENOTDIR, EBADF, ESPIPE, EINVAL, EFAULT, ...).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static const char *path(const char *name) {
    static char buf[2][400];
    static int which;
    which ^= 1;
    snprintf(buf[which], sizeof buf[which], "%s/%s", dir, name);
    return buf[which];
}

static void expect(const char *what, long r) {
    int e = errno;
    printf("%-34s r=%ld errno=%-3d %-14s %s\n", what, r, r < 0 ? e : 0, r < 0 ? strerrorname_np(e) : "-",
           r < 0 ? strerror(e) : "");
    errno = 0;
}

int main(void) {
    strcpy(dir, "/tmp/rivet-guest-XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    int fd = open(path("file"), O_CREAT | O_WRONLY, 0644);
    write(fd, "data", 4);
    close(fd);
    mkdir(path("sub"), 0755);
    int p[2];
    pipe(p);

    errno = 0;
    expect("open missing", open(path("missing"), O_RDONLY));
    expect("open O_CREAT|O_EXCL existing", open(path("file"), O_CREAT | O_EXCL | O_WRONLY, 0644));
    expect("open dir for writing", open(path("sub"), O_WRONLY));
    expect("open file/x", open(path("file/x"), O_RDONLY));
    expect("open O_DIRECTORY on file", open(path("file"), O_RDONLY | O_DIRECTORY));
    char longname[300];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    expect("open name too long", open(path(longname), O_RDONLY));
    expect("read bad fd", read(999, longname, 1));
    expect("close(-1)", close(-1));
    expect("lseek on pipe", lseek(p[0], 0, SEEK_SET));
    fd = open(path("file"), O_RDONLY);
    expect("lseek bad whence", lseek(fd, 0, 77));
    expect("lseek negative", lseek(fd, -100, SEEK_SET));
    expect("write to O_RDONLY fd", write(fd, "x", 1));
    void *volatile badptr = (void *)8;
    expect("read into bad pointer", read(fd, badptr, 4));
    expect("write from bad pointer", write(p[1], badptr, 4));
    expect("open bad path pointer", open((const char *)badptr, O_RDONLY));
    close(fd);
    expect("mkdir existing", mkdir(path("sub"), 0755));
    expect("mkdir in missing parent", mkdir(path("nope/sub"), 0755));
    expect("rmdir file", rmdir(path("file")));
    expect("unlink dir", unlink(path("sub")));
    expect("rename dir into itself", rename(path("sub"), path("sub/inner")));
    expect("chdir file", chdir(path("file")));
    expect("link to missing", link(path("missing"), path("l")));
    expect("symlink over existing", symlink("x", path("file")));
    char buf[16];
    expect("readlink non-link", readlink(path("file"), buf, sizeof buf));
    expect("kill bad signal", kill(getpid(), 999));
    expect("kill missing pid", kill(0x3ffffff0, 0));
    expect("mmap len 0", (long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    expect("dup2 bad fd", dup2(999, 5));
    expect("fcntl bad cmd", fcntl(0, 12345));
    expect("pipe bad pointer", pipe((int *)badptr));
    expect("getpid succeeds", getpid() > 0 ? 0 : -1);

    /* perror writes "prefix: message" to stderr */
    errno = ENOENT;
    perror("perror ENOENT");
    errno = EACCES;
    perror(NULL);
    errno = 0;
    perror("errno 0");
    /* unknown numbers share a static buffer: one call per printf */
    printf("strerror(0)=%s\n", strerror(0));
    printf("strerror(9999)=%s\n", strerror(9999));
    printf("strerror(-1)=%s\n", strerror(-1));
    for (int e = 1; e <= 40; e++) printf("%d %s: %s\n", e, strerrorname_np(e), strerror(e));

    close(p[0]);
    close(p[1]);
    unlink(path("file"));
    rmdir(path("sub"));
    printf("cleanup rmdir=%d\n", rmdir(dir));
    return 0;
}
