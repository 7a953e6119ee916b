/* Prints, every 20 ms, CLOCK_REALTIME (ns since the epoch) and CLOCK_MONOTONIC
   (ns) as a C program reads them through libc. For the clock fault
   integration tests. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long long ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  FILE* out = fopen(argv[1], "w");
  if (!out) return 1;
  setvbuf(out, NULL, _IOLBF, 0);
  for (;;) {
    fprintf(out, "%lld %lld\n", ns(CLOCK_REALTIME), ns(CLOCK_MONOTONIC));
    usleep(20000);
  }
}
