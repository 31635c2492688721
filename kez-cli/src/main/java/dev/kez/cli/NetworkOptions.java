package dev.kez.cli;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.config.Endpoints;
import dev.kez.core.MalformedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The network options of every command that reads or writes proofs ({@code verify id}, {@code
 * publish}, {@code unpublish}, {@code sigchain publish}): one set of flags, one check.
 */
public final class NetworkOptions {
  @Option(
      names = "--relay",
      paramLabel = "URL",
      converter = Converters.Relay.class,
      description = "A nostr relay (wss://…); repeatable.")
  List<String> relays = new ArrayList<>();

  @Option(
      names = "--dns-server",
      paramLabel = "HOST:PORT",
      converter = Converters.DnsServer.class,
      description =
          "DNS server for dns: and bluesky handles, and for dns updates (default: the system's).")
  @Nullable String dnsServer;

  @Option(
      names = "--endpoint",
      paramLabel = "KEY=URL",
      description =
          "Override one endpoint, e.g. GITHUB_API=https://ghe.example/api/v3; repeatable.")
  Map<String, String> endpoints = new LinkedHashMap<>();

  @Option(
      names = "--allow-private",
      description =
          "Allow loopback, private and other addresses that are not globally reachable (test setups only; also allow-private=true in KEZ_HOME/config, as ./kez-sandbox writes).")
  boolean allowPrivate;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = Converters.Timeout.class,
      description =
          "Longest one account's check (or one publishing step) may take: 10s, 1500ms, 1m (default: ${DEFAULT-VALUE}).")
  Duration timeout = Duration.ofSeconds(10);

  /**
   * The channels' context. Every endpoint, from --endpoint, KEZ_* variables and KEZ_HOME/config, is
   * checked before anything is fetched or sent: a value of the wrong shape is a usage error naming
   * where it came from, not a failed account.
   */
  public ChannelContext context(Kez kez) {
    Map<String, String> ep;
    try {
      ep = Endpoints.resolve(endpoints, kez.env(), kez.homeDir());
    } catch (MalformedException e) {
      throw Failure.usage("--endpoint: " + e.getMessage());
    }
    ep.forEach((key, value) -> {
      try {
        if (key.startsWith("DNS_")) Converters.dnsServer(value);
        else if (key.startsWith("NOSTR_"))
          for (String r : value.split(",")) new Converters.Relay().convert(r.strip());
        else Converters.httpUrl(value);
      } catch (TypeConversionException e) {
        String from =
            endpoints.keySet().stream().anyMatch(k -> Endpoints.normalize(k).equals(key))
                ? "--endpoint " + key
                : kez.env().containsKey("KEZ_" + key)
                    ? "KEZ_" + key
                    : key + " in " + kez.homeDir().resolve("config");
        throw Failure.usage("Invalid value for " + from + ": " + e.getMessage());
      }
    });
    boolean allow = allowPrivate || Endpoints.allowPrivate(kez.env(), kez.homeDir());
    return new ChannelContext(ep, dnsServer, relays, timeout, allow, kez.clock());
  }
}
