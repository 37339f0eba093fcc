package io.tierpilot.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierpilot.core.ModelConfig;
import io.tierpilot.core.TierPrices;
import io.tierpilot.core.TierScheduler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;

/** Bad input gets a clear error before any call: the server receives nothing. */
class ValidationTest {
  private static Harness h;
  private static TieredBedrockClient sync;
  private static TieredBedrockAsyncClient async;

  @BeforeAll
  static void start() {
    h = Harness.shared();
    TierScheduler scheduler = Harness.scheduler(new Harness.Outcomes());
    sync = h.syncClient(scheduler, null);
    async = h.asyncClient(scheduler, null);
  }

  @AfterEach
  void nothingWasSent() {
    assertTrue(h.server.requests().isEmpty(), "the server received " + h.server.requests());
  }

  private static IllegalArgumentException rejects(Executable call, String... mentions) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String m : mentions) {
      assertTrue(e.getMessage().contains(m), "'" + e.getMessage() + "' should mention " + m);
    }
    return e;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gpt-4",
        "openai/gpt-oss-120b",
        "my model",
        "openai.",
        ".gpt-oss",
        "OpenAI.GPT",
        "arn:aws:s3:::bucket/key",
        "openai.gpt oss:0"
      })
  void anUnknownModelIdFormatIsRejectedOnEveryOperation(String id) {
    rejects(() -> sync.converse(Ops.converseRequest(id), Slo.defaults()), "modelId", id);
    rejects(() -> sync.invokeModel(Ops.invokeRequest(id), Slo.defaults()), "modelId", id);
    rejects(() -> async.converse(Ops.converseRequest(id), Slo.defaults()), "modelId", id);
    rejects(() -> async.invokeModel(Ops.invokeRequest(id), Slo.defaults()), "modelId", id);
    Ops.Seen seen = new Ops.Seen();
    rejects(
        () ->
            async.converseStream(
                ConverseStreamRequest.builder()
                    .modelId(id)
                    .messages(Ops.converseRequest(Harness.GPT_OSS).messages())
                    .build(),
                Ops.converseHandler(seen),
                Slo.defaults()),
        "modelId");
    rejects(
        () ->
            async.invokeModelWithResponseStream(
                InvokeModelWithResponseStreamRequest.builder()
                    .modelId(id)
                    .body(SdkBytes.fromUtf8String("{}"))
                    .build(),
                Ops.invokeHandler(seen),
                Slo.defaults()),
        "modelId");
    assertTrue(seen.errors.isEmpty() && seen.responses.get() == 0, "the handler is not called");
  }

  @Test
  void aMissingModelIdIsRejected() {
    rejects(
        () ->
            sync.converse(
                ConverseRequest.builder()
                    .messages(Ops.converseRequest(Harness.GPT_OSS).messages())
                    .build(),
                Slo.defaults()),
        "modelId");
  }

  @Test
  void bedrockIdsInferenceProfilesAndArnsAreAccepted() {
    for (String id :
        List.of(
            "openai.gpt-oss-120b-1:0",
            "amazon.nova-pro-v1:0",
            "us.amazon.nova-pro-v1:0",
            "global.anthropic.claude-sonnet-4-20250514-v1:0",
            "us-gov.meta.llama3-1-70b-instruct-v1:0",
            "amazon.titan-text-express-v1:0:8k",
            "deepseek.v3-v1:0",
            "arn:aws:bedrock:us-east-1::foundation-model/openai.gpt-oss-120b-1:0",
            "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.amazon.nova-pro-v1:0",
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5")) {
      assertEquals(id, Requests.modelId(id));
    }
  }

  @Test
  void emptyMessagesAreRejected() {
    rejects(
        () ->
            sync.converse(
                ConverseRequest.builder().modelId(Harness.GPT_OSS).build(), Slo.defaults()),
        "messages",
        Harness.GPT_OSS);
    rejects(
        () ->
            async.converse(
                ConverseRequest.builder().modelId(Harness.GPT_OSS).messages(List.of()).build(),
                Slo.defaults()),
        "messages");
    rejects(
        () ->
            async.converseStream(
                ConverseStreamRequest.builder().modelId(Harness.GPT_OSS).build(),
                Ops.converseHandler(new Ops.Seen()),
                Slo.defaults()),
        "messages");
  }

  @Test
  void anEmptyInvokeBodyIsRejected() {
    rejects(
        () ->
            sync.invokeModel(
                InvokeModelRequest.builder().modelId(Harness.GPT_OSS).build(), Slo.defaults()),
        "body");
    rejects(
        () ->
            async.invokeModel(
                InvokeModelRequest.builder()
                    .modelId(Harness.GPT_OSS)
                    .body(SdkBytes.fromUtf8String(""))
                    .build(),
                Slo.defaults()),
        "body");
  }

  @Test
  void aNegativeOrZeroDeadlineIsRejected() {
    rejects(() -> Slo.within(Duration.ofMillis(-5)), "deadline", "-0.005");
    rejects(() -> Slo.within(Duration.ZERO), "deadline");
    rejects(() -> Slo.newBuilder().ttftDeadline(Duration.ofSeconds(-1)), "ttftDeadline");
    rejects(() -> Slo.within(Duration.ofDays(400)), "deadline");
    rejects(
        () ->
            Slo.newBuilder()
                .deadline(Duration.ofSeconds(1))
                .ttftDeadline(Duration.ofSeconds(5))
                .build(),
        "ttftDeadline (PT5S) must not exceed the deadline (PT1S)");
  }

  @Test
  void anUnknownClassIsRejected() {
    rejects(
        () -> sync.converse(Ops.converseRequest(Harness.GPT_OSS), Slo.ofClass("platinum")),
        "platinum");
    rejects(
        () -> async.invokeModel(Ops.invokeRequest(Harness.GPT_OSS), Slo.ofClass("platinum")),
        "platinum");
  }

  @Test
  void aModelTheSchedulerDoesNotKnowIsRejected() {
    TierScheduler strict =
        TierScheduler.newBuilder()
            .model(
                ModelConfig.newBuilder(Harness.GPT_OSS)
                    .prices(TierPrices.fromStandard(1, 1))
                    .build())
            .build();
    TieredBedrockClient c = h.syncClient(strict, null);
    rejects(() -> c.converse(Ops.converseRequest(Harness.NOVA), Slo.defaults()), Harness.NOVA);
  }

  @Test
  void anOutputHintAboveMaxTokensIsRejected() {
    rejects(
        () ->
            sync.converse(
                Ops.converseRequest(Harness.GPT_OSS),
                Slo.newBuilder().outputTokensHint(100).build()),
        "outputTokensHint");
  }

  @Test
  void nullsAreRejected() {
    assertThrows(NullPointerException.class, () -> sync.converse(null, Slo.defaults()));
    assertThrows(
        NullPointerException.class,
        () -> sync.converse(Ops.converseRequest(Harness.GPT_OSS), null));
    assertThrows(
        NullPointerException.class,
        () -> async.converseStream(ConverseStreamRequest.builder().build(), null, Slo.defaults()));
  }

  @Test
  void buildersRequireTheirParts() {
    assertThrows(IllegalStateException.class, () -> TieredBedrockClient.newBuilder().build());
    assertThrows(
        IllegalStateException.class,
        () -> TieredBedrockAsyncClient.newBuilder().client(h.async).build());
    assertThrows(
        IllegalStateException.class,
        () -> TieredBedrockClient.newBuilder().client(h.sync).client(h.sync));
    assertThrows(
        IllegalArgumentException.class, () -> TieredBedrockClient.newBuilder().transientRetries(4));
  }
}
