package dev.kez.channels.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses a fetch may reach: public unicast only, unless private ones are allowed.
 * Shared by every network client of the channels (HTTP and nostr WebSocket) so that an
 * account cannot make the verifier call an internal service through any of them.
 */
public final class AddressPolicy {
  private AddressPolicy() {}

  private static final String REFUSAL = "not contacted: ";

  /**
   * The reason every channel gives for an address it did not contact, with one status on HTTP
   * and WebSocket alike: {@code invalid} (SPEC.md §8, §13.1). The words say it is this
   * machine's policy and name the flag that lifts it, so it does not read as a bad proof.
   */
  public static String refusal(String host, InetAddress a, String kind) {
    String ip = a.getHostAddress();
    return REFUSAL + host + (kind.matches("[aeiou].*") ? " is an " : " is a ") + kind + " address" + (ip.equals(host) ? "" : " (" + ip + ")")
        + ", refused by local policy; --allow-private permits it";
  }

  /** Whether a failure reason is a {@link #refusal}. */
  public static boolean isRefusal(String reason) {
    return reason != null && reason.startsWith(REFUSAL);
  }

  /** Why this address is not public, or null when it is. */
  public static String nonPublic(InetAddress a) {
    if (a.isLoopbackAddress()) return "loopback";
    if (a.isAnyLocalAddress()) return "unspecified";
    if (a.isLinkLocalAddress()) return "link-local";
    if (a.isSiteLocalAddress()) return "private";
    if (a.isMulticastAddress()) return "multicast";
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int o0 = b[0] & 0xff, o1 = b[1] & 0xff;
      if (o0 == 0) return "unspecified";
      if (o0 == 100 && (o1 & 0xc0) == 64) return "shared (CGNAT)"; // 100.64.0.0/10
      if (o0 == 198 && (o1 & 0xfe) == 18) return "benchmarking"; // 198.18.0.0/15
      if (o0 >= 240) return "reserved";
    } else if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) return "unique-local"; // fc00::/7
      if (isEmbeddedV4(b)) {
        try {
          byte[] v4 = {b[12], b[13], b[14], b[15]};
          return nonPublic(InetAddress.getByAddress(v4));
        } catch (java.net.UnknownHostException e) {
          return "unparseable";
        }
      }
    }
    return null;
  }

  /** ::a.b.c.d (compatible), ::ffff:a.b.c.d (mapped) and 64:ff9b::a.b.c.d (NAT64) carry an IPv4 address. */
  private static boolean isEmbeddedV4(byte[] b) {
    boolean zero10 = true;
    for (int i = 0; i < 10; i++) zero10 &= b[i] == 0;
    boolean mapped = zero10 && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff));
    boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
    return mapped || nat64;
  }
}
