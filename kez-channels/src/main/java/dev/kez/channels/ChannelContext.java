package dev.kez.channels;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings a plugin reads: endpoint overrides (key {@code <CHANNEL>_<ENDPOINT>}, e.g.
 * {@code GITHUB_API}, from flags, {@code KEZ_GITHUB_API} or {@code KEZ_HOME/config}),
 * the DNS server, nostr relays, limits, and whether private addresses may be fetched.
 */
public record ChannelContext(
    Map<String, String> endpoints,
    String dnsServer,
    List<String> relays,
    Duration timeout,
    boolean allowPrivate,
    Clock clock) {
  public ChannelContext {
    endpoints = Map.copyOf(endpoints);
    relays = List.copyOf(relays);
  }

  /** An endpoint by key ({@code GITHUB_API}), or the default. */
  public String endpoint(String key, String defaultValue) {
    return endpoints.getOrDefault(key, defaultValue);
  }
}
