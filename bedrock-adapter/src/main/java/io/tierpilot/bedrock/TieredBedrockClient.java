package io.tierpilot.bedrock;

import io.tierpilot.core.Attempt;
import io.tierpilot.core.CallOutcome;
import io.tierpilot.core.DeadlineExceededException;
import io.tierpilot.core.Outcome;
import io.tierpilot.core.TierScheduler;
import io.tierpilot.core.TierSchedulingException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

/**
 * Sends Converse and InvokeModel calls through a synchronous {@link BedrockRuntimeClient}, each on
 * the cheapest service tier that still meets its SLO, as a {@link TierScheduler} decides.
 *
 * <pre>{@code
 * TieredBedrockClient client = TieredBedrockClient.newBuilder()
 *     .scheduler(scheduler)                 // your TierScheduler
 *     .client(BedrockRuntimeClient.create()) // your SDK client, as you configure it
 *     .build();
 * TieredResponse<ConverseResponse> r = client.converse(request, Slo.ofClass("mission-critical"));
 * String text = r.response().output().message().content().get(0).text();
 * }</pre>
 *
 * <h2>What a call does</h2>
 *
 * <ol>
 *   <li>Checks the request before anything is sent: the model id's format, non-empty {@code
 *       messages} (Converse) or body (InvokeModel), a known SLO class and model; else {@link
 *       IllegalArgumentException}.
 *   <li>Describes the request to the scheduler (input tokens estimated from the text unless {@link
 *       Slo.Builder#inputTokens} gives them, {@code maxTokens} from the request) and submits it.
 *   <li>For each attempt the scheduler starts: copies your request with the chosen tier (Converse:
 *       the body's {@code serviceTier.type}; InvokeModel: the {@code X-Amzn-Bedrock-Service-Tier}
 *       header; Standard is sent as {@code default}), an API-call timeout of the time left until
 *       the deadline, and the tiered retry policy; calls the SDK; reports the latency, the usage
 *       and the served tier (the requested tier if the response names none) to the scheduler.
 *   <li>On a throttle ({@code ThrottlingException}, {@code ServiceUnavailableException}, {@code
 *       ModelNotReadyException}) the scheduler decides again with the time left, escalating to a
 *       faster tier only when the deadline needs it; a tier the provider rejects as unsupported is
 *       not chosen again for the model; other errors fail the call at once.
 * </ol>
 *
 * Your request object is never modified, and apart from the tier and the timeout the request sent
 * is yours. The SDK's own retries are replaced per request, whatever the client was built with:
 * never on a throttle or a client error (the scheduler's re-decision replaces them), at most {@link
 * Builder#transientRetries} times on a transient server or network failure, within the attempt's
 * timeout (see the package documentation).
 *
 * <h2>Threads</h2>
 *
 * Thread-safe. A call blocks its thread, and all its attempts run on that thread, while the
 * scheduler's dispatch ({@link TierScheduler#submit}) queues it within its adaptive per-tier
 * in-flight limits and completes it exactly once; a call that waits for capacity is woken when
 * another call frees it. The SDK's synchronous client has no streaming operations: use {@link
 * TieredBedrockAsyncClient} for ConverseStream and InvokeModelWithResponseStream.
 */
public final class TieredBedrockClient {
  private final TieredCalls calls;
  private final BedrockRuntimeClient client;

  private TieredBedrockClient(Builder b) {
    this.client = b.requireClient();
    this.calls = new TieredCalls(b);
  }

  /** Returns a builder; {@code scheduler} and {@code client} are required. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /** Returns the scheduler that decides the tiers. */
  public TierScheduler scheduler() {
    return calls.scheduler;
  }

