package dev.kez.core.encoding;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.io.Utf8;
import dev.kez.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a claim in each of the four encodings of SPEC.md §5 and reads any of them back, detecting
 * which one it was given. Every bad input ends in a {@link MalformedException} with a one-line
 * message; nothing else escapes the readers.
 */
public final class ClaimCodec {
  /** A claim and the encoding it was read from. */
  public record Decoded(Claim claim, Encoding encoding) {}

  /** Bytes of one DNS character-string (RFC 1035 §3.3). */
  public static final int TXT_STRING_MAX = 255;

  /** Bounds the work of reading: no claim encoding comes near this. */
  public static final int MAX_INPUT_CHARS = 1 << 20;

  private ClaimCodec() {}

  /**
   * JSON: indented, known members first and sig last. Compact: {@code kez:z1:} + zstd of the JCS.
   * Markdown: a sentence, then the JCS in a {@code kez} fence. DNS: one zone-file line.
   */
  public static String encode(Claim claim, Encoding encoding) {
    return switch (encoding) {
      case JSON -> pretty(claim);
      case COMPACT -> Compact.encode(claim.canonicalBytes());
      case MARKDOWN ->
          "This is a KEZ identity proof: "
              + claim.account()
              + " is controlled by "
              + claim.key().encoded()
              + ".\n\n```kez\n"
              + claim.canonicalJson()
              + "\n```\n";
      case DNS_TXT -> {
        StringBuilder sb = new StringBuilder(owner(claim.account())).append(" 3600 IN TXT");
        for (String s : txtStrings(claim)) sb.append(" \"").append(s).append('"');
        yield sb.toString();
      }
    };
  }

  /** The owner name of the TXT record: {@code _kez.<domain>.} for dns accounts, else relative. */
  private static String owner(Account account) {
    return account.channel() == Account.Channel.DNS ? "_kez." + account.id() + "." : "_kez";
  }

  /** The compact string cut into DNS character-strings of at most 255 bytes (it is ASCII). */
  public static List<String> txtStrings(Claim claim) {
    String compact = Compact.encode(claim.canonicalBytes());
    List<String> out = new ArrayList<>();
    for (int i = 0; i < compact.length(); i += TXT_STRING_MAX) {
      out.add(compact.substring(i, Math.min(compact.length(), i + TXT_STRING_MAX)));
    }
    return List.copyOf(out);
  }

  /** Reads the character-strings of one TXT record at {@code _kez.<domain>}. */
  public static Claim decodeTxt(List<String> characterStrings) {
    if (characterStrings == null || characterStrings.isEmpty())
      throw new MalformedException("malformed TXT record: no character-strings");
    StringBuilder sb = new StringBuilder();
    for (String s : characterStrings) {
      if (s == null) throw new MalformedException("malformed TXT record: missing character-string");
      sb.append(s);
      if (sb.length() > MAX_INPUT_CHARS)
        throw new MalformedException("malformed TXT record: too long");
    }
    String joined = sb.toString();
    if (!joined.startsWith("kez:"))
      throw new MalformedException("not a KEZ TXT record: it does not start with kez:");
    return fromCompact(joined);
  }

  /**
   * Reads a claim in any encoding: a compact string, a JSON object, Markdown with a {@code kez}
   * fence (holding compact or JSON), or TXT record text (zone line, dig output, or bare quoted
   * strings; strings not starting with {@code kez:} are ignored).
   */
  public static Decoded decode(String input) {
    if (input == null) throw new MalformedException("no input");
    if (input.length() > MAX_INPUT_CHARS)
      throw new MalformedException("input too long for a claim (over 1 MiB)");
    String text = input.strip();
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1).strip();
    if (text.isEmpty()) throw new MalformedException("empty input: expected a KEZ claim");
    if (text.startsWith("kez:")) return new Decoded(fromCompact(text), Encoding.COMPACT);
    if (text.startsWith("{")) return new Decoded(Claim.parse(text), Encoding.JSON);
    Optional<Claim> fenced = fromMarkdown(text);
    if (fenced.isPresent()) return new Decoded(fenced.get(), Encoding.MARKDOWN);
    for (List<String> record : ZoneText.records(text)) {
      if (record.get(0).startsWith("kez:")) return new Decoded(decodeTxt(record), Encoding.DNS_TXT);
    }
    throw new MalformedException(
        "no KEZ claim found: expected JSON, a kez:z1: string, a Markdown ```kez block or a TXT record");
  }

  /**
   * The claim in the first {@code kez} fence of a Markdown text, or empty when the text has no such
   * fence (SPEC §5.3). A damaged first block is malformed; later blocks are not read. This is the
   * one fence reader of every path: {@code verify claim} and the channels' online readers.
   */
  public static Optional<Claim> fromMarkdown(String text) {
    Optional<String> fenced = Fences.firstKez(text);
    if (fenced.isEmpty()) return Optional.empty();
    String body = fenced.get();
    if (body.startsWith("kez:")) return Optional.of(fromCompact(body));
    if (body.startsWith("{")) return Optional.of(Claim.parse(body));
    throw new MalformedException(
        "malformed Markdown proof: the kez block holds neither a kez:z1: string nor JSON");
  }

  private static Claim fromCompact(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > ' ' && c < 0x80) continue; // printable ASCII, the whole of a good string
      if (Character.isWhitespace(c))
        throw new MalformedException("malformed compact claim: contains whitespace");
    }
    // a JCS text never holds a malformed sequence, so one means a damaged string
    return Claim.parse(Utf8.decode(Compact.inflate(text), "malformed compact claim: the content"));
  }

  /** Members people read first come first; unknown members next; the signature last. */
  private static final List<String> ORDER =
      List.of("kez", "type", "key", "account", "created_at", "expires_at", "note");

  private static String pretty(Claim claim) {
    ObjectNode json = claim.toJson();
    ObjectNode ordered = Json.newObject();
    for (String name : ORDER) if (json.has(name)) ordered.set(name, json.get(name));
    json.fieldNames()
        .forEachRemaining(name -> {
          if (!ordered.has(name) && !name.equals("sig")) ordered.set(name, json.get(name));
        });
    ordered.set("sig", json.get("sig"));
    return Json.writePretty(ordered);
  }
}
