package dev.kez.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.MalformedException;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.Link;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The client side of kez-sig-server's API v1 (see kez-sig-server/openapi.yaml). */
public final class SigServerClient {
  /** Links per POST: well under the server's default limit of 1000. */
  static final int BATCH = 500;

  /** What publishing a chain to one server did. */
  public sealed interface Published {
    record Sent(int appended, long headSeq) implements Published {}

    record Fork(long seq, String stored, String posted) implements Published {}

    record Refused(int status, String error, String detail) implements Published {}

    record Unreachable(String why) implements Published {}
  }

  /** What fetching a chain from one server gave. */
  public sealed interface Fetched {
    record Found(String chain, List<Link> links) implements Fetched {}

    record NotFound() implements Fetched {}

    record Failed(String why) implements Fetched {}

    record Unreachable(String why) implements Fetched {}
  }

  private final HttpClient http;

  public SigServerClient() {
    this(
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build());
  }

  public SigServerClient(HttpClient http) {
    this.http = http;
  }

  /** Posts the whole chain, in batches; stored links are a no-op on the server. */
  public Published publish(URI server, List<Link> links) {
    String chain = links.get(0).key().encoded();
    int appended = 0;
    long head = 0;
    for (int from = 0; from < links.size(); from += BATCH) {
      String body = Bundle.toString(links.subList(from, Math.min(links.size(), from + BATCH)));
      HttpResponse<String> r;
      try {
        r =
            send(
                HttpRequest.newBuilder(chainUri(server, chain))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
      } catch (IOException e) {
        return new Published.Unreachable(why(e));
      }
      JsonNode o = json(r.body());
      switch (r.statusCode()) {
        case 200, 201 -> {
          appended += o.path("appended").asInt(); // 0 when the body is no JSON
          head = o.path("head").path("seq").asLong();
        }
        case 409 -> {
          return new Published.Fork(o.path("seq").asLong(), text(o, "stored"), text(o, "posted"));
        }
        default -> {
          if (r.statusCode() >= 500 || r.statusCode() == 429) {
            return new Published.Unreachable(
                "HTTP "
                    + r.statusCode()
                    + (o.isMissingNode() ? "" : " " + o.path("detail").asText()));
          }
          return new Published.Refused(
              r.statusCode(), o.path("error").asText(), o.path("detail").asText());
        }
      }
    }
    return new Published.Sent(appended, head);
  }

  /** Fetches the chain named by its eldest key, or by any key it holds. */
  public Fetched fetch(URI server, String chainOrKey) {
    try {
      HttpResponse<String> r = send(HttpRequest.newBuilder(chainUri(server, chainOrKey)).GET());
      String chain = chainOrKey;
      if (r.statusCode() == 404) {
        HttpResponse<String> k =
            send(HttpRequest.newBuilder(URI.create(base(server) + "/v1/keys/" + chainOrKey)).GET());
        if (k.statusCode() == 404) return new Fetched.NotFound();
        if (k.statusCode() != 200) return failed(k);
        JsonNode o = json(k.body());
        if (!o.path("chain").isTextual())
          return new Fetched.Failed("the server's answer is not the expected JSON");
        chain = o.path("chain").asText();
        r = send(HttpRequest.newBuilder(chainUri(server, chain)).GET());
      }
      if (r.statusCode() == 404) return new Fetched.NotFound();
      if (r.statusCode() != 200) return failed(r);
      List<Link> links = new ArrayList<>();
      try {
        Bundle.read(new StringReader(r.body())).forEachRemaining(links::add);
      } catch (MalformedException e) {
        return new Fetched.Failed("the server sent a malformed bundle: " + e.getMessage());
      }
      return new Fetched.Found(chain, links);
    } catch (IOException e) {
      return new Fetched.Unreachable(why(e));
    }
  }

  private static Fetched failed(HttpResponse<String> r) {
    JsonNode o = json(r.body());
    String detail =
        o.isMissingNode() ? "" : ": " + o.path("error").asText() + " " + o.path("detail").asText();
    if (r.statusCode() >= 500 || r.statusCode() == 429)
      return new Fetched.Unreachable("HTTP " + r.statusCode() + detail);
    return new Fetched.Failed("HTTP " + r.statusCode() + detail);
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws IOException {
    try {
      return http.send(
          b.timeout(Duration.ofSeconds(30)).header("User-Agent", "kez-cli").build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }

  static URI chainUri(URI server, String chain) {
    return URI.create(base(server) + "/v1/chains/" + chain);
  }

  private static String base(URI server) {
    String s = server.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** The body as JSON; a missing node when it is none (a proxy's page, a truncated answer). */
  private static JsonNode json(String body) {
    try {
      return Json.parse(body);
    } catch (MalformedException e) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
  }

  private static String text(JsonNode o, String member) {
    return o.get(member) == null ? "" : Json.write(o.get(member));
  }

  private static String why(IOException e) {
    if (e instanceof java.net.ConnectException) return "connection refused";
    if (e instanceof java.net.http.HttpTimeoutException) return "timed out";
    String m = e.getMessage();
    return (m == null || m.isBlank() ? "the connection failed" : m).replaceAll("\\s+", " ");
  }
}
