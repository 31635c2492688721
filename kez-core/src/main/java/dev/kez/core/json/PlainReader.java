package dev.kez.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * Reads the plain JSON that KEZ texts are (objects, arrays, strings, integers of up to 18 digits,
 * true, false, null) into the tree {@link TreeReader} makes, without Jackson's parser, whose set-up
 * (BigInteger and BigDecimal constants) was a tenth of a short command's start-up (issue 16). It
 * reads nothing it is not sure of: on anything else (a fraction or exponent, -0, a longer number, a
 * duplicate name, a surrogate, a control character, deep nesting, any error) it returns null and
 * Jackson reads the text, so refusals and their messages stay Jackson's. PlainReaderTest holds it
 * equal to Jackson wherever it reads.
 */
final class PlainReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_DEPTH = 32; // below Json.MAX_DEPTH
  private static final int MAX_TEXT = 1 << 21;
  private static final int MAX_NAME = 1000; // below Jackson's name length limit

  /** Thrown to give up: Jackson then reads the text. */
  private static final class GiveUp extends Exception {
    GiveUp() {
      super(null, null, false, false);
    }
  }

  private static final GiveUp GIVE_UP = new GiveUp();

  private final String s;
  private int i;

  private PlainReader(String s) {
    this.s = s;
  }

  /** The text's value, or null when Jackson is to read it. */
  static @Nullable JsonNode read(String text) {
    if (text.length() > MAX_TEXT) return null;
    PlainReader r = new PlainReader(text);
    try {
      r.ws();
      JsonNode v = r.value(0);
      r.ws();
      return r.i == text.length() ? v : null;
    } catch (GiveUp e) {
      return null;
    }
  }

  private void ws() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      i++;
    }
  }

  private char peek() throws GiveUp {
    if (i >= s.length()) throw GIVE_UP;
    return s.charAt(i);
  }

  private void expect(char c) throws GiveUp {
    if (peek() != c) throw GIVE_UP;
    i++;
  }

  private JsonNode value(int depth) throws GiveUp {
    char c = peek();
    if (c == '{') return object(depth + 1);
    if (c == '[') return array(depth + 1);
    if (c == '"') return NODES.textNode(string());
    if (c == '-' || c >= '0' && c <= '9') return number();
    if (s.startsWith("true", i)) return literal(4, NODES.booleanNode(true));
    if (s.startsWith("false", i)) return literal(5, NODES.booleanNode(false));
    if (s.startsWith("null", i)) return literal(4, NODES.nullNode());
    throw GIVE_UP;
  }

  private JsonNode literal(int length, JsonNode node) throws GiveUp {
    i += length;
    end();
    return node;
  }

  /** A number or literal ends at white space, a comma, a closing bracket or the end. */
  private void end() throws GiveUp {
    if (i < s.length() && " \t\n\r,]}".indexOf(s.charAt(i)) < 0) throw GIVE_UP;
  }

  private ObjectNode object(int depth) throws GiveUp {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    i++;
    ObjectNode o = NODES.objectNode();
    ws();
    if (peek() == '}') {
      i++;
      return o;
    }
    while (true) {
      String name = string();
      if (name.length() > MAX_NAME || o.has(name)) throw GIVE_UP;
      ws();
      expect(':');
      ws();
      o.set(name, value(depth));
      ws();
      if (peek() == '}') {
        i++;
        return o;
      }
      expect(',');
      ws();
    }
  }

  private ArrayNode array(int depth) throws GiveUp {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    i++;
    ArrayNode a = NODES.arrayNode();
    ws();
    if (peek() == ']') {
      i++;
      return a;
    }
    while (true) {
      a.add(value(depth));
      ws();
      if (peek() == ']') {
        i++;
        return a;
      }
      expect(',');
      ws();
    }
  }

  private String string() throws GiveUp {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = peek();
      i++;
      if (c == '"') return b.toString();
      if (c < 0x20 || Character.isSurrogate(c)) throw GIVE_UP;
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = peek();
      i++;
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) throw GIVE_UP;
          int u = 0;
          for (int k = 0; k < 4; k++) {
            int d = Character.digit(s.charAt(i++), 16);
            if (d < 0 || s.charAt(i - 1) > 'f') throw GIVE_UP; // ASCII hex digits only
            u = u * 16 + d;
          }
          if (Character.isSurrogate((char) u)) throw GIVE_UP;
          b.append((char) u);
        }
        default -> throw GIVE_UP;
      }
    }
  }

  private JsonNode number() throws GiveUp {
    int start = i;
    if (s.charAt(i) == '-') i++;
    int digits = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
    int n = i - digits;
    if (n == 0 || n > 18 || n > 1 && s.charAt(digits) == '0') throw GIVE_UP;
    end(); // no fraction, no exponent
    long v = Long.parseLong(s, start, i, 10);
    if (v == 0 && digits > start) throw GIVE_UP; // -0
    return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v); // Jackson's int, long
  }
}
