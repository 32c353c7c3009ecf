# Writing an invalid rounding mode (5) into frm is allowed, but an FP
# instruction using the dynamic rounding mode must then raise an
# illegal-instruction exception: death by SIGILL (status 132).
# EXPECT-STATUS: 132
#include "lib.h"

TEST_BEGIN
        csrwi   frm, 5
        frrm    a0
        PR      "frm after csrwi 5 (legal)", a0
        CHK     5
        li      t0, 0x3f800000
        fmv.w.x fa1, t0
        fadd.s  fa0, fa1, fa1, rne              # static mode: fine
        fmv.x.w a0, fa0
        PR      "fadd.s rne with frm=5", a0
        CHK     0x40000000
        fsgnj.s fa0, fa1, fa1                   # no rounding: fine
        PR      "fsgnj.s with frm=5", a0
        fadd.s  fa0, fa1, fa1, dyn              # SIGILL
        PR      "not reached", a0
TEST_END
