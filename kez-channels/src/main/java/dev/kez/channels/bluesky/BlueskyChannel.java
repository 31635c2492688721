package dev.kez.channels.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ChannelPlugin;
import dev.kez.channels.Endpoint;
import dev.kez.channels.Findings;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.SizeLimit;
import dev.kez.channels.dns.DnsUnreachableException;
import dev.kez.channels.dns.TxtResolver;
import dev.kez.channels.http.FetchException;
import dev.kez.channels.http.SafeHttp;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.status.Verdict;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code bluesky:<handle>}: handle → DID ({@code _atproto.<handle>} TXT {@code did=…} and {@code
 * https://<handle>/.well-known/atproto-did}, which must not disagree), the DID document (PLC
 * directory for did:plc, {@code /.well-known/did.json} for did:web) must have {@code at://<handle>}
 * as its first {@code at://} entry of {@code alsoKnownAs}; the proof is a post authored by that DID
 * (reposts ignored) or the profile description, read from the public AppView without login.
 */
public final class BlueskyChannel implements ChannelPlugin {
  public static final Endpoint APPVIEW =
      new Endpoint(
          "BLUESKY_APPVIEW",
          "https://public.api.bsky.app",
          "Bluesky AppView base (getAuthorFeed, getProfile)");
  public static final Endpoint PLC =
      new Endpoint(
          "BLUESKY_PLC", "https://plc.directory", "PLC directory base (did:plc documents)");
  public static final Endpoint WEB =
      new Endpoint(
          "BLUESKY_WEB",
          null,
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
   * The handle's TXT strings through the DNS channel's resolver. A DNS failure is not fatal: the
   * handle may still resolve over HTTPS, which is tried next.
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
      didDocument(did, handle, ctx, http);
      String appview = ctx.endpoint(APPVIEW);
      String actor = URLEncoder.encode(did, StandardCharsets.UTF_8);
      Findings findings = new Findings();
      JsonNode feed =
          http.json(
                  appview + "/xrpc/app.bsky.feed.getAuthorFeed?actor=" + actor + "&limit=100", JSON)
              .path("feed");
      if (!feed.isArray())
        throw new FetchException(
            Verdict.invalid("AppView getAuthorFeed answer has no \"feed\" array", appview));
      for (JsonNode item : feed) {
        JsonNode post = item.path("post");
        // Only the DID's own posts: a repost (item.reason) or someone else's post proves nothing.
        if (item.hasNonNull("reason") || !did.equals(post.path("author").path("did").asText()))
          continue;
        findings.scan(post.path("record").path("text").asText(""), post.path("uri").asText(null));
      }
      if (findings.isEmpty()) {
        JsonNode profile =
            http.json(appview + "/xrpc/app.bsky.actor.getProfile?actor=" + actor, JSON);
        if (!did.equals(profile.path("did").asText())) {
          throw new FetchException(
              Verdict.invalid(
                  "AppView profile is for " + profile.path("did").asText("nobody") + ", not " + did,
                  appview));
        }
        findings.scan(
            profile.path("description").asText(""), "at://" + did + "/app.bsky.actor.profile/self");
      }
      return findings.lookup(
          http.evidence(),
          p -> Verdict.invalid(handle + ": " + p, did),
          Verdict.notFound(
              "no post or profile of " + handle + " (" + did + ") holds a kez claim", did));
    } catch (FetchException e) {
      return new ProofLookup.Failed(e.verdict(), http.evidence());
    }
  }

  /**
   * The handle's DID by both atproto methods at once (SPEC §10.4): every {@code did=} TXT record at
   * {@code _atproto.<handle>}, and {@code /.well-known/atproto-did}. The answers must name one DID;
   * several, in whatever order they came, are {@code invalid}. When a TXT record names the DID, a
   * well-known file that fails or holds no DID is no answer (many sites serve a page for any path).
   */
  String resolveHandle(String handle, ChannelContext ctx, SafeHttp http) throws FetchException {
    String url = web(handle, ctx) + "/.well-known/atproto-did";
    FutureTask<String> wellKnown =
        new FutureTask<>(() -> http.get(url, "text/plain", java.util.Map.of(), null).text().trim());
    Thread.ofVirtual().start(wellKnown);
    Map<String, String> dids =
        new TreeMap<>(); // DID -> where it came from; sorted, so the verdict ignores order
    for (String record : txt.apply("_atproto." + handle, ctx)) {
      String did = record.startsWith("did=") ? record.substring(4).trim() : "";
      if (DID.matcher(did).matches()) dids.put(did, "_atproto TXT");
    }
    @Nullable String fromWeb;
    try {
      fromWeb = wellKnown.get();
    } catch (ExecutionException e) {
      if (!dids.isEmpty()) fromWeb = null;
      else if (e.getCause() instanceof FetchException f
          && f.verdict() instanceof Verdict.NotFound) {
        throw new FetchException(
            Verdict.notFound(
                "handle " + handle + " does not resolve to a DID (no _atproto TXT, no atproto-did)",
                url));
      } else if (e.getCause() instanceof FetchException f) throw f;
      else throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException(Verdict.unreachable("interrupted resolving " + handle, true, url));
    }
    if (fromWeb != null && DID.matcher(fromWeb).matches())
      dids.merge(fromWeb, "atproto-did", (a, b) -> a + " and " + b);
    else if (dids.isEmpty())
      throw new FetchException(Verdict.invalid("atproto-did of " + handle + " is not a DID", url));
    if (dids.size() > 1) {
      throw new FetchException(
          Verdict.invalid(
              "handle "
                  + handle
                  + " names several DIDs ("
                  + String.join(
                      ", ",
                      dids.entrySet().stream()
                          .map(d -> d.getKey() + " by " + d.getValue())
                          .toList())
                  + "), so it resolves to none",
              url));
    }
    return dids.keySet().iterator().next();
  }

  /**
   * The DID document, which must be the DID's, and its handle — the first at:// entry of
   * alsoKnownAs — this handle.
   */
  static JsonNode didDocument(String did, String handle, ChannelContext ctx, SafeHttp http)
      throws FetchException {
    String url =
        did.startsWith("did:plc:")
            ? ctx.endpoint(PLC) + "/" + did
            : web(
                    java.net.URLDecoder.decode(
                        did.substring("did:web:".length()), StandardCharsets.UTF_8),
                    ctx)
                + "/.well-known/did.json";
    JsonNode doc = http.json(url, "application/did+json, application/json");
    if (!did.equals(doc.path("id").asText()))
      throw new FetchException(
          Verdict.invalid("DID document at " + url + " is not for " + did, url));
    String named = null;
    for (JsonNode aka : doc.path("alsoKnownAs")) {
      if (aka.asText("").regionMatches(true, 0, "at://", 0, 5)) {
        named = aka.asText();
        break;
      }
    }
    if (!("at://" + handle).equalsIgnoreCase(named)) {
      throw new FetchException(
          Verdict.invalid(
              "DID document of "
                  + did
                  + " names "
                  + (named == null ? "no handle" : named)
                  + " as its handle (the first at:// entry of alsoKnownAs), not at://"
                  + handle,
              url));
    }
    return doc;
  }

  /**
   * The account's PDS: the DID document's {@code #atproto_pds} service, in the W3C form ({@code
   * service[].serviceEndpoint}) or the PLC data form ({@code services.atproto_pds.endpoint}).
   */
  static @Nullable String pds(JsonNode doc) {
    for (JsonNode s : doc.path("service")) {
      if (s.path("id").asText("").endsWith("#atproto_pds") && s.path("serviceEndpoint").isTextual())
        return s.path("serviceEndpoint").asText();
    }
    JsonNode old = doc.path("services").path("atproto_pds").path("endpoint");
    return old.isTextual() ? old.asText() : null;
  }

  private static String web(String host, ChannelContext ctx) {
    String override = ctx.endpoint(WEB);
    return override != null ? override : "https://" + host;
  }

  @Override
  public Optional<ProofPublisher> publisher() {
    return Optional.of(new BlueskyPublisher(this));
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
  public String publishInstructions(Account account, Claim claim, Encoding encoding) {
    return "Post "
        + encoding.proofName()
        + " from "
        + account.id()
        + " on Bluesky as its own post (not a reply or repost), or put it in the profile description.";
  }
}
