package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TierTest {
  @Test
  void wireValuesAreBedrocks() {
    assertEquals("priority", Tier.PRIORITY.wireValue());
    assertEquals("default", Tier.STANDARD.wireValue());
    assertEquals("flex", Tier.FLEX.wireValue());
    assertEquals("reserved", Tier.RESERVED.wireValue());
    assertEquals("standard", Tier.STANDARD.reportName());
  }

  @Test
  void parsesBothSpellingsOfStandard() {
    assertEquals(Tier.STANDARD, Tier.fromWireValue("default"));
    assertEquals(Tier.STANDARD, Tier.fromWireValue("Standard"));
    assertEquals(Tier.RESERVED, Tier.fromWireValue("reserved"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tier.fromWireValue("gold"));
    assertTrue(e.getMessage().contains("'gold'"));
  }

  @Test
  void pricesFollowTheDocumentedFactors() {
    TierPrices p = TierPrices.fromStandard(0.15, 0.60);
    assertEquals(0.075, p.inputPerMillion(Tier.FLEX), 1e-12);
    assertEquals(0.2625, p.inputPerMillion(Tier.PRIORITY), 1e-12);
    assertEquals(1.05, p.outputPerMillion(Tier.PRIORITY), 1e-12);
    assertEquals(0.0, p.outputPerMillion(Tier.RESERVED), 1e-12);
    // 1M input + 1M output tokens on Standard
    assertEquals(0.75, p.costUsd(Tier.STANDARD, 1_000_000, 1_000_000), 1e-12);
    assertEquals(
        2.0,
        p.withTier(Tier.PRIORITY, 1.0, 1.0).costUsd(Tier.PRIORITY, 1_000_000, 1_000_000),
        1e-12);
    assertThrows(IllegalArgumentException.class, () -> TierPrices.fromStandard(-1, 1));
  }
}
