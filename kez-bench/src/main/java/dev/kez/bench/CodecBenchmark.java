package dev.kez.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.json.Jcs;
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
 * Encoding and decoding one typical claim (nostr key, expiry and note) per format, and the RFC 8785
 * canonicalization of its JSON tree. Decoding includes parsing the claim (key, account, signature
 * form) but not verifying it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBenchmark {
  @Param({"JSON", "COMPACT", "MARKDOWN", "DNS_TXT"})
  public Encoding format;

  private Claim claim;
  private String text;
  private ObjectNode tree;

  @Setup
  public void setUp() {
    claim = ClaimsFixture.claim(ClaimsFixture.key(Algorithm.NOSTR, 7), 3);
    text = ClaimCodec.encode(claim, format);
    tree = claim.toJson();
    if (!ClaimCodec.decode(text).claim().equals(claim))
      throw new IllegalStateException("round trip failed");
  }

  @Benchmark
  public String encode() {
    return ClaimCodec.encode(claim, format);
  }

  @Benchmark
  public Claim decode() {
    return ClaimCodec.decode(text).claim();
  }

  /** Independent of the format parameter: run with -p format=JSON to measure it once. */
  @Benchmark
  public byte[] jcs() {
    return Jcs.canonicalize(tree);
  }
}
