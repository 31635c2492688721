package dev.kez.core;

/**
 * Input that is not a well-formed KEZ object: bad JSON, a missing or mistyped member, an
 * unknown version, an undecodable encoding. The message is one line naming the problem.
 * This is the only exception the parsers and decoders of kez-core throw on bad input.
 */
public final class MalformedException extends RuntimeException {
  public MalformedException(String message) {
    super(message);
  }

  public MalformedException(String message, Throwable cause) {
    super(message, cause);
  }
}
