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

  private static String badFile(Path dir, String text) throws IOException {
    Path f = dir.resolve("c.properties");
    Files.writeString(f, text, java.nio.charset.StandardCharsets.UTF_8);
    return assertThrows(
            IllegalArgumentException.class, () -> TierScheduler.newBuilder().configure(f).build())
        .getMessage();
  }

  @Test
  void fileErrorsNameTheLineAndTheKeyThatIsWrong(@TempDir Path dir) throws Exception {
    String m = badFile(dir, "# header\nwindow = 5m\n\nwindow = 7m\n");
    assertTrue(m.contains("c.properties:4: key 'window' is given twice (first on line 2)"), m);

    String models = "models = a\nmodel.a.id = m\n";
    m = badFile(dir, models + "model.a.price.input = 0.1\nmodel.a.price.output = abc\n");
    assertTrue(m.contains(":4: key 'model.a.price.output': invalid value 'abc'"), m);
    m =
        badFile(
            dir,
            models
                + "model.a.price.input = 0.1\nmodel.a.price.output = 1\n"
                + "model.a.price.priority.input = 1\nmodel.a.price.priority.output = -2\n");
    assertTrue(m.contains(":6: key 'model.a.price.priority.output': invalid value '-2'"), m);

    m = badFile(dir, "budget.amount-usd = 50\nbudget.window = 1 hour\n");
    assertTrue(m.contains(":2: key 'budget.window': invalid value '1 hour'"), m);

    // a continued line is one entry, reported at its first line
    m = badFile(dir, "deferral-delays = 5s, \\\n    30s,\nseed = 1\n");
    assertTrue(m.contains(":1: key 'deferral-delays'"), m);
  }

  @Test
  void valuesAreStrict(@TempDir Path dir) throws Exception {
    assertTrue(badFile(dir, "classes = a, b,\n").contains("'classes'"));
    assertTrue(badFile(dir, "dispatch.tier-concurrency = 16, 256,\n").contains("expected 2"));
    assertTrue(badFile(dir, "exploration-share = 1e-2d\n").contains("not a number"));
    assertTrue(badFile(dir, "pacing.gain = Infinity\n").contains("not a number"));
    assertTrue(badFile(dir, "max-attempts = 4.0\n").contains("not an integer"));
    assertTrue(badFile(dir, "dispatch.max-waiting = 4294967297\n").contains("out of range"));
    String m = badFile(dir, "dispatch.tier-concurrency = 4294967297, 4294967298\n");
    assertTrue(m.contains("4294967297 is out of range"), m);
    m = badFile(dir, "classes = a\nclass.a.on-hard-cap = drop\n");
    assertTrue(m.contains("expected 'degrade' or 'reject'"), m);
  }

  @Test
  void aFileIsReadAsUtf8(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.properties");
    Files.writeString(
        f, "classes = café\nclass.café.deadline = 10s\n", java.nio.charset.StandardCharsets.UTF_8);
    TierScheduler s = TierScheduler.newBuilder().configure(f).build();
    assertEquals("café", s.sloClasses().get(0).name());
    Files.writeString(f, "\uFEFFwindow = 2m\n", java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(TierScheduler.newBuilder().configure(f).build().toString().contains("window=2m"));
    Files.write(f, new byte[] {'c', 'l', 'a', 's', 's', 'e', 's', '=', (byte) 0xE9});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TierScheduler.newBuilder().configure(f));
    assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
  }

  @Test
  void anErrorBudgetKeyAloneKeepsTheOtherDefaults(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.properties");
    Files.writeString(f, "error-budget.gain = 0.9\n");
    FakeTicker ticker = new FakeTicker();
    TierScheduler s = Fixtures.builder(ticker).configure(f).build();
    for (int slice = 0; slice < 20; slice++) {
      for (int i = 0; i < 100; i++) {
        Decision d = s.decide(Fixtures.request(s, "batch"));
        s.recordSuccess(d, d.tier(), 1_000_000_000L, 100_000_000L, 1000, 100);
      }
      ticker.advance(Duration.ofSeconds(30));
    }
    double b = s.decide(Fixtures.request(s, "batch")).errorBudget();
    assertEquals(1.5, b, 1e-9, "no misses: b at its default maximum, 1.5");
  }
}
