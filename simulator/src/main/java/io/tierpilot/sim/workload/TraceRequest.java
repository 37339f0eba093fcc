package io.tierpilot.sim.workload;

/**
 * One request of a workload, as a trace recorded it or a generator made it: when it arrived, which
 * model it asked, how large it was. Immutable.
 *
 * <p>{@link #outputTokens} is the realized output length. Only the provider model (which must know
 * how long the call runs) and the hindsight oracle may read it; no policy that a service could run
 * in production sees it.
 */
public final class TraceRequest {
  /** Arrival in nanoseconds from the start of the workload, {@code >= 0}. */
  public final long arrivalNanos;

  /** The model id, or null for the simulation's default model. */
  public final String model;

  /** Input (prompt) tokens, {@code >= 0}. */
  public final int inputTokens;

  /** Realized output tokens, {@code >= 0}. */
  public final int outputTokens;

  /** The SLO class the trace recorded, or null to draw one from the class mix. */
  public final String sloClass;

  /** The latency budget the trace recorded in nanoseconds, or -1 for the class's deadline. */
  public final long deadlineNanos;

  /** The accounting tag the trace recorded, or the empty string. */
  public final String tag;

  /** The file the request was read from, for messages; null for synthetic workloads. */
  public final String file;

  /** Its line in {@link #file}, or -1. */
  public final long line;

  /**
   * Creates a request.
   *
   * @param arrivalNanos nanoseconds from the start of the workload, {@code >= 0}
   * @param model model id, or null for the default model
   * @param inputTokens {@code >= 0}
   * @param outputTokens {@code >= 0}
   * @param sloClass recorded class, or null
   * @param deadlineNanos recorded latency budget, or -1
   * @param tag recorded tag; null means empty
   * @param file the file it was read from, for messages, or null
   * @param line its line in the file, or -1
   */
  public TraceRequest(
      long arrivalNanos,
      String model,
      int inputTokens,
      int outputTokens,
      String sloClass,
      long deadlineNanos,
      String tag,
      String file,
      long line) {
    if (arrivalNanos < 0 || inputTokens < 0 || outputTokens < 0 || deadlineNanos < -1) {
      throw new IllegalArgumentException(
          "invalid request: arrivalNanos="
              + arrivalNanos
              + ", inputTokens="
              + inputTokens
              + ", outputTokens="
              + outputTokens
              + ", deadlineNanos="
              + deadlineNanos);
    }
    this.arrivalNanos = arrivalNanos;
    this.model = model;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.sloClass = sloClass;
    this.deadlineNanos = deadlineNanos;
    this.tag = tag == null ? "" : tag;
    this.file = file;
    this.line = line;
  }

  /** Returns a request with only the fields every trace has. */
  public static TraceRequest of(long arrivalNanos, int inputTokens, int outputTokens) {
    return new TraceRequest(arrivalNanos, null, inputTokens, outputTokens, null, -1, "", null, -1);
  }

  @Override
  public String toString() {
    return "TraceRequest{at="
        + arrivalNanos
        + "ns, model="
        + model
        + ", tokens="
        + inputTokens
        + "/"
        + outputTokens
        + (sloClass == null ? "" : ", class=" + sloClass)
        + (deadlineNanos < 0 ? "" : ", deadlineNanos=" + deadlineNanos)
        + "}";
  }
}
