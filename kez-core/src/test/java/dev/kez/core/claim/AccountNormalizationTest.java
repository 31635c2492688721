package dev.kez.core.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kez.core.MalformedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC.md §3.2 normalization, with IDNA done as UTS #46 non-transitional processing. */
class AccountNormalizationTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "dns:Example.COM.,            dns:example.com",
    "dns:straße.de,               dns:xn--strae-oqa.de",
    "dns:bücher.example,          dns:xn--bcher-kva.example",
    "dns:_kez.example.com,        dns:_kez.example.com",
    "github:Alice,                github:alice",
    "bluesky:@Alice.BSKY.social,  bluesky:alice.bsky.social",
    "mastodon:@Alice@Social.Example, ap:alice@social.example",
    "ap:bob@münchen.example,      ap:bob@xn--mnchen-3ya.example",
    // hyphens in positions 3-4 are names, as browsers see them (UTS #46 CheckHyphens off, issue 10
    // §7)
    "dns:ab--cd.example,          dns:ab--cd.example",
    "dns:R3---SN-Q4FL6N7S.example, dns:r3---sn-q4fl6n7s.example",
    "bluesky:ab--cd.bsky.social,  bluesky:ab--cd.bsky.social",
    "ap:alice@ab--cd.example,     ap:alice@ab--cd.example",
    "dns:ab--cd.bücher.example,   dns:ab--cd.xn--bcher-kva.example",
    "dns:xn--bcher-kva.example,   dns:xn--bcher-kva.example"
  })
  void normalizes(String input, String expected) {
    assertEquals(expected, Account.parse(input).toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dns:xn--a.de",
        "dns:xn--zz-.example",
        "dns:xn--ab--cd.example",
        "dns:xn--.example",
        "dns:ab--.example",
        "dns:a..b",
        "dns:-a.example",
        "dns:",
        "github:-alice",
        "github:al--ice",
        "bluesky:localhost",
        "ap:alice",
        "ap:a@b@c",
        "nostr:npub1nope",
        "twitter:alice",
        "dns:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com"
      })
  void refuses(String input) {
    assertThrows(MalformedException.class, () -> Account.parse(input));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dns:Example.com", "dns:straße.de", "mastodon:alice@social.example"})
  void signedObjectsMustCarryTheNormalizedForm(String input) {
    assertThrows(MalformedException.class, () -> Account.parseNormalized(input));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dns:ab--cd.example",
        "dns:r3---sn-q4fl6n7s.example",
        "bluesky:ab--cd.bsky.social"
      })
  void hyphensInPositionsThreeAndFourAreNormalizedForm(String input) {
    assertEquals(input, Account.parseNormalized(input).toString());
  }
}
