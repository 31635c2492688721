package dev.kez.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalInt;
import picocli.CommandLine;

/**
 * {@code kez}'s own help ({@code kez}, {@code kez --help}, {@code -h}, {@code help}) without
 * picocli, whose model of the whole command tree, built by reflection, was most of its start-up
 * (issue 16). The build renders the text with picocli from the same classes ({@link #main}, into
 * the jar beside this class), so it cannot go stale; it is printed only when picocli would print it
 * plain at its default width, else picocli runs. DirectTest compares the two.
 */
public final class Help {
  private Help() {}

  static final String RESOURCE = "help.txt";

  /** The build step: writes the root help as picocli prints it plain at 80 columns to args[0]. */
  public static void main(String[] args) throws IOException {
    CommandLine cl =
        Kez.commandLine(
            new Kez(Map.of(), InputStream.nullInputStream(), null, Clock.systemUTC()), "--help");
    cl.getCommandSpec().usageMessage().autoWidth(false).width(80);
    StringWriter text = new StringWriter();
    cl.usage(new PrintWriter(text), CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    Files.writeString(Path.of(args[0]), text.toString(), StandardCharsets.UTF_8);
  }

  /** Prints the help and returns its exit code, or empty when picocli is to run the line. */
  static OptionalInt run(PrintWriter out, PrintWriter err, String... args) {
    boolean usage = args.length == 0;
    if (!usage
        && !(args.length == 1
            && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))))
      return OptionalInt.empty();
    if (!plain()) return OptionalInt.empty();
    String text;
    try (InputStream in = Help.class.getResourceAsStream(RESOURCE)) {
      if (in == null) return OptionalInt.empty(); // classes not built by Maven
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return OptionalInt.empty();
    }
    (usage ? err : out).print(text);
    out.flush();
    err.flush();
    return OptionalInt.of(usage ? ExitCode.USAGE : ExitCode.OK);
  }

  /**
   * Whether picocli (4.7: Help.Ansi.AUTO, UsageMessageSpec.width with usageHelpAutoWidth) prints
   * help without colour at its default width: not Windows, no picocli system property, colour not
   * forced (CLICOLOR_FORCE) and no terminal (its test: System.console(), then isTerminal on Java
   * 22+).
   */
  static boolean plain() {
    if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win"))
      return false;
    for (String p : System.getProperties().stringPropertyNames())
      if (p.startsWith("picocli.") || p.startsWith("org.fusesource.jansi")) return false;
    String force = System.getenv("CLICOLOR_FORCE");
    if (System.getenv("NO_COLOR") == null && force != null && !force.equals("0")) return false;
    Console console = System.console();
    if (console == null) return true;
    try {
      return !(Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return false; // Java 21: a console is a terminal
    }
  }
}
