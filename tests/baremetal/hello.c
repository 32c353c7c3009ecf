/*
 * It walks the device tree, whose bytes are rivet's own by default (same devices, another
 * layout), so the lock-step comparison gives both emulators QEMU's tree:
 * LOCKSTEP-OPTIONS: --qemu-dtb
 *
 * hello.c -- bare-metal test program for rivet's plugins (riscv64, QEMU
 * "virt" machine, M-mode, no firmware). Started by start.S.
 *
 * Hart 0 prints a greeting on the 16550 UART, runs a few small integer,
 * memory, atomic and floating-point workloads, checks their results against
 * known values, waits for the other harts (as many as the device tree lists
 * cpu@N nodes, i.e. -smp N) and ends the run
 * through the SiFive test finisher: exit status 0 when every check passed,
 * 1 otherwise. Other harts run a short workload of their own and park.
 *
 * Inputs come from volatile variables so that the compiler cannot fold the
 * work away at -O2; the run is deterministic for a single hart.
 */
#include <stddef.h>
#include <stdint.h>

#define UART0           0x10000000UL    /* NS16550A */
#define UART_THR        0               /* transmit holding register */
#define UART_LSR        5               /* line status register */
#define UART_LSR_THRE   0x20            /* THR empty: may write */
#define TEST_FINISHER   0x100000UL      /* SiFive test device */
#define FINISHER_PASS   0x5555
#define FINISHER_FAIL   0x3333          /* | (code << 16) */
#define MAX_HARTS       8               /* start.S has stacks for 8 */

void kmain(uint64_t hartid, const void *fdt);
void secondary_main(uint64_t hartid);

/* ---------------------------------------------------------------- output */

static void uart_putc(char c)
{
    volatile uint8_t *uart = (volatile uint8_t *)UART0;

    while (!(uart[UART_LSR] & UART_LSR_THRE)) {
        /* wait until the transmitter can take a byte */
    }
    uart[UART_THR] = (uint8_t)c;
}

static void put_str(const char *s)
{
    while (*s) {
        uart_putc(*s++);
    }
}

