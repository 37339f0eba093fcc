package io.tierpilot.bedrock;

import io.tierpilot.core.CallOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * How an SDK error becomes a scheduler outcome, and which errors the SDK itself may retry.
 * Stateless.
 *
 * <table>
 *   <caption>Classification of an attempt's error</caption>
 *   <tr><th>error</th><th>outcome</th><th>then</th></tr>
 *   <tr><td>{@code ThrottlingException} (429), {@code ServiceUnavailableException} (503),
 *       {@code ModelNotReadyException} (429), any other 429 or 503</td>
 *       <td>throttled</td><td>re-decision with the remaining deadline (escalation)</td></tr>
 *   <tr><td>{@code ValidationException} or {@code AccessDeniedException} whose message mentions
 *       the service tier (the builders' {@code unsupportedTierMessage}; Bedrock's wording is an
 *       assumption)</td><td>unsupported</td>
 *       <td>the tier is never chosen again for the model; re-decision</td></tr>
 *   <tr><td>the attempt's timeout ({@code ApiCallTimeoutException}, the client's own timer)</td>
 *       <td>timed out</td><td>the call fails with {@code DeadlineExceededException}</td></tr>
 *   <tr><td>a shorter {@code apiCallTimeout} or {@code apiCallAttemptTimeout} the caller set on
 *       the request, firing before the deadline</td><td>failed</td><td>the call fails with
 *       {@code TierSchedulingException} ({@code CALL_FAILED}), the SDK's exception as cause</td></tr>
 *   <tr><td>anything else, and any other error after a stream delivered its response to the
 *       caller's handler</td><td>failed</td><td>the call fails at once, the SDK's exception as
 *       cause</td></tr>
 * </table>
 *
 * <h2>The SDK's own retries</h2>
 *
 * Every tiered request carries a request-level plugin that replaces the client's retry strategy for
 * that request (whatever the client was built with): throttles and client errors are never retried
 * by the SDK, because a blind retry on the same tier spends the deadline the scheduler would rather
 * spend on a better tier; only transient server and network failures ({@code
 * InternalServerException}, HTTP 500/502/504, I/O errors) are retried, at most {@code
 * transientRetries} times with a 20–500 ms exponential backoff, and all of it within the attempt's
 * timeout.
 */
final class Failures {
  private Failures() {}

  /** Removes the wrappers futures add. */
  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /**
   * Classifies an attempt's error.
   *
   * @param error the error; not null
   * @param streamed whether the caller's stream handler already received the response
   * @param unsupportedTier what the message of a validation or access error says when the tier is
   *     not supported
   * @param <R> the outcome's value type
   * @return the outcome to report
   */
  static <R> CallOutcome<R> classify(Throwable error, boolean streamed, Pattern unsupportedTier) {
    Throwable e = unwrap(error);
    if (isTimeout(e)) {
      return CallOutcome.timedOut(e);
    }
    if (streamed) {
      return CallOutcome.failed(e);
    }
    if (isThrottle(e)) {
      return CallOutcome.throttled(e);
    }
    if (isUnsupportedTier(e, unsupportedTier)) {
      return CallOutcome.unsupported(e);
    }
    return CallOutcome.failed(e);
  }

  static boolean isThrottle(Throwable e) {
    if (e instanceof ThrottlingException
        || e instanceof ServiceUnavailableException
        || e instanceof ModelNotReadyException) {
      return true;
    }
    if (e instanceof AwsServiceException) {
      int status = ((AwsServiceException) e).statusCode();
      return status == 429 || status == 503;
    }
    return false;
  }

  /**
   * The default test of an error's message for an unsupported tier: it mentions the service tier
   * ({@code service tier}, {@code serviceTier}, {@code service_tier} or {@code service-tier}, any
   * case). Bedrock's exact wording is not documented: an assumption, configurable on the clients'
   * builders.
   */
  static final Pattern DEFAULT_UNSUPPORTED_TIER = Pattern.compile("(?i)service[ _-]?tier");

  static boolean isUnsupportedTier(Throwable e, Pattern message) {
    if (!(e instanceof ValidationException || e instanceof AccessDeniedException)) {
      return false;
    }
    String m = ((AwsServiceException) e).getMessage();
    return m != null && message.matcher(m).find();
  }

  static boolean isTimeout(Throwable e) {
    return isSdkTimeout(e) || e instanceof TimeoutException || e instanceof CancellationException;
  }

  /** Whether the SDK's API-call or API-call-attempt timeout ended the call. */
  static boolean isSdkTimeout(Throwable e) {
    return e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException;
  }

  /** Whether the SDK may retry this error within the attempt. */
  static boolean isTransient(Throwable e) {
    if (isThrottle(e) || isTimeout(e) || e instanceof AbortedException) {
      return false;
    }
    if (e instanceof InternalServerException) {
      return true;
    }
    if (e instanceof AwsServiceException) {
      int status = ((AwsServiceException) e).statusCode();
      return status == 500 || status == 502 || status == 504;
    }
    if (e instanceof SdkClientException) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof IOException || c instanceof UncheckedIOException) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Returns the retry strategy of tiered requests.
   *
   * @param transientRetries retries of transient failures, in [0, 3]
   * @return the strategy (one instance shares its retry token bucket across the requests that use
   *     it: the client's non-streaming requests; each streaming attempt gets its own, see {@link
   *     #retryStrategy(int, BooleanSupplier)})
   */
  static RetryStrategy retryStrategy(int transientRetries) {
    return retryStrategy(transientRetries, () -> true);
  }

  /**
   * Returns the retry strategy of a streaming attempt: as {@link #retryStrategy(int)}, but only
   * while {@code mayRetry} says so (while the caller's handler has seen nothing of the attempt: a
   * retry after that would deliver the output twice).
   */
  static RetryStrategy retryStrategy(int transientRetries, BooleanSupplier mayRetry) {
    return DefaultRetryStrategy.standardStrategyBuilder()
        .maxAttempts(1 + transientRetries)
        .useClientDefaults(false)
        .retryOnException(e -> mayRetry.getAsBoolean() && isTransient(e))
        .backoffStrategy(
            BackoffStrategy.exponentialDelay(Duration.ofMillis(20), Duration.ofMillis(500)))
        .build();
  }
}
