package io.tierpilot.core;

/** Small accessors for tests. */
final class DecisionTestSupport {
  private DecisionTestSupport() {}

  static long samples(TierScheduler s, Tier tier) {
    return SchedulerDecisionTest.tier(s.snapshot(), tier).windowSamples();
  }
}
