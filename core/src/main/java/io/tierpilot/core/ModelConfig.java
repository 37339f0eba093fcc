package io.tierpilot.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One model the scheduler may route: its id, the tiers it supports, its prices and, optionally,
 * per-tier latency priors that override the scheduler's. Immutable.
 *
 * <pre>{@code
 * ModelConfig gptOss = ModelConfig.newBuilder("openai.gpt-oss-120b-1:0")
 *     .prices(TierPrices.fromStandard(0.15, 0.60))
 *     .build(); // Flex, Standard and Priority
 * }</pre>
 *
 * <p>The supported tiers are a starting point: a tier the provider rejects as unsupported for the
 * model ({@link TierScheduler#recordUnsupported}) is not chosen again for it.
 */
public final class ModelConfig {
  private static final Set<Tier> DEFAULT_TIERS =
      EnumSet.of(Tier.FLEX, Tier.STANDARD, Tier.PRIORITY);

  private final String id;
  private final Set<Tier> tiers;
  private final TierPrices prices;
  private final Map<Tier, LatencyPrior> priors;

  private ModelConfig(Builder b) {
    this.id = b.id;
    this.tiers = Collections.unmodifiableSet(EnumSet.copyOf(b.tiers));
    this.prices = b.prices;
    this.priors = Collections.unmodifiableMap(new EnumMap<>(b.priors));
  }

  /**
   * Starts a model configuration. Defaults: tiers Flex, Standard and Priority; no prior overrides.
   * Prices are required.
   *
   * @param modelId the provider's model id; not blank
   * @return a builder
   */
  public static Builder newBuilder(String modelId) {
    return new Builder(Checks.notBlank(modelId, "modelId"));
  }

  /** Returns the model id. */
  public String id() {
    return id;
  }

  /** Returns the tiers configured as supported (before any are learned to be unsupported). */
  public Set<Tier> tiers() {
    return tiers;
  }

  /** Returns the prices. */
  public TierPrices prices() {
    return prices;
  }

  /** Returns the per-tier prior overrides; tiers without one use the scheduler's. */
  public Map<Tier, LatencyPrior> priors() {
    return priors;
  }

  int tierMask() {
    return Tier.maskOf(tiers.toArray(new Tier[0]));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ModelConfig)) {
      return false;
    }
    ModelConfig m = (ModelConfig) o;
    return id.equals(m.id)
        && tiers.equals(m.tiers)
        && prices.equals(m.prices)
        && priors.equals(m.priors);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + tiers.hashCode();
  }

  @Override
  public String toString() {
    return "ModelConfig{id="
        + id
        + ", tiers="
        + tiers
        + ", prices="
        + prices
        + (priors.isEmpty() ? "" : ", priors=" + priors)
        + "}";
  }

  /** Builds a {@link ModelConfig}; each setting may be set once. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private Set<Tier> tiers = DEFAULT_TIERS;
    private boolean tiersSet;
    private TierPrices prices;
    private final Map<Tier, LatencyPrior> priors = new EnumMap<>(Tier.class);

    private Builder(String id) {
      this.id = id;
    }

    /**
     * Sets the tiers the model supports.
     *
     * @param tiers at least one; no nulls
     * @return this builder
     */
    public Builder tiers(Tier... tiers) {
      Checks.unset(tiersSet, "tiers of model " + id);
      Checks.notNull(tiers, "tiers of model " + id);
      if (tiers.length == 0) {
        throw new IllegalArgumentException("model " + id + " must support at least one tier");
      }
      for (Tier t : tiers) {
        Checks.notNull(t, "tier of model " + id);
      }
      this.tiers = EnumSet.copyOf(Arrays.asList(tiers));
      tiersSet = true;
      return this;
    }

    /**
     * Sets the model's prices.
     *
     * @param prices not null
     * @return this builder
     */
    public Builder prices(TierPrices prices) {
      Checks.unset(this.prices != null, "prices of model " + id);
      this.prices = Checks.notNull(prices, "prices of model " + id);
      return this;
    }

    /**
     * Overrides the latency prior of one tier for this model, for example from a probe.
     *
     * @param tier not null
     * @param prior not null
     * @return this builder
     */
    public Builder prior(Tier tier, LatencyPrior prior) {
      Checks.notNull(tier, "tier");
      Checks.unset(priors.containsKey(tier), "prior of model " + id + " tier " + tier);
      priors.put(tier, Checks.notNull(prior, "prior"));
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws IllegalStateException if no prices were set
     */
    public ModelConfig build() {
      if (prices == null) {
        throw new IllegalStateException("model " + id + " needs prices");
      }
      return new ModelConfig(this);
    }
  }
}
