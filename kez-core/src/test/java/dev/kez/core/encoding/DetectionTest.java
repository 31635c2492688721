package dev.kez.core.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kez.core.MalformedException;
import dev.kez.core.claim.Claim;
import dev.kez.core.testing.Vectors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the decoder recognizes each encoding in the forms people paste. */
class DetectionTest {
  static final Claim CLAIM =
      Claim.parse(Vectors.json("claims.json").get("valid").get(0).get("claim"));
  static final String JCS = CLAIM.canonicalJson();
  static final String COMPACT = ClaimCodec.encode(CLAIM, Encoding.COMPACT);
  static final Claim OTHER =
      Claim.parse(Vectors.json("claims.json").get("valid").get(5).get("claim"));

  static void decodes(String input, Encoding expected, Claim claim) {
    ClaimCodec.Decoded d = ClaimCodec.decode(input);
    assertEquals(claim, d.claim(), input);
    assertEquals(expected, d.encoding(), input);
  }

  static void refused(String input) {
    MalformedException e =
        assertThrows(MalformedException.class, () -> ClaimCodec.decode(input), input);
    assertEquals(-1, e.getMessage().indexOf('\n'));
  }

  @Test
  void rawForms() {
    decodes("  \n" + COMPACT + "\n", Encoding.COMPACT, CLAIM);
    decodes("\uFEFF" + JCS, Encoding.JSON, CLAIM);
    decodes(ClaimCodec.encode(CLAIM, Encoding.JSON) + "\n", Encoding.JSON, CLAIM);
  }

  @Test
  void markdownFences() {
    decodes("# Proof\n\n~~~~kez\n" + COMPACT + "\n~~~~\n", Encoding.MARKDOWN, CLAIM);
    decodes("text\r\n\r\n```` kez\r\n" + JCS + "\r\n````\r\n", Encoding.MARKDOWN, CLAIM);
    decodes("   ```kez\n" + JCS + "\n   ```", Encoding.MARKDOWN, CLAIM);
    decodes("```kez\n" + JCS + "\n", Encoding.MARKDOWN, CLAIM); // unclosed: runs to the end
    decodes("```kez title\n" + JCS + "\n```", Encoding.MARKDOWN, CLAIM);
    // The first kez block wins; a ```kez line inside another block is only text.
    String other = OTHER.canonicalJson();
    decodes("```kez\n" + JCS + "\n```\n\n```kez\n" + other + "\n```\n", Encoding.MARKDOWN, CLAIM);
    decodes(
        "````md\n```kez\n" + JCS + "\n```\n````\n```kez\n" + other + "\n```\n",
        Encoding.MARKDOWN,
        OTHER);
    decodes(
        "~~~\n```kez\n" + JCS + "\n~~~\n```kez\n" + other + "\n```\n", Encoding.MARKDOWN, OTHER);
    refused("```json\n" + JCS + "\n```\n");
    refused("```kez\nhello\n```\n");
    refused("```kez\n```\n");
    refused("    ```kez\n" + JCS + "\n    ```\n"); // indented code, not a fence
    refused("```kez`\n" + JCS + "\n```\n");
  }

  @Test
  void txtRecords() {
    List<String> parts = ClaimCodec.txtStrings(CLAIM);
    String q = "\"" + String.join("\" \"", parts) + "\"";
    decodes(q, Encoding.DNS_TXT, CLAIM);
    decodes(
        "_kez.alice.example. IN TXT ( " + q.replace("\" \"", "\"\n    \"") + " )",
        Encoding.DNS_TXT,
        CLAIM);
    decodes(
        "_kez.alice.example. 60 IN TXT \"hello world\"\n_kez.alice.example. 60 IN TXT " + q,
        Encoding.DNS_TXT,
        CLAIM);
    decodes("; a comment \"kez:zz\"\n_kez 300 TXT " + q + " ; trailing", Encoding.DNS_TXT, CLAIM);
    // \DDD and \X escapes: "k" is \107, ":" escaped as \:
    decodes("\"\\107ez\\:" + COMPACT.substring(4) + "\"", Encoding.DNS_TXT, CLAIM);
    refused("_kez.alice.example. 60 IN TXT \"v=spf1 -all\"");
    refused("_kez IN TXT \"" + COMPACT.substring(0, 100) + "\"");
    refused("\"kez:z1:abc");
    refused("\"\\99");
  }

