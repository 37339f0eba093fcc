package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static Path example() throws Exception {
    return Paths.get(ConfigLoaderTest.class.getResource("/tierpilot-example.properties").toURI());
  }

  @Test
  void theExampleFileConfiguresEverything() throws Exception {
    FakeTicker ticker = new FakeTicker();
    TierScheduler s = TierScheduler.newBuilder().ticker(ticker).configure(example()).build();
    assertEquals(
        List.of("interactive", "standard", "batch"),
        s.sloClasses().stream().map(SloClass::name).toList());
    SloClass interactive = s.sloClass("interactive");
    assertEquals(0.995, interactive.target());
    assertEquals(Duration.ofSeconds(10), interactive.deadline());
    assertEquals(Duration.ofSeconds(2), interactive.ttftDeadline());
    assertEquals(Tier.PRIORITY, interactive.recommendedTier());
    assertEquals(SloClass.HardCapRule.REJECT, s.sloClass("batch").hardCapRule());
    assertEquals(Tier.STANDARD, s.sloClass("standard").recommendedTier());
    assertEquals("standard", s.sloClass(null).name(), "default-class");

    ModelConfig gpt = s.model("openai.gpt-oss-120b-1:0");
    assertEquals(0.30, gpt.prices().inputPerMillion(Tier.PRIORITY), 1e-12, "priority-factor 2");
    assertEquals(Duration.ofMillis(800), gpt.priors().get(Tier.FLEX).ttftP50());
    assertEquals(0.1, gpt.priors().get(Tier.FLEX).throttleProbability());
    ModelConfig nova = s.model("amazon.nova-pro-v1:0");
    assertEquals(Set.of(Tier.STANDARD, Tier.PRIORITY), nova.tiers());
    assertEquals(6.0, nova.prices().outputPerMillion(Tier.PRIORITY), 1e-12);
    assertTrue(s.toString().contains("$50.0 per 1h"), s.toString());
    assertTrue(s.toString().contains("window=2m/8"), s.toString());
  }

  private static IllegalArgumentException bad(String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return assertThrows(
        IllegalArgumentException.class,
        () -> TierScheduler.newBuilder().configure(p, "test.properties").build());
  }

  @Test
  void errorsNameTheSourceTheKeyAndTheValue() {
    String m = bad("exploration-share = 1.5").getMessage();
    assertTrue(m.contains("test.properties"), m);
    assertTrue(m.contains("'exploration-share'"), m);
    assertTrue(m.contains("'1.5'"), m);

    m = bad("window = ten minutes").getMessage();
    assertTrue(m.contains("'window'") && m.contains("'ten minutes'"), m);

    m = bad("slices = many").getMessage();
    assertTrue(m.contains("'slices'") && m.contains("not a number"), m);

    m = bad("classes = a\nclass.a.target = 2").getMessage();
    assertTrue(m.contains("'class.a.target'") && m.contains("'2'"), m);

    m = bad("classes = a\nclass.b.target = 0.9").getMessage();
    assertTrue(m.contains("'class.b.target'") && m.contains("'b'"), m);

    m = bad("models = x\nmodel.x.id = m\nmodel.x.price.input = 1").getMessage();
    assertTrue(m.contains("model.x.price.output"), m);

    m =
        bad("models = x\nmodel.x.id = m\nmodel.x.price.input = 1\nmodel.x.price.output = 1\nmodel.x.tiers = gold")
            .getMessage();
    assertTrue(m.contains("'model.x.tiers'") && m.contains("'gold'"), m);

    m = bad("budget.window = 1h").getMessage();
    assertTrue(m.contains("budget.amount-usd"), m);
  }

  @Test
  void unknownKeysAreErrors() {
    String m = bad("exploraton-share = 0.1").getMessage();
    assertTrue(m.contains("unknown configuration key 'exploraton-share'"), m);
  }

  @Test
  void aSettingMayBeSetOnlyOnce(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.properties");
    Files.writeString(f, "window = 1m\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TierScheduler.newBuilder().window(Duration.ofMinutes(2)).configure(f));
    assertTrue(e.getMessage().contains("window was already set"), e.getMessage());
  }

  @Test
  void aMissingFileIsAnIoError(@TempDir Path dir) {
    assertThrows(
        java.io.UncheckedIOException.class,
        () -> TierScheduler.newBuilder().configure(dir.resolve("missing.properties")));
  }
}
