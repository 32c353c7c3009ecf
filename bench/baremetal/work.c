/*
 * Bare-metal benchmark image for `rivet system` against qemu-system-riscv64 (scripts/bench): an
 * integer, memory and floating-point mix of ROUNDS rounds (about 19,000 instructions each) on
 * hart 0, a checksum on the UART, then the test finisher. Other harts park in start.S.
 * work.c: 30,000 rounds (about 570 million instructions); work-small.c: 200 rounds, for plugins
 * that cost microseconds per instruction under QEMU.
 */
#include <stdint.h>

#ifndef ROUNDS
#define ROUNDS 30000
#endif

#define UART0 0x10000000UL
#define TEST_FINISHER 0x100000UL

void kmain(uint64_t hartid, const void *fdt);
void secondary_main(uint64_t hartid);

static void putc_uart(char c)
{
    volatile uint8_t *u = (volatile uint8_t *)UART0;
    while (!(u[5] & 0x20)) {
    }
    u[0] = (uint8_t)c;
}

static void put_hex(uint64_t v)
{
    for (int i = 60; i >= 0; i -= 4) {
        putc_uart("0123456789abcdef"[(v >> i) & 15]);
    }
    putc_uart('\n');
}

static uint32_t table[4096];
static double vec[256];

void kmain(uint64_t hartid, const void *fdt)
{
    (void)hartid;
    (void)fdt;
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < 4096; i++) {
        table[i] = (uint32_t)(i * 2654435761u);
    }
    for (int i = 0; i < 256; i++) {
        vec[i] = 1.0 + i * 0.5;
    }
    for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < 4096; i += 4) {
            uint32_t a = table[i], b = table[(i * 7 + round) & 4095];
            h = (h ^ (a + b)) * 1099511628211ULL;
            table[i] = a ^ (uint32_t)(h >> 17);
        }
        double acc = 0;
        for (int i = 0; i < 256; i++) {
            acc = acc * 0.999 + vec[i] * vec[(i + round) & 255];
        }
        h ^= (uint64_t)acc;
    }
    put_hex(h);
    *(volatile uint32_t *)TEST_FINISHER = 0x5555;
    for (;;) {
    }
}

void secondary_main(uint64_t hartid)
{
    (void)hartid;
    for (;;) {
        __asm__ volatile("wfi");
    }
}
