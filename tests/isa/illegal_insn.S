# An all-zero instruction word is defined to be illegal: the program must die
# of SIGILL (no handler installed) after printing its first line.  Shells
# report death by signal 4 as status 128 + 4.
# EXPECT-STATUS: 132
#include "lib.h"

TEST_BEGIN
        li      a0, 1
        PR      "before the illegal instruction", a0
        .word   0x00000000
        PR      "not reached", a0
TEST_END
