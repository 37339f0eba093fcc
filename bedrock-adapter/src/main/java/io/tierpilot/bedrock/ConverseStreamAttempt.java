package io.tierpilot.bedrock;

import io.tierpilot.core.Ticker;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * One ConverseStream attempt ({@link StreamAttempt}): content is a {@code contentBlockDelta}; the
 * final {@code metadata} event carries usage and the service tier.
 */
final class ConverseStreamAttempt
    extends StreamAttempt<ConverseStreamResponse, ConverseStreamOutput>
    implements ConverseStreamResponseHandler {
  private volatile ConverseStreamMetadataEvent metadata;

  ConverseStreamAttempt(
      StreamForwarder<ConverseStreamResponse, ConverseStreamOutput> caller,
      Ticker ticker,
      long startNanos) {
    super(caller, ticker, startNanos);
  }

  @Override
  boolean observe(ConverseStreamOutput event) {
    if (event instanceof ContentBlockDeltaEvent) {
      ContentBlockDeltaEvent d = (ContentBlockDeltaEvent) event;
      content(d.delta() != null && d.delta().text() != null ? d.delta().text().length() : 0);
      return true;
    }
    if (event instanceof ConverseStreamMetadataEvent) {
      metadata = (ConverseStreamMetadataEvent) event;
    }
    return false;
  }

  ConverseStreamMetadataEvent metadata() {
    return metadata;
  }
}
