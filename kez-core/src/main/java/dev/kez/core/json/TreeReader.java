package dev.kez.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JSON text into Jackson's tree with Jackson's streaming parser alone: the tree and the
 * refusals of {@link Json}'s ObjectMapper (duplicate members, trailing tokens, non-numeric numbers,
 * nesting and number length bounds), without setting up an ObjectMapper, which was a third of a
 * short command's start-up (issue 16). {@code TreeReaderTest} holds the two equal.
 */
final class TreeReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Jackson's streaming factory with Json's reading rules; {@link Json} writes through it too. */
  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(Json.MAX_DEPTH)
                  .maxNumberLength(Json.MAX_NUMBER_LENGTH)
                  .build())
          // Shared buffers, not a ThreadLocal's: a server's every request is a new virtual thread.
          .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
          .build();

  private TreeReader() {}

  /** The value of the text, or null when it holds none. */
  static @Nullable JsonNode read(String text) throws IOException {
    JsonNode plain = PlainReader.read(text); // the usual text, without Jackson's parser
    if (plain != null) return plain;
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) return null;
      JsonNode value = value(p, first);
      JsonToken trailing = p.nextToken();
      if (trailing != null)
        throw new JsonParseException(
            p, "Trailing token (of type " + trailing + ") found after value");
      return value;
    }
  }

  private static JsonNode value(JsonParser p, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          o.set(name, value(p, p.nextToken()));
        }
        yield o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken())
          a.add(value(p, t));
        yield a;
      }
      case VALUE_STRING -> NODES.textNode(p.getText());
      case VALUE_NUMBER_INT ->
          switch (p.getNumberType()) {
            case INT -> NODES.numberNode(p.getIntValue());
            case LONG -> NODES.numberNode(p.getLongValue());
            default -> NODES.numberNode(p.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default -> throw new JsonParseException(p, "Unexpected token " + token);
    };
  }
}
