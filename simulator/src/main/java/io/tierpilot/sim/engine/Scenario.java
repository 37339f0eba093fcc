package io.tierpilot.sim.engine;

import io.tierpilot.core.Budget;
import io.tierpilot.core.TierPrices;
import io.tierpilot.sim.provider.ProviderSpec;
import io.tierpilot.sim.workload.WorkloadOptions;
import io.tierpilot.sim.workload.WorkloadSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one simulation compares policies on: the workload, the SLO classes, the provider,
 * prices, budget and seed. Immutable; built by the CLI or by tests.
 */
public final class Scenario {
  /** The model of requests whose trace names none. */
  public static final String DEFAULT_MODEL = "openai.gpt-oss-120b-1:0";

  /** The output cap requests are sent with unless set otherwise. */
  public static final long DEFAULT_MAX_TOKENS = 4096;

  /** The class target unless set otherwise. */
  public static final double DEFAULT_TARGET = 0.99;

  /** The seed unless set otherwise. */
  public static final long DEFAULT_SEED = 42;

  /** Standard's price of the default model, $ per 1M input and output tokens (gpt-oss-120b). */
  public static final double DEFAULT_INPUT_PRICE = 0.15;

  public static final double DEFAULT_OUTPUT_PRICE = 0.60;

  public final List<WorkloadSpec> workloads;
  public final WorkloadOptions workloadOptions;
  public final List<SloClassSpec> classes;
  public final ProviderSpec provider;
  public final String providerText;
  public final long seed;
  public final Budget budget;
  public final String defaultModel;
  public final long maxTokens;
  public final TierPrices prices;
  public final Path schedulerConfig;
  public final double target;
  public final List<String> policies;
  public final boolean hedging;

  /** Replay at most this many requests of the workload (a prefix); -1 for all. */
  public final long maxRequests;

  public Scenario(
      List<WorkloadSpec> workloads,
      WorkloadOptions workloadOptions,
      List<SloClassSpec> classes,
      ProviderSpec provider,
      String providerText,
      long seed,
      Budget budget,
      String defaultModel,
      long maxTokens,
      TierPrices prices,
      Path schedulerConfig,
      double target,
      List<String> policies) {
    this(
        workloads,
        workloadOptions,
        classes,
        provider,
        providerText,
        seed,
        budget,
        defaultModel,
        maxTokens,
        prices,
        schedulerConfig,
        target,
        policies,
        true);
  }

  /**
   * @param hedging whether the adaptive policy hedges the classes recommended for Priority (when
   *     its classes come from the scenario rather than a configuration file)
   */
  public Scenario(
      List<WorkloadSpec> workloads,
      WorkloadOptions workloadOptions,
      List<SloClassSpec> classes,
      ProviderSpec provider,
      String providerText,
      long seed,
      Budget budget,
      String defaultModel,
      long maxTokens,
      TierPrices prices,
      Path schedulerConfig,
      double target,
      List<String> policies,
      boolean hedging) {
    if (workloads.isEmpty()) {
      throw new IllegalArgumentException("a scenario needs at least one workload");
    }
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("a scenario needs at least one SLO class");
    }
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("a scenario needs at least one policy");
    }
    this.workloads = List.copyOf(workloads);
    this.workloadOptions = workloadOptions;
    this.classes = List.copyOf(classes);
    this.provider = provider;
    this.providerText = providerText;
    this.seed = seed;
    this.budget = budget;
    this.defaultModel = defaultModel;
    this.maxTokens = maxTokens;
    this.prices = prices;
    this.schedulerConfig = schedulerConfig;
    this.target = target;
    this.policies = List.copyOf(policies);
    this.hedging = hedging;
    this.maxRequests = -1;
  }

  /** A copy of {@code base} with other policies, configuration file and request limit. */
  private Scenario(Scenario base, List<String> policies, Path schedulerConfig, long maxRequests) {
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("a scenario needs at least one policy");
    }
    this.workloads = base.workloads;
    this.workloadOptions = base.workloadOptions;
    this.classes = base.classes;
    this.provider = base.provider;
    this.providerText = base.providerText;
    this.seed = base.seed;
    this.budget = base.budget;
    this.defaultModel = base.defaultModel;
    this.maxTokens = base.maxTokens;
    this.prices = base.prices;
    this.schedulerConfig = schedulerConfig;
    this.target = base.target;
    this.policies = List.copyOf(policies);
    this.hedging = base.hedging;
    this.maxRequests = maxRequests;
  }

  /** Returns this scenario with other policies. */
  public Scenario withPolicies(List<String> names) {
    return new Scenario(this, names, schedulerConfig, maxRequests);
  }

  /** Returns this scenario with the adaptive policy configured from a file (null: none). */
  public Scenario withSchedulerConfig(Path file) {
    return new Scenario(this, policies, file, maxRequests);
  }

  /** Returns this scenario replaying only the first {@code n} requests ({@code -1}: all). */
  public Scenario withMaxRequests(long n) {
    return new Scenario(this, policies, schedulerConfig, n);
  }

  /** Returns the workload as the user named it. */
  public String workloadText() {
    StringBuilder s = new StringBuilder();
    for (WorkloadSpec w : workloads) {
      if (s.length() > 0) {
        s.append(" + ");
      }
      s.append(w.text());
    }
    return s.toString();
  }
}
