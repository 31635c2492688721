package dev.kez.cli.server;

import dev.kez.cli.Inputs;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Which sig servers a command talks to: the {@code --server} options, else the comma list {@code
 * sigserver.urls=} in {@code KEZ_HOME/config} (a properties file).
 */
public final class SigServers {
  public static final String CONFIG = "config";
  public static final String KEY = "sigserver.urls";

  private SigServers() {}

  /**
   * The servers to use; an empty list means none is configured. Bad URLs throw
   * IllegalArgumentException.
   */
  public static List<URI> resolve(@Nullable List<String> options, Path home) {
    List<String> raw = options != null && !options.isEmpty() ? options : fromConfig(home);
    List<URI> out = new ArrayList<>();
    for (String s : raw) {
      String t = s.strip();
      if (!t.isEmpty()) out.add(parse(t));
    }
    return out;
  }

  static List<String> fromConfig(Path home) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(home.resolve(CONFIG), StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + home.resolve(CONFIG) + ": " + Inputs.describe(e), e);
    }
    String v = p.getProperty(KEY, "");
    return v.isBlank() ? List.of() : List.of(v.split(","));
  }

  static URI parse(String s) {
    try {
      URI u = new URI(s);
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        throw new IllegalArgumentException("a sig server is an http:// or https:// URL, got " + s);
      }
      if (u.getQuery() != null || u.getFragment() != null) {
        throw new IllegalArgumentException("a sig server URL has no query or fragment: " + s);
      }
      return u;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + s);
    }
  }
}
