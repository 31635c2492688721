package dev.kez.channels.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ChannelPlugin;
import dev.kez.channels.Endpoint;
import dev.kez.channels.Findings;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.SizeLimit;
import dev.kez.channels.dns.DnsUnreachableException;
import dev.kez.channels.dns.TxtResolver;
import dev.kez.channels.http.FetchException;
import dev.kez.channels.http.SafeHttp;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.status.Verdict;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
public final class BlueskyChannel implements ChannelPlugin {
  public static final Endpoint APPVIEW = new Endpoint("BLUESKY_APPVIEW", "https://public.api.bsky.app",
      "Bluesky AppView base (getAuthorFeed, getProfile)");
  public static final Endpoint PLC = new Endpoint("BLUESKY_PLC", "https://plc.directory", "PLC directory base (did:plc documents)");
  public static final Endpoint WEB = new Endpoint("BLUESKY_WEB", null,
      "scheme+host used instead of https://<host> for /.well-known/atproto-did and did:web documents");
  /** A Bluesky post: 300 graphemes. */
  static final SizeLimit LIMIT = new SizeLimit(300, SizeLimit.Unit.GRAPHEMES);
  private static final Pattern DID = Pattern.compile("did:(plc:[a-z2-7]{24}|web:[a-zA-Z0-9.%-]+)");
  private static final String JSON = "application/json";

  private final BiFunction<String, ChannelContext, List<String>> txt;

  public BlueskyChannel() {
    this(BlueskyChannel::txt);
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
  public BlueskyChannel(BiFunction<String, ChannelContext, List<String>> txt) {
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
      String appview = ctx.endpoint(APPVIEW);
      String actor = URLEncoder.encode(did, StandardCharsets.UTF_8);
      Findings findings = new Findings();
      JsonNode feed = http.json(appview + "/xrpc/app.bsky.feed.getAuthorFeed?actor=" + actor + "&limit=100", JSON).path("feed");
      if (!feed.isArray()) throw new FetchException(Verdict.invalid("AppView getAuthorFeed answer has no \"feed\" array", appview));
      for (JsonNode item : feed) {
        JsonNode post = item.path("post");
        // Only the DID's own posts: a repost (item.reason) or someone else's post proves nothing.
        if (item.hasNonNull("reason") || !did.equals(post.path("author").path("did").asText())) continue;
        findings.scan(post.path("record").path("text").asText(""), post.path("uri").asText(null));
      }
      if (findings.isEmpty()) {
        JsonNode profile = http.json(appview + "/xrpc/app.bsky.actor.getProfile?actor=" + actor, JSON);
        if (!did.equals(profile.path("did").asText())) {
          throw new FetchException(Verdict.invalid("AppView profile is for " + profile.path("did").asText("nobody") + ", not " + did, appview));
        }
        findings.scan(profile.path("description").asText(""), "at://" + did + "/app.bsky.actor.profile/self");
      }
      return findings.lookup(http.evidence(), p -> Verdict.invalid(handle + ": " + p, did),
          Verdict.notFound("no post or profile of " + handle + " (" + did + ") holds a kez claim", did));
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
        ? ctx.endpoint(PLC) + "/" + did
        : web(java.net.URLDecoder.decode(did.substring("did:web:".length()), StandardCharsets.UTF_8), ctx) + "/.well-known/did.json";
    JsonNode doc = http.json(url, "application/did+json, application/json");
    if (!did.equals(doc.path("id").asText())) throw new FetchException(Verdict.invalid("DID document at " + url + " is not for " + did, url));
    for (JsonNode aka : doc.path("alsoKnownAs")) {
      if (("at://" + handle).equalsIgnoreCase(aka.asText())) return;
    }
    throw new FetchException(Verdict.invalid("DID document of " + did + " does not name at://" + handle + " in alsoKnownAs", url));
  }

  private static String web(String host, ChannelContext ctx) {
    String override = ctx.endpoint(WEB);
    return override != null ? override : "https://" + host;
  }

  @Override
  public SizeLimit limit() {
    return LIMIT;
  }

  @Override
  public List<Endpoint> endpoints() {
    return List.of(APPVIEW, PLC, WEB, TxtResolver.SERVER);
  }

  @Override
  public String publishInstructions(Account account, Claim claim) {
    return "Post the compact proof (kez:z1:…) from " + account.id()
        + " on Bluesky as its own post (not a reply or repost), or put it in the profile description.";
  }
}
