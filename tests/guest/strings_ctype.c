// Covers string.h functions (search, compare, copy, tokenize, case-insensitive) and ctype classification in the C locale.
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int sign(int x) { return (x > 0) - (x < 0); }

int main(void) {
    const char *s = "The quick brown fox jumps over the lazy dog";
    printf("strlen=%zu strnlen(10)=%zu\n", strlen(s), strnlen(s, 10));
    printf("strchr o=%td strrchr o=%td strchr nul=%td memchr z=%td memrchr e=%td\n",
           strchr(s, 'o') - s, strrchr(s, 'o') - s, strchr(s, '\0') - s,
           (const char *)memchr(s, 'z', strlen(s)) - s, (const char *)memrchr(s, 'e', strlen(s)) - s);
    printf("strstr fox=%td strstr cat=%s strcasestr LAZY=%td\n", strstr(s, "fox") - s,
           strstr(s, "cat") ? "found" : "null", strcasestr(s, "LAZY") - s);
    printf("strspn=%zu strcspn=%zu strpbrk=%td\n", strspn(s, "ehT"), strcspn(s, "xyz"),
           strpbrk(s, "jq") - s);

    const char *pairs[][2] = {{"abc", "abd"}, {"abc", "abc"}, {"b", "abc"}, {"", "a"},
                              {"ABC", "abc"}, {"a\xff", "a\x01"}, {"hello", "help"}};
    for (unsigned i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const char *a = pairs[i][0], *b = pairs[i][1];
        printf("cmp #%u: strcmp=%d strncmp3=%d strcasecmp=%d memcmp2=%d\n", i, sign(strcmp(a, b)),
               sign(strncmp(a, b, 3)), sign(strcasecmp(a, b)), sign(memcmp(a, b, 2)));
    }

    char buf[64];
    strcpy(buf, "foo");
    strcat(buf, "bar");
    volatile size_t three = 3; /* volatile: avoid gcc's truncation warning, truncation is the point */
    strncat(buf, "bazqux", three);
    printf("cat: %s\n", buf);
    memset(buf, 'x', sizeof buf);
    strncpy(buf, "ab", 5);
    printf("strncpy pads: %d %d %d %d %c\n", buf[0], buf[2], buf[3], buf[4], buf[5]);
    char *end = stpcpy(buf, "stp");
    end = stpcpy(end, "cpy");
    printf("stpcpy: %s len=%td\n", buf, end - buf);

    char *dup = strdup(s);
    char *ndup = strndup(s, 9);
    printf("strdup equal=%d strndup=\"%s\"\n", strcmp(dup, s) == 0, ndup);
    free(ndup);

    /* tokenizers */
    char *save = NULL;
    int count = 0;
    for (char *tok = strtok_r(dup, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
        printf("%s%s", count++ ? "|" : "tokens: ", tok);
    printf(" (%d)\n", count);
    free(dup);
    char csv[] = "a,,b,c,";
    char *p = csv, *field;
    printf("strsep:");
    while ((field = strsep(&p, ",")) != NULL) printf(" [%s]", field);
    printf("\n");

    /* case conversion and classification for every byte value */
    char up[64], low[64];
    const char *mixed = "Hello, World! 123 _xyz";
    size_t n = strlen(mixed);
    for (size_t i = 0; i <= n; i++) {
        up[i] = (char)toupper((unsigned char)mixed[i]);
        low[i] = (char)tolower((unsigned char)mixed[i]);
    }
    printf("upper=%s lower=%s\n", up, low);
    static const struct { const char *name; int (*fn)(int); } classes[] = {
        {"alnum", isalnum}, {"alpha", isalpha}, {"blank", isblank}, {"cntrl", iscntrl},
        {"digit", isdigit}, {"graph", isgraph}, {"lower", islower}, {"print", isprint},
        {"punct", ispunct}, {"space", isspace}, {"upper", isupper}, {"xdigit", isxdigit},
    };
    for (unsigned k = 0; k < sizeof classes / sizeof classes[0]; k++) {
        printf("%-6s ", classes[k].name);
        int total = 0;
        for (int c = 0; c < 256; c++) {
            int yes = classes[k].fn(c) != 0;
            total += yes;
            if (c < 128 && c % 4 == 3) {
                /* one hex digit per 4 code points */
                int nib = 0;
                for (int j = 0; j < 4; j++) nib |= (classes[k].fn(c - 3 + j) != 0) << j;
                putchar("0123456789abcdef"[nib]);
            }
        }
        printf(" total=%d\n", total);
    }
    unsigned conv = 0;
    for (int c = 0; c < 256; c++) conv = conv * 31 + (unsigned)(toupper(c) * 3 + tolower(c));
    printf("conversion hash=%u toupper(EOF)=%d\n", conv, toupper(EOF));

    /* memory functions */
    char m[32];
    memset(m, 0, sizeof m);
    memcpy(m, "0123456789", 10);
    memmove(m + 2, m, 8);
    printf("memmove fwd: %.10s\n", m);
    memmove(m, m + 3, 7);
    printf("memmove back: %.10s\n", m);
    void *mp = mempcpy(m, "xy", 2);
    printf("mempcpy off=%td: %.10s\n", (char *)mp - m, m);
    printf("ffs(0x50)=%d ffsl=%d\n", ffs(0x50), ffsl(1L << 40));
    printf("last path component: %s\n", strrchr("/a/b/c.txt", '/') + 1);
    return 0;
}
