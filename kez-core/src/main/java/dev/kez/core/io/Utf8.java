package dev.kez.core.io;

import dev.kez.core.MalformedException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8: bytes that are not UTF-8 are refused, never repaired to U+FFFD (SPEC.md §1.2). */
public final class Utf8 {
  private Utf8() {}

  /** The text of {@code bytes}; {@code what} names them in the error ("the body is not UTF-8"). */
  public static String decode(byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedException(what + " is not UTF-8");
    }
  }
}
