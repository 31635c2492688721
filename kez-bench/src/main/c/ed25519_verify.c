/* libsodium's Ed25519 verify per CPU-second of this thread, timed as ClaimsRatio crypto times
 * KEZ's: 4000 verifies of one signature over a 32-byte digest, 3 warm-up passes, median of 7.
 * Built by kez-bench.sh crypto against the system's libsodium (no headers needed). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int sodium_init(void);
int crypto_sign_seed_keypair(unsigned char *pk, unsigned char *sk, const unsigned char *seed);
int crypto_sign_detached(unsigned char *sig, unsigned long long *siglen, const unsigned char *m,
                         unsigned long long mlen, const unsigned char *sk);
int crypto_sign_verify_detached(const unsigned char *sig, const unsigned char *m, unsigned long long mlen,
                                const unsigned char *pk);

static double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(void) {
  unsigned char seed[32] = {42}, pk[32], sk[64], digest[32] = {1, 2, 3}, sig[64];
  if (sodium_init() < 0) return 1;
  crypto_sign_seed_keypair(pk, sk, seed);
  crypto_sign_detached(sig, NULL, digest, sizeof digest, sk);
  const int n = 4000;
  double rates[7];
  for (int round = -3; round < 7; round++) {
    double t0 = cpu_ms();
    for (int i = 0; i < n; i++) {
      if (crypto_sign_verify_detached(sig, digest, sizeof digest, pk) != 0) return 2;
    }
    if (round >= 0) rates[round] = n / (cpu_ms() - t0) * 1000;
  }
  qsort(rates, 7, sizeof rates[0], cmp);
  printf("libsodium (C) verify %7.0f /cpu-s\n", rates[3]);
  return 0;
}
