package dev.kez.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kez.core.MalformedException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Strict UTF-8 (issue 10 §4): what decodes is exactly the bytes; nothing is repaired. */
class Utf8Test {
  @Test
  void refusesWhatALenientDecoderWouldRepair() {
    for (byte[] bad :
        new byte[][] {
          {(byte) 0xff},
          {'a', (byte) 0xc3},
          {(byte) 0xc0, (byte) 0x80},
          {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
          {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}
        }) {
      MalformedException e =
          assertThrows(MalformedException.class, () -> Utf8.decode(bad, "input"));
      assertEquals("input is not UTF-8 text", e.getMessage());
    }
    assertEquals("é😀", Utf8.decode("é😀".getBytes(StandardCharsets.UTF_8), "input"));
  }

  /** Random bytes, many of them valid UTF-8: a decode either round-trips exactly or is refused. */
  @Test
  void randomBytesRoundTripOrAreRefused() {
    long seed = new Random().nextLong();
    Random r = new Random(seed);
    String sample = "aé€😀\n";
    for (int t = 0; t < 3000; t++) {
      byte[] bytes =
          r.nextBoolean()
              ? new byte[r.nextInt(40)]
              : sample.repeat(1 + r.nextInt(5)).getBytes(StandardCharsets.UTF_8);
      if (r.nextInt(3) == 0) r.nextBytes(bytes);
      else if (bytes.length > 0) bytes[r.nextInt(bytes.length)] ^= (byte) (1 << r.nextInt(8));
      String lenient = new String(bytes, StandardCharsets.UTF_8);
      boolean valid = !lenient.contains("\uFFFD");
      try {
        String strict = Utf8.decode(bytes, "input");
        assertArrayEquals(
            bytes, strict.getBytes(StandardCharsets.UTF_8), "seed " + seed + ", try " + t);
      } catch (MalformedException e) {
        assertFalse(valid, "seed " + seed + ", try " + t + ": valid UTF-8 refused");
      }
    }
  }
}
