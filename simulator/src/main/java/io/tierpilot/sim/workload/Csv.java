package io.tierpilot.sim.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits one CSV line into fields and maps header names to column indices. Fields are separated by
 * commas; surrounding spaces of an unquoted field are trimmed. A field may be quoted with double
 * quotes ({@code "a,b"}, with {@code ""} for a quote inside); a quoted field spanning lines is not
 * supported and reported as an unterminated quote. Stateless and thread-safe.
 */
final class Csv {
  private Csv() {}

  /**
   * Splits a line.
   *
   * @param line the line without its line terminator; not null
   * @return the fields, at least one
   * @throws BadRowException if a quoted field is malformed
   */
  static String[] split(String line) {
    if (line.indexOf('"') < 0) {
      return splitPlain(line);
    }
    List<String> fields = new ArrayList<>();
    int n = line.length();
    int pos = 0;
    while (true) {
      while (pos < n && line.charAt(pos) == ' ') {
        pos++;
      }
      if (pos < n && line.charAt(pos) == '"') {
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
          if (pos >= n) {
            throw new BadRowException(
                "unterminated quoted field (quoted fields spanning lines are not supported)");
          }
          char c = line.charAt(pos++);
          if (c == '"') {
            if (pos < n && line.charAt(pos) == '"') {
              value.append('"');
              pos++;
            } else {
              break;
            }
          } else {
            value.append(c);
          }
        }
        while (pos < n && line.charAt(pos) == ' ') {
          pos++;
        }
        fields.add(value.toString());
        if (pos == n) {
          break;
        }
        if (line.charAt(pos) != ',') {
          throw new BadRowException(
              "malformed quoted field: text after the closing quote at column " + (pos + 1));
        }
        pos++;
      } else {
        int comma = line.indexOf(',', pos);
        int end = comma < 0 ? n : comma;
        String value = line.substring(pos, end).trim();
        if (value.indexOf('"') >= 0) {
          throw new BadRowException("malformed field: a quote inside an unquoted field: " + value);
        }
        fields.add(value);
        if (comma < 0) {
          break;
        }
        pos = comma + 1;
      }
    }
    return fields.toArray(new String[0]);
  }

  private static String[] splitPlain(String line) {
    int count = 1;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == ',') {
        count++;
      }
    }
    String[] fields = new String[count];
    int start = 0;
    for (int f = 0; f < count; f++) {
      int comma = f == count - 1 ? line.length() : line.indexOf(',', start);
      fields[f] = line.substring(start, comma).trim();
      start = comma + 1;
    }
    return fields;
  }

  /**
   * Finds a column by its header name, ignoring case and surrounding spaces.
   *
   * @param header the header fields
   * @param name the column name
   * @return the index, or -1 if absent
   */
  static int column(String[] header, String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < header.length; i++) {
      if (header[i].trim().toLowerCase(Locale.ROOT).equals(wanted)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Reads and splits the header line of a CSV trace (line 1), without a byte order mark.
   *
   * @param in the file, positioned at its start
   * @param file the file as the user named it, for messages
   * @return the header fields
   * @throws TraceFormatException if the file is empty or the header cannot be split
   * @throws IOException if the file cannot be read
   */
  static String[] readHeader(BufferedReader in, String file) throws IOException {
    String header = TraceFiles.stripBom(in.readLine());
    if (header == null || header.isBlank()) {
      throw new TraceFormatException(file, 1, "missing header line");
    }
    try {
      return split(header);
    } catch (BadRowException e) {
      throw new TraceFormatException(file, 1, e.getMessage());
    }
  }

  /**
   * Finds required columns in the header (line 1), failing with one message that lists all missing
   * ones.
   *
   * @param file the file as the user named it, for messages
   * @param header the header fields
   * @param names the required column names
   * @return the indices, in the order of {@code names}
   * @throws TraceFormatException if a column is missing
   */
  static int[] requireColumns(String file, String[] header, String... names) {
    int[] indices = new int[names.length];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      indices[i] = column(header, names[i]);
      if (indices[i] < 0) {
        missing.add("'" + names[i] + "'");
      }
    }
    if (!missing.isEmpty()) {
      throw new TraceFormatException(
          file,
          1,
          "header lacks column"
              + (missing.size() > 1 ? "s " : " ")
              + String.join(", ", missing)
              + ": expected a header with "
              + String.join(",", names)
              + ", found '"
              + String.join(",", header)
              + "'");
    }
    return indices;
  }

  /**
   * Checks that a row has as many fields as the header.
   *
   * @throws BadRowException if it has not
   */
  static void checkColumnCount(String[] row, int expected) {
    if (row.length != expected) {
      throw new BadRowException(
          "expected " + expected + " columns as in the header, found " + row.length);
    }
  }
}
