package dev.kez.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.io.Utf8;
import java.io.StringWriter;
import org.jspecify.annotations.Nullable;

/** Strict JSON reading (duplicate members refused) and the accessors wire objects need. */
public final class Json {
  /** Largest integer a JSON number may carry and still be exact in IEEE-754 doubles. */
  public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  static final int MAX_DEPTH = 64;
  static final int MAX_NUMBER_LENGTH = 64;

  /**
   * Built on first use: reading needs none ({@link TreeReader}), and its set-up is a third of a
   * short run.
   */
  private static final class Mapper {
    static final ObjectMapper INSTANCE =
        JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
      INSTANCE
          .getFactory()
          .setStreamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxNumberLength(MAX_NUMBER_LENGTH)
                  .build());
    }
  }

  private Json() {}

  public static ObjectMapper mapper() {
    return Mapper.INSTANCE;
  }

  public static ObjectNode newObject() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Parses any JSON text strictly. */
  public static JsonNode parse(String text) {
    try {
      JsonNode node = TreeReader.read(text);
      if (node == null) throw new MalformedException("empty input: expected JSON");
      return node;
    } catch (JsonProcessingException e) {
      throw new MalformedException("malformed JSON: " + oneLine(e.getOriginalMessage()), e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(
          "reading a string failed", e); // a String reader does not fail
    }
  }

  /** Parses a JSON text that must be an object. */
  public static ObjectNode parseObject(String text) {
    JsonNode node = parse(text);
    if (!node.isObject()) throw new MalformedException("malformed: expected a JSON object");
    return (ObjectNode) node;
  }

  public static ObjectNode parseObject(byte[] utf8) {
    return parseObject(Utf8.decode(utf8, "the JSON text")); // SPEC §1.2: never repaired
  }

  /** A required string member. */
  public static String string(ObjectNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null) throw new MalformedException("malformed: missing \"" + name + "\"");
    if (!v.isTextual())
      throw new MalformedException("malformed: \"" + name + "\" must be a string");
    return v.textValue();
  }

  /** An optional string member, null when absent. */
  public static @Nullable String optionalString(ObjectNode o, String name) {
    return o.has(name) ? string(o, name) : null;
  }

  /** A required integer member within the exact-integer range of IEEE-754 doubles. */
  public static long integer(ObjectNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null) throw new MalformedException("malformed: missing \"" + name + "\"");
    if (!v.isIntegralNumber())
      throw new MalformedException("malformed: \"" + name + "\" must be an integer");
    if (!v.canConvertToLong() || Math.abs(v.longValue()) > MAX_SAFE_INTEGER) {
      throw new MalformedException(
          "malformed: \"" + name + "\" is outside the exact integer range");
    }
    return v.longValue();
  }

  /** An optional integer member, null when absent. */
  public static @Nullable Long optionalInteger(ObjectNode o, String name) {
    return o.has(name) ? integer(o, name) : null;
  }

  /** Serializes without extra whitespace (not canonical; use {@link Jcs} for that). */
  public static String write(JsonNode node) {
    return write(node, null);
  }

  /**
   * The one pretty form (claims' JSON encoding, files, --json): two-space indent, {@code "name":
   * value}, like JSON.stringify(v, null, 2).
   */
  public static String writePretty(JsonNode node) {
    return write(node, INDENTED);
  }

  private static final DefaultIndenter NEWLINE = new DefaultIndenter("  ", "\n");
  private static final DefaultPrettyPrinter INDENTED =
      new DefaultPrettyPrinter()
          .withSeparators(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withObjectIndenter(NEWLINE)
          .withArrayIndenter(NEWLINE);

  /**
   * Through Jackson's streaming generator: the ObjectMapper's output, without its set-up
   * (TreeReaderTest).
   */
  private static String write(JsonNode node, @Nullable DefaultPrettyPrinter pretty) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = TreeReader.FACTORY.createGenerator(out)) {
      if (pretty != null) g.setPrettyPrinter(pretty.createInstance());
      write(g, node);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, JsonNode n) throws java.io.IOException {
    switch (n.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        for (var e : n.properties()) {
          g.writeFieldName(e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode e : n) write(g, e);
        g.writeEndArray();
      }
      case STRING -> g.writeString(n.textValue());
      case NUMBER -> {
        switch (n.numberType()) {
          case INT -> g.writeNumber(n.intValue());
          case LONG -> g.writeNumber(n.longValue());
          case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
          case FLOAT -> g.writeNumber(n.floatValue());
          case DOUBLE -> g.writeNumber(n.doubleValue());
          default -> g.writeNumber(n.decimalValue());
        }
      }
      case BOOLEAN -> g.writeBoolean(n.booleanValue());
      case NULL -> g.writeNull();
      default -> Mapper.INSTANCE.writeTree(g, n); // binary and POJO nodes: never in a parsed tree
    }
  }

  static String oneLine(@Nullable String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
