package dev.kez.channels.http;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Which addresses a fetch made on someone else's word may reach: only globally reachable ones (SPEC
 * §13.1). The table is the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890; as of
 * 2025), their "Globally Reachable" column, plus the rows those registries leave to others
 * (multicast, the deprecated IPv4-compatible form, IPv6 space outside global unicast). The most
 * specific row containing an address decides; "N/A" counts as not reachable. Addresses that carry
 * an IPv4 address (IPv4-mapped, NAT64 well-known prefix, 6to4) are judged by that IPv4 address.
 *
 * <p>Shared by every client that connects where an untrusted party says: the channels' HTTP ({@link
 * SafeHttp}), nostr WebSockets, and the chat server's Web Push endpoints.
 */
public final class AddressPolicy {
  private AddressPolicy() {}

  /** What a row says of the addresses it covers. */
  enum Reach {
    /** Globally reachable: allowed. */
    GLOBAL,
    /** Not globally reachable (False or N/A in the registry): refused. */
    LOCAL,
    /** Carries an IPv4 address at {@link Row#embeddedAt()}: judged by that address. */
    EMBEDS_IPV4
  }

  /** One row of the table: a prefix, its registry name, where it comes from, and its verdict. */
  record Row(
      String cidr,
      String name,
      String source,
      Reach reach,
      int embeddedAt,
      byte[] network,
      int bits) {
    static Row of(String cidr, String name, String source, Reach reach) {
      return parse(cidr, name, source, reach, -1);
    }

    static Row embedding(String cidr, String name, String source, int embeddedAt) {
      return parse(cidr, name, source, Reach.EMBEDS_IPV4, embeddedAt);
    }

    private static Row parse(String cidr, String name, String source, Reach reach, int embeddedAt) {
      int slash = cidr.indexOf('/');
      byte[] net;
      try {
        net = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalStateException("a literal needs no lookup: " + cidr, e);
      }
      if (cidr.contains(":") && net.length == 4) { // Java reads ::ffff:a.b.c.d as IPv4
        byte[] mapped = new byte[16];
        mapped[10] = mapped[11] = (byte) 0xff;
        System.arraycopy(net, 0, mapped, 12, 4);
        net = mapped;
      }
      return new Row(
          cidr, name, source, reach, embeddedAt, net, Integer.parseInt(cidr.substring(slash + 1)));
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) return false;
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((address[i / 8] & mask) != (network[i / 8] & mask)) return false;
      }
      return true;
    }

    /** The first or last address of the row's prefix. */
    byte[] edge(boolean last) {
      byte[] a = network.clone();
      for (int i = bits; i < a.length * 8; i++) {
        int mask = 0x80 >>> (i % 8);
        a[i / 8] = (byte) (last ? a[i / 8] | mask : a[i / 8] & ~mask);
      }
      return a;
    }

    String describe() {
      return name + " (" + source + ")";
    }
  }

  private static final String V4 = "IANA IPv4 Special-Purpose Address Registry, ";
  private static final String V6 = "IANA IPv6 Special-Purpose Address Registry, ";

  /** IPv4; anything matching no row is public unicast. */
  static final List<Row> IPV4 =
      List.of(
          Row.of("0.0.0.0/8", "\"this network\"", V4 + "RFC 791 §3.2", Reach.LOCAL),
          Row.of(
              "0.0.0.0/32", "\"this host on this network\"", V4 + "RFC 1122 §3.2.1.3", Reach.LOCAL),
          Row.of("10.0.0.0/8", "private-use", V4 + "RFC 1918", Reach.LOCAL),
          Row.of("100.64.0.0/10", "shared address space (CGNAT)", V4 + "RFC 6598", Reach.LOCAL),
          Row.of("127.0.0.0/8", "loopback", V4 + "RFC 1122 §3.2.1.3", Reach.LOCAL),
          Row.of("169.254.0.0/16", "link-local", V4 + "RFC 3927", Reach.LOCAL),
          Row.of("172.16.0.0/12", "private-use", V4 + "RFC 1918", Reach.LOCAL),
          Row.of("192.0.0.0/24", "IETF protocol assignments", V4 + "RFC 6890 §2.1", Reach.LOCAL),
          Row.of("192.0.0.0/29", "IPv4 service continuity prefix", V4 + "RFC 7335", Reach.LOCAL),
          Row.of("192.0.0.8/32", "IPv4 dummy address", V4 + "RFC 7600", Reach.LOCAL),
          Row.of("192.0.0.9/32", "Port Control Protocol anycast", V4 + "RFC 7723", Reach.GLOBAL),
          Row.of("192.0.0.10/32", "TURN anycast", V4 + "RFC 8155", Reach.GLOBAL),
          Row.of(
              "192.0.0.170/32",
              "NAT64/DNS64 discovery",
              V4 + "RFC 8880, RFC 7050 §2.2",
              Reach.LOCAL),
          Row.of(
              "192.0.0.171/32",
              "NAT64/DNS64 discovery",
              V4 + "RFC 8880, RFC 7050 §2.2",
              Reach.LOCAL),
          Row.of("192.0.2.0/24", "documentation (TEST-NET-1)", V4 + "RFC 5737", Reach.LOCAL),
          Row.of("192.31.196.0/24", "AS112-v4", V4 + "RFC 7535", Reach.GLOBAL),
          Row.of("192.52.193.0/24", "AMT", V4 + "RFC 7450", Reach.GLOBAL),
          Row.of("192.88.99.0/24", "deprecated 6to4 relay anycast", V4 + "RFC 7526", Reach.LOCAL),
          Row.of("192.88.99.2/32", "6a44 relay anycast", V4 + "RFC 6751", Reach.LOCAL),
          Row.of("192.168.0.0/16", "private-use", V4 + "RFC 1918", Reach.LOCAL),
          Row.of(
              "192.175.48.0/24", "direct delegation AS112 service", V4 + "RFC 7534", Reach.GLOBAL),
          Row.of("198.18.0.0/15", "benchmarking", V4 + "RFC 2544", Reach.LOCAL),
          Row.of("198.51.100.0/24", "documentation (TEST-NET-2)", V4 + "RFC 5737", Reach.LOCAL),
          Row.of("203.0.113.0/24", "documentation (TEST-NET-3)", V4 + "RFC 5737", Reach.LOCAL),
          Row.of("240.0.0.0/4", "reserved", V4 + "RFC 1112 §4", Reach.LOCAL),
          Row.of(
              "255.255.255.255/32", "limited broadcast", V4 + "RFC 8190, RFC 919 §7", Reach.LOCAL),
          // Not in the special-purpose registry: a fetch never has a multicast destination.
          Row.of(
              "224.0.0.0/4",
              "multicast",
              "IANA IPv4 Multicast Address Space Registry, RFC 5771",
              Reach.LOCAL));

  /** IPv6; every address is in some row (the last two cover the whole space). */
  static final List<Row> IPV6 =
      List.of(
          Row.of("::1/128", "loopback", V6 + "RFC 4291", Reach.LOCAL),
          Row.of("::/128", "unspecified", V6 + "RFC 4291", Reach.LOCAL),
          Row.embedding("::ffff:0:0/96", "IPv4-mapped", V6 + "RFC 4291", 12),
          // Registry: globally reachable, but RFC 6052 §3.1 forbids it for non-global IPv4.
          Row.embedding("64:ff9b::/96", "NAT64 well-known prefix", V6 + "RFC 6052", 12),
          Row.of("64:ff9b:1::/48", "local-use IPv4/IPv6 translation", V6 + "RFC 8215", Reach.LOCAL),
          Row.of("100::/64", "discard-only", V6 + "RFC 6666", Reach.LOCAL),
          Row.of("100:0:0:1::/64", "dummy IPv6 prefix", V6 + "RFC 9780", Reach.LOCAL),
          Row.of("2001::/23", "IETF protocol assignments", V6 + "RFC 2928", Reach.LOCAL),
          Row.of("2001::/32", "Teredo", V6 + "RFC 4380, RFC 8190", Reach.LOCAL),
          Row.of("2001:1::1/128", "Port Control Protocol anycast", V6 + "RFC 7723", Reach.GLOBAL),
          Row.of("2001:1::2/128", "TURN anycast", V6 + "RFC 8155", Reach.GLOBAL),
          Row.of(
              "2001:1::3/128",
              "DNS-SD service registration anycast",
              V6 + "RFC 9665",
              Reach.GLOBAL),
          Row.of("2001:2::/48", "benchmarking", V6 + "RFC 5180", Reach.LOCAL),
          Row.of("2001:3::/32", "AMT", V6 + "RFC 7450", Reach.GLOBAL),
          Row.of("2001:4:112::/48", "AS112-v6", V6 + "RFC 7535", Reach.GLOBAL),
          Row.of("2001:10::/28", "deprecated ORCHID", V6 + "RFC 4843", Reach.LOCAL),
          Row.of("2001:20::/28", "ORCHIDv2", V6 + "RFC 7343", Reach.GLOBAL),
          Row.of("2001:30::/28", "drone remote ID entity tags", V6 + "RFC 9374", Reach.GLOBAL),
          Row.of("2001:db8::/32", "documentation", V6 + "RFC 3849", Reach.LOCAL),
          Row.embedding("2002::/16", "6to4", V6 + "RFC 3056", 2),
          Row.of(
              "2620:4f:8000::/48",
              "direct delegation AS112 service",
              V6 + "RFC 7534",
              Reach.GLOBAL),
          Row.of("3fff::/20", "documentation", V6 + "RFC 9637", Reach.LOCAL),
          Row.of("5f00::/16", "segment routing (SRv6) SIDs", V6 + "RFC 9602", Reach.LOCAL),
          Row.of("fc00::/7", "unique-local", V6 + "RFC 4193, RFC 8190", Reach.LOCAL),
          Row.of("fe80::/10", "link-local", V6 + "RFC 4291", Reach.LOCAL),
          // Not in the special-purpose registry:
          Row.of("::/96", "IPv4-compatible (deprecated)", "RFC 4291 §2.5.5.1", Reach.LOCAL),
          Row.of("ff00::/8", "multicast", "RFC 4291 §2.7", Reach.LOCAL),
          Row.of("2000::/3", "global unicast", "IANA IPv6 Address Space Registry", Reach.GLOBAL),
          Row.of(
              "::/0", "outside global unicast", "IANA IPv6 Address Space Registry", Reach.LOCAL));

  /**
   * How every channel ends the reason of a refused address, HTTP and WebSocket alike, with one
   * status, {@code invalid} (SPEC.md §8, §13.1): it says the refusal is this machine's policy and
   * names the flag that lifts it, so that it does not read as a bad proof.
   */
  public static final String LOCAL_POLICY = "refused by local policy; --allow-private permits it";

  /** Whether a failure reason is a refusal by this policy. */
  public static boolean isRefusal(@Nullable String reason) {
    return reason != null && reason.endsWith(LOCAL_POLICY);
  }

  /** Whether a connection to {@code address} stays on the public Internet. */
  public static boolean isGloballyReachable(InetAddress address) {
    return refusal(address).isEmpty();
  }

  /**
   * Why {@code address} is not globally reachable, naming its class and source ("loopback (IANA
   * IPv4 Special-Purpose Address Registry, RFC 1122 §3.2.1.3)"), or empty.
   */
  public static Optional<String> refusal(InetAddress address) {
    byte[] a = address.getAddress();
    Optional<Row> row =
        (address instanceof Inet4Address ? IPV4 : IPV6)
            .stream().filter(r -> r.contains(a)).max(Comparator.comparingInt(Row::bits));
    if (row.isEmpty()) return Optional.empty();
    Row r = row.get();
    return switch (r.reach()) {
      case GLOBAL -> Optional.empty();
      case LOCAL -> Optional.of(r.describe());
      case EMBEDS_IPV4 -> {
        InetAddress v4 = ipv4(Arrays.copyOfRange(a, r.embeddedAt(), r.embeddedAt() + 4));
        yield refusal(v4)
            .map(why -> r.name() + " address embedding " + v4.getHostAddress() + ", " + why);
      }
    };
  }

  /**
   * Why connecting to {@code host} (a name or a literal) is refused: the first of its addresses
   * that is not globally reachable, or empty when all are. A host with any such address is refused,
   * so that the client cannot pick it.
   */
  public static Optional<String> refusal(String host) throws UnknownHostException {
    return refusal(host, AddressPolicy::refusal);
  }

  /** As {@link #refusal(String)}, with another judge of each address (tests). */
  static Optional<String> refusal(String host, Function<InetAddress, Optional<String>> judge)
      throws UnknownHostException {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    for (InetAddress a : InetAddress.getAllByName(bare)) {
      Optional<String> why = judge.apply(a);
      if (why.isPresent())
        return Optional.of(bare + " resolves to " + a.getHostAddress() + ", " + why.get());
    }
    return Optional.empty();
  }

  private static InetAddress ipv4(byte[] four) {
    try {
      return InetAddress.getByAddress(four);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
  }
}
