package io.tierpilot.sim.workload;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads Amazon Bedrock model invocation logs: one JSON record per line, as CloudWatch Logs or the
 * S3 delivery writes them (gzipped when the file name ends with {@code .gz}). A line of a
 * CloudWatch Logs export to S3, {@code <ISO timestamp> <record>}, is accepted too: the text before
 * the first opening brace (preceded by a space) is ignored.
 *
 * <p>Fields read:
 *
 * <ul>
 *   <li>{@code timestamp} (required): ISO-8601, for example {@code 2025-03-11T00:38:02Z}, with an
 *       optional fraction and zone offset; see {@link Timestamps}.
 *   <li>{@code modelId} (required, non-empty): the request's model, as logged (an id or an ARN).
 *   <li>{@code input.inputTokenCount}, {@code output.outputTokenCount} (required, integers {@code
 *       >= 0}).
 *   <li>{@code requestMetadata} (optional map): key {@code tag}, else {@code tenant}, becomes the
 *       tag; key {@code slo_class} becomes the SLO class.
 *   <li>{@code schemaType} (optional): if present it must be {@code ModelInvocationLog}.
 *   <li>{@code serviceTier} (optional, not seen in published samples): accepted and ignored, like
 *       every other field.
 * </ul>
 *
 * <p>Records may be slightly out of order: a reorder buffer of {@link
 * TraceReader#DEFAULT_REORDER_CAPACITY} records sorts them by (timestamp, line).
 */
final class BedrockLogReader extends TraceReader {
  static final String SCHEMA_TYPE = "schemaType";
  static final String MODEL_INVOCATION_LOG = "ModelInvocationLog";
  static final String TIMESTAMP = "timestamp";
  static final String MODEL_ID = "modelId";
  static final String INPUT = "input";
  static final String INPUT_TOKEN_COUNT = "inputTokenCount";
  static final String OUTPUT = "output";
  static final String OUTPUT_TOKEN_COUNT = "outputTokenCount";
  static final String REQUEST_METADATA = "requestMetadata";
  static final String META_TAG = "tag";
  static final String META_TENANT = "tenant";
  static final String META_SLO_CLASS = "slo_class";

  private long timeNanos;
  private String model;
  private int input;
  private int output;
  private String tag;
  private String tenant;
  private String sloClass;

  private BedrockLogReader(
      TraceFiles.Lines in, String file, Path path, WorkloadOptions options, int reorderCapacity) {
    super(in, file, "bedrock-logs:" + TraceFiles.fileName(path), 0, options, reorderCapacity);
  }

  /**
   * Opens a log file.
   *
   * @param file the path as the user wrote it
   * @param options skip-invalid
   * @param reorderCapacity the reorder buffer in records, {@code >= 1}
   * @return the reader
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws IOException if the file cannot be opened
   */
  static BedrockLogReader open(String file, WorkloadOptions options, int reorderCapacity)
      throws IOException {
    if (reorderCapacity < 1) {
      throw new IllegalArgumentException("reorderCapacity < 1: " + reorderCapacity);
    }
    Path path = Path.of(file);
    return new BedrockLogReader(TraceFiles.open(path), file, path, options, reorderCapacity);
  }

  @Override
  Row parse(String line, long lineNumber) {
    timeNanos = Long.MIN_VALUE;
    model = null;
    input = -1;
    output = -1;
    tag = null;
    tenant = null;
    sloClass = null;
    int brace = line.indexOf('{');
    if (brace > 0 && line.charAt(brace - 1) == ' ') {
      line = line.substring(brace);
    }
    JsonRows.parse(line, this::field);
    if (timeNanos == Long.MIN_VALUE) {
      throw BadRowException.missing(TIMESTAMP);
    }
    if (model == null || model.isEmpty()) {
      throw BadRowException.missing(MODEL_ID);
    }
    if (input < 0) {
      throw BadRowException.missing(INPUT + "." + INPUT_TOKEN_COUNT);
    }
    if (output < 0) {
      throw BadRowException.missing(OUTPUT + "." + OUTPUT_TOKEN_COUNT);
    }
    String rowTag = tag != null ? tag : tenant;
    return new Row(
        timeNanos,
        lineNumber,
        share(model),
        input,
        output,
        share(sloClass),
        -1,
        share(rowTag),
        false);
  }

  private void field(String name, JsonParser p) throws IOException {
    switch (name) {
      case SCHEMA_TYPE:
        String schema = JsonRows.string(p, SCHEMA_TYPE);
        if (schema != null && !schema.equals(MODEL_INVOCATION_LOG)) {
          throw BadRowException.field(
              SCHEMA_TYPE,
              "not a model invocation log (expected " + MODEL_INVOCATION_LOG + ")",
              schema);
        }
        break;
      case TIMESTAMP:
        String text = JsonRows.string(p, TIMESTAMP);
        if (text != null) {
          timeNanos = Timestamps.epochNanos(TIMESTAMP, text);
        }
        break;
      case MODEL_ID:
        model = JsonRows.string(p, MODEL_ID);
        break;
      case INPUT:
        if (JsonRows.isObject(p, INPUT)) {
          JsonRows.fields(p, this::inputField);
        }
        break;
      case OUTPUT:
        if (JsonRows.isObject(p, OUTPUT)) {
          JsonRows.fields(p, this::outputField);
        }
        break;
      case REQUEST_METADATA:
        if (JsonRows.isObject(p, REQUEST_METADATA)) {
          JsonRows.fields(p, this::metadataField);
        }
        break;
      default:
        p.skipChildren();
    }
  }

  private void inputField(String name, JsonParser p) throws IOException {
    if (name.equals(INPUT_TOKEN_COUNT)) {
      input = JsonRows.nonNegativeInt(p, INPUT + "." + INPUT_TOKEN_COUNT);
    } else {
      p.skipChildren();
    }
  }

  private void outputField(String name, JsonParser p) throws IOException {
    if (name.equals(OUTPUT_TOKEN_COUNT)) {
      output = JsonRows.nonNegativeInt(p, OUTPUT + "." + OUTPUT_TOKEN_COUNT);
    } else {
      p.skipChildren();
    }
  }

  private void metadataField(String name, JsonParser p) throws IOException {
    switch (name) {
      case META_TAG:
        tag = JsonRows.string(p, REQUEST_METADATA + "." + META_TAG);
        break;
      case META_TENANT:
        tenant = JsonRows.string(p, REQUEST_METADATA + "." + META_TENANT);
        break;
      case META_SLO_CLASS:
        sloClass = JsonRows.name(p, REQUEST_METADATA + "." + META_SLO_CLASS);
        break;
      default:
        p.skipChildren();
    }
  }
}
