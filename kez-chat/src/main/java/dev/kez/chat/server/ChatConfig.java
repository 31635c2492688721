package dev.kez.chat.server;

import dev.kez.server.Flags;
import dev.kez.server.HttpSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * kez-chat-server settings: the shared ones ({@link HttpSettings}) and its own. Every flag {@code
 * --name} falls back to the environment variable {@code KEZ_CHAT_NAME}, then to its default.
 */
public record ChatConfig(
    HttpSettings http,
    Path vapidKeyPath,
    String vapidSubject,
    List<String> sigServers,
    boolean allowPrivate,
    int identityTtlSeconds,
    String web,
    int pushQueue,
    int pushRetries,
    int pushTtlSeconds,
    long wsBufferBytes,
    int heartbeatSeconds,
    boolean groupCommit) {

  static final Flags FLAGS =
      new Flags(
          "KEZ_CHAT_",
          HttpSettings.options(
              "7879",
              "kez-chat.db",
              List.of(
                  new Flags.Option(
                      "vapid-key-path",
                      "kez-chat-vapid.pem",
                      "the VAPID P-256 key (PKCS#8 PEM, mode 0600), made on first start"),
                  new Flags.Option(
                      "vapid-subject",
                      "mailto:kez-chat@localhost",
                      "the VAPID contact: a mailto: or https: URL"),
                  new Flags.Option(
                      "sig-server",
                      "",
                      "a sig-server to fetch sigchains from for identity graphs",
                      true),
                  new Flags.Option(
                      "allow-private",
                      "off",
                      "tests only: push endpoints and proof fetches may use http and private addresses"),
                  new Flags.Option("identity-ttl", "300", "seconds an identity graph is cached"),
                  new Flags.Option(
                      "web", "", "a folder of static files served at / (the web client's build)"),
                  new Flags.Option(
                      "push-queue",
                      "10000",
                      "pushes waiting to be sent at most (more are dropped)"),
                  new Flags.Option(
                      "push-retries", "3", "attempts after a push service's 429 or 5xx"),
                  new Flags.Option(
                      "push-ttl",
                      "86400",
                      "seconds a push service keeps an undelivered push (TTL header)"),
                  new Flags.Option(
                      "ws-buffer",
                      "1048576",
                      "bytes queued to one WebSocket before the slow client is disconnected"),
                  new Flags.Option("heartbeat", "30", "seconds between WebSocket pings"),
                  new Flags.Option(
                      "group-commit",
                      "on",
                      "commit concurrent writes together, one fsync for all (off: one fsync per message)"))));

  public static ChatConfig parse(String[] args, Map<String, String> env) {
    return from(FLAGS.parse(args, env));
  }

  static ChatConfig from(Flags.Values v) {
    String subject = v.str("vapid-subject");
    String s = subject.toLowerCase(Locale.ROOT);
    if (!(s.startsWith("mailto:") && s.length() > 7)
        && !(s.startsWith("https://") && s.length() > 8)) {
      throw new IllegalArgumentException(
          "--vapid-subject must be a mailto: or https: URL, got " + subject);
    }
    for (String u : v.list("sig-server")) {
      if (!u.startsWith("https://") && !u.startsWith("http://"))
        throw new IllegalArgumentException("--sig-server must be an http(s) URL, got " + u);
    }
    return new ChatConfig(
        HttpSettings.from(v),
        Path.of(v.str("vapid-key-path")),
        subject,
        v.list("sig-server"),
        v.flag("allow-private"),
        v.intIn("identity-ttl", 0, 86_400),
        v.str("web"),
        v.intIn("push-queue", 1, 10_000_000),
        v.intIn("push-retries", 0, 20),
        v.intIn("push-ttl", 0, 2_419_200),
        v.longIn("ws-buffer", 1024, 1L << 30),
        v.intIn("heartbeat", 1, 3600),
        v.flag("group-commit"));
  }
}
