package dev.kez.bench;

import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.Digests;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
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
 * Signatures per second through the public API ({@link SecretKey#sign}, {@link PublicKey#verify})
 * on a 32-byte digest, as KEZ signs. Anchors (C, one core): libsecp256k1 about 38k BIP-340
 * verifies/s, libsodium about 28k Ed25519 verifies/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoBenchmark {
  @Param({"NOSTR", "ED25519"})
  public Algorithm alg;

  private SecretKey secret;
  private PublicKey key;
  private byte[] digest;
  private byte[] sig;

  @Setup
  public void setUp() {
    secret = ClaimsFixture.key(alg, 42);
    key = secret.publicKey();
    digest = Digests.sha256("a typical KEZ digest".getBytes(StandardCharsets.UTF_8));
    sig = secret.sign(digest);
    if (!key.verify(digest, sig)) throw new IllegalStateException("signature does not verify");
  }

  @Benchmark
  public byte[] sign() {
    return secret.sign(digest);
  }

  @Benchmark
  public boolean verify() {
    return key.verify(digest, sig);
  }
}
