package dev.kez.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.chat.protocol.Envelope;
import dev.kez.chat.protocol.LogEntry;
import dev.kez.chat.protocol.Page;
import dev.kez.chat.server.testing.ChatHttp;
import dev.kez.chat.server.testing.ChatServers;
import dev.kez.chat.server.testing.Person;
import dev.kez.server.testing.ServerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Crash safety as a history check (SPEC.md §kez-chat.9): 8 senders post to one recipient while the
 * server (SQLite, WAL, synchronous=FULL) is killed with SIGKILL and restarted, 30 times. A sender
 * retries an unanswered post with the same envelope (idempotent on (from, id)). Afterwards no
 * acknowledged message is lost, duplicated, reordered or given a gap, in the senders' logs or the
 * recipient's.
 */
class KillNineTest {
  static final int SENDERS = 8;
  static final int CYCLES = Integer.getInteger("kez.chat.killCycles", 30);

  @Test
  void acknowledgedMessagesSurviveKillNine() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Path dir = ChatServers.tempDir();
    String db = dir.resolve("chat.db").toString();
    String[] flags = {
      "--vapid-key-path", dir.resolve("vapid.pem").toString(), "--allow-private", "on"
    };
    Person bob = new Person("bob");
    List<Person> senders = new ArrayList<>();
    for (int i = 0; i < SENDERS; i++) senders.add(new Person("sender" + i));
    // What the server acknowledged: sender -> (id -> seq in the sender's log), and the order
    // acknowledged.
    Map<Person, Map<String, Long>> acked = new ConcurrentHashMap<>();
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger acks = new AtomicInteger();
    ServerProcess server = ServerProcess.start(ChatServer.class.getName(), db, flags);
    ChatHttp[] http = {new ChatHttp(server.uri())};
    http[0].join(bob);
    for (Person p : senders) http[0].join(p);
    List<Thread> threads = new ArrayList<>();
    for (Person p : senders) {
      acked.put(p, new ConcurrentHashMap<>());
      threads.add(
          Thread.ofVirtual()
              .start(() -> {
                while (!done.get()) {
                  Envelope env = p.seal(bob, "m", ChatHttp.now());
                  while (!done.get()) { // until this envelope is answered, the same one again
                    try {
                      HttpResponse<String> r = http[0].send(p, env);
                      if (r.statusCode() == 201 || r.statusCode() == 200) {
                        long seq = ChatHttp.json(r).get("seq").asLong();
                        Long before = acked.get(p).putIfAbsent(env.id(), seq);
                        if (before != null && before != seq)
                          throw new AssertionError(
                              "id " + env.id() + " got seq " + before + " then " + seq);
                        acks.incrementAndGet();
                        break;
                      }
                    } catch (RuntimeException e) {
                      // the server is down: try again on the next one
                    }
                    try {
                      Thread.sleep(20);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }
              }));
    }
    long t0 = System.nanoTime();
    for (int cycle = 0; cycle < CYCLES; cycle++) {
      // Each life of the server acknowledges something before it dies, however slow the machine
      // (a loaded CI host can take seconds to start a JVM), so every cycle tests a crash mid-load.
      int before = acks.get();
      for (long end = System.nanoTime() + 60_000_000_000L;
          acks.get() == before && System.nanoTime() < end; ) Thread.sleep(10);
      Thread.sleep(200 + random.nextInt(500));
      server.kill9();
      server = ServerProcess.start(ChatServer.class.getName(), db, flags);
      http[0] = new ChatHttp(server.uri());
    }
    Thread.sleep(500);
    done.set(true);
    for (Thread t : threads) t.join(10_000);
    try {
      ChatHttp h = http[0];
      int total = 0;
      Map<String, Person> bobsIds = new HashMap<>();
      for (Person p : senders) {
        List<LogEntry> log = all(h, p);
        Map<String, Long> mine = acked.get(p);
        total += mine.size();
        for (int i = 0; i < log.size(); i++)
          assertEquals(
              i + 1, log.get(i).seq(), "seed " + seed + ": a gap in " + p.handle + "'s log");
        Map<String, Long> stored = new HashMap<>();
        for (LogEntry e : log)
          assertEquals(
              null, stored.put(e.envelope().id(), e.seq()), "seed " + seed + ": a duplicate id");
        mine.forEach((id, seq) ->
            assertEquals(
                seq, stored.get(id), "seed " + seed + ": acknowledged " + id + " lost or moved"));
      }
      List<LogEntry> bobs = all(h, bob);
      for (int i = 0; i < bobs.size(); i++)
        assertEquals(i + 1, bobs.get(i).seq(), "seed " + seed + ": a gap in bob's log");
      for (LogEntry e : bobs)
        assertEquals(
            null,
            bobsIds.put(e.from() + "/" + e.envelope().id(), null),
            "seed " + seed + ": duplicate");
      for (Person p : senders) {
        for (String id : acked.get(p).keySet())
          assertTrue(
              bobsIds.containsKey(p.handle + "/" + id), "seed " + seed + ": bob lacks " + id);
      }
      System.out.printf(
          "kill -9: %d cycles in %.1f s, %d acknowledged messages, none lost%n",
          CYCLES, (System.nanoTime() - t0) / 1e9, total);
      assertTrue(total >= CYCLES, "every life of the server acknowledged a message: " + total);
    } finally {
      server.close();
    }
  }

  static List<LogEntry> all(ChatHttp h, Person p) {
    List<LogEntry> out = new ArrayList<>();
    for (long after = 0; ; ) {
      Page page =
          Page.parse(
              ChatHttp.json(
                  ChatHttp.expect(
                      200, h.get(p, "/v1/messages/" + p.handle + "?limit=1000&after=" + after))));
      out.addAll(page.entries());
      if (page.entries().isEmpty() || out.get(out.size() - 1).seq() >= page.head()) return out;
      after = out.get(out.size() - 1).seq();
    }
  }
}
