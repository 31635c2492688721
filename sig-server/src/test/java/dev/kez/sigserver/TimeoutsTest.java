package dev.kez.sigserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.server.HttpServer;
import dev.kez.server.testing.Http;
import dev.kez.sigserver.testing.TestChain;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Slow clients: a silent connection is closed after the idle timeout, and a body trickling in past
 * the request deadline is answered 408. Raw sockets, since a well-behaved HTTP client cannot be
 * made this slow.
 */
class TimeoutsTest {
  @Test
  void silentConnectionsAndTricklingBodiesAreCutOff() throws Exception {
    String db = Files.createTempDirectory("kez-sig-timeouts-").resolve("kez-sig.db").toString();
    try (HttpServer server =
        SigServer.start(
            Config.onLoopback(
                db,
                "--rate",
                "0",
                "--access-log",
                "off",
                "--idle-timeout",
                "1",
                "--request-timeout",
                "1"),
            null)) {
      long t0 = System.nanoTime();
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(10_000);
        assertEquals(-1, s.getInputStream().read(), "the server closes a silent connection");
      }
      double idle = (System.nanoTime() - t0) / 1e9;
      assertTrue(idle >= 0.9 && idle < 8, "closed after " + idle + " s");

      TestChain c = new TestChain();
      c.add();
      byte[] body = c.jsonl().getBytes(StandardCharsets.UTF_8);
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(
            ("POST "
                    + Http.chain(c.name())
                    + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        // A byte every 0.4 s: never idle for a whole second, but far past the 1 s deadline.
        String answer = "";
        InputStream in = s.getInputStream();
        for (int i = 0; i < body.length - 1 && answer.isEmpty(); i++) {
          out.write(body[i]);
          out.flush();
          Thread.sleep(400);
          if (in.available() > 0)
            answer = new String(in.readNBytes(in.available()), StandardCharsets.UTF_8);
        }
        if (answer.isEmpty()) answer = new String(in.readNBytes(12), StandardCharsets.UTF_8);
        assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        System.out.printf(
            "idle close after %.1f s; 408 after %.1f s%n",
            idle, (System.nanoTime() - t0) / 1e9 - idle);
      }
      assertEquals(
          404, new Http(server.uri()).get(Http.chain(c.name())).statusCode(), "nothing was stored");
    }
  }
}
