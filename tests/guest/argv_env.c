// Covers argv and envp as set up by the loader: quoting-preserved arguments, the controlled environment, -E/-U emulator flags, getenv/setenv.
// ARGS: one "two words" '' --flag=x 'it"s' 'tab	inside' ünïcode
// EMUFLAGS: -E GUEST_ADDED=from-flag -U GUEST_REMOVED
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv, char **envp) {
    const char *base = strrchr(argv[0], '/');
    printf("argc=%d argv0 basename=%s argv[argc]==NULL: %s\n", argc, base ? base + 1 : argv[0],
           argv[argc] == NULL ? "yes" : "no");
    for (int i = 1; i < argc; i++) {
        printf("argv[%d] len=%zu [", i, strlen(argv[i]));
        for (const unsigned char *p = (const unsigned char *)argv[i]; *p; p++) {
            if (*p >= 0x20 && *p < 0x7f) putchar(*p);
            else printf("\\x%02x", *p);
        }
        printf("]\n");
    }

    /* the environment is fully controlled by the harness (env -i), print all of it sorted */
    printf("envp == environ: %s\n", envp == environ ? "yes" : "no");
    int n = 0;
    while (envp[n]) n++;
    char **sorted = malloc(sizeof(char *) * (n + 1));
    memcpy(sorted, envp, sizeof(char *) * n);
    qsort(sorted, n, sizeof(char *), cmp);
    printf("environment (%d entries):\n", n);
    for (int i = 0; i < n; i++) printf("  %s\n", sorted[i]);
    free(sorted);

    /* arguments and environment strings live in one contiguous block after argv/envp pointers */
    int contiguous = 1;
    for (int i = 0; i + 1 < argc; i++)
        if (argv[i] + strlen(argv[i]) + 1 != argv[i + 1]) contiguous = 0;
    printf("argv strings contiguous: %s\n", contiguous ? "yes" : "no");
    printf("envp follows argv: %s\n", envp == argv + argc + 1 ? "yes" : "no");

    const char *names[] = {"GUEST_GREETING", "GUEST_ADDED", "GUEST_REMOVED", "LC_ALL", "NOT_SET"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = getenv(names[i]);
        printf("getenv(%s) = %s%s%s\n", names[i], v ? "\"" : "", v ? v : "(null)", v ? "\"" : "");
    }
    setenv("NEW_VAR", "created", 0);
    setenv("GUEST_GREETING", "replaced", 1);
    setenv("LC_ALL", "ignored", 0);
    unsetenv("GUEST_ADDED");
    printf("after setenv/unsetenv: NEW_VAR=%s GUEST_GREETING=%s LC_ALL=%s GUEST_ADDED=%s\n",
           getenv("NEW_VAR"), getenv("GUEST_GREETING"), getenv("LC_ALL"),
           getenv("GUEST_ADDED") ? "still set" : "(null)");
    int pr = putenv("PUT=1");
    printf("putenv=%d PUT=%s\n", pr, getenv("PUT"));
    int cr = clearenv();
    printf("clearenv=%d environ empty: %s\n", cr, (environ == NULL || environ[0] == NULL) ? "yes" : "no");
    return 0;
}
