package dev.kez.chat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random mutations of valid wire texts (byte flips, insertions, deletions, splices of JSON
 * tokens): every parser either accepts or throws one of the two documented exceptions, never
 * anything else; and an accepted mutated envelope never opens as a message unless it is the
 * original. The seed is in every failure message.
 */
class ParseFuzzTest {
  private static final int ROUNDS = 600;
  private static final String[] TOKENS = {
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "null",
    "1e999",
    "-0",
    "true",
    "\"kid\":",
    "\"sealed\":[]",
    "\"\\ud800\"",
    "9007199254740993",
    "\"\u212A\"",
    " "
  };

  static final SecretKey ALICE = SecretKey.generate(Algorithm.NOSTR);
  static final DeviceKey BOB = DeviceKey.generate();
  static final ChatMessage MSG =
      ChatMessage.text(Handle.parse("alice"), Handle.parse("bob"), "hello", 1_764_150_000L, ALICE);
  static final Envelope ENV = Envelope.seal(MSG, List.of(BOB.encKey()));
  static final LogEntry ENTRY = new LogEntry(3, Handle.parse("alice"), 1_764_150_001L, ENV);

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void envelopes(long seed) {
    fuzz(
        seed,
        Json.write(ENV.toJson()),
        text -> {
          Envelope e = Envelope.parse(text.getBytes(StandardCharsets.UTF_8));
          Opened o =
              BOB.open(
                  new LogEntry(1, Handle.parse("alice"), 0, e), Optional.of(ALICE.publicKey()));
          if (o instanceof Opened.Message m && !m.message().equals(MSG))
            throw new AssertionError("a mutated envelope opened as another message");
        });
  }

  @ParameterizedTest
  @ValueSource(longs = {4, 5})
  void chatKeyRecords(long seed) {
    ChatKey rec =
        ChatKey.sign(Handle.parse("alice"), BOB.encKey(), 1_764_150_000L, 1_771_926_000L, ALICE);
    fuzz(
        seed,
        rec.canonicalJson(),
        text -> {
          ChatKey k = ChatKey.parse(text);
          if (k.check(Handle.parse("alice"), ALICE.publicKey(), 1_764_150_000L).isEmpty()
              && !k.encKey().equals(BOB.encKey())) {
            throw new AssertionError("a mutated record passed its checks with another key");
          }
        });
  }

  @ParameterizedTest
  @ValueSource(longs = {6, 7})
  void innerMessages(long seed) {
    fuzz(
        seed,
        MSG.toString(),
        text -> ChatMessage.parse(text.getBytes(StandardCharsets.UTF_8)).text());
  }

  @ParameterizedTest
  @ValueSource(longs = {8, 9})
  void pagesFramesAndAnswers(long seed) {
    fuzz(
        seed,
        Json.write(new Page(List.of(ENTRY), 3).toJson()),
        text -> Page.parse(Json.parse(text)),
        ROUNDS / 3);
    fuzz(seed, new WsFrame.Entry(ENTRY).text(), WsFrame::parse, ROUNDS / 3);
    fuzz(
        seed,
        "{\"type\":\"auth\",\"ts\":1764150000,\"sig\":\"" + "A".repeat(85) + "w\"}",
        WsFrame::parse,
        ROUNDS / 3);
    ObjectNode info =
        new HandleInfo(
                Handle.parse("alice"),
                ALICE.publicKey(),
                List.of(ChatKey.sign(Handle.parse("alice"), BOB.encKey(), 1, null, ALICE)))
            .toJson();
    fuzz(
        seed,
        Json.write(info),
        text -> HandleInfo.parse(Json.parse(text)).usableKeys(2),
        ROUNDS / 3);
    fuzz(
        seed,
        new Registration(ALICE.publicKey()).toJson().toString(),
        text -> Registration.parse(text.getBytes(StandardCharsets.UTF_8)),
        ROUNDS / 3);
    fuzz(seed, ENV.id() + "x", text -> AuthHeader.parse("1764150000:" + text), ROUNDS / 3);
  }

  @org.junit.jupiter.api.Test
  void theUnmutatedTextsParse() {
    assertEquals(ENV, Envelope.parse(Json.write(ENV.toJson())));
    assertEquals(ENTRY, ((WsFrame.Entry) WsFrame.parse(new WsFrame.Entry(ENTRY).text())).entry());
  }

  private static void fuzz(long seed, String valid, Consumer<String> parser) {
    fuzz(seed, valid, parser, ROUNDS);
  }

  private static void fuzz(long seed, String valid, Consumer<String> parser, int rounds) {
    Random r = new Random(seed);
    for (int i = 0; i < rounds; i++) {
      String text = mutate(valid, r, 1 + r.nextInt(3));
      try {
        parser.accept(text);
      } catch (MalformedException | ChatLimitException expected) {
        if (expected.getMessage() == null || expected.getMessage().contains("\n"))
          fail("seed " + seed + ": not a one-line message for " + text);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError(
            "seed " + seed + ", round " + i + ": " + e + " for input " + text, e);
      }
    }
  }

  static String mutate(String s, Random r, int times) {
    StringBuilder sb = new StringBuilder(s);
    for (int t = 0; t < times; t++) {
      int at = sb.length() == 0 ? 0 : r.nextInt(sb.length());
      switch (r.nextInt(5)) {
        case 0 -> {
          if (sb.length() > 0) sb.setCharAt(at, (char) (sb.charAt(at) ^ (1 << r.nextInt(7))));
        }
        case 1 -> {
          if (sb.length() > 0) sb.deleteCharAt(at);
        }
        case 2 -> sb.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
        case 3 -> {
          int len = Math.min(sb.length() - at, 1 + r.nextInt(12));
          sb.delete(at, at + len);
        }
        default -> {
          int from = r.nextInt(Math.max(1, sb.length()));
          int len = Math.min(sb.length() - from, 1 + r.nextInt(20));
          sb.insert(at, sb.substring(from, from + len));
        }
      }
    }
    return sb.toString();
  }
}
