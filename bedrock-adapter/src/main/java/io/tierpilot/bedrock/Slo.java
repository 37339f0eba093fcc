package io.tierpilot.bedrock;

import java.time.Duration;
import java.util.Objects;

/**
 * What one tiered call must achieve and how it is accounted: its SLO class and/or deadline, an
 * optional time-to-first-token deadline, an accounting tag, and optional size hints. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * Slo.ofClass("mission-critical");                       // the class's deadline from now
 * Slo.within(Duration.ofSeconds(8));                     // the default class, 8 s from now
 * Slo.newBuilder().sloClass("business-standard")
 *     .deadline(Duration.ofSeconds(30)).tag("checkout").build();
 * }</pre>
 *
 * <p>A relative {@link Builder#deadline(Duration) deadline} counts from the moment the call is made
 * (the request's arrival on the scheduler's ticker). An absolute {@link Builder#deadlineNanos(long)
 * deadlineNanos} is a time on the scheduler's ticker, for deadlines propagated from upstream; one
 * that has already passed fails the call with {@link io.tierpilot.core.DeadlineExceededException}
 * without sending anything. Without either, the class's default deadline applies.
 */
public final class Slo {
  private static final Duration MAX = Duration.ofDays(365);
  private static final Slo DEFAULTS = newBuilder().build();
  static final long UNSET = Long.MIN_VALUE;

  private final String sloClass;
  private final long deadlineAfterNanos;
  private final long deadlineNanos;
  private final long ttftDeadlineAfterNanos;
  private final String tag;
  private final long inputTokens;
  private final long outputTokensHint;

  private Slo(Builder b) {
    this.sloClass = b.sloClass;
    this.deadlineAfterNanos = b.deadlineAfterNanos;
    this.deadlineNanos = b.deadlineNanos;
    this.ttftDeadlineAfterNanos = b.ttftDeadlineAfterNanos;
    this.tag = b.tag;
    this.inputTokens = b.inputTokens;
    this.outputTokensHint = b.outputTokensHint;
  }

  /** Returns the SLO of a call in the scheduler's default class, with that class's deadline. */
  public static Slo defaults() {
    return DEFAULTS;
  }

  /**
   * Returns the SLO of a call in a class, with that class's deadline.
   *
   * @param sloClass a class configured in the scheduler; not blank
   * @return the SLO
   */
  public static Slo ofClass(String sloClass) {
    return newBuilder().sloClass(sloClass).build();
  }

  /**
   * Returns the SLO of a call in the default class that must finish within {@code deadline}.
   *
   * @param deadline end-to-end latency budget from the call; positive, at most 365 days; not null
   * @return the SLO
   * @throws IllegalArgumentException if the deadline is zero, negative or too long
   */
  public static Slo within(Duration deadline) {
    return newBuilder().deadline(deadline).build();
  }

  /**
   * Returns the SLO of a call in a class that must finish within {@code deadline}.
   *
   * @param sloClass a class configured in the scheduler; not blank
   * @param deadline end-to-end latency budget from the call; positive, at most 365 days; not null
   * @return the SLO
   * @throws IllegalArgumentException if the class is blank or the deadline is not positive
   */
  public static Slo of(String sloClass, Duration deadline) {
    return newBuilder().sloClass(sloClass).deadline(deadline).build();
  }

  /** Returns a builder; every setting is optional and may be set once. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /** Returns the SLO class name, or null for the scheduler's default class. */
  public String sloClass() {
    return sloClass;
  }

  /** Returns the relative deadline, or null if none was set. */
  public Duration deadline() {
    return deadlineAfterNanos == UNSET ? null : Duration.ofNanos(deadlineAfterNanos);
  }

  /** Returns whether an absolute deadline on the scheduler's ticker was set. */
  public boolean hasDeadlineNanos() {
    return deadlineNanos != UNSET;
  }

  /**
   * Returns the absolute deadline on the scheduler's ticker, in nanoseconds.
   *
   * @throws IllegalStateException if none was set
   */
  public long deadlineNanos() {
    if (deadlineNanos == UNSET) {
      throw new IllegalStateException("no absolute deadline was set");
    }
    return deadlineNanos;
  }

  /** Returns the relative time-to-first-token deadline, or null if none was set. */
  public Duration ttftDeadline() {
    return ttftDeadlineAfterNanos == UNSET ? null : Duration.ofNanos(ttftDeadlineAfterNanos);
  }

  /** Returns the accounting tag; empty if none was set. */
  public String tag() {
    return tag;
  }

  /**
   * Returns the caller's count of input tokens, or -1 to let the adapter estimate it from the
   * request text.
   */
  public long inputTokens() {
    return inputTokens;
  }

