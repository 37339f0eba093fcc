package io.tierpilot.core;

import java.time.Duration;

/**
 * One LLM call to be scheduled: the model, its size, its SLO class, its deadline and an accounting
 * tag. Immutable and thread-safe.
 *
 * <p>All times are absolute values on the scheduler's {@link Ticker}, in nanoseconds. A request
 * needs either an explicit deadline or an arrival time; without an explicit deadline, its class's
 * default deadline counts from arrival. {@link TierScheduler#newRequest(String)} stamps the arrival
 * from the scheduler's ticker.
 *
 * <pre>{@code
 * TierRequest request = scheduler.newRequest("openai.gpt-oss-120b-1:0")
 *     .inputTokens(1_200)
 *     .maxTokens(512)
 *     .sloClass("interactive")
 *     .deadlineAfter(Duration.ofSeconds(10))
 *     .tag("checkout-service")
 *     .build();
 * }</pre>
 */
public final class TierRequest {
  static final long UNSET = Long.MIN_VALUE;

  private final String modelId;
  private final long inputTokens;
  private final long maxTokens;
  private final long outputTokensHint;
  private final String sloClass;
  private final long arrivalNanos;
  private final long deadlineNanos;
  private final long ttftDeadlineNanos;
  private final String tag;

  private TierRequest(Builder b) {
    this.modelId = b.modelId;
    this.inputTokens = b.inputTokens;
    this.maxTokens = b.maxTokens;
    this.outputTokensHint = b.outputTokensHint;
    this.sloClass = b.sloClass;
    this.arrivalNanos = b.arrivalNanos;
    this.deadlineNanos = b.deadlineNanos;
    this.ttftDeadlineNanos = b.ttftDeadlineNanos;
    this.tag = b.tag;
  }

  /**
   * Starts a request for a model. Set an arrival time or a deadline before {@link Builder#build()}.
   *
   * @param modelId the provider's model id, for example {@code openai.gpt-oss-120b-1:0}; not blank
   * @return a builder
   */
  public static Builder newBuilder(String modelId) {
    return new Builder(Checks.notBlank(modelId, "modelId"));
  }

  /** Returns the model id. */
  public String modelId() {
    return modelId;
  }

  /** Returns the number of input (prompt) tokens, {@code >= 0}. */
  public long inputTokens() {
    return inputTokens;
  }

  /**
   * Returns the maximum number of output tokens the call may produce, or 0 when the request leaves
   * it to the scheduler's default.
   */
  public long maxTokens() {
    return maxTokens;
  }

  /** Returns the caller's estimate of the output length in tokens, or -1 if none was given. */
  public long outputTokensHint() {
    return outputTokensHint;
  }

  /** Returns the SLO class name, or {@code null} for the scheduler's default class. */
  public String sloClass() {
    return sloClass;
  }

  /** Returns whether an arrival time was set. */
  public boolean hasArrival() {
    return arrivalNanos != UNSET;
  }

  /**
   * Returns the arrival time on the ticker in nanoseconds.
   *
   * @throws IllegalStateException if none was set
   */
  public long arrivalNanos() {
    if (arrivalNanos == UNSET) {
      throw new IllegalStateException("request for " + modelId + " has no arrival time");
    }
    return arrivalNanos;
  }

  /** Returns whether an explicit end-to-end deadline was set. */
  public boolean hasDeadline() {
    return deadlineNanos != UNSET;
  }

  /**
   * Returns the explicit end-to-end deadline on the ticker in nanoseconds.
   *
   * @throws IllegalStateException if none was set (the class default applies)
   */
  public long deadlineNanos() {
    if (deadlineNanos == UNSET) {
      throw new IllegalStateException("request for " + modelId + " has no explicit deadline");
    }
    return deadlineNanos;
  }

  /** Returns whether an explicit time-to-first-token deadline was set. */
  public boolean hasTtftDeadline() {
    return ttftDeadlineNanos != UNSET;
  }

  /**
   * Returns the explicit time-to-first-token deadline on the ticker in nanoseconds.
   *
   * @throws IllegalStateException if none was set
   */
  public long ttftDeadlineNanos() {
    if (ttftDeadlineNanos == UNSET) {
      throw new IllegalStateException("request for " + modelId + " has no TTFT deadline");
    }
    return ttftDeadlineNanos;
  }

