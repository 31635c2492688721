package dev.kez.channels.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.SizeLimit;
import dev.kez.channels.http.ClaimText;
import dev.kez.channels.http.FetchException;
import dev.kez.channels.http.SafeHttp;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a bluesky account's proof on the account's own PDS, the one its DID document names
 * (SPEC §10.4), logged in with an app password ({@code com.atproto.server.createSession}; a session
 * of the main password is refused): a post ({@code com.atproto.repo.createRecord} of an {@value
 * #POST}), deleting the account's earlier proof posts once the new one is up; or, with {@code where
 * = "profile"}, a line of the profile description ({@code putRecord} of {@value #PROFILE}/self,
 * keeping every other field). An expired session is refreshed ({@code refreshSession}). Reads go to
 * the PDS without credentials; the app password and the session's tokens go to the PDS origin only
 * and are kept out of the evidence.
 */
final class BlueskyPublisher implements ProofPublisher {
  static final String POST = "app.bsky.feed.post";
  static final String PROFILE = "app.bsky.actor.profile";

  /** A profile description: 256 graphemes (the lexicon's maxGraphemes). */
  static final SizeLimit DESCRIPTION = new SizeLimit(256, SizeLimit.Unit.GRAPHEMES);

  private static final Pattern APP_PASSWORD = Pattern.compile("[a-z2-7]{4}(-[a-z2-7]{4}){3}");

  private final BlueskyChannel channel;

  BlueskyPublisher(BlueskyChannel channel) {
    this.channel = channel;
  }

  /** One planned or made change: an XRPC procedure (or KEEP) with its JSON input. */
  private record Change(String nsid, @Nullable String json, String does, String location) {}

  /** What the planner sees: the repo's proof posts and the profile record (may be null). */
  private record Repo(
      String did,
      List<ProofPost> proofPosts,
      @Nullable JsonNode profile,
      @Nullable String profileCid) {}

  private record ProofPost(String uri, String rkey, List<Claim> claims) {}

  private interface Planner {
    List<Change> plan(Repo repo) throws RefusedException;
  }

  private static final class RefusedException extends Exception {
    RefusedException(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public Outcome publish(Request req) {
    Account account = req.claim().account();
    String proof = channel.proofText(req.claim(), req.encoding());
    Planner plan =
        repo ->
            ProofPublisher.replacePosts(
                req,
                repo.proofPosts(),
                ProofPost::claims,
                () -> profile(repo, account, proof, req.claim()),
                () -> {
                  ObjectNode record =
                      Json.newObject()
                          .put("$type", POST)
                          .put("text", proof)
                          .put("createdAt", req.context().clock().instant().toString());
                  return new Change(
                      "com.atproto.repo.createRecord",
                      Json.write(input(repo, POST).set("record", record)),
                      "posted the proof",
                      "");
                },
                kept ->
                    new Change(
                        "KEEP",
                        null,
                        "kept the post " + kept.uri() + ", which holds this claim",
                        kept.uri()),
                p -> delete(repo, p, "earlier "));
    return run(
        account, req.credential(), req.context(), req.dryRun(), s -> s.contains(req.claim()), plan);
  }

  @Override
  public Outcome unpublish(
      Account account,
      ProofPublisher.Credential credential,
      ChannelContext context,
      boolean dryRun,
      @Nullable String chainBundle) {
    return run(
        account,
        credential,
        context,
        dryRun,
        List::isEmpty,
        repo -> {
          List<Change> changes = new ArrayList<>();
          for (ProofPost p : repo.proofPosts()) changes.add(delete(repo, p, ""));
          String description =
              repo.profile() == null ? "" : repo.profile().path("description").asText("");
          if (!withoutClaims(description, account).equals(description))
            changes.add(profile(repo, account, null, null));
          return changes;
        });
  }

  private static ObjectNode input(Repo repo, String collection) {
    return Json.newObject().put("repo", repo.did()).put("collection", collection);
  }

  private static Change delete(Repo repo, ProofPost p, String earlier) {
    return new Change(
        "com.atproto.repo.deleteRecord",
        Json.write(input(repo, POST).put("rkey", p.rkey())),
        "deleted the " + earlier + "proof post " + p.uri(),
        p.uri());
  }

  /**
   * The profile record with the description's lines holding the account's claims replaced by {@code
   * proof} (null: removed), every other field kept; KEEP when it holds {@code claim} already.
   */
  private static Change profile(
      Repo repo, Account account, @Nullable String proof, @Nullable Claim claim)
      throws RefusedException {
    String uri = "at://" + repo.did() + "/" + PROFILE + "/self";
    JsonNode old = repo.profile();
    String description = old == null ? "" : old.path("description").asText("");
    if (claim != null && ClaimText.find(description).claims().contains(claim))
      return new Change("KEEP", null, "kept the profile description, which holds this claim", uri);
    String rest = withoutClaims(description, account);
    String next = proof == null ? rest : rest.isEmpty() ? proof : rest + "\n" + proof;
    int size = DESCRIPTION.unit().count(next);
    if (size > DESCRIPTION.max())
      throw new RefusedException(
          "the profile description would be "
              + size
              + " graphemes, more than Bluesky's "
              + DESCRIPTION.max()
              + "; shorten it or post the proof instead");
    ObjectNode record = old == null ? Json.newObject().put("$type", PROFILE) : old.deepCopy();
    if (next.isEmpty()) record.remove("description");
    else record.put("description", next);
    ObjectNode in = input(repo, PROFILE).put("rkey", "self");
    in.set("record", record);
    // compare and swap: a profile changed meanwhile (by the app) is not overwritten
    if (repo.profileCid() != null) in.put("swapRecord", repo.profileCid());
    return new Change(
        "com.atproto.repo.putRecord",
        Json.write(in),
        proof == null
            ? "removed the proof from the profile description"
            : "put the proof in the profile description",
        uri);
  }

  /** The text without its lines that hold a claim for {@code account}. */
  private static String withoutClaims(String text, Account account) {
    return String.join(
            "\n",
            text.lines()
                .filter(l ->
                    ClaimText.find(l).claims().stream().noneMatch(c -> c.account().equals(account)))
                .toList())
        .strip();
  }

  private Outcome run(
      Account account,
      ProofPublisher.Credential credential,
      ChannelContext ctx,
      boolean dryRun,
      Predicate<List<Claim>> shown,
      Planner planner) {
    SafeHttp http = SafeHttp.create(ctx);
    try {
      String did = channel.resolveHandle(account.id(), ctx, http);
      String pds = BlueskyChannel.pds(BlueskyChannel.didDocument(did, account.id(), ctx, http));
      if (pds == null)
        return new Outcome.Refused(
            "the DID document of " + did + " names no PDS (#atproto_pds service)",
            false,
            http.evidence());
      pds = pds.replaceAll("/+$", "");
      // what is there, read as anyone may (no login yet)
      String repoQ = "?repo=" + URLEncoder.encode(did, StandardCharsets.UTF_8) + "&collection=";
      List<ProofPost> posts = new ArrayList<>();
      for (JsonNode r :
          http.json(
                  pds + "/xrpc/com.atproto.repo.listRecords" + repoQ + POST + "&limit=100",
                  "application/json")
              .path("records")) {
        List<Claim> claims =
            ClaimText.find(r.path("value").path("text").asText("")).claims().stream()
                .filter(c -> c.account().equals(account))
                .toList();
        String uri = r.path("uri").asText("");
        if (!claims.isEmpty())
          posts.add(new ProofPost(uri, uri.substring(uri.lastIndexOf('/') + 1), claims));
      }
      SafeHttp.Response p =
          http.write(
              "GET",
              pds + "/xrpc/com.atproto.repo.getRecord" + repoQ + PROFILE + "&rkey=self",
              Map.of(),
              null,
              null);
      if (p.status() != 200 && !"RecordNotFound".equals(p.field("error")))
        return refused(p, "reading the profile", http);
      JsonNode profile = p.status() == 200 ? p.json() : null;
      List<Change> changes =
          planner.plan(
              new Repo(
                  did,
                  posts,
                  profile == null ? null : profile.path("value"),
                  profile == null ? null : profile.path("cid").asText(null)));
      List<Change> writes = changes.stream().filter(c -> !c.nsid().equals("KEEP")).toList();
      if (dryRun) {
        List<String> requests = new ArrayList<>();
        if (!writes.isEmpty())
          requests.add(
              "POST "
                  + pds
                  + "/xrpc/com.atproto.server.createSession\nContent-Type: application/json\n\n"
                  + Json.write(Json.newObject().put("identifier", did).put("password", "***")));
        for (Change c : writes)
          requests.add(
              "POST "
                  + pds
                  + "/xrpc/"
                  + c.nsid()
                  + "\nAuthorization: Bearer ***\nContent-Type: application/json\n\n"
                  + c.json());
        return new Outcome.Planned(requests, http.evidence());
      }
      if (changes.isEmpty())
        return new Outcome.Published(
            "no proof of " + account.id() + " to remove",
            List.of("nothing to remove"),
            http.evidence());
      Session session = null;
      String location = null;
      List<String> report = new ArrayList<>();
      for (Change c : changes) {
        if (!c.nsid().equals("KEEP")) {
          if (session == null) {
            Object s = Session.open(pds, did, credential.secret(), ctx);
            if (s instanceof Outcome o) return withEvidence(o, http);
            session = (Session) s;
          }
          SafeHttp.Response r = session.call(c.nsid(), c.json(), http);
          if (r.status() / 100 != 2) {
            return ((Outcome.Refused) refused(r, c.does().replaceFirst("^\\w+", "doing: $0"), http))
                .after(report, http.evidence());
          }
          if (c.nsid().endsWith("createRecord"))
            c = new Change(c.nsid(), c.json(), c.does(), r.json().path("uri").asText());
        }
        report.add(c.does());
        if (location == null) location = c.location();
      }
      if (session != null && !appViewShows(account, ctx, shown))
        report.add("the AppView does not show the change yet; verifiers will see it once it does");
      return new Outcome.Published(location, report, http.evidence());
    } catch (RefusedException e) {
      return new Outcome.Refused(e.getMessage() + "; nothing was changed", false, http.evidence());
    } catch (FetchException e) {
      return Outcome.Refused.of(e, http.evidence());
    } catch (MalformedException e) {
      return new Outcome.Refused(
          "the PDS answered with malformed JSON: " + e.getMessage(), true, http.evidence());
    }
  }

  /**
   * Waits (up to the timeout) until the AppView, which verifiers read, shows the account's claims
   * as {@code shown} wants: it indexes a PDS's writes a moment after they are made.
   */
  private boolean appViewShows(Account account, ChannelContext ctx, Predicate<List<Claim>> shown) {
    long deadline = System.nanoTime() + ctx.timeout().toNanos();
    while (true) {
      List<Claim> claims =
          channel.fetch(account, ctx) instanceof ProofLookup.Found f
              ? f.claims().stream().filter(c -> c.account().equals(account)).toList()
              : List.of();
      if (shown.test(claims)) return true;
      if (System.nanoTime() > deadline) return false;
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  private static Outcome withEvidence(Outcome o, SafeHttp http) {
    return o instanceof Outcome.Refused r
        ? new Outcome.Refused(
            r.reason() + "; nothing was changed",
            r.retryable(),
            r.credentialRejected(),
            http.evidence())
        : o;
  }

  /**
   * A logged-in session on the PDS. Its calls go through their own {@link SafeHttp}, whose evidence
   * (holding the session's tokens) is never kept.
   */
  private static final class Session {
    private final String pds;
    private final String did;
    private final String password;
    private final SafeHttp auth;
    private String access;
    private String refresh;

    private Session(String pds, String did, String password, SafeHttp auth, JsonNode session) {
      this.pds = pds;
      this.did = did;
      this.password = password;
      this.auth = auth;
      this.access = session.path("accessJwt").asText();
      this.refresh = session.path("refreshJwt").asText();
    }

    /** A session, or the {@link Outcome.Refused} saying why there is none. */
    static Object open(String pds, String did, String password, ChannelContext ctx)
        throws FetchException {
      if (!APP_PASSWORD.matcher(password).matches())
        return new Outcome.Refused(
            "the credential is not a Bluesky app password (xxxx-xxxx-xxxx-xxxx): kez never takes the account's main password",
            false,
            true,
            List.of());
      SafeHttp auth = SafeHttp.create(ctx);
      Object s = login(pds, did, password, auth);
      return s instanceof JsonNode j ? new Session(pds, did, password, auth, j) : s;
    }

    private static Object login(String pds, String did, String password, SafeHttp auth)
        throws FetchException {
      SafeHttp.Response r =
          auth.write(
              "POST",
              pds + "/xrpc/com.atproto.server.createSession",
              Map.of(),
              Json.write(Json.newObject().put("identifier", did).put("password", password)),
              null);
      if (r.status() != 200) return refused(r, "at login", null);
      JsonNode session = r.json();
      if (!did.equals(session.path("did").asText()))
        return new Outcome.Refused(
            "the PDS logged in " + session.path("did").asText("nobody") + ", not " + did,
            false,
            true,
            List.of());
      // an app password's session has the scope com.atproto.appPass; the main password's does not
      String scope = jwtScope(session.path("accessJwt").asText());
      if (!scope.equals("com.atproto.appPass") && !scope.equals("com.atproto.appPassPrivileged")) {
        // the session goes at once: it is nothing kez may hold
        var refresh =
            dev.kez.channels.http.Credential.bearer(pds, session.path("refreshJwt").asText());
        auth.write("POST", pds + "/xrpc/com.atproto.server.deleteSession", Map.of(), null, refresh);
        return new Outcome.Refused(
            "that is the account's main password, not an app password: kez never takes it",
            false,
            true,
            List.of());
      }
      return session;
    }

    /** The {@code scope} of a JWT's payload, or "" (the token is only read, never trusted). */
    private static String jwtScope(String jwt) {
      String[] parts = jwt.split("\\.");
      try {
        return parts.length < 2
            ? ""
            : Json.parse(
                    new String(
                        java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                .path("scope")
                .asText("");
      } catch (IllegalArgumentException | MalformedException e) {
        return "";
      }
    }

    /**
     * Calls a procedure with the session; an expired access token is refreshed ({@code
     * refreshSession}, else a new login) and the call made once more.
     */
    SafeHttp.Response call(String nsid, @Nullable String json, SafeHttp http)
        throws FetchException {
      SafeHttp.Response r =
          http.write("POST", pds + "/xrpc/" + nsid, Map.of(), json, bearer(access));
      if (r.status() != 400 || !"ExpiredToken".equals(r.field("error"))) return r;
      SafeHttp.Response fresh =
          auth.write(
              "POST",
              pds + "/xrpc/com.atproto.server.refreshSession",
              Map.of(),
              null,
              bearer(refresh));
      JsonNode session = fresh.status() == 200 ? fresh.json() : null;
      if (session == null && login(pds, did, password, auth) instanceof JsonNode j) session = j;
      if (session == null) return r;
      access = session.path("accessJwt").asText();
      refresh = session.path("refreshJwt").asText();
      return http.write("POST", pds + "/xrpc/" + nsid, Map.of(), json, bearer(access));
    }

    private dev.kez.channels.http.Credential bearer(String token) {
      var c = dev.kez.channels.http.Credential.bearer(pds, token);
      if (c == null) throw new IllegalStateException("no origin in " + pds);
      return c;
    }
  }

  /** The XRPC error name of an answer, or "". */
  /**
   * One line: what the PDS refused, and for a refused login or token that it is the app password to
   * renew.
   */
  private static Outcome refused(SafeHttp.Response r, String doing, @Nullable SafeHttp http) {
    String error = r.field("error");
    boolean auth =
        r.status() == 401
            || r.status() == 403
            || List.of("AuthenticationRequired", "InvalidToken", "ExpiredToken", "AccountTakedown")
                .contains(error);
    return new Outcome.Refused(
        (auth ? "the PDS refused the app password " : "the PDS answered ")
            + doing
            + " (HTTP "
            + r.status()
            + (error.isEmpty() ? "" : " " + error)
            + ")",
        r.status() == 429 || r.status() >= 500,
        auth,
        http == null ? List.of() : http.evidence());
  }
}
