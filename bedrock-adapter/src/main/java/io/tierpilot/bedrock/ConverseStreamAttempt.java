package io.tierpilot.bedrock;

import io.tierpilot.core.Ticker;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * The SDK handler of one ConverseStream attempt: passes the response and every event to the
 * caller's handler unchanged once the first {@code contentBlockDelta} arrived (through a {@link
 * StreamGate}, so that an attempt failing before any content, an in-stream throttle for example,
 * can be retried unseen), and measures on the way: the time to the first {@code contentBlockDelta}
 * (TTFT), the delta text's length (for an estimate), and the final {@code metadata} event's usage
 * and service tier. The caller's handler gets its terminal signal from the client, once the call's
 * outcome is known.
 *
 * <p>The SDK calls it on its I/O threads, events one at a time; the fields are read by the
 * attempt's completion on another thread, hence volatile.
 */
final class ConverseStreamAttempt implements ConverseStreamResponseHandler {
  private final StreamGate<ConverseStreamResponse, ConverseStreamOutput> gate;
  private final Ticker ticker;
  private final long startNanos;
  private volatile long firstDeltaNanos = -1;
  private volatile long textChars;
  private volatile ConverseStreamMetadataEvent metadata;

  ConverseStreamAttempt(
      StreamForwarder<ConverseStreamResponse, ConverseStreamOutput> caller,
      Ticker ticker,
      long startNanos) {
    this.gate = new StreamGate<>(caller, e -> e instanceof ContentBlockDeltaEvent, this::observe);
    this.ticker = ticker;
    this.startNanos = startNanos;
  }

  @Override
  public void responseReceived(ConverseStreamResponse r) {
    gate.responseReceived(r);
  }

  @Override
  public void onEventStream(SdkPublisher<ConverseStreamOutput> events) {
    gate.onEventStream(events);
  }

  private void observe(ConverseStreamOutput event) {
    if (event instanceof ContentBlockDeltaEvent) {
      if (firstDeltaNanos < 0) {
        firstDeltaNanos = ticker.read();
      }
      ContentBlockDeltaEvent d = (ContentBlockDeltaEvent) event;
      if (d.delta() != null && d.delta().text() != null) {
        textChars += d.delta().text().length(); // one writer: events arrive one at a time
      }
    } else if (event instanceof ConverseStreamMetadataEvent) {
      metadata = (ConverseStreamMetadataEvent) event;
    }
  }

  @Override
  public void exceptionOccurred(Throwable error) {
    // an attempt's failure: the client decides whether the call goes on, and tells the caller once
  }

  @Override
  public void complete() {
    // the stream ended: the client completes the caller's handler once the outcome is known
  }

  /** The attempt failed with {@code error}: see {@link StreamGate#abandon}. */
  void abandon(Throwable error) {
    gate.abandon(error);
  }

  /** Completes once the caller's subscriber has had the stream's end (or cancelled). */
  CompletableFuture<Void> delivered() {
    return gate.delivered();
  }

  /** Whether the caller's handler has seen this attempt's response: it can no longer be retried. */
  boolean started() {
    return gate.opened();
  }

  ConverseStreamResponse response() {
    return gate.response();
  }

  /** Time from the attempt's start to the first content delta in nanoseconds, or -1. */
  long ttftNanos() {
    long first = firstDeltaNanos;
    return first < 0 ? -1 : first - startNanos;
  }

  long textChars() {
    return textChars;
  }

  ConverseStreamMetadataEvent metadata() {
    return metadata;
  }
}
