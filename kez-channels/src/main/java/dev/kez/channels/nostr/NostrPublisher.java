package dev.kez.channels.nostr;

import dev.kez.core.json.Json;
import dev.kez.core.nostr.NostrEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Sends an event to relays ({@code ["EVENT",…]}) and reads each relay's {@code ["OK",…]}. */
public final class NostrPublisher {
  /** One relay's answer: accepted or not, with the relay's message or our failure reason. */
  public record Result(String relay, boolean accepted, String message) {}

  private NostrPublisher() {}

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
}
