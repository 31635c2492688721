package dev.kez.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.core.MalformedException;
import dev.kez.core.keystore.KeyStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §2: one table maps every way a command ends to its exit code, and to one line of words.
 */
class ExitCodeTest {
  @Test
  void everyFailureHasItsCode() {
    Map<Throwable, Integer> table =
        Map.ofEntries(
            Map.entry(Failure.failed("refused", List.of()), ExitCode.FAILED),
            Map.entry(Failure.usage("bad"), ExitCode.USAGE),
            Map.entry(Failure.unreachable("down"), ExitCode.UNREACHABLE),
            Map.entry(Failure.local("damaged"), ExitCode.LOCAL),
            Map.entry(new MalformedException("malformed account"), ExitCode.USAGE),
            Map.entry(new KeyStoreException("no identity"), ExitCode.LOCAL),
            Map.entry(new NoSuchFileException("/x"), ExitCode.LOCAL),
            Map.entry(new UncheckedIOException(new IOException("disk full")), ExitCode.LOCAL),
            Map.entry(new IllegalStateException("a bug"), ExitCode.INTERNAL),
            Map.entry(new NullPointerException(), ExitCode.INTERNAL));
    table.forEach((e, code) -> assertEquals(code, ExitCode.of(e), e.toString()));
  }

  /** A link the chain refuses (a ChainException from the real rules) is bad input, said as such. */
  @Test
  void aRefusedLinkIsAUsageError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) {
    Cli cli = new Cli(home);
    cli.ok("identity", "new");
    Cli.Result r = cli.run("sigchain", "revoke", "github:nobody");
    assertEquals(ExitCode.USAGE, r.code(), r.toString());
    assertTrue(r.err().startsWith("kez: the sigchain refuses this link "), r.toString());
  }

  @Test
  void messagesAreSentencesExceptForABug() {
    assertEquals("no such file: /x", Kez.message(new NoSuchFileException("/x"), ExitCode.LOCAL));
    assertEquals(
        "not UTF-8 text",
        Kez.message(new UncheckedIOException(new MalformedInputException(1)), ExitCode.LOCAL));
    String bug = Kez.message(new IllegalStateException("x"), ExitCode.INTERNAL);
    assertTrue(
        bug.startsWith(
            "internal error (a bug in kez; KEZ_DEBUG=1 shows where): IllegalStateException"),
        bug);
  }

  @Test
  void theHelpListsEveryCode() {
    String help = new Cli(java.nio.file.Path.of("/nonexistent")).run("claim", "--help").out();
    for (String code : ExitCode.descriptions().keySet())
      assertTrue(help.contains(code.strip() + "   "), code + " in\n" + help);
  }
}
