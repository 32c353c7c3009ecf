/* The benchmark workload of work.c at 200 rounds (about 3.8 million instructions). */
#define ROUNDS 200
#include "work.c"
