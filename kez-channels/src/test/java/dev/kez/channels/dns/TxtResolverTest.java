package dev.kez.channels.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.ChannelContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;

class TxtResolverTest {
  private static final String LONG = "x".repeat(255);
  private static DnsmasqServer dns;
  private static int deadPort;

  @BeforeAll
  static void start() throws Exception {
    deadPort = DnsmasqServer.freePort();
    dns =
        DnsmasqServer.start(
            List.of(
                "local=/example.test/",
                "txt-record=_kez.example.test,\"" + LONG + "\",\"tail é\"",
                "txt-record=_kez.example.test,\"second\"",
                "txt-record=other.example.test,\"v=spf1 -all\"",
                "address=/a.example.test/127.0.0.2",
                "server=/broken.test/127.0.0.1#" + deadPort));
  }

  @AfterAll
  static void stop() throws Exception {
    dns.close();
  }

  private static ChannelContext ctx(String server) {
    return ctx(server, Duration.ofSeconds(5));
  }

  private static ChannelContext ctx(String server, Duration timeout) {
    return new ChannelContext(Map.of(), server, List.of(), timeout, false, Clock.systemUTC());
  }

  @Test
  void readsEveryRecordWithItsCharacterStrings() throws Exception {
    List<List<String>> records = TxtResolver.lookupTxt("_kez.example.test", ctx(dns.address()));
    assertEquals(2, records.size(), records.toString());
    assertTrue(records.contains(List.of(LONG, "tail é")), records.toString());
    assertTrue(records.contains(List.of("second")), records.toString());
  }

  @Test
  void evidenceIsTheRawAnswer() throws Exception {
    TxtResolver.Answer a = TxtResolver.lookup("other.example.test.", ctx(dns.address()));
    assertEquals(List.of(List.of("v=spf1 -all")), a.records());
    assertEquals("dns://" + dns.address() + "/other.example.test?type=TXT", a.evidence().url());
    assertEquals(
        1, new Message(a.evidence().body()).getSection(org.xbill.DNS.Section.ANSWER).size());
  }

  @Test
  void theServerMayComeFromTheDnsServerEndpoint() throws Exception {
    ChannelContext viaEndpoint =
        new ChannelContext(
            Map.of(TxtResolver.SERVER.key(), dns.address()),
            null,
            List.of(),
            Duration.ofSeconds(5),
            false,
            Clock.systemUTC());
    assertEquals(
        List.of(List.of("v=spf1 -all")), TxtResolver.lookupTxt("other.example.test", viaEndpoint));
  }

  @Test
  void nxdomainAndNodataAreEmpty() throws Exception {
    assertEquals(List.of(), TxtResolver.lookupTxt("_kez.nothing.example.test", ctx(dns.address())));
    assertEquals(List.of(), TxtResolver.lookupTxt("a.example.test", ctx(dns.address())));
  }

  @Test
  void brokenUpstreamIsRetryableUnreachable() {
    DnsUnreachableException e =
        assertThrows(
            DnsUnreachableException.class,
            () ->
                TxtResolver.lookupTxt(
                    "_kez.x.broken.test", ctx(dns.address(), Duration.ofSeconds(1))));
    assertTrue(e.retryable());
  }

  @Test
  void deadServerIsUnreachable() {
    DnsUnreachableException e =
        assertThrows(
            DnsUnreachableException.class,
            () -> TxtResolver.lookupTxt("_kez.example.test", ctx("127.0.0.1:" + deadPort)));
    assertTrue(e.retryable());
    assertTrue(e.reason().contains("127.0.0.1:" + deadPort), e.reason());
  }
}
