package dev.kez.core.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import dev.kez.core.status.Status;
import dev.kez.core.testing.Vectors;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Strict claim parsing names the problem; accounts normalize as SPEC.md §3.2 says. */
class ClaimParsingTest {
  static final SecretKey KEY =
      SecretKey.fromSecret(
          Algorithm.ED25519,
          Vectors.hex("207a8c9c7fd9c736f2abc794c4dd8bc8e0982011326c11a053df3428fee990c8"));
  static final Claim CLAIM =
      Claim.builder(Account.parse("github:alice")).createdAt(1764150000).sign(KEY);

  static String with(String member, Object value) {
    ObjectNode o = CLAIM.toJson();
    o.set(member, Json.mapper().valueToTree(value));
    return Json.write(o);
  }

  static void malformed(String json, String mentions) {
    MalformedException e = assertThrows(MalformedException.class, () -> Claim.parse(json));
    assertTrue(e.getMessage().contains(mentions), e.getMessage());
  }

  @Test
  void strictParsingNamesTheProblem() {
    malformed(with("kez", "0.3"), "unsupported kez version");
    malformed(with("type", "link"), "\"type\"");
    malformed(with("created_at", 1.5), "created_at");
    malformed(with("created_at", "1764150000"), "created_at");
    malformed(with("created_at", 1L << 54), "exact integer range");
    malformed(with("expires_at", 1764150000), "expires_at");
    malformed(with("note", "x".repeat(281)), "note");
    malformed(with("account", "github:Alice"), "normalized");
    malformed(with("account", "mastodon:a@b.example"), "normalized");
    malformed(with("key", "npub1xyz"), "bech32");
    malformed(with("sig", "AAAA"), "sig");
    malformed(Json.write(CLAIM.toJson().without("sig")), "sig");
    malformed(
        CLAIM.canonicalJson().replace("{\"account\"", "{\"kez\":\"0.2\",\"account\""),
        "Duplicate field");
    malformed("[1]", "object");
    // 280 characters means code points: 280 emoji (560 UTF-16 units) are allowed.
    assertEquals(
        "🔑".repeat(280), Claim.parse(with("note", "🔑".repeat(280))).note().orElseThrow());
  }

  @Test
  void unknownMembersAreKeptAndSigned() {
    Claim c =
        Claim.builder(Account.parse("dns:Example.COM."))
            .createdAt(1)
            .member("x_new", Json.parse("{\"b\":1,\"a\":[true]}"))
            .sign(KEY);
    assertEquals("dns:example.com", c.account().toString());
    assertEquals(Json.parse("{\"b\":1,\"a\":[true]}"), c.toJson().get("x_new"));
    assertEquals(
        Status.VALID,
        ClaimVerifier.verify(Claim.parse(Json.write(c.toJson())), Instant.ofEpochSecond(2))
            .status());
    ObjectNode changed = c.toJson();
    ((ObjectNode) changed.get("x_new")).put("b", 2);
    assertEquals(
        Status.INVALID,
        ClaimVerifier.verify(Claim.parse(changed), Instant.ofEpochSecond(2)).status());
  }

  @Test
  void accountsNormalize() {
    assertEquals("dns:xn--bcher-kva.example", Account.parse("dns:Bücher.Example.").toString());
    assertEquals("github:alice", Account.parse("GitHub:ALICE").toString());
    assertEquals(
        "ap:alice@mastodon.social", Account.parse("mastodon:@Alice@Mastodon.Social").toString());
    assertEquals(
        "bluesky:alice.bsky.social", Account.parse("bluesky:@Alice.bsky.social").toString());
    for (String bad :
        new String[] {
          "github",
          ":x",
          "x:y",
          "github:-a",
          "github:a--b",
          "ap:alice",
          "ap:a@b@c",
          "bluesky:alice",
          "dns:a..b",
          "nostr:alice",
          "dns:" + "a".repeat(64) + ".com"
        }) {
      assertThrows(MalformedException.class, () -> Account.parse(bad), bad);
    }
  }

  @Test
  void verifierChecksAccountAndExpiry() {
    Claim c = Claim.builder(Account.parse("github:alice")).createdAt(100).expiresAt(200).sign(KEY);
    assertEquals(
        Status.VALID,
        ClaimVerifier.verify(c, Instant.ofEpochSecond(199), Account.parse("github:alice"))
            .status());
    assertEquals(Status.EXPIRED, ClaimVerifier.verify(c, Instant.ofEpochSecond(200)).status());
    assertEquals(
        Status.INVALID,
        ClaimVerifier.verify(c, Instant.ofEpochSecond(150), Account.parse("github:bob")).status());
  }
}
