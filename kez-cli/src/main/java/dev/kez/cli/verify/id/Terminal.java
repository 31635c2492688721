package dev.kez.cli.verify.id;

/** Whether standard output is a terminal (colour, progress), and NO_COLOR/TERM=dumb respected. */
final class Terminal {
  private Terminal() {}

  static boolean isTerminal() {
    java.io.Console c = System.console();
    if (c == null || System.getenv("NO_COLOR") != null || "dumb".equals(System.getenv("TERM"))) return false;
    try {
      // Java 22+ returns a Console even when redirected; isTerminal() tells. Java 21: non-null means a terminal.
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
