package dev.kez.channels.http;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * A credential bound to one origin (scheme, host, port): {@link SafeHttp} presents it to that
 * origin only and drops it on the first hop anywhere else (SPEC §13.1). Every credential the
 * project sends goes this way ({@code GITHUB_TOKEN} today); none travels as a plain header.
 */
public final class Credential {
  /** Header names that carry credentials; {@link SafeHttp} refuses them as plain headers. */
  static final Set<String> HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

  private final String scheme;
  private final String host;
  private final int port;
  private final String header;
  private final String value;

  private Credential(URI origin, String header, String value) {
    this.scheme = origin.getScheme().toLowerCase(Locale.ROOT);
    this.host = origin.getHost().toLowerCase(Locale.ROOT);
    this.port = port(origin);
    this.header = header;
    this.value = value;
  }

  /** {@code Authorization: Bearer <token>} for the origin of {@code url} (its path is ignored). */
  public static Credential bearer(String url, String token) {
    URI origin = URI.create(url);
    String scheme = origin.getScheme() == null ? "" : origin.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || origin.getHost() == null) {
      throw new IllegalArgumentException("a credential needs an http(s) origin, not " + url);
    }
    return new Credential(origin, "Authorization", "Bearer " + token);
  }

  /** Whether {@code uri} is on this credential's origin: same scheme, host and port. */
  public boolean isFor(URI uri) {
    return uri.getScheme() != null && uri.getHost() != null
        && scheme.equals(uri.getScheme().toLowerCase(Locale.ROOT))
        && host.equals(uri.getHost().toLowerCase(Locale.ROOT))
        && port == port(uri);
  }

  String header() {
    return header;
  }

  String value() {
    return value;
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) return u.getPort();
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  /** Names the origin, never the secret. */
  @Override
  public String toString() {
    return header + " credential for " + scheme + "://" + host + ":" + port;
  }
}