static void put_dec(uint64_t v)
{
    char buf[21];
    int i = 0;

    do {
        buf[i++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (i) {
        uart_putc(buf[--i]);
    }
}

static void put_hex(uint64_t v)
{
    static const char digits[] = "0123456789abcdef";
    int shift = 60;

    put_str("0x");
    while (shift > 0 && !((v >> shift) & 0xf)) {
        shift -= 4;                     /* skip leading zeros */
    }
    for (; shift >= 0; shift -= 4) {
        uart_putc(digits[(v >> shift) & 0xf]);
    }
}

static __attribute__((noreturn)) void finish(unsigned code)
{
    volatile uint32_t *finisher = (volatile uint32_t *)TEST_FINISHER;

    *finisher = code ? (code << 16) | FINISHER_FAIL : FINISHER_PASS;
    for (;;) {
        __asm__ volatile("wfi");
    }
}

/* -------------------------------------------------------------- workloads */

static volatile unsigned n_squares = 1000;
static volatile unsigned n_fib = 90;
static volatile double sqrt_input = 2.0;
static volatile int n_harmonic = 100;
static const char fox[] = "The quick brown fox jumps over the lazy dog";

/* .data array sorted in place: gives the memory-access log some stores */
static int32_t sort_data[16] = {
    42, -7, 19, 3, 88, 0, -55, 23, 7, 61, -1, 14, 99, -30, 5, 11,
};

static uint64_t sum_of_squares(unsigned n)
{
    uint64_t sum = 0;

    for (uint64_t i = 1; i <= n; i++) {
        sum += i * i;
    }
    return sum;
}

static uint64_t fib(unsigned n)
{
    uint64_t a = 0, b = 1;

    while (n--) {
        uint64_t t = a + b;
        a = b;
        b = t;
    }
    return a;
}

/* CRC-32 (IEEE, reflected), bit by bit */
static uint32_t crc32(const char *p, size_t n)
{
    uint32_t crc = 0xffffffffu;

    while (n--) {
        crc ^= (uint8_t)*p++;
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
        }
    }
    return ~crc;
}

static void insertion_sort(int32_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        int32_t v = a[i];
        size_t j = i;
        while (j > 0 && a[j - 1] > v) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

static double newton_sqrt(double x)
{
    double r = x;

    for (int i = 0; i < 8; i++) {
        r = 0.5 * (r + x / r);
    }
    return r;
}

static float harmonic(int n)
{
    float h = 0.0f;

    for (int i = 1; i <= n; i++) {
        h += 1.0f / (float)i;
    }
    return h;
}

/* ------------------------------------------------------------------ harts */

#define FDT_MAGIC       0xd00dfeedu
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;   /* by bytes: no Zbb, and no libgcc to call */

    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/*
 * Number of harts: the nodes named "cpu@..." in the flattened device tree
 * that the reset ROM passes in a1. 1 if there is no valid tree.
 */
static unsigned count_harts(const void *fdt)
{
    const uint8_t *base = fdt;
    unsigned harts = 0;

    if (!fdt || be32(base) != FDT_MAGIC) {
        return 1;
    }
    const uint8_t *p = base + be32(base + 8);   /* off_dt_struct */
    for (;;) {
        uint32_t token = be32(p);
        p += 4;
        if (token == FDT_BEGIN_NODE) {
            const char *name = (const char *)p;
            size_t len = 0;
            while (name[len]) {
                len++;
            }
            if (len > 4 && name[0] == 'c' && name[1] == 'p' && name[2] == 'u' &&
                name[3] == '@') {
                harts++;
            }
            p += (len + 1 + 3) & ~(size_t)3;
        } else if (token == FDT_PROP) {
            p += 8 + ((be32(p) + 3) & ~3u);     /* len, nameoff, value */
        } else if (token == FDT_END_NODE || token == FDT_NOP) {
            continue;
        } else {
            break;                              /* FDT_END or garbage */
        }
    }
    return harts ? harts : 1;
}

static uint32_t harts_started;          /* secondaries that reached C */
static uint32_t harts_done;             /* secondaries that finished */
static uint64_t hart_result[MAX_HARTS];

void secondary_main(uint64_t hartid)
{
    __atomic_fetch_add(&harts_started, 1, __ATOMIC_ACQ_REL);
    hart_result[hartid] = fib(n_fib / 2 + (unsigned)hartid);
    __atomic_fetch_add(&harts_done, 1, __ATOMIC_RELEASE);
    /* return to start.S, which parks this hart in a wfi loop */
}

/* ------------------------------------------------------------------- main */

static unsigned failures;

static void check(const char *what, uint64_t got, uint64_t want)
{
    put_str(what);
    put_str(" = ");
    put_dec(got);
    if (got != want) {
        put_str("  MISMATCH, expected ");
        put_dec(want);
        failures++;
    }
    uart_putc('\n');
}

void kmain(uint64_t hartid, const void *fdt)
{
    put_str("rivet bare-metal test: hello from hart ");
    put_dec(hartid);
    uart_putc('\n');

    /* integer ALU, multiply and divide */
    check("sum of squares 1..1000", sum_of_squares(n_squares), 333833500);
    check("fib(90)", fib(n_fib), 2880067194370816120ULL);
    uint64_t m = (uint64_t)n_squares * 987654321ULL;
    check("mul/div/rem", m / 12345 % 1000003, 4160);

    /* loads and stores */
    uint32_t crc = crc32(fox, sizeof(fox) - 1);
    put_str("crc32(fox) = ");
    put_hex(crc);
    uart_putc('\n');
    check("crc32 ok", crc == 0x414fa339u, 1);
    insertion_sort(sort_data, 16);
    int sorted = 1;
    for (int i = 1; i < 16; i++) {
        sorted &= sort_data[i - 1] <= sort_data[i];
    }
    check("sorted", (uint64_t)sorted, 1);
    check("min/max", (uint64_t)(sort_data[15] - sort_data[0]), 99 + 55);

    /* atomics */
    uint64_t counter = 0;
    for (int i = 0; i < 10; i++) {
        __atomic_fetch_add(&counter, (uint64_t)i, __ATOMIC_RELAXED);
    }
    check("amoadd sum", counter, 45);

    /* floating point: Newton's method against the fsqrt instruction */
    double x = sqrt_input;
    double r = newton_sqrt(x);
    double hw = __builtin_sqrt(x);
    check("sqrt(2) * 1e9", (uint64_t)(r * 1e9), 1414213562);
    check("fsqrt.d(2) * 1e9", (uint64_t)(hw * 1e9), 1414213562);
    check("newton - fsqrt.d within 1e-15", r - hw < 1e-15 && hw - r < 1e-15, 1);
    float h = harmonic(n_harmonic);
    check("H(100) * 1e5", (uint64_t)(h * 1e5f), 518737);

    /* wait for the other harts (those start.S gave a stack to) */
    unsigned harts = count_harts(fdt);
    unsigned others = (harts < MAX_HARTS ? harts : MAX_HARTS) - 1;
    while (__atomic_load_n(&harts_done, __ATOMIC_ACQUIRE) != others) {
        /* spin */
    }
    put_str("harts in device tree: ");
    put_dec(harts);
    put_str(", other harts done: ");
    put_dec(__atomic_load_n(&harts_started, __ATOMIC_ACQUIRE));
    uart_putc('\n');
    for (unsigned i = 1; i < MAX_HARTS; i++) {
        if (hart_result[i]) {
            put_str("  hart ");
            put_dec(i);
            put_str(": fib = ");
            put_dec(hart_result[i]);
            uart_putc('\n');
        }
    }

    put_str(failures ? "FAILED\n" : "all checks passed\n");
    finish(failures ? 1 : 0);
}
