package io.tierpilot.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.tierpilot.core.Ticker;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;

/**
 * The SDK handler of one InvokeModelWithResponseStream attempt: forwards the response and every
 * chunk to the caller's handler unchanged, and measures on the way: the served tier from the
 * initial response's header, the time to the first chunk (TTFT), and the token counts the chunks
 * report (through the token-count extractors; a later count replaces an earlier one) or the length
 * of their text (for an estimate).
 *
 * <p>The SDK calls it on its I/O threads, chunks one at a time; the fields are read by the
 * attempt's completion on another thread, hence volatile.
 */
final class InvokeStreamAttempt implements InvokeModelWithResponseStreamResponseHandler {
  private final StreamForwarder<InvokeModelWithResponseStreamResponse, ResponseStream> caller;
  private final TieredCalls calls;
  private final String modelId;
  private final Ticker ticker;
  private final long startNanos;
  private volatile InvokeModelWithResponseStreamResponse response;
  private volatile boolean started;
  private volatile long firstChunkNanos = -1;
  private volatile long textChars;
  private volatile TokenCounts counts;

  InvokeStreamAttempt(
      StreamForwarder<InvokeModelWithResponseStreamResponse, ResponseStream> caller,
      TieredCalls calls,
      String modelId,
      long startNanos) {
    this.caller = caller;
    this.calls = calls;
    this.modelId = modelId;
    this.ticker = calls.ticker;
    this.startNanos = startNanos;
  }

  @Override
  public void responseReceived(InvokeModelWithResponseStreamResponse r) {
    response = r;
    started = true;
    caller.responseReceived(r);
  }

  @Override
  public void onEventStream(SdkPublisher<ResponseStream> events) {
    started = true;
    caller.onEventStream(events.map(this::observe));
  }

  private ResponseStream observe(ResponseStream event) {
    if (event instanceof PayloadPart) {
      if (firstChunkNanos < 0) {
        firstChunkNanos = ticker.read();
      }
      PayloadPart p = (PayloadPart) event;
      if (p.bytes() != null) {
        byte[] bytes = p.bytes().asByteArrayUnsafe();
        JsonNode tree = Json.parseOrNull(bytes);
        TokenCounts c = calls.extract(modelId, bytes, tree);
        if (c != null) {
          counts = c.over(counts); // one writer: chunks arrive one at a time
        }
        textChars += tree == null ? bytes.length : Json.textChars(tree);
      }
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

  boolean started() {
    return started;
  }

  InvokeModelWithResponseStreamResponse response() {
    return response;
  }

  /** Time from the attempt's start to the first chunk in nanoseconds, or -1. */
  long ttftNanos() {
    long first = firstChunkNanos;
    return first < 0 ? -1 : first - startNanos;
  }

  long textChars() {
    return textChars;
  }

  TokenCounts counts() {
    return counts;
  }
}
