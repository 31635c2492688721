package dev.kez.channels.ap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.http.ClaimText;
import dev.kez.channels.http.FetchException;
import dev.kez.channels.http.SafeHttp;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Publishes an ap account's proof through the Mastodon client API with the account's access token
 * (SPEC §10.5): a public status ({@code POST /api/v1/statuses}, scope {@code write:statuses}),
 * deleting the account's earlier proof statuses once the new one is up so that there is one proof;
 * or, with {@code where = "profile"}, a profile field named {@value #FIELD} ({@code PATCH
 * /api/v1/accounts/update_credentials} with {@code fields_attributes}, scope {@code
 * write:accounts}), keeping the other fields. The token's account ({@code verify_credentials}) must
 * be the account published for; the token is bound to the instance's origin.
 */
final class MastodonPublisher implements ProofPublisher {
  static final String FIELD = "kez";
  private static final int MAX_FIELDS = 4;

  private final ActivityPubChannel channel;

  MastodonPublisher(ActivityPubChannel channel) {
    this.channel = channel;
  }

  /** One planned or made change: method, URL, JSON body (may be null), what it does. */
  private record Change(String method, String url, @Nullable String json, String does) {}

  /** A status of the account holding a claim for it. */
  private record ProofStatus(String id, String url, List<Claim> claims) {}

  @Override
  public Outcome publish(Request req) {
    String proof = channel.proofText(req.claim(), req.encoding());
    Planner plan =
        (base, me, statuses) ->
            ProofPublisher.replacePosts(
                req,
                statuses,
                ProofStatus::claims,
                () -> fields(base, me, proof),
                () ->
                    new Change(
                        "POST",
                        base + "/api/v1/statuses",
                        Json.write(
                            Json.newObject().put("status", proof).put("visibility", "public")),
                        "posted the proof"),
                kept ->
                    new Change(
                        "KEEP",
                        kept.url(),
                        null,
                        "kept the status " + kept.id() + ", which holds this claim"),
                st ->
                    new Change(
                        "DELETE",
                        base + "/api/v1/statuses/" + st.id(),
                        null,
                        "deleted the earlier proof status " + st.id()));
    return run(req.claim().account(), req.credential(), req.context(), req.dryRun(), plan);
  }

  @Override
  public Outcome unpublish(
      Account account,
      Credential credential,
      ChannelContext context,
      boolean dryRun,
      @Nullable String chainBundle) {
    return run(
        account,
        credential,
        context,
        dryRun,
        (base, me, statuses) -> {
          List<Change> changes = new ArrayList<>();
          for (ProofStatus st : statuses)
            changes.add(
                new Change(
                    "DELETE",
                    base + "/api/v1/statuses/" + st.id(),
                    null,
                    "deleted the proof status " + st.id()));
          boolean hasField = false;
          for (JsonNode f : me.path("source").path("fields"))
            hasField |= FIELD.equals(f.path("name").asText());
          if (hasField) changes.add(fields(base, me, null));
          return changes;
        });
  }

  private interface Planner {
    List<Change> plan(String base, JsonNode me, List<ProofStatus> proofStatuses)
        throws RefusedException;
  }

  private static final class RefusedException extends Exception {
    RefusedException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The account's profile fields with {@value #FIELD} set to {@code value} (null: removed), as
   * update_credentials takes them.
   */
  private static Change fields(String base, JsonNode me, @Nullable String value)
      throws RefusedException {
    ObjectNode attrs = Json.newObject();
    int i = 0;
    boolean set = false;
    for (JsonNode f : me.path("source").path("fields")) {
      String name = f.path("name").asText("");
      if (name.equals(FIELD)) {
        if (value == null) continue;
        attrs.putObject(Integer.toString(i++)).put("name", FIELD).put("value", value);
        set = true;
      } else {
        attrs
            .putObject(Integer.toString(i++))
            .put("name", name)
            .put("value", f.path("value").asText(""));
      }
    }
    if (value != null && !set) {
      if (i >= MAX_FIELDS)
        throw new RefusedException(
            "the profile has "
                + MAX_FIELDS
                + " fields already; free one or post the proof instead");
      attrs.putObject(Integer.toString(i)).put("name", FIELD).put("value", value);
    }
    ObjectNode body = Json.newObject();
    body.set("fields_attributes", attrs);
    return new Change(
        "PATCH",
        base + "/api/v1/accounts/update_credentials",
        Json.write(body),
        value == null ? "removed the profile field " + FIELD : "set the profile field " + FIELD);
  }

