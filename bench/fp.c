/* Floating-point benchmark: an n-body simulation (double) and a single-precision dot-product/FMA
 * kernel. */
#include <math.h>
#include <stdio.h>

#define N 5
static double px[N], py[N], pz[N], vx[N], vy[N], vz[N], m[N];

static void advance(double dt) {
    for (int i = 0; i < N; i++)
        for (int j = i + 1; j < N; j++) {
            double dx = px[i] - px[j], dy = py[i] - py[j], dz = pz[i] - pz[j];
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * sqrt(d2));
            vx[i] -= dx * m[j] * mag; vy[i] -= dy * m[j] * mag; vz[i] -= dz * m[j] * mag;
            vx[j] += dx * m[i] * mag; vy[j] += dy * m[i] * mag; vz[j] += dz * m[i] * mag;
        }
    for (int i = 0; i < N; i++) {
        px[i] += dt * vx[i]; py[i] += dt * vy[i]; pz[i] += dt * vz[i];
    }
}

static float a[4096], b[4096];

int main(void) {
    for (int i = 0; i < N; i++) {
        px[i] = i * 1.1; py[i] = i * 0.7 - 1; pz[i] = 0.3 * i * i;
        vx[i] = 0.01 * i; vy[i] = -0.02 * i; vz[i] = 0.005; m[i] = 1.0 + i;
    }
    for (int s = 0; s < 2000000; s++)
        advance(0.001);
    for (int i = 0; i < 4096; i++) {
        a[i] = (float)i / 4096.0f; b[i] = 1.0f - a[i];
    }
    float acc = 0;
    for (int r = 0; r < 4000; r++)
        for (int i = 0; i < 4096; i++)
            acc = fmaf(a[i], b[i], acc * 0.999f);
    printf("%.9f %.9f %.6f\n", px[0], vz[4], acc);
    return 0;
}