  long rawArrivalNanos() {
    return arrivalNanos;
  }

  long rawDeadlineNanos() {
    return deadlineNanos;
  }

  long rawTtftDeadlineNanos() {
    return ttftDeadlineNanos;
  }

  /** Returns the accounting tag (tenant or workload); empty if none was given. */
  public String tag() {
    return tag;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("TierRequest{model=").append(modelId);
    s.append(", inputTokens=").append(inputTokens);
    if (maxTokens > 0) {
      s.append(", maxTokens=").append(maxTokens);
    }
    if (outputTokensHint >= 0) {
      s.append(", outputTokensHint=").append(outputTokensHint);
    }
    if (sloClass != null) {
      s.append(", class=").append(sloClass);
    }
    if (arrivalNanos != UNSET) {
      s.append(", arrivalNanos=").append(arrivalNanos);
    }
    if (deadlineNanos != UNSET) {
      s.append(", deadlineNanos=").append(deadlineNanos);
    }
    if (ttftDeadlineNanos != UNSET) {
      s.append(", ttftDeadlineNanos=").append(ttftDeadlineNanos);
    }
    if (!tag.isEmpty()) {
      s.append(", tag=").append(tag);
    }
    return s.append('}').toString();
  }

  /** Builds a {@link TierRequest}; each setting may be set once. Not thread-safe. */
  public static final class Builder {
    private final String modelId;
    private long inputTokens;
    private boolean inputSet;
    private long maxTokens;
    private long outputTokensHint = -1;
    private String sloClass;
    private long arrivalNanos = UNSET;
    private long deadlineNanos = UNSET;
    private long ttftDeadlineNanos = UNSET;
    private long deadlineAfterNanos = UNSET;
    private long ttftDeadlineAfterNanos = UNSET;
    private String tag = "";
    private boolean tagSet;

    private Builder(String modelId) {
      this.modelId = modelId;
    }

    /**
     * Sets the number of input tokens (the prompt size).
     *
     * @param inputTokens {@code >= 0}
     * @return this builder
     */
    public Builder inputTokens(long inputTokens) {
      Checks.unset(inputSet, "inputTokens");
      this.inputTokens = Checks.nonNegative(inputTokens, "inputTokens");
      inputSet = true;
      return this;
    }

    /**
     * Sets the maximum number of output tokens of the call.
     *
     * @param maxTokens {@code > 0}
     * @return this builder
     */
    public Builder maxTokens(long maxTokens) {
      Checks.unset(this.maxTokens != 0, "maxTokens");
      this.maxTokens = Checks.positive(maxTokens, "maxTokens");
      return this;
    }

    /**
     * Sets the caller's estimate of the output length. Without one, the scheduler predicts the
     * length from the outcomes of earlier requests of the same model and class.
     *
     * @param outputTokens {@code >= 0}
     * @return this builder
     */
    public Builder outputTokensHint(long outputTokens) {
      Checks.unset(outputTokensHint >= 0, "outputTokensHint");
      this.outputTokensHint = Checks.nonNegative(outputTokens, "outputTokensHint");
      return this;
    }

    /**
     * Sets the SLO class by name; without it the scheduler's default class applies.
     *
     * @param name a class configured in the scheduler; not blank
     * @return this builder
     */
    public Builder sloClass(String name) {
      Checks.unset(sloClass != null, "sloClass");
      this.sloClass = Checks.notBlank(name, "sloClass");
      return this;
    }

    /**
     * Sets the SLO class.
     *
     * @param sloClass not null
     * @return this builder
     */
    public Builder sloClass(SloClass sloClass) {
      return sloClass(Checks.notNull(sloClass, "sloClass").name());
    }

    /**
     * Sets the arrival time: when the request entered the system, on the scheduler's ticker.
     *
     * @param arrivalNanos ticker nanoseconds
     * @return this builder
     */
    public Builder arrivalNanos(long arrivalNanos) {
      Checks.unset(this.arrivalNanos != UNSET, "arrivalNanos");
      if (arrivalNanos == UNSET) {
        throw new IllegalArgumentException("arrivalNanos must not be Long.MIN_VALUE");
      }
      this.arrivalNanos = arrivalNanos;
      return this;
    }

