package io.tierpilot.bedrock;

import io.tierpilot.core.TierScheduler;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings both tiered clients take; each may be set once. Not thread-safe.
 *
 * @param <S> the SDK client type
 * @param <C> the tiered client type
 * @param <B> the builder's own type
 */
public abstract class TieredClientBuilder<S, C, B extends TieredClientBuilder<S, C, B>> {
  S client;
  TierScheduler scheduler;
  TraceRecorder recorder;
  TokenCountExtractor extractor;
  Clock clock = Clock.systemUTC();
  private boolean clockSet;
  int transientRetries = 1;
  private boolean transientRetriesSet;
  Pattern unsupportedTier = Failures.DEFAULT_UNSUPPORTED_TIER;
  private boolean unsupportedTierSet;

  TieredClientBuilder() {}

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Sets the scheduler that decides each call's tier. Required. Its ticker times the calls and its
   * {@code maxAttempts} bounds the attempts per call.
   *
   * @param scheduler not null
   * @return this builder
   */
  public B scheduler(TierScheduler scheduler) {
    once(this.scheduler != null, "scheduler");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return self();
  }

  /**
   * Sets the SDK client that makes the calls. Required. Its configuration (region, credentials,
   * HTTP client, endpoint) is used as it is, except that the retry strategy is replaced per
   * request.
   *
   * @param client not null
   * @return this builder
   */
  public B client(S client) {
    once(this.client != null, "client");
    this.client = Objects.requireNonNull(client, "client");
    return self();
  }

  /**
   * Records every call's final outcome in the native trace format. Default: none.
   *
   * @param recorder not null; owned by the caller, who closes it
   * @return this builder
   */
  public B recorder(TraceRecorder recorder) {
    once(this.recorder != null, "recorder");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    return self();
  }

  /**
   * Adds a token-count extractor for InvokeModel bodies and stream chunks, tried before the
   * built-ins ({@link TokenCountExtractor#builtIns()}).
   *
   * @param extractor not null
   * @return this builder
   */
  public B tokenCountExtractor(TokenCountExtractor extractor) {
    once(this.extractor != null, "tokenCountExtractor");
    this.extractor = Objects.requireNonNull(extractor, "tokenCountExtractor");
    return self();
  }

  /**
   * Sets how many times the SDK may retry a transient server or network failure within one attempt
   * (never a throttle or a client error; on a stream, only before your handler has seen anything).
   * Default 1.
   *
   * @param retries in [0, 3]
   * @return this builder
   */
  public B transientRetries(int retries) {
    once(transientRetriesSet, "transientRetries");
    if (retries < 0 || retries > 3) {
      throw new IllegalArgumentException("transientRetries must be in [0, 3], was " + retries);
    }
    this.transientRetries = retries;
    transientRetriesSet = true;
    return self();
  }

  /**
   * Sets what the message of a {@code ValidationException} or {@code AccessDeniedException} says
   * when the requested service tier is not available for the model (searched for anywhere in the
   * message); such a tier is then never chosen again for that model. Bedrock's exact wording is not
   * documented, so this is an assumption you can correct. Default {@code (?i)service[ _-]?tier}:
   * the message mentions the service tier.
   *
   * @param message not null
   * @return this builder
   */
  public B unsupportedTierMessage(Pattern message) {
    once(unsupportedTierSet, "unsupportedTierMessage");
    this.unsupportedTier = Objects.requireNonNull(message, "unsupportedTierMessage");
    unsupportedTierSet = true;
    return self();
  }

  /**
   * Sets the wall clock that stamps recorded arrivals. Default {@link Clock#systemUTC()}. Latencies
   * come from the scheduler's ticker.
   *
   * @param clock not null
   * @return this builder
   */
  public B clock(Clock clock) {
    once(clockSet, "clock");
    this.clock = Objects.requireNonNull(clock, "clock");
    clockSet = true;
    return self();
  }

  /**
   * Returns the client.
   *
   * @return the client
   * @throws IllegalStateException if the scheduler or the SDK client is missing
   */
  public abstract C build();

  private static void once(boolean set, String name) {
    if (set) {
      throw new IllegalStateException(name + " is already set");
    }
  }

  /** Checks that the SDK client is set and returns it. */
  S requireClient() {
    if (client == null) {
      throw new IllegalStateException("an SDK client is required: call client(...)");
    }
    return client;
  }
}
