package dev.kez.channels.config;

import dev.kez.channels.ChannelPlugin;
import dev.kez.channels.Endpoint;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The configurable network endpoints of the channels ({@link ChannelPlugin#endpoints()}), keyed
 * {@code <CHANNEL>_<ENDPOINT>}. Each is set, first match wins, by a flag, the environment variable
 * {@code KEZ_<KEY>}, a line of {@code KEZ_HOME/config} (a properties file; {@code GITHUB_API=…},
 * {@code KEZ_GITHUB_API=…} and {@code github.api=…} all work), or the default. Keys without a
 * default are unset unless configured, and the channel then uses the account's own host.
 */
public final class Endpoints {
  /** Every channel's endpoints, as each plugin declares them. */
  public static final List<Endpoint> KEYS =
      ChannelPlugin.all().stream().flatMap(p -> p.endpoints().stream()).distinct().toList();

  private Endpoints() {}

  /** Resolves every key; defaults are included. */
  public static Map<String, String> resolve(
      Map<String, String> flags, Map<String, String> env, @Nullable Path kezHome) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Endpoint k : KEYS) if (k.defaultValue() != null) out.put(k.key(), k.defaultValue());
    // other settings may share the file: only endpoint keys are read here
    config(kezHome)
        .forEach((k, v) -> {
          if (isKey(normalize(k.toString()))) out.put(normalize(k.toString()), v.toString().trim());
        });
    env.forEach((k, v) -> {
      // Only channel endpoints: other KEZ_* variables (a passphrase, say) must not end up here.
      if (k.startsWith("KEZ_") && isKey(k.substring(4)) && !v.isBlank())
        out.put(k.substring(4), v.trim());
    });
    flags.forEach((k, v) -> {
      if (!isKey(normalize(k)))
        throw new dev.kez.core.MalformedException(
            "unknown endpoint '" + k + "' (known: " + names() + ")");
      out.put(normalize(k), v.trim());
    });
    out.replaceAll((k, v) -> v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
    return out;
  }

  /**
   * Whether private and loopback addresses are allowed without {@code --allow-private}: {@code
   * allow-private=true} in {@code KEZ_HOME/config} (a sandbox or test setup writes it), or {@code
   * KEZ_ALLOW_PRIVATE=true}.
   */
  public static boolean allowPrivate(Map<String, String> env, @Nullable Path kezHome) {
    return "true".equalsIgnoreCase(env.getOrDefault("KEZ_ALLOW_PRIVATE", "").strip())
        || "true".equalsIgnoreCase(config(kezHome).getProperty("allow-private", "").strip());
  }

  private static Properties config(@Nullable Path kezHome) {
    Properties p = new Properties();
    Path file = kezHome == null ? null : kezHome.resolve("config");
    if (file == null || !Files.isRegularFile(file)) return p;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new dev.kez.core.MalformedException("cannot read " + file + ": not UTF-8 text");
    } catch (IOException | IllegalArgumentException e) {
      throw new dev.kez.core.MalformedException("cannot read " + file + ": " + e.getMessage());
    }
    return p;
  }

  /** Whether a name is a channel endpoint key, one of {@link #KEYS}. */
  public static boolean isKey(String name) {
    return KEYS.stream().anyMatch(k -> k.key().equals(name));
  }

  private static String names() {
    return String.join(", ", KEYS.stream().map(Endpoint::key).toList());
  }

  /** {@code github.api}, {@code KEZ_GITHUB_API} and {@code GITHUB_API} name the same key. */
  public static String normalize(String key) {
    String k = key.trim().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    return k.startsWith("KEZ_") ? k.substring(4) : k;
  }

  /** {@code KEZ_HOME}, else {@code ~/.kez}. */
  public static Path kezHome(Map<String, String> env) {
    String h = env.get("KEZ_HOME");
    return h != null && !h.isBlank()
        ? Path.of(h)
        : Path.of(System.getProperty("user.home"), ".kez");
  }
}
