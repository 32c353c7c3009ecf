# cycle is a read-only CSR: csrrw to it is an illegal instruction even in a
# program allowed to read it: death by SIGILL (status 132).
# EXPECT-STATUS: 132
#include "lib.h"

TEST_BEGIN
        rdcycle a1
        li      a0, 1
        PR      "rdcycle works", a0
        csrw    cycle, a1
        PR      "not reached", a0
TEST_END
