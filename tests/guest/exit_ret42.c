// Covers returning 42 from main: the value becomes the exit status, stdout and stderr are flushed.
// EXIT: 42
#include <stdio.h>

int main(void) {
    printf("returning 42 from main\n");
    fprintf(stderr, "a line on stderr\n");
    return 42;
}
