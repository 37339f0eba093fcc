package io.tierpilot.sim.workload;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the Azure LLM inference traces (2023 and 2024): CSV with the header columns {@code
 * TIMESTAMP}, {@code ContextTokens} and {@code GeneratedTokens} (any order, found by name ignoring
 * case; other columns ignored, but every row must have as many columns as the header).
 *
 * <p>{@code TIMESTAMP} is wall-clock time, 2023 style {@code 2023-11-16 18:17:03.9799600} (no zone:
 * UTC) or 2024 style {@code 2024-05-10 00:00:00.009930+00:00} with any number of fraction digits up
 * to 9, or none; see {@link Timestamps}. It is converted to nanoseconds exactly. Rows must be
 * sorted by time; equal times keep file order. Requests carry no model, class, deadline or tag.
 */
final class AzureTraceReader extends TraceReader {
  static final String TIMESTAMP = "TIMESTAMP";
  static final String CONTEXT_TOKENS = "ContextTokens";
  static final String GENERATED_TOKENS = "GeneratedTokens";

  private final int columns;
  private final int timestampColumn;
  private final int contextColumn;
  private final int generatedColumn;

  private AzureTraceReader(
      TraceFiles.Lines in,
      String file,
      Path path,
      WorkloadOptions options,
      int columns,
      int[] indices) {
    super(in, file, "azure:" + TraceFiles.fileName(path), 1, options, 0);
    this.columns = columns;
    this.timestampColumn = indices[0];
    this.contextColumn = indices[1];
    this.generatedColumn = indices[2];
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
  static AzureTraceReader open(String file, WorkloadOptions options) throws IOException {
    Path path = Path.of(file);
    TraceFiles.Lines in = TraceFiles.open(path);
    try {
      String[] header = Csv.readHeader(in, file);
      int[] indices = Csv.requireColumns(file, header, TIMESTAMP, CONTEXT_TOKENS, GENERATED_TOKENS);
      return new AzureTraceReader(in, file, path, options, header.length, indices);
    } catch (IOException | RuntimeException e) {
      TraceFiles.closeAfterFailure(in, e);
      throw e;
    }
  }

  @Override
  Row parse(String line, long lineNumber) {
    String[] f = Csv.split(line);
    Csv.checkColumnCount(f, columns);
    long time = Timestamps.epochNanos(TIMESTAMP, f[timestampColumn]);
    int input = Fields.nonNegativeInt(CONTEXT_TOKENS, f[contextColumn]);
    int output = Fields.nonNegativeInt(GENERATED_TOKENS, f[generatedColumn]);
    return Row.of(time, lineNumber, input, output);
  }
}
