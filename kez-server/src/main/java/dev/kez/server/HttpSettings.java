package dev.kez.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings every KEZ server shares: where it listens, its database, and the limits that keep
 * one client from starving the others (SPEC.md §12).
 */
public record HttpSettings(
    String bind,
    int port,
    String db,
    long maxBodyBytes,
    double ratePerSecond,
    int rateBurst,
    int maxConcurrentPerClient,
    int idleTimeoutSeconds,
    int requestTimeoutSeconds,
    long minDataRate,
    String corsOrigin,
    boolean accessLog) {

  /** The shared options, with this server's default port and database, followed by its own. */
  public static List<Flags.Option> options(String port, String db, List<Flags.Option> own) {
    List<Flags.Option> all =
        new ArrayList<>(
            List.of(
                new Flags.Option("port", port, "TCP port (0: any free port)"),
                new Flags.Option(
                    "bind", "0.0.0.0", "address to listen on (127.0.0.1: this machine only)"),
                new Flags.Option(
                    "db",
                    db,
                    "SQLite file, jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB?user=…"),
                new Flags.Option(
                    "max-body", "1048576", "largest request body in bytes (413 beyond)"),
                new Flags.Option(
                    "rate", "20", "requests per second per client address (0: no limit)"),
                new Flags.Option(
                    "burst", "100", "requests a client may make at once before the rate applies"),
                new Flags.Option(
                    "max-concurrent",
                    "16",
                    "requests one client address may have in progress at once (429 beyond)"),
                new Flags.Option("idle-timeout", "30", "seconds a connection may stay silent"),
                new Flags.Option(
                    "request-timeout",
                    "15",
                    "seconds a whole request body may take to arrive (408 beyond)"),
                new Flags.Option(
                    "min-data-rate",
                    "1024",
                    "bytes per second a request body must keep up (0: no minimum)"),
                new Flags.Option(
                    "cors-origin", "*", "Access-Control-Allow-Origin for browser clients"),
                new Flags.Option(
                    "access-log", "on", "one JSON line per request on stdout (on|off)")));
    all.addAll(own);
    return all;
  }

  public static HttpSettings from(Flags.Values v) {
    return new HttpSettings(
        v.str("bind"),
        v.intIn("port", 0, 65535),
        v.str("db"),
        v.longIn("max-body", 1, Integer.MAX_VALUE - 8),
        v.number("rate"),
        v.intIn("burst", 1, 1_000_000),
        v.intIn("max-concurrent", 1, 100_000),
        v.intIn("idle-timeout", 1, 3600),
        v.intIn("request-timeout", 1, 3600),
        v.longIn("min-data-rate", 0, Long.MAX_VALUE),
        v.str("cors-origin"),
        v.flag("access-log"));
  }
}
