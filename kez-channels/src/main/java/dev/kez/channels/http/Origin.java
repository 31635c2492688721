package dev.kez.channels.http;

import java.net.URI;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A web origin (RFC 6454 §4): scheme, host and port, lowercased, with the scheme's default port
 * filled in. Credentials are bound to one ({@link Credential}), and an ActivityPub actor must be on
 * the one that served it (SPEC §10.5, §13.1).
 */
public record Origin(String scheme, String host, int port) {
  /** The origin of {@code uri}, or null when it has no scheme or host. */
  public static @Nullable Origin of(URI uri) {
    if (uri.getScheme() == null || uri.getHost() == null) return null;
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
  }

  /** The origin of a URL, or null when it is not one. */
  public static @Nullable Origin of(String url) {
    try {
      return of(URI.create(url));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return scheme + "://" + host + ":" + port;
  }
}
