package dev.kez.cli;

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
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
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
 * The {@code kez} command and the context of one run: environment, standard input, console,
 * clock and {@code KEZ_HOME}. Tests build one with their own environment and streams and run
 * it in-process through {@link #execute}.
 */
@Command(name = "kez",
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
        "%nStart with: kez identity new; then kez claim github:<you>."},
    // subcommands: in Tree, built only as far as the command line needs
    footerHeading = "%nEnvironment:%n",
    footer = {
        "  KEZ_HOME        where keys live (default ~/.kez); --home overrides it",
        "  KEZ_PASSPHRASE  passphrase for encrypted keys (else kez asks on the terminal)",
        "  KEZ_DEBUG       set to print stack traces of internal errors"})
public final class Kez implements Callable<Integer> {
  private final Map<String, String> env;
  private final InputStream stdin;
  private final Console console;
  private final Clock clock;
  private int scryptLogN = EncryptedSecret.DEFAULT_LOG_N;

  @Spec CommandSpec spec;

  @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "Where keys live (default: $KEZ_HOME, else ~/.kez).")
  Path home;

  @Option(names = "--verbose", scope = ScopeType.LOCAL,
      description = "With --version: also which Ed25519 implementation is in use (libsodium or BouncyCastle).")
  boolean verbose;

  /** The context of a real run: the process environment, System.in and the terminal. */
  public Kez() {
    this(System.getenv(), System.in, System.console(), Clock.systemUTC());
  }

  public Kez(Map<String, String> env, InputStream stdin, Console console, Clock clock) {
    this.env = Map.copyOf(env);
    this.stdin = stdin;
    this.console = console;
    this.clock = clock;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(execute(new Kez(), out, err, args));
  }

  /** Runs one command line; returns its {@link ExitCode}. */
  public static int execute(Kez kez, PrintWriter out, PrintWriter err, String... args) {
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
   * The configured command tree: one-line errors instead of stack traces, exit codes mapped
   * as in {@link ExitCode}, and the exit-code list at the end of every command's help.
   */
  public static CommandLine commandLine(Kez kez, String... words) {
    CommandLine cl = new CommandLine(kez);
    Tree.add(cl, Tree.ROOT, words, 0);
    Tree.helpOptionsLast(cl);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof ParameterException p) {
        return cl.getParameterExceptionHandler().handleParseException(p, parsed.originalArgs().toArray(String[]::new));
      }
      String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
      String prefix = ExitCode.expected(e) ? "kez: " : "kez: internal error: " + e.getClass().getSimpleName() + ": ";
      cmd.getErr().println(prefix + oneLine(message));
      if (kez.env.containsKey("KEZ_DEBUG")) e.printStackTrace(cmd.getErr());
      return ExitCode.of(e);
    });
    cl.setParameterExceptionHandler((e, args) -> {
      CommandLine cmd = e.getCommandLine();
      String hint = "";
      if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
        hint = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
      }
      cmd.getErr().println("kez: " + redact(oneLine(e.getMessage())) + hint + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
      return ExitCode.USAGE;
    });
    withExitCodes(cl);
    return cl;
  }

  private static void withExitCodes(CommandLine cl) {
    cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.descriptions());
    for (CommandLine sub : cl.getSubcommands().values()) withExitCodes(sub);
  }

  /** Usage errors echo arguments; a secret key given in the wrong place must not be echoed. */
  static String redact(String s) {
    return s.replaceAll("nsec1[02-9ac-hj-np-z]{6,}", "nsec1…").replaceAll("(?<![0-9A-Fa-f])[0-9A-Fa-f]{64}(?![0-9A-Fa-f])", "<64 hex>");
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

  public Map<String, String> env() { return env; }
  public InputStream stdin() { return stdin; }
  public Clock clock() { return clock; }

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

  public PassphraseSource passphrases() {
    return PassphraseSource.fromEnvOrConsole(env, console);
  }

  /** {@code kez --version}: the tool's version and the protocol version it speaks; with --verbose, the Ed25519 backend. */
  public static final class Version implements IVersionProvider {
    @Spec CommandSpec spec;

    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Kez.class.getResourceAsStream("version.properties")) {
        if (in != null) p.load(in);
      }
      String version = "kez " + p.getProperty("version", "(development build)") + " (KEZ protocol " + Protocol.VERSION + ")";
      String java = "Java " + System.getProperty("java.version") + ", " + System.getProperty("java.vm.name");
      var verbose = spec == null ? null : spec.root().findOption("--verbose");
      if (verbose == null || !Boolean.TRUE.equals(verbose.getValue())) return new String[] {version, java};
      return new String[] {version, java, "Ed25519: " + Ed25519Backend.current().description()};
    }
  }

}
