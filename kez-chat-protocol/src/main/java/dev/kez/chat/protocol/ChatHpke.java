package dev.kez.chat.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

/**
 * The one HPKE suite of kez-chat (chat.md §4): RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256) /
 * HKDF-SHA256 / ChaCha20-Poly1305, {@code info} = "kez-chat/v1", {@code aad} = the ASCII bytes of
 * the message id. BouncyCastle does the work; this class only fixes the parameters.
 */
public final class ChatHpke {
  public static final byte[] INFO = "kez-chat/v1".getBytes(StandardCharsets.US_ASCII);

  /** ChaCha20-Poly1305's tag: every ciphertext is at least this long. */
  public static final int TAG_LENGTH = 16;

  private ChatHpke() {}

  /** A fresh BouncyCastle HPKE instance for the suite (instances are cheap and not shared). */
  public static HPKE suite() {
    return new HPKE(
        HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_CHACHA20_POLY1305);
  }

  /** Seals one copy of {@code plaintext} to a device key, bound to the message id. */
  public static Envelope.Sealed seal(EncKey recipient, byte[] plaintext, String id) {
    return seal(recipient, plaintext, id, null);
  }

  /**
   * As {@link #seal(EncKey, byte[], String)} with a given ephemeral key pair: for reproducible
   * examples only.
   */
  static Envelope.Sealed seal(
      EncKey recipient, byte[] plaintext, String id, AsymmetricCipherKeyPair ephemeral) {
    HPKE hpke = suite();
    try {
      AsymmetricKeyParameter pkR = hpke.deserializePublicKey(recipient.bytes());
      HPKEContextWithEncapsulation ctx =
          ephemeral == null ? hpke.setupBaseS(pkR, INFO) : hpke.setupBaseS(pkR, INFO, ephemeral);
      byte[] ct = ctx.seal(aad(id), plaintext);
      return Envelope.Sealed.of(recipient, ctx.getEncapsulation(), ct);
    } catch (InvalidCipherTextException | RuntimeException e) {
      // BouncyCastle refuses a low-order X25519 point (an all-zero shared secret, RFC 9180 §7.1.4)
      throw new dev.kez.core.MalformedException(
          "cannot encrypt to X25519 key " + recipient + ": it is not a usable public key");
    }
  }

  /** Opens a copy with the device's key pair; empty when it does not open (any reason). */
  static Optional<byte[]> open(AsymmetricCipherKeyPair device, byte[] enc, byte[] ct, String id) {
    try {
      return Optional.of(suite().setupBaseR(enc, device, INFO).open(aad(id), ct));
    } catch (InvalidCipherTextException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static byte[] aad(String id) {
    return id.getBytes(StandardCharsets.US_ASCII);
  }
}
