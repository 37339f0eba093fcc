package io.tierpilot.bedrock.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tierpilot.bedrock.local.LocalBedrockServer;
import io.tierpilot.bedrock.local.ReceivedRequest;
import io.tierpilot.core.LatencyPrior;
import io.tierpilot.core.ModelConfig;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierPrices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code probe} against the local endpoint writes the documented JSON, and its priors load. */
class ProbeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "openai.gpt-oss-120b-1:0";
  private static LocalBedrockServer server;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    server = LocalBedrockServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
    server.tier(Tier.PRIORITY).ttft(Duration.ofMillis(10)).perToken(Duration.ofMillis(1));
    server.tier(Tier.STANDARD).ttft(Duration.ofMillis(20)).perToken(Duration.ofMillis(1));
    server.tier(Tier.FLEX).ttft(Duration.ofMillis(40)).perToken(Duration.ofMillis(2));
  }

  private int probe(String... more) {
    String[] base = {"probe", "--model", MODEL, "--endpoint", server.endpoint().toString()};
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return ProbeMain.run(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"converse", "converse-stream", "invoke", "invoke-stream"})
  void probeWritesPerTierMeasurements(String api) throws Exception {
    server.tier(Tier.FLEX).throttleNext(1);
    Path out = dir.resolve("probe.json");
    assertEquals(
        0,
        probe(
            "--api",
            api,
            "--tiers",
            "priority,default,flex",
            "--requests",
            "4",
            "--max-tokens",
            "8",
            "--out",
            out.toString()));

    JsonNode root = JSON.readTree(out.toFile());
    assertEquals(MODEL, root.get("model").asText());
    assertEquals(api, root.get("api").asText());
    JsonNode tiers = root.get("tiers");
    assertEquals(List.of("priority", "standard", "flex"), names(tiers));
    for (String t : List.of("priority", "standard", "flex")) {
      JsonNode s = tiers.get(t);
      assertEquals(4, s.get("requests").asInt(), t);
      for (String p : List.of("p50", "p90", "p99")) {
        assertTrue(s.get("latency_ms").get(p).asDouble() > 0, t + " latency " + p);
      }
      assertEquals(0, s.get("served_tier_mismatch").asInt());
      assertEquals(8.0, s.get("output_tokens_mean").asDouble(), t);
      boolean streamed = api.endsWith("stream");
      assertEquals(streamed, s.get("ttft_ms").isObject(), t + " ttft measured only on streams");
      assertEquals(streamed, s.get("per_token_ms").isObject(), t);
    }
    assertEquals(1, tiers.get("flex").get("throttled").asInt());
    assertEquals(3, tiers.get("flex").get("ok").asInt());
    assertEquals(4, tiers.get("standard").get("ok").asInt());
    if (api.endsWith("stream")) {
      double flexTtft = tiers.get("flex").get("ttft_ms").get("p50").asDouble();
      double priorityTtft = tiers.get("priority").get("ttft_ms").get("p50").asDouble();
      assertTrue(flexTtft >= 40, "flex ttft " + flexTtft);
      assertTrue(priorityTtft < flexTtft);
    }

    // every request went to the tier it measured, with the tier's wire value, no SDK retries
    List<ReceivedRequest> all = server.requests();
    assertEquals(13, all.size(), "one uncounted warm-up request to Standard, then 3 x 4");
    assertEquals("default", all.get(0).requestedTier());
    List<ReceivedRequest> got = all.subList(1, all.size());
    for (ReceivedRequest r : got) {
      assertTrue(List.of("priority", "default", "flex").contains(r.requestedTier()));
    }
    assertEquals(4, got.stream().filter(r -> r.requestedTier().equals("flex")).count());

    Map<Tier, LatencyPrior> priors = ProbePriors.load(out);
    assertEquals(List.of(Tier.FLEX, Tier.STANDARD, Tier.PRIORITY), List.copyOf(priors.keySet()));
    LatencyPrior flex = priors.get(Tier.FLEX);
    assertEquals(0.25, flex.throttleProbability(), 1e-9);
    assertTrue(flex.ttftP50().compareTo(flex.ttftP90()) <= 0);
    assertTrue(flex.ttftP90().compareTo(flex.ttftP99()) <= 0);
    assertTrue(flex.perTokenP50().compareTo(flex.perTokenP99()) <= 0);
    assertEquals(0, priors.get(Tier.STANDARD).throttleProbability());
    if (api.endsWith("stream")) {
      assertTrue(flex.ttftP50().compareTo(Duration.ofMillis(40)) >= 0, flex.toString());
      assertTrue(flex.perTokenP50().compareTo(Duration.ofMillis(1)) >= 0, flex.toString());
    }
    // the priors configure a model as they are
    ModelConfig.Builder model = ModelConfig.newBuilder(MODEL).prices(TierPrices.fromStandard(1, 1));
    priors.forEach(model::prior);
    assertEquals(priors, model.build().priors());
  }

  @Test
  void anUnsupportedTierIsReportedAndLeftOutOfThePriors() throws Exception {
    server.tier(Tier.PRIORITY).unsupported(true);
    Path out = dir.resolve("p.json");
    assertEquals(0, probe("--requests", "3", "--out", out.toString()));
    JsonNode priority = JSON.readTree(out.toFile()).get("tiers").get("priority");
    assertEquals(1, priority.get("requests").asInt(), "no more calls after the rejection");
    assertEquals(1, priority.get("unsupported").asInt());
    assertEquals(0, priority.get("ok").asInt());
    assertTrue(priority.get("latency_ms").isNull());
    Map<Tier, LatencyPrior> priors = ProbePriors.load(out);
    assertFalse(priors.containsKey(Tier.PRIORITY));
    assertTrue(priors.containsKey(Tier.FLEX));
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertEquals(2, ProbeMain.run("probe"));
    assertEquals(2, ProbeMain.run("probe", "--model", MODEL, "--requests", "x"));
    assertEquals(
        1,
        ProbeMain.run(
            "probe",
            "--model",
            MODEL,
            "--endpoint",
            server.endpoint().toString(),
            "--api",
            "chat"));
    assertEquals(
        1,
        ProbeMain.run(
            "probe",
            "--model",
            MODEL,
            "--endpoint",
            server.endpoint().toString(),
            "--tiers",
            "gold"));
    assertEquals(
        1,
        ProbeMain.run(
            "probe",
            "--model",
            "gpt-4",
            "--endpoint",
            server.endpoint().toString(),
            "--requests",
            "1"));
    assertTrue(server.requests().isEmpty());
  }

  @Test
  void priorsFromANonStreamingProbeDeriveTtftFromLatency() throws Exception {
    Path file = dir.resolve("manual.json");
    Files.writeString(
        file,
        "{\"model\":\"m.x-1:0\",\"tiers\":{\"flex\":{\"requests\":10,\"ok\":8,\"throttled\":2,"
            + "\"failed\":0,\"latency_ms\":{\"p50\":900,\"p90\":1500,\"p99\":3000},"
            + "\"ttft_ms\":null,\"per_token_ms\":null,\"output_tokens_mean\":50,"
            + "\"throttle_ms_mean\":120}}}");
    LatencyPrior flex = ProbePriors.load(file).get(Tier.FLEX);
    // latency minus 50 tokens at Flex's default 10 ms per token
    assertEquals(Duration.ofMillis(400), flex.ttftP50());
    assertEquals(Duration.ofMillis(1000), flex.ttftP90());
    assertEquals(Duration.ofMillis(2500), flex.ttftP99());
    assertEquals(LatencyPrior.defaultFor(Tier.FLEX).perTokenP50(), flex.perTokenP50());
    assertEquals(0.2, flex.throttleProbability(), 1e-9);
    assertEquals(Duration.ofMillis(120), flex.throttleDelay());
  }

  @Test
  void aMalformedProbeFileIsAClearError() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"tiers\":{\"flex\":{\"ok\":-1}}}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProbePriors.load(file));
    assertTrue(e.getMessage().contains("tiers.flex.ok"), e.getMessage());
    Files.writeString(file, "{\"tiers\":{\"gold\":{}}}");
    assertThrows(IllegalArgumentException.class, () -> ProbePriors.load(file));
    Files.writeString(file, "not json");
    assertThrows(IllegalArgumentException.class, () -> ProbePriors.load(file));
  }

  private static List<String> names(JsonNode object) {
    java.util.List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
