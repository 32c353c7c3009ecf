// Covers a fatal SIGSEGV with no handler: output written before the crash survives, exit status is 128+11.
// EXIT: 139
#include <stdint.h>
#include <stdio.h>

int main(void) {
    printf("about to write through a null pointer\n");
    fprintf(stderr, "stderr before crash\n");
    fflush(stdout);
    printf("this buffered line is lost with the process\n");
    volatile uintptr_t addr = 0; /* hidden from gcc so the store is really emitted */
    *(volatile int *)addr = 42;
    printf("not reached\n");
    return 0;
}
