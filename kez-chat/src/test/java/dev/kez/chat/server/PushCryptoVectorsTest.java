package dev.kez.chat.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.chat.server.push.Ece;
import dev.kez.chat.server.push.Vapid;
import dev.kez.chat.server.push.WebPushCrypto;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Web Push crypto against the RFCs' own examples, read unchanged from {@code
 * testdata/vectors/third-party/chat/}: RFC 8291 (encryption byte for byte, and decryption), RFC
 * 8292 (the VAPID JWT's signature), RFC 8188 (aes128gcm records).
 */
class PushCryptoVectorsTest {
  static final String RFC8291 = Vectors.text("third-party/chat/rfc8291-example-appendixA.md");

  /**
   * The base64url value after "LABEL:" and a blank line, written as ": value" with continuation
   * lines.
   */
  static byte[] value(String md, String label) {
    Matcher m =
        Pattern.compile(
                Pattern.quote(label)
                    + "\\s*\\n\\s*\\n: ([A-Za-z0-9_\\-]+(?:\\n {2}[A-Za-z0-9_\\-]+)*)")
            .matcher(md);
    if (!m.find()) throw new AssertionError("no value for " + label + " in the vector file");
    return Base64Url.decode(m.group(1).replaceAll("\\s", ""));
  }

  static byte[] exampleBody() {
    Matcher m =
        Pattern.compile("Content-Encoding: aes128gcm\\n\\n([A-Za-z0-9_\\-\\n]+)~~~")
            .matcher(RFC8291);
    if (!m.find()) throw new AssertionError("no example body in the vector file");
    return Base64Url.decode(m.group(1).replaceAll("\\s", ""));
  }

  @Test
  void rfc8291EncryptsByteForByte() throws GeneralSecurityException {
    byte[] asPublic = value(RFC8291, "Application server public key (as_public):");
    KeyPair as =
        new KeyPair(
            WebPushCrypto.publicKey(asPublic),
            WebPushCrypto.privateKey(
                value(RFC8291, "Application server private key (as_private):")));
    byte[] body =
        WebPushCrypto.encrypt(
            value(RFC8291, "User agent public key (ua_public):"),
            value(RFC8291, "Authentication secret (auth_secret):"),
            value(RFC8291, "Plaintext:"),
            as,
            value(RFC8291, "Salt:"));
    assertArrayEquals(exampleBody(), body);
    assertEquals(
        "When I grow up, I want to be a watermelon",
        new String(value(RFC8291, "Plaintext:"), StandardCharsets.US_ASCII));
  }

  @Test
  void rfc8291Decrypts() throws GeneralSecurityException {
    byte[] ua = value(RFC8291, "User agent public key (ua_public):");
    byte[] plain =
        WebPushCrypto.decrypt(
            WebPushCrypto.privateKey(value(RFC8291, "User agent private key (ua_private):")),
            ua,
            value(RFC8291, "Authentication secret (auth_secret):"),
            exampleBody());
    assertArrayEquals(value(RFC8291, "Plaintext:"), plain);
    byte[] tampered = exampleBody();
    tampered[tampered.length - 1] ^= 1;
    assertThrows(
        IllegalArgumentException.class,
        () ->
            WebPushCrypto.decrypt(
                WebPushCrypto.privateKey(value(RFC8291, "User agent private key (ua_private):")),
                    ua,
                value(RFC8291, "Authentication secret (auth_secret):"), tampered));
  }

  @Test
  void rfc8292JwtVerifies() {
    String md = Vectors.text("third-party/chat/rfc8292-2.4-vapid-example.md");
    Matcher t = Pattern.compile("t=([A-Za-z0-9_\\-.\\s]+),").matcher(md);
    Matcher k = Pattern.compile("k=([A-Za-z0-9_\\-\\s]+?)\\n\\n").matcher(md);
    assertEquals(true, t.find() && k.find(), "the vector file holds t= and k=");
    String jwt = t.group(1).replaceAll("\\s", "");
    byte[] key = Base64Url.decode(k.group(1).replaceAll("\\s", ""));
    ObjectNode claims =
        Vapid.verify(jwt, key)
            .orElseThrow(); // exp (2016) is not checked: the example expired long ago
    assertEquals("https://push.example.net", claims.get("aud").asText());
    assertEquals(1453523768, claims.get("exp").asLong());
    assertEquals("mailto:push@example.com", claims.get("sub").asText());
    String forged =
        jwt.substring(0, jwt.length() - 2)
            + (jwt.endsWith("A") ? "B" : "A")
            + jwt.charAt(jwt.length() - 1);
    assertTrue(Vapid.verify(forged, key).isEmpty());
  }

  @Test
  void rfc8188RecordsOpenAndTheSingleRecordExampleSealsExactly() throws GeneralSecurityException {
    for (JsonNode v : Vectors.json("third-party/chat/rfc8188-3.1-3.2.json").get("vectors")) {
      byte[] ikm = Base64Url.decode(v.get("ikm").asText());
      byte[] body = Base64Url.decode(v.get("body").asText());
      byte[] plain = v.get("plaintext_utf8").asText().getBytes(StandardCharsets.UTF_8);
      assertArrayEquals(plain, Ece.decrypt(ikm, body), "RFC 8188 §" + v.get("section").asText());
      if (v.get("section").asText().equals("3.1")) {
        assertArrayEquals(
            body,
            Ece.encrypt(
                ikm,
                Base64Url.decode(v.get("salt").asText()),
                v.get("rs").asInt(),
                v.get("keyid").asText().getBytes(StandardCharsets.UTF_8),
                plain));
      }
    }
  }
}
