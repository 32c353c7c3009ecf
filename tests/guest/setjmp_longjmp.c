// Covers setjmp/longjmp through nested frames, volatile locals, longjmp(…,0), sigsetjmp/siglongjmp mask restore.
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static jmp_buf env;
static sigjmp_buf senv;
static int depth_reached;

/* recurse with some stack use per frame, then jump out from the deepest frame
   (gcc sees no returning path, which is the point) */
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static void dive(int depth, int target) {
    volatile char pad[64];
    pad[depth % 64] = (char)depth;
    depth_reached = pad[depth % 64];
    if (depth < target)
        dive(depth + 1, target);
    else
        longjmp(env, depth * 10);
}

static void jump_zero(void) { longjmp(env, 0); }

static int blocked(int sig) {
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    return sigismember(&cur, sig);
}

int main(void) {
    for (int target = 0; target < 50; target += 12) {
        volatile int counter = 100;
        int r = setjmp(env);
        if (r == 0) {
            counter = 200;
            dive(0, target);
            printf("not reached\n");
        } else {
            printf("target=%d returned=%d depth=%d counter=%d\n", target, r, depth_reached, counter);
        }
    }

    int r = setjmp(env);
    if (r == 0) jump_zero();
    printf("longjmp(env, 0) makes setjmp return %d\n", r);

    /* jump back into the same setjmp several times */
    volatile int loops = 0;
    r = setjmp(env);
    loops++;
    if (loops < 5) longjmp(env, loops);
    printf("loops=%d last=%d\n", loops, r);

    /* sigsetjmp(…, 1) restores the signal mask on siglongjmp; savemask 0 does not */
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    if (sigsetjmp(senv, 1) == 0) {
        sigprocmask(SIG_BLOCK, &usr1, NULL);
        printf("blocked before jump: %d\n", blocked(SIGUSR1));
        siglongjmp(senv, 1);
    }
    printf("after siglongjmp(savemask=1) blocked: %d\n", blocked(SIGUSR1));
    if (sigsetjmp(senv, 0) == 0) {
        sigprocmask(SIG_BLOCK, &usr1, NULL);
        siglongjmp(senv, 1);
    }
    printf("after siglongjmp(savemask=0) blocked: %d\n", blocked(SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);

    /* _setjmp/_longjmp variants */
    if (_setjmp(env) == 0) _longjmp(env, 7);
    printf("_longjmp ok\n");
    return 0;
}
