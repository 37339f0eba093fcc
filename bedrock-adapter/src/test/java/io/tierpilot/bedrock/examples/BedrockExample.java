package io.tierpilot.bedrock.examples;

import io.tierpilot.bedrock.Slo;
import io.tierpilot.bedrock.TieredBedrockAsyncClient;
import io.tierpilot.bedrock.TieredBedrockClient;
import io.tierpilot.bedrock.TieredResponse;
import io.tierpilot.bedrock.TraceRecorder;
import io.tierpilot.core.ModelConfig;
import io.tierpilot.core.SloClass;
import io.tierpilot.core.TierPrices;
import io.tierpilot.core.TierScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * The README's "Using tierpilot with Bedrock" snippets, compiled and run by {@code
 * BedrockExampleTest} against a local endpoint, which also checks that the README shows them
 * unchanged.
 */
final class BedrockExample {
  private BedrockExample() {}

  /** The synchronous snippet: returns the answer and how it was served. */
  static TieredResponse<ConverseResponse> converse(
      BedrockRuntimeClient bedrock, TraceRecorder recorder) {
    // README-BEGIN converse
    TierScheduler scheduler =
        TierScheduler.newBuilder()
            .model(
                ModelConfig.newBuilder("openai.gpt-oss-120b-1:0")
                    .prices(TierPrices.fromStandard(0.15, 0.60)) // Standard $ per 1M in / out
                    .build())
            .sloClasses(SloClass.awsCategories())
            .build();

    TieredBedrockClient client =
        TieredBedrockClient.newBuilder()
            .scheduler(scheduler)
            .client(bedrock) // your BedrockRuntimeClient, configured as usual
            .recorder(recorder) // optional: a replayable trace of every call
            .build();

    ConverseRequest request =
        ConverseRequest.builder()
            .modelId("openai.gpt-oss-120b-1:0")
            .messages(
                Message.builder()
                    .role(ConversationRole.USER)
                    .content(ContentBlock.fromText("Summarize this ticket in one line: ..."))
                    .build())
            .inferenceConfig(c -> c.maxTokens(512))
            .build();

    TieredResponse<ConverseResponse> response =
        client.converse(request, Slo.of("mission-critical", Duration.ofSeconds(8)));
    String answer = response.response().output().message().content().get(0).text();
    // response.servedTier(), .attempts(), .costUsd(), .decision() tell how it was served
    // README-END converse
    if (answer.isEmpty()) {
      throw new AssertionError("no answer");
    }
    return response;
  }

  /** The streaming snippet: prints the deltas, completes with how it was served. */
  static CompletableFuture<TieredResponse<ConverseStreamResponse>> stream(
      BedrockRuntimeAsyncClient bedrockAsync, TierScheduler scheduler, StringBuilder out) {
    // README-BEGIN stream
    TieredBedrockAsyncClient client =
        TieredBedrockAsyncClient.newBuilder().scheduler(scheduler).client(bedrockAsync).build();

    ConverseStreamRequest request =
        ConverseStreamRequest.builder()
            .modelId("openai.gpt-oss-120b-1:0")
            .messages(
                Message.builder()
                    .role(ConversationRole.USER)
                    .content(ContentBlock.fromText("Write a haiku about deadlines."))
                    .build())
            .build();

    ConverseStreamResponseHandler handler =
        ConverseStreamResponseHandler.builder()
            .subscriber(
                ConverseStreamResponseHandler.Visitor.builder()
                    .onContentBlockDelta(e -> out.append(e.delta().text()))
                    .build())
            .build();

    CompletableFuture<TieredResponse<ConverseStreamResponse>> done =
        client.converseStream(request, handler, Slo.ofClass("business-standard"));
    // done completes after the last event: done.join().ttftNanos() is the time to first token
    // README-END stream
    return done;
  }
}
