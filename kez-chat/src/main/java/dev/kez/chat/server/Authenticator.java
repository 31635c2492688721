package dev.kez.chat.server;

import dev.kez.chat.protocol.AuthHeader;
import dev.kez.chat.protocol.ChatAuth;
import dev.kez.chat.protocol.Handle;
import dev.kez.core.crypto.PublicKey;
import dev.kez.server.ApiError;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks {@code X-KEZ-Auth} (SPEC.md §kez-chat.2): the server rebuilds the auth object from the
 * request, verifies its signature under the handle's key, accepts {@code |now − ts| ≤ 60} and
 * accepts each auth object once (a replay cache keyed on its digest, kept for the window). Every
 * failure is the same 401, which never says which check failed.
 */
public final class Authenticator {
  /** More remembered digests than this and new requests are refused until old ones age out. */
  static final int MAX_REMEMBERED = 1_000_000;

  private final Clock clock;
  private final ConcurrentHashMap<ByteBuffer, Long> seen = new ConcurrentHashMap<>();
  private volatile long nextSweep;

  public Authenticator(Clock clock) {
    this.clock = clock;
  }

  public static ApiError unauthorized() {
    return new ApiError(401, "unauthorized", "the request is not authenticated for this handle");
  }

  public long now() {
    return clock.millis() / 1000;
  }

  /** Accepts the header for this request and key, or throws the uniform 401. */
  public void check(
      String header,
      String method,
      String target,
      byte[] body,
      String endpoint,
      Handle handle,
      PublicKey key) {
    AuthHeader h;
    try {
      h = AuthHeader.parse(header);
    } catch (RuntimeException e) {
      throw unauthorized();
    }
    accept(ChatAuth.forRequest(method, target, body, endpoint, handle, key, h.ts()), h);
  }

  /** Accepts a signed auth object once, within the window, or throws the uniform 401. */
  public void accept(ChatAuth auth, AuthHeader header) {
    long now = now();
    if (!auth.fresh(now) || header.ts() != auth.ts()) throw unauthorized();
    byte[] digest = auth.digest(); // JCS and SHA-256: once, for the signature and the cache
    if (!auth.key().verify(digest, header.sig())) throw unauthorized();
    sweep(now);
    if (seen.size() >= MAX_REMEMBERED) throw unauthorized(); // bounded memory under a flood
    if (seen.putIfAbsent(ByteBuffer.wrap(digest), auth.ts()) != null) throw unauthorized();
  }

  /** Forgets digests whose ts is out of the window: they would be refused as stale anyway. */
  private void sweep(long now) {
    if (now < nextSweep) return;
    nextSweep = now + 5;
    seen.values().removeIf(ts -> Math.abs(now - ts) > ChatAuth.WINDOW_SECONDS);
  }
}
