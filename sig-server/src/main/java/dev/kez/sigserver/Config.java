package dev.kez.sigserver;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Server settings. Every flag {@code --name} falls back to the environment variable
 * {@code KEZ_SIG_NAME} (upper case, dashes as underscores), then to the default below.
 */
public record Config(String bind, int port, String db, long maxBodyBytes, int maxLinks,
    double ratePerSecond, int rateBurst, int idleTimeoutSeconds, int requestTimeoutSeconds,
    String corsOrigin, boolean accessLog, boolean benchStatic, boolean groupCommit) {

  /** The flags, their defaults and help, in the order --help prints them. */
  static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

  static {
    OPTIONS.put("port", new String[] {"7878", "TCP port (0: any free port)"});
    OPTIONS.put("bind", new String[] {"0.0.0.0", "address to listen on (127.0.0.1: this machine only)"});
    OPTIONS.put("db", new String[] {"kez-sig.db", "SQLite file, jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB?user=…"});
    OPTIONS.put("max-body", new String[] {"1048576", "largest request body in bytes (413 beyond)"});
    OPTIONS.put("max-links", new String[] {"1000", "most links in one POST (413 beyond)"});
    OPTIONS.put("rate", new String[] {"20", "requests per second per client address (0: no limit)"});
    OPTIONS.put("burst", new String[] {"100", "requests a client may make at once before the rate applies"});
    OPTIONS.put("idle-timeout", new String[] {"30", "seconds a connection may stay silent"});
    OPTIONS.put("request-timeout", new String[] {"15", "seconds a request body may take to arrive"});
    OPTIONS.put("cors-origin", new String[] {"*", "Access-Control-Allow-Origin for browser clients"});
    OPTIONS.put("access-log", new String[] {"on", "one JSON line per request on stdout (on|off)"});
    OPTIONS.put("group-commit", new String[] {"on", "commit concurrent appends together, one fsync for all (off: one fsync per append)"});
    OPTIONS.put("bench-static", new String[] {"off", "also serve GET /bench/static (a fixed 4 KiB body) for load tests"});
  }

  public static Config defaults() {
    return parse(new String[0], Map.of());
  }

  /** Reads flags ({@code --name value} or {@code --name=value}) over the environment. */
  public static Config parse(String[] args, Map<String, String> env) {
    Map<String, String> v = new LinkedHashMap<>();
    OPTIONS.forEach((name, d) -> v.put(name, env.getOrDefault("KEZ_SIG_" + name.toUpperCase(Locale.ROOT).replace('-', '_'), d[0])));
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument: " + a);
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!OPTIONS.containsKey(name)) throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
      if (value == null) {
        if (i + 1 >= args.length) throw new IllegalArgumentException("--" + name + " needs a value");
        value = args[++i];
      }
      v.put(name, value);
    }
    return new Config(v.get("bind"), intIn(v, "port", 0, 65535), v.get("db"), longIn(v, "max-body", 1, Long.MAX_VALUE),
        intIn(v, "max-links", 1, 1_000_000), number(v, "rate"), intIn(v, "burst", 1, 1_000_000),
        intIn(v, "idle-timeout", 1, 3600), intIn(v, "request-timeout", 1, 3600), v.get("cors-origin"),
        flag(v, "access-log"), flag(v, "bench-static"), flag(v, "group-commit"));
  }

  static String help() {
    StringBuilder sb = new StringBuilder("usage: kez-sig-server [--option value]...\n\nAn HTTP store for KEZ sigchains.\n\n");
    OPTIONS.forEach((name, d) -> sb.append(String.format("  --%-16s %s (default %s; env KEZ_SIG_%s)%n",
        name, d[1], d[0], name.toUpperCase(Locale.ROOT).replace('-', '_'))));
    return sb.toString();
  }

  private static long longIn(Map<String, String> v, String name, long min, long max) {
    try {
      long n = Long.parseLong(v.get(name).trim());
      if (n < min || n > max) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number from " + min + " to " + max + ", got " + v.get(name));
    }
  }

  private static int intIn(Map<String, String> v, String name, int min, int max) {
    return (int) longIn(v, name, min, max);
  }

  private static double number(Map<String, String> v, String name) {
    try {
      double d = Double.parseDouble(v.get(name).trim());
      if (!(d >= 0) || Double.isInfinite(d)) throw new NumberFormatException();
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number >= 0, got " + v.get(name));
    }
  }

  private static boolean flag(Map<String, String> v, String name) {
    return switch (v.get(name).trim().toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes", "1" -> true;
      case "off", "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("--" + name + " must be on or off, got " + v.get(name));
    };
  }
}
