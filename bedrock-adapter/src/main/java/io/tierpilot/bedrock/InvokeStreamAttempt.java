package io.tierpilot.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.tierpilot.core.Ticker;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;

/**
 * The SDK handler of one InvokeModelWithResponseStream attempt: passes the response and every chunk
 * to the caller's handler unchanged once the first chunk arrived (through a {@link StreamGate}, so
 * that an attempt failing before any content can be retried unseen; the caller's handler gets its
 * terminal signal from the client, once the call's outcome is known), and measures on the way: the
 * served tier from the initial response's header, the time to the first chunk (TTFT), and the token
 * counts the chunks report (through the token-count extractors; a later count replaces an earlier
 * one) or the length of their text (for an estimate).
 *
 * <p>The SDK calls it on its I/O threads, chunks one at a time; the fields are read by the
 * attempt's completion on another thread, hence volatile.
 */
final class InvokeStreamAttempt implements InvokeModelWithResponseStreamResponseHandler {
  private final StreamGate<InvokeModelWithResponseStreamResponse, ResponseStream> gate;
  private final TieredCalls calls;
  private final String modelId;
  private final Ticker ticker;
  private final long startNanos;
  private volatile long firstChunkNanos = -1;
  private volatile long textChars;
  private volatile TokenCounts counts;

  InvokeStreamAttempt(
      StreamForwarder<InvokeModelWithResponseStreamResponse, ResponseStream> caller,
      TieredCalls calls,
      String modelId,
      long startNanos) {
    this.gate = new StreamGate<>(caller, e -> e instanceof PayloadPart, this::observe);
    this.calls = calls;
    this.modelId = modelId;
    this.ticker = calls.ticker;
    this.startNanos = startNanos;
  }

  @Override
  public void responseReceived(InvokeModelWithResponseStreamResponse r) {
    gate.responseReceived(r);
  }

  @Override
  public void onEventStream(SdkPublisher<ResponseStream> events) {
    gate.onEventStream(events);
  }

  private void observe(ResponseStream event) {
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

  InvokeModelWithResponseStreamResponse response() {
    return gate.response();
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
