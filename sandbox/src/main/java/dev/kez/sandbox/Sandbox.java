package dev.kez.sandbox;

import dev.kez.channels.ap.FedifyServer;
import dev.kez.channels.bluesky.AuthorFeed;
import dev.kez.channels.dns.BindServer;
import dev.kez.channels.github.GitHubApiDouble;
import dev.kez.channels.http.TestServer;
import dev.kez.channels.nostr.NostrRelayServer;
import dev.kez.server.HttpServer;
import dev.kez.sigserver.Config;
import dev.kez.sigserver.SigServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Update;

/**
 * {@code ./kez-sandbox}: every service TUTORIAL.md uses, on 127.0.0.1, from the same servers and
 * doubles the tests run (kez-channels' test-jar): the GitHub API double (gists, token auth), BIND 9
 * serving the zone {@code example} with RFC 2136 updates under a TSIG key, the npm nostr relay, the
 * Fedify ActivityPub server with the Mastodon client routes, Bluesky AppView and PLC doubles
 * (handle {@code USER.example}, whose {@code _atproto} TXT is in the zone), and a sig-server. It
 * writes {@code KEZ_HOME/config} so that every kez command with that KEZ_HOME talks to them, and
 * the credentials {@code kez login} takes to {@code KEZ_HOME/sandbox/}; it runs until stopped and
 * then stops every server it started.
 */
public final class Sandbox implements AutoCloseable {
  /** The DID of the sandbox's Bluesky account. */
  public static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";

  /** The zone BIND serves: {@code dns:USER.example} and the Bluesky handle live in it. */
  public static final String ZONE = "example";

  static final String MARK = "# Written by ./kez-sandbox";
  static final String USAGE =
      """
      Usage: ./kez-sandbox [--home DIR] [--user NAME]
             ./kez-sandbox post bluesky:HANDLE < FILE

      Starts, on 127.0.0.1 only, every service TUTORIAL.md talks to:
        GitHub      a GitHub REST API double (gists; token auth as GitHub does it)
        DNS         BIND 9 serving the zone "example", with RFC 2136 updates signed by a TSIG key
        nostr       a nostr relay (@nostr-relay/core on node)
        ActivityPub a Fedify actor server for NAME@social.example, with the Mastodon client API
        Bluesky     AppView and PLC doubles for the handle NAME.example (_atproto TXT in the zone)
        sig-server  a kez-sig-server with a throwaway database
      It writes DIR/config (the endpoints, allow-private=true and the sig-server), so that every
      kez command run with KEZ_HOME=DIR uses them, and the credentials 'kez login' takes in
      DIR/sandbox/. It prints the line to paste into your shell and stays up until Ctrl-C (or
      SIGTERM), then stops every server it started and removes DIR/config.

        --home DIR   the KEZ_HOME to use (default: $KEZ_HOME if set, else a new temp folder)
        --user NAME  the account name on every channel (default: alice)

      'post' stands in for the Bluesky app: it posts FILE's text as HANDLE on the running
      sandbox (whose address it reads from $KEZ_HOME/config).

      Needs: bind9, node and npm (for the relay and the ActivityPub server), installed by
      scripts/setup-test-deps.sh.
      """;

  private final List<AutoCloseable> started = new ArrayList<>();
  private final Map<String, String> config = new LinkedHashMap<>();
  private final Map<String, String> credentials = new LinkedHashMap<>();
  private final AtomicReference<String> post = new AtomicReference<>("");
  private final Path home;
  private final String user;
  private @Nullable Path written;

  private Sandbox(Path home, String user) {
    this.home = home;
    this.user = user;
  }

