package dev.kez.core.crypto;

import dev.kez.core.MalformedException;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** BIP-173 bech32 (not bech32m), as NIP-19 uses it for npub/nsec and NIP-49 for ncryptsec. */
public final class Bech32 {
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GENERATOR = {
    0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3
  };

  /** NIP-19 strings can exceed BIP-173's 90 characters; this bounds parsing work instead. */
  private static final int MAX_LENGTH = 5000;

  private Bech32() {}

  public static String encode(String hrp, byte[] data) {
    byte[] values = convertBits(data, 8, 5, true);
    byte[] checksum = checksum(hrp, values);
    StringBuilder sb =
        new StringBuilder(hrp.length() + 1 + values.length + 6).append(hrp).append('1');
    for (byte v : values) sb.append(CHARSET.charAt(v));
    for (byte v : checksum) sb.append(CHARSET.charAt(v));
    return sb.toString();
  }

  /** Decodes a string with any prefix: the data bytes. */
  public static byte[] decode(String s) {
    return decodeWith(s, null);
  }

  /** Decodes and requires the given prefix: the data bytes. */
  public static byte[] decode(String s, String expectedHrp) {
    return decodeWith(s, expectedHrp);
  }

  private static byte[] decodeWith(String s, @Nullable String expectedHrp) {
    if (s.length() > MAX_LENGTH) throw new MalformedException("malformed bech32: too long");
    if (!s.equals(s.toLowerCase(Locale.ROOT)) && !s.equals(s.toUpperCase(Locale.ROOT))) {
      throw new MalformedException("malformed bech32: mixed case");
    }
    String lower = s.toLowerCase(Locale.ROOT);
    int sep = lower.lastIndexOf('1');
    if (sep < 1 || sep + 7 > lower.length())
      throw new MalformedException("malformed bech32: bad separator position");
    String hrp = lower.substring(0, sep);
    for (char c : hrp.toCharArray()) {
      if (c < 33 || c > 126)
        throw new MalformedException("malformed bech32: bad character in prefix");
    }
    byte[] values = new byte[lower.length() - sep - 1];
    for (int i = 0; i < values.length; i++) {
      int v = CHARSET.indexOf(lower.charAt(sep + 1 + i));
      if (v < 0)
        throw new MalformedException(
            "malformed bech32: bad character '" + lower.charAt(sep + 1 + i) + "'");
      values[i] = (byte) v;
    }
    if (polymod(expand(hrp), values) != 1)
      throw new MalformedException("malformed bech32: bad checksum");
    if (expectedHrp != null && !hrp.equals(expectedHrp)) {
      throw new MalformedException(
          "malformed: expected a " + expectedHrp + "1… string, got " + hrp + "1…");
    }
    return convertBits(java.util.Arrays.copyOf(values, values.length - 6), 5, 8, false);
  }

  private static byte[] checksum(String hrp, byte[] values) {
    byte[] enc = java.util.Arrays.copyOf(values, values.length + 6);
    int mod = polymod(expand(hrp), enc) ^ 1;
    byte[] out = new byte[6];
    for (int i = 0; i < 6; i++) out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
    return out;
  }

  private static byte[] expand(String hrp) {
    byte[] out = new byte[hrp.length() * 2 + 1];
    for (int i = 0; i < hrp.length(); i++) {
      out[i] = (byte) (hrp.charAt(i) >> 5);
      out[i + hrp.length() + 1] = (byte) (hrp.charAt(i) & 31);
    }
    return out;
  }

  private static int polymod(byte[] hrpExpanded, byte[] values) {
    int chk = 1;
    for (byte[] part : new byte[][] {hrpExpanded, values}) {
      for (byte v : part) {
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ v;
        for (int i = 0; i < 5; i++) if (((top >>> i) & 1) != 0) chk ^= GENERATOR[i];
      }
    }
    return chk;
  }

  private static byte[] convertBits(byte[] in, int from, int to, boolean pad) {
    int acc = 0, bits = 0, maxv = (1 << to) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * from / to + 1);
    for (byte b : in) {
      int v = b & 0xff;
      if ((v >>> from) != 0) throw new MalformedException("malformed bech32: bad data value");
      acc = (acc << from) | v;
      bits += from;
      while (bits >= to) {
        bits -= to;
        out.write((acc >>> bits) & maxv);
      }
    }
    if (pad) {
      if (bits > 0) out.write((acc << (to - bits)) & maxv);
    } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
      throw new MalformedException("malformed bech32: bad padding");
    }
    return out.toByteArray();
  }
}
