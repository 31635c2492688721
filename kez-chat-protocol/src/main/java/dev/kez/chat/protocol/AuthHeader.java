package dev.kez.chat.protocol;

import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.crypto.Signing;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The value of {@code X-KEZ-Auth}: {@code <ts>:<sig>}, {@code ts} decimal unix seconds and {@code
 * sig} the b64u signature over a {@link ChatAuth} digest (chat.md §2).
 */
public record AuthHeader(long ts, byte[] sig) {
  /** A header is a timestamp, a colon and 86 characters; anything much longer is not one. */
  private static final int MAX_LENGTH = 128;

  private static final Pattern TS = Pattern.compile("0|[1-9][0-9]{0,15}");

  public AuthHeader {
    if (sig.length != Signing.SIGNATURE_LENGTH)
      throw new IllegalArgumentException("a signature is 64 bytes");
    sig = sig.clone();
  }

  /**
   * Parses a header value strictly: digits (no sign, no leading zero), ':', canonical b64u of 64
   * bytes.
   */
  public static AuthHeader parse(String value) {
    if (value == null || value.isEmpty())
      throw new MalformedException("malformed X-KEZ-Auth: missing");
    if (value.length() > MAX_LENGTH) throw new MalformedException("malformed X-KEZ-Auth: too long");
    int colon = value.indexOf(':');
    if (colon < 1) throw new MalformedException("malformed X-KEZ-Auth: expected <ts>:<sig>");
    String ts = value.substring(0, colon);
    if (!TS.matcher(ts).matches())
      throw new MalformedException(
          "malformed X-KEZ-Auth: the timestamp must be decimal unix seconds");
    byte[] sig;
    try {
      sig = Base64Url.decode(value.substring(colon + 1));
    } catch (MalformedException e) {
      throw new MalformedException("malformed X-KEZ-Auth: the signature is not base64url");
    }
    if (sig.length != Signing.SIGNATURE_LENGTH)
      throw new MalformedException("malformed X-KEZ-Auth: the signature must be 64 bytes");
    return new AuthHeader(Long.parseLong(ts), sig);
  }

  @Override
  public byte[] sig() {
    return sig.clone();
  }

  /** The header value. */
  public String format() {
    return ts + ":" + Base64Url.encode(sig);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthHeader h && h.ts == ts && Arrays.equals(h.sig, sig);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(ts) * 31 + Arrays.hashCode(sig);
  }

  @Override
  public String toString() {
    return format();
  }
}
