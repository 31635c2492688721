package dev.kez.bench;

import dev.kez.core.claim.Claim;
import dev.kez.core.claim.ClaimVerifier;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The verify-claim ratio on a shared, loaded machine: the pipeline (decode, Claim, ClaimVerifier)
 * and raw signature verification of the same N artifacts run in turn, round after round, each timed
 * by this thread's CPU time (so time other processes take from us does not count), and the ratio is
 * taken pair by pair; the median is quoted.
 *
 * <pre>
 * java -cp kez-bench/target/kez-bench.jar dev.kez.bench.ClaimsRatio [N] [ROUNDS] [SUITE,FORMAT filter]
 * </pre>
 *
 * With {@code crypto} as the only argument it prints sign/s and verify/s per CPU-second of each
 * suite instead, the figure to set beside C anchors timed the same way (for Ed25519, {@code
 * kez-bench.sh crypto} runs it on each backend beside libsodium in C).
 */
public final class ClaimsRatio {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) {
    if (args.length == 1 && args[0].equals("crypto")) {
      crypto();
      return;
    }
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    List<String> only = args.length > 2 ? List.of(args[2].toLowerCase().split(",")) : List.of();
    System.out.printf(
        "%-8s %-8s %10s %10s %10s %7s%n",
        "suite", "format", "raw ms", "pipe ms", "decode ms", "ratio");
    for (Algorithm alg : Algorithm.values()) {
      if (!only.isEmpty() && !only.contains(alg.toString().toLowerCase())) continue;
      List<Claim> claims = ClaimsFixture.claims(alg, n);
      PublicKey[] keys = claims.stream().map(Claim::key).toArray(PublicKey[]::new);
      byte[][] digests = claims.stream().map(Claim::digest).toArray(byte[][]::new);
      byte[][] sigs = claims.stream().map(Claim::signature).toArray(byte[][]::new);
      IntSupplier raw =
          () -> {
            int ok = 0;
            for (int i = 0; i < n; i++) if (keys[i].verify(digests[i], sigs[i])) ok++;
            return ok;
          };
      for (Encoding format : Encoding.values()) {
        if (only.size() > 1 && !only.contains(format.toString())) continue;
        List<String> texts = ClaimsFixture.encoded(claims, format);
        IntSupplier pipeline =
            () -> {
              int ok = 0;
              for (String t : texts)
                if (ClaimVerifier.verify(ClaimCodec.decode(t).claim(), ClaimsFixture.NOW).isValid())
                  ok++;
              return ok;
            };
        IntSupplier decode =
            () -> {
              int ok = 0;
              for (String t : texts) ok += ClaimCodec.decode(t).claim().createdAt() > 0 ? 1 : 0;
              return ok;
            };
        for (int w = 0; w < 2; w++) {
          time(raw, n);
          time(pipeline, n);
          time(decode, n);
        } // warm-up
        double[] r = new double[rounds],
            p = new double[rounds],
            d = new double[rounds],
            ratio = new double[rounds];
        for (int i = 0; i < rounds; i++) {
          r[i] = time(raw, n);
          p[i] = time(pipeline, n);
          d[i] = time(decode, n);
          ratio[i] = p[i] / r[i];
        }
        System.out.printf(
            "%-8s %-8s %10.1f %10.1f %10.1f %7.3f%n",
            alg, format, median(r), median(p), median(d), median(ratio));
      }
    }
  }

  private static void crypto() {
    byte[] digest = dev.kez.core.crypto.Digests.sha256(new byte[] {1, 2, 3});
    for (Algorithm alg : Algorithm.values()) {
      var secret = ClaimsFixture.key(alg, 42);
      byte[] sig = secret.sign(digest);
      PublicKey key = secret.publicKey();
      int n = 4000;
      IntSupplier sign =
          () -> {
            int ok = 0;
            for (int i = 0; i < n; i++) ok += secret.sign(digest).length == 64 ? 1 : 0;
            return ok;
          };
      IntSupplier verify =
          () -> {
            int ok = 0;
            for (int i = 0; i < n; i++) if (key.verify(digest, sig)) ok++;
            return ok;
          };
      for (int w = 0; w < 3; w++) {
        time(sign, n);
        time(verify, n);
      }
      double[] s = new double[7], v = new double[7];
      for (int i = 0; i < 7; i++) {
        s[i] = n / time(sign, n) * 1000;
        v[i] = n / time(verify, n) * 1000;
      }
      String backend =
          alg == Algorithm.ED25519
              ? "  (" + dev.kez.core.crypto.Ed25519Backend.current() + ")"
              : "";
      System.out.printf(
          "%-8s sign %7.0f /cpu-s   verify %7.0f /cpu-s%s%n", alg, median(s), median(v), backend);
    }
  }

  /** CPU milliseconds of this thread for one pass; the pass must accept all n. */
  private static double time(IntSupplier pass, int n) {
    long t0 = THREADS.getCurrentThreadCpuTime();
    int ok = pass.getAsInt();
    long t1 = THREADS.getCurrentThreadCpuTime();
    if (ok != n) throw new IllegalStateException((n - ok) + " of " + n + " did not verify");
    return (t1 - t0) / 1e6;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
