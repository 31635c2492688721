package dev.kez.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A server's routes as a table: method, path pattern ({@code /v1/chains/{chain}}), endpoint.
 * Patterns match the raw path (as sent, still percent-encoded) segment by segment; a {@code {name}}
 * segment captures one non-empty segment. HEAD is served wherever GET is.
 */
public final class Routes {
  /** Answers one request; refusals are thrown as {@link ApiError}. */
  @FunctionalInterface
  public interface Endpoint {
    void handle(Exchange x) throws Exception;
  }

  public record Route(String method, String pattern, Endpoint endpoint) {}

  /** What a path and method find in the table. */
  public sealed interface Match {
    record Found(Route route, Map<String, String> params) implements Match {}

    record WrongMethod(String allow) implements Match {}

    record None() implements Match {}
  }

  private final List<Route> routes = new ArrayList<>();
  private final List<String[]> patterns = new ArrayList<>(); // each route's segments, split once

  public Routes get(String pattern, Endpoint e) {
    return add("GET", pattern, e);
  }

  public Routes post(String pattern, Endpoint e) {
    return add("POST", pattern, e);
  }

  public Routes add(String method, String pattern, Endpoint e) {
    routes.add(new Route(method, pattern, e));
    patterns.add(pattern.split("/", -1));
    return this;
  }

  public Match match(String method, String rawPath) {
    String m = method.equals("HEAD") ? "GET" : method;
    String[] seg = rawPath.split("/", -1);
    Set<String> allowed = new LinkedHashSet<>();
    for (int i = 0; i < routes.size(); i++) {
      Route r = routes.get(i);
      Map<String, String> params = bind(patterns.get(i), seg);
      if (params == null) continue;
      if (r.method().equals(m)) return new Match.Found(r, params);
      allowed.add(r.method());
      if (r.method().equals("GET")) allowed.add("HEAD");
    }
    return allowed.isEmpty()
        ? new Match.None()
        : new Match.WrongMethod(String.join(", ", allowed) + ", OPTIONS");
  }

  /**
   * The path parameters when {@code seg} fits {@code pattern}; null when it does not (private, on
   * every request for every route: {@link #match} decides at once).
   */
  private static @Nullable Map<String, String> bind(String[] pattern, String[] seg) {
    if (pattern.length != seg.length) return null;
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        if (seg[i].isEmpty()) return null;
        params.put(p.substring(1, p.length() - 1), seg[i]);
      } else if (!p.equals(seg[i])) {
        return null;
      }
    }
    return params;
  }
}
