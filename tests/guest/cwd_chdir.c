// Covers getcwd/chdir/fchdir in a mkdtemp tree: relative paths, "..", small getcwd buffers (ERANGE), getcwd(NULL,0); prints no host paths.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void rel(const char *what, int ok) { printf("%-46s %s\n", what, ok ? "yes" : "no"); }

static int same_file(const char *a, const char *b) {
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

int main(void) {
    char start[PATH_MAX], cwd[PATH_MAX];
    rel("getcwd(start) succeeded", getcwd(start, sizeof start) != NULL);
    rel("start is absolute", start[0] == '/');
    rel("start is the same directory as \".\"", same_file(start, "."));
    int startfd = open(".", O_RDONLY | O_DIRECTORY);

    char dir[] = "/tmp/rivet-guest-XXXXXX";
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    char real[PATH_MAX];
    realpath(dir, real);
    rel("chdir(tmpdir) == 0", chdir(dir) == 0);
    getcwd(cwd, sizeof cwd);
    rel("getcwd == realpath(tmpdir)", strcmp(cwd, real) == 0);

    rel("mkdir a == 0", mkdir("a", 0755) == 0);
    rel("mkdir a/b == 0", mkdir("a/b", 0755) == 0);
    rel("chdir a/b == 0", chdir("a/b") == 0);
    getcwd(cwd, sizeof cwd);
    rel("getcwd ends with /a/b", ends_with(cwd, "/a/b"));
    int fd = open("here.txt", O_CREAT | O_WRONLY, 0644);
    rel("relative create in a/b", fd >= 0);
    close(fd);
    rel("chdir ../.. == 0", chdir("../..") == 0);
    getcwd(cwd, sizeof cwd);
    rel("back at tmpdir", strcmp(cwd, real) == 0);
    rel("file visible as a/b/here.txt", access("a/b/here.txt", F_OK) == 0);

    int afd = open("a", O_RDONLY | O_DIRECTORY);
    rel("fchdir(a) == 0", fchdir(afd) == 0);
    getcwd(cwd, sizeof cwd);
    rel("getcwd ends with /a", ends_with(cwd, "/a"));
    rel("openat(a, b/here.txt) works", openat(afd, "b/here.txt", O_RDONLY) >= 0);

    /* small buffers */
    char tiny[4];
    errno = 0;
    rel("getcwd(tiny) fails with ERANGE", getcwd(tiny, sizeof tiny) == NULL && errno == ERANGE);
    errno = 0;
    rel("getcwd(buf, 0) fails with EINVAL", getcwd(cwd, 0) == NULL && errno == EINVAL);
    size_t need = strlen(real) + strlen("/a") + 1;
    char *exact = malloc(need);
    rel("getcwd with exactly enough room", getcwd(exact, need) != NULL);
    free(exact);
    char *dyn = getcwd(NULL, 0);
    rel("getcwd(NULL, 0) allocates", dyn != NULL && ends_with(dyn, "/a"));
    free(dyn);
    char *gd = get_current_dir_name();
    rel("get_current_dir_name agrees", gd && ends_with(gd, "/a"));
    free(gd);

    errno = 0;
    rel("chdir(missing) fails with ENOENT", chdir("missing") == -1 && errno == ENOENT);
    errno = 0;
    rel("chdir(\"\") fails with ENOENT", chdir("") == -1 && errno == ENOENT);
    errno = 0;
    rel("fchdir(bad fd) fails with EBADF", fchdir(999) == -1 && errno == EBADF);

    /* removing the current directory: getcwd then reports ENOENT */
    chdir("b");
    unlink("here.txt");
    rel("rmdir current dir (../b) == 0", rmdir("../b") == 0);
    errno = 0;
    char *gone = getcwd(cwd, sizeof cwd);
    rel("getcwd in removed dir fails with ENOENT", gone == NULL && errno == ENOENT);

    rel("fchdir(start) == 0", fchdir(startfd) == 0);
    getcwd(cwd, sizeof cwd);
    rel("back at start", strcmp(cwd, start) == 0);
    close(afd);
    close(startfd);
    char sub[PATH_MAX];
    snprintf(sub, sizeof sub, "%s/a", dir);
    rel("cleanup", rmdir(sub) == 0 && rmdir(dir) == 0);
    return 0;
}
