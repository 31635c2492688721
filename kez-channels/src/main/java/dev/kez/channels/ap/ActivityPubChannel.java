package dev.kez.channels.ap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ChannelPlugin;
import dev.kez.channels.Endpoint;
import dev.kez.channels.Findings;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.SizeLimit;
import dev.kez.channels.http.FetchException;
import dev.kez.channels.http.Origin;
import dev.kez.channels.http.SafeHttp;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.json.Json;
import dev.kez.core.status.Verdict;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code ap:<user@host>} (alias {@code mastodon:}): WebFinger on the host, its {@code self} link to
 * the actor document, then the claim in the actor's summary, a PropertyValue profile field, or a
 * Note on the first outbox page (HTML stripped). The actor must live on the WebFinger host, or on
 * the host WebFinger names with a matching preferredUsername.
 */
public final class ActivityPubChannel implements ChannelPlugin {
  public static final Endpoint WEB =
      new Endpoint(
          "AP_WEB",
          null,
          "scheme+host used instead of https://<host> for every WebFinger, actor and outbox fetch");

  /** A Mastodon note: 500 characters by default, counted as grapheme clusters. */
  static final SizeLimit LIMIT = new SizeLimit(500, SizeLimit.Unit.CHARACTERS);

  static final String AS_TYPE = "application/activity+json";
  private static final String AS_ACCEPT =
      AS_TYPE + ", application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

  @Override
  public Account.Channel channel() {
    return Account.Channel.AP;
  }

  @Override
  public ProofLookup fetch(Account account, ChannelContext ctx) {
    SafeHttp http = SafeHttp.create(ctx);
    String user = account.id().substring(0, account.id().indexOf('@'));
    String host = account.id().substring(account.id().indexOf('@') + 1);
    try {
      String resource = URLEncoder.encode("acct:" + account.id(), StandardCharsets.UTF_8);
      String wf = base("https://" + host, ctx) + "/.well-known/webfinger?resource=" + resource;
      JsonNode jrd;
      try {
        jrd = http.json(wf, "application/jrd+json, application/json");
      } catch (FetchException e) {
        if (e.verdict() instanceof Verdict.NotFound)
          throw new FetchException(
              Verdict.notFound("no account " + account.id() + " (WebFinger 404)", wf));
        throw e;
      }
      String href =
          selfLink(jrd)
              .orElseThrow(() ->
                  new FetchException(
                      Verdict.invalid(
                          "WebFinger answer for " + account.id() + " has no ActivityPub self link",
                          wf)));
      Doc doc = activity(http, href, ctx);
      JsonNode actor = doc.json();
      String actorId = actor.path("id").asText("");
      Origin actorOrigin = Origin.of(actorId);
      // Same-origin rule: the actor's id names the origin that finally served it, after redirects.
      if (actorOrigin == null || !actorOrigin.equals(doc.origin())) {
        throw new FetchException(
            Verdict.invalid(
                "actor document served by "
                    + doc.origin()
                    + " has id "
                    + (actorId.isEmpty() ? "(none)" : actorId)
                    + " from another origin",
                href));
      }
      boolean sameUser = user.equalsIgnoreCase(actor.path("preferredUsername").asText(""));
      if (!actorOrigin.host().equals(host) && !sameUser) {
        throw new FetchException(
            Verdict.invalid(
                "actor "
                    + actorId
                    + " does not belong to "
                    + host
                    + " (other host, preferredUsername "
                    + actor.path("preferredUsername").asText("missing")
                    + ")",
                href));
      }

      Findings findings = new Findings();
      findings.scan(Html.text(actor.path("summary").asText("")), actorId + "#summary");
      for (JsonNode field : many(actor.path("attachment"))) {
        if ("PropertyValue".equals(field.path("type").asText())) {
          String text =
              Html.text(field.path("name").asText(""))
                  + "\n"
                  + Html.text(field.path("value").asText(""));
          findings.scan(text, actorId + "#field-" + field.path("name").asText(""));
        }
      }
      if (findings.isEmpty()) scanOutbox(actor, actorId, ctx, http, findings);
      return findings.lookup(
          http.evidence(),
          p -> Verdict.invalid(account.id() + ": " + p, actorId),
          Verdict.notFound(
              "no kez claim in the summary, profile fields or recent posts of " + actorId,
              actorId));
    } catch (FetchException e) {
      return new ProofLookup.Failed(e.verdict(), http.evidence());
    }
  }

