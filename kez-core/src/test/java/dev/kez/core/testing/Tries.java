package dev.kez.core.testing;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Seeded random properties for plain JUnit 5 tests. A property runs a number of tries, each with
 * its own {@link Random}; a failing try names its seed, and {@code -Dkez.seed=<seed>} replays
 * exactly that try. Each run draws fresh seeds, so the suite keeps exploring. The generators pick
 * the ends of a size range more often than the middle, where bugs live (empty, longest).
 */
public final class Tries {
  private Tries() {}

  /** Runs {@code property} {@code tries} times with fresh seeds, or once with {@code kez.seed}. */
  public static void run(int tries, Consumer<Random> property) {
    String replay = System.getProperty("kez.seed");
    long base = replay != null ? Long.parseLong(replay) : new SplittableRandom().nextLong();
    int n = replay != null ? 1 : tries;
    for (int i = 0; i < n; i++) {
      long seed = base + i;
      try {
        property.accept(new Random(seed));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "try "
                + (i + 1)
                + " of "
                + n
                + " failed with seed "
                + seed
                + " (replay it with -Dkez.seed="
                + seed
                + "): "
                + e.getMessage(),
            e);
      }
    }
  }

  /** A size in [min, max]: each end one time in ten, otherwise uniform. */
  public static int size(Random r, int min, int max) {
    int roll = r.nextInt(10);
    return roll == 0 ? min : roll == 1 ? max : min + r.nextInt(max - min + 1);
  }

  /** An int in [min, max], uniform. */
  public static int between(Random r, int min, int max) {
    return min + r.nextInt(max - min + 1);
  }

  public static <T> T pick(Random r, List<T> choices) {
    return choices.get(r.nextInt(choices.size()));
  }

  @SafeVarargs
  public static <T> T pick(Random r, T... choices) {
    return choices[r.nextInt(choices.length)];
  }

  /** A string of {@code min..max} characters from {@code chars}. */
  public static String string(Random r, String chars, int min, int max) {
    char[] out = new char[size(r, min, max)];
    for (int i = 0; i < out.length; i++) out[i] = chars.charAt(r.nextInt(chars.length()));
    return new String(out);
  }

  /** A string of up to {@code max} characters of the Basic Multilingual Plane, no surrogates. */
  public static String anyString(Random r, int max) {
    char[] out = new char[size(r, 0, max)];
    for (int i = 0; i < out.length; i++) {
      int kind = r.nextInt(4); // mostly ASCII, so structure-looking text shows up too
      char c;
      do
        c = (char) (kind < 2 ? r.nextInt(0x80) : kind == 2 ? r.nextInt(0x800) : r.nextInt(0x10000));
      while (Character.isSurrogate(c));
      out[i] = c;
    }
    return new String(out);
  }

  public static byte[] bytes(Random r, int min, int max) {
    byte[] out = new byte[size(r, min, max)];
    r.nextBytes(out);
    return out;
  }

  /** {@code min..max} values from {@code gen}. */
  public static <T> List<T> list(Random r, int min, int max, Function<Random, T> gen) {
    int n = size(r, min, max);
    return Stream.generate(() -> gen.apply(r)).limit(n).toList();
  }
}