  @Test
  void decodeTxtTakesOneRecord() {
    assertEquals(CLAIM, ClaimCodec.decodeTxt(ClaimCodec.txtStrings(CLAIM)));
    assertEquals(CLAIM, ClaimCodec.decodeTxt(List.of(COMPACT)));
    assertThrows(MalformedException.class, () -> ClaimCodec.decodeTxt(List.of()));
    assertThrows(MalformedException.class, () -> ClaimCodec.decodeTxt(List.of("v=spf1", COMPACT)));
    assertThrows(MalformedException.class, () -> ClaimCodec.decodeTxt(List.of(JCS)));
  }

  @Test
  void nothingRecognizable() {
    for (String s :
        new String[] {
          "", "   ", "hello", "[1,2]", "<html><pre>kez</pre></html>", "kez", "kez:", "{"
        }) refused(s);
    assertThrows(MalformedException.class, () -> ClaimCodec.decode(null));
    refused("x".repeat(ClaimCodec.MAX_INPUT_CHARS + 1));
  }

  @Test
  void messagesQuotingInputStayOneShortLine() {
    MalformedException e =
        assertThrows(
            MalformedException.class,
            () -> dev.kez.core.claim.Account.parse("nope\r\n:x\u2028" + "y".repeat(5000)));
    assertEquals(-1, e.getMessage().indexOf('\n'));
    assertEquals(-1, e.getMessage().indexOf('\u2028'));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().length() < 500, e.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().contains("nope\\r\\n"), e.getMessage());
  }

  @Test
  void prettyJsonPutsKnownMembersFirstAndSigLast() {
    Claim c =
        ClaimCodec.decode(
                "{\"sig\":"
                    + CLAIM.toJson().get("sig")
                    + ",\"x_z\":1,"
                    + JCS.substring(1).replaceFirst(",\"sig\":\"[^\"]+\"", ""))
            .claim();
    assertEquals(CLAIM.toJson().put("x_z", 1).toString().length(), c.toJson().toString().length());
    String pretty = ClaimCodec.encode(c, Encoding.JSON);
    org.junit.jupiter.api.Assertions.assertTrue(
        pretty.startsWith("{\n  \"kez\": \"0.2\",\n  \"type\": \"claim\",\n"), pretty);
    org.junit.jupiter.api.Assertions.assertTrue(
        pretty.indexOf("\"x_z\": 1") < pretty.indexOf("\"sig\""), pretty);
    org.junit.jupiter.api.Assertions.assertTrue(pretty.endsWith("\"\n}"), pretty);
  }

  @Test
  void pathologicalInputsEndQuickly() {
    String[] inputs = {
      "[".repeat(100_000),
      "{\"a\":" + "[".repeat(100_000),
      "{\"kez\":1" + "0".repeat(100_000) + "}",
      "```kez\n" + "[".repeat(100_000),
      "\"".repeat(100_000),
      "(".repeat(100_000),
      "```\n".repeat(100_000),
      "kez:z1:" + "_".repeat(30_000),
      "\"kez:" + "\\".repeat(100_000)
    };
    for (String in : inputs) {
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
          java.time.Duration.ofSeconds(10), () -> refused(in));
    }
  }

  @Test
  void encodingNames() {
    assertEquals(
        List.of("json", "compact", "md", "dns"),
        java.util.Arrays.stream(Encoding.values()).map(Encoding::wireName).toList());
    for (Encoding e : Encoding.values()) assertEquals(e, Encoding.fromName(e.wireName()));
    assertEquals(Encoding.MARKDOWN, Encoding.fromName("Markdown"));
    assertEquals(Encoding.DNS_TXT, Encoding.fromName("dns_txt"));
    assertEquals(Encoding.DNS_TXT, Encoding.fromName("txt"));
    assertThrows(MalformedException.class, () -> Encoding.fromName("yaml"));
    assertThrows(MalformedException.class, () -> Encoding.fromName(null));
  }
}