  private Outcome run(
      Account account, Credential credential, ChannelContext ctx, boolean dryRun, Planner planner) {
    String user = account.id().substring(0, account.id().indexOf('@'));
    String host = account.id().substring(account.id().indexOf('@') + 1);
    String web = ctx.endpoint(ActivityPubChannel.WEB);
    String base = web != null ? web : "https://" + host;
    dev.kez.channels.http.Credential token =
        dev.kez.channels.http.Credential.bearer(base, credential.secret());
    if (token == null)
      return new Outcome.Refused("no instance to publish to for " + account.id(), false, List.of());
    SafeHttp http = SafeHttp.create(ctx);
    try {
      SafeHttp.Response meR =
          http.write("GET", base + "/api/v1/accounts/verify_credentials", Map.of(), null, token);
      if (meR.status() != 200) return refused(meR, "reading the token's account", http);
      JsonNode me = meR.json();
      if (!user.equalsIgnoreCase(me.path("username").asText(""))) {
        return new Outcome.Refused(
            "the access token belongs to "
                + me.path("username").asText("no account")
                + ", not "
                + user,
            false,
            true,
            http.evidence());
      }
      List<ProofStatus> proofs = new ArrayList<>();
      SafeHttp.Response list =
          http.write(
              "GET",
              base + "/api/v1/accounts/" + me.path("id").asText() + "/statuses?limit=40",
              Map.of(),
              null,
              token);
      if (list.status() != 200) return refused(list, "listing the account's statuses", http);
      for (JsonNode s : list.json()) {
        List<Claim> claims =
            ClaimText.find(Html.text(s.path("content").asText(""))).claims().stream()
                .filter(c -> c.account().equals(account))
                .toList();
        if (!claims.isEmpty())
          proofs.add(new ProofStatus(s.path("id").asText(), s.path("url").asText(""), claims));
      }
      List<Change> changes = planner.plan(base, me, proofs);
      if (dryRun) {
        return new Outcome.Planned(
            changes.stream()
                .filter(c -> !c.method().equals("KEEP"))
                .map(c ->
                    c.method()
                        + " "
                        + c.url()
                        + "\nAuthorization: Bearer ***"
                        + (c.json() == null
                            ? ""
                            : "\nContent-Type: application/json\n\n" + c.json()))
                .toList(),
            http.evidence());
      }
      if (changes.isEmpty())
        return new Outcome.Published(
            "no proof of " + account.id() + " to remove",
            List.of("nothing to remove"),
            http.evidence());
      String location = null;
      List<String> report = new ArrayList<>();
      for (Change c : changes) {
        if (c.method().equals("KEEP")) {
          report.add(c.does());
          location = c.url();
          continue;
        }
        SafeHttp.Response r = http.write(c.method(), c.url(), Map.of(), c.json(), token);
        if (r.status() / 100 != 2) {
          return ((Outcome.Refused) refused(r, c.does().replaceFirst("^\\w+", "doing: $0"), http))
              .after(report, http.evidence());
        }
        report.add(c.does());
        if (location == null) {
          location =
              c.method().equals("POST")
                  ? r.json().path("url").asText(c.url())
                  : c.method().equals("PATCH")
                      ? me.path("url").asText(base + "/@" + user) + "#field-" + FIELD
                      : base + "/@" + user;
        }
      }
      return new Outcome.Published(location, report, http.evidence());
    } catch (RefusedException e) {
      return new Outcome.Refused(e.getMessage() + "; nothing was changed", false, http.evidence());
    } catch (FetchException e) {
      return Outcome.Refused.of(e, http.evidence());
    } catch (MalformedException e) {
      return new Outcome.Refused(
          "the instance answered with malformed JSON: " + e.getMessage(), true, http.evidence());
    }
  }

  /** One line: what the instance refused, and for 401/403 that it is the token to renew. */
  private static Outcome refused(SafeHttp.Response r, String doing, SafeHttp http) {
    String error = r.field("error");
    String said = error.isEmpty() ? "" : " " + error;
    boolean auth = r.status() == 401 || r.status() == 403;
    String scope =
        r.status() == 403
            ? "; it needs the scope write:statuses (posts) or write:accounts (profile fields)"
            : "";
    return new Outcome.Refused(
        (auth ? "the instance refused the access token " : "the instance answered ")
            + doing
            + " (HTTP "
            + r.status()
            + said
            + ")"
            + scope,
        r.status() == 429 || r.status() >= 500,
        auth,
        http.evidence());
  }
}
