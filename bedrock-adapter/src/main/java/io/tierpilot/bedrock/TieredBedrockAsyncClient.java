package io.tierpilot.bedrock;

import io.tierpilot.core.Attempt;
import io.tierpilot.core.CallOutcome;
import io.tierpilot.core.DeadlineExceededException;
import io.tierpilot.core.TierScheduler;
import io.tierpilot.core.TierSchedulingException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * Sends the four Bedrock runtime operations through a {@link BedrockRuntimeAsyncClient}, each on
 * the cheapest service tier that still meets its SLO, as a {@link TierScheduler} decides.
 *
 * <pre>{@code
 * TieredBedrockAsyncClient client = TieredBedrockAsyncClient.newBuilder()
 *     .scheduler(scheduler)
 *     .client(BedrockRuntimeAsyncClient.create())
 *     .build();
 * client.converseStream(request, ConverseStreamResponseHandler.builder()
 *         .subscriber(ConverseStreamResponseHandler.Visitor.builder()
 *             .onContentBlockDelta(e -> System.out.print(e.delta().text()))
 *             .build())
 *         .build(), Slo.within(Duration.ofSeconds(10)))
 *     .thenAccept(r -> log("served by " + r.servedTier() + " for $" + r.costUsd()));
 * }</pre>
 *
 * <p>A call does what {@link TieredBedrockClient}'s does (validation before anything is sent, the
 * tier in the right place, a timeout from the time left, re-decisions after throttles, no retry of
 * a tier rejected as unsupported), without blocking.
 *
 * <h2>Why {@link TierScheduler#submit}</h2>
 *
 * The asynchronous loop is the scheduler's dispatch rather than a loop of its own: {@code submit}
 * already decides, queues a call while its tier's adaptive in-flight limit (and the model's account
 * limit shared by all tiers) is reached, re-decides after a throttle with the time left and
 * completes the future exactly once; this client supplies one {@link
 * io.tierpilot.core.TierExecutor} per operation that starts the SDK call and maps its completion to
 * an outcome. A second loop here would duplicate that state machine and lose the in-flight limits,
 * which are what keeps a burst from hammering a throttling tier.
 *
 * <h2>Streams</h2>
 *
 * Your handler receives the response and every event of the successful attempt, unchanged and in
 * order, and exactly one of {@code complete()} or {@code exceptionOccurred(e)}, where {@code e} is
 * the exception the returned future fails with, just before the future completes. Each attempt is
 * held back until its first content arrives, so an attempt that fails before any content (an HTTP
 * 429, or an in-stream throttle right after the response started) is invisible to the handler and
 * re-decided; once the handler has received a response, an error ends the call (a retry would
 * deliver the output twice). TTFT is measured at the first {@code contentBlockDelta}
 * (ConverseStream) or the first chunk (InvokeModelWithResponseStream); usage and the served tier
 * come from the {@code metadata} event (ConverseStream) or from the chunks through the token-count
 * extractors and the initial response's service-tier header (InvokeModelWithResponseStream).
 *
 * <h2>Threads</h2>
 *
 * Thread-safe; nothing blocks. Returned futures complete on an SDK I/O thread, on the thread that
 * released capacity, or (a stream) on the caller's own thread inside its {@code
 * Subscription.request} when that delivers the stream's end: chain work with the {@code *Async}
 * methods of {@link CompletableFuture} if it may block. Validation errors are thrown by the call
 * itself, before it returns a future. Cancelling a returned future withdraws the call: no further
 * attempt, and the SDK call in flight is cancelled, which aborts its HTTP request.
 */
public final class TieredBedrockAsyncClient {
  private final TieredCalls calls;
  private final BedrockRuntimeAsyncClient client;

