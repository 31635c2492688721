package dev.kez.channels.ap;

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
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ap:<user@host>} (alias {@code mastodon:}): WebFinger on the host, its {@code self}
 * link to the actor document, then the claim in the actor's summary, a PropertyValue profile
 * field, or a Note on the first outbox page (HTML stripped). The actor must live on the
 * WebFinger host, or on the host WebFinger names with a matching preferredUsername.
 */
public final class ActivityPubPlugin implements ChannelPlugin {
  static final String AS_TYPE = "application/activity+json";
  private static final String AS_ACCEPT = AS_TYPE + ", application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

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
        if (e.verdict() instanceof Verdict.NotFound) throw new FetchException(Verdict.notFound("no account " + account.id() + " (WebFinger 404)", wf));
        throw e;
      }
      String href = selfLink(jrd);
      if (href == null) throw new FetchException(Verdict.invalid("WebFinger answer for " + account.id() + " has no ActivityPub self link", wf));
      JsonNode actor = activity(http, rewrite(href, ctx));
      String actorId = actor.path("id").asText("");
      String actorHost = hostOf(actorId);
      if (actorHost == null || !actorHost.equals(hostOf(href))) {
        throw new FetchException(Verdict.invalid("actor document at " + href + " has id " + (actorId.isEmpty() ? "(none)" : actorId) + " from another host", href));
      }
      boolean sameUser = user.equalsIgnoreCase(actor.path("preferredUsername").asText(""));
      if (!actorHost.equals(host) && !sameUser) {
        throw new FetchException(Verdict.invalid("actor " + actorId + " does not belong to " + host
            + " (other host, preferredUsername " + actor.path("preferredUsername").asText("missing") + ")", href));
      }

      List<Claim> claims = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      String location = scan(Html.text(actor.path("summary").asText("")), actorId + "#summary", claims, problems, null);
      for (JsonNode field : actor.path("attachment")) {
        if ("PropertyValue".equals(field.path("type").asText())) {
          String text = Html.text(field.path("name").asText("")) + "\n" + Html.text(field.path("value").asText(""));
          location = scan(text, actorId + "#field-" + field.path("name").asText(""), claims, problems, location);
        }
      }
      if (claims.isEmpty()) location = scanOutbox(actor, actorId, actorHost, ctx, http, claims, problems);
      if (claims.isEmpty()) {
        Verdict v = problems.isEmpty()
            ? Verdict.notFound("no kez claim in the summary, profile fields or recent posts of " + actorId, actorId)
            : Verdict.invalid(account.id() + ": " + problems.get(0), actorId);
        return new ProofLookup.Failed(v, http.evidence());
      }
      return new ProofLookup.Found(claims, location, http.evidence());
    } catch (FetchException e) {
      return new ProofLookup.Failed(e.verdict(), http.evidence());
    }
  }

  private String scanOutbox(JsonNode actor, String actorId, String actorHost, ChannelContext ctx, SafeHttp http,
      List<Claim> claims, List<String> problems) throws FetchException {
    String outboxUrl = actor.path("outbox").asText("");
    if (outboxUrl.isEmpty() || !actorHost.equals(hostOf(outboxUrl))) return null;
    JsonNode outbox = activity(http, rewrite(outboxUrl, ctx));
    JsonNode page = outbox.path("orderedItems").isArray() ? outbox : outbox.path("first");
    if (page.isTextual()) {
      if (!actorHost.equals(hostOf(page.asText()))) return null;
      page = activity(http, rewrite(page.asText(), ctx));
    }
    String location = null;
    for (JsonNode item : page.path("orderedItems")) {
      JsonNode note = "Create".equals(item.path("type").asText()) ? item.path("object") : item;
      if (item.has("actor") && !actorId.equals(item.path("actor").asText())) continue;
      if (!"Note".equals(note.path("type").asText()) || !actorId.equals(note.path("attributedTo").asText())) continue;
      location = scan(Html.text(note.path("content").asText("")), note.path("id").asText(actorId), claims, problems, location);
    }
    return location;
  }

  /** An ActivityStreams document: the content type must be activity+json or ld+json (SPEC §10.5). */
  private static JsonNode activity(SafeHttp http, String url) throws FetchException {
    SafeHttp.Response r = http.get(url, AS_ACCEPT, java.util.Map.of(), "json");
    String type = r.contentType().toLowerCase(Locale.ROOT);
    if (!type.contains("application/activity+json") && !type.contains("application/ld+json")) {
      throw new FetchException(Verdict.invalid("wrong content type at " + url + ": '" + r.contentType() + "', expected application/activity+json", url));
    }
    try {
      return dev.kez.core.json.Json.parse(r.text());
    } catch (dev.kez.core.MalformedException e) {
      throw new FetchException(Verdict.invalid("not JSON at " + url + ": " + e.getMessage(), url));
    }
  }

  private static String scan(String text, String where, List<Claim> claims, List<String> problems, String location) {
    ClaimText.Result r = ClaimText.find(text);
    claims.addAll(r.claims());
    problems.addAll(r.problems());
    return location == null && !r.claims().isEmpty() ? where : location;
  }

  private static String selfLink(JsonNode jrd) {
    for (JsonNode link : jrd.path("links")) {
      String type = link.path("type").asText("");
      if ("self".equals(link.path("rel").asText()) && (type.equals(AS_TYPE) || type.startsWith("application/ld+json"))) {
        String href = link.path("href").asText("");
        if (href.startsWith("https://") || href.startsWith("http://")) return href;
      }
    }
    return null;
  }

  static String hostOf(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? null : h.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** With {@code AP_WEB} set (tests, mirrors), every fetch goes to that scheme+host instead. */
  private static String base(String origin, ChannelContext ctx) {
    String override = ctx.endpoint(Endpoints.AP_WEB, null);
    return override != null ? override : origin;
  }

  private static String rewrite(String url, ChannelContext ctx) {
    String override = ctx.endpoint(Endpoints.AP_WEB, null);
    if (override == null) return url;
    URI u = URI.create(url);
    return override + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  @Override
  public String publishInstructions(Account account, Claim claim, Encoding encoding) {
    return "Put " + encoding.proofName() + " in the bio or a profile field of " + account.id()
        + ", or post it as a public note.";
  }
}
