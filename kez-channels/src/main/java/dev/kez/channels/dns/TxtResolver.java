package dev.kez.channels.dns;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.Endpoint;
import dev.kez.channels.Evidence;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Digests;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * TXT lookups through dnsjava. The server is {@code ctx.dnsServer()} or the {@code DNS_SERVER}
 * endpoint ({@code host:port}, {@code [v6]:port} or a bare host for port 53), or else the system's
 * resolvers as dnsjava reads them (resolv.conf, once per JVM; 127.0.0.1:53 when it lists none). No
 * cache: every call asks the server, so a removed proof is seen as removed.
 */
public final class TxtResolver {
  /** The DNS server when no {@code --dns-server} is given; the dns and bluesky channels read it. */
  public static final Endpoint SERVER =
      new Endpoint(
          "DNS_SERVER",
          null,
          "DNS server host:port for _kez and _atproto TXT lookups (unset: the system's resolvers)");

  /** The TXT records found at a name (each a list of its character-strings), and the raw answer. */
  public record Answer(
      String name,
      String server,
      int rcode,
      List<List<String>> records,
      byte[] wire,
      Instant fetchedAt) {
    public Answer {
      records = records.stream().map(List::copyOf).toList();
    }

    /** The raw DNS answer as evidence: an RFC 4501 dns: URI and the RFC 8484 message bytes. */
    public Evidence evidence() {
      return new Evidence(
          "dns://" + server + "/" + name + "?type=TXT",
          fetchedAt,
          rcode,
          "application/dns-message",
          HexFormat.of().formatHex(Digests.sha256(wire)),
          wire.clone());
    }
  }

  private TxtResolver() {}

  /** The character-strings of each TXT record at {@code name}; empty on NXDOMAIN or no TXT. */
  public static List<List<String>> lookupTxt(String name, ChannelContext ctx)
      throws DnsUnreachableException {
    return lookup(name, ctx).records();
  }

  /** As {@link #lookupTxt}, keeping the raw answer for evidence. */
  public static Answer lookup(String name, ChannelContext ctx) throws DnsUnreachableException {
    Name qname;
    try {
      qname = Name.fromString(name.endsWith(".") ? name : name + ".");
    } catch (TextParseException e) {
      throw new MalformedException("malformed DNS name '" + name + "'");
    }
    Duration timeout = ctx.timeout();
    String configured = server(ctx);
    Resolver resolver = resolver(configured);
    resolver.setTimeout(timeout);
    String server = configured == null ? "system" : configured;
    Message response;
    try {
      // A hard bound on the whole exchange (retries, TCP fallback included).
      response =
          resolver
              .sendAsync(Message.newQuery(Record.newRecord(qname, Type.TXT, DClass.IN)))
              .toCompletableFuture()
              .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new DnsUnreachableException(
          "DNS timeout after " + timeout.toMillis() + " ms asking " + server + " for " + name,
          true);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      boolean timedOut =
          cause instanceof java.net.SocketTimeoutException || cause instanceof TimeoutException;
      throw new DnsUnreachableException(
          "DNS "
              + (timedOut ? "timeout" : "failure")
              + " asking "
              + server
              + " for "
              + name
              + ": "
              + oneLine(cause),
          true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DnsUnreachableException("DNS lookup interrupted", true);
    }
    int rcode = response.getRcode();
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      throw new DnsUnreachableException(
          "DNS server " + server + " answered " + Rcode.string(rcode) + " for " + name,
          rcode == Rcode.SERVFAIL);
    }
    List<List<String>> records = new ArrayList<>();
    for (Record r : response.getSection(Section.ANSWER)) {
      if (r
          instanceof
          TXTRecord txt) { // a recursive answer may also hold the CNAME chain leading here
        records.add(
            txt.getStringsAsByteArrays().stream()
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .toList());
      }
    }
    return new Answer(
        qname.toString(true), server, rcode, records, response.toWire(), ctx.clock().instant());
  }

  /**
   * {@code --dns-server}, else the {@code DNS_SERVER} endpoint ({@code KEZ_DNS_SERVER}), else null:
   * the system's.
   */
  public static @Nullable String server(ChannelContext ctx) {
    String s =
        ctx.dnsServer() != null && !ctx.dnsServer().isBlank()
            ? ctx.dnsServer()
            : ctx.endpoint(SERVER);
    return s == null || s.isBlank() ? null : s.trim();
  }

  static Resolver resolver(@Nullable String server) {
    if (server == null) return new ExtendedResolver();
    try {
      URI uri = URI.create("dns://" + server.trim());
      if (uri.getHost() == null)
        throw new MalformedException("malformed DNS server '" + server + "': expected host:port");
      return new SimpleResolver(
          new InetSocketAddress(
              uri.getHost(), uri.getPort() < 0 ? SimpleResolver.DEFAULT_PORT : uri.getPort()));
    } catch (IllegalArgumentException e) {
      throw new MalformedException("malformed DNS server '" + server + "': expected host:port");
    }
  }

  /** The cause in words: a user sees this reason, so never a Java exception's name. */
  private static String oneLine(Throwable t) {
    if (t instanceof java.net.PortUnreachableException)
      return "nothing answers on that port (ICMP port unreachable)";
    if (t instanceof java.net.SocketTimeoutException) return "timed out";
    if (t instanceof java.net.ConnectException) return "connection refused";
    if (t instanceof java.net.UnknownHostException
        || t instanceof java.nio.channels.UnresolvedAddressException) return "unknown host";
    String m = t.getMessage();
    return m == null || m.isBlank() ? "network error" : m.replaceAll("\\s+", " ").trim();
  }
}
