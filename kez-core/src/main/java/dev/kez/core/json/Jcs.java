package dev.kez.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.MalformedException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.erdtman.jcs.NumberToJSON;

/**
 * RFC 8785 JSON Canonicalization Scheme over Jackson trees: members sorted by UTF-16 code
 * units, minimal string escapes, numbers in ECMAScript form (via the erdtman JCS library's
 * number serializer, which implements the RFC's algorithm).
 */
public final class Jcs {
  private Jcs() {}

  public static byte[] canonicalize(JsonNode node) {
    StringBuilder sb = new StringBuilder(256);
    write(node, sb);
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
      case OBJECT -> {
        List<String> names = new ArrayList<>(node.size());
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
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

  private static void writeNumber(JsonNode node, StringBuilder sb) {
    if (node.isIntegralNumber()) {
      BigInteger v = node.bigIntegerValue();
      if (v.bitLength() <= 53) { // exact as a double: print the integer as is
        sb.append(v);
        return;
      }
    }
    double d = node.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) throw new MalformedException("malformed: number out of range");
    try {
      sb.append(NumberToJSON.serializeNumber(d));
    } catch (java.io.IOException e) {
      throw new MalformedException("malformed: number cannot be canonicalized", e);
    }
  }

  private static void writeString(String s, StringBuilder sb) {
    sb.append('"');
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

  /** Whether the surrogate at i is half of a valid pair (high then low). */
  private static boolean pairedAt(String s, int i) {
    char c = s.charAt(i);
    return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
