// Covers reading stdin line by line (fgets/getline): line, word and byte counts, longest line, per-line transforms.
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lines = 0, words = 0, bytes = 0, longest = 0, blank = 0;
    unsigned long hash = 5381;
    while ((len = getline(&line, &cap, stdin)) != -1) {
        lines++;
        bytes += len;
        int inword = 0, w = 0;
        for (ssize_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)line[i];
            hash = hash * 33 + c;
            if (isspace(c)) inword = 0;
            else if (!inword) { inword = 1; w++; }
        }
        words += w;
        int has_nl = len > 0 && line[len - 1] == '\n';
        long visible = len - has_nl;
        if (visible > longest) longest = visible;
        if (visible == 0) blank++;
        /* reverse the visible part */
        printf("%3ld %2d %c |", lines, w, has_nl ? 'n' : '-');
        for (long i = visible - 1; i >= 0; i--) putchar(line[i] == '\t' ? '>' : line[i]);
        printf("|\n");
    }
    free(line);
    printf("lines=%ld words=%ld bytes=%ld longest=%ld blank=%ld hash=%lu\n", lines, words, bytes,
           longest, blank, hash);
    printf("eof=%d error=%d\n", feof(stdin) != 0, ferror(stdin) != 0);
    printf("getchar after eof=%d\n", getchar());
    return 0;
}
