package dev.kez.cli;

import dev.kez.cli.sigchain.SigchainCommand;
import dev.kez.core.claim.Account;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The commands a script runs most, {@code verify claim}, {@code decode} and {@code sigchain
 * verify}, run without picocli: its model of even one command, built by reflection, was most of a
 * short run's start-up (issue 16). Only plain command lines are taken here: the command's own
 * options, each at most once (--chain repeats) with a value that converts, and its files; anything
 * else (help, --home, --opt=value, an unknown or repeated option, a value that does not convert,
 * "--", an @file, a wrong count of files) is left to picocli, so its messages and exit codes stay
 * the only ones. The commands are the picocli ones, run with the same error handling ({@link
 * Kez#failed}); DirectTest runs both ways on many command lines and compares all they print.
 */
final class Direct {
  private Direct() {}

  /** What a command run here reads and writes instead of picocli's spec. */
  record Run(Kez kez, PrintWriter out, PrintWriter err) {}

  /** A usage error of a command run here (picocli's is a ParameterException of its model). */
  static final class Usage extends RuntimeException {
    Usage(String message) {
      super(message, null, false, false);
    }
  }

  /** Runs the command line and returns its exit code, or null when picocli is to run it. */
  static @Nullable Integer run(Kez kez, PrintWriter out, PrintWriter err, String... args) {
    Integer help = Help.run(out, err, args);
    if (help != null) return help;
    String name;
    KezCommand command;
    if (args.length >= 2 && args[0].equals("verify") && args[1].equals("claim")) {
      name = "kez verify claim";
      command = verifyClaim(args);
    } else if (args.length >= 1 && args[0].equals("decode")) {
      name = "kez decode";
      command = decode(args);
    } else if (args.length >= 2 && args[0].equals("sigchain") && args[1].equals("verify")) {
      name = "kez sigchain verify";
      command = sigchainVerify(args);
    } else return null;
    if (command == null) return null;
    command.direct(new Run(kez, out, err));
    try {
      return command.call();
    } catch (Usage e) {
      err.println(Kez.usageLine(e.getMessage(), "", name));
      return ExitCode.USAGE;
    } catch (Exception e) {
      return Kez.failed(kez, e, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static @Nullable KezCommand verifyClaim(String[] args) {
    var c = new VerifyClaimCommand();
    List<String> files = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--json" -> {
          if (c.json) return null;
          c.json = true;
        }
        case "--account", "--now", "--chain" -> {
          String v = value(args, ++i);
          if (v == null) return null;
          try {
            if (a.equals("--account")) {
              if (c.account != null) return null;
              c.account = Account.parse(v);
            } else if (a.equals("--now")) {
              if (c.now != null) return null;
              c.now = Long.valueOf(v);
            } else c.chains.add(Path.of(v));
          } catch (RuntimeException e) { // picocli's conversion error says it
            return null;
          }
        }
        default -> {
          if (!file(a)) return null;
          files.add(a);
        }
      }
    }
    if (files.size() != 1) return null;
    c.file = files.get(0);
    return c;
  }

  private static @Nullable KezCommand decode(String[] args) {
    var c = new DecodeCommand();
    List<String> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--json") && !c.json) c.json = true;
      else if (file(args[i])) files.add(args[i]);
      else return null;
    }
    if (files.size() != 1) return null;
    c.file = files.get(0);
    return c;
  }

  private static @Nullable KezCommand sigchainVerify(String[] args) {
    boolean json = false;
    List<Path> files = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      if (args[i].equals("--json") && !json) json = true;
      else if (file(args[i])) {
        try {
          files.add(Path.of(args[i]));
        } catch (RuntimeException e) { // picocli's conversion error says it
          return null;
        }
      } else return null;
    }
    return files.isEmpty() ? null : SigchainCommand.verify(files, json);
  }

  /** A file argument picocli reads as one: no option, no @file (picocli expands those). */
  private static boolean file(String a) {
    return a.equals("-") || !a.isEmpty() && !a.startsWith("-") && !a.startsWith("@");
  }

  /** An option's value, when it is one picocli surely reads as such (no option, no @file). */
  private static @Nullable String value(String[] args, int i) {
    return i < args.length && !args[i].startsWith("-") && file(args[i]) ? args[i] : null;
  }
}
