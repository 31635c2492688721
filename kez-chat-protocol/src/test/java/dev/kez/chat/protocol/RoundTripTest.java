package dev.kez.chat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sign, seal, post, open: both key suites, and each way an entry must come out undecryptable. */
class RoundTripTest {
  static final long NOW = 1_764_150_000L;
  static final Handle ALICE = Handle.parse("alice");
  static final Handle BOB = Handle.parse("bob");

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void authObjectSignsAndVerifiesOnlyForTheSameRequest(Algorithm alg) {
    SecretKey k = SecretKey.generate(alg);
    byte[] body = "{\"key\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    ChatAuth auth =
        ChatAuth.forRequest("post", "/v1/handles/alice", body, "", ALICE, k.publicKey(), NOW);
    assertEquals("POST", auth.method());
    AuthHeader header = AuthHeader.parse(auth.sign(k).format());
    assertTrue(auth.verify(header));
    assertFalse(
        ChatAuth.forRequest("POST", "/v1/handles/alice?x", body, "", ALICE, k.publicKey(), NOW)
            .verify(header),
        "path");
    assertFalse(
        ChatAuth.forRequest("GET", "/v1/handles/alice", body, "", ALICE, k.publicKey(), NOW)
            .verify(header),
        "method");
    assertFalse(
        ChatAuth.forRequest("POST", "/v1/handles/alice", new byte[0], "", ALICE, k.publicKey(), NOW)
            .verify(header),
        "body");
    assertFalse(
        ChatAuth.forRequest(
                "POST",
                "/v1/handles/alice",
                body,
                "https://push.example/1",
                ALICE,
                k.publicKey(),
                NOW)
            .verify(header),
        "endpoint");
    assertFalse(
        ChatAuth.forRequest("POST", "/v1/handles/alice", body, "", ALICE, k.publicKey(), NOW + 1)
            .verify(header),
        "ts");
    assertFalse(
        ChatAuth.forRequest("POST", "/v1/handles/alice", body, "", BOB, k.publicKey(), NOW)
            .verify(header),
        "handle");
    assertFalse(
        ChatAuth.forRequest(
                "POST",
                "/v1/handles/alice",
                body,
                "",
                ALICE,
                SecretKey.generate(alg).publicKey(),
                NOW)
            .verify(header),
        "key");
    assertTrue(auth.fresh(NOW + 60) && auth.fresh(NOW - 60));
    assertFalse(auth.fresh(NOW + 61) || auth.fresh(NOW - 61));
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void webSocketAuthSignsTheNonceDigest(Algorithm alg) {
    SecretKey k = SecretKey.generate(alg);
    byte[] nonce = new byte[16];
    nonce[0] = 1;
    ChatAuth auth = ChatAuth.forWebSocket(ALICE, k.publicKey(), nonce, NOW);
    ObjectNode json = auth.toJson();
    assertEquals("WS", json.get("method").textValue());
    assertEquals("/v1/ws/alice", json.get("path").textValue());
    assertEquals("", json.get("endpoint").textValue());
    assertEquals(ChatAuth.bodyDigest(nonce), json.get("body").textValue());
    AuthHeader h = auth.sign(k);
    assertTrue(auth.verify(h));
    nonce[0] = 2;
    assertFalse(ChatAuth.forWebSocket(ALICE, k.publicKey(), nonce, NOW).verify(h));
    assertThrows(
        MalformedException.class,
        () -> ChatAuth.forWebSocket(ALICE, k.publicKey(), new byte[15], NOW));
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void chatKeyRecordsAreCheckedForSignatureKeyHandleAndExpiry(Algorithm alg) {
    SecretKey k = SecretKey.generate(alg);
    EncKey enc = DeviceKey.generate().encKey();
    ChatKey rec = ChatKey.sign(ALICE, enc, NOW, NOW + 100, k);
    ChatKey parsed = ChatKey.parse(Json.write(rec.toJson()));
    assertEquals(rec, parsed);
    assertEquals(Optional.empty(), parsed.check(ALICE, k.publicKey(), NOW + 99));
    assertEquals(
        Optional.of(ChatKey.Problem.EXPIRED), parsed.check(ALICE, k.publicKey(), NOW + 100));
    assertEquals(Optional.of(ChatKey.Problem.WRONG_HANDLE), parsed.check(BOB, k.publicKey(), NOW));
    assertEquals(
        Optional.of(ChatKey.Problem.WRONG_KEY),
        parsed.check(ALICE, SecretKey.generate(alg).publicKey(), NOW));
    ObjectNode tampered = rec.toJson().put("created_at", NOW + 1);
    assertEquals(
        Optional.of(ChatKey.Problem.BAD_SIGNATURE),
        ChatKey.parse(tampered).check(ALICE, k.publicKey(), NOW));
    assertEquals(
        List.of(enc),
        ChatKey.usable(List.of(rec, ChatKey.parse(tampered)), ALICE, k.publicKey(), NOW));
    assertThrows(
        MalformedException.class,
        () -> ChatKey.sign(ALICE, enc, NOW, NOW, k),
        "expires_at must follow created_at");
    assertThrows(
        MalformedException.class,
        () -> ChatKey.parse(rec.toJson().put("handle", "Alice")),
        "signed handles are lowercase");
  }

  /** Alice (two devices) writes to Bob (one device); every device opens its copy. */
  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void everyDeviceOpensAndVerifiesItsCopy(Algorithm alg) {
    SecretKey alice = SecretKey.generate(alg);
    DeviceKey bobPhone = DeviceKey.generate();
    DeviceKey aliceLaptop = DeviceKey.generate();
    DeviceKey alicePhone = DeviceKey.generate();
    ChatMessage msg = ChatMessage.text(ALICE, BOB, "hi ✔", NOW, alice);
    Envelope env =
        Envelope.seal(
            msg,
            List.of(
                bobPhone.encKey(), aliceLaptop.encKey(), alicePhone.encKey(), bobPhone.encKey()));
    assertEquals(3, env.sealed().size(), "a device listed twice gets one copy");
    Envelope posted = Envelope.parse(Json.write(env.toJson()));
    assertEquals(env, posted);
    LogEntry entry =
        LogEntry.parse(Json.parse(Json.write(new LogEntry(7, ALICE, NOW + 1, posted).toJson())));
    for (DeviceKey d : List.of(bobPhone, aliceLaptop, alicePhone)) {
      Opened o = d.open(entry, Optional.of(alice.publicKey()));
      Opened.Message m = assertInstanceOf(Opened.Message.class, o);
      assertEquals(msg, m.message());
      assertEquals(Optional.of("hi ✔"), m.message().text());
    }
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void anythingElseIsUndecryptable(Algorithm alg) {
    SecretKey alice = SecretKey.generate(alg);
    SecretKey mallory = SecretKey.generate(alg);
    DeviceKey bob = DeviceKey.generate();
    ChatMessage msg = ChatMessage.text(ALICE, BOB, "hi", NOW, alice);
    Envelope env = Envelope.seal(msg, List.of(bob.encKey()));
    Optional<dev.kez.core.crypto.PublicKey> aliceKey = Optional.of(alice.publicKey());

    assertEquals(
        Opened.Reason.NO_COPY, reason(DeviceKey.generate().open(entry(ALICE, env), aliceKey)));
    assertEquals(
        Opened.Reason.UNKNOWN_SENDER, reason(bob.open(entry(ALICE, env), Optional.empty())));
    assertEquals(
        Opened.Reason.BAD_SIGNATURE,
        reason(bob.open(entry(ALICE, env), Optional.of(mallory.publicKey()))));
    // the server (or anyone) relabels the sender: the inner from no longer matches
    assertEquals(
        Opened.Reason.MISMATCH, reason(bob.open(entry(Handle.parse("carol"), env), aliceKey)));
    // a copy moved under another id: the aad differs, so it does not open
    Envelope otherId = new Envelope(ChatMessage.newId(), BOB, env.sealed());
    assertEquals(Opened.Reason.DOES_NOT_OPEN, reason(bob.open(entry(ALICE, otherId), aliceKey)));
    // one flipped ciphertext byte
    byte[] ct = env.sealed().get(0).ctBytes();
    ct[ct.length / 2] ^= 1;
    Envelope flipped =
        new Envelope(
            env.id(),
            BOB,
            List.of(Envelope.Sealed.of(bob.encKey(), env.sealed().get(0).encBytes(), ct)));
    assertEquals(Opened.Reason.DOES_NOT_OPEN, reason(bob.open(entry(ALICE, flipped), aliceKey)));
    // a validly signed message, sealed under its own id but posted to someone else
    Envelope readdressed = new Envelope(env.id(), Handle.parse("dave"), env.sealed());
    assertEquals(Opened.Reason.MISMATCH, reason(bob.open(entry(ALICE, readdressed), aliceKey)));
    // mallory writes "from alice" with her own key; bob knows alice's key from the server
    Envelope impersonated =
        Envelope.seal(
            ChatMessage.text(ALICE, BOB, "send money", NOW, mallory), List.of(bob.encKey()));
    assertEquals(
        Opened.Reason.BAD_SIGNATURE, reason(bob.open(entry(ALICE, impersonated), aliceKey)));
    // a copy whose plaintext is not a chat_msg
    Envelope junk =
        new Envelope(
            env.id(),
            BOB,
            List.of(ChatHpke.seal(bob.encKey(), "{}".getBytes(StandardCharsets.UTF_8), env.id())));
    assertEquals(Opened.Reason.MALFORMED, reason(bob.open(entry(ALICE, junk), aliceKey)));
  }

  @org.junit.jupiter.api.Test
  void envelopeParsingIsStrict() {
    DeviceKey bob = DeviceKey.generate();
    ObjectNode good =
        Envelope.seal(
                ChatMessage.text(ALICE, BOB, "hi", NOW, SecretKey.generate(Algorithm.ED25519)),
                List.of(bob.encKey()))
            .toJson();
    Envelope.parse(good);
    assertThrows(MalformedException.class, () -> Envelope.parse(good.deepCopy().put("extra", 1)));
    assertThrows(MalformedException.class, () -> Envelope.parse(good.deepCopy().put("to", "Bob")));
    assertThrows(MalformedException.class, () -> Envelope.parse(good.deepCopy().put("id", "AAAA")));
    ObjectNode twice = good.deepCopy();
    ((ArrayNode) twice.get("sealed")).add(twice.get("sealed").get(0).deepCopy());
    assertThrows(MalformedException.class, () -> Envelope.parse(twice), "two copies for one kid");
    ObjectNode many = good.deepCopy();
    ArrayNode arr = many.putArray("sealed");
    for (int i = 0; i <= Envelope.MAX_SEALED; i++)
      arr.add(
          ((ObjectNode) good.get("sealed").get(0))
              .deepCopy()
              .put("kid", DeviceKey.generate().encKey().encoded()));
    assertThrows(ChatLimitException.class, () -> Envelope.parse(many));
    assertThrows(ChatLimitException.class, () -> Envelope.parse(new byte[Envelope.MAX_BYTES + 1]));
    assertThrows(
        MalformedException.class,
        () -> Envelope.parse("{\"id\":\"a\",\"id\":\"b\"}"),
        "duplicate members");
  }

  @org.junit.jupiter.api.Test
  void deviceKeyToStringHidesTheSecret() {
    DeviceKey d = DeviceKey.generate();
    assertTrue(d.toString().contains(d.encKey().encoded()));
    assertFalse(d.toString().contains("secret"));
    assertArrayEquals(d.encKey().bytes(), EncKey.of(d.encKey().bytes()).bytes());
  }

  static LogEntry entry(Handle from, Envelope env) {
    return new LogEntry(1, from, NOW, env);
  }

  static Opened.Reason reason(Opened o) {
    return assertInstanceOf(Opened.Undecryptable.class, o).reason();
  }
}
