package io.tierpilot.sim.policy;

import io.tierpilot.core.Budget;
import io.tierpilot.core.TierPrices;
import io.tierpilot.sim.engine.Clairvoyance;
import io.tierpilot.sim.engine.SloClassSpec;
import io.tierpilot.sim.engine.VirtualClock;
import java.nio.file.Path;
import java.util.List;

/** What a policy may know about the scenario it runs in. Immutable. */
public final class PolicyContext {
  private final List<SloClassSpec> classes;
  private final TierPrices prices;
  private final VirtualClock clock;
  private final Budget budget;
  private final Path schedulerConfig;
  private final double target;
  private final long maxTokens;
  private final long seed;
  private final Clairvoyance clairvoyance;
  private final boolean hedging;

  /**
   * @param classes the SLO classes
   * @param prices the price table of every model
   * @param clock virtual time
   * @param budget the budget, or null
   * @param schedulerConfig a tierpilot configuration file for the adaptive policy, or null
   * @param target the target probability of every class unless the configuration says otherwise
   * @param maxTokens the output cap each request is sent with
   * @param seed the scenario's seed
   * @param clairvoyance the oracle's view of the provider
   * @param hedging whether the adaptive policy hedges the classes recommended for Priority
   */
  public PolicyContext(
      List<SloClassSpec> classes,
      TierPrices prices,
      VirtualClock clock,
      Budget budget,
      Path schedulerConfig,
      double target,
      long maxTokens,
      long seed,
      Clairvoyance clairvoyance,
      boolean hedging) {
    this.hedging = hedging;
    this.classes = List.copyOf(classes);
    this.prices = prices;
    this.clock = clock;
    this.budget = budget;
    this.schedulerConfig = schedulerConfig;
    this.target = target;
    this.maxTokens = maxTokens;
    this.seed = seed;
    this.clairvoyance = clairvoyance;
  }

  public List<SloClassSpec> classes() {
    return classes;
  }

  public TierPrices prices() {
    return prices;
  }

  public VirtualClock clock() {
    return clock;
  }

  /** Returns the budget, or null. */
  public Budget budget() {
    return budget;
  }

  /** Returns the adaptive policy's configuration file, or null. */
  public Path schedulerConfig() {
    return schedulerConfig;
  }

  public double target() {
    return target;
  }

  public long maxTokens() {
    return maxTokens;
  }

  public long seed() {
    return seed;
  }

  /** Returns whether the adaptive policy hedges the classes recommended for Priority. */
  public boolean hedging() {
    return hedging;
  }

  /** Returns the oracle's view of the provider; only the oracle may use it. */
  Clairvoyance clairvoyance() {
    return clairvoyance;
  }
}
