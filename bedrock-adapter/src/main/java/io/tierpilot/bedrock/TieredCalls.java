package io.tierpilot.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.tierpilot.core.Attempt;
import io.tierpilot.core.CallOutcome;
import io.tierpilot.core.DeadlineExceededException;
import io.tierpilot.core.SloClass;
import io.tierpilot.core.Ticker;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierExecutor;
import io.tierpilot.core.TierRequest;
import io.tierpilot.core.TierResult;
import io.tierpilot.core.TierScheduler;
import io.tierpilot.core.TierSchedulingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceTier;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * What the synchronous and the asynchronous client share: validation and the scheduler request, the
 * per-attempt SDK overrides, turning responses and errors into scheduler outcomes, and turning the
 * scheduler's result into a {@link TieredResponse} and a trace line. Thread-safe; immutable after
 * construction.
 */
final class TieredCalls {
  /**
   * Fails waiting calls at their deadline: one daemon thread for every client, which only hands a
   * scheduler's expiry of its overdue waiters (idempotent) to the common pool. A timer is armed for
   * every call not done when submitted, in flight or waiting, and cancelled when it completes.
   */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

  // past the deadline on the ticker, so that the expiry finds the deadline passed
  private static final long DEADLINE_SLACK_NANOS = 1_000_000L;

