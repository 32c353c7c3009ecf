// Covers exit(3): atexit handlers run in reverse order and stdio buffers are flushed.
// EXIT: 3
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("atexit first registered (runs last)\n"); }
static void second(void) { printf("atexit second registered (runs first)\n"); }

int main(void) {
    atexit(first);
    atexit(second);
    printf("calling exit(3) with this line still buffered\n");
    exit(3);
}
