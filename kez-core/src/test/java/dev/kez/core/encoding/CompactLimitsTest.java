package dev.kez.core.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.testing.Vectors;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The 16 KiB inflation cap, checked before inflating, and what else a compact reader refuses. */
class CompactLimitsTest {
  static final Claim CLAIM =
      Claim.parse(Vectors.json("claims.json").get("valid").get(0).get("claim"));

  static byte[] frame(byte[] content, boolean contentSize, boolean checksum) {
    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
      return ctx.setLevel(3).setContentSize(contentSize).setChecksum(checksum).compress(content);
    }
  }

  static String compact(byte[] frame) {
    return Compact.PREFIX + Base64Url.encode(frame);
  }

  static MalformedException refused(String input) {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> assertThrows(MalformedException.class, () -> ClaimCodec.decode(input)));
  }

  @Test
  void aFrameDeclaringOver16KiBIsRefusedFromItsHeader() {
    byte[] frame = frame(new byte[1 << 20], true, false); // a MiB of zeros: a tiny frame
    assertEquals(1L << 20, Zstd.getFrameContentSize(frame));
    assertTrue(frame.length < 1024);
    assertTrue(refused(compact(frame)).getMessage().contains("16 KiB"));
  }

  @Test
  void aFrameWithoutDeclaredSizeInflatingPast16KiBIsRefused() {
    byte[] frame = frame(new byte[1 << 20], false, false);
    assertEquals(-1L, Zstd.getFrameContentSize(frame)); // ZSTD_CONTENTSIZE_UNKNOWN
    assertTrue(refused(compact(frame)).getMessage().contains("16 KiB"));
  }

  @Test
  void theCapIsExactly16KiBEitherWay() {
    for (boolean declared : new boolean[] {true, false}) {
      byte[] ok = new byte[16 * 1024];
      Arrays.fill(ok, (byte) 'a');
      assertArrayEquals(ok, Compact.inflate(compact(frame(ok, declared, false))));
      byte[] over = Arrays.copyOf(ok, ok.length + 1);
      assertThrows(
          MalformedException.class, () -> Compact.inflate(compact(frame(over, declared, false))));
    }
  }

  @Test
  void theVectorOver16KiBIsRefusedForItsSize() {
    for (var c : Vectors.json("claims.json").get("invalid")) {
      if (c.get("name").textValue().equals("compact-over-16KiB")) {
        assertTrue(refused(c.get("input").textValue()).getMessage().contains("16 KiB"));
        return;
      }
    }
    throw new AssertionError("vector compact-over-16KiB missing");
  }

  @Test
  void anySingleValidFrameIsAccepted() {
    byte[] jcs = CLAIM.canonicalBytes();
    assertEquals(CLAIM, ClaimCodec.decode(compact(frame(jcs, false, false))).claim());
    assertEquals(CLAIM, ClaimCodec.decode(compact(frame(jcs, true, true))).claim());
    assertEquals(
        CLAIM,
        ClaimCodec.decode(compact(frame(CLAIM.toJson().toPrettyString().getBytes(), true, false)))
            .claim());
  }

  @Test
  void ourFramesAreAsPinned() {
    byte[] frame =
        Base64Url.decode(
            ClaimCodec.encode(CLAIM, Encoding.COMPACT).substring(Compact.PREFIX.length()));
    assertEquals(CLAIM.canonicalBytes().length, Zstd.getFrameContentSize(frame));
    int descriptor = frame[4] & 0xff;
    assertEquals(0, descriptor & 0x04, "no checksum");
    assertEquals(0, descriptor & 0x03, "no dictionary id");
    assertEquals(frame.length, Zstd.findFrameCompressedSize(frame), "one frame");
  }

  @Test
  void everythingElseIsRefused() {
    byte[] good = frame(CLAIM.canonicalBytes(), true, false);
    byte[] twoFrames = concat(good, good);
    byte[] trailing = concat(good, new byte[] {0});
    byte[] skippable = {0x50, 0x2a, 0x4d, 0x18, 0, 0, 0, 0};
    byte[] truncated = Arrays.copyOf(good, good.length - 3);
    byte[] notJson = frame("hello".getBytes(), true, false);
    byte[] badUtf8 = frame(new byte[] {'{', '"', (byte) 0xc3, '"', ':', '1', '}'}, true, false);
    for (byte[] f :
        new byte[][] {
          twoFrames,
          trailing,
          skippable,
          truncated,
          notJson,
          badUtf8,
          new byte[0],
          new byte[] {0x28}
        }) {
      refused(compact(f));
    }
    String s = compact(good);
    refused(s + "=");
    refused(s.substring(0, s.length() - 1) + "*");
    refused("kez:z2:" + s.substring(7));
    refused("kez:z1:");
    refused(s.substring(0, 20) + " " + s.substring(20));
    refused("kez:z1:" + "A".repeat(40_000));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
