// Covers RISC-V M-extension edge cases via inline asm: division by zero and overflow for div/divu/rem/remu and the *w forms, mulh*.
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#define RR(insn, a, b)                                                         \
    ({                                                                         \
        uint64_t r_;                                                           \
        __asm__ volatile(insn " %0, %1, %2" : "=r"(r_) : "r"(a), "r"(b));      \
        r_;                                                                    \
    })

static const char *const ops[] = {"div", "divu", "rem", "remu", "divw", "divuw", "remw", "remuw",
                                  "mul", "mulh", "mulhu", "mulhsu", "mulw"};

static uint64_t run(int op, uint64_t a, uint64_t b) {
    switch (op) {
    case 0: return RR("div", a, b);
    case 1: return RR("divu", a, b);
    case 2: return RR("rem", a, b);
    case 3: return RR("remu", a, b);
    case 4: return RR("divw", a, b);
    case 5: return RR("divuw", a, b);
    case 6: return RR("remw", a, b);
    case 7: return RR("remuw", a, b);
    case 8: return RR("mul", a, b);
    case 9: return RR("mulh", a, b);
    case 10: return RR("mulhu", a, b);
    case 11: return RR("mulhsu", a, b);
    case 12: return RR("mulw", a, b);
    }
    return 0;
}

int main(void) {
    static const uint64_t vals[][2] = {
        {42, 0},                                   /* divide by zero */
        {(uint64_t)-42, 0},                        /* negative by zero */
        {0, 0},
        {0x8000000000000000ull, (uint64_t)-1},     /* 64-bit signed overflow */
        {0xffffffff80000000ull, (uint64_t)-1},     /* 32-bit signed overflow (sext INT32_MIN) */
        {0x0000000080000000ull, 0xffffffffull},    /* 32-bit overflow, upper bits ignored */
        {0x123456789abcdef0ull, 0x100000000ull},   /* *w forms see a zero divisor */
        {0xdeadbeefcafebabeull, 0x1234567ull},
        {(uint64_t)-7, 2},
        {7, (uint64_t)-2},
        {0x7fffffffffffffffull, 0x7fffffffffffffffull},
        {0xffffffffffffffffull, 0xffffffffffffffffull},
    };
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        uint64_t a = vals[i][0], b = vals[i][1];
        printf("a=%016" PRIx64 " b=%016" PRIx64 "\n", a, b);
        for (int op = 0; op < 13; op++)
            printf("  %-6s = %016" PRIx64 " (%" PRId64 ")\n", ops[op], run(op, a, b), (int64_t)run(op, a, b));
    }
    return 0;
}
