package dev.kez.chat.server.push;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * Web Push message encryption (RFC 8291) on JDK P-256 ECDH and {@link Ece}: an ephemeral key pair
 * per message, the input keying material bound to both public keys and the subscription's auth
 * secret, one aes128gcm record with the ephemeral key as key id.
 */
public final class WebPushCrypto {
  public static final int RECORD_SIZE = 4096;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ECParameterSpec P256 = p256();

  private WebPushCrypto() {}

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec("secp256r1"));
      return p.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no P-256", e);
    }
  }

  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A 65-byte uncompressed point (0x04 ‖ x ‖ y) as a key; throws if it is not on P-256. */
  public static PublicKey publicKey(byte[] point) throws GeneralSecurityException {
    if (point.length != 65 || point[0] != 4)
      throw new GeneralSecurityException("not an uncompressed P-256 point");
    BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 33));
    BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(point, 33, 65));
    return KeyFactory.getInstance("EC")
        .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
  }

  public static PrivateKey privateKey(byte[] scalar) throws GeneralSecurityException {
    return KeyFactory.getInstance("EC")
        .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), P256));
  }

  /** The 65-byte uncompressed encoding of a P-256 public key. */
  public static byte[] encode(PublicKey key) {
    ECPoint w = ((ECPublicKey) key).getW();
    return ByteBuffer.allocate(65)
        .put((byte) 4)
        .put(fixed(w.getAffineX()))
        .put(fixed(w.getAffineY()))
        .array();
  }

  private static byte[] fixed(BigInteger n) {
    byte[] b = n.toByteArray();
    byte[] out = new byte[32];
    int len = Math.min(32, b.length);
    System.arraycopy(b, b.length - len, out, 32 - len, len);
    return out;
  }

  /**
   * Encrypts for a subscription's {@code p256dh} and {@code auth}, with a fresh key pair and salt.
   */
  public static byte[] encrypt(byte[] uaPublic, byte[] authSecret, byte[] plaintext)
      throws GeneralSecurityException {
    byte[] salt = new byte[Ece.SALT];
    RANDOM.nextBytes(salt);
    return encrypt(uaPublic, authSecret, plaintext, newKeyPair(), salt);
  }

  /** RFC 8291 §3.4 with a given ephemeral key pair and salt (what the RFC's example fixes). */
  public static byte[] encrypt(
      byte[] uaPublic, byte[] authSecret, byte[] plaintext, KeyPair as, byte[] salt)
      throws GeneralSecurityException {
    byte[] asPublic = encode(as.getPublic());
    byte[] ikm = ikm(as.getPrivate(), publicKey(uaPublic), uaPublic, asPublic, authSecret);
    return Ece.encrypt(ikm, salt, RECORD_SIZE, asPublic, plaintext);
  }

  /** What a user agent does: the receiving side, used by the test push services. */
  public static byte[] decrypt(
      PrivateKey uaPrivate, byte[] uaPublic, byte[] authSecret, byte[] body)
      throws GeneralSecurityException {
    byte[] asPublic = Ece.keyid(body);
    return Ece.decrypt(ikm(uaPrivate, publicKey(asPublic), uaPublic, asPublic, authSecret), body);
  }

  private static byte[] ikm(
      PrivateKey mine, PublicKey theirs, byte[] uaPublic, byte[] asPublic, byte[] authSecret)
      throws GeneralSecurityException {
    KeyAgreement ka = KeyAgreement.getInstance("ECDH");
    ka.init(mine);
    ka.doPhase(theirs, true);
    byte[] ecdh = ka.generateSecret();
    byte[] label = "WebPush: info\0".getBytes(StandardCharsets.US_ASCII);
    byte[] info =
        ByteBuffer.allocate(label.length + 130).put(label).put(uaPublic).put(asPublic).array();
    return Ece.hkdf(authSecret, ecdh, info, 32);
  }
}
