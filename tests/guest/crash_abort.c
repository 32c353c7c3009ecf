// Covers abort(): SIGABRT kills the process (status 128+6) even though stdio buffers are not flushed.
// EXIT: 134
#include <stdio.h>
#include <stdlib.h>

static void never(void) { printf("atexit handler must not run\n"); }

int main(void) {
    atexit(never);
    printf("flushed line\n");
    fflush(stdout);
    printf("unflushed line\n");
    fputs("about to abort\n", stderr);
    abort();
}
