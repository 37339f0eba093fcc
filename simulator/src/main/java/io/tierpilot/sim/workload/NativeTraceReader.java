package io.tierpilot.sim.workload;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * Reads the project's own trace format, JSON lines that the Bedrock adapter records (specified in
 * {@code docs/native-trace-format.md}): {@code arrival_ms} (milliseconds since the Unix epoch,
 * fraction allowed), {@code model}, {@code input_tokens}, {@code output_tokens} (required); {@code
 * class}, {@code deadline_ms} ({@code > 0}, the latency budget from arrival), {@code tag}
 * (optional). The outcome fields ({@code requested_tier}, {@code served_tier}, {@code ttft_ms},
 * {@code latency_ms}, {@code result}, {@code cost_usd}, {@code attempts}) and unknown fields are
 * skipped unread: every recorded request is replayed, whatever its outcome was. A JSON null counts
 * as absent.
 *
 * <p>Records may be slightly out of order: a reorder buffer of {@link
 * TraceReader#DEFAULT_REORDER_CAPACITY} records sorts them by (arrival, line).
 */
final class NativeTraceReader extends TraceReader {
  static final String ARRIVAL_MS = "arrival_ms";
  static final String MODEL = "model";
  static final String INPUT_TOKENS = "input_tokens";
  static final String OUTPUT_TOKENS = "output_tokens";
  static final String CLASS = "class";
  static final String DEADLINE_MS = "deadline_ms";
  static final String TAG = "tag";

  private static final long NANOS_PER_MILLI = 1_000_000L;

  private long arrivalNanos;
  private String model;
  private int input;
  private int output;
  private String sloClass;
  private long deadlineNanos;
  private String tag;

  private NativeTraceReader(
      TraceFiles.Lines in, String file, Path path, WorkloadOptions options, int reorderCapacity) {
    super(in, file, "native:" + TraceFiles.fileName(path), 0, options, reorderCapacity);
  }

  /**
   * Opens a trace.
   *
   * @param file the path as the user wrote it
   * @param options skip-invalid
   * @param reorderCapacity the reorder buffer in records, {@code >= 1}
   * @return the reader
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws IOException if the file cannot be opened
   */
  static NativeTraceReader open(String file, WorkloadOptions options, int reorderCapacity)
      throws IOException {
    if (reorderCapacity < 1) {
      throw new IllegalArgumentException("reorderCapacity < 1: " + reorderCapacity);
    }
    Path path = Path.of(file);
    return new NativeTraceReader(TraceFiles.open(path), file, path, options, reorderCapacity);
  }

  @Override
  Row parse(String line, long lineNumber) {
    arrivalNanos = -1;
    model = null;
    input = -1;
    output = -1;
    sloClass = null;
    deadlineNanos = -1;
    tag = null;
    JsonRows.parse(line, this::field);
    if (arrivalNanos < 0) {
      throw BadRowException.missing(ARRIVAL_MS);
    }
    if (model == null || model.isEmpty()) {
      throw BadRowException.missing(MODEL);
    }
    if (input < 0) {
      throw BadRowException.missing(INPUT_TOKENS);
    }
    if (output < 0) {
      throw BadRowException.missing(OUTPUT_TOKENS);
    }
    return new Row(
        arrivalNanos,
        lineNumber,
        share(model),
        input,
        output,
        share(sloClass),
        deadlineNanos,
        share(tag),
        false);
  }

  private void field(String name, JsonParser p) throws IOException {
    switch (name) {
      case ARRIVAL_MS:
        arrivalNanos = JsonRows.nonNegativeNanos(p, ARRIVAL_MS, NANOS_PER_MILLI);
        break;
      case MODEL:
        model = JsonRows.string(p, MODEL);
        break;
      case INPUT_TOKENS:
        input = JsonRows.nonNegativeInt(p, INPUT_TOKENS);
        break;
      case OUTPUT_TOKENS:
        output = JsonRows.nonNegativeInt(p, OUTPUT_TOKENS);
        break;
      case CLASS:
        sloClass = JsonRows.name(p, CLASS);
        break;
      case DEADLINE_MS:
        String text = p.getText();
        if (p.currentToken().isNumeric() && text.startsWith("-")) {
          throw BadRowException.field(DEADLINE_MS, "not a positive number", text);
        }
        deadlineNanos = JsonRows.nonNegativeNanos(p, DEADLINE_MS, NANOS_PER_MILLI);
        if (deadlineNanos == 0) {
          if (new BigDecimal(text).signum() == 0) {
            throw BadRowException.field(DEADLINE_MS, "not a positive number", text);
          }
          deadlineNanos = 1; // a positive budget below half a nanosecond
        }
        break;
      case TAG:
        tag = JsonRows.string(p, TAG);
        break;
      default:
        p.skipChildren();
    }
  }
}
