package dev.kez.chat.server;

import static dev.kez.chat.server.testing.ChatHttp.expect;
import static dev.kez.chat.server.testing.ChatHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.chat.server.testing.ChatHttp;
import dev.kez.chat.server.testing.ChatServers;
import dev.kez.chat.server.testing.Person;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainState;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.Links;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.server.HttpServer;
import dev.kez.server.testing.Http;
import dev.kez.sigserver.Config;
import dev.kez.sigserver.SigServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/handles/{handle}/identity} (SPEC.md §17.6) with a real sig-server on loopback: the
 * subject is an account of the chain the sig-server holds for the handle's key, and the answer is
 * the graph {@code kez verify id --json} prints; without a chain, null and why.
 */
class IdentityRouteTest {
  @Test
  void theGraphComesFromTheKeysChainOnTheSigServer() throws Exception {
    String sigDb = ChatServers.tempDir().resolve("sig.db").toString();
    try (HttpServer sig =
            SigServer.start(Config.onLoopback(sigDb, "--rate", "0", "--access-log", "off"), null);
        HttpServer chat =
            ChatServers.start(
                ChatServers.tempDir(),
                "--sig-server",
                sig.uri().toString(),
                "--identity-ttl",
                "60")) {
      ChatHttp http = new ChatHttp(chat.uri());
      Person alice = new Person("alice", Algorithm.NOSTR);
      Person bob = new Person("bob");
      http.join(alice);
      http.join(bob);
      // alice's chain: one account, her own nostr key (no relay is configured, so it cannot be
      // confirmed here).
      Account nostr = Account.parse("nostr:" + alice.key.publicKey().encoded());
      long t = ChatHttp.now() - 100;
      Link link =
          Links.add(
              ChainState.EMPTY, Claim.builder(nostr).createdAt(t).sign(alice.key), alice.key, t);
      assertEquals(
          201,
          new Http(sig.uri())
              .post(Http.chain(alice.key.publicKey().encoded()), Bundle.toString(List.of(link)))
              .statusCode());

      ObjectNode a = json(expect(200, http.get(null, "/v1/handles/alice/identity")));
      assertEquals("alice", a.get("handle").asText());
      assertEquals(alice.key.publicKey().encoded(), a.get("key").asText());
      assertTrue(a.get("identity").isObject(), a.toString());
      assertTrue(
          a.get("identity").toString().contains(nostr.toString()),
          "the graph is about the chain's account: " + a);

      ObjectNode b = json(expect(200, http.get(null, "/v1/handles/bob/identity")));
      assertTrue(b.get("identity").isNull(), b.toString());
      assertTrue(b.get("detail").asText().contains("sig-server"), b.toString());
      expect(404, http.get(null, "/v1/handles/nobody-here/identity"));
      expect(400, http.get(null, "/v1/handles/a%41b/identity"));
    }
  }
}
