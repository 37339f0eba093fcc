package io.tierpilot.sim.workload;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The common part of the file readers: reads lines, numbers them, turns a row parser's {@link
 * BadRowException} into a {@link TraceFormatException} with file and line, skips or throws it,
 * counts failed calls, enforces arrival order and makes the first replayed request arrive at 0.
 *
 * <p>Two ordering modes:
 *
 * <ul>
 *   <li><b>sorted</b> ({@code reorderCapacity == 0}): every row must be at or after the previous
 *       valid row; an earlier row is a format error.
 *   <li><b>reorder buffer</b> ({@code reorderCapacity > 0}): rows go into a priority queue ordered
 *       by (time, line); once it holds {@code reorderCapacity} rows the earliest is emitted. A row
 *       earlier than one already emitted is a format error that states how far out of order it is.
 * </ul>
 *
 * <p>Blank lines are ignored. Time origin: the first request replayed (not a failed call, not a
 * skipped row) arrives at 0 and every later one at its distance from it. Single-threaded.
 */
abstract class TraceReader implements Workload {
  /** The default reorder buffer of the readers of unsorted formats, in records. */
  static final int DEFAULT_REORDER_CAPACITY = 100_000;

  private static final int MAX_SHARED_STRINGS = 4096;

  private static final Comparator<Row> BY_TIME_THEN_LINE =
      Comparator.comparingLong((Row r) -> r.timeNanos).thenComparingLong(r -> r.line);

  private final TraceFiles.Lines in;
  private final String file;
  private final String description;
  private final boolean skipInvalid;
  private final long maxGapNanos;
  private final int reorderCapacity;
  private final PriorityQueue<Row> pending;
  private final Map<String, String> shared = new HashMap<>();

  private long lineNumber;
  private long skipped;
  private final java.util.List<String> skippedExamples = new java.util.ArrayList<>();
  private long failedCalls;
  private boolean endOfFile;
  private boolean originSet;
  private long originNanos;
  private long lastTimeNanos = Long.MIN_VALUE;
  private long lastLine;
  private long emittedNanos;
  private long emittedLine;

  /**
   * Creates a reader over an open file.
   *
   * @param in the file, positioned after any header; closed by {@link #close()}
   * @param file the file as the user named it, for messages
   * @param description the description for reports
   * @param linesConsumed lines already read (the header), so that line numbers stay right
   * @param options skip-invalid
   * @param reorderCapacity 0 for sorted input, else the reorder buffer in rows
   */
  TraceReader(
      TraceFiles.Lines in,
      String file,
      String description,
      long linesConsumed,
      WorkloadOptions options,
      int reorderCapacity) {
    if (reorderCapacity < 0) {
      throw new IllegalArgumentException("reorderCapacity < 0: " + reorderCapacity);
    }
    this.in = in;
    this.file = file;
    this.description = description;
    this.lineNumber = linesConsumed;
    this.skipInvalid = options.skipInvalid();
    this.maxGapNanos = options.maxGapNanos();
    this.reorderCapacity = reorderCapacity;
    this.pending =
        reorderCapacity == 0
            ? null
            : new PriorityQueue<>(Math.min(reorderCapacity, 1024), BY_TIME_THEN_LINE);
  }

  /**
   * Parses one non-blank data line.
   *
   * @param line the line without terminator
   * @param lineNumber its 1-based number
   * @return the row
   * @throws BadRowException if the row is malformed
   */
  abstract Row parse(String line, long lineNumber);

  @Override
  public final TraceRequest next() throws IOException {
    return pending == null ? nextSorted() : nextReordered();
  }

  private TraceRequest nextSorted() throws IOException {
    Row row;
    while ((row = readRow()) != null) {
      if (row.failedCall) {
        failedCalls++;
        continue;
      }
      return emit(row);
    }
    return null;
  }

  private TraceRequest nextReordered() throws IOException {
    while (!endOfFile && pending.size() < reorderCapacity) {
      Row row = readRow();
      if (row == null) {
        break;
      }
      pending.add(row);
    }
    Row row = pending.poll();
    return row == null ? null : emit(row);
  }

  private TraceRequest emit(Row row) {
    if (!originSet) {
      originSet = true;
      originNanos = row.timeNanos;
    } else if (row.timeNanos - emittedNanos > maxGapNanos) {
      // not skippable: either row may hold the wrong time, and skipping the later one would skip
      // every row after it
      throw new TraceFormatException(
          file,
          row.line,
          "arrives "
              + Fields.duration(row.timeNanos - emittedNanos)
              + " after the request before it (line "
              + emittedLine
              + "), more than the longest gap allowed ("
              + Fields.duration(maxGapNanos)
              + "): one of the two timestamps is probably wrong (seconds where the format wants"
              + " milliseconds, or a wrong date). The simulator models the provider's other traffic"
              + " through every gap, so a long one takes long to replay; if the gap is real, raise"
              + " --max-gap");
    }
    emittedNanos = row.timeNanos;
    emittedLine = row.line;
    if (pending != null) {
      lastTimeNanos = row.timeNanos;
      lastLine = row.line;
    }
    return new TraceRequest(
        row.timeNanos - originNanos,
        row.model,
        row.inputTokens,
        row.outputTokens,
        row.sloClass,
        row.deadlineNanos,
        row.tag,
        file,
        row.line);
  }

