package dev.kez.channels.github;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.http.Credential;
import dev.kez.channels.http.FetchException;
import dev.kez.channels.http.SafeHttp;
import dev.kez.core.MalformedException;
import dev.kez.core.chain.AccountState;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainResult;
import dev.kez.core.chain.ChainVerifier;
import dev.kez.core.claim.Account;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.json.Json;
import dev.kez.core.status.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a github account's proof in its public proof gist through the REST API with the
 * account's token (SPEC §10.2): updates the gist the verifier already finds (the login's first
 * public gist with a {@code kez*.md} file), else creates one; the sigchain bundle goes beside it as
 * {@code kez-sigchain.jsonl}. The token is bound to the API's origin.
 */
final class GistPublisher implements ProofPublisher {
  static final String PROOF_FILE = "kez.md";

  /** How a proof file kept after a revocation starts. */
  static final String REVOKED = "REVOKED: ";

  private static final Map<String, String> HEADERS =
      Map.of("X-GitHub-Api-Version", "2022-11-28", "Accept", "application/vnd.github+json");

  private final GitHubChannel channel;

  GistPublisher(GitHubChannel channel) {
    this.channel = channel;
  }

  /** The gist's files after a change: name → content, or null to delete the file. */
  private record Change(Map<String, @Nullable String> files) {}

  @Override
  public Outcome publish(Request req) {
    Account account = req.claim().account();
    Map<String, @Nullable String> files = new java.util.LinkedHashMap<>();
    String proof = channel.proofText(req.claim(), req.encoding());
    return change(
        account,
        req.credential(),
        req.context(),
        req.dryRun(),
        listing -> {
          // the file the verifier reads now gets the new proof: publishing twice leaves one proof
          String name =
              listing == null
                  ? PROOF_FILE
                  : listing.gistFiles.stream()
                      .filter(f -> f.startsWith("kez") && f.endsWith(".md"))
                      .findFirst()
                      .orElse(PROOF_FILE);
          files.put(name, proof.endsWith("\n") ? proof : proof + "\n");
          if (req.chainBundle() != null) files.put(GitHubChannel.CHAIN_FILE, req.chainBundle());
          return Optional.of(new Change(files));
        },
        name -> "#" + name);
  }

  @Override
  public Outcome unpublish(
      Account account,
      Credential credential,
      ChannelContext context,
      boolean dryRun,
      @Nullable String chainBundle) {
    Map<String, @Nullable String> files = new java.util.LinkedHashMap<>();
    Optional<String> notice =
        Optional.ofNullable(chainBundle).flatMap(b -> revocationNotice(account, b));
    return change(
        account,
        credential,
        context,
        dryRun,
        listing -> {
          if (listing == null) return Optional.empty();
          // the file verifiers read keeps the claim under a notice, beside the chain that revokes
          // it: a verifier finds the key, then the chain, and says revoked (SPEC §10.2, §9.2);
          // other proof files go
          for (String f : listing.gistFiles)
            if (f.startsWith("kez") && f.endsWith(".md"))
              files.put(f, files.isEmpty() ? notice.orElse(null) : null);
          if (chainBundle != null) files.put(GitHubChannel.CHAIN_FILE, chainBundle);
          return files.isEmpty() ? Optional.empty() : Optional.of(new Change(files));
        },
        name -> notice.isEmpty() ? "" : "#" + name);
  }

  /**
   * The proof file after a revocation: a notice, then the claim the chain revokes in its {@code
   * kez} fence; empty when the bundle does not revoke the account (the proof file is then removed).
   */
  static Optional<String> revocationNotice(Account account, String chainBundle) {
    ChainResult chain;
    try {
      chain = ChainVerifier.verify(Bundle.parse(chainBundle).iterator());
    } catch (MalformedException e) {
      return Optional.empty();
    }
    if (!(chain instanceof ChainResult.Verified(var state))
        || !(state.accounts().get(account) instanceof AccountState held)
        || held.status() != Status.REVOKED) return Optional.empty();
    String proof = ClaimCodec.encode(held.claim(), Encoding.MARKDOWN);
    return Optional.of(
        REVOKED
            + account
            + " no longer vouches for this key: the sigchain beside this file ("
            + GitHubChannel.CHAIN_FILE
            + ") revokes it. The claim stays below so that verifiers find the key and its chain"
            + " and report it revoked.\n\n"
            + proof.substring(proof.indexOf("```kez")));
  }

  @Override
  public Outcome publishChain(
      Account account,
      String chainBundle,
      Credential credential,
      ChannelContext context,
      boolean dryRun) {
    return change(
        account,
        credential,
        context,
        dryRun,
        listing -> Optional.of(new Change(Map.of(GitHubChannel.CHAIN_FILE, chainBundle))),
        name -> "");
  }

