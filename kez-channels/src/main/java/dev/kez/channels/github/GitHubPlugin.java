package dev.kez.channels.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ChannelPlugin;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.config.Endpoints;
import dev.kez.channels.http.ClaimText;
import dev.kez.channels.http.FetchException;
import dev.kez.channels.http.SafeHttp;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.status.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code github:<login>}: a public gist owned by the login with a file {@code kez*.md} holding
 * the Markdown form. Lists {@code {api}/users/{login}/gists} (following Link rel="next"),
 * keeps gists whose {@code owner.login} is the login, and reads each proof file's raw URL.
 * {@code GITHUB_TOKEN}, when set, is sent as a Bearer token for the higher rate limit.
 */
public final class GitHubPlugin implements ChannelPlugin {
  public static final String CHAIN_FILE = "kez-sigchain.jsonl";
  private static final int MAX_PAGES = 10;
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final String token;
  /**
   * Chain file URLs seen in the last listing of each login, so that looking for the chain
   * after the proof costs no second API call (GitHub allows 60 an hour without a token). One
   * plugin instance serves one verification run.
   */
  private final Map<Account, String> chainFiles = new java.util.concurrent.ConcurrentHashMap<>();

  public GitHubPlugin() {
    this(System.getenv("GITHUB_TOKEN"));
  }

  /** With an explicit token (null: none), whatever the environment says. */
  public GitHubPlugin(String token) {
    this.token = token == null || token.isBlank() ? null : token.trim();
  }

  @Override
  public Account.Channel channel() {
    return Account.Channel.GITHUB;
  }

  @Override
  public ProofLookup fetch(Account account, ChannelContext ctx) {
    SafeHttp http = SafeHttp.create(ctx);
    try {
      Listing listing = list(account, ctx, http);
      chainFiles.put(account, listing.chainFile == null ? "" : listing.chainFile); // "": listed, none
      if (listing.proofFiles.isEmpty()) {
        String why = listing.wrongOwner.isEmpty()
            ? "no public gist of " + account.id() + " has a kez*.md file"
            : "gist " + listing.wrongOwner.get(0) + " is not owned by " + account.id();
        Verdict v = listing.wrongOwner.isEmpty() ? Verdict.notFound(why, listing.listUrl) : Verdict.invalid(why, listing.listUrl);
        return new ProofLookup.Failed(v, http.evidence());
      }
      List<Claim> claims = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      String location = null;
      for (Map.Entry<String, String> f : listing.proofFiles.entrySet()) {
        ClaimText.Result r = ClaimText.find(http.get(f.getValue(), "text/plain, */*", auth(f.getValue(), ctx), null).text());
        if (!r.claims().isEmpty() && location == null) location = f.getKey();
        claims.addAll(r.claims());
        problems.addAll(r.problems());
      }
      if (claims.isEmpty()) {
        String first = listing.proofFiles.keySet().iterator().next();
        Verdict v = problems.isEmpty()
            ? Verdict.notFound("gist file " + first + " holds no kez claim", first)
            : Verdict.invalid("gist file " + first + ": " + problems.get(0), first);
        return new ProofLookup.Failed(v, http.evidence());
      }
      return new ProofLookup.Found(claims, location, http.evidence());
    } catch (FetchException e) {
      return new ProofLookup.Failed(e.verdict(), http.evidence());
    }
  }

  /**
   * The raw text of a {@code kez-sigchain.jsonl} file in one of the login's own public gists,
   * if there is one. Failures to look are thrown, so the caller can tell "none" from "could not look".
   */
  public Optional<String> fetchChainFile(Account account, ChannelContext ctx, SafeHttp http) throws FetchException {
    String url = chainFiles.get(account);
    if (url == null) url = list(account, ctx, http).chainFile;
    if (url == null || url.isEmpty()) return Optional.empty();
    return Optional.of(http.get(url, "text/plain, */*", auth(url, ctx), null).text());
  }

