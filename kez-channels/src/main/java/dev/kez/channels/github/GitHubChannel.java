package dev.kez.channels.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.channels.ChainFileHost;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ChannelPlugin;
import dev.kez.channels.Endpoint;
import dev.kez.channels.Findings;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.SizeLimit;
import dev.kez.channels.http.Credential;
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
import org.jspecify.annotations.Nullable;

/**
 * {@code github:<login>}: a public gist owned by the login with a file {@code kez*.md} holding the
 * Markdown form. Lists {@code {api}/users/{login}/gists} (following Link rel="next"), keeps gists
 * whose {@code owner.login} is the login, and reads each proof file's raw URL. {@code
 * GITHUB_TOKEN}, when set, is sent as a Bearer token for the higher rate limit.
 */
public final class GitHubChannel implements ChannelPlugin, ChainFileHost {
  public static final String CHAIN_FILE = "kez-sigchain.jsonl";

  /** The environment variable holding an API token. */
  public static final String TOKEN_VARIABLE = "GITHUB_TOKEN";

  public static final Endpoint API =
      new Endpoint("GITHUB_API", "https://api.github.com", "GitHub REST API base (gist lists)");

  /** A gist file: the GitHub API truncates file content beyond 1 MB. */
  static final SizeLimit LIMIT = new SizeLimit(1_000_000, SizeLimit.Unit.BYTES);

  private static final int MAX_PAGES = 10;
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final @Nullable String token;

  /**
   * Chain file URLs seen in the last listing of each login, so that looking for the chain after the
   * proof costs no second API call (GitHub allows 60 an hour without a token). One plugin instance
   * serves one verification run.
   */
  private final Map<Account, String> chainFiles = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * With a token (null: none) for the higher rate limit; {@link ChannelPlugin#of} reads it from
   * {@value #TOKEN_VARIABLE}.
   */
  public GitHubChannel(@Nullable String token) {
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
      chainFiles.put(
          account, listing.chainFile == null ? "" : listing.chainFile); // "": listed, none
      if (listing.proofFiles.isEmpty()) {
        String why =
            listing.wrongOwner.isEmpty()
                ? "no public gist of " + account.id() + " has a kez*.md file"
                : "gist " + listing.wrongOwner.get(0) + " is not owned by " + account.id();
        Verdict v =
            listing.wrongOwner.isEmpty()
                ? Verdict.notFound(why, listing.listUrl)
                : Verdict.invalid(why, listing.listUrl);
        return new ProofLookup.Failed(v, http.evidence());
      }
      Findings findings = new Findings();
      for (Map.Entry<String, String> f : listing.proofFiles.entrySet()) {
        findings.scan(
            http.get(f.getValue(), "text/plain, */*", Map.of(), null, token(ctx)).text(),
            f.getKey());
      }
      String first = listing.proofFiles.keySet().iterator().next();
      return findings.lookup(
          http.evidence(),
          p -> Verdict.invalid("gist file " + first + ": " + p, first),
          Verdict.notFound("gist file " + first + " holds no kez claim", first));
    } catch (FetchException e) {
      return new ProofLookup.Failed(e.verdict(), http.evidence());
    }
  }

  @Override
  public SizeLimit limit() {
    return LIMIT;
  }

  /** Gists are Markdown (SPEC §10.2); JSON and compact only as a fallback when it is too long. */
  @Override
  public List<Encoding> encodings() {
    return List.of(Encoding.MARKDOWN, Encoding.JSON, Encoding.COMPACT);
  }

  @Override
  public List<Endpoint> endpoints() {
    return List.of(API);
  }

  @Override
  public Optional<ChainFileHost> chainFileHost() {
    return Optional.of(this);
  }

  @Override
  public String chainFileName() {
    return CHAIN_FILE;
  }

  /** A {@code kez-sigchain.jsonl} file in one of the login's own public gists (SPEC §10.2). */
  @Override
  public Optional<String> fetchChainFile(Account account, ChannelContext ctx, SafeHttp http)
      throws FetchException {
    String url = chainFiles.get(account);
    if (url == null) url = list(account, ctx, http).chainFile;
    if (url == null || url.isEmpty()) return Optional.empty();
    return Optional.of(http.get(url, "text/plain, */*", Map.of(), null, token(ctx)).text());
  }

  static final class Listing {
    final Map<String, String> proofFiles = new LinkedHashMap<>(); // html_url#file -> raw_url
    final List<String> wrongOwner = new ArrayList<>();
    final String listUrl;
    @Nullable String chainFile;

    /**
     * The first of the login's own public gists holding a proof file (else a chain file), and its
     * file names.
     */
    @Nullable String gistId;

    @Nullable String gistUrl;
    final List<String> gistFiles = new ArrayList<>();

    Listing(String listUrl) {
      this.listUrl = listUrl;
    }
  }

  private Listing list(Account account, ChannelContext ctx, SafeHttp http) throws FetchException {
    return list(account, ctx, http, token(ctx));
  }

  Listing list(Account account, ChannelContext ctx, SafeHttp http, @Nullable Credential token)
      throws FetchException {
    String api = ctx.endpoint(API);
    Listing out = new Listing(api + "/users/" + account.id() + "/gists?per_page=100");
    String url = out.listUrl;
    for (int page = 0; url != null && page < MAX_PAGES; page++) {
      SafeHttp.Response r;
      try {
        r =
            http.get(
                url,
                "application/vnd.github+json",
                Map.of("X-GitHub-Api-Version", "2022-11-28"),
                "json",
                token);
      } catch (FetchException e) {
        if (page == 0 && e.verdict() instanceof Verdict.NotFound) {
          throw new FetchException(
              Verdict.notFound("GitHub has no user " + account.id() + " (HTTP 404)", url));
        }
        throw e;
      }
      JsonNode gists = r.json();
      if (!gists.isArray())
        throw new FetchException(Verdict.invalid("GitHub gist list is not a JSON array", url));
      for (JsonNode g : gists) read(g, account, out);
      url = r.header("link").map(GitHubChannel::next).orElse(null);
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
        continue;
      }
      if (out.gistId == null || (proof && out.proofFiles.isEmpty())) {
        out.gistId = gist.path("id").asText(null);
        out.gistUrl = id;
        out.gistFiles.clear();
        files.fieldNames().forEachRemaining(out.gistFiles::add);
      }
      if (proof) {
        out.proofFiles.putIfAbsent(id + "#" + f.getKey(), raw);
      } else if (out.chainFile == null) {
        out.chainFile = raw;
      }
    }
  }

  static @Nullable String next(String link) {
    Matcher m = NEXT.matcher(link);
    return m.find() ? m.group(1) : null;
  }

  /**
   * The token, bound to the configured API's origin: SafeHttp sends it nowhere else (SPEC §10.2,
   * §13.1).
   */
  private @Nullable Credential token(ChannelContext ctx) {
    return token == null ? null : Credential.bearer(ctx.endpoint(API), token);
  }

  @Override
  public Optional<ProofPublisher> publisher() {
    return Optional.of(new GistPublisher(this));
  }

  @Override
  public String publishInstructions(Account account, Claim claim, Encoding encoding) {
    return "Create a public gist at https://gist.github.com/ signed in as "
        + account.id()
        + ", with a file named kez.md holding "
        + encoding.proofName()
        + ", and save it.";
  }
}
