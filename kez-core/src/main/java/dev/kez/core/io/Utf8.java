package dev.kez.core.io;

import dev.kez.core.MalformedException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding, the one used for every text KEZ reads (a file, standard input, a fetched
 * body, an inflated claim): a malformed sequence is refused, never repaired to U+FFFD, so the same
 * bytes get the same verdict on every path (SPEC §1.2).
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * The text of {@code bytes}; {@code what} names them in the error ("input is not UTF-8 text").
   */
  public static String decode(byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedException(what + " is not UTF-8 text");
    }
  }
}
