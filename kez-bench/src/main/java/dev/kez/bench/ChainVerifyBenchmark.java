package dev.kez.bench;

import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainResult;
import dev.kez.core.chain.ChainVerifier;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.LinkBody;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.Signing;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verifying a whole chain from its bundle text (parse, JCS, hashes, every rule, every signature)
 * against verifying only its signatures over precomputed digests. The ratio {@code chain /
 * rawSignatures} is the chain's overhead; the target is at most 1.2.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ChainVerifyBenchmark {
  @Param("100000")
  public int links;

  private String bundle;

  /** Every signature of the chain: the link sigs, the claims' sigs, the cross-signatures. */
  private final List<PublicKey> keys = new ArrayList<>();

  private final List<byte[]> digests = new ArrayList<>();
  private final List<byte[]> signatures = new ArrayList<>();

  @Setup(Level.Trial)
  public void setUp() {
    List<Link> chain = new ArrayList<>(links);
    new ChainGenerator(links).forEachRemaining(chain::add);
    bundle = Bundle.toString(chain);
    for (Link l : chain) {
      var o = l.toJson();
      add(l.key(), l.digest(), Signing.signature(o, "sig"));
      switch (l.body()) {
        case LinkBody.Add(var c) -> add(c.key(), c.digest(), c.signature());
        case LinkBody.Rotate r -> add(r.newKey(), l.digest(), Signing.signature(o, "new_key_sig"));
        case LinkBody.AddDevice d ->
            add(d.deviceKey(), l.digest(), Signing.signature(o, "device_sig"));
        default -> {}
      }
    }
    if (!(ChainVerifier.verify(Bundle.read(new StringReader(bundle)))
        instanceof ChainResult.Verified)) {
      throw new IllegalStateException("the generated chain does not verify");
    }
  }

  private void add(PublicKey key, byte[] digest, byte[] sig) {
    keys.add(key);
    digests.add(digest);
    signatures.add(sig);
  }

  @Benchmark
  public ChainResult chain() {
    ChainResult r = ChainVerifier.verify(Bundle.read(new StringReader(bundle)));
    if (!(r instanceof ChainResult.Verified)) throw new IllegalStateException(r.toString());
    return r;
  }

  @Benchmark
  public int rawSignatures() {
    int ok = 0;
    for (int i = 0; i < keys.size(); i++)
      if (keys.get(i).verify(digests.get(i), signatures.get(i))) ok++;
    if (ok != keys.size()) throw new IllegalStateException("a signature failed");
    return ok;
  }
}
