package dev.kez.channels.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful local double of the GitHub REST API's gist routes on 127.0.0.1, answering with
 * GitHub's response shapes (docs.github.com/rest/gists) and enforcing its auth: a write without a
 * token is 401 "Requires authentication", an unknown token 401 "Bad credentials", a token without
 * the {@code gist} scope 403 with {@code X-Accepted-OAuth-Scopes}, a gist of another user 404, and
 * {@link #rateLimit} makes the next requests 429 with {@code x-ratelimit-reset}. Serves the reading
 * side too ({@code /users/{login}/gists}, raw files), so what {@code kez publish} writes is what
 * {@link GitHubChannel#fetch} reads.
 */
public final class GitHubApiDouble implements AutoCloseable {
  private record User(String login, Set<String> scopes) {}

  private static final class Gist {
    final String id;
    final String owner;
    final boolean isPublic;
    final String description;
    final Map<String, String> files = new LinkedHashMap<>();
    final String created = Instant.now().toString();
    String updated = created;

    Gist(String id, String owner, boolean isPublic, String description) {
      this.id = id;
      this.owner = owner;
      this.isPublic = isPublic;
      this.description = description;
    }
  }

  private static final Pattern USER_GISTS = Pattern.compile("/users/([^/]+)/gists");
  private static final Pattern GIST = Pattern.compile("/gists/([0-9a-f]+)");
  private static final Pattern RAW = Pattern.compile("/raw/([^/]+)/([0-9a-f]+)/raw/([^/]+)");

  private final HttpServer server;
  private final Map<String, User> tokens = new ConcurrentHashMap<>();
  private final Map<String, Gist> gists = new java.util.concurrent.ConcurrentSkipListMap<>();
  private final AtomicInteger limited = new AtomicInteger();
  private final Map<String, Integer> failing = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger(0xaa5a);

  /**
   * Every request as {@code METHOD path}, and every Authorization header received (null when none).
   */
  public final List<String> requests = new CopyOnWriteArrayList<>();

  public final List<String> authorizations = new CopyOnWriteArrayList<>();

  private GitHubApiDouble() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::serve);
    server.start();
  }

  public static GitHubApiDouble start() {
    try {
      return new GitHubApiDouble();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A personal access token of {@code login} with these OAuth scopes. */
  public GitHubApiDouble token(String token, String login, String... scopes) {
    tokens.put(token, new User(login, Set.of(scopes)));
    return this;
  }

  /** The next {@code n} requests are refused with 429 and a reset time. */
  public void rateLimit(int n) {
    limited.set(n);
  }

  /**
   * The next request with this method (POST, PATCH, DELETE…) fails with {@code status} and GitHub's
   * error body, changing nothing: a failure midway through a publish.
   */
  public void failNext(String method, int status) {
    failing.put(method, status);
  }

  /** A gist made outside kez (by hand, by another tool). */
  public String gist(String owner, boolean isPublic, Map<String, String> files) {
    Gist g = new Gist(nextId(), owner, isPublic, "");
    g.files.putAll(files);
    gists.put(g.id, g);
    return g.id;
  }

  /** The files of each of the owner's gists, by gist id. */
  public Map<String, Map<String, String>> gistsOf(String owner) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (Gist g : gists.values()) if (g.owner.equals(owner)) out.put(g.id, Map.copyOf(g.files));
    return out;
  }

  private String nextId() {
    return HexFormat.of().toHexDigits(ids.getAndIncrement()) + "d61ae9438b18d";
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getRawPath();
      requests.add(method + " " + path);
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth);
      byte[] in = ex.getRequestBody().readAllBytes();
      ex.getResponseHeaders().set("x-ratelimit-limit", "5000");
      long reset = Instant.now().getEpochSecond() + 3600;
      ex.getResponseHeaders().set("x-ratelimit-reset", Long.toString(reset));
      if (limited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        ex.getResponseHeaders().set("x-ratelimit-remaining", "0");
        send(ex, 429, error("API rate limit exceeded for user ID 1."));
        return;
      }
      ex.getResponseHeaders().set("x-ratelimit-remaining", "4999");
      Integer failure = failing.remove(method);
      if (failure != null) {
        send(ex, failure, error(failure >= 500 ? "Server Error" : "Forbidden"));
        return;
      }
      User user = null;
      if (auth != null) {
        user = auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
        if (user == null) {
          send(ex, 401, error("Bad credentials"));
          return;
        }
        ex.getResponseHeaders().set("X-OAuth-Scopes", String.join(", ", user.scopes));
      }
      Matcher m;
      if (method.equals("GET") && (m = RAW.matcher(path)).matches()) {
        Gist g = gists.get(m.group(2));
        String content = g == null ? null : g.files.get(m.group(3));
        if (content == null) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length == 0 ? -1 : b.length);
        ex.getResponseBody().write(b);
      } else if (method.equals("GET") && (m = USER_GISTS.matcher(path)).matches()) {
        ArrayNode list = Json.mapper().createArrayNode();
        for (Gist g : gists.values())
          if (g.owner.equalsIgnoreCase(m.group(1)) && g.isPublic) list.add(gist(g, false));
        send(ex, 200, list);
      } else if (user == null) {
        send(ex, 401, error("Requires authentication"));
      } else if (method.equals("GET") && path.equals("/user")) {
        send(ex, 200, owner(user.login).put("name", user.login).put("public_gists", 1));
      } else if (!user.scopes.contains("gist")) {
        ex.getResponseHeaders().set("X-Accepted-OAuth-Scopes", "gist");
        send(ex, 403, error("Resource not accessible by personal access token"));
      } else if (method.equals("POST") && path.equals("/gists")) {
        JsonNode body = Json.parse(new String(in, StandardCharsets.UTF_8));
        if (!body.path("files").isObject() || body.path("files").isEmpty()) {
          send(ex, 422, error("Validation Failed"));
          return;
        }
        Gist g =
            new Gist(
                nextId(),
                user.login,
                body.path("public").asBoolean(false),
                body.path("description").asText(""));
        body.path("files")
            .properties()
            .forEach(f -> g.files.put(f.getKey(), f.getValue().path("content").asText()));
        gists.put(g.id, g);
        ex.getResponseHeaders().set("Location", base() + "/gists/" + g.id);
        send(ex, 201, gist(g, true));
      } else if ((m = GIST.matcher(path)).matches()) {
        Gist g = gists.get(m.group(1));
        if (g == null || !g.owner.equals(user.login)) {
          send(ex, 404, error("Not Found"));
        } else if (method.equals("GET")) {
          send(ex, 200, gist(g, true));
        } else if (method.equals("DELETE")) {
          gists.remove(g.id);
          ex.sendResponseHeaders(204, -1);
        } else if (method.equals("PATCH")) {
          JsonNode files = Json.parse(new String(in, StandardCharsets.UTF_8)).path("files");
          files
              .properties()
              .forEach(f -> {
                if (f.getValue().isNull()) g.files.remove(f.getKey());
                else g.files.put(f.getKey(), f.getValue().path("content").asText());
              });
          g.updated = Instant.now().toString();
          send(ex, 200, gist(g, true));
        } else {
          send(ex, 404, error("Not Found"));
        }
      } else {
        send(ex, 404, error("Not Found"));
      }
    } catch (RuntimeException e) {
      send(ex, 400, error("Problems parsing JSON"));
    }
  }

  private ObjectNode gist(Gist g, boolean content) {
    ObjectNode o =
        Json.newObject()
            .put("url", base() + "/gists/" + g.id)
            .put("forks_url", base() + "/gists/" + g.id + "/forks")
            .put("commits_url", base() + "/gists/" + g.id + "/commits")
            .put("id", g.id)
            .put("node_id", "G_kwDOBhHyLdoAIGFhNWEzMTVkNjFhZTk0MzhiMThk")
            .put("git_pull_url", "https://gist.github.com/" + g.id + ".git")
            .put("git_push_url", "https://gist.github.com/" + g.id + ".git")
            .put("html_url", "https://gist.github.com/" + g.id);
    ObjectNode files = o.putObject("files");
    for (var f : g.files.entrySet()) {
      ObjectNode file =
          files
              .putObject(f.getKey())
              .put("filename", f.getKey())
              .put("type", f.getKey().endsWith(".md") ? "text/markdown" : "text/plain")
              .put("language", f.getKey().endsWith(".md") ? "Markdown" : null)
              .put("raw_url", base() + "/raw/" + g.owner + "/" + g.id + "/raw/" + f.getKey())
              .put("size", f.getValue().getBytes(StandardCharsets.UTF_8).length);
      if (content) file.put("truncated", false).put("content", f.getValue());
    }
    o.put("public", g.isPublic)
        .put("created_at", g.created)
        .put("updated_at", g.updated)
        .put("description", g.description)
        .put("comments", 0)
        .putNull("user")
        .put("comments_url", base() + "/gists/" + g.id + "/comments");
    o.set("owner", owner(g.owner));
    o.put("truncated", false);
    return o;
  }

  private ObjectNode owner(String login) {
    return Json.newObject()
        .put("login", login)
        .put("id", Math.abs(login.hashCode()))
        .put("avatar_url", "https://avatars.githubusercontent.com/u/1?v=4")
        .put("url", base() + "/users/" + login)
        .put("html_url", "https://github.com/" + login)
        .put("type", "User")
        .put("site_admin", false);
  }

  private static ObjectNode error(String message) {
    return Json.newObject()
        .put("message", message)
        .put("documentation_url", "https://docs.github.com/rest");
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] b = Json.write(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
