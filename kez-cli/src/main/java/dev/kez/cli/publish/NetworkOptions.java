package dev.kez.cli.publish;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.config.Endpoints;
import dev.kez.cli.Durations;
import dev.kez.cli.Kez;
import dev.kez.core.MalformedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The network options {@code kez publish} and {@code kez unpublish} share with {@code kez verify id}. */
public final class NetworkOptions {
  @Option(names = "--relay", paramLabel = "URL", description = "A nostr relay (wss://…); repeatable.")
  List<String> relays = new ArrayList<>();

  @Option(names = "--dns-server", paramLabel = "HOST:PORT", description = "DNS server to update and read (default: the system's).")
  @Nullable String dnsServer;

  @Option(names = "--endpoint", paramLabel = "KEY=URL", description = "Override one endpoint, e.g. GITHUB_API=https://ghe.example/api/v3; repeatable.")
  Map<String, String> endpoints = new LinkedHashMap<>();

  @Option(names = "--allow-private", description = "Allow loopback and private addresses (test setups only).")
  boolean allowPrivate;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
      description = "Longest each step (publish, check) may take: 10s, 1500ms, 1m (default: ${DEFAULT-VALUE}).")
  String timeout;

  public ChannelContext context(Kez kez) {
    Duration t = Durations.parse(timeout);
    if (t.toMillis() < 100 || t.toMinutes() > 10) throw new MalformedException("duration '" + timeout + "' out of range (100ms to 10m)");
    return new ChannelContext(Endpoints.resolve(endpoints, kez.env(), kez.homeDir()), dnsServer, relays, t, allowPrivate, kez.clock());
  }
}
