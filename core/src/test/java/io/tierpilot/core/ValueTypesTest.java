package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The immutable inputs: defaults, validation with clear messages, set-once builders. */
class ValueTypesTest {

  @Test
  void theAwsCategoriesAreReadyDefaults() {
    List<SloClass> c = SloClass.awsCategories();
    assertEquals(
        List.of("mission-critical", "business-standard", "business-noncritical"),
        c.stream().map(SloClass::name).toList());
    assertEquals(Tier.PRIORITY, c.get(0).recommendedTier());
    assertEquals(Tier.STANDARD, c.get(1).recommendedTier());
    assertEquals(Tier.FLEX, c.get(2).recommendedTier());
    assertEquals(0.0, c.get(0).budgetSensitivity());
    assertEquals(Duration.ofMinutes(30), c.get(2).deadline());
    assertEquals(SloClass.missionCritical(), c.get(0));
    assertNull(c.get(0).ttftDeadline());
    // the scheduler's default classes are these three
    TierScheduler s = TierScheduler.newBuilder().model(Fixtures.model()).build();
    assertEquals(c, s.sloClasses());
    assertEquals("business-standard", s.sloClass(null).name());
  }

  @Test
  void sloClassesValidateWithTheirName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SloClass.newBuilder("x").target(1.0));
    assertTrue(e.getMessage().contains("target of class x") && e.getMessage().contains("1.0"));
    assertThrows(IllegalArgumentException.class, () -> SloClass.newBuilder(" "));
    assertThrows(
        IllegalArgumentException.class, () -> SloClass.newBuilder("x").deadline(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> SloClass.newBuilder("x").budgetSensitivity(-0.1));
    assertThrows(
        IllegalStateException.class, () -> SloClass.newBuilder("x").target(0.9).target(0.8));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SloClass.newBuilder("x")
                    .deadline(Duration.ofSeconds(1))
                    .ttftDeadline(Duration.ofSeconds(2))
                    .build());
    assertTrue(e.getMessage().contains("exceeds its deadline"), e.getMessage());
  }

  @Test
  void requestsValidateTheirFields() {
    assertThrows(IllegalArgumentException.class, () -> TierRequest.newBuilder("m").inputTokens(-1));
    assertThrows(IllegalArgumentException.class, () -> TierRequest.newBuilder("m").maxTokens(0));
    assertThrows(
        IllegalArgumentException.class, () -> TierRequest.newBuilder("m").outputTokensHint(-5));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> TierRequest.newBuilder("m").build());
    assertTrue(e.getMessage().contains("arrival time or a deadline"), e.getMessage());
    e =
        assertThrows(
            IllegalStateException.class,
            () -> TierRequest.newBuilder("m").deadlineAfter(Duration.ofSeconds(1)).build());
    assertTrue(e.getMessage().contains("arrival"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> TierRequest.newBuilder("m").deadlineAfter(Duration.ofSeconds(-1)));
    assertThrows(
        IllegalStateException.class,
        () -> TierRequest.newBuilder("m").deadlineNanos(5).deadlineAfter(Duration.ofSeconds(1)));
    TierRequest r =
        TierRequest.newBuilder("m").arrivalNanos(100).deadlineAfter(Duration.ofNanos(50)).build();
    assertEquals(150, r.deadlineNanos());
    assertEquals("", r.tag());
    assertEquals(-1, r.outputTokensHint());
    assertThrows(IllegalStateException.class, r::ttftDeadlineNanos);
  }

  @Test
  void budgetsAndPricesAndPriorsValidate() {
    assertThrows(IllegalArgumentException.class, () -> Budget.perWindow(0, Duration.ofHours(1)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Budget.perWindow(10, Duration.ofHours(1)).withHardCap(5));
    assertTrue(e.getMessage().contains("below the amount"), e.getMessage());
    assertTrue(Budget.perWindow(10, Duration.ofHours(1)).withHardCap(12).hasHardCap());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                LatencyPrior.of(
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(3),
                    100,
                    0.01,
                    Duration.ZERO));
    assertTrue(e.getMessage().contains("p50 <= p90 <= p99"), e.getMessage());
    assertThrows(
        IllegalStateException.class, () -> ModelConfig.newBuilder("m").build(), "prices required");
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.newBuilder("m").tiers());
  }

  @Test
  void theSchedulerBuilderChecksConsistency() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> TierScheduler.newBuilder().defaultClass("gold").build());
    assertTrue(e.getMessage().contains("'gold'"), e.getMessage());
    assertThrows(
        IllegalStateException.class,
        () -> TierScheduler.newBuilder().window(Duration.ofMillis(5)).slices(10).build());
    assertThrows(
        IllegalStateException.class,
        () -> TierScheduler.newBuilder().model(Fixtures.model()).model(Fixtures.model()));
    assertThrows(
        IllegalArgumentException.class, () -> TierScheduler.newBuilder().tierConcurrency(5, 2));
    assertThrows(
        IllegalArgumentException.class, () -> TierScheduler.newBuilder().limitBackoff(1.0));
  }

  @Test
  void durationsTooLongForNanosecondsAndNegativeTokensAreNamed() {
    Duration huge = Duration.ofDays(365L * 300);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> TierScheduler.newBuilder().recency(huge));
    assertTrue(e.getMessage().contains("recency is too long"), e.getMessage());
    Duration ms = Duration.ofMillis(100);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LatencyPrior.of(ms, ms, ms, ms, ms, ms, 0.1, huge));
    assertTrue(e.getMessage().contains("throttleDelay is too long"), e.getMessage());
    TierPrices p = TierPrices.fromStandard(1, 2);
    e = assertThrows(IllegalArgumentException.class, () -> p.costUsd(Tier.STANDARD, -5, 1));
    assertTrue(e.getMessage().contains("inputTokens"), e.getMessage());
    assertEquals(0, p.costUsd(Tier.STANDARD, 0, 0));
  }
}