  /** Starts every service for {@code user}; nothing is left running when one fails to start. */
  public static Sandbox start(Path home, String user) throws Exception {
    Sandbox s = new Sandbox(home, user);
    try {
      s.startAll();
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
    return s;
  }

  private <T extends AutoCloseable> T keep(T t) {
    started.add(t);
    return t;
  }

  private void startAll() throws Exception {
    String github = "ghp_sandbox" + user + "0000000000000000000000";
    GitHubApiDouble gh = keep(GitHubApiDouble.start().token(github, user, "gist"));
    credentials.put("github-token", github);

    BindServer bind = keep(BindServer.start(ZONE));
    credentials.put("dns-tsig", bind.tsig());
    String[] tsig = bind.tsig().split(":", 3);
    Update atproto = new Update(Name.fromString(ZONE + "."));
    atproto.add(
        new TXTRecord(
            Name.fromString("_atproto." + user + "." + ZONE + "."),
            org.xbill.DNS.DClass.IN,
            300,
            "did=" + DID));
    String[] hostPort = bind.address().split(":");
    SimpleResolver resolver =
        new SimpleResolver(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(hostPort[1])));
    resolver.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, Name.fromString(tsig[0] + "."), tsig[2]));
    int rcode = resolver.send(atproto).getRcode();
    if (rcode != org.xbill.DNS.Rcode.NOERROR)
      throw new IllegalStateException(
          "BIND refused the _atproto record: " + org.xbill.DNS.Rcode.string(rcode));

    NostrRelayServer relay = keep(NostrRelayServer.start());

    String apToken = "sandbox-ap-token-" + user;
    FedifyServer ap = keep(FedifyServer.start(user, "social.example", apToken + ":write"));
    credentials.put("ap-token", apToken);

    TestServer bluesky = keep(TestServer.start());
    bluesky.json(
        "/plc/" + DID,
        TestServer.fixture(
            "bluesky/did-plc.json", Map.of("did", DID, "handle", user + "." + ZONE)));
    bluesky.route("/.well-known/atproto-did", 200, "text/plain", DID);
    bluesky.route(
        "/xrpc/app.bsky.feed.getAuthorFeed",
        ex -> {
          String text = post.get();
          String body =
              text.isEmpty() ? "{\"feed\":[]}" : AuthorFeed.of(DID, user + "." + ZONE, text);
          return answer(200, "application/json; charset=utf-8", body);
        });
    bluesky.route(
        "/sandbox/post",
        ex -> {
          if (!ex.getRequestMethod().equals("POST")) return answer(405, "text/plain", "POST only");
          post.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip());
          return answer(200, "text/plain", "posted");
        });

    Path sigDb = Files.createTempDirectory("kez-sandbox-sig").resolve("kez-sig.db");
    HttpServer sig =
        SigServer.start(Config.onLoopback(sigDb.toString(), "--access-log", "off"), line -> {});
    keep(sig);
    keep(() -> deleteTree(sigDb.getParent()));

    config.put("GITHUB_API", gh.base());
    config.put("DNS_SERVER", bind.address());
    config.put("NOSTR_RELAYS", relay.url());
    config.put("AP_WEB", ap.base());
    config.put("BLUESKY_APPVIEW", bluesky.base());
    config.put("BLUESKY_PLC", bluesky.base() + "/plc");
    config.put("BLUESKY_WEB", bluesky.base());
    config.put("sigserver.urls", "http://127.0.0.1:" + sig.port());
    config.put("allow-private", "true");
    writeConfig();
  }

  private static TestServer.Answer answer(int status, String type, String body) {
    return new TestServer.Answer(status, type, body.getBytes(StandardCharsets.UTF_8), Map.of(), 0);
  }

  /** The settings written to {@code KEZ_HOME/config}. */
  public Map<String, String> config() {
    return Map.copyOf(config);
  }

  /** The credentials for {@code kez login}, by file name in {@code KEZ_HOME/sandbox/}. */
  public Map<String, String> credentials() {
    return Map.copyOf(credentials);
  }

  private void writeConfig() throws IOException {
    Path file = home.resolve("config");
    if (Files.exists(file) && !Files.readString(file).startsWith(MARK)) {
      throw new IllegalStateException(
          file + " exists and was not written by a sandbox: use another --home (or KEZ_HOME)");
    }
    Files.createDirectories(home);
    StringBuilder b = new StringBuilder(MARK + " (pid " + ProcessHandle.current().pid() + ")\n");
    config.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    Files.writeString(file, b);
    written = file;
    Path dir = Files.createDirectories(home.resolve("sandbox"));
    for (var c : credentials.entrySet()) {
      Path f = dir.resolve(c.getKey());
      Files.deleteIfExists(f);
      Files.createFile(
          f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(f, c.getValue() + "\n");
    }
  }

  /** What was started, where, and how to use it. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append("kez sandbox for ").append(user).append(", on 127.0.0.1:\n");
    b.append("  GitHub API   ")
        .append(config.get("GITHUB_API"))
        .append("   (account github:")
        .append(user)
        .append(")\n");
    b.append("  DNS (BIND 9) ")
        .append(config.get("DNS_SERVER"))
        .append("   (zone example: dns:")
        .append(user)
        .append(".example)\n");
    b.append("  nostr relay  ").append(config.get("NOSTR_RELAYS")).append('\n');
    b.append("  ActivityPub  ")
        .append(config.get("AP_WEB"))
        .append("   (ap:")
        .append(user)
        .append("@social.example)\n");
    b.append("  Bluesky      ")
        .append(config.get("BLUESKY_APPVIEW"))
        .append("   (bluesky:")
        .append(user)
        .append(".example, ")
        .append(DID)
        .append(")\n");
    b.append("  sig-server   ").append(config.get("sigserver.urls")).append('\n');
    b.append("Wrote ")
        .append(written)
        .append(" and the credentials in ")
        .append(home.resolve("sandbox"))
        .append("/.\n");
    b.append("In the shell you run kez from, paste:\n\n  export KEZ_HOME=")
        .append(home)
        .append("\n\n");
    b.append("(or give the flags: ")
        .append(String.join(" ", flags()))
        .append(")\nCtrl-C stops the sandbox.");
    return b.toString();
  }

  /** The same settings as command-line flags of {@code kez verify id} and {@code kez publish}. */
  public List<String> flags() {
    List<String> f = new ArrayList<>();
    for (String k :
        List.of("GITHUB_API", "AP_WEB", "BLUESKY_APPVIEW", "BLUESKY_PLC", "BLUESKY_WEB"))
      f.add("--endpoint " + k + "=" + config.get(k));
    f.add("--dns-server " + config.get("DNS_SERVER"));
    f.add("--relay " + config.get("NOSTR_RELAYS"));
    f.add("--allow-private");
    return f;
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        System.err.println("kez-sandbox: stopping a server: " + e.getMessage());
      }
    }
    started.clear();
    try {
      if (written != null && Files.readString(written).startsWith(MARK)) Files.delete(written);
    } catch (IOException e) {
      // already gone
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    try {
      System.exit(run(args, System.getenv(), System.out));
    } catch (IllegalStateException | IllegalArgumentException | IOException e) {
      System.err.println("kez-sandbox: " + e.getMessage());
      System.exit(4);
    } catch (Exception e) {
      System.err.println("kez-sandbox: could not start: " + e.getMessage());
      System.exit(4);
    }
  }

  static int run(String[] args, Map<String, String> env, PrintStream out) throws Exception {
    List<String> a = List.of(args);
    if (a.contains("--help") || a.contains("-h")) {
      out.print(USAGE);
      return 0;
    }
    if (!a.isEmpty() && a.get(0).equals("post")) return post(a, env);
    @Nullable String home = env.get("KEZ_HOME");
    String user = "alice";
    for (int i = 0; i < a.size(); i++) {
      String v = i + 1 < a.size() ? a.get(i + 1) : null;
      switch (a.get(i)) {
        case "--home" -> home = require(v, "--home DIR");
        case "--user" -> user = require(v, "--user NAME");
        default -> {
          System.err.println("kez-sandbox: unknown argument '" + a.get(i) + "' (see --help)");
          return 2;
        }
      }
      i++;
    }
    if (!user.matches("[a-z0-9][a-z0-9-]{0,38}")) {
      System.err.println("kez-sandbox: --user takes a lower-case name of letters, digits and -");
      return 2;
    }
    Path dir =
        home == null || home.isBlank()
            ? Files.createTempDirectory("kez-sandbox")
            : startedFrom().resolve(home).toAbsolutePath();
    Sandbox s = start(dir, user);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> {
              s.close();
              System.out.println("kez-sandbox: stopped every server.");
              stopped.countDown();
            }));
    out.println(s.summary());
    out.flush();
    stopped.await();
    return 0;
  }

  /** The folder ./kez-sandbox was started from (it runs from the root). */
  private static Path startedFrom() {
    return Path.of(System.getProperty("kez.sandbox.cwd", "."));
  }

  private static String require(@Nullable String v, String what) {
    if (v == null || v.startsWith("--"))
      throw new IllegalArgumentException(what + " needs a value");
    return v;
  }

  /** {@code post bluesky:HANDLE}: standard input becomes HANDLE's post on the running sandbox. */
  private static int post(List<String> a, Map<String, String> env) throws Exception {
    if (a.size() != 2 || !a.get(1).startsWith("bluesky:")) {
      System.err.println("kez-sandbox: usage: ./kez-sandbox post bluesky:HANDLE < FILE");
      return 2;
    }
    String h = env.get("KEZ_HOME");
    Path file =
        startedFrom()
            .resolve(h == null || h.isBlank() ? System.getProperty("user.home") + "/.kez" : h)
            .resolve("config");
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (var r = Files.newBufferedReader(file)) {
        p.load(r);
      }
    }
    String base = p.getProperty("BLUESKY_APPVIEW");
    if (base == null || !Files.readString(file).startsWith(MARK)) {
      System.err.println(
          "kez-sandbox: no running sandbox writes "
              + file
              + " (start ./kez-sandbox, then set KEZ_HOME)");
      return 4;
    }
    String text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    try (HttpClient c = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          c.send(
              HttpRequest.newBuilder(URI.create(base + "/sandbox/post"))
                  .POST(HttpRequest.BodyPublishers.ofString(text))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        System.err.println("kez-sandbox: the sandbox refused the post: " + r.body());
        return 1;
      }
    } catch (IOException e) {
      System.err.println(
          "kez-sandbox: the sandbox at " + base + " does not answer (is it running?)");
      return 3;
    }
    System.out.println("Posted as " + a.get(1) + " on the sandbox's Bluesky.");
    return 0;
  }
}
