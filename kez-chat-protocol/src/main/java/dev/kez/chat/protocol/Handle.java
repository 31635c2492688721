package dev.kez.chat.protocol;

import dev.kez.core.MalformedException;
import java.util.Optional;

/**
 * A chat handle (SPEC.md §kez-chat, chat.md §1): 3 to 32 of {@code a-z 0-9 _ -}, starting and
 * ending with a letter or digit. Input is lowercased, ASCII only (chat.md §8), so a look-alike such
 * as U+212A KELVIN SIGN never becomes a {@code k}.
 */
public record Handle(String value) implements Comparable<Handle> {
  public static final int MIN_LENGTH = 3;
  public static final int MAX_LENGTH = 32;

  public Handle {
    problem(value)
        .ifPresent(p -> {
          throw new MalformedException(p);
        });
  }

  /**
   * Parses user input or a path segment: ASCII letters are lowercased, anything else must already
   * fit.
   */
  public static Handle parse(String input) {
    if (input == null) throw new MalformedException("invalid handle: missing");
    StringBuilder sb = new StringBuilder(input.length());
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      sb.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return new Handle(sb.toString());
  }

  /** Why a string is not a valid lowercase handle, if it is not one. */
  static Optional<String> problem(String s) {
    if (s == null) return Optional.of("invalid handle: missing");
    String quoted = "invalid handle \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\": ";
    if (s.length() < MIN_LENGTH || s.length() > MAX_LENGTH) {
      return Optional.of(
          quoted + "a handle is " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(letterOrDigit(c) || c == '_' || c == '-')) {
        return Optional.of(quoted + "only a-z, 0-9, '_' and '-' are allowed");
      }
    }
    if (!letterOrDigit(s.charAt(0)) || !letterOrDigit(s.charAt(s.length() - 1))) {
      return Optional.of(quoted + "a handle starts and ends with a letter or digit");
    }
    return Optional.empty();
  }

  private static boolean letterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  @Override
  public int compareTo(Handle o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
