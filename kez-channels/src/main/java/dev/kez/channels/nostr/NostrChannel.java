package dev.kez.channels.nostr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ChannelPlugin;
import dev.kez.channels.Endpoint;
import dev.kez.channels.Evidence;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.SizeLimit;
import dev.kez.channels.http.AddressPolicy;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.NostrPublicKey;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.json.Json;
import dev.kez.core.nostr.NostrEvent;
import dev.kez.core.status.Verdict;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code nostr:<npub>}: the newest event of kind 30078 with tag {@code ["d","kez"]} authored by the
 * account's key, whose content is the claim (compact or JSON). Every event is checked per NIP-01
 * (id and signature) and must be by the account's key; relays are untrusted couriers. Relays: the
 * context's ({@code --relay}), else {@code NOSTR_RELAYS} (comma separated), else {@link
 * #DEFAULT_RELAYS}; plus the author's NIP-65 write relays (kind 10002) when those relays hold a
 * list.
 */
public final class NostrChannel implements ChannelPlugin {
  public static final int KIND = 30078;
  public static final String D_TAG = "kez";
  public static final int RELAY_LIST_KIND = 10002;
  public static final List<String> DEFAULT_RELAYS =
      List.of("wss://relay.damus.io", "wss://nos.lol", "wss://relay.nostr.band");
  public static final Endpoint RELAYS =
      new Endpoint(
          "NOSTR_RELAYS",
          null,
          "comma-separated relays (unset: "
              + String.join(", ", DEFAULT_RELAYS)
              + "); --relay overrides them");

  /**
   * A nostr event's content: NIP-11 relays advertise max_content_length; 8 KiB is widely accepted.
   */
  static final SizeLimit LIMIT = new SizeLimit(8 * 1024, SizeLimit.Unit.BYTES);

  /** At most this many extra relays are taken from an author's NIP-65 list. */
  static final int MAX_LISTED_RELAYS = 8;

  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public Account.Channel channel() {
    return Account.Channel.NOSTR;
  }

  @Override
  public SizeLimit limit() {
    return LIMIT;
  }

  @Override
  public List<Endpoint> endpoints() {
    return List.of(RELAYS);
  }

  @Override
  public String publishInstructions(Account account, Claim claim, Encoding encoding) {
    // the event's content is JSON or compact (decodeClaim): any other form printed is not it
    String content =
        encoding == Encoding.JSON || encoding == Encoding.COMPACT
            ? encoding.proofName()
            : "the claim as JSON:\n" + claim.canonicalJson();
    return "Publish a nostr event of kind "
        + KIND
        + " with the tag [\"d\",\""
        + D_TAG
        + "\"], signed by the key of "
        + account.id()
        + ", whose content is "
        + content
        + "\n"
        + "(any client that publishes NIP-78 application data works; kez-channels' NostrPublisher does it with the account's nsec.)";
  }

  /**
   * The proof event for a claim, signed by the account's own nostr key (the claim itself may be
   * signed by another primary key): kind 30078, {@code ["d","kez"]}, content the claim's JCS JSON.
   */
  public static NostrEvent proofEvent(SecretKey accountKey, Claim claim, long createdAt) {
    return NostrEvent.sign(
        accountKey, createdAt, KIND, List.of(List.of("d", D_TAG)), claim.canonicalJson());
  }

  /** The relays to ask first: configured ones, else the defaults. */
  public static List<String> relays(ChannelContext ctx) {
    if (!ctx.relays().isEmpty()) return ctx.relays();
    String configured = ctx.endpoint(RELAYS);
    if (configured != null && !configured.isBlank()) {
      return List.of(configured.split("\\s*,\\s*")).stream().filter(s -> !s.isBlank()).toList();
    }
    return DEFAULT_RELAYS;
  }

  /**
   * Nostr needs no platform's help: KEZ signs the proof event with the account's key and sends it
   * to the relays ({@link NostrPublisher}).
   */
  @Override
  public Optional<ProofPublisher> publisher() {
    return Optional.of(new NostrPublisher());
  }

