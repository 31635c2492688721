package dev.kez.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kez.core.MalformedException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.erdtman.jcs.NumberToJSON;
import org.jspecify.annotations.Nullable;

/**
 * RFC 8785 JSON Canonicalization Scheme over Jackson trees: members sorted by UTF-16 code units,
 * minimal string escapes, numbers in ECMAScript form (via the erdtman JCS library's number
 * serializer, which implements the RFC's algorithm).
 */
public final class Jcs {
  private Jcs() {}

  public static byte[] canonicalize(JsonNode node) {
    StringBuilder sb = new StringBuilder(512);
    write(node, sb);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * JCS of an object without some of its top-level members (its signatures), without copying it.
   */
  public static byte[] canonicalizeWithout(ObjectNode object, Set<String> without) {
    StringBuilder sb = new StringBuilder(512);
    writeObject(object, without, sb);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static String canonicalString(JsonNode node) {
    StringBuilder sb = new StringBuilder(256);
    write(node, sb);
    return sb.toString();
  }

  /** Canonicalizes a JSON text (parsed strictly first). */
  public static byte[] canonicalize(String json) {
    return canonicalize(Json.parse(json));
  }

  private static void write(JsonNode node, StringBuilder sb) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, Set.of(), sb);
      case ARRAY -> {
        sb.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) sb.append(',');
          write(node.get(i), sb);
        }
        sb.append(']');
      }
      case STRING -> writeString(node.textValue(), sb);
      case NUMBER -> writeNumber(node, sb);
      case BOOLEAN -> sb.append(node.booleanValue());
      case NULL -> sb.append("null");
      default -> throw new MalformedException("malformed: value cannot be canonicalized");
    }
  }

  private static void writeObject(JsonNode node, Set<String> without, StringBuilder sb) {
    List<String> names = new ArrayList<>(node.size());
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!without.contains(name)) names.add(name);
    }
    names.sort(null); // String.compareTo orders by UTF-16 code units, as RFC 8785 §3.2.3 requires
    sb.append('{');
    boolean first = true;
    for (String name : names) {
      if (!first) sb.append(',');
      first = false;
      writeString(name, sb);
      sb.append(':');
      write(node.get(name), sb);
    }
    sb.append('}');
  }

  private static void writeNumber(JsonNode node, StringBuilder sb) {
    if (node.isIntegralNumber()) {
      BigInteger v = node.bigIntegerValue();
      if (v.bitLength() <= 53) { // exact as a double: print the integer as is
        sb.append(v);
        return;
      }
    }
    double d = node.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d))
      throw new MalformedException("malformed: number out of range");
    try {
      sb.append(NumberToJSON.serializeNumber(d));
    } catch (java.io.IOException e) {
      throw new MalformedException("malformed: number cannot be canonicalized", e);
    }
  }

  private static void writeString(String s, StringBuilder sb) {
    sb.append('"');
    if (plain(s)) { // the common case: nothing to escape, no surrogates to check
      sb.append(s).append('"');
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else if (Character.isSurrogate(c) && !pairedAt(s, i)) {
            // I-JSON (RFC 8785 §3.1): a lone surrogate has no UTF-8 form, so no canonical bytes
            throw new MalformedException("malformed: string contains a lone surrogate");
          } else sb.append(c);
        }
      }
    }
    sb.append('"');
  }

  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) return false;
    }
    return true;
  }

  /** Whether the surrogate at i is half of a valid pair (high then low). */
  private static boolean pairedAt(String s, int i) {
    char c = s.charAt(i);
    return Character.isHighSurrogate(c)
        ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  /** The JCS of an object with all its members, and without its signatures. */
  public record Forms(String all, String unsigned) {}

  /**
   * JCS of an object, and JCS of it without the {@code skip} members: equal to {@code
   * canonicalString(json)} and to the input of {@code Signing.digest(json, skip…)}, made in one
   * pass. {@code claim}, when given, is the already canonical "claim" member.
   */
  public static Forms canonicalForms(ObjectNode json, Set<String> skip, @Nullable String claim) {
    List<String> names = new ArrayList<>(json.size());
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) names.add(it.next());
    names.sort(null); // by UTF-16 code units, as RFC 8785 requires
    int capacity = 512 + (claim == null ? 0 : claim.length());
    StringBuilder all = new StringBuilder(capacity).append('{');
    StringBuilder unsigned = new StringBuilder(capacity).append('{');
    for (String name : names) {
      String key = canonicalString(TextNode.valueOf(name));
      String value =
          claim != null && name.equals("claim") ? claim : canonicalString(json.get(name));
      if (all.length() > 1) all.append(',');
      all.append(key).append(':').append(value);
      if (!skip.contains(name)) {
        if (unsigned.length() > 1) unsigned.append(',');
        unsigned.append(key).append(':').append(value);
      }
    }
    return new Forms(all.append('}').toString(), unsigned.append('}').toString());
  }

  /**
   * Canonical object text without one top-level member: what the claim's signing digest is over,
   * cut from the claim's JCS text instead of canonicalizing the claim a second time.
   */
  public static String withoutMember(String canonicalObject, String member) {
    String key = "\"" + member + "\":";
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < canonicalObject.length(); i++) {
      char c = canonicalObject.charAt(i);
      if (inString) {
        if (c == '\\') i++;
        else if (c == '"') inString = false;
      } else if (c == '"') {
        if (depth == 1
            && canonicalObject.startsWith(key, i)
            && (canonicalObject.charAt(i - 1) == '{' || canonicalObject.charAt(i - 1) == ',')) {
          int end = endOfValue(canonicalObject, i + key.length());
          boolean first = canonicalObject.charAt(i - 1) == '{';
          boolean last = canonicalObject.charAt(end) == '}';
          // drop the member and one comma: the one after it, or before it when it is last
          return first || !last
              ? canonicalObject.substring(0, i) + canonicalObject.substring(last ? end : end + 1)
              : canonicalObject.substring(0, i - 1) + canonicalObject.substring(end);
        }
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return canonicalObject;
  }

  /** The index just after the JSON value starting at {@code i}, in canonical text. */
  private static int endOfValue(String s, int i) {
    int depth = 0;
    boolean inString = false;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') i++;
        else if (c == '"') inString = false;
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (depth == 0) return i;
        depth--;
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return i;
  }
}
