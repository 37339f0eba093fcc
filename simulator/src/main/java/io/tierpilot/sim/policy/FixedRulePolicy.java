package io.tierpilot.sim.policy;

import io.tierpilot.core.Tier;
import io.tierpilot.sim.engine.SimRequest;
import java.util.function.BiFunction;

/**
 * The rules teams write by hand: a tier per request from a fixed rule, and after a throttle the
 * same tier again with exponential backoff (as the AWS SDK's standard retry mode does), or another
 * fixed tier. No call is made once the deadline has passed (the client's timeout), and at most
 * {@value #MAX_ATTEMPTS} attempts.
 */
final class FixedRulePolicy implements Policy {
  /** Attempts per request, as the AWS SDK's standard retry mode (1 + 3 retries). */
  static final int MAX_ATTEMPTS = 4;

  /** First backoff after a throttle; doubles per retry, as the SDK's standard mode. */
  static final long BASE_BACKOFF_NANOS = 500_000_000L;

  private final String name;
  private final String description;
  private final BiFunction<SimRequest, Integer, Tier> rule;

  /**
   * @param rule the tier for a request and an attempt number (1 for the first)
   */
  FixedRulePolicy(String name, String description, BiFunction<SimRequest, Integer, Tier> rule) {
    this.name = name;
    this.description = description;
    this.rule = rule;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Tier choose(SimRequest r, long nowNanos) {
    if (nowNanos >= r.deadlineNanos) {
      r.expired = true;
      return null;
    }
    if (r.attempts() >= MAX_ATTEMPTS) {
      return null;
    }
    return rule.apply(r, r.attempts() + 1);
  }

  @Override
  public long retryDelayNanos(SimRequest r) {
    Tier next = rule.apply(r, r.attempts() + 1);
    if (next != r.tier()) {
      return 0; // a switch to another tier is immediate
    }
    return BASE_BACKOFF_NANOS << Math.min(10, r.attempts() - 1);
  }
}
