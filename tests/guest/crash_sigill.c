// Covers a fatal SIGILL with no handler (an all-zero instruction word): exit status is 128+4.
// EXIT: 132
#include <stdio.h>

int main(void) {
    printf("about to execute an illegal instruction\n");
    fflush(stdout);
    __asm__ volatile(".4byte 0x00000000");
    printf("not reached\n");
    return 0;
}
