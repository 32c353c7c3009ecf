// Covers exit(0) called from a nested function: atexit and on_exit handlers run, buffered stdout is flushed, status 0.
// EXIT: 0
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

static void bye(void) { printf("atexit handler ran\n"); }
static void bye_status(int status, void *arg) { printf("on_exit handler: status=%d arg=%s\n", status, (char *)arg); }

static void leave(int depth) {
    if (depth == 0) {
        printf("exit(0) from depth 3\n");
        exit(0);
    }
    leave(depth - 1);
    printf("not reached\n");
}

int main(void) {
    atexit(bye);
    on_exit(bye_status, "cookie");
    leave(3);
    return 99;
}
