package dev.kez.channels.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Claim;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds claims in free text published on a channel (a gist's Markdown, a post, a profile): a {@code
 * kez} fence, compact {@code kez:z1:} strings, and JSON claim objects written inline. What looks
 * like a claim but does not parse is kept as a problem, so a damaged proof is reported as {@code
 * invalid} rather than {@code not_found}.
 */
public final class ClaimText {
  private static final Pattern COMPACT = Pattern.compile("kez:z1:[A-Za-z0-9_-]+");

  private ClaimText() {}

  public record Result(List<Claim> claims, List<String> problems) {
    public boolean sawCandidate() {
      return !claims.isEmpty() || !problems.isEmpty();
    }
  }

  /**
   * The claims in a text, by the first kind of candidate it holds (SPEC §10.4): a {@code kez}
   * fence; else every compact string; else every JSON object with a {@code "kez"} member.
   */
  public static Result find(String text) {
    try {
      Optional<Claim> fenced =
          ClaimCodec.fromMarkdown(text); // the reader of `verify claim`, SPEC §5.3
      if (fenced.isPresent()) return new Result(List.of(fenced.get()), List.of());
    } catch (MalformedException e) {
      return new Result(List.of(), List.of(e.getMessage()));
    }
    Set<Claim> claims = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    Matcher compact = COMPACT.matcher(text);
    while (compact.find()) decodeInto(compact.group(), claims, problems);
    if (!claims.isEmpty() || !problems.isEmpty())
      return new Result(List.copyOf(claims), List.copyOf(problems));
    char[] chars =
        text.toCharArray(); // parsed in place: a copy of the rest per brace would be quadratic
    for (int i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) {
      if (!text.startsWith("\"", skipSpace(text, i + 1))) continue;
      JsonNode node = readOne(chars, i);
      if (node != null && node.isObject() && node.has("kez")) {
        try {
          claims.add(Claim.parse(node));
        } catch (MalformedException e) {
          problems.add(e.getMessage());
        }
      }
    }
    return new Result(List.copyOf(claims), List.copyOf(problems));
  }

  private static void decodeInto(String compact, Set<Claim> claims, List<String> problems) {
    try {
      claims.add(ClaimCodec.decode(compact).claim());
    } catch (MalformedException e) {
      problems.add(e.getMessage());
    }
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    return i;
  }

  /** The first JSON value at {@code from}, ignoring what follows, or null. */
  private static @Nullable JsonNode readOne(char[] text, int from) {
    try (JsonParser p = Json.mapper().getFactory().createParser(text, from, text.length - from)) {
      return Json.mapper()
          .reader()
          .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .readTree(p);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