  @Override
  public ProofLookup fetch(Account account, ChannelContext ctx) {
    if (account.channel() != Account.Channel.NOSTR)
      throw new IllegalArgumentException("not a nostr account: " + account);
    String author = ((NostrPublicKey) PublicKey.parse(account.id())).hex();
    Duration timeout = ctx.timeout();
    Clock clock = ctx.clock();

    Set<String> asked =
        new LinkedHashSet<>(relays(ctx).stream().map(NostrChannel::normalize).toList());
    ObjectNode proof = filter(KIND, author).set("#d", Json.mapper().createArrayNode().add(D_TAG));
    List<RelayClient.Exchange> first =
        ask(
            List.copyOf(asked),
            List.of(proof, filter(RELAY_LIST_KIND, author).put("limit", 1)),
            timeout,
            ctx.allowPrivate(),
            clock);
    List<RelayClient.Exchange> all = new ArrayList<>(first);
    List<String> listed =
        relayList(first, author).stream()
            .map(NostrChannel::normalize)
            .filter(asked::add)
            .limit(MAX_LISTED_RELAYS)
            .toList();
    if (!listed.isEmpty())
      all.addAll(ask(listed, List.of(proof), timeout, ctx.allowPrivate(), clock));
    return decide(account, author, all);
  }

  static ObjectNode filter(int kind, String author) {
    ObjectNode f = Json.newObject();
    f.putArray("kinds").add(kind);
    f.putArray("authors").add(author);
    return f;
  }

  /** Asks every relay at once with one subscription holding the filters. */
  static List<RelayClient.Exchange> ask(
      List<String> relays,
      List<ObjectNode> filters,
      Duration timeout,
      boolean allowPrivate,
      Clock clock) {
    String sub = "kez-" + HexFormat.of().formatHex(randomBytes());
    ArrayNode req = Json.mapper().createArrayNode().add("REQ").add(sub);
    filters.forEach(req::add);
    String close = Json.write(Json.mapper().createArrayNode().add("CLOSE").add(sub));
    List<CompletableFuture<RelayClient.Exchange>> futures =
        relays.stream()
            .map(r ->
                RelayClient.exchange(
                    r,
                    List.of(Json.write(req)),
                    m -> ends(m, sub),
                    close,
                    timeout,
                    allowPrivate,
                    clock))
            .toList();
    return futures.stream()
        .map(CompletableFuture::join)
        .map(e -> withSubscription(e, sub))
        .toList();
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return b;
  }

  private static boolean ends(JsonNode m, String sub) {
    String type = m.get(0).asText();
    return (type.equals("EOSE") || type.equals("CLOSED")) && sub.equals(m.path(1).asText());
  }

  /** Keeps only this subscription's events; a CLOSED answer makes the relay a failure. */
  private static RelayClient.Exchange withSubscription(RelayClient.Exchange e, String sub) {
    List<JsonNode> events = new ArrayList<>();
    String failure = e.failure();
    for (JsonNode m : e.messages()) {
      if (!sub.equals(m.path(1).asText())) continue;
      switch (m.get(0).asText()) {
        case "EVENT" -> events.add(m.path(2));
        case "CLOSED" -> failure = "relay closed the subscription: " + m.path(2).asText("");
        default -> {}
      }
    }
    return new RelayClient.Exchange(e.relay(), events, failure, e.retryable(), e.evidence());
  }

  /** The author's NIP-65 write relays from the newest valid relay list, if any relay had one. */
  static List<String> relayList(List<RelayClient.Exchange> exchanges, String author) {
    return events(exchanges).stream()
        .filter(ev -> ev.kind() == RELAY_LIST_KIND && ev.pubkey().equals(author) && ev.verify())
        .max(NEWEST)
        .map(ev ->
            ev.tags().stream()
                .filter(t ->
                    t.size() >= 2
                        && t.get(0).equals("r")
                        && (t.size() == 2 || t.get(2).equals("write") || t.get(2).isEmpty()))
                .map(t -> t.get(1))
                .filter(r -> r.startsWith("ws://") || r.startsWith("wss://"))
                .toList())
        .orElse(List.of());
  }

  /** Newest first; on equal times the lowest id wins, as NIP-01 says for replaceable events. */
  private static final Comparator<NostrEvent> NEWEST =
      Comparator.comparingLong(NostrEvent::createdAt)
          .thenComparing(NostrEvent::id, Comparator.reverseOrder());

  static List<NostrEvent> events(List<RelayClient.Exchange> exchanges) {
    List<NostrEvent> out = new ArrayList<>();
    for (RelayClient.Exchange e : exchanges) {
      for (JsonNode m : e.messages()) {
        try {
          out.add(NostrEvent.parse(m));
        } catch (MalformedException ignored) {
          // a relay sending garbage is no proof of anything; it stays in the evidence
        }
      }
    }
    return out;
  }