  private Outcome change(
      Account account,
      Credential credential,
      ChannelContext ctx,
      boolean dryRun,
      java.util.function.Function<GitHubChannel.@Nullable Listing, Optional<Change>> plan,
      java.util.function.Function<String, String> anchor) {
    SafeHttp http = SafeHttp.create(ctx);
    String api = ctx.endpoint(GitHubChannel.API);
    dev.kez.channels.http.Credential token =
        api == null ? null : dev.kez.channels.http.Credential.bearer(api, credential.secret());
    if (token == null)
      return new Outcome.Refused("no GitHub API endpoint to publish to", false, List.of());
    try {
      // whose token this is: GitHub's answer, never the account name alone
      SafeHttp.Response me = http.write("GET", api + "/user", HEADERS, null, token);
      if (me.status() != 200) return refused(me, "reading the token's user", http);
      String login = me.json().path("login").asText("");
      if (!login.equalsIgnoreCase(account.id())) {
        return new Outcome.Refused(
            "the GitHub token belongs to "
                + (login.isEmpty() ? "no user" : login)
                + ", not "
                + account.id(),
            false,
            true,
            http.evidence());
      }
      GitHubChannel.Listing listing = channel.list(account, ctx, http, token);
      Optional<Change> planned = plan.apply(listing.gistId == null ? null : listing);
      if (planned.isEmpty()) {
        return new Outcome.Published(
            "no proof gist of " + account.id() + " to change",
            List.of("nothing to remove"),
            http.evidence());
      }
      Change change = planned.get();
      ObjectNode body = Json.newObject();
      ObjectNode files = body.putObject("files");
      change
          .files()
          .forEach((name, content) -> {
            if (content == null) files.putNull(name);
            else files.putObject(name).put("content", content);
          });
      boolean create = listing.gistId == null;
      boolean emptied =
          !create
              && listing.gistFiles.stream()
                  .allMatch(f -> change.files().containsKey(f) && change.files().get(f) == null);
      String method = create ? "POST" : emptied ? "DELETE" : "PATCH";
      String url = create ? api + "/gists" : api + "/gists/" + listing.gistId;
      if (create) body.put("description", "KEZ identity proof of " + account).put("public", true);
      String json = emptied ? null : Json.write(body);
      if (dryRun) {
        return new Outcome.Planned(
            List.of(
                method
                    + " "
                    + url
                    + "\nAuthorization: Bearer ***\n"
                    + (json == null ? "" : "Content-Type: application/json\n\n" + json)),
            http.evidence());
      }
      SafeHttp.Response r = http.write(method, url, HEADERS, json, token);
      if (r.status() / 100 != 2)
        return refused(
            r, (create ? "creating" : emptied ? "deleting" : "updating") + " the proof gist", http);
      String where = emptied ? listing.gistUrl : r.json().path("html_url").asText(url);
      String first = change.files().keySet().iterator().next();
      List<String> report = new ArrayList<>();
      change
          .files()
          .forEach((name, content) ->
              report.add(
                  (content == null
                          ? "removed "
                          : content.startsWith(REVOKED)
                              ? "replaced by the revocation notice (the claim kept for verifiers): "
                              : "wrote ")
                      + name));
      if (emptied) report.add("deleted the emptied gist");
      return new Outcome.Published(where + anchor.apply(first), report, http.evidence());
    } catch (FetchException e) {
      return Outcome.Refused.of(e, http.evidence());
    } catch (MalformedException e) {
      return new Outcome.Refused(
          "GitHub answered with malformed JSON: " + e.getMessage(), true, http.evidence());
    }
  }

  /**
   * One line saying what GitHub refused and, for a refused token, that it is the token to renew.
   */
  private static Outcome refused(SafeHttp.Response r, String doing, SafeHttp http) {
    String message = r.field("message");
    String said = message.isEmpty() ? "" : " " + message;
    String remaining = r.header("x-ratelimit-remaining").orElse("");
    if (r.status() == 429 || (r.status() == 403 && remaining.equals("0"))) {
      String reset =
          r.header("x-ratelimit-reset")
              .filter(s -> s.matches("\\d+"))
              .map(s -> "; the limit resets at " + Instant.ofEpochSecond(Long.parseLong(s)))
              .orElse("");
      return new Outcome.Refused(
          "GitHub rate limit reached "
              + doing
              + " (HTTP "
              + r.status()
              + ")"
              + reset
              + "; nothing was changed",
          true,
          false,
          http.evidence());
    }
    if (r.status() == 401) {
      return new Outcome.Refused(
          "GitHub refused the token " + doing + " (HTTP 401" + said + ")",
          false,
          true,
          http.evidence());
    }
    if (r.status() == 403) {
      String scopes =
          r.header("x-accepted-oauth-scopes")
              .filter(s -> !s.isBlank())
              .map(s -> "; it needs the scope " + s)
              .orElse("");
      return new Outcome.Refused(
          "GitHub refused the token " + doing + " (HTTP 403" + said + ")" + scopes,
          false,
          true,
          http.evidence());
    }
    return new Outcome.Refused(
        "GitHub answered HTTP " + r.status() + said + " " + doing + "; nothing was changed",
        r.status() >= 500,
        false,
        http.evidence());
  }
}
