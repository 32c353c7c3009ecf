/* The bundled example: draws the Mandelbrot set in ASCII, then prints a few facts about the machine
 * it believes it runs on. Built static for riscv64 so it runs under rivet with nothing installed:
 *   riscv64-linux-gnu-gcc -O2 -static -s -o examples/mandelbrot examples/mandelbrot.c
 */
#include <stdio.h>
#include <sys/auxv.h>
#include <sys/utsname.h>

int main(void) {
    const char *shades = " .:-=+*#%@";
    for (int row = 0; row < 24; row++) {
        for (int col = 0; col < 72; col++) {
            double cr = -2.2 + col * (3.2 / 72), ci = -1.2 + row * (2.4 / 24);
            double zr = 0, zi = 0;
            int n = 0;
            while (n < 200 && zr * zr + zi * zi < 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
                n++;
            }
            putchar(n == 200 ? '@' : shades[n % 9]);
        }
        putchar('\n');
    }
    struct utsname u;
    uname(&u);
    unsigned long hwcap = getauxval(AT_HWCAP);
    /* Only the RV64GC letters: QEMU's default CPU also advertises extensions rivet lacks (V). */
    printf("machine: %s, RV64GC letters:", u.machine);
    for (const char *l = "imafdc"; *l; l++)
        if (hwcap & (1UL << (*l - 'a')))
            printf(" %c", *l);
    printf("\n");
    return 0;
}