    /**
     * Sets the absolute end-to-end deadline on the scheduler's ticker.
     *
     * @param deadlineNanos ticker nanoseconds
     * @return this builder
     */
    public Builder deadlineNanos(long deadlineNanos) {
      Checks.unset(this.deadlineNanos != UNSET || deadlineAfterNanos != UNSET, "deadline");
      if (deadlineNanos == UNSET) {
        throw new IllegalArgumentException("deadlineNanos must not be Long.MIN_VALUE");
      }
      this.deadlineNanos = deadlineNanos;
      return this;
    }

    /**
     * Sets the end-to-end deadline as a latency budget counted from the arrival time.
     *
     * @param latencyBudget positive; not null
     * @return this builder
     */
    public Builder deadlineAfter(Duration latencyBudget) {
      Checks.unset(this.deadlineNanos != UNSET || deadlineAfterNanos != UNSET, "deadline");
      this.deadlineAfterNanos = Checks.positiveNanos(latencyBudget, "deadlineAfter");
      return this;
    }

    /**
     * Sets the absolute time-to-first-token deadline for a streaming call.
     *
     * @param ttftDeadlineNanos ticker nanoseconds
     * @return this builder
     */
    public Builder ttftDeadlineNanos(long ttftDeadlineNanos) {
      Checks.unset(
          this.ttftDeadlineNanos != UNSET || ttftDeadlineAfterNanos != UNSET, "ttftDeadline");
      if (ttftDeadlineNanos == UNSET) {
        throw new IllegalArgumentException("ttftDeadlineNanos must not be Long.MIN_VALUE");
      }
      this.ttftDeadlineNanos = ttftDeadlineNanos;
      return this;
    }

    /**
     * Sets the time-to-first-token deadline as a budget counted from the arrival time.
     *
     * @param ttftBudget positive; not null
     * @return this builder
     */
    public Builder ttftDeadlineAfter(Duration ttftBudget) {
      Checks.unset(
          this.ttftDeadlineNanos != UNSET || ttftDeadlineAfterNanos != UNSET, "ttftDeadline");
      this.ttftDeadlineAfterNanos = Checks.positiveNanos(ttftBudget, "ttftDeadlineAfter");
      return this;
    }

    /**
     * Sets the accounting tag (tenant or workload) that spend is reported under.
     *
     * @param tag not null
     * @return this builder
     */
    public Builder tag(String tag) {
      Checks.unset(tagSet, "tag");
      this.tag = Checks.notNull(tag, "tag");
      tagSet = true;
      return this;
    }

    /**
     * Returns the request.
     *
     * @throws IllegalStateException if neither an arrival time nor an absolute deadline is set, or
     *     if a relative deadline is set without an arrival time
     */
    public TierRequest build() {
      if (deadlineAfterNanos != UNSET || ttftDeadlineAfterNanos != UNSET) {
        if (arrivalNanos == UNSET) {
          throw new IllegalStateException(
              "request for "
                  + modelId
                  + ": deadlineAfter/ttftDeadlineAfter need an arrival time (arrivalNanos)");
        }
        if (deadlineAfterNanos != UNSET) {
          deadlineNanos = arrivalNanos + deadlineAfterNanos;
          deadlineAfterNanos = UNSET;
        }
        if (ttftDeadlineAfterNanos != UNSET) {
          ttftDeadlineNanos = arrivalNanos + ttftDeadlineAfterNanos;
          ttftDeadlineAfterNanos = UNSET;
        }
      }
      if (arrivalNanos == UNSET && deadlineNanos == UNSET) {
        throw new IllegalStateException(
            "request for " + modelId + " needs an arrival time or a deadline");
      }
      if (maxTokens > 0 && outputTokensHint > maxTokens) {
        throw new IllegalArgumentException(
            "outputTokensHint ("
                + outputTokensHint
                + ") exceeds maxTokens ("
                + maxTokens
                + ") for model "
                + modelId);
      }
      return new TierRequest(this);
    }
  }
}
