package io.tierpilot.bedrock;

import io.tierpilot.core.Ticker;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.eventstream.EventStreamResponseHandler;
import software.amazon.awssdk.core.async.SdkPublisher;

/**
 * The SDK handler of one streaming attempt: passes the response and every event to the caller's
 * handler unchanged once the first content event arrived (through a {@link StreamGate}, so that an
 * attempt failing before any content, an in-stream throttle for example, can be retried unseen),
 * and measures on the way: the time to the first content event (TTFT) and the content's length (for
 * an estimate), plus what each operation reads from its own events ({@link #observe}). The caller's
 * handler gets its terminal signal from the client, once the call's outcome is known.
 *
 * <p>The SDK calls it on its I/O threads, events one at a time; the fields are read by the
 * attempt's completion on another thread, hence volatile.
 *
 * @param <R> the initial response type
 * @param <E> the event type
 */
abstract class StreamAttempt<R, E> implements EventStreamResponseHandler<R, E> {
  private final StreamGate<R, E> gate;
  private final Ticker ticker;
  private final long startNanos;
  private volatile long firstContentNanos = -1;
  private volatile long textChars;

  StreamAttempt(StreamForwarder<R, E> caller, Ticker ticker, long startNanos) {
    this.gate = new StreamGate<>(caller, this::observe);
    this.ticker = ticker;
    this.startNanos = startNanos;
  }

  /**
   * Reads one event, in order; calls {@link #content} for each content event and returns whether it
   * was one (the first opens the gate).
   */
  abstract boolean observe(E event);

  /** Notes a content event carrying {@code chars} characters of output. One writer. */
  final void content(long chars) {
    if (firstContentNanos < 0) {
      firstContentNanos = ticker.read();
    }
    textChars += chars;
  }

  @Override
  public final void responseReceived(R r) {
    gate.responseReceived(r);
  }

  @Override
  public final void onEventStream(SdkPublisher<E> events) {
    gate.onEventStream(events);
  }

  @Override
  public final void exceptionOccurred(Throwable error) {
    // an attempt's failure: the client decides whether the call goes on, and tells the caller once
  }

  @Override
  public final void complete() {
    // the stream ended: the client completes the caller's handler once the outcome is known
  }

  /** The attempt failed with {@code error}: see {@link StreamGate#abandon}. */
  final void abandon(Throwable error) {
    gate.abandon(error);
  }

  /** Completes once the caller's subscriber has had the stream's end (or cancelled). */
  final CompletableFuture<Void> delivered() {
    return gate.delivered();
  }

  /** Whether the caller's handler has seen this attempt's response: it can no longer be retried. */
  final boolean started() {
    return gate.opened();
  }

  final R response() {
    return gate.response();
  }

  /** Time from the attempt's start to the first content event in nanoseconds, or -1. */
  final long ttftNanos() {
    long first = firstContentNanos;
    return first < 0 ? -1 : first - startNanos;
  }

  final long textChars() {
    return textChars;
  }
}
