package dev.kez.chat.server;

import static dev.kez.chat.server.testing.ChatHttp.expect;
import static dev.kez.chat.server.testing.ChatHttp.json;
import static dev.kez.chat.server.testing.ChatHttp.now;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.chat.protocol.LogEntry;
import dev.kez.chat.protocol.Page;
import dev.kez.chat.server.testing.ChatHttp;
import dev.kez.chat.server.testing.ChatServers;
import dev.kez.chat.server.testing.Person;
import dev.kez.chat.server.testing.WsProbe;
import dev.kez.server.testing.PgCluster;
import dev.kez.server.testing.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two kez-chat-server processes on one PostgreSQL (chat.md §4, SPEC.md §kez-chat.9): a socket on
 * node A receives, through LISTEN/NOTIFY, what was posted on node B; posts racing on both nodes
 * still give one log with seq 1, 2, 3… and no gap or duplicate.
 */
class TwoNodesTest {
  @Test
  void liveEntriesCrossNodesAndSeqsStayGapless() throws Exception {
    String db = PgCluster.shared().newDatabase();
    Path dir = ChatServers.tempDir();
    String[] flags = {
      "--vapid-key-path", dir.resolve("vapid.pem").toString(), "--allow-private", "on"
    };
    try (ServerProcess a = ServerProcess.start(ChatServer.class.getName(), db, flags);
        ServerProcess b = ServerProcess.start(ChatServer.class.getName(), db, flags)) {
      ChatHttp onA = new ChatHttp(a.uri());
      ChatHttp onB = new ChatHttp(b.uri());
      Person alice = new Person("alice");
      Person bob = new Person("bob");
      onA.join(alice);
      onB.join(bob);
      expect(200, onB.register(alice)); // one database: B knows what A stored
      try (WsProbe ws = WsProbe.login(a.uri(), bob, bob.key)) {
        assertEquals("ready", ws.next().get("type").asText());
        expect(201, onB.send(alice, alice.seal(bob, "posted on B", now())));
        ObjectNode f = ws.next();
        assertEquals("entry", f.get("type").asText());
        assertEquals(1, LogEntry.parse(f.get("entry")).seq());

        // 2 x 20 posts racing on the two nodes: bob's log is 1..41 exactly.
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
          List<Future<?>> jobs = new ArrayList<>();
          for (ChatHttp node : List.of(onA, onB)) {
            for (int t = 0; t < 2; t++) {
              jobs.add(
                  pool.submit(() -> {
                    for (int i = 0; i < 10; i++)
                      expect(201, node.send(alice, alice.seal(bob, "race", now())));
                  }));
            }
          }
          for (Future<?> j : jobs) j.get();
        }
        for (long seq = 2; seq <= 41; seq++)
          assertEquals(seq, LogEntry.parse(ws.next().get("entry")).seq());
      }
      Page page =
          Page.parse(json(expect(200, onA.get(bob, "/v1/messages/" + bob.handle + "?limit=1000"))));
      assertEquals(41, page.head());
      for (int i = 0; i < 41; i++) assertEquals(i + 1, page.entries().get(i).seq());
      assertEquals(
          41,
          Page.parse(
                  json(expect(200, onB.get(alice, "/v1/messages/" + alice.handle + "?limit=1000"))))
              .entries()
              .size());
    }
  }
}
