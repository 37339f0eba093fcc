package io.tierpilot.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierpilot.core.Tier;
import io.tierpilot.core.TierScheduler;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;

/** Token counts from model-native bodies: the built-ins, a custom extractor, and the estimate. */
class TokenCountsTest {
  private static Harness h;

  @BeforeAll
  static void start() {
    h = Harness.shared();
  }

  private static Optional<TokenCounts> read(TokenCountExtractor e, String body) {
    return e.extract("m.x-1:0", body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theBuiltInsReadTheCommonShapes() {
    TokenCountExtractor all = TokenCountExtractor.builtIns();
    assertEquals(
        Optional.of(TokenCounts.of(12, 34)),
        read(all, "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":34}}"));
    assertEquals(
        Optional.of(TokenCounts.of(5, 6)),
        read(all, "{\"output\":{},\"usage\":{\"inputTokens\":5,\"outputTokens\":6}}"));
    assertEquals(
        Optional.of(TokenCounts.of(7, 8)),
        read(all, "{\"metadata\":{\"usage\":{\"inputTokens\":7,\"outputTokens\":8}}}"));
    assertEquals(
        Optional.of(TokenCounts.of(9, 10)),
        read(all, "{\"usage\":{\"input_tokens\":9,\"output_tokens\":10}}"));
    assertEquals(
        Optional.of(TokenCounts.of(11, -1)),
        read(
            all,
            "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":11,\"output_tokens\":1}}}"));
    assertEquals(
        Optional.of(TokenCounts.of(13, 14)),
        read(
            all, "{\"generation\":\"x\",\"prompt_token_count\":13,\"generation_token_count\":14}"));
    assertEquals(
        Optional.of(TokenCounts.of(15, 16)),
        read(
            all,
            "{\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":15,\"outputTokenCount\":16}}"));
    assertEquals(Optional.empty(), read(all, "{\"outputText\":\"hello\"}"));
    assertEquals(Optional.empty(), read(all, "not json"));
    assertEquals(Optional.empty(), read(all, "[1,2]"));
    assertEquals(Optional.empty(), read(all, "{\"usage\":{\"prompt_tokens\":-3}}"));
  }

  @Test
  void eachBuiltInReadsOnlyItsShape() {
    String openAi = "{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}";
    assertTrue(read(TokenCountExtractor.openAi(), openAi).isPresent());
    assertFalse(read(TokenCountExtractor.nova(), openAi).isPresent());
    assertFalse(read(TokenCountExtractor.anthropic(), openAi).isPresent());
    assertFalse(read(TokenCountExtractor.llama(), openAi).isPresent());
    assertFalse(read(TokenCountExtractor.invocationMetrics(), openAi).isPresent());
    TokenCountExtractor either =
        TokenCountExtractor.firstOf(TokenCountExtractor.llama(), TokenCountExtractor.openAi());
    assertEquals(Optional.of(TokenCounts.of(1, 2)), read(either, openAi));
  }

  @Test
  void countsMergeLaterOverEarlier() {
    TokenCounts start = TokenCounts.of(11, -1);
    TokenCounts end = TokenCounts.of(-1, 40);
    assertEquals(TokenCounts.of(11, 40), end.over(start));
    assertEquals(TokenCounts.of(3, 4), TokenCounts.of(3, 4).over(start));
    assertThrows(IllegalArgumentException.class, () -> TokenCounts.of(-1, -1));
    assertThrows(IllegalArgumentException.class, () -> TokenCounts.of(-2, 5));
  }

  /** InvokeModel against each model family the local server speaks, streamed or not. */
  @ParameterizedTest
  @CsvSource({
    "openai.gpt-oss-20b-1:0, false",
    "amazon.nova-lite-v1:0, false",
    "anthropic.claude-3-5-haiku-20241022-v1:0, false",
    "meta.llama3-1-8b-instruct-v1:0, false",
    "local.echo-v1:0, true"
  })
  void invokeModelReadsUsageFromTheModelNativeBody(String model, boolean unknownShape) {
    h.server.reset();
    TierScheduler scheduler = Harness.scheduler(new Harness.Outcomes());
    String body =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"" + Ops.PROMPT + "\"}],\"max_tokens\":10}";
    InvokeModelRequest request =
        InvokeModelRequest.builder().modelId(model).body(SdkBytes.fromUtf8String(body)).build();
    for (Ops op : new Ops[] {Ops.INVOKE_SYNC, Ops.INVOKE_STREAM}) {
      TieredResponse<?> r;
      if (op == Ops.INVOKE_SYNC) {
        r = h.syncClient(scheduler, null).invokeModel(request, Slo.defaults());
      } else {
        r =
            Ops.join(
                h.asyncClient(scheduler, null)
                    .invokeModelWithResponseStream(
                        software.amazon.awssdk.services.bedrockruntime.model
                            .InvokeModelWithResponseStreamRequest.builder()
                            .modelId(model)
                            .body(request.body())
                            .build(),
                        Ops.invokeHandler(new Ops.Seen()),
                        Slo.defaults()));
      }
      // a body of unknown shape has no usage; its stream still ends with Bedrock's metrics
      boolean estimated = unknownShape && op == Ops.INVOKE_SYNC;
      assertEquals(estimated, r.tokensEstimated(), model + " " + op);
      if (estimated) {
        // the input estimate: characters of the body's strings / 4; the output is estimated too
        assertEquals(Requests.tokens("user".length() + Ops.PROMPT.length()), r.inputTokens());
        assertTrue(r.outputTokens() > 0);
      } else {
        assertEquals(5, r.inputTokens(), model + " " + op);
        assertEquals(10, r.outputTokens(), model + " " + op + ": capped by max_tokens");
      }
      assertEquals(
          scheduler.costUsd(model, Tier.FLEX, r.inputTokens(), r.outputTokens()),
          r.costUsd(),
          1e-15);
    }
  }

  @Test
  void aCustomExtractorComesFirst() {
    h.server.reset();
    TierScheduler scheduler = Harness.scheduler(new Harness.Outcomes());
    TieredBedrockClient client =
        TieredBedrockClient.newBuilder()
            .scheduler(scheduler)
            .client(h.sync)
            .tokenCountExtractor(
                (model, body) ->
                    model.startsWith("local.")
                        ? Optional.of(TokenCounts.of(100, 200))
                        : Optional.empty())
            .build();
    TieredResponse<?> r =
        client.invokeModel(
            InvokeModelRequest.builder()
                .modelId("local.echo-v1:0")
                .body(SdkBytes.fromUtf8String("{\"inputText\":\"hi\"}"))
                .build(),
            Slo.defaults());
    assertFalse(r.tokensEstimated());
    assertEquals(100, r.inputTokens());
    assertEquals(200, r.outputTokens());
    // other models still go to the built-ins
    TieredResponse<?> gpt = client.invokeModel(Ops.invokeRequest(Harness.GPT_OSS), Slo.defaults());
    assertEquals(5, gpt.inputTokens());
  }

  @Test
  void aFaultyExtractorFallsBackToTheBuiltIns() {
    h.server.reset();
    TieredBedrockClient client =
        TieredBedrockClient.newBuilder()
            .scheduler(Harness.scheduler(new Harness.Outcomes()))
            .client(h.sync)
            .tokenCountExtractor(
                (model, body) -> {
                  throw new IllegalStateException("bug");
                })
            .build();
    TieredResponse<?> r = client.invokeModel(Ops.invokeRequest(Harness.GPT_OSS), Slo.defaults());
    assertEquals(5, r.inputTokens());
    assertFalse(r.tokensEstimated());
  }

  @Test
  void aCallerCountOfInputTokensReplacesTheEstimate() {
    h.server.reset();
    h.server.tier(Tier.FLEX).reportUsage(false);
    Harness.Outcomes outcomes = new Harness.Outcomes();
    TieredBedrockClient client = h.syncClient(Harness.scheduler(outcomes), null);
    TieredResponse<?> r =
        client.converse(
            Ops.converseRequest(Harness.GPT_OSS), Slo.newBuilder().inputTokens(1234).build());
    assertEquals(1234, r.inputTokens());
    assertTrue(r.tokensEstimated(), "the output count is still an estimate");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      text.append('w').append(i).append(' ');
    }
    assertEquals(Requests.outputTokens(text.length()), r.outputTokens());
    assertEquals(14, r.outputTokens(), "54 characters / 4, rounded up");
    assertEquals(1234, outcomes.outcomes.get(0).inputTokens());
  }
}
