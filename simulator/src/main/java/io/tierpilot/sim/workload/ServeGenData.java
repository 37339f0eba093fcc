package io.tierpilot.sim.workload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The data of one ServeGen client: its arrival windows ({@code *-trace.csv}) and its token-length
 * PMFs ({@code *-dataset.json}), loaded and validated in full. Immutable and thread-safe.
 *
 * <p>{@code *-trace.csv} has no header and six columns, {@code
 * window_start_s,rate_req_per_s,cv_of_interarrival,pattern,arg1,arg2}, one row per window in
 * increasing start order. {@code pattern} is {@code Gamma} ({@code arg1} = shape, {@code arg2} =
 * scale), {@code Weibull} ({@code arg1} = c, {@code arg2} = scale) or empty for an idle window; a
 * window whose rate is 0 is idle too. {@code cv_of_interarrival} is informational (the fitted
 * distribution already has it) and may be empty. Every window lasts the smallest step between two
 * consecutive starts (600 s in the published data), 600 s if there is only one.
 *
 * <p>{@code *-dataset.json} maps a window start in seconds (a JSON object key) to {@code
 * {"input_tokens": "<dict literal>", "output_tokens": "<dict literal>"}}, each literal a PMF {@code
 * {tokens: probability}} parsed by {@link PythonDictLiteral}, never evaluated.
 */
final class ServeGenData {
  /** The arrival pattern of a window. */
  enum Pattern {
    IDLE,
    GAMMA,
    WEIBULL
  }

  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long DEFAULT_WINDOW_NANOS = 600 * NANOS_PER_SECOND;
  private static final String INPUT_TOKENS = "input_tokens";
  private static final String OUTPUT_TOKENS = "output_tokens";

  private final List<Window> windows;
  private final NavigableMap<Long, Lengths> lengths;

  private ServeGenData(List<Window> windows, NavigableMap<Long, Lengths> lengths) {
    this.windows = windows;
    this.lengths = lengths;
  }

  /**
   * Loads a client's data.
   *
   * @param trace the {@code *-trace.csv} file (gzipped if its name ends with {@code .gz})
   * @param dataset the {@code *-dataset.json} file (gzipped if its name ends with {@code .gz})
   * @return the data
   * @throws java.nio.file.NoSuchFileException if a file does not exist
   * @throws TraceFormatException if a file is malformed (always fatal: skip-invalid does not apply
   *     to this configuration-like data), has no window or no length PMF
   * @throws IOException if a file cannot be read
   */
  static ServeGenData load(Path trace, Path dataset) throws IOException {
    return new ServeGenData(readWindows(trace), readLengths(dataset));
  }

  /** Returns the windows in increasing start order, idle ones included. */
  List<Window> windows() {
    return windows;
  }

  /** Returns the end of the last window, nanoseconds from the trace start. */
  long endNanos() {
    Window last = windows.get(windows.size() - 1);
    return last.startNanos + last.lengthNanos;
  }

  /**
   * Returns the length PMFs of the dataset window covering a time: the one with the latest start at
   * or before it, else the first.
   */
  Lengths lengthsAt(long timeNanos) {
    Map.Entry<Long, Lengths> e = lengths.floorEntry(timeNanos);
    return e != null ? e.getValue() : lengths.firstEntry().getValue();
  }

  /** Returns the dataset windows' starts in nanoseconds. */
  List<Long> datasetStartsNanos() {
    return List.copyOf(lengths.keySet());
  }

  private static List<Window> readWindows(Path path) throws IOException {
    String file = path.toString();
    List<Window> rows = new ArrayList<>();
    try (TraceFiles.Lines in = TraceFiles.open(path)) {
      String line;
      long lineNumber = 0;
      while ((line = in.readLine()) != null || in.cutShort()) {
        if (line == null) {
          throw new TraceFormatException(
              file,
              lineNumber + 1,
              "the compressed file ends in the middle (" + in.cutReason() + ")");
        }
        lineNumber++;
        if (lineNumber == 1) {
          line = TraceFiles.stripBom(line);
        }
        if (line.isBlank()) {
          continue;
        }
        try {
          Window w = parseWindow(line);
          if (!rows.isEmpty() && w.startNanos <= rows.get(rows.size() - 1).startNanos) {
            throw new BadRowException(
                "field 'window_start_s': not after the previous window's start: '"
                    + Csv.split(line)[0]
                    + "'");
          }
          rows.add(w);
        } catch (BadRowException e) {
          throw new TraceFormatException(file, lineNumber, e.getMessage());
        }
      }
    }
    if (rows.isEmpty()) {
      throw new TraceFormatException(file, 0, "no windows");
    }
    long step = DEFAULT_WINDOW_NANOS;
    if (rows.size() > 1) {
      step = Long.MAX_VALUE;
      for (int i = 1; i < rows.size(); i++) {
        step = Math.min(step, rows.get(i).startNanos - rows.get(i - 1).startNanos);
      }
    }
    List<Window> windows = new ArrayList<>(rows.size());
    for (Window w : rows) {
      windows.add(new Window(w.startNanos, step, w.ratePerSecond, w.pattern, w.arg1, w.arg2));
    }
    return Collections.unmodifiableList(windows);
  }

