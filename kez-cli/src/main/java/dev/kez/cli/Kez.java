package dev.kez.cli;

import dev.kez.channels.ChannelPlugin;
import dev.kez.core.Protocol;
import dev.kez.core.crypto.Ed25519Backend;
import dev.kez.core.keystore.EncryptedSecret;
import dev.kez.core.keystore.KeyStore;
import dev.kez.core.keystore.PassphraseSource;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code kez} command and the context of one run: environment, standard input, console, clock
 * and {@code KEZ_HOME}. Commands read the environment and the terminal only from here, so tests
 * (the {@code Cli} harness of the test-jar) build one with their own and run it in-process through
 * {@link #execute}.
 *
 * <p>A new command is one class (a {@link KezCommand}) and one line in its parent's list of
 * subcommands ({@link Tree#ROOT} for kez's own, {@code SUBCOMMANDS} in verify and sigchain, {@code
 * subcommands} in the others' annotation): the option converters ({@link Converters}), the error
 * handler and the exit-code table ({@link ExitCode#of(Throwable)}) apply to it without more.
 */
@Command(
    name = "kez",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Kez.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    headerHeading = "",
    header = "KEZ: prove that accounts and keys belong to one person, and check such proofs.",
    description = {
      "%nYour identity is a key pair kept in KEZ_HOME (default ~/.kez, or --home). A claim says "
          + "\"this account is controlled by this key\", signed by the key. You publish it on the "
          + "account itself (a gist, a DNS record, a post), and anyone verifies it without trusting a "
          + "server.",
      "%nStart with: kez identity new; then kez claim github:<you>."
    },
    // subcommands: in Tree, built only as far as the command line needs
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  KEZ_HOME        where keys live (default ~/.kez); --home overrides it",
      "  KEZ_PASSPHRASE  passphrase for encrypted keys (else kez asks on the terminal)",
      "  KEZ_DEBUG       set to print stack traces of internal errors"
    })
public final class Kez implements Callable<Integer> {
  private final Map<String, String> env;
  private final InputStream stdin;
  private final Supplier<@Nullable Console> console;
  private final Clock clock;
  private int scryptLogN = EncryptedSecret.DEFAULT_LOG_N;

  @Spec CommandSpec spec;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "Where keys live (default: $KEZ_HOME, else ~/.kez).")
  @Nullable Path home;

  @Option(
      names = "--verbose",
      scope = ScopeType.LOCAL,
      description =
          "With --version: also which Ed25519 implementation is in use (libsodium or BouncyCastle).")
  boolean verbose;

  /** The context of a real run: the process environment, System.in and the terminal. */
  public Kez() {
    // the terminal only when a command asks: finding it loads JLine's console (JDK 22+)
    this(System.getenv(), System.in, System::console, Clock.systemUTC());
  }

  public Kez(Map<String, String> env, InputStream stdin, @Nullable Console console, Clock clock) {
    this(env, stdin, () -> console, clock);
  }

  private Kez(
      Map<String, String> env,
      InputStream stdin,
      Supplier<@Nullable Console> console,
      Clock clock) {
    this.env = Map.copyOf(env);
    this.stdin = stdin;
    this.console = console;
    this.clock = clock;
  }

  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    Kez kez = new Kez();
    OptionalInt direct = Direct.run(kez, out, err, args);
    if (direct.isPresent()) {
      // no shutdown hooks to run, and System.exit sets up logging to log itself (JDK 21+)
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(direct.getAsInt());
    }
    System.exit(picocli(kez, out, err, args));
  }

  /**
   * Runs one command line; returns its {@link ExitCode}. The commands a script runs most start
   * without picocli ({@link Direct}); every other line, and any unusual one, goes to picocli.
   */
  public static int execute(Kez kez, PrintWriter out, PrintWriter err, String... args) {
    OptionalInt direct = Direct.run(kez, out, err, args);
    return direct.isPresent() ? direct.getAsInt() : picocli(kez, out, err, args);
  }

  /**
   * Runs one command line through picocli (the differential test runs it beside {@link Direct}).
   */
  static int picocli(Kez kez, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine(kez, args);
    cl.setOut(out);
    cl.setErr(err);
    try {
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * The configured command tree: one-line errors instead of stack traces, exit codes mapped as in
   * {@link ExitCode}, and the exit-code list at the end of every command's help.
   */
  public static CommandLine commandLine(Kez kez, String... words) {
    CommandLine cl = new CommandLine(kez);
    Tree.add(cl, Tree.ROOT, words, 0);
    Tree.helpOptionsLast(cl);
    Converters.register(cl);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof ParameterException p) {
        return cl.getParameterExceptionHandler()
            .handleParseException(p, parsed.originalArgs().toArray(String[]::new));
      }
      return failed(kez, e, cmd.getErr());
    });
    cl.setParameterExceptionHandler((e, args) -> {
      CommandLine cmd = e.getCommandLine();
      String hint = "";
      if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
        hint = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
      }
      cmd.getErr().println(usageLine(e.getMessage(), hint, cmd.getCommandSpec().qualifiedName()));
      return ExitCode.USAGE;
    });
    withExitCodes(cl);
    return cl;
  }

  /** Reports a command's failure: one line, its details, the trace with KEZ_DEBUG; its code. */
  static int failed(Kez kez, Exception e, PrintWriter err) {
    int code = ExitCode.of(e);
    err.println("kez: " + message(e, code));
    if (e instanceof Failure f) f.details().forEach(d -> err.println("  " + d));
    if (kez.env.containsKey("KEZ_DEBUG")) e.printStackTrace(err);
    return code;
  }

  /** The line of a usage error of the command {@code qualifiedName} ("kez verify claim"). */
  static String usageLine(String message, String hint, String qualifiedName) {
    return "kez: " + redact(oneLine(message)) + hint + " (see '" + qualifiedName + " --help')";
  }

  /** The one line a failure prints after "kez: ": a sentence; a Java class name only for a bug. */
  static String message(Throwable e, int code) {
    String m = e.getMessage() == null || e.getMessage().isBlank() ? "" : oneLine(e.getMessage());
    if (code == ExitCode.INTERNAL)
      return "internal error (a bug in kez; KEZ_DEBUG=1 shows where): "
          + e.getClass().getSimpleName()
          + (m.isEmpty() ? "" : ": " + m);
    if (e instanceof dev.kez.core.chain.ChainException) return "the sigchain refuses this " + m;
    if (e instanceof java.io.IOException io) return Inputs.describe(io);
    // an iterator's UncheckedIOException(cause) says only cause.toString(): a Java class name
    if (e instanceof java.io.UncheckedIOException u
        && m.equals(oneLine(String.valueOf(u.getCause())))) return Inputs.describe(u.getCause());
    return m.isEmpty() ? "failed" : m;
  }

  private static void withExitCodes(CommandLine cl) {
    cl.getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCode.descriptions());
    for (CommandLine sub : cl.getSubcommands().values()) withExitCodes(sub);
  }

  /** Usage errors echo arguments; a secret key given in the wrong place must not be echoed. */
  static String redact(String s) {
    return s.replaceAll("nsec1[02-9ac-hj-np-z]{6,}", "nsec1…")
        .replaceAll("(?<![0-9A-Fa-f])[0-9A-Fa-f]{64}(?![0-9A-Fa-f])", "<64 hex>");
  }

  static String oneLine(String s) {
    return s.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  /** {@code kez} alone: show what there is, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  // ---- the context commands use

  public Map<String, String> env() {
    return env;
  }

  public InputStream stdin() {
    return stdin;
  }

  public Clock clock() {
    return clock;
  }

  /** The terminal, when there is one (null in tests and pipes). */
  public @Nullable Console console() {
    return console.get();
  }

  public Path homeDir() {
    return home != null ? home : KeyStore.defaultHome(env);
  }

  public KeyStore keyStore() {
    return KeyStore.open(homeDir()).withScryptLogN(scryptLogN);
  }

  /** The scrypt cost of newly encrypted keys; tests lower it to stay fast. */
  Kez withScryptLogN(int logN) {
    this.scryptLogN = logN;
    return this;
  }

  /**
   * Whether standard output is a terminal that wants colour and progress: a console that is a
   * terminal, and neither NO_COLOR nor TERM=dumb in the environment.
   */
  public boolean colourTerminal() {
    Console console = console();
    if (console == null || env.containsKey("NO_COLOR") || "dumb".equals(env.get("TERM")))
      return false;
    try {
      // Java 22+ returns a Console even when redirected; isTerminal() tells. Java 21: non-null
      // means a terminal.
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /**
   * The channel plugins, with credentials from this run's environment (GITHUB_TOKEN), not the
   * process's.
   */
  public List<ChannelPlugin> plugins() {
    return ChannelPlugin.all(env);
  }

  public PassphraseSource passphrases() {
    return PassphraseSource.fromEnvOrConsole(env, console());
  }

  /**
   * {@code kez --version}: the tool's version and the protocol version it speaks; with --verbose,
   * the Ed25519 backend.
   */
  public static final class Version implements IVersionProvider {
    @Spec CommandSpec spec;

    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Kez.class.getResourceAsStream("version.properties")) {
        if (in != null) p.load(in);
      }
      String version =
          "kez "
              + p.getProperty("version", "(development build)")
              + " (KEZ protocol "
              + Protocol.VERSION
              + ")";
      String java =
          "Java " + System.getProperty("java.version") + ", " + System.getProperty("java.vm.name");
      var verbose = spec == null ? null : spec.root().findOption("--verbose");
      if (verbose == null || !Boolean.TRUE.equals(verbose.getValue()))
        return new String[] {version, java};
      return new String[] {version, java, "Ed25519: " + Ed25519Backend.current().description()};
    }
  }
}
