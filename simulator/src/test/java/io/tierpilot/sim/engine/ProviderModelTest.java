package io.tierpilot.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierpilot.sim.metrics.ClassResult;
import io.tierpilot.sim.metrics.PolicyResult;
import io.tierpilot.sim.provider.ProviderSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtual Bedrock on hand-made cases with exact answers: one stream, no background, no noise,
 * service time = output tokens / 100 s. Requests are routed to tiers by class (the by-class
 * policy).
 */
class ProviderModelTest {
  private static final String CLASSES = "p=0.34:1h:priority,s=0.33:1h:standard,f=0.33:1h:flex";

  @TempDir Path dir;

  private PolicyResult run(Object[][] rows, String providerExtra) throws Exception {
    return run(rows, Scenarios.deterministicProvider(dir, providerExtra));
  }

  private PolicyResult run(Object[][] rows, Path provider) throws Exception {
    Path trace = Scenarios.nativeTrace(dir, rows);
    Scenario s =
        Scenarios.of("native:" + trace, CLASSES, provider.toString(), List.of("by-class"), null);
    return new Simulation(s, "by-class", null).run();
  }

  private static double maxMillis(PolicyResult r, String cls) {
    return r.classes().get(cls).latency().maxMillis();
  }

  @Test
  void priorityJumpsAheadOfWaitingStandardAndFlexWaitsForBoth() throws Exception {
    // t=0 standard (10 s), t=1 flex (10 s), t=2 priority (10 s) on one stream
    PolicyResult r = run(new Object[][] {{0, 1000, "s"}, {1, 1000, "f"}, {2, 1000, "p"}}, "");
    // latencies are recorded with three significant digits: 0.1%
    assertEquals(10_000, maxMillis(r, "s"), 20); // served at once
    assertEquals(18_000, maxMillis(r, "p"), 20); // starts at 10, ends at 20, arrived at 2
    assertEquals(29_000, maxMillis(r, "f"), 30); // starts at 20, ends at 30, arrived at 1
  }

  @Test
  void firstComeFirstServedWithinATier() throws Exception {
    PolicyResult r =
        run(new Object[][] {{0, 1000, "s"}, {1, 500, "s"}, {2, 200, "s"}, {3, 100, "s"}}, "");
    ClassResult s = r.classes().get("s");
    // completions at 10, 15, 17, 18: latencies 10, 14, 15, 15
    assertEquals(4, s.requests());
    assertEquals(10_000, s.latency().percentileMillis(0), 20);
    assertEquals(15_000, s.latency().maxMillis(), 20);
    assertEquals((10 + 14 + 15 + 15) * 1000 / 4.0, s.latency().meanMillis(), 20);
  }

  @Test
  void flexIsThrottledAfterItsMaximumWait() throws Exception {
    // Flex waits behind a 40-second Standard call and is throttled after 10 s of waiting, three
    // times (retrying after 0.5, 1 and 2 s of backoff); the fourth attempt (at 34.5 s) is served
    // when the long call ends at 40 s.
    PolicyResult r =
        run(
            new Object[][] {{0, 4000, "s"}, {1, 100, "f"}},
            Scenarios.deterministicProvider(dir, 100, 200, 10, ""));
    assertEquals(3, r.throttled());
    assertEquals(3, r.retries());
    assertEquals(40_000, maxMillis(r, "f"), 40);
  }

  @Test
  void flexIsThrottledUnderContention() throws Exception {
    // one stream busy for 40 s; every Flex arrival sees at least throttle_queue_full waiting
    Object[][] rows = new Object[12][];
    rows[0] = new Object[] {0, 4000, "s"};
    for (int i = 1; i < 6; i++) {
      rows[i] = new Object[] {i * 0.1, 100, "s"};
    }
    for (int i = 6; i < 12; i++) {
      rows[i] = new Object[] {1 + i * 0.1, 100, "f"};
    }
    PolicyResult r = run(rows, Scenarios.deterministicProvider(dir, 1, 3, 1000, ""));
    assertTrue(r.throttled() >= 6, "every Flex call throttled at least once: " + r.throttled());
  }