  private static ScheduledThreadPoolExecutor deadlines() {
    ScheduledThreadPoolExecutor e =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "tierpilot-deadlines");
              t.setDaemon(true);
              return t;
            });
    e.setRemoveOnCancelPolicy(true);
    return e;
  }

  private static final long GUARD_GRACE_NANOS = 100_000_000L;
  // how much earlier than the attempt's timeout an SDK timeout must fire to be the caller's own
  private static final long OWN_TIMEOUT_SLACK_NANOS = 5_000_000L;

  final TierScheduler scheduler;
  final Ticker ticker;
  private final TraceRecorder recorder;
  private final TokenCountExtractor extractor;
  private final Clock clock;
  private final SdkPlugin retryPlugin;
  private final int transientRetries;
  private final Pattern unsupportedTier;

  TieredCalls(TieredClientBuilder<?, ?, ?> b) {
    if (b.scheduler == null) {
      throw new IllegalStateException("a scheduler is required: call scheduler(...)");
    }
    this.scheduler = b.scheduler;
    this.ticker = b.scheduler.ticker();
    this.recorder = b.recorder;
    this.extractor = b.extractor;
    this.clock = b.clock;
    this.unsupportedTier = b.unsupportedTier;
    this.transientRetries = b.transientRetries;
    this.retryPlugin = plugin(Failures.retryStrategy(b.transientRetries));
  }

  private static SdkPlugin plugin(RetryStrategy strategy) {
    return config ->
        config.overrideConfiguration(
            config.overrideConfiguration().toBuilder().retryStrategy(strategy).build());
  }

  // ---------------------------------------------------------------- one call

  /** One call on its way through the scheduler: what the client needs across its attempts. */
  static final class CallState {
    final Requests.Shape shape;
    final Slo slo;
    final TierRequest request;
    final String sloClass;
    final long arrivalNanos;
    final long arrivalEpochNanos;
    final long deadlineNanos;
    final long inputTokens;
    final boolean inputEstimated;
    final AtomicInteger attempts = new AtomicInteger();
    volatile Tier firstTier;
    volatile Throwable lastError;

    CallState(
        Requests.Shape shape,
        Slo slo,
        TierRequest request,
        String sloClass,
        long arrivalEpochNanos,
        long deadlineNanos) {
      this.shape = shape;
      this.slo = slo;
      this.request = request;
      this.sloClass = sloClass;
      this.arrivalNanos = request.arrivalNanos();
      this.arrivalEpochNanos = arrivalEpochNanos;
      this.deadlineNanos = deadlineNanos;
      this.inputEstimated = slo.inputTokens() < 0;
      this.inputTokens = inputEstimated ? shape.estimatedInputTokens : slo.inputTokens();
    }

    /** Notes the start of an attempt. Attempts of one call never overlap. */
    void begin(Attempt attempt) {
      if (firstTier == null) {
        firstTier = attempt.tier();
      }
      attempts.incrementAndGet();
    }
  }

  /** What a successful attempt produced, carried through the scheduler to the caller. */
  static final class Attempted<R> {
    final R response;
    final long startNanos;
    final long ttftNanos;
    final long inputTokens;
    final long outputTokens;
    final boolean estimated;

    Attempted(
        R response,
        long startNanos,
        long ttftNanos,
        long inputTokens,
        long outputTokens,
        boolean estimated) {
      this.response = response;
      this.startNanos = startNanos;
      this.ttftNanos = ttftNanos;
      this.inputTokens = inputTokens;
      this.outputTokens = outputTokens;
      this.estimated = estimated;
    }
  }

  /**
   * Validates a call and describes it to the scheduler; nothing is sent.
   *
   * @throws IllegalArgumentException for an unknown SLO class or model, or a bad hint
   */
  CallState start(Requests.Shape shape, Slo slo) {
    Objects.requireNonNull(slo, "slo");
    SloClass cls = scheduler.sloClass(slo.sloClass());
    scheduler.model(shape.modelId);
    Instant now = clock.instant();
    long epochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    TierRequest.Builder b = scheduler.newRequest(shape.modelId);
    b.inputTokens(slo.inputTokens() >= 0 ? slo.inputTokens() : shape.estimatedInputTokens);
    if (shape.maxTokens > 0) {
      b.maxTokens(shape.maxTokens);
    }
    if (slo.outputTokensHint() >= 0) {
      b.outputTokensHint(slo.outputTokensHint());
    }
    if (slo.sloClass() != null) {
      b.sloClass(slo.sloClass());
    }
    if (slo.hasDeadlineNanos()) {
      b.deadlineNanos(slo.deadlineNanos());
    } else if (slo.deadline() != null) {
      b.deadlineAfter(slo.deadline());
    }
    if (slo.ttftDeadline() != null) {
      b.ttftDeadlineAfter(slo.ttftDeadline());
    }
    b.tag(slo.tag());
    TierRequest request = b.build();
    long deadline =
        request.hasDeadline()
            ? request.deadlineNanos()
            : request.arrivalNanos() + cls.deadline().toNanos();
    return new CallState(shape, slo, request, cls.name(), epochNanos, deadline);
  }

  /**
   * The SDK overrides of one attempt: the caller's own, with the API call timeout lowered to the
   * time left until the deadline and the tiered retry strategy as a request-level plugin.
   */
  AwsRequestOverrideConfiguration overrides(
      Optional<AwsRequestOverrideConfiguration> callers, Attempt attempt) {
    return overrides(callers, attempt, retryPlugin);
  }

  /**
   * The SDK overrides of one streaming attempt: as {@link #overrides(Optional, Attempt)}, but the
   * SDK retries a transient failure only while the caller's handler has seen nothing of the attempt
   * ({@code opened} false).
   */
  AwsRequestOverrideConfiguration overrides(
      Optional<AwsRequestOverrideConfiguration> callers, Attempt attempt, BooleanSupplier opened) {
    return overrides(
        callers,
        attempt,
        plugin(Failures.retryStrategy(transientRetries, () -> !opened.getAsBoolean())));
  }

  private AwsRequestOverrideConfiguration overrides(
      Optional<AwsRequestOverrideConfiguration> callers, Attempt attempt, SdkPlugin retries) {
    Duration left = Duration.ofNanos(Math.max(1, attempt.timeoutNanos()));
    AwsRequestOverrideConfiguration.Builder b =
        callers
            .map(AwsRequestOverrideConfiguration::toBuilder)
            .orElseGet(AwsRequestOverrideConfiguration::builder);
    if (b.apiCallTimeout() == null || b.apiCallTimeout().compareTo(left) > 0) {
      b.apiCallTimeout(left);
    }
    if (b.apiCallAttemptTimeout() != null && b.apiCallAttemptTimeout().compareTo(left) > 0) {
      b.apiCallAttemptTimeout(left);
    }
    b.addPlugin(retries);
    return b.build();
  }

  /**
   * Submits a call: the scheduler decides, queues, calls {@code executor} per attempt, re-decides
   * after throttles; the returned future completes once, with the response or with the scheduler's
   * exception, after the trace line is recorded.
   */
  <R> CompletableFuture<TieredResponse<R>> submit(
      CallState s, TierExecutor<Attempted<R>> executor) {
    CompletableFuture<TierResult<Attempted<R>>> scheduled = scheduler.submit(s.request, executor);
    if (!scheduled.isDone()) {
      // a call waiting for capacity fails when its deadline passes, not when capacity frees up;
      // for a call in flight (bounded by its API-call timeout) the expiry finds nothing to do
      long delay = Math.max(0, s.deadlineNanos - ticker.read());
      ScheduledFuture<?> timer =
          DEADLINES.schedule(
              () -> {
                if (!scheduled.isDone()) {
                  // failing a request runs its dependents: not on the one timer thread
                  ForkJoinPool.commonPool().execute(scheduler::expireOverdue);
                }
              },
              delay + DEADLINE_SLACK_NANOS,
              TimeUnit.NANOSECONDS);
      scheduled.whenComplete((r, e) -> timer.cancel(false));
    }
    // cancelling the call's future cancels the submission: no further attempt, the one in flight
    // is aborted
    CompletableFuture<TieredResponse<R>> out = abortable(scheduled, new CompletableFuture<>());
    scheduled.whenComplete(
        (result, error) -> {
          if (error == null) {
            TieredResponse<R> response;
            try {
              response = response(s, result);
            } catch (RuntimeException e) {
              out.completeExceptionally(e);
              return;
            }
            try {
              record(s, response, null);
            } finally {
              out.complete(response);
            }
          } else {
            Throwable e = Failures.unwrap(error);
            try {
              record(s, null, e);
            } finally {
              out.completeExceptionally(e);
            }
          }
        });
    return out;
  }

  private <R> TieredResponse<R> response(CallState s, TierResult<Attempted<R>> r) {
    Attempted<R> a = r.value();
    long now = ticker.read();
    long ttft = a.ttftNanos < 0 ? -1 : Math.max(0, a.startNanos + a.ttftNanos - s.arrivalNanos);
    Tier first = s.firstTier == null ? r.requestedTier() : s.firstTier;
    return new TieredResponse<>(
        a.response,
        r.decision(),
        first,
        r.servedTier(),
        r.attempts(),
        r.costUsd(),
        Math.max(0, now - s.arrivalNanos),
        ttft,
        a.inputTokens,
        a.outputTokens,
        a.estimated);
  }

  // ---------------------------------------------------------------- outcomes

  /**
   * A successful attempt.
   *
   * @param served the tier the response reported, or null if it reported none (the requested tier
   *     is assumed)
   * @param reported the counts the response reported, or null
   * @param outputChars the characters of the output text, for an estimate
   * @param ttftNanos time from the attempt's start to its first content, or -1
   */
  <R> CallOutcome<Attempted<R>> success(
      CallState s,
      Attempt attempt,
      R response,
      Tier served,
      TokenCounts reported,
      long outputChars,
      long ttftNanos) {
    boolean inKnown = reported != null && reported.inputTokens() >= 0;
    boolean outKnown = reported != null && reported.outputTokens() >= 0;
    long in = inKnown ? reported.inputTokens() : s.inputTokens;
    long out = outKnown ? reported.outputTokens() : Requests.outputTokens(outputChars);
    boolean estimated = !outKnown || (!inKnown && s.inputEstimated);
    long ttft = ttftNanos < 0 ? -1 : Math.max(0, ttftNanos);
    Tier tier = served == null ? attempt.tier() : served;
    return CallOutcome.success(
        new Attempted<>(response, attempt.startNanos(), ttft, in, out, estimated),
        tier,
        in,
        out,
        ttft);
  }

  /** A failed attempt, classified. */
  <R> CallOutcome<Attempted<R>> failure(
      CallState s, Attempt attempt, Throwable error, boolean streamed) {
    Throwable e = Failures.unwrap(error);
    s.lastError = e;
    if (Failures.isSdkTimeout(e) && callersOwnTimeout(attempt)) {
      // the caller's own apiCallTimeout or apiCallAttemptTimeout, shorter than the time the
      // deadline left: the call failed, the deadline did not pass
      return CallOutcome.failed(e);
    }
    return Failures.classify(e, streamed, unsupportedTier);
  }

  /**
   * A failed streaming attempt: classified as {@link #failure} (the caller's handler saw it if the
   * attempt's gate had opened), after the gate was told, so that a caller already reading the
   * stream hears of the failure and a held gate never opens.
   */
  <R> CallOutcome<Attempted<R>> streamFailure(
      CallState s, Attempt attempt, Throwable error, StreamAttempt<?, ?> handler) {
    Throwable e = Failures.unwrap(error);
    boolean started = handler.started();
    try {
      handler.abandon(e);
    } catch (RuntimeException ignored) {
      // the caller's subscriber threw: the outcome is what matters here
    }
    return failure(s, attempt, e, started);
  }

  /**
   * Whether an SDK timeout fired well before the attempt's own timeout, which is the time the
   * deadline left: then it was a shorter timeout the caller set on the request.
   */
  private boolean callersOwnTimeout(Attempt attempt) {
    long end = attempt.startNanos() + attempt.timeoutNanos();
    return ticker.read() < end - OWN_TIMEOUT_SLACK_NANOS;
  }

  /** The outcome of an attempt the caller gave up on before it was made. */
  <R> CallOutcome<Attempted<R>> abandoned() {
    return CallOutcome.failed(new CancellationException("the caller stopped waiting"));
  }

  /** Runs {@code outcome}, turning an unexpected exception into a failed outcome. */
  static <R> CallOutcome<Attempted<R>> safely(Supplier<CallOutcome<Attempted<R>>> outcome) {
    try {
      return outcome.get();
    } catch (RuntimeException e) {
      return CallOutcome.failed(e);
    }
  }

  /** The outcome of a Converse response. */
  CallOutcome<Attempted<ConverseResponse>> converse(
      CallState s, Attempt attempt, ConverseResponse r) {
    TokenUsage u = r.usage();
    TokenCounts reported =
        u == null ? null : counts(u.inputTokens(), u.cacheWriteInputTokens(), u.outputTokens());
    long chars = 0;
    if (r.output() != null && r.output().message() != null && r.output().message().hasContent()) {
      for (ContentBlock b : r.output().message().content()) {
        if (b != null && b.text() != null) {
          chars += b.text().length();
        }
      }
    }
    return success(s, attempt, r, servedTier(r.serviceTier()), reported, chars, -1);
  }

  /** The outcome of an InvokeModel response. */
  CallOutcome<Attempted<InvokeModelResponse>> invoke(
      CallState s, Attempt attempt, InvokeModelResponse r) {
    byte[] body = r.body() == null ? new byte[0] : r.body().asByteArrayUnsafe();
    JsonNode tree = Json.parseOrNull(body);
    TokenCounts reported = headerCounts(r);
    if (reported == null) {
      reported = extract(s.shape.modelId, body, tree);
    }
    long chars = tree == null ? body.length : Json.textChars(tree);
    return success(s, attempt, r, servedTier(r.serviceTierAsString()), reported, chars, -1);
  }

  private static TokenCounts headerCounts(InvokeModelResponse r) {
    if (r.sdkHttpResponse() == null) {
      return null;
    }
    long in = parse(r.sdkHttpResponse().firstMatchingHeader("X-Amzn-Bedrock-Input-Token-Count"));
    long out = parse(r.sdkHttpResponse().firstMatchingHeader("X-Amzn-Bedrock-Output-Token-Count"));
    return in < 0 && out < 0 ? null : TokenCounts.of(in, out);
  }

  private static long parse(Optional<String> v) {
    if (v.isEmpty()) {
      return -1;
    }
    try {
      long n = Long.parseLong(v.get().trim());
      return n >= 0 ? n : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Reads the token counts of a model-native body or chunk: the configured extractor first, then
   * the built-ins on the parsed tree. Never throws.
   *
   * @param tree the body parsed, or null if it is not JSON
   * @return the counts, or null
   */
  TokenCounts extract(String modelId, byte[] body, JsonNode tree) {
    if (extractor != null) {
      try {
        Optional<TokenCounts> c = extractor.extract(modelId, body);
        if (c != null && c.isPresent()) {
          return c.get();
        }
      } catch (RuntimeException e) {
        // a faulty extractor must not fail the call: fall back to the built-ins
      }
    }
    return tree == null || !tree.isObject() ? null : BuiltInExtractor.ALL.read(tree);
  }

  /**
   * Token counts from a Converse usage block (input includes cache writes), or null if it reports
   * neither side.
   */
  static TokenCounts counts(Integer input, Integer cacheWrite, Integer output) {
    long in = input == null ? -1 : input + (cacheWrite == null ? 0 : cacheWrite);
    long out = output == null ? -1 : output;
    return in < 0 && out < 0 ? null : TokenCounts.of(in, out);
  }

  /** The served tier a response reported, or null if none or unknown. */
  static Tier servedTier(ServiceTier tier) {
    return tier == null ? null : servedTier(tier.typeAsString());
  }

  /** The served tier from its wire value, or null if absent or unknown. */
  static Tier servedTier(String wire) {
    if (wire == null || wire.isBlank()) {
      return null;
    }
    try {
      return Tier.fromWireValue(wire);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- timeouts

  /**
   * Returns a stage that follows {@code call} but fails with a {@link TimeoutException} shortly
   * after {@code timeoutNanos}, cancelling the SDK call (which aborts its HTTP request). The SDK's
   * own API-call timeout, set to the same time, normally ends the call first; this timer is the
   * backstop for anything it does not bound (for example a stream handler that stops requesting
   * events).
   */
  static <T> CompletableFuture<T> guard(CompletableFuture<T> call, long timeoutNanos) {
    CompletableFuture<T> guarded =
        call.copy().orTimeout(Math.max(1, timeoutNanos) + GUARD_GRACE_NANOS, TimeUnit.NANOSECONDS);
    guarded.whenComplete(
        (v, e) -> {
          if (e != null && Failures.unwrap(e) instanceof TimeoutException) {
            call.cancel(true);
          }
        });
    return guarded;
  }

  /**
   * Returns a future that follows {@code call} after giving the caller's stream handler its one
   * terminal signal: {@code complete()} once the call succeeded, {@code exceptionOccurred(...)}
   * once it failed, so the handler never hears of an end the future then contradicts. An exception
   * that {@code complete()} throws fails the future, as it would with the SDK alone; the scheduler
   * and the trace have already counted the call by what Bedrock did (a success: the tier served
   * it).
   */
  static <T> CompletableFuture<T> ending(CompletableFuture<T> call, StreamForwarder<?, ?> handler) {
    CompletableFuture<T> out = abortable(call, new CompletableFuture<>());
    call.whenComplete(
        (r, e) -> {
          if (e == null) {
            try {
              handler.complete();
            } catch (RuntimeException handlerFailed) {
              // as the SDK does: the handler's own failure fails the future
              out.completeExceptionally(handlerFailed);
              return;
            }
            out.complete(r);
          } else {
            Throwable t = Failures.unwrap(e);
            try {
              handler.fail(t);
            } finally {
              out.completeExceptionally(t);
            }
          }
        });
    return out;
  }

  /**
   * One non-streaming attempt: starts the SDK call ({@code start}) and returns its outcome, {@code
   * success} of its response or its error classified; bounded by the attempt's timeout, and
   * aborting the call if the scheduler cancels the attempt.
   */
  <T, R> CompletableFuture<CallOutcome<Attempted<R>>> outcome(
      CallState s,
      Attempt attempt,
      Supplier<CompletableFuture<T>> start,
      java.util.function.Function<T, CallOutcome<Attempted<R>>> success) {
    return attempt(s, attempt, start, success, e -> failure(s, attempt, e, false));
  }

  /**
   * One streaming attempt: starts the SDK call ({@code start}, with {@code handler} as its response
   * handler) and returns its outcome: {@code success}, read from the handler once the call ended
   * and the caller's subscriber had everything, or the error classified after the handler's gate
   * was told ({@link #streamFailure}); bounded by the attempt's timeout, and aborting the call if
   * the scheduler cancels the attempt.
   */
  <R> CompletableFuture<CallOutcome<Attempted<R>>> streamOutcome(
      CallState s,
      Attempt attempt,
      StreamAttempt<?, ?> handler,
      Supplier<CompletableFuture<Void>> start,
      Supplier<CallOutcome<Attempted<R>>> success) {
    return attempt(
        s,
        attempt,
        () -> delivered(start.get(), handler::delivered),
        v -> success.get(),
        e -> streamFailure(s, attempt, e, handler));
  }

  private <T, R> CompletableFuture<CallOutcome<Attempted<R>>> attempt(
      CallState s,
      Attempt attempt,
      Supplier<CompletableFuture<T>> start,
      java.util.function.Function<T, CallOutcome<Attempted<R>>> success,
      java.util.function.Function<Throwable, CallOutcome<Attempted<R>>> failed) {
    s.begin(attempt);
    CompletableFuture<T> call;
    try {
      call = start.get();
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failure(s, attempt, e, false));
    }
    return abortable(
        call,
        guard(call, attempt.timeoutNanos())
            .handle((r, e) -> e == null ? safely(() -> success.apply(r)) : failed.apply(e)));
  }

  /**
   * Returns {@code stage}, made to cancel {@code call} when it is cancelled: the attempt's outcome
   * cancelled by the scheduler (because the caller cancelled the call's future) aborts the SDK's
   * call and its HTTP request; a future handed to the caller cancelled by the caller cancels what
   * stands behind it.
   */
  static <T> CompletableFuture<T> abortable(CompletableFuture<?> call, CompletableFuture<T> stage) {
    stage.whenComplete(
        (v, e) -> {
          if (stage.isCancelled()) {
            call.cancel(true);
          }
        });
    return stage;
  }

  /**
   * Returns a future that completes when the SDK's streaming {@code call} has ended and then the
   * caller's subscriber has received everything ({@code delivered}); cancelling it cancels the
   * call.
   */
  static CompletableFuture<Void> delivered(
      CompletableFuture<Void> call, Supplier<CompletableFuture<Void>> delivered) {
    return abortable(call, call.thenCompose(v -> delivered.get()));
  }

  // ---------------------------------------------------------------- trace

  private void record(CallState s, TieredResponse<?> response, Throwable error) {
    if (recorder == null) {
      return;
    }
    try {
      recorder.record(line(s, response, error));
    } catch (RuntimeException e) {
      // recording never fails a call: the line is counted as lost instead
      recorder.lost();
    }
  }

  private TraceRecorder.Line line(CallState s, TieredResponse<?> response, Throwable error) {
    TraceRecorder.Line l = new TraceRecorder.Line();
    l.arrivalEpochNanos = s.arrivalEpochNanos;
    l.model = s.shape.modelId;
    l.sloClass = s.sloClass;
    l.deadlineNanos = s.deadlineNanos - s.arrivalNanos;
    l.tag = s.slo.tag();
    l.requestedTier = s.firstTier == null ? null : s.firstTier.wireValue();
    l.attempts = s.attempts.get();
    l.operation = s.shape.operation;
    if (response != null) {
      l.inputTokens = response.inputTokens();
      l.outputTokens = response.outputTokens();
      l.tokensEstimated = response.tokensEstimated();
      l.servedTier = response.servedTier().wireValue();
      l.ttftNanos = response.ttftNanos();
      l.latencyNanos = response.latencyNanos();
      l.result = "success";
      l.costUsd = response.costUsd();
    } else {
      l.inputTokens = s.inputTokens;
      l.outputTokens = 0;
      l.tokensEstimated = s.inputEstimated;
      l.latencyNanos = Math.max(0, ticker.read() - s.arrivalNanos);
      l.result = result(error, s.lastError);
      l.costUsd = 0;
    }
    return l;
  }

  /** The trace's {@code result} of a failed call. */
  static String result(Throwable error, Throwable lastAttemptError) {
    if (error instanceof CancellationException) {
      return "cancelled";
    }
    if (error instanceof DeadlineExceededException) {
      return "deadline_exceeded";
    }
    if (!(error instanceof TierSchedulingException)) {
      return "failed";
    }
    switch (((TierSchedulingException) error).reason()) {
      case ATTEMPTS_EXHAUSTED:
        return lastAttemptError != null && Failures.isThrottle(lastAttemptError)
            ? "throttled"
            : "failed";
      case BUDGET_CAP_REJECTED:
      case BUDGET_SHED:
      case QUEUE_FULL:
      case SHUT_DOWN:
        return "rejected";
      case DEADLINE_EXCEEDED:
        return "deadline_exceeded";
      case NO_SUPPORTED_TIER:
      case CALL_FAILED:
      default:
        return "failed";
    }
  }
}