  /**
   * Sends a Converse request on the tier the scheduler chooses, re-deciding after throttles.
   *
   * @param request your request; its {@code serviceTier} is replaced per attempt; not null
   * @param slo the call's class and/or deadline; not null
   * @return the response with the decision, served tier, attempts and cost
   * @throws IllegalArgumentException if the request or the SLO is invalid (nothing was sent)
   * @throws DeadlineExceededException if the deadline passed before a call could finish (an expired
   *     deadline sends nothing)
   * @throws TierSchedulingException if the call failed: its cause is the SDK's exception
   * @throws java.util.concurrent.CancellationException if the thread was interrupted while waiting
   */
  public TieredResponse<ConverseResponse> converse(ConverseRequest request, Slo slo) {
    TieredCalls.CallState s = calls.start(Requests.converse(request), slo);
    return run(
        s,
        attempt ->
            attempt(
                s,
                attempt,
                () ->
                    client.converse(
                        Requests.withTier(
                            request,
                            attempt.tier(),
                            calls.overrides(request.overrideConfiguration(), attempt))),
                r -> calls.converse(s, attempt, r)));
  }

  /**
   * Sends an InvokeModel request on the tier the scheduler chooses, re-deciding after throttles.
   * The body stays model-native; token usage is read from it with the configured {@link
   * TokenCountExtractor} and the built-ins, else estimated.
   *
   * @param request your request; its {@code serviceTier} is replaced per attempt; not null
   * @param slo the call's class and/or deadline; not null
   * @return the response with the decision, served tier, attempts and cost
   * @throws IllegalArgumentException if the request or the SLO is invalid (nothing was sent)
   * @throws DeadlineExceededException if the deadline passed before a call could finish
   * @throws TierSchedulingException if the call failed: its cause is the SDK's exception
   * @throws java.util.concurrent.CancellationException if the thread was interrupted while waiting
   */
  public TieredResponse<InvokeModelResponse> invokeModel(InvokeModelRequest request, Slo slo) {
    TieredCalls.CallState s = calls.start(Requests.invoke(request), slo);
    return run(
        s,
        attempt ->
            attempt(
                s,
                attempt,
                () ->
                    client.invokeModel(
                        Requests.withTier(
                            request,
                            attempt.tier(),
                            calls.overrides(request.overrideConfiguration(), attempt))),
                r -> calls.invoke(s, attempt, r)));
  }

  /** Submits a call whose attempts all run on the calling thread, and waits for its result. */
  private <R> TieredResponse<R> run(
      TieredCalls.CallState s,
      Function<Attempt, CallOutcome<TieredCalls.Attempted<R>>> perAttempt) {
    CallerRuns<CallOutcome<TieredCalls.Attempted<R>>> runner =
        new CallerRuns<>(o -> o.kind() == Outcome.Kind.SUCCESS);
    CompletableFuture<TieredResponse<R>> f =
        calls.submit(s, attempt -> runner.run(() -> perAttempt.apply(attempt), calls::abandoned));
    return runner.await(f, calls.scheduler, s.deadlineNanos);
  }

  /** One attempt: the SDK call, then its response or its error as an outcome. */
  private <R> CallOutcome<TieredCalls.Attempted<R>> attempt(
      TieredCalls.CallState s,
      Attempt attempt,
      Supplier<R> call,
      Function<R, CallOutcome<TieredCalls.Attempted<R>>> outcome) {
    s.begin(attempt);
    R response;
    try {
      response = call.get();
    } catch (RuntimeException e) {
      if (Failures.unwrap(e) instanceof AbortedException) {
        // the SDK aborts a call whose thread is interrupted, clearing the flag: set it again, so
        // that the caller gives the request up instead of blaming the tier (CallerRuns)
        Thread.currentThread().interrupt();
      }
      return calls.failure(s, attempt, e, false);
    }
    return TieredCalls.safely(() -> outcome.apply(response));
  }

  @Override
  public String toString() {
    return "TieredBedrockClient{" + calls.scheduler + "}";
  }

  /** Builds a {@link TieredBedrockClient}; each setting may be set once. Not thread-safe. */
  public static final class Builder
      extends TieredClientBuilder<BedrockRuntimeClient, TieredBedrockClient, Builder> {
    private Builder() {}

    @Override
    public TieredBedrockClient build() {
      return new TieredBedrockClient(this);
    }
  }
}
