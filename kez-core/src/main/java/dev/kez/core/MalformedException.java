package dev.kez.core;

import org.jspecify.annotations.Nullable;

/**
 * Input that is not a well-formed KEZ object: bad JSON, a missing or mistyped member, an unknown
 * version, an undecodable encoding. The message is one line naming the problem. This is the only
 * exception the parsers and decoders of kez-core throw on bad input.
 */
public class MalformedException extends RuntimeException {
  /** Messages quote bad input; a pasted megabyte must not become a megabyte of error. */
  static final int MAX_MESSAGE = 400;

  public MalformedException(String message) {
    super(oneLine(message));
  }

  public MalformedException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  /** Escapes line breaks and other controls the message quotes from input, and caps its length. */
  static String oneLine(@Nullable String message) {
    if (message == null) return "malformed input";
    StringBuilder sb = new StringBuilder(Math.min(message.length(), MAX_MESSAGE + 8));
    for (int i = 0; i < message.length() && sb.length() < MAX_MESSAGE; i++) {
      char c = message.charAt(i);
      int type = Character.getType(c);
      if (c == '\n') sb.append("\\n");
      else if (c == '\r') sb.append("\\r");
      else if (c == '\t') sb.append(' ');
      else if (type == Character.CONTROL
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        sb.append(String.format("\\u%04x", (int) c));
      } else sb.append(c);
    }
    if (sb.length() >= MAX_MESSAGE && message.length() > sb.length()) sb.append('…');
    return sb.toString();
  }
}
