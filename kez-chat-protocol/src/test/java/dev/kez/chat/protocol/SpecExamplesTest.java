package dev.kez.chat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.Digests;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Jcs;
import dev.kez.core.json.Json;
import dev.kez.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of SPEC.md §16.8, made by this code from fixed keys (Ed25519 signs
 * deterministically; the HPKE ephemeral key is fixed too), and checked to appear in SPEC.md
 * verbatim. {@code -Dkez.printExamples=true} prints them for pasting after a change.
 */
class SpecExamplesTest {
  static final long TS = 1_764_150_000L;
  static final byte[] ALICE_SEED =
      Digests.sha256("kez-chat example: alice's identity".getBytes(StandardCharsets.UTF_8));
  static final byte[] BOB_SEED =
      Digests.sha256("kez-chat example: bob's identity".getBytes(StandardCharsets.UTF_8));
  static final byte[] BOB_DEVICE =
      Digests.sha256("kez-chat example: bob's device".getBytes(StandardCharsets.UTF_8));
  static final byte[] EPHEMERAL_IKM =
      Digests.sha256("kez-chat example: ephemeral".getBytes(StandardCharsets.UTF_8));
  static final byte[] NONCE = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
  static final String ID = "EBESExQVFhcYGRobHB0eHw"; // b64u of the bytes 0x10..0x1f

  static String markdown() {
    SecretKey alice = SecretKey.fromSecret(Algorithm.ED25519, ALICE_SEED);
    SecretKey bob = SecretKey.fromSecret(Algorithm.ED25519, BOB_SEED);
    DeviceKey bobDevice = DeviceKey.fromSecret(BOB_DEVICE);
    Handle a = Handle.parse("alice"), b = Handle.parse("bob");
    HexFormat hex = HexFormat.of();
    StringBuilder md = new StringBuilder();
    md.append("Keys (test keys, never for real use; each secret is SHA-256 of an ASCII label):\n\n")
        .append("| | label | public |\n|---|---|---|\n")
        .append("| alice's identity, Ed25519 seed | `kez-chat example: alice's identity` | `")
        .append(alice.publicKey().encoded())
        .append("` |\n")
        .append("| bob's identity, Ed25519 seed | `kez-chat example: bob's identity` | `")
        .append(bob.publicKey().encoded())
        .append("` |\n")
        .append("| bob's device, X25519 secret | `kez-chat example: bob's device` | `")
        .append(bobDevice.encKey())
        .append("` |\n")
        .append(
            "| HPKE ephemeral, `ikmE` of DeriveKeyPair | `kez-chat example: ephemeral` | (below, `enc`) |\n\n");

    Registration reg = new Registration(alice.publicKey());
    ChatAuth auth =
        ChatAuth.forRequest("POST", "/v1/handles/alice", reg.body(), "", a, alice.publicKey(), TS);
    md.append("**Registering `alice`.** Body (exact bytes):\n\n```\n")
        .append(new String(reg.body(), StandardCharsets.UTF_8))
        .append("\n```\n\nThe auth object the server rebuilds, as JCS:\n\n```\n")
        .append(new String(auth.canonicalBytes(), StandardCharsets.UTF_8))
        .append("\n```\n\nIts digest is `")
        .append(hex.formatHex(auth.digest()))
        .append("`, and the header is\n\n```\n")
        .append(ChatAuth.HEADER)
        .append(": ")
        .append(auth.sign(alice).format())
        .append("\n```\n\n");

    ChatAuth ws = ChatAuth.forWebSocket(b, bob.publicKey(), NONCE, TS);
    WsFrame.Challenge challenge =
        new WsFrame.Challenge(dev.kez.core.crypto.Base64Url.encode(NONCE));
    md.append("**WebSocket handshake of `bob`.** The server sends\n\n```\n")
        .append(challenge.text())
        .append("\n```\n\nthe auth object is\n\n```\n")
        .append(new String(ws.canonicalBytes(), StandardCharsets.UTF_8))
        .append("\n```\n\nand the client answers\n\n```\n")
        .append(new WsFrame.Auth(ws.sign(bob)).text())
        .append("\n```\n\n");

    ChatKey record = ChatKey.sign(b, bobDevice.encKey(), TS, TS + 90 * 86400, bob);
    md.append("**Bob's device record** (`chat_key`), as JCS:\n\n```\n")
        .append(record.canonicalJson())
        .append("\n```\n\n");

    ChatMessage msg =
        ChatMessage.sign(
            a, b, ID, Json.newObject().put("text", "hi bob").put("type", "text"), TS, alice);
    AsymmetricCipherKeyPair eph = ChatHpke.suite().deriveKeyPair(EPHEMERAL_IKM);
    Envelope env =
        new Envelope(
            ID, b, List.of(ChatHpke.seal(bobDevice.encKey(), msg.canonicalBytes(), ID, eph)));
    md.append(
            "**A message from alice to bob.** The inner `chat_msg` (its JCS is the plaintext):\n\n```\n")
        .append(msg)
        .append("\n```\n\nsealed to bob's device with `info` = `kez-chat/v1` and `aad` = `")
        .append(ID)
        .append("`, posted as the envelope\n\n```\n")
        .append(Json.write(env.toJson()))
        .append("\n```\n\n");
    LogEntry entry = new LogEntry(1, a, TS + 1, env);
    md.append("which bob's log serves as\n\n```\n")
        .append(new String(Jcs.canonicalize(entry.toJson()), StandardCharsets.UTF_8))
        .append("\n```\n");

    // the example is also a test: bob's device opens it and every check of §16.6 passes
    Opened.Message opened =
        assertInstanceOf(
            Opened.Message.class, bobDevice.open(entry, Optional.of(alice.publicKey())));
    assertEquals(Optional.of("hi bob"), opened.message().text());
    assertTrue(auth.verify(AuthHeader.parse(auth.sign(alice).format())));
    assertEquals(Optional.empty(), record.check(b, bob.publicKey(), TS));
    return md.toString();
  }

  @Test
  void specMdCarriesTheExamplesThisCodeMakes() throws Exception {
    String md = markdown();
    if (Boolean.getBoolean("kez.printExamples")) System.out.println(md);
    assertEquals(md, markdown(), "the examples are deterministic");
    Path spec = Vectors.dir().getParent().getParent().resolve("SPEC.md");
    String text = Files.readString(spec);
    assertTrue(
        text.contains(md),
        "SPEC.md §16.8 differs from the examples this code makes; run with -Dkez.printExamples=true and paste them");
  }
}
