package io.tierpilot.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;

/**
 * One InvokeModelWithResponseStream attempt ({@link StreamAttempt}): content is a chunk; the token
 * counts the chunks report go through the token-count extractors (a later count replaces an earlier
 * one), and the served tier comes from the initial response's header.
 */
final class InvokeStreamAttempt
    extends StreamAttempt<InvokeModelWithResponseStreamResponse, ResponseStream>
    implements InvokeModelWithResponseStreamResponseHandler {
  private final TieredCalls calls;
  private final String modelId;
  private volatile TokenCounts counts;

  InvokeStreamAttempt(
      StreamForwarder<InvokeModelWithResponseStreamResponse, ResponseStream> caller,
      TieredCalls calls,
      String modelId,
      long startNanos) {
    super(caller, calls.ticker, startNanos);
    this.calls = calls;
    this.modelId = modelId;
  }

  @Override
  boolean observe(ResponseStream event) {
    if (!(event instanceof PayloadPart)) {
      return false;
    }
    PayloadPart p = (PayloadPart) event;
    if (p.bytes() == null) {
      content(0);
      return true;
    }
    byte[] bytes = p.bytes().asByteArrayUnsafe();
    JsonNode tree = Json.parseOrNull(bytes);
    TokenCounts c = calls.extract(modelId, bytes, tree);
    if (c != null) {
      counts = c.over(counts); // one writer: chunks arrive one at a time
    }
    content(tree == null ? bytes.length : Json.textChars(tree));
    return true;
  }

  TokenCounts counts() {
    return counts;
  }
}
