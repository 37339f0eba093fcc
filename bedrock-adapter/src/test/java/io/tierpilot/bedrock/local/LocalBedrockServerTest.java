package io.tierpilot.bedrock.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierpilot.core.Tier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceTierType;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** The local endpoint as the plain SDK (no tiered client) and a raw HTTP client see it. */
class LocalBedrockServerTest {
  private static LocalBedrockServer server;
  private static BedrockRuntimeClient bedrock;
  private static final HttpClient RAW = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = LocalBedrockServer.start();
    bedrock = server.newClient();
  }

  @AfterAll
  static void stop() {
    bedrock.close();
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  private static ConverseRequest converse(ServiceTierType tier) {
    ConverseRequest.Builder b =
        ConverseRequest.builder()
            .modelId("openai.gpt-oss-120b-1:0")
            .messages(
                Message.builder()
                    .role(ConversationRole.USER)
                    .content(ContentBlock.fromText("one two three"))
                    .build());
    if (tier != null) {
      b.serviceTier(t -> t.type(tier));
    }
    return b.build();
  }

  @Test
  void converseAnswersWithUsageMetricsAndTheServedTier() {
    server.outputTokens(7);
    ConverseResponse r = bedrock.converse(converse(ServiceTierType.PRIORITY));
    assertEquals("w0 w1 w2 w3 w4 w5 w6 ", r.output().message().content().get(0).text());
    assertEquals(4, r.usage().inputTokens(), "'user' and three words");
    assertEquals(7, r.usage().outputTokens());
    assertEquals(11, r.usage().totalTokens());
    assertEquals(ServiceTierType.PRIORITY, r.serviceTier().type());
    assertTrue(r.metrics().latencyMs() >= 0);
    ReceivedRequest got = server.requests().get(0);
    assertEquals("priority", got.tierInBody());
    assertEquals("priority", got.requestedTier());
    assertEquals("priority", got.servedTier());
    assertEquals(200, got.status());
  }

  @Test
  void noTierMeansStandard() {
    ConverseResponse r = bedrock.converse(converse(null));
    assertEquals(ServiceTierType.DEFAULT, r.serviceTier().type());
    assertNull(server.requests().get(0).tierInBody());
    assertEquals("default", server.requests().get(0).requestedTier());
  }

  @Test
  void invokeModelEchoesTheServedTierInTheHeader() {
    server.tier(Tier.FLEX).servedAs(Tier.STANDARD);
    InvokeModelResponse r =
        bedrock.invokeModel(
            InvokeModelRequest.builder()
                .modelId("amazon.nova-pro-v1:0")
                .serviceTier(ServiceTierType.FLEX)
                .body(
                    SdkBytes.fromUtf8String(
                        "{\"messages\":[],\"inferenceConfig\":{\"maxTokens\":3}}"))
                .build());
    assertEquals(ServiceTierType.DEFAULT, r.serviceTier());
    String body = r.body().asUtf8String();
    assertTrue(body.contains("\"outputTokens\":3"), body);
    assertEquals("flex", server.requests().get(0).tierHeader());
    assertEquals("default", server.requests().get(0).servedTier());
  }

  @Test
  void throttlesAreHttpErrorsWithTheErrorTypeHeader() throws Exception {
    server.tier(Tier.FLEX).throttleNext(1);
    HttpResponse<String> r = post("/model/openai.gpt-oss-120b-1:0/invoke", "flex", "{}");
    assertEquals(429, r.statusCode());
    assertEquals("ThrottlingException", r.headers().firstValue("x-amzn-ErrorType").orElse(""));
    assertTrue(r.body().contains("\"message\""));
    assertEquals(200, post("/model/openai.gpt-oss-120b-1:0/invoke", "flex", "{}").statusCode());

    server.tier(Tier.FLEX).throttleWith(TierBehavior.Throttle.SERVICE_UNAVAILABLE).throttleNext(1);
    HttpResponse<String> unavailable = post("/model/openai.gpt-oss-120b-1:0/invoke", "flex", "{}");
    assertEquals(503, unavailable.statusCode());
    assertEquals(
        "ServiceUnavailableException",
        unavailable.headers().firstValue("x-amzn-ErrorType").orElse(""));
  }

  @Test
  void anUnknownTierValueIsAValidationError() throws Exception {
    HttpResponse<String> r = post("/model/openai.gpt-oss-120b-1:0/invoke", "standard", "{}");
    assertEquals(400, r.statusCode());
    assertEquals("ValidationException", r.headers().firstValue("x-amzn-ErrorType").orElse(""));
  }

  @Test
  void anUnsupportedTierIsAValidationErrorNamingTheServiceTier() {
    server.tier(Tier.PRIORITY).unsupported(true);
    ValidationException e =
        assertThrows(
            ValidationException.class, () -> bedrock.converse(converse(ServiceTierType.PRIORITY)));
    assertTrue(e.getMessage().contains("service tier"), e.getMessage());
    assertEquals(400, server.requests().get(0).status());
  }

  @Test
  void unknownPathsAre404() throws Exception {
    assertEquals(404, post("/model/x.y-1:0/count-tokens", null, "{}").statusCode());
    assertEquals(404, post("/models", null, "{}").statusCode());
  }

  @Test
  void throttleProbabilityDrawsAreSeeded() throws Exception {
    List<Integer> first = statuses(0.5, 7);
    List<Integer> second = statuses(0.5, 7);
    assertEquals(first, second);
    assertTrue(first.contains(429) && first.contains(200), first.toString());
  }

  private List<Integer> statuses(double p, long seed) throws Exception {
    server.reset();
    server.seed(seed);
    server.tier(Tier.FLEX).throttleProbability(p).ttft(Duration.ZERO).perToken(Duration.ZERO);
    List<Integer> s = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      s.add(post("/model/openai.gpt-oss-120b-1:0/invoke", "flex", "{}").statusCode());
    }
    return s;
  }

  @Test
  void behavioursRejectBadSettings() {
    TierBehavior b = server.tier(Tier.FLEX);
    assertThrows(IllegalArgumentException.class, () -> b.ttft(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> b.throttleProbability(1.5));
    assertThrows(IllegalArgumentException.class, () -> b.throttleNext(-1));
    assertThrows(IllegalArgumentException.class, () -> b.failNext(1, 200, "X", "m"));
    assertThrows(IllegalArgumentException.class, () -> server.outputTokens(-1));
    assertThrows(IllegalArgumentException.class, () -> LocalBedrockServer.start(70000));
  }

  private static HttpResponse<String> post(String path, String tierHeader, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.endpoint() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (tierHeader != null) {
      b.header("X-Amzn-Bedrock-Service-Tier", tierHeader);
    }
    return RAW.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void throttlingExceptionReachesThePlainSdkAfterItsOwnRetries() {
    // the SDK's default policy retries a 429 by itself: what the tiered clients switch off
    server.tier(Tier.FLEX).throttleNext(10);
    assertThrows(ThrottlingException.class, () -> bedrock.converse(converse(ServiceTierType.FLEX)));
    assertTrue(server.requests().size() > 1, "the plain SDK retried: " + server.requests().size());
  }
}
