package io.tierpilot.bedrock.local;

import io.tierpilot.core.Tier;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How {@link LocalBedrockServer} answers calls that ask for one tier: latency, throttling,
 * rejection as unsupported, downgrades and which fields the response reports. Thread-safe and live:
 * a change applies to the calls that arrive after it, so a test can reconfigure a running server.
 *
 * <p>Order of checks for each call: unsupported tier (HTTP 400 {@code ValidationException}), then
 * injected failures ({@link #failNext}), then throttles ({@link #throttleNext}, then {@link
 * #throttleProbability}); otherwise the call succeeds after {@link #ttft} plus {@link #perToken}
 * per output token.
 */
public final class TierBehavior {

  /** How a throttled call is answered. */
  public enum Throttle {
    /** HTTP 429, {@code x-amzn-ErrorType: ThrottlingException}. */
    THROTTLING(429, "ThrottlingException"),
    /** HTTP 503, {@code x-amzn-ErrorType: ServiceUnavailableException}. */
    SERVICE_UNAVAILABLE(503, "ServiceUnavailableException"),
    /** HTTP 429, {@code x-amzn-ErrorType: ModelNotReadyException}. */
    MODEL_NOT_READY(429, "ModelNotReadyException");

    final int status;
    final String errorType;

    Throttle(int status, String errorType) {
      this.status = status;
      this.errorType = errorType;
    }
  }

  private final Tier tier;
  private volatile long ttftNanos = Duration.ofMillis(5).toNanos();
  private volatile long perTokenNanos = Duration.ofMillis(1).toNanos();
  private final AtomicInteger throttleNext = new AtomicInteger();
  private volatile double throttleProbability;
  private volatile Throttle throttle = Throttle.THROTTLING;
  private volatile long throttleDelayNanos;
  private volatile boolean unsupported;
  private volatile Tier servedAs;
  private volatile boolean reportServedTier = true;
  private volatile boolean reportUsage = true;
  private final AtomicInteger failNext = new AtomicInteger();
  private volatile Failure failure;
  private final AtomicInteger breakStreamNext = new AtomicInteger();
  private final AtomicInteger throttleStreamNext = new AtomicInteger();
  private volatile String streamExceptionType = "throttlingException";

  /** An injected failure: status, error type and message. */
  static final class Failure {
    final int status;
    final String errorType;
    final String message;

    Failure(int status, String errorType, String message) {
      this.status = status;
      this.errorType = errorType;
      this.message = message;
    }
  }

  TierBehavior(Tier tier) {
    this.tier = tier;
  }

  /** Returns the tier this behaviour applies to. */
  public Tier tier() {
    return tier;
  }

  /**
   * Sets the time before the first output token: the whole wait before the first content event of a
   * stream, part of the response time of a non-streaming call. Default 5 ms.
   *
   * @param ttft not negative; not null
   * @return this
   */
  public TierBehavior ttft(Duration ttft) {
    this.ttftNanos = nonNegative(ttft, "ttft");
    return this;
  }

  /**
   * Sets the time per output token after the first. Default 1 ms.
   *
   * @param perToken not negative; not null
   * @return this
   */
  public TierBehavior perToken(Duration perToken) {
    this.perTokenNanos = nonNegative(perToken, "perToken");
    return this;
  }

  /**
   * Throttles the next {@code calls} calls on this tier (added to any not yet used).
   *
   * @param calls {@code >= 0}
   * @return this
   */
  public TierBehavior throttleNext(int calls) {
    if (calls < 0) {
      throw new IllegalArgumentException("throttleNext must be >= 0, was " + calls);
    }
    throttleNext.addAndGet(calls);
    return this;
  }

  /**
   * Throttles each call with this probability, drawn from the server's seeded random source.
   *
   * @param probability in [0, 1]
   * @return this
   */
  public TierBehavior throttleProbability(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          "throttleProbability must be in [0, 1], was " + probability);
    }
    this.throttleProbability = probability;
    return this;
  }

  /**
   * Sets how throttled calls are answered. Default {@link Throttle#THROTTLING}.
   *
   * @param throttle not null
   * @return this
   */
  public TierBehavior throttleWith(Throttle throttle) {
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    return this;
  }

  /**
   * Sets how long a throttled call takes before its error response. Default 0.
   *
   * @param delay not negative; not null
   * @return this
   */
  public TierBehavior throttleDelay(Duration delay) {
    this.throttleDelayNanos = nonNegative(delay, "throttleDelay");
    return this;
  }

  /**
   * Makes the tier unsupported: calls get HTTP 400 {@code ValidationException} with a message that
   * names the service tier, as Bedrock answers for a model without that tier.
   *
   * @param unsupported whether the tier is rejected
   * @return this
   */
  public TierBehavior unsupported(boolean unsupported) {
    this.unsupported = unsupported;
    return this;
  }

  /**
   * Serves calls that ask for this tier on another tier (a downgrade or upgrade), as the response
   * reports it.
   *
   * @param served the tier that serves; null to serve as asked
   * @return this
   */
  public TierBehavior servedAs(Tier served) {
    this.servedAs = served;
    return this;
  }

  /**
   * Sets whether responses report the tier that served them ({@code serviceTier} in Converse bodies
   * and stream metadata, the {@code X-Amzn-Bedrock-Service-Tier} header for InvokeModel). Default
   * true.
   *
   * @param report whether to report
   * @return this
   */
  public TierBehavior reportServedTier(boolean report) {
    this.reportServedTier = report;
    return this;
  }

  /**
   * Sets whether responses report token usage ({@code usage} in Converse, the model-native usage
   * fields in InvokeModel bodies and chunks). Default true.
   *
   * @param report whether to report
   * @return this
   */
  public TierBehavior reportUsage(boolean report) {
    this.reportUsage = report;
    return this;
  }

  /**
   * Fails the next {@code calls} calls on this tier with an HTTP error.
   *
   * @param calls {@code >= 1}
   * @param status the HTTP status, 400 to 599
   * @param errorType the {@code x-amzn-ErrorType}, for example {@code InternalServerException}; not
   *     blank
   * @param message the error message; not null
   * @return this
   */
  public TierBehavior failNext(int calls, int status, String errorType, String message) {
    if (calls < 1 || status < 400 || status > 599) {
      throw new IllegalArgumentException(
          "failNext needs calls >= 1 and a status in [400, 599], was " + calls + ", " + status);
    }
    if (errorType == null || errorType.isBlank()) {
      throw new IllegalArgumentException("errorType must not be blank");
    }
    this.failure = new Failure(status, errorType, Objects.requireNonNull(message, "message"));
    failNext.set(calls);
    return this;
  }

  /**
   * Breaks the next {@code calls} streaming calls on this tier after their first content event: the
   * stream ends with an in-stream {@code throttlingException} event, as a stream that loses its
   * capacity half-way would. Non-streaming calls are not affected.
   *
   * @param calls {@code >= 0} (added to any not yet used)
   * @return this
   */
  public TierBehavior breakStreamNext(int calls) {
    if (calls < 0) {
      throw new IllegalArgumentException("breakStreamNext must be >= 0, was " + calls);
    }
    breakStreamNext.addAndGet(calls);
    return this;
  }

  /**
   * Throttles the next {@code calls} streaming calls on this tier inside the stream, before any
   * content: the response starts (HTTP 200, and a {@code messageStart} event on ConverseStream) and
   * then ends with an in-stream {@code throttlingException} event. Whether Bedrock throttles this
   * way is not documented; a client should be ready for it. Non-streaming calls are not affected.
   *
   * @param calls {@code >= 0} (replaces the count not yet used)
   * @return this
   */
  public TierBehavior throttleStreamNext(int calls) {
    return failStreamNext(calls, "throttlingException");
  }

  /**
   * As {@link #throttleStreamNext}, with another in-stream exception event, for example {@code
   * internalServerException} (which the SDK treats as a transient server error) or {@code
   * serviceUnavailableException}.
   *
   * @param calls {@code >= 0} (replaces the count not yet used)
   * @param exceptionType the event's {@code :exception-type}; not blank
   * @return this
   */
  public TierBehavior failStreamNext(int calls, String exceptionType) {
    if (calls < 0) {
      throw new IllegalArgumentException("failStreamNext must be >= 0, was " + calls);
    }
    if (exceptionType == null || exceptionType.isBlank()) {
      throw new IllegalArgumentException("exceptionType must not be blank");
    }
    streamExceptionType = exceptionType;
    throttleStreamNext.set(calls);
    return this;
  }

  String streamExceptionType() {
    return streamExceptionType;
  }

  /**
   * Restores the defaults.
   *
   * @return this
   */
  public TierBehavior reset() {
    ttftNanos = Duration.ofMillis(5).toNanos();
    perTokenNanos = Duration.ofMillis(1).toNanos();
    throttleNext.set(0);
    throttleProbability = 0;
    throttle = Throttle.THROTTLING;
    throttleDelayNanos = 0;
    unsupported = false;
    servedAs = null;
    reportServedTier = true;
    reportUsage = true;
    failNext.set(0);
    failure = null;
    breakStreamNext.set(0);
    throttleStreamNext.set(0);
    streamExceptionType = "throttlingException";
    return this;
  }

  long ttftNanos() {
    return ttftNanos;
  }

  long perTokenNanos() {
    return perTokenNanos;
  }

  boolean isUnsupported() {
    return unsupported;
  }

  Failure takeFailure() {
    Failure f = failure;
    while (true) {
      int n = failNext.get();
      if (n <= 0 || f == null) {
        return null;
      }
      if (failNext.compareAndSet(n, n - 1)) {
        return f;
      }
    }
  }

  boolean takeStreamBreak() {
    return take(breakStreamNext);
  }

  boolean takeStreamThrottle() {
    return take(throttleStreamNext);
  }

  private static boolean take(AtomicInteger counter) {
    while (true) {
      int n = counter.get();
      if (n <= 0) {
        return false;
      }
      if (counter.compareAndSet(n, n - 1)) {
        return true;
      }
    }
  }

  boolean takeThrottle(double draw) {
    while (true) {
      int n = throttleNext.get();
      if (n <= 0) {
        break;
      }
      if (throttleNext.compareAndSet(n, n - 1)) {
        return true;
      }
    }
    return draw < throttleProbability;
  }

  Throttle throttle() {
    return throttle;
  }

  long throttleDelayNanos() {
    return throttleDelayNanos;
  }

  Tier served() {
    Tier s = servedAs;
    return s == null ? tier : s;
  }

  boolean reportsServedTier() {
    return reportServedTier;
  }

  boolean reportsUsage() {
    return reportUsage;
  }

  private static long nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
    return d.toNanos();
  }

  @Override
  public String toString() {
    return "TierBehavior{"
        + tier
        + ", ttftNanos="
        + ttftNanos
        + ", perTokenNanos="
        + perTokenNanos
        + ", throttleNext="
        + throttleNext.get()
        + ", throttleProbability="
        + throttleProbability
        + (unsupported ? ", unsupported" : "")
        + (servedAs == null ? "" : ", servedAs=" + servedAs)
        + "}";
  }
}
