# Zicsr on the user-accessible CSRs: fflags, frm, fcsr with every CSR
# instruction (csrrw/csrrs/csrrc and the immediate forms, rs1 = x0 / uimm = 0
# read-only forms, rd = x0 write-only forms), field masking, the views of
# fcsr through fflags and frm, the fsrm/fsflags/fscsr swap pseudos, fflags
# accrual across FP operations (and no accrual from non-arithmetic FP ops),
# and the counters cycle/time/instret: readable without trapping and
# monotonic (their values are not compared).
#include "lib.h"

        .macro RD label, csr
        csrr    a0, \csr
        PR      "\label", a0
        .endm

TEST_BEGIN
        SECTION "initial state"
        RD      "fcsr at start", fcsr
        CHK     0

        SECTION "fcsr masking and views"
        li      a1, 0xffffffff
        csrrw   a0, fcsr, a1
        PR      "csrrw fcsr old", a0
        CHK     0
        RD      "fcsr after writing 0xffffffff", fcsr
        CHK     0xff                            # only bits 7:0 exist
        RD      "frm view", frm
        CHK     7
        RD      "fflags view", fflags
        CHK     0x1f
        li      a1, 0xfffffff9
        csrrw   a0, frm, a1
        PR      "csrrw frm old", a0
        CHK     7
        RD      "frm after writing 0xfffffff9", frm
        CHK     1                               # 3 bits
        RD      "fcsr (fflags untouched)", fcsr
        CHK     0x3f
        li      a1, 0x1e2
        csrrw   a0, fflags, a1
        PR      "csrrw fflags old", a0
        CHK     0x1f
        RD      "fcsr after fflags=0x1e2", fcsr
        CHK     0x22                            # frm kept, fflags = 0x02
        csrrwi  a0, fcsr, 0x1f
        PR      "csrrwi fcsr old", a0
        CHK     0x22
        RD      "fcsr after csrrwi 0x1f", fcsr
        CHK     0x1f                            # uimm is 5 bits: frm cleared

        SECTION "set/clear forms"
        csrwi   fcsr, 0
        li      a1, 0x12
        csrrs   a0, fflags, a1
        PR      "csrrs fflags old", a0
        CHK     0
        RD      "fflags after set 0x12", fflags
        CHK     0x12
        li      a1, 0x10
        csrrc   a0, fflags, a1
        PR      "csrrc fflags old", a0
        CHK     0x12
        RD      "fflags after clear 0x10", fflags
        CHK     0x02
        csrrsi  a0, fflags, 0x9
        PR      "csrrsi fflags old", a0
        CHK     0x02
        RD      "fflags after csrrsi 9", fflags
        CHK     0x0b
        csrrci  a0, fflags, 0x3
        PR      "csrrci fflags old", a0
        CHK     0x0b
        RD      "fflags after csrrci 3", fflags
        CHK     0x08
        csrrsi  a0, frm, 4
        PR      "csrrsi frm old", a0
        CHK     0
        RD      "fcsr", fcsr
        CHK     0x88
        csrrci  a0, fcsr, 0x8
        RD      "fcsr after csrrci 8", fcsr
        CHK     0x80
        li      a1, 0x60
        csrrs   a0, fcsr, a1
        RD      "fcsr after csrrs 0x60", fcsr
        CHK     0xe0
        li      a1, 0xc0
        csrrc   a0, fcsr, a1
        RD      "fcsr after csrrc 0xc0", fcsr
        CHK     0x20
        csrrs   a0, frm, zero                   # read only
        PR      "csrrs frm, x0", a0
        CHK     1
        csrrsi  a0, fcsr, 0
        PR      "csrrsi fcsr, 0", a0
        CHK     0x20
        csrrci  a0, fflags, 0
        PR      "csrrci fflags, 0", a0
        CHK     0
        li      a1, 0x5
        csrrw   zero, fflags, a1                # write only
        RD      "fflags after csrrw x0", fflags
        CHK     0x5
        li      a0, 0x1234
        csrrs   a0, fflags, a0                  # rd == rs1: old value returned
        PR      "csrrs rd==rs1 old", a0
        CHK     0x5
        RD      "fflags after", fflags
        CHK     0x15                            # 0x1234 & 0x1f = 0x14

        SECTION "pseudo-instructions"
        csrwi   fcsr, 0
        li      a1, 3
        fsrm    a0, a1
        PR      "fsrm old", a0
        CHK     0
        frrm    a0
        PR      "frrm", a0
        CHK     3
        fsrmi   a0, 2
        PR      "fsrmi old", a0
        CHK     3
        li      a1, 0x11
        fsflags a0, a1
        PR      "fsflags old", a0
        CHK     0
        frflags a0
        PR      "frflags", a0
        CHK     0x11
        fsflagsi a0, 1
        PR      "fsflagsi old", a0
        CHK     0x11
        frcsr   a0
        PR      "frcsr", a0
        CHK     0x41
        li      a1, 0
        fscsr   a0, a1
        PR      "fscsr old", a0
        CHK     0x41
        frcsr   a0
        PR      "frcsr after fscsr 0", a0
        CHK     0

        SECTION "fflags accrue"
        csrwi   fflags, 0
        LI_D    fa1, D_ONE
        LI_D    fa2, D_P0
        LI_D    fa3, D_THREE
        fdiv.d  fa0, fa1, fa2                   # DZ
        RD      "after 1/0", fflags
        CHK     DZ
        fdiv.d  fa0, fa1, fa3                   # NX
        RD      "after 1/3 (accrued)", fflags
        CHK     DZ|NX
        fdiv.d  fa0, fa2, fa2                   # NV
        RD      "after 0/0 (accrued)", fflags
        CHK     NV|DZ|NX
        fadd.d  fa0, fa1, fa1                   # exact: flags stay
        RD      "after exact add", fflags
        CHK     NV|DZ|NX
        csrwi   fflags, 0
        LI_D    fa1, D_SNAN
        fsgnj.d fa0, fa1, fa1
        fmv.x.d a0, fa1
        fmv.d.x fa0, a0
        fclass.d a0, fa1
        lla     a1, scratch
        fsd     fa1, 0(a1)
        fld     fa0, 0(a1)
        RD      "after sgnj/mv/class/ld/st of sNaN", fflags
        CHK     0                               # none of these raise flags
        feq.d   a0, fa1, fa1
        RD      "after feq of sNaN", fflags
        CHK     NV
        csrwi   fflags, 0
        LI_D    fa1, D_MAX
        fmul.d  fa0, fa1, fa1
        RD      "after overflow", fflags
        CHK     OF|NX
        LI_D    fa1, D_MINN
        fmul.d  fa0, fa1, fa1
        RD      "after underflow (accrued)", fflags
        CHK     OF|UF|NX
        RD      "frm unchanged by FP ops", frm
        CHK     0

        SECTION "counters (values not compared)"
        rdcycle a1
        rdtime  a2
        rdinstret a3
        li      t2, 1000
1:      addi    t2, t2, -1
        bnez    t2, 1b
        rdcycle a4
        rdtime  a5
        rdinstret a6
        sltu    a0, a4, a1
        xori    a0, a0, 1
        PR      "cycle monotonic", a0
        CHK     1
        sltu    a0, a5, a2
        xori    a0, a0, 1
        PR      "time monotonic", a0
        CHK     1
        sltu    a0, a6, a3
        xori    a0, a0, 1
        PR      "instret monotonic", a0
        CHK     1
        csrrs   a0, cycle, zero
        csrrsi  a0, time, 0
        csrrc   a0, instret, zero
        csrrci  a0, cycle, 0
        li      a0, 1
        PR      "read-only forms on counters do not trap", a0
        CHK     1
TEST_END

        .data
        .balign 8
scratch: .dword 0
