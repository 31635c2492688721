package dev.kez.core.keystore;

import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.Bech32;
import dev.kez.core.crypto.SecretKey;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.modes.XChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Passphrase encryption of a 32-byte secret key, NIP-49's construction for both suites: key =
 * scrypt(NFKC(passphrase), salt, N = 2^log_n, r = 8, p = 1, 32 bytes); the secret is sealed with
 * XChaCha20-Poly1305 (24-byte nonce) with the key-security byte as associated data. The 91-byte
 * container is {@code 0x02 || log_n || salt[16] || nonce[24] || key_security ||
 * ciphertext+tag[48]}, bech32 encoded under {@code ncryptsec} for nostr keys (exactly NIP-49) and
 * under {@code edcryptsec} for Ed25519 seeds (the same bytes; a distinct prefix so that no nostr
 * client mistakes an Ed25519 seed for a secp256k1 key).
 */
public final class EncryptedSecret {
  public static final String NOSTR_PREFIX = "ncryptsec";
  public static final String ED25519_PREFIX = "edcryptsec";

  /** 2^16 × 128 × 8 bytes = 64 MiB and about half a second here; NIP-49's suggested floor. */
  public static final int DEFAULT_LOG_N = 16;

  /** NIP-49 key-security byte: whether the key was ever handled insecurely is not tracked. */
  public static final byte KEY_SECURITY_UNKNOWN = 0x02;

  private static final byte VERSION = 0x02;
  private static final int SALT = 16, NONCE = 24, TAG = 16, SECRET = 32;
  private static final int LENGTH = 1 + 1 + SALT + NONCE + 1 + SECRET + TAG;

  /** 2^22 × 1 KiB = 4 GiB of scrypt memory: a damaged or hostile file may not ask for more. */
  private static final int MAX_LOG_N = 22;

  private static final SecureRandom RANDOM = new SecureRandom();

  private EncryptedSecret() {}

  /** The bech32 prefix for an algorithm's encrypted secrets. */
  public static String prefix(Algorithm algorithm) {
    return algorithm == Algorithm.NOSTR ? NOSTR_PREFIX : ED25519_PREFIX;
  }

  public static String encrypt(SecretKey key, char[] passphrase) {
    return encrypt(key, passphrase, DEFAULT_LOG_N);
  }

  public static String encrypt(SecretKey key, char[] passphrase, int logN) {
    if (logN < 1 || logN > MAX_LOG_N)
      throw new IllegalArgumentException("log_n must be 1.." + MAX_LOG_N);
    if (passphrase.length == 0) throw new KeyStoreException("refusing an empty passphrase");
    byte[] salt = random(SALT), nonce = random(NONCE);
    byte[] symmetric = derive(passphrase, salt, logN);
    byte[] secret = key.exportSecret();
    try {
      byte[] sealed = seal(symmetric, nonce, new byte[] {KEY_SECURITY_UNKNOWN}, secret);
      ByteBuffer out =
          ByteBuffer.allocate(LENGTH)
              .put(VERSION)
              .put((byte) logN)
              .put(salt)
              .put(nonce)
              .put(KEY_SECURITY_UNKNOWN)
              .put(sealed);
      return Bech32.encode(prefix(key.algorithm()), out.array());
    } finally {
      Arrays.fill(symmetric, (byte) 0);
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * Decrypts; a wrong passphrase (or a damaged container) is a {@link KeyStoreException}, a string
   * that is not a container for this algorithm is a {@link MalformedException}.
   */
  public static SecretKey decrypt(Algorithm algorithm, String encrypted, char[] passphrase) {
    byte[] data = Bech32.decode(encrypted.trim(), prefix(algorithm));
    if (data.length != LENGTH)
      throw new MalformedException(
          "malformed " + prefix(algorithm) + ": expected " + LENGTH + " bytes, got " + data.length);
    ByteBuffer in = ByteBuffer.wrap(data);
    byte version = in.get();
    if (version != VERSION)
      throw new MalformedException(
          "malformed " + prefix(algorithm) + ": unsupported version " + version);
    int logN = in.get() & 0xff;
    if (logN < 1 || logN > MAX_LOG_N)
      throw new MalformedException(
          "malformed " + prefix(algorithm) + ": log_n " + logN + " out of range");
    byte[] salt = new byte[SALT], nonce = new byte[NONCE], sealed = new byte[SECRET + TAG];
    in.get(salt).get(nonce);
    byte keySecurity = in.get();
    in.get(sealed);
    byte[] symmetric = derive(passphrase, salt, logN);
    try {
      byte[] secret =
          open(symmetric, nonce, new byte[] {keySecurity}, sealed)
              .orElseThrow(() ->
                  new KeyStoreException("wrong passphrase (or the encrypted key is damaged)"));
      try {
        return SecretKey.fromSecret(algorithm, secret);
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    } finally {
      Arrays.fill(symmetric, (byte) 0);
    }
  }

  /** NIP-49: the passphrase is NFKC-normalized, then UTF-8 encoded. */
  static byte[] passwordBytes(char[] passphrase) {
    String normalized = Normalizer.normalize(CharBuffer.wrap(passphrase), Normalizer.Form.NFKC);
    ByteBuffer b = StandardCharsets.UTF_8.encode(normalized);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    if (b.hasArray()) Arrays.fill(b.array(), (byte) 0);
    return out;
  }

  private static byte[] derive(char[] passphrase, byte[] salt, int logN) {
    byte[] password = passwordBytes(passphrase);
    try {
      return SCrypt.generate(password, salt, 1 << logN, 8, 1, 32);
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /** XChaCha20-Poly1305 encryption (BouncyCastle): ciphertext followed by the 16-byte tag. */
  static byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
    XChaCha20Poly1305 aead = init(true, key, nonce, aad);
    byte[] out = new byte[aead.getOutputSize(plaintext.length)];
    int n = aead.processBytes(plaintext, 0, plaintext.length, out, 0);
    try {
      aead.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("encryption cannot fail a tag check", e);
    }
    return out;
  }

  /** XChaCha20-Poly1305 decryption; empty when the tag does not verify. */
  static Optional<byte[]> open(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) {
    XChaCha20Poly1305 aead = init(false, key, nonce, aad);
    if (sealed.length < TAG) return Optional.empty();
    byte[] out = new byte[aead.getOutputSize(sealed.length)];
    int n = aead.processBytes(sealed, 0, sealed.length, out, 0);
    try {
      aead.doFinal(out, n);
      return Optional.of(out);
    } catch (InvalidCipherTextException e) {
      Arrays.fill(out, (byte) 0);
      return Optional.empty();
    }
  }

  private static XChaCha20Poly1305 init(boolean encrypt, byte[] key, byte[] nonce, byte[] aad) {
    if (key.length != 32)
      throw new IllegalArgumentException("XChaCha20-Poly1305 takes a 32-byte key");
    if (nonce.length != NONCE)
      throw new IllegalArgumentException(
          "XChaCha20-Poly1305 takes a 24-byte nonce, got " + nonce.length);
    XChaCha20Poly1305 aead = new XChaCha20Poly1305();
    aead.init(encrypt, new AEADParameters(new KeyParameter(key), TAG * 8, nonce, aad));
    return aead;
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
