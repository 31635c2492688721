package dev.kez.cli;

import dev.kez.channels.nostr.RelayClient;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.encoding.Encoding;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The option and parameter types of the command line, converted before a command runs: a bad value
 * is a usage error (exit 2) naming the option and what it expects, and commands receive typed
 * values. Types are registered once for the whole tree ({@link #register}); string options with a
 * shape of their own name their converter ({@code converter = …}).
 */
public final class Converters {
  private Converters() {}

  /** Registers the converter of every domain type on a command tree (subcommands included). */
  static void register(CommandLine cl) {
    cl.registerConverter(Account.class, from(Account::parse));
    cl.registerConverter(PublicKey.class, from(PublicKey::parse));
    cl.registerConverter(Encoding.class, from(Encoding::fromName));
    cl.registerConverter(Algorithm.class, from(Algorithm::fromName));
    cl.registerConverter(Duration.class, from(Durations::parse));
  }

  /** A parser that throws {@link MalformedException} (the domain's bad input) as a converter. */
  private static <T> ITypeConverter<T> from(Function<String, T> parse) {
    return s -> parse(parse, s);
  }

  private static <T> T parse(Function<String, T> parse, String s) {
    try {
      return parse.apply(s);
    } catch (MalformedException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** A key as a name (a chain's, on a sig server): a public key in its one canonical spelling. */
  public static final class CanonicalKey implements ITypeConverter<PublicKey> {
    @Override
    public PublicKey convert(String s) {
      PublicKey key = parse(PublicKey::parse, s);
      if (!key.encoded().equals(s))
        throw new TypeConversionException(
            "'" + s + "' is not in canonical form (" + key.encoded() + ")");
      return key;
    }
  }

  /** {@code --timeout}: a duration from 100 ms to 10 minutes. */
  public static final class Timeout implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String s) {
      Duration d = parse(Durations::parse, s);
      if (d.toMillis() < 100 || d.toMinutes() > 10)
        throw new TypeConversionException("'" + s + "' is out of range (100ms to 10m)");
      return d;
    }
  }

  /** {@code --expires-in}: a duration of at least one second. */
  public static final class Expiry implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String s) {
      Duration d = parse(Durations::parse, s);
      if (d.toSeconds() < 1)
        throw new TypeConversionException("'" + s + "': an expiry is at least 1s");
      return d;
    }
  }

  /** {@code --relay}: a nostr relay, {@code ws://} or {@code wss://} with a host. */
  public static final class Relay implements ITypeConverter<String> {
    @Override
    public String convert(String s) {
      return parse(RelayClient::relayUri, s).toString();
    }
  }

  /** {@code --chain-server}, {@code --server}, endpoint values: an http(s) URL with a host. */
  public static final class HttpUrl implements ITypeConverter<String> {
    @Override
    public String convert(String s) {
      return httpUrl(s).toString();
    }
  }

  public static URI httpUrl(String s) {
    try {
      URI u = new URI(s.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https"))
          && u.getHost() != null
          && u.getRawUserInfo() == null
          && u.getQuery() == null
          && u.getFragment() == null) {
        return u;
      }
    } catch (URISyntaxException e) {
      // reported below, in the same words
    }
    throw new TypeConversionException(
        "'" + s + "' is not an http:// or https:// URL with a host (e.g. https://api.example)");
  }

  /**
   * {@code --dns-server}: {@code host:port}, {@code [v6]:port} or a bare host (port 53). The host
   * is resolved here, so that a name that does not resolve is a usage error, not an unreachable
   * account.
   */
  public static final class DnsServer implements ITypeConverter<String> {
    @Override
    public String convert(String s) {
      return dnsServer(s);
    }
  }

  public static String dnsServer(String s) {
    String expected =
        "'"
            + s
            + "' is not a DNS server: expected HOST, HOST:PORT or [IPv6]:PORT with a port from 1 to 65535";
    URI u;
    try {
      u = new URI("dns://" + s.strip());
    } catch (URISyntaxException e) {
      throw new TypeConversionException(expected);
    }
    if (u.getHost() == null
        || u.getRawPath() != null && !u.getRawPath().isEmpty()
        || u.getRawUserInfo() != null
        || u.getPort() == 0
        || u.getPort() > 65535
        || u.getQuery() != null
        || u.getFragment() != null) {
      throw new TypeConversionException(expected);
    }
    try {
      InetAddress.getByName(u.getHost());
    } catch (UnknownHostException e) {
      throw new TypeConversionException(
          "'" + s + "': cannot resolve the DNS server's host " + u.getHost());
    }
    return s.strip();
  }
}
