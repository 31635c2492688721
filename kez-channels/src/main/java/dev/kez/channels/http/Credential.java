package dev.kez.channels.http;

import java.net.URI;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A credential bound to one origin (scheme, host, port): {@link SafeHttp} presents it to that
 * origin only and drops it on the first hop anywhere else (SPEC §13.1). Every credential the
 * project sends goes this way ({@code GITHUB_TOKEN} today); none travels as a plain header.
 */
public final class Credential {
  /** Header names that carry credentials; {@link SafeHttp} refuses them as plain headers. */
  static final Set<String> HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

  private final Origin origin;
  private final String header;
  private final String value;

  private Credential(Origin origin, String header, String value) {
    this.origin = origin;
    this.header = header;
    this.value = value;
  }

  /**
   * {@code Authorization: Bearer <token>} for the origin of {@code url} (its path is ignored); null
   * when {@code url} names no origin, as such a credential could go nowhere.
   */
  public static @Nullable Credential bearer(String url, String token) {
    Origin origin = Origin.of(url);
    return origin == null ? null : new Credential(origin, "Authorization", "Bearer " + token);
  }

  /** Whether {@code uri} is on this credential's origin: same scheme, host and port. */
  public boolean isFor(URI uri) {
    return origin.equals(Origin.of(uri));
  }

  String header() {
    return header;
  }

  String value() {
    return value;
  }

  /** Names the origin, never the secret. */
  @Override
  public String toString() {
    return header + " credential for " + origin;
  }
}
