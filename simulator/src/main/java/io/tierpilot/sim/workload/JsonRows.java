package io.tierpilot.sim.workload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads the values of one JSON-lines record with Jackson's streaming parser, reporting bad values
 * as {@link BadRowException}. The JSON readers walk a record's fields with {@link #parse}, read the
 * fields they need with the methods here and skip the others (with {@link
 * JsonParser#skipChildren()}, so that large values such as arrays or request bodies cost no
 * allocation). Stateless and thread-safe.
 */
final class JsonRows {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonRows() {}

  /** Receives the fields of a JSON object one by one. */
  interface FieldVisitor {
    /**
     * Called with the parser on the value of field {@code name}; must consume the value (read it or
     * skip it).
     */
    void field(String name, JsonParser p) throws IOException;
  }

  /**
   * Parses one line holding one JSON object and hands each top-level field to the visitor.
   *
   * @throws BadRowException if the line is not a single JSON object or a value is bad
   */
  static void parse(String line, FieldVisitor visitor) {
    try (JsonParser p = FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadRowException("not a JSON object: " + abbreviate(line));
      }
      fields(p, visitor);
      if (p.nextToken() != null) {
        throw new BadRowException("more than one JSON value on the line");
      }
    } catch (JsonProcessingException e) {
      throw new BadRowException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRowException("not valid JSON: " + e.getMessage());
    }
  }

  /**
   * Hands each field of the object whose {@code START_OBJECT} is the current token to the visitor;
   * returns on its {@code END_OBJECT}.
   */
  static void fields(JsonParser p, FieldVisitor visitor) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      visitor.field(name, p);
    }
  }

  /**
   * Checks that the current value is an object, for descending into it with {@link #fields}.
   *
   * @return false if the value is null (treated as absent)
   * @throws BadRowException if it is neither an object nor null
   */
  static boolean isObject(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return false;
    }
    if (t != JsonToken.START_OBJECT) {
      String value = valueText(p);
      throw BadRowException.field(field, "not an object", value);
    }
    return true;
  }

  /**
   * Reads a non-negative integer that fits an {@code int}.
   *
   * @return the value, or -1 if it is JSON null (treated as absent)
   * @throws BadRowException if it is not a non-negative integer
   */
  static int nonNegativeInt(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return -1;
    }
    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
      int value = p.getIntValue();
      if (value >= 0) {
        return value;
      }
    }
    throw BadRowException.field(field, "not a non-negative integer", valueText(p));
  }

  /**
   * Reads a non-negative number of some unit and converts it to nanoseconds exactly (see {@link
   * Fields#nonNegativeNanos}).
   *
   * @return the nanoseconds, or -1 if the value is JSON null (treated as absent)
   * @throws BadRowException if it is not a non-negative number
   */
  static long nonNegativeNanos(JsonParser p, String field, long nanosPerUnit) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return -1;
    }
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw BadRowException.field(field, "not a non-negative number", valueText(p));
    }
    return Fields.nonNegativeNanos(field, p.getText(), nanosPerUnit);
  }

  /**
   * Reads a string.
   *
   * @return the string, or null if the value is JSON null
   * @throws BadRowException if it is not a string
   */
  static String string(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw BadRowException.field(field, "not a string", valueText(p));
    }
    return p.getText();
  }

  /**
   * Returns the current value as a name (an SLO class): a string with something other than blanks,
   * or null for a JSON null.
   */
  static String name(JsonParser p, String field) throws IOException {
    String s = string(p, field);
    if (s != null && s.isBlank()) {
      throw BadRowException.field(field, "blank (name a class or leave the field out)", s);
    }
    return s;
  }

  /** Returns the current value's text for a message, consuming it if it is an object or array. */
  private static String valueText(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      p.skipChildren();
      return t == JsonToken.START_OBJECT ? "{...}" : "[...]";
    }
    return t == JsonToken.VALUE_STRING ? "\"" + p.getText() + "\"" : p.getText();
  }

  private static String abbreviate(String line) {
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }
}
