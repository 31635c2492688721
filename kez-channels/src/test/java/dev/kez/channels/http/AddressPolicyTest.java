package dev.kez.channels.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.http.AddressPolicy.Reach;
import dev.kez.channels.http.AddressPolicy.Row;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The address policy against the IANA special-purpose registries, row by row (issue 10 §3, SPEC
 * §13.1).
 */
class AddressPolicyTest {
  /**
   * One probe or more per row of the table, with the verdict read from the registries (not from the
   * table): "allowed", or a word the reason must contain. The first column names the row; "-" is an
   * address no row covers.
   */
  static final String CASES =
      """
      0.0.0.0/8,          0.1.2.3,                          this network
      0.0.0.0/32,         0.0.0.0,                          this host
      10.0.0.0/8,         10.255.255.255,                   private-use
      100.64.0.0/10,      100.64.0.1,                       shared address space
      100.64.0.0/10,      100.127.255.255,                  shared address space
      -,                  100.63.255.255,                   allowed
      -,                  100.128.0.0,                      allowed
      127.0.0.0/8,        127.0.0.1,                        loopback
      127.0.0.0/8,        127.255.255.254,                  loopback
      169.254.0.0/16,     169.254.169.254,                  link-local
      172.16.0.0/12,      172.31.255.255,                   private-use
      -,                  172.32.0.1,                       allowed
      192.0.0.0/24,       192.0.0.200,                      IETF protocol assignments
      192.0.0.0/29,       192.0.0.1,                        service continuity
      192.0.0.8/32,       192.0.0.8,                        dummy
      192.0.0.9/32,       192.0.0.9,                        allowed
      192.0.0.10/32,      192.0.0.10,                       allowed
      192.0.0.170/32,     192.0.0.170,                      NAT64/DNS64
      192.0.0.171/32,     192.0.0.171,                      NAT64/DNS64
      192.0.2.0/24,       192.0.2.1,                        documentation
      192.31.196.0/24,    192.31.196.1,                     allowed
      192.52.193.0/24,    192.52.193.1,                     allowed
      192.88.99.0/24,     192.88.99.1,                      6to4 relay
      192.88.99.2/32,     192.88.99.2,                      6a44
      192.168.0.0/16,     192.168.1.1,                      private-use
      192.175.48.0/24,    192.175.48.1,                     allowed
      198.18.0.0/15,      198.18.0.1,                       benchmarking
      198.18.0.0/15,      198.19.255.255,                   benchmarking
      -,                  198.17.255.255,                   allowed
      -,                  198.20.0.0,                       allowed
      198.51.100.0/24,    198.51.100.7,                     documentation
      203.0.113.0/24,     203.0.113.9,                      documentation
      240.0.0.0/4,        240.0.0.1,                        reserved
      255.255.255.255/32, 255.255.255.255,                  limited broadcast
      224.0.0.0/4,        239.255.255.250,                  multicast
      -,                  1.1.1.1,                          allowed
      -,                  223.255.255.255,                  allowed
      ::1/128,            ::1,                              loopback
      ::/128,             ::,                               unspecified
      ::ffff:0:0/96,      ::ffff:10.0.0.1,                  private-use
      ::ffff:0:0/96,      ::ffff:127.0.0.1,                 loopback
      ::ffff:0:0/96,      ::ffff:1.1.1.1,                   allowed
      64:ff9b::/96,       64:ff9b::127.0.0.1,               loopback
      64:ff9b::/96,       64:ff9b::169.254.169.254,         link-local
      64:ff9b::/96,       64:ff9b::1.1.1.1,                 allowed
      64:ff9b:1::/48,     64:ff9b:1::1.1.1.1,               local-use
      100::/64,           100::1,                           discard-only
      100:0:0:1::/64,     100:0:0:1::1,                     dummy
      2001::/23,          2001:100::1,                      IETF protocol assignments
      -,                  2001:200::1,                      allowed
      2001::/32,          2001:0:4136:e378:8000:63bf:3fff:fdd2, Teredo
      2001:1::1/128,      2001:1::1,                        allowed
      2001:1::2/128,      2001:1::2,                        allowed
      2001:1::3/128,      2001:1::3,                        allowed
      2001::/23,          2001:1::4,                        IETF protocol assignments
      2001:2::/48,        2001:2::1,                        benchmarking
      2001:3::/32,        2001:3::1,                        allowed
      2001:4:112::/48,    2001:4:112::1,                    allowed
      2001:10::/28,       2001:10::1,                       ORCHID
      2001:20::/28,       2001:20::1,                       allowed
      2001:30::/28,       2001:30::1,                       allowed
      2001:db8::/32,      2001:db8::1,                      documentation
      -,                  2001:db9::1,                      allowed
      2002::/16,          2002:7f00:1::1,                   6to4 address embedding 127.0.0.1
      2002::/16,          2002:c0a8:101::1,                 private-use
      2002::/16,          2002:101:101::1,                  allowed
      2620:4f:8000::/48,  2620:4f:8000::1,                  allowed
      3fff::/20,          3fff::1,                          documentation
      5f00::/16,          5f00::1,                          SRv6
      fc00::/7,           fd12:3456::1,                     unique-local
      fe80::/10,          fe80::1,                          link-local
      ::/96,              ::127.0.0.1,                      IPv4-compatible
      ::/96,              ::1.1.1.1,                        IPv4-compatible
      ff00::/8,           ff02::1,                          multicast
      2000::/3,           2606:4700:4700::1111,             allowed
      2000::/3,           2001:4860:4860::8888,             allowed
      ::/0,               fec0::1,                          outside global unicast
      ::/0,               ::ffff:0:7f00:1,                  outside global unicast
      ::/0,               4000::1,                          outside global unicast
      """;

