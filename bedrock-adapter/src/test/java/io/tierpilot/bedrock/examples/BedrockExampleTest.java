package io.tierpilot.bedrock.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tierpilot.bedrock.TieredResponse;
import io.tierpilot.bedrock.TraceRecorder;
import io.tierpilot.bedrock.local.LocalBedrockServer;
import io.tierpilot.core.ModelConfig;
import io.tierpilot.core.SloClass;
import io.tierpilot.core.TierPrices;
import io.tierpilot.core.TierScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;

/** The README's Bedrock snippets compile, run, and are the same text as in README.md. */
class BedrockExampleTest {
  @TempDir Path dir;

  @Test
  void theSnippetsRunAgainstALocalEndpoint() throws Exception {
    Path trace = dir.resolve("trace.jsonl");
    try (LocalBedrockServer server = LocalBedrockServer.start();
        BedrockRuntimeClient bedrock = server.newClient();
        TraceRecorder recorder = TraceRecorder.open(trace)) {
      TieredResponse<ConverseResponse> r = BedrockExample.converse(bedrock, recorder);
      assertEquals(1, r.attempts());
      assertTrue(r.costUsd() > 0);
      assertEquals(r.finalRequestedTier(), r.servedTier());
      recorder.flush();
      JsonNode line = new ObjectMapper().readTree(Files.readAllLines(trace).get(0));
      assertEquals("mission-critical", line.get("class").asText());

      BedrockRuntimeAsyncClient async = server.newAsyncClient();
      TierScheduler scheduler =
          TierScheduler.newBuilder()
              .model(
                  ModelConfig.newBuilder("openai.gpt-oss-120b-1:0")
                      .prices(TierPrices.fromStandard(0.15, 0.60))
                      .build())
              .sloClasses(SloClass.awsCategories())
              .build();
      StringBuilder out = new StringBuilder();
      TieredResponse<ConverseStreamResponse> s =
          BedrockExample.stream(async, scheduler, out).get(10, TimeUnit.SECONDS);
      assertTrue(s.ttftNanos() > 0);
      assertTrue(out.toString().startsWith("w0 w1 w2"), out.toString());
      // closing Netty's event loops takes its quiet period; nothing waits for it
      Thread closer = new Thread(async::close);
      closer.setDaemon(true);
      closer.start();
    }
  }

  @Test
  void theReadmeShowsExactlyTheCompiledSnippets() throws Exception {
    List<String> source =
        Files.readAllLines(
            Path.of("src/test/java/io/tierpilot/bedrock/examples/BedrockExample.java"));
    List<String> readme = Files.readAllLines(Path.of("../README.md"));
    for (String name : List.of("converse", "stream")) {
      List<String> snippet =
          strip(between(source, "// README-BEGIN " + name, "// README-END " + name));
      int start = readme.indexOf("<!-- bedrock-snippet: " + name + " -->");
      assertTrue(start >= 0, "README has the marker of the " + name + " snippet");
      List<String> block = new ArrayList<>();
      for (int i = start + 2; !readme.get(i).startsWith("```"); i++) {
        block.add(readme.get(i));
      }
      assertEquals(snippet, strip(block), name);
    }
  }

  private static List<String> between(List<String> lines, String begin, String end) {
    int b = -1;
    int e = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(begin)) {
        b = i;
      } else if (lines.get(i).trim().equals(end)) {
        e = i;
      }
    }
    return lines.subList(b + 1, e);
  }

  /** Removes the common indentation. */
  private static List<String> strip(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        indent = Math.min(indent, l.length() - l.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.isBlank() ? "" : l.substring(indent));
    }
    return out;
  }
}
