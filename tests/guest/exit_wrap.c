// Covers exit statuses outside 0..255: exit(300) is reported as 300 & 0xff = 44.
// EXIT: 44
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("exit(300)\n");
    exit(300);
}
