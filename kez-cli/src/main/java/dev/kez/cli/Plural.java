package dev.kez.cli;

/** "1 link", "2 links": a count and its noun, in the number the count asks for. */
public final class Plural {
  private Plural() {}

  public static String of(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