  /** The outbox and its first page count only when served from the actor's origin (SPEC §10.5). */
  private void scanOutbox(
      JsonNode actor, String actorId, ChannelContext ctx, SafeHttp http, Findings findings)
      throws FetchException {
    Origin actorOrigin = Origin.of(actorId);
    String outboxUrl = actor.path("outbox").asText("");
    if (actorOrigin == null || !actorOrigin.equals(Origin.of(outboxUrl))) return;
    Doc outbox = activity(http, outboxUrl, ctx);
    if (!actorOrigin.equals(outbox.origin())) return;
    JsonNode page = outbox.json().has("orderedItems") ? outbox.json() : outbox.json().path("first");
    if (page.isTextual()) {
      if (!actorOrigin.equals(Origin.of(page.asText()))) return;
      Doc first = activity(http, page.asText(), ctx);
      if (!actorOrigin.equals(first.origin())) return;
      page = first.json();
    }
    for (JsonNode item : many(page.path("orderedItems"))) {
      JsonNode note = "Create".equals(item.path("type").asText()) ? item.path("object") : item;
      if (item.has("actor") && !actorId.equals(item.path("actor").asText())) continue;
      if (!"Note".equals(note.path("type").asText())
          || !actorId.equals(note.path("attributedTo").asText())) continue;
      findings.scan(Html.text(note.path("content").asText("")), note.path("id").asText(actorId));
    }
  }

  /**
   * A JSON-LD value that may be one object or an array of them (compacted JSON-LD, as Fedify writes
   * it), as an array.
   */
  private static JsonNode many(JsonNode value) {
    return value.isObject() ? Json.mapper().createArrayNode().add(value) : value;
  }

  /** An ActivityStreams document and the origin that finally served it, after redirects. */
  private record Doc(JsonNode json, @Nullable Origin origin) {}

  /** Fetches {@code url}; the content type must be activity+json or ld+json (SPEC §10.5). */
  private static Doc activity(SafeHttp http, String url, ChannelContext ctx) throws FetchException {
    SafeHttp.Response r = http.get(rewrite(url, ctx), AS_ACCEPT, java.util.Map.of(), "json");
    String type = r.contentType().toLowerCase(Locale.ROOT);
    if (!type.contains("application/activity+json") && !type.contains("application/ld+json")) {
      throw new FetchException(
          Verdict.invalid(
              "wrong content type at "
                  + url
                  + ": '"
                  + r.contentType()
                  + "', expected application/activity+json",
              url));
    }
    // With AP_WEB, its origin stands for every origin asked for; an answer from elsewhere is
    // itself.
    String override = ctx.endpoint(WEB);
    Origin served = Origin.of(r.uri());
    return new Doc(
        r.json(),
        override != null && Objects.equals(served, Origin.of(override)) ? Origin.of(url) : served);
  }

  private static Optional<String> selfLink(JsonNode jrd) {
    for (JsonNode link : jrd.path("links")) {
      String type = link.path("type").asText("");
      if ("self".equals(link.path("rel").asText())
          && (type.equals(AS_TYPE) || type.startsWith("application/ld+json"))) {
        String href = link.path("href").asText("");
        if (href.startsWith("https://") || href.startsWith("http://")) return Optional.of(href);
      }
    }
    return Optional.empty();
  }

  /** With {@code AP_WEB} set (tests, mirrors), every fetch goes to that scheme+host instead. */
  private static String base(String origin, ChannelContext ctx) {
    String override = ctx.endpoint(WEB);
    return override != null ? override : origin;
  }

  private static String rewrite(String url, ChannelContext ctx) {
    String override = ctx.endpoint(WEB);
    if (override == null) return url;
    URI u = URI.create(url);
    return override + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  @Override
  public SizeLimit limit() {
    return LIMIT;
  }

  @Override
  public List<Endpoint> endpoints() {
    return List.of(WEB);
  }

  /** The Mastodon client API, with the account's access token. */
  @Override
  public Optional<ProofPublisher> publisher() {
    return Optional.of(new MastodonPublisher(this));
  }

  @Override
  public String publishInstructions(Account account, Claim claim, Encoding encoding) {
    return "Put "
        + encoding.proofName()
        + " in the bio or a profile field of "
        + account.id()
        + ", or post it as a public note.";
  }
}
