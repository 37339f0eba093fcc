package io.tierpilot.sim.workload;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the Mooncake FAST'25 traces: JSON lines {@code {"timestamp": ms from the trace start,
 * "input_length": int, "output_length": int, "hash_ids": [...]}}. {@code hash_ids} and any other
 * field are skipped unread. The timestamp is milliseconds (an integer in the published traces; a
 * fraction is accepted and converted exactly). Rows must be sorted by time.
 */
final class MooncakeTraceReader extends TraceReader {
  static final String TIMESTAMP = "timestamp";
  static final String INPUT_LENGTH = "input_length";
  static final String OUTPUT_LENGTH = "output_length";

  private static final long NANOS_PER_MILLI = 1_000_000L;

  private long timeNanos;
  private int input;
  private int output;

  private MooncakeTraceReader(
      TraceFiles.Lines in, String file, Path path, WorkloadOptions options) {
    super(in, file, "mooncake:" + TraceFiles.fileName(path), 0, options, 0);
  }

  /**
   * Opens a trace.
   *
   * @param file the path as the user wrote it
   * @param options skip-invalid
   * @return the reader
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws IOException if the file cannot be opened
   */
  static MooncakeTraceReader open(String file, WorkloadOptions options) throws IOException {
    Path path = Path.of(file);
    return new MooncakeTraceReader(TraceFiles.open(path), file, path, options);
  }

  @Override
  Row parse(String line, long lineNumber) {
    timeNanos = -1;
    input = -1;
    output = -1;
    JsonRows.parse(line, this::field);
    if (timeNanos < 0) {
      throw BadRowException.missing(TIMESTAMP);
    }
    if (input < 0) {
      throw BadRowException.missing(INPUT_LENGTH);
    }
    if (output < 0) {
      throw BadRowException.missing(OUTPUT_LENGTH);
    }
    return Row.of(timeNanos, lineNumber, input, output);
  }

  private void field(String name, JsonParser p) throws IOException {
    switch (name) {
      case TIMESTAMP:
        timeNanos = JsonRows.nonNegativeNanos(p, TIMESTAMP, NANOS_PER_MILLI);
        break;
      case INPUT_LENGTH:
        input = JsonRows.nonNegativeInt(p, INPUT_LENGTH);
        break;
      case OUTPUT_LENGTH:
        output = JsonRows.nonNegativeInt(p, OUTPUT_LENGTH);
        break;
      default:
        p.skipChildren();
    }
  }
}
