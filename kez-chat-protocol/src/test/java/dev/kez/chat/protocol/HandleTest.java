package dev.kez.chat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.core.MalformedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** chat.md §1 and §8: which strings are handles, and what they become. */
class HandleTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "alice, alice",
    "Alice, alice",
    "ALICE_2, alice_2",
    "a-b, a-b",
    "a_b, a_b",
    "abc, abc",
    "007, 007",
    "x-_-y, x-_-y",
    "abcdefghijklmnopqrstuvwxyz012345, abcdefghijklmnopqrstuvwxyz012345"
  })
  void valid(String input, String handle) {
    assertEquals(handle, Handle.parse(input).value());
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(
      strings = {
        "",
        "ab",
        "abcdefghijklmnopqrstuvwxyz0123456", // length
        "_alice",
        "alice_",
        "-alice",
        "alice-",
        "-",
        "___", // start and end
        "al ice",
        "al.ice",
        "al@ice",
        "@alice",
        "al%20ice",
        "al%2fice",
        "alice/",
        "al+ice", // characters, %xx included
        "ålice",
        "alİce",
        "\u212Aate",
        "ａｌｉｃｅ",
        "alice\n",
        "\u0000abc"
      }) // non-ASCII never lowercases into a handle
  void invalid(String input) {
    MalformedException e = assertThrows(MalformedException.class, () -> Handle.parse(input));
    assertTrue(e.getMessage().startsWith("invalid handle"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Alice", "aLICE"})
  void theCanonicalConstructorRefusesUpperCase(String s) {
    assertThrows(MalformedException.class, () -> new Handle(s));
  }

  @org.junit.jupiter.api.Test
  void messagesNameTheRule() {
    assertTrue(
        assertThrows(MalformedException.class, () -> Handle.parse("ab"))
            .getMessage()
            .contains("3 to 32 characters"));
    assertTrue(
        assertThrows(MalformedException.class, () -> Handle.parse("a.b"))
            .getMessage()
            .contains("only a-z, 0-9"));
    assertTrue(
        assertThrows(MalformedException.class, () -> Handle.parse("_ab"))
            .getMessage()
            .contains("starts and ends"));
    assertThrows(MalformedException.class, () -> Handle.parse(null));
  }
}
