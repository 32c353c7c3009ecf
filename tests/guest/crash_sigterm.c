// Covers death by a non-core signal: kill(getpid(), SIGTERM) with the default action, status 128+15.
// EXIT: 143
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("sending SIGTERM to myself\n");
    fflush(stdout);
    kill(getpid(), SIGTERM);
    /* delivery to the current thread happens before kill returns */
    printf("not reached\n");
    return 0;
}
