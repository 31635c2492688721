package dev.kez.core.encoding;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Base64Url;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The compact form {@code kez:z1:} + base64url-nopad(zstd(JCS)). Reading is bounded: the inflated
 * size may not exceed {@link #MAX_INFLATED} bytes, checked against the frame header before
 * inflating, and enforced by the output buffer when the header declares no size.
 */
final class Compact {
  static final String PREFIX = "kez:z1:";
  static final int MAX_INFLATED = 16 * 1024;

  /**
   * Incompressible 16 KiB still fits a frame a few dozen bytes longer; anything bigger is not ours.
   */
  private static final int MAX_FRAME = MAX_INFLATED + 1024;

  private static final int MAX_TEXT = PREFIX.length() + (MAX_FRAME * 4 + 2) / 3;
  private static final byte[] MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

  /**
   * Making a decompression context (a native allocation of about 100 KB) cost more than inflating a
   * claim, so a few are kept for reuse; each frame is decompressed from a fresh start, and a
   * context that failed is closed, not reused.
   */
  private static final ArrayBlockingQueue<ZstdDecompressCtx> CONTEXTS = new ArrayBlockingQueue<>(4);

  private Compact() {}

  /** One frame, level 19, content size in the header, no checksum, no dictionary id. */
  static String encode(byte[] canonical) {
    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
      ctx.setLevel(19).setContentSize(true).setChecksum(false).setDictID(false);
      return PREFIX + Base64Url.encode(ctx.compress(canonical));
    }
  }

  /** The JSON bytes inside a compact string. */
  static byte[] inflate(String text) {
    if (!text.startsWith(PREFIX)) {
      throw new MalformedException(
          text.startsWith("kez:")
              ? "malformed compact claim: unsupported form (expected kez:z1:)"
              : "malformed compact claim: expected kez:z1:");
    }
    if (text.length() > MAX_TEXT)
      throw new MalformedException(
          "malformed compact claim: longer than any claim of at most 16 KiB");
    byte[] frame;
    try {
      frame = Base64Url.decode(text.substring(PREFIX.length()));
    } catch (MalformedException e) {
      throw new MalformedException("malformed compact claim: " + e.getMessage());
    }
    if (frame.length < MAGIC.length
        || frame[0] != MAGIC[0]
        || frame[1] != MAGIC[1]
        || frame[2] != MAGIC[2]
        || frame[3] != MAGIC[3]) {
      throw new MalformedException("malformed compact claim: not a zstd frame");
    }
    try {
      long frameSize = Zstd.findFrameCompressedSize(frame);
      if (Zstd.isError(frameSize))
        throw zstdError(Zstd.getErrorCode(frameSize), Zstd.getErrorName(frameSize));
      if (frameSize != frame.length)
        throw new MalformedException("malformed compact claim: expected exactly one zstd frame");
      long declared = Zstd.getFrameContentSize(frame, 0, frame.length, false);
      if (declared < -1)
        throw new MalformedException("malformed compact claim: bad zstd frame header");
      if (declared > MAX_INFLATED) {
        throw new MalformedException(
            "malformed compact claim: inflates to " + declared + " bytes, over the 16 KiB limit");
      }
      // Unknown size (-1): inflate into a buffer one byte over the cap; libzstd stops when it is
      // full.
      int capacity = declared >= 0 ? (int) declared : MAX_INFLATED + 1;
      byte[] out = new byte[capacity];
      int n = decompress(out, frame);
      if (n > MAX_INFLATED)
        throw new MalformedException("malformed compact claim: inflates past the 16 KiB limit");
      if (declared >= 0 && n != declared)
        throw new MalformedException(
            "malformed compact claim: content size does not match the frame header");
      return n == capacity ? out : java.util.Arrays.copyOf(out, n);
    } catch (com.github.luben.zstd.ZstdException e) {
      throw zstdError(e.getErrorCode(), e.getMessage());
    } catch (MalformedException e) {
      throw e;
    } catch (
        RuntimeException
            e) { // the binding's other failures on hostile frames: still just bad input
      throw new MalformedException("malformed compact claim: undecodable zstd frame");
    }
  }

  private static int decompress(byte[] out, byte[] frame) {
    ZstdDecompressCtx ctx = CONTEXTS.poll();
    if (ctx == null) ctx = new ZstdDecompressCtx();
    boolean reusable = false;
    try {
      int n = ctx.decompressByteArray(out, 0, out.length, frame, 0, frame.length);
      reusable = true;
      return n;
    } finally {
      if (!reusable || !CONTEXTS.offer(ctx)) ctx.close();
    }
  }

  private static MalformedException zstdError(long code, String name) {
    return new MalformedException(
        code == Zstd.errDstSizeTooSmall()
            ? "malformed compact claim: inflates past the 16 KiB limit"
            : "malformed compact claim: zstd: " + name);
  }
}
