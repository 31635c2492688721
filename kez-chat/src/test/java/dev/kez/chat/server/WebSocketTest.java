package dev.kez.chat.server;

import static dev.kez.chat.server.testing.ChatHttp.expect;
import static dev.kez.chat.server.testing.ChatHttp.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.chat.protocol.LogEntry;
import dev.kez.chat.protocol.Opened;
import dev.kez.chat.server.testing.ChatHttp;
import dev.kez.chat.server.testing.ChatServers;
import dev.kez.chat.server.testing.Person;
import dev.kez.chat.server.testing.WsProbe;
import dev.kez.server.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Live delivery over {@code /v1/ws/{handle}} (chat.md §6, §8): handshake, entries, sync, close
 * codes, slow clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketTest {
  static final AtomicInteger N = new AtomicInteger();
  HttpServer server;
  ChatHttp http;

  @BeforeAll
  void start() throws Exception {
    server = ChatServers.start(ChatServers.tempDir(), "--ws-buffer", "65536");
    http = new ChatHttp(server.uri());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  Person joined(String prefix) {
    Person p = new Person(prefix + N.incrementAndGet());
    http.join(p);
    return p;
  }

  @Test
  void readyThenEveryNewEntryLive() throws Exception {
    Person alice = joined("alice");
    Person bob = joined("bob");
    try (WsProbe ws = WsProbe.login(server.uri(), bob, bob.key)) {
      ObjectNode ready = ws.next();
      assertEquals("ready", ready.get("type").asText());
      assertEquals(0, ready.get("head").asLong());
      for (int i = 1; i <= 3; i++) {
        expect(201, http.send(alice, alice.seal(bob, "live " + i, now())));
        ObjectNode f = ws.next();
        assertEquals("entry", f.get("type").asText(), f.toString());
        LogEntry e = LogEntry.parse(f.get("entry"));
        assertEquals(i, e.seq());
        Opened o = bob.device.open(e, Optional.of(alice.key.publicKey()));
        assertEquals(
            "live " + i, assertInstanceOf(Opened.Message.class, o).message().text().orElseThrow());
      }
    }
  }

  @Test
  void syncSendsTheEntriesAfterASeqThenSynced() throws Exception {
    Person alice = joined("carol");
    Person bob = joined("dan");
    for (int i = 0; i < 4; i++) expect(201, http.send(alice, alice.seal(bob, "old " + i, now())));
    try (WsProbe ws = WsProbe.login(server.uri(), bob, bob.key)) {
      assertEquals(4, ws.next().get("head").asLong());
      ws.send("{\"type\":\"sync\",\"after\":1}");
      for (long seq = 2; seq <= 4; seq++)
        assertEquals(seq, ws.next().get("entry").get("seq").asLong());
      ObjectNode synced = ws.next();
      assertEquals("synced", synced.get("type").asText());
      assertEquals(4, synced.get("head").asLong());
      expect(201, http.send(alice, alice.seal(bob, "new", now())));
      assertEquals(5, ws.next().get("entry").get("seq").asLong());
    }
  }

  @Test
  void aBadAuthClosesWith4401AndNoEntry() throws Exception {
    Person alice = joined("eve");
    Person bob = joined("fay");
    expect(201, http.send(alice, alice.seal(bob, "secret", now())));
    try (WsProbe ws =
        WsProbe.login(server.uri(), bob, alice.key)) { // signed by another key than bob's
      assertEquals(4401, ws.closed.get(10, TimeUnit.SECONDS));
      assertTrue(ws.frames.isEmpty(), "no frame after the challenge: " + ws.frames);
    }
    try (WsProbe ws = WsProbe.connect(server.uri(), "/v1/ws/" + bob.handle)) {
      ws.next(); // challenge
      ws.send("{\"type\":\"sync\",\"after\":0}"); // not an auth
      assertEquals(4401, ws.closed.get(10, TimeUnit.SECONDS));
      assertTrue(ws.frames.isEmpty());
    }
  }

  @Test
  void noAuthInTimeClosesWith4408() throws Exception {
    Person bob = joined("gus");
    try (WsProbe ws = WsProbe.connect(server.uri(), "/v1/ws/" + bob.handle)) {
      assertEquals("challenge", ws.next().get("type").asText());
      assertEquals(4408, ws.closed.get(10, TimeUnit.SECONDS)); // 1 s in this test, 10 s in service
    }
  }

  @Test
  void upgradesForUnknownOrInvalidHandlesAreRefused() {
    for (String path : new String[] {"/v1/ws/nobody-here", "/v1/ws/a%41b"}) {
      ExecutionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> WsProbe.connect(server.uri(), path));
      assertTrue(
          e.getCause().getMessage().contains(path.contains("%") ? "400" : "404"),
          e.getCause().getMessage());
    }
  }

  @Test
  void aClientThatDoesNotReadIsDisconnected() throws Exception {
    Person alice = joined("hal");
    Person bob = joined("ivy");
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      byte[] key = new byte[16];
      new SecureRandom().nextBytes(key);
      out.write(
          ("GET /v1/ws/"
                  + bob.handle
                  + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: "
                  + Base64.getEncoder().encodeToString(key)
                  + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
      assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
      ObjectNode challenge = dev.kez.core.json.Json.parseObject(readFrame(in));
      byte[] nonce = dev.kez.core.crypto.Base64Url.decode(challenge.get("nonce").asText());
      var auth =
          dev.kez.chat.protocol.ChatAuth.forWebSocket(
                  bob.handle, bob.key.publicKey(), nonce, ChatHttp.freshTs())
              .sign(bob.key);
      writeMaskedText(out, new dev.kez.chat.protocol.WsFrame.Auth(auth).text());
      assertEquals("ready", dev.kez.core.json.Json.parseObject(readFrame(in)).get("type").asText());
      // Now stop reading while far more than the 64 KiB buffer (and the sockets' buffers) is sent.
      String big = "x".repeat(12_000);
      int posted = 0;
      long tp = System.nanoTime();
      for (; posted < 400 && !closedByServer(s); posted++)
        expect(201, http.send(alice, alice.seal(bob, big, now())));
      System.out.printf(
          "slow client: dropped after %d posts (%.1f s)%n", posted, (System.nanoTime() - tp) / 1e9);
      // Reading now drains what was in flight, then must meet the end: the server dropped us.
      long t0 = System.nanoTime();
      byte[] buf = new byte[65536];
      long total = 0;
      for (int n; (n = in.read(buf)) != -1; ) total += n;
      assertTrue(posted < 400, "the server never dropped the client; " + total + " bytes came");
      assertTrue(System.nanoTime() - t0 < 20_000_000_000L);
    }
    // The server is fine and bob can come back and sync.
    try (WsProbe ws = WsProbe.login(server.uri(), bob, bob.key)) {
      assertTrue(ws.next().get("head").asLong() >= 1);
    }
  }

  /** Whether the server dropped the connection, seen without reading: a write then fails (RST). */
  static boolean closedByServer(Socket s) {
    try {
      OutputStream out = s.getOutputStream();
      out.write(
          new byte[] {(byte) 0x8a, (byte) 0x80, 1, 2, 3, 4}); // an empty, masked, unsolicited pong
      out.flush();
      return false;
    } catch (java.io.IOException e) {
      return true;
    }
  }

  static String readFrame(InputStream in) throws java.io.IOException {
    int b0 = in.read();
    int len = in.read() & 0x7f;
    if (len == 126) len = (in.read() << 8) | in.read();
    else if (len == 127) throw new AssertionError("unexpectedly large frame");
    assertEquals(0x81, b0, "a final text frame");
    return new String(in.readNBytes(len), StandardCharsets.UTF_8);
  }

  static void writeMaskedText(OutputStream out, String text) throws java.io.IOException {
    byte[] p = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {1, 2, 3, 4};
    out.write(0x81);
    if (p.length < 126) out.write(0x80 | p.length);
    else {
      out.write(0x80 | 126);
      out.write(p.length >> 8);
      out.write(p.length & 0xff);
    }
    out.write(mask);
    for (int i = 0; i < p.length; i++) out.write(p[i] ^ mask[i % 4]);
    out.flush();
  }
}
