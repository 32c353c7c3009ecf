// Covers file I/O in a mkdtemp directory: open/write/read/lseek/pread/pwrite/ftruncate/fstat/stat/statx, O_APPEND, holes, links, stdio streams.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static const char *path(const char *name) {
    static char buf[2][128];
    static int which;
    which ^= 1;
    snprintf(buf[which], sizeof buf[which], "%s/%s", dir, name);
    return buf[which];
}

static void show_stat(const char *what, const struct stat *st) {
    printf("%s: size=%lld mode=%o reg=%d dir=%d lnk=%d nlink=%lu\n", what, (long long)st->st_size,
           (unsigned)(st->st_mode & 07777), S_ISREG(st->st_mode), S_ISDIR(st->st_mode),
           S_ISLNK(st->st_mode), (unsigned long)st->st_nlink);
}

int main(void) {
    umask(022);
    strcpy(dir, "/tmp/rivet-guest-XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }

    int fd = open(path("data.bin"), O_CREAT | O_RDWR | O_TRUNC, 0640);
    if (fd < 0) { perror("open"); return 1; }
    char pattern[100];
    for (int i = 0; i < 100; i++) pattern[i] = (char)('A' + i % 26);
    printf("write=%zd\n", write(fd, pattern, sizeof pattern));
    long long p1 = lseek(fd, 0, SEEK_CUR);
    long long p2 = lseek(fd, 3, SEEK_SET);
    long long p3 = lseek(fd, -10, SEEK_END);
    long long p4 = lseek(fd, 5, SEEK_CUR);
    printf("lseek cur=%lld set=%lld end-10=%lld cur+5=%lld\n", p1, p2, p3, p4);
    char buf[64] = {0};
    ssize_t n = read(fd, buf, sizeof buf);
    printf("read at 95: %zd \"%.*s\"\n", n, 5, buf);
    n = read(fd, buf, sizeof buf);
    printf("read at eof: %zd\n", n);

    memset(buf, 0, sizeof buf);
    n = pread(fd, buf, 10, 20);
    printf("pread(10,@20)=%zd \"%s\" pos=%lld\n", n, buf, (long long)lseek(fd, 0, SEEK_CUR));
    n = pwrite(fd, "tail", 4, 200);
    printf("pwrite(@200)=%zd pos=%lld\n", n, (long long)lseek(fd, 0, SEEK_CUR));

    struct stat st;
    fstat(fd, &st);
    show_stat("after pwrite", &st);
    /* the hole between 100 and 200 reads as zeros */
    char hole[100];
    n = pread(fd, hole, sizeof hole, 100);
    int zeros = 0;
    for (ssize_t i = 0; i < n; i++) zeros += hole[i] == 0;
    printf("hole read=%zd zeros=%d\n", n, zeros);

    printf("ftruncate(50)=%d\n", ftruncate(fd, 50));
    fstat(fd, &st);
    show_stat("after shrink", &st);
    printf("ftruncate(4096)=%d\n", ftruncate(fd, 4096));
    fstat(fd, &st);
    show_stat("after grow", &st);
    memset(buf, 1, sizeof buf);
    n = pread(fd, buf, 8, 48);
    printf("pread across truncation: %zd [%d %d %d %d]\n", n, buf[0], buf[1], buf[2], buf[3]);
    printf("fsync=%d fdatasync=%d\n", fsync(fd), fdatasync(fd));
    close(fd);

    /* stat, statx and fstatat must agree */
    struct stat st2;
    printf("stat=%d\n", stat(path("data.bin"), &st2));
    show_stat("stat", &st2);
    struct statx stx;
    int r = statx(AT_FDCWD, path("data.bin"), 0, STATX_BASIC_STATS, &stx);
    printf("statx=%d basic=%d size=%llu mode=%o nlink=%u ino_match=%d\n", r,
           (stx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS,
           (unsigned long long)stx.stx_size, (unsigned)(stx.stx_mode & 07777), stx.stx_nlink,
           stx.stx_ino == (unsigned long long)st2.st_ino);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    struct stat st3;
    r = fstatat(dfd, "data.bin", &st3, 0);
    printf("fstatat=%d same_ino=%d\n", r, st3.st_ino == st2.st_ino);
    r = statx(dfd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_MODE, &stx);
    printf("statx(dir, AT_EMPTY_PATH)=%d isdir=%d\n", r, S_ISDIR(stx.stx_mode));

    /* O_APPEND always writes at the end */
    fd = open(path("log.txt"), O_CREAT | O_WRONLY | O_APPEND, 0600);
    write(fd, "one\n", 4);
    lseek(fd, 0, SEEK_SET);
    write(fd, "two\n", 4);
    printf("append pos=%lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    close(fd);
    fd = open(path("log.txt"), O_RDONLY);
    memset(buf, 0, sizeof buf);
    n = read(fd, buf, sizeof buf - 1);
    printf("log (%zd): %s", n, buf);
    close(fd);
    stat(path("log.txt"), &st);
    show_stat("log.txt", &st);

    /* hard link and symlink */
    printf("link=%d\n", link(path("log.txt"), path("log2.txt")));
    stat(path("log.txt"), &st);
    show_stat("after link", &st);
    printf("symlink=%d\n", symlink("log.txt", path("sym")));
    char target[64] = {0};
    printf("readlink=%zd \"%s\"\n", readlink(path("sym"), target, sizeof target - 1), target);
    lstat(path("sym"), &st);
    printf("lstat sym: lnk=%d size=%lld\n", S_ISLNK(st.st_mode), (long long)st.st_size);
    stat(path("sym"), &st);
    printf("stat sym: reg=%d size=%lld\n", S_ISREG(st.st_mode), (long long)st.st_size);
    printf("chmod: %d\n", chmod(path("log2.txt"), 0751));
    stat(path("log.txt"), &st);
    show_stat("after chmod", &st);

    /* stdio streams on a file */
    FILE *f = fopen(path("stream.txt"), "w+");
    for (int i = 0; i < 5; i++) fprintf(f, "line %d: %s\n", i, i % 2 ? "odd" : "even");
    printf("ftell=%ld\n", ftell(f));
    rewind(f);
    char line[64];
    while (fgets(line, sizeof line, f)) printf("got %s", line);
    fseek(f, -4, SEEK_END);
    printf("fgetc after fseek: %c\n", fgetc(f));
    fclose(f);

    /* clean up everything we created */
    const char *names[] = {"data.bin", "log.txt", "log2.txt", "sym", "stream.txt"};
    for (unsigned i = 0; i < 5; i++)
        if (unlink(path(names[i])) != 0) printf("unlink %s failed: %s\n", names[i], strerror(errno));
    close(dfd);
    printf("rmdir=%d\n", rmdir(dir));
    return 0;
}
