package dev.kez.server;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code main} both servers share: {@code --help}, flags over the environment, start, {@code
 * {"listening":PORT}} on stdout (tests and scripts read the port from it), access-log lines on
 * stdout, stop on SIGTERM. Exit codes: 2 bad flags, 3 could not start.
 */
public final class Launcher {
  /** Starts a server from its parsed flags; access-log lines go to the given sink. */
  @FunctionalInterface
  public interface Starter {
    HttpServer start(Flags.Values values, Consumer<String> accessLog) throws Exception;
  }

  private Launcher() {}

  public static void main(
      String name, String description, Flags flags, String[] args, Starter starter) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(flags.help(name + " [--option value]...", description));
      return;
    }
    Flags.Values values;
    try {
      values = flags.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(name + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    HttpServer server;
    try {
      server =
          starter.start(
              values,
              line -> {
                synchronized (out) {
                  out.println(line);
                }
              });
    } catch (IllegalArgumentException e) {
      System.err.println(name + ": " + Database.redact(e.getMessage()));
      System.exit(2);
      return;
    } catch (Exception e) {
      System.err.println(name + ": cannot start: " + oneLine(e));
      System.exit(3);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, name + "-shutdown"));
    System.err.println(
        name
            + ": listening on "
            + values.str("bind")
            + ":"
            + server.port()
            + " (db "
            + Database.redact(values.str("db"))
            + ")");
    synchronized (out) {
      out.println("{\"listening\":" + server.port() + "}");
    }
    try {
      server.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return Database.redact(m.replaceAll("\\s+", " ").trim());
  }
}
