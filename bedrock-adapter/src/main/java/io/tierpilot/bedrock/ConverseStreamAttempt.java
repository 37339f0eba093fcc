package io.tierpilot.bedrock;

import io.tierpilot.core.Ticker;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * The SDK handler of one ConverseStream attempt: forwards the response and every event to the
 * caller's handler unchanged, and measures on the way: the time to the first {@code
 * contentBlockDelta} (TTFT), the delta text's length (for an estimate), and the final {@code
 * metadata} event's usage and service tier.
 *
 * <p>The SDK calls it on its I/O threads, events one at a time; the fields are read by the
 * attempt's completion on another thread, hence volatile.
 */
final class ConverseStreamAttempt implements ConverseStreamResponseHandler {
  private final StreamForwarder<ConverseStreamResponse, ConverseStreamOutput> caller;
  private final Ticker ticker;
  private final long startNanos;
  private volatile ConverseStreamResponse response;
  private volatile boolean started;
  private volatile long firstDeltaNanos = -1;
  private volatile long textChars;
  private volatile ConverseStreamMetadataEvent metadata;

  ConverseStreamAttempt(
      StreamForwarder<ConverseStreamResponse, ConverseStreamOutput> caller,
      Ticker ticker,
      long startNanos) {
    this.caller = caller;
    this.ticker = ticker;
    this.startNanos = startNanos;
  }

  @Override
  public void responseReceived(ConverseStreamResponse r) {
    response = r;
    started = true;
    caller.responseReceived(r);
  }

  @Override
  public void onEventStream(SdkPublisher<ConverseStreamOutput> events) {
    started = true;
    caller.onEventStream(events.map(this::observe));
  }

  private ConverseStreamOutput observe(ConverseStreamOutput event) {
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
    return event;
  }

  @Override
  public void exceptionOccurred(Throwable error) {
    // an attempt's failure: the client decides whether the call goes on, and tells the caller once
  }

  @Override
  public void complete() {
    caller.complete();
  }

  /** Whether the caller's handler has seen this attempt's response: it can no longer be retried. */
  boolean started() {
    return started;
  }

  ConverseStreamResponse response() {
    return response;
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
