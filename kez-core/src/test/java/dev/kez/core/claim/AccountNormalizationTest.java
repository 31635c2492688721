package dev.kez.core.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kez.core.MalformedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** wire.md §2 normalization, with IDNA done as UTS #46 non-transitional processing. */
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
      "ap:bob@münchen.example,      ap:bob@xn--mnchen-3ya.example"})
  void normalizes(String input, String expected) {
    assertEquals(expected, Account.parse(input).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dns:xn--a.de", "dns:a..b", "dns:-a.example", "dns:", "github:-alice", "github:al--ice",
      "bluesky:localhost", "ap:alice", "ap:a@b@c", "nostr:npub1nope", "twitter:alice", "dns:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com"})
  void refuses(String input) {
    assertThrows(MalformedException.class, () -> Account.parse(input));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dns:Example.com", "dns:straße.de", "mastodon:alice@social.example"})
  void signedObjectsMustCarryTheNormalizedForm(String input) {
    assertThrows(MalformedException.class, () -> Account.parseNormalized(input));
  }
}
