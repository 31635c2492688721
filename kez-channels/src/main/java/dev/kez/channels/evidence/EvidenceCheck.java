package dev.kez.channels.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.identity.IdentityGraph;
import dev.kez.channels.identity.IdentityVerifier;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Digests;
import dev.kez.core.json.Json;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kez verify evidence DIR}: judges a saved verification again, offline, at the time it was
 * made. Every saved body is checked against its recorded SHA-256; the claims and chain links are
 * verified anew (signatures, chain rules, forks, expiry at fetch time) by the same code as a live
 * run; the outcome is compared with the recorded result.
 */
public final class EvidenceCheck {
  private EvidenceCheck() {}

  /** The re-checked graph and every disagreement with the record (empty: the record stands). */
  public record Report(IdentityGraph graph, List<String> problems) {
    public Report {
      problems = List.copyOf(problems);
    }
  }

  public static Report check(Path dir) {
    ObjectNode index = EvidenceStore.index(dir);
    List<String> problems = new ArrayList<>();
    for (JsonNode r : index.path("responses")) {
      String file = r.path("file").asText("");
      try {
        byte[] body = Files.readAllBytes(inside(dir, file));
        if (!HexFormat.of().formatHex(Digests.sha256(body)).equals(r.path("sha256").asText())) {
          problems.add(file + " (" + r.path("url").asText() + "): SHA-256 differs from the record");
        }
      } catch (IOException | MalformedException e) {
        problems.add(file + ": missing or unreadable");
      }
    }
    Map<Account, ProofLookup> recorded = new LinkedHashMap<>();
    for (JsonNode a : index.path("accounts")) {
      Account account = Account.parse(a.path("account").asText(""));
      if ("found".equals(a.path("lookup").asText())) {
        List<Claim> claims = new ArrayList<>();
        for (JsonNode c : a.path("claims")) claims.add(Claim.parse(c));
        recorded.put(
            account, new ProofLookup.Found(claims, a.path("location").asText(null), List.of()));
      } else {
        recorded.put(account, new ProofLookup.Failed(verdict(a), List.of()));
      }
    }
    List<Path> chainFiles = new ArrayList<>();
    Map<String, String> origins =
        new LinkedHashMap<>(); // file:<dir>/chain/NN.jsonl -> where it was fetched from
    for (JsonNode c : index.path("chain_sources")) {
      if (c.path("file").isTextual()) {
        Path saved = inside(dir, c.path("file").asText());
        chainFiles.add(saved);
        origins.put(
            "file:" + saved,
            c.path("origin").asText("?") + " (saved as " + c.path("file").asText() + ")");
      }
    }
    Account subject = Account.parse(index.path("account").asText(""));
    Instant at = Instant.ofEpochSecond(index.path("checked_at").asLong());
    ChannelContext offline =
        new ChannelContext(
            Map.of(),
            null,
            List.of(),
            Duration.ofSeconds(10),
            false,
            Clock.fixed(at, ZoneOffset.UTC));
    IdentityGraph g =
        IdentityVerifier.replaying(recorded)
            .verify(
                subject, new IdentityVerifier.Options(offline, chainFiles, List.of(), at, s -> {}));
    g = withOrigins(g, origins);
    compare(dir, g, problems);
    return new Report(g, problems);
  }

  /** The graph with each chain source named as recorded at fetch time, not by its saved copy. */
  private static IdentityGraph withOrigins(IdentityGraph g, Map<String, String> origins) {
    IdentityGraph.Chain c = g.chain();
    if (c == null) return g;
    var sources =
        c.sources().stream()
            .map(s ->
                new IdentityGraph.ChainSource(
                    origins.getOrDefault(s.origin(), s.origin()),
                    s.jsonl(),
                    s.failure(),
                    s.evidence()))
            .toList();
    return new IdentityGraph(
        g.subject(),
        g.verdict(),
        new IdentityGraph.Chain(c.id(), c.verdict(), c.length(), c.head(), sources),
        g.keys(),
        g.accounts(),
        g.checkedAt());
  }

  private static void compare(Path dir, IdentityGraph g, List<String> problems) {
    JsonNode result;
    try {
      result =
          Json.parse(Files.readString(dir.resolve(EvidenceStore.RESULT), StandardCharsets.UTF_8));
    } catch (IOException | MalformedException e) {
      problems.add(EvidenceStore.RESULT + ": missing or unreadable");
      return;
    }
    Map<String, String> was = new LinkedHashMap<>();
    for (JsonNode a : result.path("accounts"))
      was.put(a.path("account").asText(), a.path("status").asText());
    if (!g.verdict().status().wireName().equals(result.path("status").asText())) {
      problems.add(
          g.subject()
              + ": recorded "
              + result.path("status").asText()
              + ", re-checked "
              + g.verdict().status().wireName());
    }
    for (var a : g.accounts()) {
      String before = was.get(a.account().toString());
      String now = a.verdict().status().wireName();
      if (!now.equals(before))
        problems.add(
            a.account()
                + ": recorded "
                + (before == null ? "nothing" : before)
                + ", re-checked "
                + now);
    }
  }

  private static Verdict verdict(JsonNode a) {
    String reason = "at fetch time: " + a.path("reason").asText("");
    Status status;
    try {
      status = Status.fromWireName(a.path("status").asText(""));
    } catch (IllegalArgumentException e) {
      throw new MalformedException(
          "evidence index: unknown status \"" + a.path("status").asText("") + "\"");
    }
    return switch (status) {
      case NOT_FOUND -> Verdict.notFound(reason);
      case INVALID -> Verdict.invalid(reason);
      case REVOKED -> Verdict.revoked(reason);
      case EXPIRED -> Verdict.expired(reason);
      case FORK -> Verdict.fork(reason);
      case VALID -> Verdict.invalid("recorded as valid without a claim");
      case UNREACHABLE -> Verdict.unreachable(reason, a.path("retryable").asBoolean(false));
    };
  }

  /** A file named by the index, refused if it points outside the evidence directory. */
  private static Path inside(Path dir, String name) {
    Path base = dir.toAbsolutePath().normalize();
    Path p = base.resolve(name).normalize();
    if (!p.startsWith(base) || name.isEmpty())
      throw new MalformedException("evidence index names a file outside " + dir + ": " + name);
    return p;
  }
}
