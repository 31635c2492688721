package dev.kez.bench;

import dev.kez.core.claim.Claim;
import dev.kez.core.claim.ClaimVerifier;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.status.Verdict;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code verify claim} of N artifacts in one JVM — decode the text, build the Claim, {@link
 * ClaimVerifier#verify} — against raw signature verification of the same N (keys, digests and
 * signatures prepared beforehand). The ratio {@code pipeline / rawVerify} is the cost of everything
 * around the signature; the target is at most 1.3.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VerifyClaimBenchmark {
  @Param("10000")
  public int n;

  @Param({"NOSTR", "ED25519"})
  public Algorithm alg;

  @Param({"JSON", "COMPACT"})
  public Encoding format;

  private List<String> artifacts;
  private PublicKey[] keys;
  private byte[][] digests;
  private byte[][] sigs;

  @Setup
  public void setUp() {
    List<Claim> claims = ClaimsFixture.claims(alg, n);
    artifacts = ClaimsFixture.encoded(claims, format);
    keys = new PublicKey[n];
    digests = new byte[n][];
    sigs = new byte[n][];
    for (int i = 0; i < n; i++) {
      keys[i] = claims.get(i).key();
      digests[i] = claims.get(i).digest();
      sigs[i] = claims.get(i).signature();
    }
    pipeline();
    rawVerify();
  }

  @Benchmark
  public int pipeline() {
    int valid = 0;
    for (String text : artifacts) {
      Verdict v = ClaimVerifier.verify(ClaimCodec.decode(text).claim(), ClaimsFixture.NOW);
      if (v.isValid()) valid++;
    }
    if (valid != n) throw new IllegalStateException((n - valid) + " claims did not verify");
    return valid;
  }

  @Benchmark
  public int rawVerify() {
    int valid = 0;
    for (int i = 0; i < n; i++) if (keys[i].verify(digests[i], sigs[i])) valid++;
    if (valid != n) throw new IllegalStateException((n - valid) + " signatures did not verify");
    return valid;
  }
}
