package dev.kez.chat.server.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.io.AtomicFiles;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.jce.ECNamedCurveTable;

/**
 * The server's VAPID identity (RFC 8292): a P-256 key made on first start and kept as a PKCS#8 PEM
 * file (mode 0600), and the {@code Authorization: vapid t=JWT, k=KEY} header, the JWT signed ES256
 * with {@code aud} the push endpoint's origin and {@code exp} 12 h ahead.
 */
public final class Vapid {
  static final long EXPIRY_SECONDS = 12 * 3600;

  private final PrivateKey key;
  private final byte[] publicKey;
  private final String subject;

  private Vapid(PrivateKey key, String subject) {
    this.key = key;
    this.subject = subject;
    BigInteger d = ((ECPrivateKey) key).getS();
    this.publicKey =
        ECNamedCurveTable.getParameterSpec("secp256r1")
            .getG()
            .multiply(d)
            .normalize()
            .getEncoded(false);
  }

  /** Loads the key at {@code path}, or makes one there (0600) if there is no file. */
  public static Vapid loadOrCreate(Path path, String subject) throws IOException {
    if (!Files.exists(path)) {
      KeyPair kp = WebPushCrypto.newKeyPair();
      String b64 =
          Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(kp.getPrivate().getEncoded());
      AtomicFiles.write(
          path,
          ("-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n")
              .getBytes(StandardCharsets.US_ASCII));
      try {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: its own permissions apply
      }
    }
    String pem = Files.readString(path, StandardCharsets.US_ASCII);
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin)
      throw new IOException("the VAPID key file " + path + " is not a PKCS#8 PEM private key");
    try {
      byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
      if (!(key instanceof ECPrivateKey ec)
          || ec.getParams().getCurve().getField().getFieldSize() != 256)
        throw new GeneralSecurityException();
      return new Vapid(key, subject);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("the VAPID key file " + path + " does not hold a P-256 private key");
    }
  }

  /** The 65-byte uncompressed public key, as browsers take it for {@code applicationServerKey}. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The Authorization header for a push to {@code endpoint} at unix time {@code now}. */
  public String authorization(URI endpoint, long now) {
    String origin = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
    ObjectNode claims =
        Json.newObject().put("aud", origin).put("exp", now + EXPIRY_SECONDS).put("sub", subject);
    String signingInput =
        b64("{\"typ\":\"JWT\",\"alg\":\"ES256\"}") + "." + b64(Json.write(claims));
    try {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initSign(key);
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return "vapid t="
          + signingInput
          + "."
          + Base64Url.encode(s.sign())
          + ", k="
          + Base64Url.encode(publicKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The claims of a JWT whose ES256 signature verifies under {@code publicKey} (65 bytes), if it
   * does.
   */
  public static Optional<ObjectNode> verify(String jwt, byte[] publicKey) {
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3) return Optional.empty();
    try {
      ObjectNode header = Json.parseObject(Base64Url.decode(parts[0]));
      if (!"ES256".equals(header.path("alg").asText())) return Optional.empty();
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initVerify(WebPushCrypto.publicKey(publicKey));
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return s.verify(Base64Url.decode(parts[2]))
          ? Optional.of(Json.parseObject(Base64Url.decode(parts[1])))
          : Optional.empty();
    } catch (GeneralSecurityException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String b64(String s) {
    return Base64Url.encode(s.getBytes(StandardCharsets.UTF_8));
  }
}
