// Covers _exit(7): no atexit handlers, no stdio flush, but write(2) output is kept.
// EXIT: 7
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void handler(void) { printf("atexit must not run\n"); }

int main(void) {
    atexit(handler);
    const char *msg = "written with write(2)\n";
    write(1, msg, strlen(msg));
    printf("buffered by stdio and dropped by _exit\n");
    _exit(7);
}