  private static ProofLookup decide(
      Account account, String author, List<RelayClient.Exchange> exchanges) {
    List<Evidence> evidence =
        exchanges.stream().map(RelayClient.Exchange::evidence).filter(Objects::nonNull).toList();
    List<NostrEvent> candidates =
        events(exchanges).stream()
            .filter(ev ->
                ev.kind() == KIND
                    && ev.pubkey().equals(author)
                    && ev.tagValue("d").filter(D_TAG::equals).isPresent())
            .toList();
    Optional<NostrEvent> newest = candidates.stream().filter(NostrEvent::verify).max(NEWEST);
    if (newest.isPresent()) {
      NostrEvent ev = newest.get();
      List<String> on =
          exchanges.stream()
              .filter(
                  x -> x.messages().stream().anyMatch(m -> ev.id().equals(m.path("id").asText())))
              .map(RelayClient.Exchange::relay)
              .toList();
      String location = "nostr event " + ev.id() + " on " + String.join(", ", on);
      if (ev.content().isBlank()) // an unpublished proof: the newest event holds no claim (§10.3)
      return new ProofLookup.Failed(
            Verdict.notFound(
                "the newest kez event of " + account + " is empty: its proof was removed",
                location),
            evidence);
      try {
        return new ProofLookup.Found(List.of(decodeClaim(ev.content())), location, evidence);
      } catch (MalformedException e) {
        return new ProofLookup.Failed(
            Verdict.invalid(
                "the newest kez event of " + account + " holds no valid claim: " + e.getMessage(),
                location,
                ev.content()),
            evidence);
      }
    }
    if (!candidates.isEmpty()) {
      NostrEvent bad = candidates.get(0);
      String why =
          bad.computedId().equals(bad.id())
              ? "its signature does not verify"
              : "its id does not match its content";
      return new ProofLookup.Failed(
          Verdict.invalid(
              "kez event " + bad.id() + " for " + account + " fails the NIP-01 check: " + why,
              Json.write(bad.toJson())),
          evidence);
    }
    List<RelayClient.Exchange> answered =
        exchanges.stream().filter(RelayClient.Exchange::ok).toList();
    if (!answered.isEmpty()) {
      return new ProofLookup.Failed(
          Verdict.notFound(
              "no kez event (kind "
                  + KIND
                  + ", d="
                  + D_TAG
                  + ") by "
                  + account
                  + " on "
                  + String.join(", ", answered.stream().map(RelayClient.Exchange::relay).toList()),
              answered.stream().map(RelayClient.Exchange::relay).toArray(String[]::new)),
          evidence);
    }
    // every relay refused by the address policy: invalid, as an HTTP channel says it (SPEC.md
    // §13.1)
    if (exchanges.stream().allMatch(x -> AddressPolicy.isRefusal(x.failure()))) {
      return new ProofLookup.Failed(
          Verdict.invalid(
              String.valueOf(exchanges.get(0).failure()),
              exchanges.stream().map(RelayClient.Exchange::relay).toArray(String[]::new)),
          evidence);
    }
    String causes =
        String.join("; ", exchanges.stream().map(x -> x.relay() + ": " + x.failure()).toList());
    boolean retryable = exchanges.stream().anyMatch(RelayClient.Exchange::retryable);
    return new ProofLookup.Failed(
        Verdict.unreachable(
            "no relay answered: " + causes,
            retryable,
            exchanges.stream().map(RelayClient.Exchange::relay).toArray(String[]::new)),
        evidence);
  }

  /** A claim as published in an event's content: compact or JSON (nothing else). */
  static Claim decodeClaim(String content) {
    ClaimCodec.Decoded d = ClaimCodec.decode(content);
    if (d.encoding() != Encoding.COMPACT && d.encoding() != Encoding.JSON) {
      throw new MalformedException(
          "malformed claim: event content must be a compact string or JSON, not "
              + d.encoding().wireName());
    }
    return d.claim();
  }

  /** Relay addresses compare without a trailing slash and with a lowercase scheme and host. */
  static String normalize(String relay) {
    String r = relay.trim();
    int hostEnd = r.indexOf('/', r.indexOf("//") + 2);
    r =
        hostEnd < 0
            ? r.toLowerCase(java.util.Locale.ROOT)
            : r.substring(0, hostEnd).toLowerCase(java.util.Locale.ROOT) + r.substring(hostEnd);
    return r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
  }
}
