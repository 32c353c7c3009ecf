# A static rounding-mode field of 5 (reserved) is an illegal instruction even
# when frm is valid: death by SIGILL (status 132).
# EXPECT-STATUS: 132
#include "lib.h"

TEST_BEGIN
        li      a0, 1
        PR      "before fadd.s with rm=5", a0
        .insn   r 0x53, 5, 0x00, fa0, fa1, fa2  # fadd.s fa0, fa1, fa2, rm=5
        PR      "not reached", a0
TEST_END
