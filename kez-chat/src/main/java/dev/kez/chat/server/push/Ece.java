package dev.kez.chat.server.push;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The {@code aes128gcm} content coding (RFC 8188): a header (salt, record size, key id), then
 * records sealed with AES-128-GCM under a key and nonce derived from the input keying material and
 * the salt by HKDF-SHA256. Web Push sends one record (RFC 8291 §4).
 */
public final class Ece {
  static final int SALT = 16;
  static final int TAG = 16;

  private Ece() {}

  static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
    HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
    g.init(new HKDFParameters(ikm, salt, info));
    byte[] out = new byte[length];
    g.generateBytes(out, 0, length);
    return out;
  }

  private static byte[] info(String s) {
    return (s + "\0").getBytes(StandardCharsets.US_ASCII);
  }

  /** Seals {@code plaintext} as one last record (delimiter 0x02, no padding). */
  public static byte[] encrypt(byte[] ikm, byte[] salt, int rs, byte[] keyid, byte[] plaintext) {
    if (salt.length != SALT || keyid.length > 255)
      throw new IllegalArgumentException("bad salt or key id");
    if (plaintext.length + 1 + TAG > rs)
      throw new IllegalArgumentException("the plaintext does not fit in one record");
    byte[] record = new byte[plaintext.length + 1];
    System.arraycopy(plaintext, 0, record, 0, plaintext.length);
    record[plaintext.length] = 2;
    byte[] ct = gcm(Cipher.ENCRYPT_MODE, ikm, salt, 0, record);
    return ByteBuffer.allocate(SALT + 5 + keyid.length + ct.length)
        .put(salt)
        .putInt(rs)
        .put((byte) keyid.length)
        .put(keyid)
        .put(ct)
        .array();
  }

  /** The key id of a coded body (in Web Push, the sender's ephemeral public key). */
  public static byte[] keyid(byte[] body) {
    int idlen = body[SALT + 4] & 0xff;
    byte[] id = new byte[idlen];
    System.arraycopy(body, SALT + 5, id, 0, idlen);
    return id;
  }

  /** Opens every record and checks the delimiters and padding; throws on anything malformed. */
  public static byte[] decrypt(byte[] ikm, byte[] body) throws GeneralSecurityException {
    if (body.length < SALT + 5) throw new GeneralSecurityException("truncated aes128gcm header");
    ByteBuffer b = ByteBuffer.wrap(body);
    byte[] salt = new byte[SALT];
    b.get(salt);
    long rs = Integer.toUnsignedLong(b.getInt());
    int idlen = b.get() & 0xff;
    if (rs < TAG + 2 || b.remaining() < idlen)
      throw new GeneralSecurityException("bad aes128gcm header");
    b.position(b.position() + idlen);
    ByteBuffer out = ByteBuffer.allocate(body.length);
    for (long seq = 0; b.hasRemaining(); seq++) {
      byte[] rec = new byte[(int) Math.min(rs, b.remaining())];
      b.get(rec);
      byte[] p = gcm(Cipher.DECRYPT_MODE, ikm, salt, seq, rec);
      int end = p.length - 1;
      while (end >= 0 && p[end] == 0) end--;
      boolean last = !b.hasRemaining();
      if (end < 0 || p[end] != (last ? 2 : 1))
        throw new GeneralSecurityException("bad record delimiter");
      out.put(p, 0, end);
    }
    byte[] plain = new byte[out.position()];
    out.flip().get(plain);
    return plain;
  }

  private static byte[] gcm(int mode, byte[] ikm, byte[] salt, long seq, byte[] input) {
    byte[] cek = hkdf(salt, ikm, info("Content-Encoding: aes128gcm"), 16);
    byte[] nonce = hkdf(salt, ikm, info("Content-Encoding: nonce"), 12);
    for (int i = 0; i < 8; i++) nonce[11 - i] ^= (byte) (seq >>> (8 * i));
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(TAG * 8, nonce));
      return c.doFinal(input);
    } catch (GeneralSecurityException e) {
      if (mode == Cipher.DECRYPT_MODE)
        throw new IllegalArgumentException("a record does not decrypt", e);
      throw new IllegalStateException(e);
    }
  }
}