  /** Returns the next valid row, or null at the end of the file. */
  private Row readRow() throws IOException {
    while (true) {
      String line;
      try {
        line = in.readLine();
      } catch (IOException e) {
        // corrupt compressed data, or a failing disk: where it happened
        throw new TraceFormatException(
            file, lineNumber + 1, "cannot read the file here: " + e.getMessage());
      }
      if (line == null && !endOfFile && in.cutShort()) {
        // a compressed file cut short (a recorder that was never closed): the rows before are whole
        TraceFormatException error =
            new TraceFormatException(
                file,
                lineNumber + 1,
                "the compressed file ends in the middle ("
                    + in.cutReason()
                    + "); the rows before it are whole, and --skip-invalid replays them");
        if (!skipInvalid) {
          throw error;
        }
        skipped++;
        if (skippedExamples.size() < SKIPPED_EXAMPLES) {
          skippedExamples.add(error.getMessage());
        }
      }
      if (line == null) {
        endOfFile = true;
        return null;
      }
      lineNumber++;
      if (lineNumber == 1) {
        line = TraceFiles.stripBom(line);
      }
      if (line.isBlank()) {
        continue;
      }
      try {
        Row row = parse(line, lineNumber);
        checkOrder(row);
        return row;
      } catch (BadRowException e) {
        TraceFormatException error = new TraceFormatException(file, lineNumber, e.getMessage());
        if (!skipInvalid) {
          throw error;
        }
        skipped++;
        if (skippedExamples.size() < SKIPPED_EXAMPLES) {
          skippedExamples.add(error.getMessage());
        }
      }
    }
  }

  private void checkOrder(Row row) {
    if (row.timeNanos < lastTimeNanos) {
      long earlierNanos = lastTimeNanos - row.timeNanos;
      if (pending == null) {
        throw new BadRowException(
            "out of order: "
                + Fields.seconds(earlierNanos)
                + " earlier than the previous row (line "
                + lastLine
                + "); rows must be sorted by time");
      }
      throw new BadRowException(
          "out of order: "
              + Fields.seconds(earlierNanos)
              + " earlier than the record of line "
              + lastLine
              + ", already replayed: more than the reorder buffer of "
              + reorderCapacity
              + " records out of order");
    }
    if (pending == null) {
      lastTimeNanos = row.timeNanos;
      lastLine = row.line;
    }
  }

  /**
   * Returns an equal string that earlier rows already used, so that rows held in the reorder buffer
   * share one copy of each model id and tag. Keeps at most 4,096 distinct strings.
   *
   * @param value a string, or null
   * @return an equal string, or null
   */
  final String share(String value) {
    if (value == null) {
      return null;
    }
    String known = shared.get(value);
    if (known != null) {
      return known;
    }
    if (shared.size() < MAX_SHARED_STRINGS) {
      shared.put(value, value);
    }
    return value;
  }

  @Override
  public final long skipped() {
    return skipped;
  }

  @Override
  public final java.util.List<String> skippedExamples() {
    return java.util.List.copyOf(skippedExamples);
  }

  @Override
  public final long failedCalls() {
    return failedCalls;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public void close() throws IOException {
    if (pending != null) {
      pending.clear();
    }
    in.close();
  }

  /**
   * One parsed row, with its time in nanoseconds on the trace's own clock, {@code >= 0} (so that
   * the difference of two row times cannot overflow).
   */
  static final class Row {
    final long timeNanos;
    final long line;
    final String model;
    final int inputTokens;
    final int outputTokens;
    final String sloClass;
    final long deadlineNanos;
    final String tag;
    final boolean failedCall;

    Row(
        long timeNanos,
        long line,
        String model,
        int inputTokens,
        int outputTokens,
        String sloClass,
        long deadlineNanos,
        String tag,
        boolean failedCall) {
      this.timeNanos = timeNanos;
      this.line = line;
      this.model = model;
      this.inputTokens = inputTokens;
      this.outputTokens = outputTokens;
      this.sloClass = sloClass;
      this.deadlineNanos = deadlineNanos;
      this.tag = tag;
      this.failedCall = failedCall;
    }

    /** Returns a row with only time and token counts. */
    static Row of(long timeNanos, long line, int inputTokens, int outputTokens) {
      return new Row(timeNanos, line, null, inputTokens, outputTokens, null, -1, "", false);
    }
  }
}
