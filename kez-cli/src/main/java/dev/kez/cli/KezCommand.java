package dev.kez.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.MalformedException;
import dev.kez.core.io.Utf8;
import dev.kez.core.json.Json;
import dev.kez.core.keystore.KeyStore;
import dev.kez.core.keystore.PassphraseSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Base of every runnable {@code kez} subcommand: the context of the run ({@link Kez}: home,
 * environment, standard streams) and the small helpers all commands share. Subcommands return an
 * {@link ExitCode}; anything they throw is turned into one line by {@link Kez}.
 */
public abstract class KezCommand implements Callable<Integer> {
  /** Inputs are claims, chains and keys: far below this. */
  public static final int MAX_INPUT_BYTES = 1 << 20;

  @Spec protected CommandSpec spec;

  /** The run, when {@link Direct} runs this command without picocli (then {@code spec} is null). */
  private Direct.@Nullable Run direct;

  final void direct(Direct.Run run) {
    this.direct = run;
  }

  protected Kez kez() {
    return direct != null ? direct.kez() : (Kez) spec.root().userObject();
  }

  protected PrintWriter out() {
    return direct != null ? direct.out() : spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return direct != null ? direct.err() : spec.commandLine().getErr();
  }

  protected KeyStore keyStore() {
    return kez().keyStore();
  }

  protected PassphraseSource passphrases() {
    return kez().passphrases();
  }

  /** A usage error: one line, exit code 2. */
  protected RuntimeException usage(String message) {
    return direct != null
        ? new Direct.Usage(message)
        : new ParameterException(spec.commandLine(), message);
  }

  /** Prints JSON for scripts: two-space indent, {@code "name": value}. */
  protected void printJson(JsonNode node) {
    out().println(Json.writePretty(node));
    out().flush();
  }

  /** Reads a FILE argument, or standard input for {@code -}: at most 1 MiB of UTF-8. */
  protected String readInput(String fileOrDash) {
    byte[] bytes;
    try {
      if ("-".equals(fileOrDash)) {
        bytes = readBounded(kez().stdin());
      } else {
        Path p = Path.of(fileOrDash);
        if (Files.isDirectory(p)) throw usage(fileOrDash + " is a directory, not a file");
        if (Files.isRegularFile(p) && Files.size(p) > MAX_INPUT_BYTES) throw tooLong(fileOrDash);
        try (InputStream in = Files.newInputStream(p)) {
          bytes = readBounded(in);
        }
      }
    } catch (IOException e) {
      throw e instanceof NoSuchFileException || e instanceof AccessDeniedException
          ? usage(Inputs.describe(e))
          : new UncheckedIOException("cannot read " + fileOrDash + ": " + Inputs.describe(e), e);
    }
    if (bytes.length > MAX_INPUT_BYTES) throw tooLong(fileOrDash);
    return Utf8.decode(bytes, "-".equals(fileOrDash) ? "standard input" : fileOrDash);
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    return in.readNBytes(MAX_INPUT_BYTES + 1);
  }

  private static MalformedException tooLong(String what) {
    return new MalformedException(
        ("-".equals(what) ? "standard input" : what) + " is too long (over 1 MiB)");
  }
}
