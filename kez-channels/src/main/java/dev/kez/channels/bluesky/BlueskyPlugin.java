package dev.kez.channels.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ChannelPlugin;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.config.Endpoints;
import dev.kez.channels.dns.DnsUnreachableException;
import dev.kez.channels.dns.TxtResolver;
import dev.kez.channels.http.ClaimText;
import dev.kez.channels.http.FetchException;
import dev.kez.channels.http.SafeHttp;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.status.Verdict;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * {@code bluesky:<handle>}: handle → DID ({@code _atproto.<handle>} TXT {@code did=…}, else
 * {@code https://<handle>/.well-known/atproto-did}), the DID document (PLC directory for
 * did:plc, {@code /.well-known/did.json} for did:web) must name {@code at://<handle>} in
 * {@code alsoKnownAs}; the proof is a post authored by that DID (reposts ignored) or the
 * profile description, read from the public AppView without login.
 */
public final class BlueskyPlugin implements ChannelPlugin {
  private static final Pattern DID = Pattern.compile("did:(plc:[a-z2-7]{24}|web:[a-zA-Z0-9.%-]+)");
  private static final String JSON = "application/json";

  private final BiFunction<String, ChannelContext, List<String>> txt;

  public BlueskyPlugin() {
    this(BlueskyPlugin::txt);
  }

  /**
   * The handle's TXT strings through the DNS channel's resolver. A DNS failure is not fatal:
   * the handle may still resolve over HTTPS, which is tried next.
   */
  private static List<String> txt(String name, ChannelContext ctx) {
    try {
      return TxtResolver.lookupTxt(name, ctx).stream().map(r -> String.join("", r)).toList();
    } catch (DnsUnreachableException | dev.kez.core.MalformedException e) {
      return List.of();
    }
  }

  /** With a TXT lookup of one's own (tests; the DNS channel's resolver). */
  public BlueskyPlugin(BiFunction<String, ChannelContext, List<String>> txt) {
    this.txt = txt;
  }

  @Override
  public Account.Channel channel() {
    return Account.Channel.BLUESKY;
  }

  @Override
  public ProofLookup fetch(Account account, ChannelContext ctx) {
    SafeHttp http = SafeHttp.create(ctx);
    String handle = account.id();
    try {
      String did = resolveHandle(handle, ctx, http);
      checkDidDocument(did, handle, ctx, http);
      String appview = ctx.endpoint(Endpoints.BLUESKY_APPVIEW, Endpoints.defaultOf(Endpoints.BLUESKY_APPVIEW));
      String actor = URLEncoder.encode(did, StandardCharsets.UTF_8);
      List<Claim> claims = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      String location = null;
      JsonNode feed = http.json(appview + "/xrpc/app.bsky.feed.getAuthorFeed?actor=" + actor + "&limit=100", JSON).path("feed");
      if (!feed.isArray()) throw new FetchException(Verdict.invalid("AppView getAuthorFeed answer has no \"feed\" array", appview));
      for (JsonNode item : feed) {
        JsonNode post = item.path("post");
        // Only the DID's own posts: a repost (item.reason) or someone else's post proves nothing.
        if (item.hasNonNull("reason") || !did.equals(post.path("author").path("did").asText())) continue;
        ClaimText.Result r = ClaimText.find(post.path("record").path("text").asText(""));
        if (!r.claims().isEmpty() && location == null) location = post.path("uri").asText(null);
        claims.addAll(r.claims());
        problems.addAll(r.problems());
      }
      if (claims.isEmpty()) {
        JsonNode profile = http.json(appview + "/xrpc/app.bsky.actor.getProfile?actor=" + actor, JSON);
        if (!did.equals(profile.path("did").asText())) {
          throw new FetchException(Verdict.invalid("AppView profile is for " + profile.path("did").asText("nobody") + ", not " + did, appview));
        }
        ClaimText.Result r = ClaimText.find(profile.path("description").asText(""));
        if (!r.claims().isEmpty()) location = "at://" + did + "/app.bsky.actor.profile/self";
        claims.addAll(r.claims());
        problems.addAll(r.problems());
      }
      if (claims.isEmpty()) {
        Verdict v = problems.isEmpty()
            ? Verdict.notFound("no post or profile of " + handle + " (" + did + ") holds a kez claim", did)
            : Verdict.invalid(handle + ": " + problems.get(0), did);
        return new ProofLookup.Failed(v, http.evidence());
      }
      return new ProofLookup.Found(claims, location, http.evidence());
    } catch (FetchException e) {
      return new ProofLookup.Failed(e.verdict(), http.evidence());
    }
  }

  private String resolveHandle(String handle, ChannelContext ctx, SafeHttp http) throws FetchException {
    for (String record : txt.apply("_atproto." + handle, ctx)) {
      if (record.startsWith("did=") && DID.matcher(record.substring(4).trim()).matches()) return record.substring(4).trim();
    }
    String url = web(handle, ctx) + "/.well-known/atproto-did";
    String did;
    try {
      did = http.get(url, "text/plain", java.util.Map.of(), null).text().trim();
    } catch (FetchException e) {
      if (e.verdict() instanceof Verdict.NotFound) {
        throw new FetchException(Verdict.notFound("handle " + handle + " does not resolve to a DID (no _atproto TXT, no atproto-did)", url));
      }
      throw e;
    }
    if (!DID.matcher(did).matches()) throw new FetchException(Verdict.invalid("atproto-did of " + handle + " is not a DID", url));
    return did;
  }

  private void checkDidDocument(String did, String handle, ChannelContext ctx, SafeHttp http) throws FetchException {
    String url = did.startsWith("did:plc:")
        ? ctx.endpoint(Endpoints.BLUESKY_PLC, Endpoints.defaultOf(Endpoints.BLUESKY_PLC)) + "/" + did
        : web(java.net.URLDecoder.decode(did.substring("did:web:".length()), StandardCharsets.UTF_8), ctx) + "/.well-known/did.json";
    JsonNode doc = http.json(url, "application/did+json, application/json");
    if (!did.equals(doc.path("id").asText())) throw new FetchException(Verdict.invalid("DID document at " + url + " is not for " + did, url));
    for (JsonNode aka : doc.path("alsoKnownAs")) {
      if (("at://" + handle).equalsIgnoreCase(aka.asText())) return;
    }
    throw new FetchException(Verdict.invalid("DID document of " + did + " does not name at://" + handle + " in alsoKnownAs", url));
  }

  private static String web(String host, ChannelContext ctx) {
    String override = ctx.endpoint(Endpoints.BLUESKY_WEB, null);
    return override != null ? override : "https://" + host;
  }

  @Override
  public String publishInstructions(Account account, Claim claim, Encoding encoding) {
    return "Post " + encoding.proofName() + " from " + account.id()
        + " on Bluesky as its own post (not a reply or repost), or put it in the profile description.";
  }
}
