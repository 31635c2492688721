package dev.kez.channels;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settings a plugin reads: endpoint overrides (key {@code <CHANNEL>_<ENDPOINT>}, e.g. {@code
 * GITHUB_API}, from flags, {@code KEZ_GITHUB_API} or {@code KEZ_HOME/config}), the DNS server,
 * nostr relays, limits, and whether private addresses may be fetched.
 */
public record ChannelContext(
    Map<String, String> endpoints,
    @Nullable String dnsServer,
    List<String> relays,
    Duration timeout,
    boolean allowPrivate,
    Clock clock) {
  public ChannelContext {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(clock, "clock");
    endpoints = Map.copyOf(endpoints);
    relays = List.copyOf(relays);
  }

  /** The endpoint as configured, else its default (null when it has none). */
  public @Nullable String endpoint(Endpoint endpoint) {
    return endpoints.getOrDefault(endpoint.key(), endpoint.defaultValue());
  }
}
