package dev.kez.chat.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.crypto.Digests;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.crypto.Signing;
import dev.kez.core.json.Jcs;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code chat_auth} object of an {@code X-KEZ-Auth} header (SPEC.md §kez-chat.2, chat.md §2).
 * It is never sent: client and server each rebuild it from the request (method, the target exactly
 * as sent, the body bytes, the push endpoint) and the header carries only {@code <ts>:<sig>} over
 * its digest. The digest is also the server's replay-cache key.
 *
 * @param method upper case ({@code "WS"} for the WebSocket handshake)
 * @param path the request target exactly as sent: raw path and query, no decoding
 * @param body b64u SHA-256 of the exact body bytes (of the 16 nonce bytes for "WS")
 * @param endpoint the push subscription's endpoint on the two push routes, else ""
 */
public record ChatAuth(
    String method,
    String path,
    String body,
    String endpoint,
    Handle handle,
    PublicKey key,
    long ts) {
  public static final String TYPE = "chat_auth";
  public static final String HEADER = "X-KEZ-Auth";

  /** The server accepts {@code |now − ts| ≤ 60} (chat.md §2). */
  public static final long WINDOW_SECONDS = 60;

  /** The method of the WebSocket handshake's auth object (chat.md §6). */
  public static final String WS = "WS";

  public static final int NONCE_BYTES = 16;

  public ChatAuth {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(key, "key");
    if (!method.equals(method.toUpperCase(Locale.ROOT)))
      throw new IllegalArgumentException("method must be upper case");
  }

  /** The auth object of an HTTP request; {@code endpoint} is "" except on the push routes. */
  public static ChatAuth forRequest(
      String method,
      String path,
      byte[] body,
      String endpoint,
      Handle handle,
      PublicKey key,
      long ts) {
    return new ChatAuth(
        method.toUpperCase(Locale.ROOT), path, bodyDigest(body), endpoint, handle, key, ts);
  }

  /**
   * The auth object answering a WebSocket challenge (chat.md §6): body = b64u SHA-256 of the nonce
   * bytes.
   */
  public static ChatAuth forWebSocket(Handle handle, PublicKey key, byte[] nonce, long ts) {
    if (nonce.length != NONCE_BYTES)
      throw new MalformedException(
          "malformed challenge: the nonce must be 16 bytes, got " + nonce.length);
    return new ChatAuth(WS, "/v1/ws/" + handle.value(), bodyDigest(nonce), "", handle, key, ts);
  }

  /** b64u SHA-256 of some bytes, as the {@code body} member carries it. */
  public static String bodyDigest(byte[] bytes) {
    return Base64Url.encode(Digests.sha256(bytes));
  }

  public ObjectNode toJson() {
    return Signed.header(TYPE, key)
        .put("body", body)
        .put("endpoint", endpoint)
        .put("handle", handle.value())
        .put("method", method)
        .put("path", path)
        .put("ts", ts);
  }

  /** JCS of the object: what is hashed and signed. */
  public byte[] canonicalBytes() {
    return Jcs.canonicalize(toJson());
  }

  /** SHA-256(JCS(object)): the signed message and the replay-cache key. */
  public byte[] digest() {
    return Signing.digest(toJson());
  }

  /** Signs the digest with the handle's key; the result is the header value. */
  public AuthHeader sign(SecretKey secret) {
    if (!secret.publicKey().equals(key))
      throw new IllegalArgumentException("the auth object names another key than the signer's");
    return new AuthHeader(ts, secret.sign(digest()));
  }

  /**
   * Whether the header's signature is valid for this object (its {@code ts} must be this one's).
   */
  public boolean verify(AuthHeader header) {
    return header.ts() == ts && key.verify(digest(), header.sig());
  }

  /** Whether {@code ts} is within ±60 s of {@code now} (unix seconds). */
  public boolean fresh(long now) {
    return Math.abs(now - ts) <= WINDOW_SECONDS;
  }
}