  private TieredBedrockAsyncClient(Builder b) {
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
   * @return a future with the response, the decision, served tier, attempts and cost; failed with
   *     {@link DeadlineExceededException} if the deadline passed first, or with a {@link
   *     TierSchedulingException} whose cause is the SDK's exception
   * @throws IllegalArgumentException if the request or the SLO is invalid (nothing was sent)
   */
  public CompletableFuture<TieredResponse<ConverseResponse>> converse(
      ConverseRequest request, Slo slo) {
    TieredCalls.CallState s = calls.start(Requests.converse(request), slo);
    return calls.submit(s, attempt -> converse(s, request, attempt));
  }

  private CompletionStage<CallOutcome<TieredCalls.Attempted<ConverseResponse>>> converse(
      TieredCalls.CallState s, ConverseRequest request, Attempt attempt) {
    return calls.outcome(
        s,
        attempt,
        () ->
            client.converse(
                Requests.withTier(
                    request,
                    attempt.tier(),
                    calls.overrides(request.overrideConfiguration(), attempt))),
        r -> calls.converse(s, attempt, r));
  }

  /**
   * Sends an InvokeModel request on the tier the scheduler chooses (the {@code
   * X-Amzn-Bedrock-Service-Tier} header), re-deciding after throttles.
   *
   * @param request your request; its {@code serviceTier} is replaced per attempt; not null
   * @param slo the call's class and/or deadline; not null
   * @return a future with the response, the decision, served tier, attempts and cost; failed as for
   *     {@link #converse}
   * @throws IllegalArgumentException if the request or the SLO is invalid (nothing was sent)
   */
  public CompletableFuture<TieredResponse<InvokeModelResponse>> invokeModel(
      InvokeModelRequest request, Slo slo) {
    TieredCalls.CallState s = calls.start(Requests.invoke(request), slo);
    return calls.submit(s, attempt -> invoke(s, request, attempt));
  }

  private CompletionStage<CallOutcome<TieredCalls.Attempted<InvokeModelResponse>>> invoke(
      TieredCalls.CallState s, InvokeModelRequest request, Attempt attempt) {
    return calls.outcome(
        s,
        attempt,
        () ->
            client.invokeModel(
                Requests.withTier(
                    request,
                    attempt.tier(),
                    calls.overrides(request.overrideConfiguration(), attempt))),
        r -> calls.invoke(s, attempt, r));
  }

  /**
   * Sends a ConverseStream request on the tier the scheduler chooses, forwarding the successful
   * attempt's events to {@code handler} as they arrive.
   *
   * @param request your request; its {@code serviceTier} is replaced per attempt; not null
   * @param handler receives the response, every event, and one terminal signal; not null
   * @param slo the call's class and/or deadline; not null
   * @return a future with the initial response, the decision, served tier (from the {@code
   *     metadata} event), TTFT, attempts and cost; failed as for {@link #converse}
   * @throws IllegalArgumentException if the request or the SLO is invalid (nothing was sent, the
   *     handler is not called)
   */
  public CompletableFuture<TieredResponse<ConverseStreamResponse>> converseStream(
      ConverseStreamRequest request, ConverseStreamResponseHandler handler, Slo slo) {
    Objects.requireNonNull(handler, "handler");
    TieredCalls.CallState s = calls.start(Requests.converseStream(request), slo);
    StreamForwarder<ConverseStreamResponse, ConverseStreamOutput> caller =
        new StreamForwarder<>(handler);
    return TieredCalls.ending(
        calls.submit(s, attempt -> converseStream(s, request, caller, attempt)), caller);
  }

  private CompletionStage<CallOutcome<TieredCalls.Attempted<ConverseStreamResponse>>>
      converseStream(
          TieredCalls.CallState s,
          ConverseStreamRequest request,
          StreamForwarder<ConverseStreamResponse, ConverseStreamOutput> caller,
          Attempt attempt) {
    ConverseStreamAttempt handler =
        new ConverseStreamAttempt(caller, calls.ticker, attempt.startNanos());
    return calls.streamOutcome(
        s,
        attempt,
        handler,
        () ->
            client.converseStream(
                Requests.withTier(
                    request,
                    attempt.tier(),
                    calls.overrides(request.overrideConfiguration(), attempt, handler::started)),
                handler),
        () -> converseStreamOutcome(s, attempt, handler));
  }

  private CallOutcome<TieredCalls.Attempted<ConverseStreamResponse>> converseStreamOutcome(
      TieredCalls.CallState s, Attempt attempt, ConverseStreamAttempt h) {
    ConverseStreamMetadataEvent m = h.metadata();
    TokenUsage u = m == null ? null : m.usage();
    TokenCounts reported =
        u == null
            ? null
            : TieredCalls.counts(u.inputTokens(), u.cacheWriteInputTokens(), u.outputTokens());
    return calls.success(
        s,
        attempt,
        h.response(),
        m == null ? null : TieredCalls.servedTier(m.serviceTier()),
        reported,
        h.textChars(),
        h.ttftNanos());
  }

  /**
   * Sends an InvokeModelWithResponseStream request on the tier the scheduler chooses, forwarding
   * the successful attempt's chunks to {@code handler} as they arrive.
   *
   * @param request your request; its {@code serviceTier} is replaced per attempt; not null
   * @param handler receives the response, every chunk, and one terminal signal; not null
   * @param slo the call's class and/or deadline; not null
   * @return a future with the initial response, the decision, served tier (from the response's
   *     header), TTFT, attempts and cost; failed as for {@link #converse}
   * @throws IllegalArgumentException if the request or the SLO is invalid (nothing was sent, the
   *     handler is not called)
   */
  public CompletableFuture<TieredResponse<InvokeModelWithResponseStreamResponse>>
      invokeModelWithResponseStream(
          InvokeModelWithResponseStreamRequest request,
          InvokeModelWithResponseStreamResponseHandler handler,
          Slo slo) {
    Objects.requireNonNull(handler, "handler");
    TieredCalls.CallState s = calls.start(Requests.invokeStream(request), slo);
    StreamForwarder<InvokeModelWithResponseStreamResponse, ResponseStream> caller =
        new StreamForwarder<>(handler);
    return TieredCalls.ending(
        calls.submit(s, attempt -> invokeStream(s, request, caller, attempt)), caller);
  }

  private CompletionStage<CallOutcome<TieredCalls.Attempted<InvokeModelWithResponseStreamResponse>>>
      invokeStream(
          TieredCalls.CallState s,
          InvokeModelWithResponseStreamRequest request,
          StreamForwarder<InvokeModelWithResponseStreamResponse, ResponseStream> caller,
          Attempt attempt) {
    InvokeStreamAttempt handler =
        new InvokeStreamAttempt(caller, calls, s.shape.modelId, attempt.startNanos());
    return calls.streamOutcome(
        s,
        attempt,
        handler,
        () ->
            client.invokeModelWithResponseStream(
                Requests.withTier(
                    request,
                    attempt.tier(),
                    calls.overrides(request.overrideConfiguration(), attempt, handler::started)),
                handler),
        () -> invokeStreamOutcome(s, attempt, handler));
  }

  private CallOutcome<TieredCalls.Attempted<InvokeModelWithResponseStreamResponse>>
      invokeStreamOutcome(TieredCalls.CallState s, Attempt attempt, InvokeStreamAttempt h) {
    InvokeModelWithResponseStreamResponse r = h.response();
    return calls.success(
        s,
        attempt,
        r,
        r == null ? null : TieredCalls.servedTier(r.serviceTierAsString()),
        h.counts(),
        h.textChars(),
        h.ttftNanos());
  }

  @Override
  public String toString() {
    return "TieredBedrockAsyncClient{" + calls.scheduler + "}";
  }

  /** Builds a {@link TieredBedrockAsyncClient}; each setting may be set once. Not thread-safe. */
  public static final class Builder
      extends TieredClientBuilder<BedrockRuntimeAsyncClient, TieredBedrockAsyncClient, Builder> {
    private Builder() {}

    @Override
    public TieredBedrockAsyncClient build() {
      return new TieredBedrockAsyncClient(this);
    }
  }
}