  private static Window parseWindow(String line) {
    String[] f = Csv.split(line);
    if (f.length != 6) {
      throw new BadRowException(
          "expected 6 columns (window_start_s,rate_req_per_s,cv_of_interarrival,pattern,arg1,arg2),"
              + " found "
              + f.length);
    }
    long startNanos = Fields.nonNegativeNanos("window_start_s", f[0], NANOS_PER_SECOND);
    double rate = nonNegative("rate_req_per_s", f[1]);
    if (!f[2].isEmpty()) {
      nonNegative("cv_of_interarrival", f[2]);
    }
    Pattern pattern;
    switch (f[3]) {
      case "":
        pattern = Pattern.IDLE;
        break;
      case "Gamma":
        pattern = Pattern.GAMMA;
        break;
      case "Weibull":
        pattern = Pattern.WEIBULL;
        break;
      default:
        throw BadRowException.field("pattern", "not Gamma, Weibull or empty", f[3]);
    }
    if (rate == 0) {
      pattern = Pattern.IDLE;
    }
    double arg1 = 0;
    double arg2 = 0;
    if (pattern != Pattern.IDLE) {
      arg1 = positive("arg1", f[4]);
      arg2 = positive("arg2", f[5]);
      double mean = pattern == Pattern.GAMMA ? arg1 * arg2 : RandomVariates.weibullMean(arg1, arg2);
      if (!(mean > 0) || Double.isInfinite(mean)) {
        throw new BadRowException(
            "the "
                + f[3]
                + " distribution with arg1 "
                + f[4]
                + " and arg2 "
                + f[5]
                + " has no finite positive mean to rescale");
      }
    }
    return new Window(startNanos, 0, rate, pattern, arg1, arg2);
  }

  private static double nonNegative(String field, String text) {
    double value = number(field, text);
    if (value < 0) {
      throw BadRowException.field(field, "not a non-negative number", text);
    }
    return value;
  }

  private static double positive(String field, String text) {
    double value = number(field, text);
    if (!(value > 0)) {
      throw BadRowException.field(field, "not a positive number", text);
    }
    return value;
  }

  private static double number(String field, String text) {
    if (text.isEmpty()) {
      throw BadRowException.missing(field);
    }
    double value;
    try {
      value = new BigDecimal(text).doubleValue();
    } catch (NumberFormatException e) {
      throw BadRowException.field(field, "not a number", text);
    }
    if (Double.isInfinite(value)) {
      throw BadRowException.field(field, "too large", text);
    }
    return value;
  }

  private static NavigableMap<Long, Lengths> readLengths(Path path) throws IOException {
    String file = path.toString();
    NavigableMap<Long, Lengths> result = new TreeMap<>();
    try (BufferedReader in = TraceFiles.open(path);
        JsonParser p = JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new TraceFormatException(file, line(p), "expected a JSON object of windows");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        long keyLine = line(p);
        long startNanos;
        try {
          startNanos = Fields.nonNegativeNanos("window", key, NANOS_PER_SECOND);
        } catch (BadRowException e) {
          throw new TraceFormatException(file, keyLine, e.getMessage());
        }
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new TraceFormatException(
              file,
              keyLine,
              "window '" + key + "': expected an object with input_tokens and output_tokens");
        }
        Pmf input = null;
        Pmf output = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          if (!name.equals(INPUT_TOKENS) && !name.equals(OUTPUT_TOKENS)) {
            p.skipChildren();
            continue;
          }
          long valueLine = line(p);
          if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new TraceFormatException(
                file, valueLine, "window '" + key + "', field '" + name + "': not a string");
          }
          Pmf pmf;
          try {
            pmf = PythonDictLiteral.parse(p.getText());
          } catch (IllegalArgumentException e) {
            throw new TraceFormatException(
                file, valueLine, "window '" + key + "', field '" + name + "': " + e.getMessage());
          }
          if (name.equals(INPUT_TOKENS)) {
            input = pmf;
          } else {
            output = pmf;
          }
        }
        if (input == null || output == null) {
          throw new TraceFormatException(
              file,
              keyLine,
              "window '"
                  + key
                  + "': field '"
                  + (input == null ? INPUT_TOKENS : OUTPUT_TOKENS)
                  + "' missing");
        }
        if (result.put(startNanos, new Lengths(input, output)) != null) {
          throw new TraceFormatException(file, keyLine, "window '" + key + "' appears twice");
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new TraceFormatException(file, line(p), "expected the end of the JSON object");
      }
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
      throw new TraceFormatException(file, line, "not valid JSON: " + e.getOriginalMessage());
    }
    if (result.isEmpty()) {
      throw new TraceFormatException(file, 0, "no windows");
    }
    return result;
  }

  private static long line(JsonParser p) {
    return Math.max(0, p.currentLocation().getLineNr());
  }

  /** One arrival window. */
  static final class Window {
    final long startNanos;
    final long lengthNanos;
    final double ratePerSecond;
    final Pattern pattern;
    final double arg1;
    final double arg2;

    Window(
        long startNanos,
        long lengthNanos,
        double ratePerSecond,
        Pattern pattern,
        double arg1,
        double arg2) {
      this.startNanos = startNanos;
      this.lengthNanos = lengthNanos;
      this.ratePerSecond = ratePerSecond;
      this.pattern = pattern;
      this.arg1 = arg1;
      this.arg2 = arg2;
    }
  }

  /** The input and output length PMFs of one dataset window. */
  static final class Lengths {
    final Pmf input;
    final Pmf output;

    Lengths(Pmf input, Pmf output) {
      this.input = input;
      this.output = output;
    }
  }
}
