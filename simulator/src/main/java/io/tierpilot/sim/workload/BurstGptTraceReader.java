package io.tierpilot.sim.workload;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads BurstGPT traces: CSV read by column name (ignoring case), in either published schema,
 * {@code Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type} or the newer one
 * with {@code Session ID,Elapsed time} after {@code Timestamp}. Only {@code Timestamp}, {@code
 * Model}, {@code Request tokens} and {@code Response tokens} are read; every row must have as many
 * columns as the header.
 *
 * <p>{@code Timestamp} is seconds from the trace start (fractional allowed), converted to
 * nanoseconds exactly. {@code Model} becomes the request's model. A row with {@code Response tokens
 * = 0} records a failed call: it is not replayed and counts in {@link #failedCalls()}. Rows must be
 * sorted by time.
 */
final class BurstGptTraceReader extends TraceReader {
  static final String TIMESTAMP = "Timestamp";
  static final String MODEL = "Model";
  static final String REQUEST_TOKENS = "Request tokens";
  static final String RESPONSE_TOKENS = "Response tokens";

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final int columns;
  private final int timestampColumn;
  private final int modelColumn;
  private final int requestColumn;
  private final int responseColumn;

  private BurstGptTraceReader(
      TraceFiles.Lines in,
      String file,
      Path path,
      WorkloadOptions options,
      int columns,
      int[] indices) {
    super(in, file, "burstgpt:" + TraceFiles.fileName(path), 1, options, 0);
    this.columns = columns;
    this.timestampColumn = indices[0];
    this.modelColumn = indices[1];
    this.requestColumn = indices[2];
    this.responseColumn = indices[3];
  }

  /**
   * Opens a trace and reads its header.
   *
   * @param file the path as the user wrote it
   * @param options skip-invalid
   * @return the reader, positioned at the first data row
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws TraceFormatException if the header is missing or lacks a column
   * @throws IOException if the file cannot be read
   */
  static BurstGptTraceReader open(String file, WorkloadOptions options) throws IOException {
    Path path = Path.of(file);
    TraceFiles.Lines in = TraceFiles.open(path);
    try {
      String[] header = Csv.readHeader(in, file);
      int[] indices =
          Csv.requireColumns(file, header, TIMESTAMP, MODEL, REQUEST_TOKENS, RESPONSE_TOKENS);
      return new BurstGptTraceReader(in, file, path, options, header.length, indices);
    } catch (IOException | RuntimeException e) {
      TraceFiles.closeAfterFailure(in, e);
      throw e;
    }
  }

  @Override
  Row parse(String line, long lineNumber) {
    String[] f = Csv.split(line);
    Csv.checkColumnCount(f, columns);
    long time = Fields.nonNegativeNanos(TIMESTAMP, f[timestampColumn], NANOS_PER_SECOND);
    String model = f[modelColumn];
    if (model.isEmpty()) {
      throw BadRowException.missing(MODEL);
    }
    int input = Fields.nonNegativeInt(REQUEST_TOKENS, f[requestColumn]);
    int output = Fields.nonNegativeInt(RESPONSE_TOKENS, f[responseColumn]);
    return new Row(time, lineNumber, share(model), input, output, null, -1, "", output == 0);
  }
}
