package dev.kez.chat.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.json.Json;
import dev.kez.core.keystore.KeyStore;
import dev.kez.core.keystore.KeyStoreException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * This device's X25519 key pair for receiving messages (chat.md §3). It lives in KEZ_HOME as
 * {@value #FILE}, mode 0600, written by the key store: {@code
 * {"alg":"x25519","public":"<b64u>","secret":"<b64u>"}}. {@link #toString()} never shows the
 * secret.
 */
public final class DeviceKey {
  public static final String FILE = "chat/device-x25519.json";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X25519PrivateKeyParameters secret;
  private final EncKey encKey;

  private DeviceKey(X25519PrivateKeyParameters secret) {
    this.secret = secret;
    this.encKey = EncKey.of(secret.generatePublicKey().getEncoded());
  }

  public static DeviceKey generate() {
    return new DeviceKey(new X25519PrivateKeyParameters(RANDOM));
  }

  /** A key pair from its 32 secret bytes. */
  public static DeviceKey fromSecret(byte[] secret) {
    if (secret.length != X25519PrivateKeyParameters.KEY_SIZE)
      throw new MalformedException("malformed X25519 secret: expected 32 bytes");
    return new DeviceKey(new X25519PrivateKeyParameters(secret, 0));
  }

  /**
   * The public half: the {@code enc_key} of this device's record and the {@code kid} of its copies.
   */
  public EncKey encKey() {
    return encKey;
  }

  /** Opens a sealed copy addressed to this device; empty when it is not for us or does not open. */
  public Optional<byte[]> open(Envelope.Sealed copy, String id) {
    if (!copy.kid().equals(encKey)) return Optional.empty();
    AsymmetricCipherKeyPair pair =
        new AsymmetricCipherKeyPair(new X25519PublicKeyParameters(encKey.bytes(), 0), secret);
    return ChatHpke.open(pair, copy.encBytes(), copy.ctBytes(), id);
  }

  /**
   * Opens a log entry as chat.md §4 requires: the copy for this device, the inner signature under
   * {@code senderKey} (the key the entry's {@code from} handle is bound to, empty when unknown),
   * and inner from/to/id equal to the envelope's. Never throws on bad input.
   */
  public Opened open(LogEntry entry, Optional<dev.kez.core.crypto.PublicKey> senderKey) {
    return Opened.of(entry, this, senderKey);
  }

  /** Saves the key in the store's home; refuses to overwrite an existing one. */
  public void save(KeyStore store) {
    byte[] raw = secret.getEncoded();
    ObjectNode o =
        Json.newObject()
            .put("alg", "x25519")
            .put("public", encKey.encoded())
            .put("secret", Base64Url.encode(raw));
    Arrays.fill(raw, (byte) 0);
    store.saveSecretFile(FILE, (Json.writePretty(o) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The device key saved in the store's home, if any; a damaged file is a {@link
   * KeyStoreException}.
   */
  public static Optional<DeviceKey> load(KeyStore store) {
    return store
        .readSecretFile(FILE)
        .map(bytes -> {
          String where = store.home().resolve(FILE).toString();
          try {
            ObjectNode o = Json.parseObject(bytes);
            if (!"x25519".equals(Json.string(o, "alg")))
              throw new MalformedException("\"alg\" is not x25519");
            DeviceKey key = fromSecret(Base64Url.decode(Json.string(o, "secret")));
            if (!key.encKey.equals(new EncKey(Json.string(o, "public")))) {
              throw new MalformedException("its secret does not match its public key");
            }
            return key;
          } catch (MalformedException e) {
            throw new KeyStoreException(where + " is damaged: " + e.getMessage());
          } finally {
            Arrays.fill(bytes, (byte) 0);
          }
        });
  }

  @Override
  public String toString() {
    return "DeviceKey[x25519, public=" + encKey + "]";
  }
}