  @ParameterizedTest(name = "{1} ({0}): {2}")
  @CsvSource(textBlock = CASES)
  void eachRowOfTheRegistries(String row, String address, String expected)
      throws UnknownHostException {
    InetAddress a = InetAddress.getByName(address);
    Optional<String> why = AddressPolicy.refusal(a);
    if (expected.equals("allowed")) {
      assertEquals(Optional.empty(), why, address);
      assertTrue(AddressPolicy.isGloballyReachable(a), address);
    } else {
      assertTrue(why.isPresent() && why.get().contains(expected), address + ": " + why);
      assertFalse(AddressPolicy.isGloballyReachable(a), address);
    }
  }

  /** Every row of the table has a case above: a new row comes with its test. */
  @Test
  void everyRowIsTested() {
    Set<String> tested = new TreeSet<>();
    CASES.lines().map(l -> l.split(",")[0].strip()).forEach(tested::add);
    List<String> untested = new ArrayList<>();
    Stream.concat(AddressPolicy.IPV4.stream(), AddressPolicy.IPV6.stream())
        .map(Row::cidr)
        .filter(c -> !tested.contains(c))
        .forEach(untested::add);
    assertEquals(List.of(), untested);
  }

  static Stream<Arguments> edges() {
    List<Arguments> out = new ArrayList<>();
    for (List<Row> table : List.of(AddressPolicy.IPV4, AddressPolicy.IPV6)) {
      for (Row r : table) {
        for (boolean last : new boolean[] {false, true}) {
          byte[] edge = r.edge(last);
          // an edge inside a more specific row is that row's to decide
          boolean shadowed = table.stream().anyMatch(o -> o.bits() > r.bits() && o.contains(edge));
          if (!shadowed) out.add(Arguments.of(r.cidr(), last ? "last" : "first", edge, r));
        }
      }
    }
    return out.stream();
  }

  /**
   * The first and last address of each row get the row's verdict: the prefix arithmetic is right.
   */
  @ParameterizedTest(name = "{1} of {0}")
  @MethodSource("edges")
  void firstAndLastAddressOfEachRow(String cidr, String which, byte[] edge, Row r)
      throws UnknownHostException {
    InetAddress a = InetAddress.getByAddress(edge);
    Optional<String> why = AddressPolicy.refusal(a);
    switch (r.reach()) {
      case GLOBAL -> assertEquals(Optional.empty(), why, a.getHostAddress());
      case LOCAL ->
          assertTrue(
              why.isPresent() && why.get().startsWith(r.name()), a.getHostAddress() + ": " + why);
      // the edges embed 0.0.0.0 and 255.255.255.255, neither of them reachable
      case EMBEDS_IPV4 -> assertTrue(why.isPresent(), a.getHostAddress());
    }
  }

  @Test
  void aHostIsRefusedForAnyOfItsAddresses() throws UnknownHostException {
    assertTrue(AddressPolicy.refusal("localhost").orElseThrow().contains("loopback"));
    assertEquals(
        "2002:7f00:1::1 resolves to 2002:7f00:1:0:0:0:0:1, 6to4 address embedding 127.0.0.1, loopback "
            + "(IANA IPv4 Special-Purpose Address Registry, RFC 1122 §3.2.1.3)",
        AddressPolicy.refusal("[2002:7f00:1::1]").orElseThrow());
    assertEquals(Optional.empty(), AddressPolicy.refusal("1.1.1.1"));
    assertTrue(
        AddressPolicy.IPV4.stream().allMatch(r -> r.reach() != Reach.EMBEDS_IPV4),
        "IPv4 embeds nothing");
  }
}
