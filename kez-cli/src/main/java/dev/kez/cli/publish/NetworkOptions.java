package dev.kez.cli.publish;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.config.Endpoints;
import dev.kez.cli.Converters;
import dev.kez.cli.Kez;
import dev.kez.core.MalformedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The network options {@code kez publish}, {@code kez unpublish} and {@code kez sigchain publish} share with {@code kez verify id}. */
public final class NetworkOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--relay", paramLabel = "URL", converter = Converters.Relay.class, description = "A nostr relay (wss://…); repeatable.")
  List<String> relays = new ArrayList<>();

  @Option(names = "--dns-server", paramLabel = "HOST:PORT", converter = Converters.DnsServer.class,
      description = "DNS server to update and read (default: the system's).")
  @Nullable String dnsServer;

  @Option(names = "--endpoint", paramLabel = "KEY=URL", description = "Override one endpoint, e.g. GITHUB_API=https://ghe.example/api/v3; repeatable.")
  Map<String, String> endpoints = new LinkedHashMap<>();

  @Option(names = "--allow-private", description = "Allow loopback and private addresses (test setups only).")
  boolean allowPrivate;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = Converters.Timeout.class,
      description = "Longest each step (publish, check) may take: 10s, 1500ms, 1m (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** The channels' context; an endpoint of the wrong shape is a usage error naming the key, before anything is sent. */
  public ChannelContext context(Kez kez) {
    Map<String, String> ep;
    try {
      ep = Endpoints.resolve(endpoints, kez.env(), kez.homeDir());
    } catch (MalformedException e) {
      throw new ParameterException(spec.commandLine(), "--endpoint: " + e.getMessage());
    }
    return new ChannelContext(ep, dnsServer, relays, timeout, allowPrivate, kez.clock());
  }
}
