package dev.kez.cli;

import dev.kez.cli.sigchain.SigchainCommand;
import dev.kez.core.claim.Account;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

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

  /**
   * Thrown while reading a command line that is not plain (see above): picocli is to run it.
   * Without a stack trace, as it is no error.
   */
  private static final class NotPlain extends RuntimeException {
    NotPlain() {
      super(null, null, false, false);
    }
  }

  /** Runs the command line and returns its exit code, or empty when picocli is to run it. */
  static OptionalInt run(Kez kez, PrintWriter out, PrintWriter err, String... args) {
    OptionalInt help = Help.run(out, err, args);
    if (help.isPresent()) return help;
    String name;
    KezCommand command;
    try {
      if (args.length >= 2 && args[0].equals("verify") && args[1].equals("claim")) {
        name = "kez verify claim";
        command = verifyClaim(args);
      } else if (args.length >= 1 && args[0].equals("decode")) {
        name = "kez decode";
        command = decode(args);
      } else if (args.length >= 2 && args[0].equals("sigchain") && args[1].equals("verify")) {
        name = "kez sigchain verify";
        command = sigchainVerify(args);
      } else throw new NotPlain();
    } catch (NotPlain e) {
      return OptionalInt.empty();
    }
    command.direct(new Run(kez, out, err));
    try {
      return OptionalInt.of(command.call());
    } catch (Usage e) {
      err.println(Kez.usageLine(e.getMessage(), "", name));
      return OptionalInt.of(ExitCode.USAGE);
    } catch (Exception e) {
      return OptionalInt.of(Kez.failed(kez, e, err));
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static KezCommand verifyClaim(String[] args) {
    var c = new VerifyClaimCommand();
    List<String> files = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--json" -> {
          plain(!c.json);
          c.json = true;
        }
        case "--account", "--now", "--chain" -> {
          String v = value(args, ++i);
          try {
            if (a.equals("--account")) {
              plain(c.account == null);
              c.account = Account.parse(v);
            } else if (a.equals("--now")) {
              plain(c.now == null);
              c.now = Long.valueOf(v);
            } else c.chains.add(Path.of(v));
          } catch (RuntimeException e) { // picocli's conversion error says it
            throw new NotPlain();
          }
        }
        default -> {
          plain(file(a));
          files.add(a);
        }
      }
    }
    plain(files.size() == 1);
    c.file = files.get(0);
    return c;
  }

  private static KezCommand decode(String[] args) {
    var c = new DecodeCommand();
    List<String> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--json") && !c.json) c.json = true;
      else {
        plain(file(args[i]));
        files.add(args[i]);
      }
    }
    plain(files.size() == 1);
    c.file = files.get(0);
    return c;
  }

  private static KezCommand sigchainVerify(String[] args) {
    boolean json = false;
    List<Path> files = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      if (args[i].equals("--json") && !json) json = true;
      else {
        plain(file(args[i]));
        try {
          files.add(Path.of(args[i]));
        } catch (RuntimeException e) { // picocli's conversion error says it
          throw new NotPlain();
        }
      }
    }
    plain(!files.isEmpty());
    return SigchainCommand.verify(files, json);
  }

  /** Goes on when {@code holds}; else the line is not plain. */
  private static void plain(boolean holds) {
    if (!holds) throw new NotPlain();
  }

  /** A file argument picocli reads as one: no option, no @file (picocli expands those). */
  private static boolean file(String a) {
    return a.equals("-") || !a.isEmpty() && !a.startsWith("-") && !a.startsWith("@");
  }

  /** An option's value, when it is one picocli surely reads as such (no option, no @file). */
  private static String value(String[] args, int i) {
    plain(i < args.length && !args[i].startsWith("-") && file(args[i]));
    return args[i];
  }
}