  private static final class Listing {
    final Map<String, String> proofFiles = new LinkedHashMap<>(); // html_url#file -> raw_url
    final List<String> wrongOwner = new ArrayList<>();
    String chainFile;
    String listUrl;
  }

  private Listing list(Account account, ChannelContext ctx, SafeHttp http) throws FetchException {
    String api = ctx.endpoint(Endpoints.GITHUB_API, Endpoints.defaultOf(Endpoints.GITHUB_API));
    Listing out = new Listing();
    out.listUrl = api + "/users/" + account.id() + "/gists?per_page=100";
    String url = out.listUrl;
    for (int page = 0; url != null && page < MAX_PAGES; page++) {
      SafeHttp.Response r;
      try {
        r = http.get(url, "application/vnd.github+json", headers(url, ctx), "json");
      } catch (FetchException e) {
        if (page == 0 && e.verdict() instanceof Verdict.NotFound) {
          throw new FetchException(Verdict.notFound("GitHub has no user " + account.id() + " (HTTP 404)", url));
        }
        throw e;
      }
      JsonNode gists;
      try {
        gists = dev.kez.core.json.Json.parse(r.text());
      } catch (dev.kez.core.MalformedException e) {
        throw new FetchException(Verdict.invalid("GitHub answer is not JSON: " + e.getMessage(), url));
      }
      if (!gists.isArray()) throw new FetchException(Verdict.invalid("GitHub gist list is not a JSON array", url));
      for (JsonNode g : gists) read(g, account, out);
      url = r.header("link").map(GitHubPlugin::next).orElse(null);
    }
    return out;
  }

  private static void read(JsonNode gist, Account account, Listing out) {
    JsonNode files = gist.path("files");
    if (!gist.path("public").asBoolean(false) || !files.isObject()) return;
    String owner = gist.path("owner").path("login").asText("");
    String id = gist.path("html_url").asText(gist.path("id").asText("?"));
    for (var it = files.properties().iterator(); it.hasNext(); ) {
      var f = it.next();
      String name = f.getKey(); // case-sensitive, SPEC §10.2
      String raw = f.getValue().path("raw_url").asText(null);
      boolean proof = name.startsWith("kez") && name.endsWith(".md");
      if (raw == null || !(proof || name.equals(CHAIN_FILE))) continue;
      // The account name comes from GitHub's answer: a gist listed under the login but owned
      // by someone else (a fork, a bug, a hostile mirror) proves nothing for the login.
      if (!owner.equalsIgnoreCase(account.id())) {
        out.wrongOwner.add(id + " (owner " + (owner.isEmpty() ? "missing" : owner) + ")");
      } else if (proof) {
        out.proofFiles.putIfAbsent(id + "#" + f.getKey(), raw);
      } else if (out.chainFile == null) {
        out.chainFile = raw;
      }
    }
  }

  static String next(String link) {
    Matcher m = NEXT.matcher(link);
    return m.find() ? m.group(1) : null;
  }

  private Map<String, String> headers(String url, ChannelContext ctx) {
    Map<String, String> h = new LinkedHashMap<>(auth(url, ctx));
    h.put("X-GitHub-Api-Version", "2022-11-28");
    return h;
  }

  /** The token goes only to the configured API host, never to raw URLs on other hosts. */
  private Map<String, String> auth(String url, ChannelContext ctx) {
    if (token == null) return Map.of();
    String api = ctx.endpoint(Endpoints.GITHUB_API, Endpoints.defaultOf(Endpoints.GITHUB_API));
    return url.startsWith(api + "/") ? Map.of("Authorization", "Bearer " + token) : Map.of();
  }

  @Override
  public String publishInstructions(Account account, Claim claim, Encoding encoding) {
    return "Create a public gist at https://gist.github.com/ signed in as " + account.id()
        + ", with a file named kez.md holding " + encoding.proofName() + ", and save it.";
  }
}
