package io.tierpilot.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Jackson helpers for model-native bodies. Stateless and thread-safe. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /**
   * Parses a body, or returns null if it is not JSON.
   *
   * @param body not null
   * @return the tree, or null
   */
  static JsonNode parseOrNull(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** Returns the total length in characters of every string value in a tree (not the keys). */
  static long textChars(JsonNode node) {
    if (node == null) {
      return 0;
    }
    if (node.isTextual()) {
      return node.asText().length();
    }
    long n = 0;
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        n += textChars(child);
      }
    }
    return n;
  }

  /** Returns a non-negative integral number at {@code node}, or -1. */
  static long count(JsonNode node) {
    return node != null && node.isIntegralNumber() && node.asLong() >= 0 ? node.asLong() : -1;
  }
}
