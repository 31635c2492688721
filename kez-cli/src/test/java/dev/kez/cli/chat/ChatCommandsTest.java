package dev.kez.cli.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.chat.protocol.Handle;
import dev.kez.cli.Cli;
import dev.kez.cli.ExitCode;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code kez chat} does before and without a server: usage, local state, unreachable, and its
 * printing.
 */
class ChatCommandsTest {
  @TempDir Path home;

  @Test
  void badHandlesAndServersAreUsageErrors() {
    Cli cli = new Cli(home);
    Cli.Result r = cli.run("chat", "register", "a.b", "--server", "http://127.0.0.1:1");
    assertEquals(ExitCode.USAGE, r.code(), r.toString());
    assertTrue(r.err().contains("only a-z, 0-9"), r.err());
    r = cli.run("chat", "register", "alice", "--server", "http://127.0.0.1:1/prefix");
    assertEquals(ExitCode.USAGE, r.code(), r.toString());
    assertTrue(r.err().contains("without a path"), r.err());
    r = cli.run("chat", "register", "alice", "--server", "ftp://x");
    assertEquals(ExitCode.USAGE, r.code(), r.toString());
    assertEquals(
        ExitCode.USAGE, cli.run("chat", "read", "--count", "2").code(), "--count needs --follow");
  }

  @Test
  void helpListsTheSubcommandsAndExitCodes() {
    Cli.Result r = new Cli(home).run("chat", "--help");
    assertEquals(ExitCode.OK, r.code(), r.toString());
    for (String s : new String[] {"register", "send", "read", "whois", "Exit codes:", "70"})
      assertTrue(r.out().contains(s), s + " in\n" + r.out());
    if (Boolean.getBoolean("kez.printHelp")) {
      System.out.println(r.out());
      for (String sub : new String[] {"register", "send", "read", "whois"})
        System.out.println(new Cli(home).run("chat", sub, "--help").out());
    }
  }

  @Test
  void commandsThatActForAHandleNeedARegistration() {
    Cli cli = new Cli(home);
    Cli.Result r = cli.run("chat", "send", "bob", "hi");
    assertEquals(ExitCode.LOCAL, r.code(), r.toString());
    assertTrue(r.err().contains("kez chat register"), r.err());
    assertEquals(ExitCode.LOCAL, cli.run("chat", "read").code());
    assertEquals(ExitCode.USAGE, cli.run("chat", "whois", "bob").code(), "whois without a server");
  }

  @Test
  void aServerThatDoesNotAnswerIsUnreachable() throws IOException {
    Cli cli = new Cli(home);
    cli.ok("identity", "new");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Cli.Result r = cli.run("chat", "register", "alice", "--server", "http://127.0.0.1:" + port);
    assertEquals(ExitCode.UNREACHABLE, r.code(), r.toString());
    assertTrue(r.err().startsWith("kez: cannot reach http://127.0.0.1:" + port), r.err());
    assertFalse(
        Files.exists(home.resolve(ChatConfig.FILE)),
        "nothing is remembered of a failed registration");
  }

  @Test
  void printableEscapesWhatCouldDriveTheTerminal() {
    assertEquals("hi \\u001b[31mred", EntryPrinter.printable("hi \u001b[31mred"));
    assertEquals("a\\u202eb", EntryPrinter.printable("a\u202eb"), "a bidi override");
    assertEquals("one\n    two", EntryPrinter.printable("one\ntwo"));
    assertEquals("café ✔ 😀", EntryPrinter.printable("café ✔ 😀"));
  }

  @Test
  void whoisSummarizesTheIdentityGraph() {
    var graph =
        Json.parseObject(
            """
            {"kez":"0.2","type":"identity","accounts":[
              {"account":"github:alice","status":"valid"},
              {"account":"dns:alice.example","status":"valid"},
              {"account":"bluesky:alice.bsky.social","status":"revoked"}]}\
            """);
    assertEquals(
        "@alice is github:alice ✔, alice.example ✔, bluesky:alice.bsky.social ✘ (revoked)",
        ChatWhoisCommand.summary(Handle.parse("alice"), graph));
    var wrapped =
        Json.parseObject(
            "{\"handle\":\"bob\",\"key\":\"npub1xyz\",\"identity\":{\"accounts\":[]}}");
    assertEquals(
        "@bob is npub1xyz, with no account proven for it",
        ChatWhoisCommand.summary(Handle.parse("bob"), wrapped));
    var none =
        Json.parseObject(
            "{\"handle\":\"bob\",\"key\":\"npub1xyz\",\"identity\":null,\"detail\":\"no sig-server knows it\"}");
    assertEquals(
        "@bob is npub1xyz, with no account proven for it (no sig-server knows it)",
        ChatWhoisCommand.summary(Handle.parse("bob"), none));
  }
}