  /** Returns the caller's estimate of the output length in tokens, or -1 if none. */
  public long outputTokensHint() {
    return outputTokensHint;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Slo)) {
      return false;
    }
    Slo s = (Slo) o;
    return Objects.equals(sloClass, s.sloClass)
        && deadlineAfterNanos == s.deadlineAfterNanos
        && deadlineNanos == s.deadlineNanos
        && ttftDeadlineAfterNanos == s.ttftDeadlineAfterNanos
        && tag.equals(s.tag)
        && inputTokens == s.inputTokens
        && outputTokensHint == s.outputTokensHint;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        sloClass, deadlineAfterNanos, deadlineNanos, ttftDeadlineAfterNanos, tag, inputTokens);
  }

  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder("Slo{class=").append(sloClass == null ? "(default)" : sloClass);
    if (deadlineAfterNanos != UNSET) {
      s.append(", deadline=").append(Duration.ofNanos(deadlineAfterNanos));
    }
    if (deadlineNanos != UNSET) {
      s.append(", deadlineNanos=").append(deadlineNanos);
    }
    if (ttftDeadlineAfterNanos != UNSET) {
      s.append(", ttftDeadline=").append(Duration.ofNanos(ttftDeadlineAfterNanos));
    }
    if (!tag.isEmpty()) {
      s.append(", tag=").append(tag);
    }
    if (inputTokens >= 0) {
      s.append(", inputTokens=").append(inputTokens);
    }
    if (outputTokensHint >= 0) {
      s.append(", outputTokensHint=").append(outputTokensHint);
    }
    return s.append('}').toString();
  }

  /** Builds an {@link Slo}; each setting may be set once. Not thread-safe. */
  public static final class Builder {
    private String sloClass;
    private long deadlineAfterNanos = UNSET;
    private long deadlineNanos = UNSET;
    private long ttftDeadlineAfterNanos = UNSET;
    private String tag = "";
    private boolean tagSet;
    private long inputTokens = -1;
    private long outputTokensHint = -1;

    private Builder() {}

    /**
     * Sets the SLO class.
     *
     * @param name a class configured in the scheduler (checked when the call is made); not blank
     * @return this builder
     * @throws IllegalArgumentException if blank
     * @throws IllegalStateException if already set
     */
    public Builder sloClass(String name) {
      once(sloClass != null, "sloClass");
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("sloClass must not be blank, was '" + name + "'");
      }
      this.sloClass = name;
      return this;
    }

    /**
     * Sets the end-to-end deadline relative to the moment the call is made.
     *
     * @param deadline positive, at most 365 days; not null
     * @return this builder
     * @throws IllegalArgumentException if zero, negative or longer than 365 days
     * @throws IllegalStateException if a deadline is already set
     */
    public Builder deadline(Duration deadline) {
      once(deadlineAfterNanos != UNSET || deadlineNanos != UNSET, "deadline");
      this.deadlineAfterNanos = positive(deadline, "deadline");
      return this;
    }

    /**
     * Sets the end-to-end deadline as an absolute time on the scheduler's ticker, for example one
     * propagated from an upstream request: {@code scheduler.ticker().read() + remainingNanos}.
     *
     * @param tickerNanos the deadline on the scheduler's ticker; any value (one in the past fails
     *     the call fast, without sending it)
     * @return this builder
     * @throws IllegalStateException if a deadline is already set
     */
    public Builder deadlineNanos(long tickerNanos) {
      once(deadlineAfterNanos != UNSET || deadlineNanos != UNSET, "deadline");
      if (tickerNanos == UNSET) {
        throw new IllegalArgumentException("deadlineNanos must not be Long.MIN_VALUE");
      }
      this.deadlineNanos = tickerNanos;
      return this;
    }

    /**
     * Sets a time-to-first-token deadline relative to the moment the call is made, for streaming
     * calls; the scheduler then prefers tiers likely to start in time.
     *
     * @param ttftDeadline positive, at most 365 days; not null
     * @return this builder
     * @throws IllegalArgumentException if zero, negative or longer than 365 days
     */
    public Builder ttftDeadline(Duration ttftDeadline) {
      once(ttftDeadlineAfterNanos != UNSET, "ttftDeadline");
      this.ttftDeadlineAfterNanos = positive(ttftDeadline, "ttftDeadline");
      return this;
    }

    /**
     * Sets the accounting tag (tenant, feature) that spend is reported under and traces record.
     *
     * @param tag not null
     * @return this builder
     */
    public Builder tag(String tag) {
      once(tagSet, "tag");
      this.tag = Objects.requireNonNull(tag, "tag");
      tagSet = true;
      return this;
    }

    /**
     * Sets the input token count, for example from Bedrock's CountTokens API, instead of the
     * adapter's estimate (characters / 4 of the request's text).
     *
     * @param tokens {@code >= 0}
     * @return this builder
     */
    public Builder inputTokens(long tokens) {
      once(inputTokens >= 0, "inputTokens");
      if (tokens < 0) {
        throw new IllegalArgumentException("inputTokens must be >= 0, was " + tokens);
      }
      this.inputTokens = tokens;
      return this;
    }

    /**
     * Sets the caller's estimate of the output length, which the scheduler then uses instead of its
     * learned prediction.
     *
     * @param tokens {@code >= 0}, and at most the request's maxTokens if it sets one
     * @return this builder
     */
    public Builder outputTokensHint(long tokens) {
      once(outputTokensHint >= 0, "outputTokensHint");
      if (tokens < 0) {
        throw new IllegalArgumentException("outputTokensHint must be >= 0, was " + tokens);
      }
      this.outputTokensHint = tokens;
      return this;
    }

    /**
     * Returns the SLO.
     *
     * @throws IllegalArgumentException if a time-to-first-token deadline is longer than the
     *     relative deadline set here
     */
    public Slo build() {
      if (ttftDeadlineAfterNanos != UNSET
          && deadlineAfterNanos != UNSET
          && ttftDeadlineAfterNanos > deadlineAfterNanos) {
        throw new IllegalArgumentException(
            "ttftDeadline ("
                + Duration.ofNanos(ttftDeadlineAfterNanos)
                + ") must not exceed the deadline ("
                + Duration.ofNanos(deadlineAfterNanos)
                + ")");
      }
      return new Slo(this);
    }

    private static void once(boolean set, String name) {
      if (set) {
        throw new IllegalStateException(name + " is already set");
      }
    }

    private static long positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      if (d.compareTo(MAX) > 0) {
        throw new IllegalArgumentException(name + " must be at most " + MAX + ", was " + d);
      }
      return d.toNanos();
    }
  }
}
