package dev.kez.channels.nostr;

import static dev.kez.channels.nostr.NostrChannel.D_TAG;
import static dev.kez.channels.nostr.NostrChannel.KIND;
import static dev.kez.channels.nostr.NostrChannel.MAX_LISTED_RELAYS;
import static dev.kez.channels.nostr.NostrChannel.RELAY_LIST_KIND;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.Evidence;
import dev.kez.channels.ProofPublisher;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.NostrPublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import dev.kez.core.nostr.NostrEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a nostr account's proof (SPEC §10.3): the kind 30078 event signed by the account's own
 * key, sent to the configured relays and the author's NIP-65 write relays, each relay's {@code
 * ["OK",…]} reported; removing it sends a newer event with empty content. Also the plain sender of
 * an event to relays.
 */
public final class NostrPublisher implements ProofPublisher {
  /** One relay's answer: accepted or not, with the relay's message or our failure reason. */
  public record Result(String relay, boolean accepted, String message) {}

  NostrPublisher() {}

  @Override
  public Outcome publish(Request req) {
    return send(req.claim().account(), req.claim(), req.credential(), req.context(), req.dryRun());
  }

  @Override
  public Outcome unpublish(
      Account account,
      Credential credential,
      ChannelContext ctx,
      boolean dryRun,
      @Nullable String chainBundle) {
    return send(account, null, credential, ctx, dryRun);
  }

  public static List<Result> publish(NostrEvent event, List<String> relays) {
    return publish(event, relays, Duration.ofSeconds(10), true);
  }

  /** Publishes to every relay at once; private addresses only when allowed. */
  public static List<Result> publish(
      NostrEvent event, List<String> relays, Duration timeout, boolean allowPrivate) {
    String message = Json.write(Json.mapper().createArrayNode().add("EVENT").add(event.toJson()));
    List<CompletableFuture<RelayClient.Exchange>> futures =
        relays.stream()
            .map(r ->
                RelayClient.exchange(
                    r,
                    List.of(message),
                    m -> m.get(0).asText().equals("OK") && event.id().equals(m.path(1).asText()),
                    null,
                    timeout,
                    allowPrivate,
                    Clock.systemUTC()))
            .toList();
    return futures.stream()
        .map(CompletableFuture::join)
        .map(x -> {
          if (!x.ok()) return new Result(x.relay(), false, x.failure());
          var ok = x.messages().get(x.messages().size() - 1);
          return new Result(x.relay(), ok.path(2).asBoolean(false), ok.path(3).asText(""));
        })
        .toList();
  }

  /**
   * Sends the proof event (or, for {@code claim} null, its replacement with empty content: the
   * event is parameterized-replaceable, so relays keep only the newest) to the configured relays
   * and the author's NIP-65 write relays, and reports each relay's {@code OK}.
   */
  private static Outcome send(
      Account account,
      @Nullable Claim claim,
      Credential credential,
      ChannelContext ctx,
      boolean dryRun) {
    SecretKey key;
    try {
      key = SecretKey.fromNsec(credential.secret());
    } catch (RuntimeException e) { // the reason would quote the secret
      return new Outcome.Refused("the credential is not a valid nsec", false, true, List.of());
    }
    if (!account.equals(new Account(Account.Channel.NOSTR, key.publicKey().encoded()))) {
      return new Outcome.Refused("the nsec is not the key of " + account, false, true, List.of());
    }
    String author = ((NostrPublicKey) key.publicKey()).hex();
    Set<String> targets =
        new LinkedHashSet<>(
            NostrChannel.relays(ctx).stream().map(NostrChannel::normalize).toList());
    ObjectNode proof =
        NostrChannel.filter(KIND, author).set("#d", Json.mapper().createArrayNode().add(D_TAG));
    List<RelayClient.Exchange> asked =
        NostrChannel.ask(
            List.copyOf(targets),
            List.of(NostrChannel.filter(RELAY_LIST_KIND, author).put("limit", 1), proof),
            ctx.timeout(),
            ctx.allowPrivate(),
            ctx.clock());
    NostrChannel.relayList(asked, author).stream()
        .map(NostrChannel::normalize)
        .limit(MAX_LISTED_RELAYS)
        .forEach(targets::add);
    // relays keep the newest addressable event, and on a tie the lowest id: a replacement must be
    // strictly newer
    long newest =
        NostrChannel.events(asked).stream()
            .filter(ev -> ev.kind() == KIND && ev.pubkey().equals(author) && ev.verify())
            .mapToLong(NostrEvent::createdAt)
            .max()
            .orElse(Long.MIN_VALUE);
    long createdAt =
        Math.max(
            ctx.clock().instant().getEpochSecond(),
            newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest + 1);
    NostrEvent event =
        NostrEvent.sign(
            key,
            createdAt,
            KIND,
            List.of(List.of("d", D_TAG)),
            claim == null ? "" : claim.canonicalJson());
    List<Evidence> evidence =
        asked.stream().map(RelayClient.Exchange::evidence).filter(Objects::nonNull).toList();
    if (dryRun) {
      return new Outcome.Planned(
          targets.stream().map(r -> "EVENT to " + r + "\n" + Json.write(event.toJson())).toList(),
          evidence);
    }
    List<Result> results = publish(event, List.copyOf(targets), ctx.timeout(), ctx.allowPrivate());
    List<String> report =
        results.stream()
            .map(r ->
                r.relay()
                    + ": "
                    + (r.accepted() ? "OK" : "refused")
                    + (r.message().isEmpty() ? "" : " (" + r.message() + ")"))
            .toList();
    List<String> accepted = results.stream().filter(Result::accepted).map(Result::relay).toList();
    if (!accepted.isEmpty()) {
      return new Outcome.Published(
          "nostr event " + event.id() + " on " + String.join(", ", accepted), report, evidence);
    }
    // a relay that is down now may not be later
    return new Outcome.Refused(
        "no relay accepted the "
            + (claim == null ? "replacement" : "proof")
            + " event: "
            + String.join("; ", results.stream().map(r -> r.relay() + ": " + r.message()).toList()),
        true,
        evidence);
  }
}
