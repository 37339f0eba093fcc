package io.tierpilot.sim.workload;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Parses the token-length PMFs of ServeGen's {@code *-dataset.json}, which are strings holding
 * Python dict literals such as {@code {71: 0.00026, 72: 0.0304, 89: 9.26e-05}}, as data. Nothing is
 * ever evaluated: the grammar accepts exactly
 *
 * <pre>
 * dict  = ws "{" ws [ entry { ws "," ws entry } [ ws "," ] ] ws "}" ws
 * entry = int ws ":" ws number
 * int   = digit { digit }                                  (a token count, no sign, no underscore)
 * number = [ "+" | "-" ] ( digits [ "." [ digits ] ] | "." digits ) [ ( "e" | "E" ) [ "+" | "-" ] digits ]
 * ws    = { " " | "\t" | "\r" | "\n" }
 * </pre>
 *
 * and rejects anything else (names, calls, strings, {@code nan}, {@code inf}) with the column of
 * the first unexpected character. Probabilities that do not sum to exactly 1 are normalized; a
 * negative probability, a repeated key or an empty dict is an error. Stateless and thread-safe.
 */
final class PythonDictLiteral {
  private final String text;
  private int pos;

  private PythonDictLiteral(String text) {
    this.text = text;
  }

  /**
   * Parses a literal into a normalized PMF.
   *
   * @param text the literal; not null
   * @return the PMF
   * @throws IllegalArgumentException if the text is not a dict literal of the grammar above, a
   *     probability is negative, a key repeats, or the dict is empty or sums to 0; the message
   *     names the problem and its column (1-based)
   */
  static Pmf parse(String text) {
    return new PythonDictLiteral(text).dict();
  }

  private Pmf dict() {
    int[] keys = new int[16];
    double[] values = new double[16];
    int count = 0;
    skipSpace();
    expect('{');
    skipSpace();
    if (peek() != '}') {
      while (true) {
        int key = key();
        skipSpace();
        expect(':');
        skipSpace();
        int valueColumn = pos + 1;
        double value = number();
        if (value < 0) {
          throw error(valueColumn, "negative probability " + value + " for " + key + " tokens");
        }
        if (count == keys.length) {
          keys = Arrays.copyOf(keys, count * 2);
          values = Arrays.copyOf(values, count * 2);
        }
        keys[count] = key;
        values[count] = value;
        count++;
        skipSpace();
        if (peek() == ',') {
          pos++;
          skipSpace();
          if (peek() == '}') {
            break;
          }
        } else if (peek() == '}') {
          break;
        } else {
          throw unexpected("',' or '}'");
        }
      }
    }
    expect('}');
    skipSpace();
    if (pos != text.length()) {
      throw unexpected("the end");
    }
    if (count == 0) {
      throw error(1, "the dict is empty");
    }
    try {
      return new Pmf(Arrays.copyOf(keys, count), Arrays.copyOf(values, count));
    } catch (IllegalArgumentException e) {
      throw error(1, e.getMessage());
    }
  }

  private int key() {
    int start = pos;
    if (peek() == '-' || peek() == '+') {
      throw unexpected("a non-negative integer token count");
    }
    while (isDigit(peek())) {
      pos++;
    }
    if (pos == start) {
      throw unexpected("an integer token count");
    }
    if (pos - start > 10) {
      throw error(start + 1, "token count " + text.substring(start, pos) + " is too large");
    }
    long value = Long.parseLong(text.substring(start, pos));
    if (value > Integer.MAX_VALUE) {
      throw error(start + 1, "token count " + value + " is too large");
    }
    return (int) value;
  }

  private double number() {
    int start = pos;
    if (peek() == '+' || peek() == '-') {
      pos++;
    }
    int digits = 0;
    while (isDigit(peek())) {
      pos++;
      digits++;
    }
    if (peek() == '.') {
      pos++;
      while (isDigit(peek())) {
        pos++;
        digits++;
      }
    }
    if (digits == 0) {
      pos = start;
      throw unexpected("a number");
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      int exponentStart = pos;
      while (isDigit(peek())) {
        pos++;
      }
      if (pos == exponentStart) {
        throw unexpected("the digits of an exponent");
      }
    }
    try {
      return new BigDecimal(text.substring(start, pos)).doubleValue();
    } catch (NumberFormatException e) {
      throw error(start + 1, "not a number: " + text.substring(start, pos));
    }
  }

  private void expect(char c) {
    if (peek() != c) {
      throw unexpected("'" + c + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return;
      }
      pos++;
    }
  }

  /** Returns the current character, or 0 at the end. */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private IllegalArgumentException unexpected(String expected) {
    String found = pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end";
    return error(pos + 1, "expected " + expected + ", found " + found);
  }

  private IllegalArgumentException error(int column, String problem) {
    return new IllegalArgumentException(
        "invalid PMF literal at column " + column + ": " + problem + " (in " + excerpt() + ")");
  }

  private String excerpt() {
    return text.length() <= 40 ? "'" + text + "'" : "'" + text.substring(0, 37) + "...'";
  }
}
