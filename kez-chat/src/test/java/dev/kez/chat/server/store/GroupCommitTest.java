package dev.kez.chat.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.chat.protocol.Envelope;
import dev.kez.chat.protocol.LogEntry;
import dev.kez.chat.server.store.ChatStore.Posted;
import dev.kez.chat.server.store.ChatStore.Write;
import dev.kez.chat.server.testing.Person;
import dev.kez.server.testing.Together;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Concurrent posts through the store, group commit on and off (SPEC.md §kez-chat.9): every
 * acknowledged envelope is stored at the seq it was given, logs have no gaps, a duplicate racing
 * its original is SAME with the same seq, a conflicting body is CONFLICT, and a post to an unknown
 * handle in the same batch writes nothing and takes no seq.
 */
class GroupCommitTest {
  static final int SENDERS = 12;
  static final int EACH = 8;

  @TempDir Path dir;

  @ParameterizedTest(name = "group commit {0}")
  @ValueSource(booleans = {true, false})
  void concurrentSendersKeepTheLogRules(boolean group) throws Exception {
    Person bob = new Person("bob");
    Person ghost = new Person("ghost"); // never registered
    List<Person> senders = new ArrayList<>();
    for (int i = 0; i < SENDERS; i++) senders.add(new Person("sender" + i));
    List<Envelope> envs = new ArrayList<>();
    List<Person> from = new ArrayList<>();
    for (Person p : senders) {
      for (int k = 0; k < EACH; k++) {
        envs.add(p.seal(bob, "m" + k, 1));
        from.add(p);
      }
    }
    try (ChatStore store = ChatStore.open(dir.resolve("chat.db").toString(), group)) {
      store.register(bob.handle, bob.key.publicKey(), 1);
      for (Person p : senders) store.register(p.handle, p.key.publicKey(), 1);
      // Each envelope twice at once, plus one post to an unknown handle per sender.
      int n = envs.size();
      List<Posted> out =
          Together.run(
              2 * n + SENDERS,
              i ->
                  i < 2 * n
                      ? () -> store.post(from.get(i % n).handle, envs.get(i % n), 2)
                      : () -> store.post(senders.get(i - 2 * n).handle, ghostBound(ghost), 2));
      Map<String, Long> acked = new HashMap<>();
      for (int i = 0; i < n; i++) {
        Posted a = out.get(i);
        Posted b = out.get(i + n);
        assertEquals(
            List.of(Write.CREATED, Write.SAME),
            a.outcome() == Write.CREATED
                ? List.of(a.outcome(), b.outcome())
                : List.of(b.outcome(), a.outcome()),
            "one of the two identical posts creates, the other is the same");
        assertEquals(a.seq(), b.seq(), "a duplicate answers the first seq");
        acked.put(from.get(i).handle + "/" + envs.get(i).id(), a.seq());
      }
      for (int i = 2 * n; i < out.size(); i++) assertEquals(Write.UNKNOWN, out.get(i).outcome());
      for (Person p : senders) {
        List<LogEntry> log = store.entries(p.handle, 0, 1000);
        assertEquals(EACH, log.size(), p.handle + "'s log");
        for (int i = 0; i < log.size(); i++) {
          LogEntry e = log.get(i);
          assertEquals(i + 1, e.seq(), "no gap in " + p.handle + "'s log");
          assertEquals(acked.get(p.handle + "/" + e.envelope().id()), e.seq());
        }
        assertEquals(EACH, store.handle(p.handle).orElseThrow().head());
      }
      List<LogEntry> bobs = store.entries(bob.handle, 0, 1000);
      assertEquals(n, bobs.size());
      for (int i = 0; i < n; i++) assertEquals(i + 1, bobs.get(i).seq(), "no gap in bob's log");
      assertTrue(
          bobs.stream().allMatch(e -> acked.containsKey(e.from() + "/" + e.envelope().id())));
      // Another body under a stored id is a conflict and changes nothing.
      Envelope first = envs.get(0);
      Envelope other = new Envelope(first.id(), first.to(), envs.get(1).sealed());
      assertEquals(Write.CONFLICT, store.post(from.get(0).handle, other, 3).outcome());
      assertEquals(n, store.entries(bob.handle, 0, 1000).size());
    }
  }

  private static Envelope ghostBound(Person ghost) {
    return new Person("stranger").seal(ghost, "to nobody", 1);
  }
}