  @Test
  void downgradedCallsAreBilledAtTheServedTier() throws Exception {
    PolicyResult r =
        run(
            new Object[][] {{0, 1000, "p"}, {20, 1000, "p"}},
            ", \"downgrade_probability\": {\"priority\": 1.0}");
    assertEquals(0, r.tiers().get("priority").calls());
    assertEquals(2, r.tiers().get("standard").calls());
    double standardCost = 2 * (10 * 0.15 + 1000 * 0.60) / 1e6;
    assertEquals(standardCost, r.costUsd(), 1e-12);
  }

  @Test
  void theAccountQuotaThrottlesEveryTier() throws Exception {
    Path provider = Scenarios.deterministicProvider(dir, "");
    String json =
        java.nio.file.Files.readString(provider)
            .replace(
                "\"name\": \"test\",",
                "\"name\": \"test\", \"quota\": {\"requests_per_minute\": 2,"
                    + " \"throttle_delay_ms\": 10},");
    java.nio.file.Files.writeString(provider, json);
    Path trace = Scenarios.nativeTrace(dir, new Object[][] {{0, 1, "p"}, {1, 1, "s"}, {2, 1, "p"}});
    Scenario s =
        Scenarios.of("native:" + trace, CLASSES, provider.toString(), List.of("by-class"), null);
    PolicyResult r = new Simulation(s, "by-class", null).run();
    assertTrue(r.throttled() >= 1, "the third request in a minute is throttled");
    assertEquals(3, r.classes().get("p").requests() + r.classes().get("s").requests());
  }

  @Test
  void aStepChangeSlowsATierFromItsTime() throws Exception {
    Path provider = Scenarios.deterministicProvider(dir, "");
    String json =
        java.nio.file.Files.readString(provider)
            .replace(
                "\"name\": \"test\",",
                "\"name\": \"test\", \"steps\": [{\"at\": \"60s\", \"tier\": \"flex\","
                    + " \"slowdown\": 3}],");
    java.nio.file.Files.writeString(provider, json);
    Path trace = Scenarios.nativeTrace(dir, new Object[][] {{0, 100, "f"}, {100, 100, "f"}});
    Scenario s =
        Scenarios.of("native:" + trace, CLASSES, provider.toString(), List.of("by-class"), null);
    PolicyResult r = new Simulation(s, "by-class", null).run();
    ClassResult f = r.classes().get("f");
    assertEquals(1000, f.latency().percentileMillis(0), 2);
    assertEquals(3000, f.latency().maxMillis(), 4);
  }

  @Test
  void badProviderFilesNameTheFieldAndValue() throws Exception {
    Path p = Scenarios.deterministicProvider(dir, ", \"servers_x\": 3");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProviderSpec.load(p.toString()));
    assertTrue(e.getMessage().contains("unknown field '"), e.getMessage());
    assertTrue(e.getMessage().contains("servers_x'"), e.getMessage());
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    assertTrue(
        e.getMessage().contains("known fields there: ") && e.getMessage().contains("servers"));
    assertFalse(e.getMessage().contains("io.tierpilot"), "no Java class names: " + e.getMessage());
    Path dup = Scenarios.deterministicProvider(dir, ", \"servers\": 3");
    e = assertThrows(IllegalArgumentException.class, () -> ProviderSpec.load(dup.toString()));
    assertTrue(e.getMessage().contains("Duplicate field 'servers'"), e.getMessage());
    Path q = Scenarios.deterministicProvider(dir, "").resolveSibling("q.json");
    java.nio.file.Files.writeString(
        q,
        java.nio.file.Files.readString(Scenarios.deterministicProvider(dir, ""))
            .replace("\"servers\": 1", "\"servers\": 0"));
    e = assertThrows(IllegalArgumentException.class, () -> ProviderSpec.load(q.toString()));
    assertTrue(e.getMessage().contains("servers must be >= 1, was 0"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> ProviderSpec.load("mmc:servers=4,service=1s"));
    assertTrue(e.getMessage().contains("exp:"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ProviderSpec.load("no-such-preset"));
    assertTrue(e.getMessage().contains("no-such-preset"), e.getMessage());
  }

  @Test
  void thePresetLoadsAndDocumentsItsSources() {
    ProviderSpec b = ProviderSpec.load("bedrock");
    assertEquals("bedrock", b.name);
    assertEquals(1.25, b.defaults.priorityRateFactor);
    assertTrue(b.sources.size() >= 5);
    assertTrue(b.defaults.background.ratePerSecond > 0);
  }
}
