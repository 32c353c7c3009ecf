// Covers directories in a mkdtemp dir: mkdir, opendir/readdir (sorted), rewinddir, scandir, rename, unlink, rmdir, access.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static const char *path(const char *name) {
    static char buf[2][160];
    static int which;
    which ^= 1;
    snprintf(buf[which], sizeof buf[which], "%s/%s", dir, name);
    return buf[which];
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* list a directory with readdir, sorted by name, with the type taken from lstat */
static void list(const char *label, const char *d) {
    DIR *dp = opendir(d);
    if (!dp) { printf("%s: opendir failed: %s\n", label, strerror(errno)); return; }
    char *names[64];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL && n < 64) names[n++] = strdup(de->d_name);
    qsort(names, n, sizeof names[0], cmp_str);
    printf("%s (%d):", label, n);
    for (int i = 0; i < n; i++) {
        char p[256];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", d, names[i]);
        char kind = '?';
        if (lstat(p, &st) == 0) kind = S_ISDIR(st.st_mode) ? 'd' : S_ISLNK(st.st_mode) ? 'l' : S_ISREG(st.st_mode) ? 'f' : 'o';
        printf(" %s:%c", names[i], kind);
        free(names[i]);
    }
    printf("\n");
    /* rewinddir must give the same number of entries again */
    rewinddir(dp);
    int again = 0;
    while (readdir(dp)) again++;
    printf("%s rewind count matches: %s\n", label, again == n ? "yes" : "no");
    closedir(dp);
}

static void touch(const char *name, mode_t mode, const char *content) {
    int fd = open(path(name), O_CREAT | O_WRONLY | O_TRUNC, mode);
    if (fd < 0) { printf("create %s: %s\n", name, strerror(errno)); return; }
    write(fd, content, strlen(content));
    close(fd);
}

static void try(const char *what, int r) {
    printf("%-28s -> %d%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
}

int main(void) {
    umask(022);
    strcpy(dir, "/tmp/rivet-guest-XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }

    list("empty", dir);
    touch("b.txt", 0644, "bee\n");
    touch("a.txt", 0644, "ay\n");
    touch("C.dat", 0755, "#!/bin/sh\n");
    touch("zz", 0600, "");
    try("mkdir sub", mkdir(path("sub"), 0755));
    try("mkdir sub/inner", mkdir(path("sub/inner"), 0700));
    try("mkdir sub again", mkdir(path("sub"), 0755));
    try("symlink link->a.txt", symlink("a.txt", path("link")));
    list("initial", dir);

    try("access a.txt F_OK", access(path("a.txt"), F_OK));
    try("access a.txt R_OK", access(path("a.txt"), R_OK));
    try("access C.dat X_OK", access(path("C.dat"), X_OK));
    try("access a.txt X_OK", access(path("a.txt"), X_OK));
    try("access missing F_OK", access(path("missing"), F_OK));
    try("faccessat sub R_OK|X_OK", faccessat(AT_FDCWD, path("sub"), R_OK | X_OK, 0));

    try("rename a.txt d.txt", rename(path("a.txt"), path("d.txt")));
    try("rename b.txt over d.txt", rename(path("b.txt"), path("d.txt")));
    try("rename missing x", rename(path("missing"), path("x")));
    try("rename sub sub2", rename(path("sub"), path("sub2")));
    try("renameat zz into sub2", renameat(AT_FDCWD, path("zz"), AT_FDCWD, path("sub2/zz")));
    list("after renames", dir);
    list("sub2", path("sub2"));

    /* d.txt now holds b.txt's content */
    char buf[16] = {0};
    int fd = open(path("d.txt"), O_RDONLY);
    read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("d.txt content: %s", buf);

    /* scandir with alphasort (C locale) */
    struct dirent **ents;
    int n = scandir(dir, &ents, NULL, alphasort);
    printf("scandir=%d:", n);
    for (int i = 0; i < n; i++) {
        printf(" %s", ents[i]->d_name);
        free(ents[i]);
    }
    free(ents);
    printf("\n");

    try("rmdir sub2 (not empty)", rmdir(path("sub2")));
    try("unlink sub2 (a directory)", unlink(path("sub2")));
    try("rmdir d.txt (a file)", rmdir(path("d.txt")));
    try("unlink sub2/zz", unlink(path("sub2/zz")));
    try("rmdir sub2/inner", rmdir(path("sub2/inner")));
    try("rmdir sub2", rmdir(path("sub2")));
    try("unlink link", unlink(path("link")));
    try("unlink d.txt", unlink(path("d.txt")));
    try("unlink C.dat", unlink(path("C.dat")));
    try("unlink d.txt again", unlink(path("d.txt")));
    list("final", dir);
    try("rmdir tmpdir", rmdir(dir));
    try("opendir removed", opendir(dir) ? 0 : -1);
    return 0;
}
