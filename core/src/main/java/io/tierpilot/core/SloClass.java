package io.tierpilot.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A service-level class: how likely a request of this class must be to finish before its deadline,
 * the deadline it gets when the request names none, and how it gives way when spend runs ahead of
 * budget. Immutable.
 *
 * <p>Three ready-made classes follow the categories of the AWS blog on Bedrock service tiers
 * (mission-critical, business-standard, business-noncritical). They are plain defaults: build your
 * own with {@link #newBuilder(String)}.
 *
 * <pre>{@code
 * SloClass interactive = SloClass.newBuilder("interactive")
 *     .target(0.99)
 *     .deadline(Duration.ofSeconds(10))
 *     .budgetSensitivity(0.0)
 *     .build();
 * }</pre>
 */
public final class SloClass {

  /** What a class does once the budget's hard cap is reached. */
  public enum HardCapRule {
    /**
     * Send the request to the cheapest supported tier, whatever its chance of meeting the SLO;
     * never refused by budget pacing either.
     */
    DEGRADE,
    /**
     * Make no call; the decision carries {@link ReasonCode#BUDGET_CAP_REJECTED}. Before the cap,
     * budget pacing may refuse a share of the class ({@link ReasonCode#BUDGET_SHED}).
     */
    REJECT
  }

  private final String name;
  private final double target;
  private final long deadlineNanos;
  private final long ttftDeadlineNanos;
  private final double budgetSensitivity;
  private final HardCapRule hardCapRule;
  private final Tier recommendedTier;
  private final long hedgeDelayNanos;

  private SloClass(Builder b) {
    this.hedgeDelayNanos = b.hedgeDelayNanos;
    this.name = b.name;
    this.target = b.target;
    this.deadlineNanos = b.deadlineNanos;
    this.ttftDeadlineNanos = b.ttftDeadlineNanos;
    this.budgetSensitivity = b.budgetSensitivity;
    this.hardCapRule = b.hardCapRule;
    this.recommendedTier = b.recommendedTier;
  }

  /**
   * Starts a class with the given name. Defaults: target 0.99, deadline 60 s, no separate TTFT
   * deadline, budget sensitivity 0.5, hard-cap rule {@link HardCapRule#DEGRADE}, no recommended
   * tier.
   *
   * @param name the class name, as requests and reports use it; not blank
   * @return a builder
   */
  public static Builder newBuilder(String name) {
    return new Builder(Checks.notBlank(name, "class name"));
  }

  /**
   * The AWS blog's "mission-critical" category: target 0.99, deadline 10 s, never degraded by
   * budget pacing (sensitivity 0), recommended tier Priority.
   */
  public static SloClass missionCritical() {
    return newBuilder("mission-critical")
        .target(0.99)
        .deadline(Duration.ofSeconds(10))
        .budgetSensitivity(0.0)
        .recommendedTier(Tier.PRIORITY)
        .build();
  }

  /**
   * The AWS blog's "business-standard" category: target 0.99, deadline 60 s, half as sensitive to
   * budget pacing as non-critical work, recommended tier Standard.
   */
  public static SloClass businessStandard() {
    return newBuilder("business-standard")
        .target(0.99)
        .deadline(Duration.ofSeconds(60))
        .budgetSensitivity(0.5)
        .recommendedTier(Tier.STANDARD)
        .build();
  }

  /**
   * The AWS blog's "business-noncritical" category: target 0.95, deadline 30 min, the first to give
   * way to budget pacing (sensitivity 1), recommended tier Flex.
   */
  public static SloClass businessNoncritical() {
    return newBuilder("business-noncritical")
        .target(0.95)
        .deadline(Duration.ofMinutes(30))
        .budgetSensitivity(1.0)
        .recommendedTier(Tier.FLEX)
        .build();
  }

  /** Returns the three AWS blog categories, most critical first. */
  public static List<SloClass> awsCategories() {
    return List.of(missionCritical(), businessStandard(), businessNoncritical());
  }

  /** Returns the class name. */
  public String name() {
    return name;
  }

  /** Returns the target probability of meeting the deadline, in (0, 1). */
  public double target() {
    return target;
  }

  /** Returns the default end-to-end deadline, measured from the request's arrival. */
  public Duration deadline() {
    return Duration.ofNanos(deadlineNanos);
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  /**
   * Returns the default time-to-first-token deadline (from arrival) for streaming calls, or {@code
   * null} if the class has none.
   */
  public Duration ttftDeadline() {
    return ttftDeadlineNanos < 0 ? null : Duration.ofNanos(ttftDeadlineNanos);
  }

  long ttftDeadlineNanos() {
    return ttftDeadlineNanos;
  }

  /**
   * Returns how strongly budget pacing relaxes this class's target, in [0, 1]: 0 never, 1 fully
   * (see {@link TierScheduler} for the formula).
   */
  public double budgetSensitivity() {
    return budgetSensitivity;
  }

  /** Returns what happens to this class's requests once the budget's hard cap is reached. */
  public HardCapRule hardCapRule() {
    return hardCapRule;
  }

  /**
   * Returns whether budget pacing may refuse the class's requests: a budget sensitivity above 0 and
   * the hard-cap rule {@link HardCapRule#REJECT}.
   */
  boolean acceptsRefusals() {
    return budgetSensitivity > 0 && hardCapRule == HardCapRule.REJECT;
  }

  /**
   * Returns the hedge delay: if a call of this class has no first token after it, a backup may be
   * sent on a faster tier ({@link TierScheduler#hedge}); {@code null} if the class does not hedge
   * (the default).
   */
  public Duration hedgeDelay() {
    return hedgeDelayNanos < 0 ? null : Duration.ofNanos(hedgeDelayNanos);
  }

  long hedgeDelayNanos() {
    return hedgeDelayNanos;
  }

  /**
   * Returns the tier a fixed category → tier table would use for this class (the AWS blog's
   * advice), or {@code null}. The adaptive scheduler does not use it; comparisons do.
   */
  public Tier recommendedTier() {
    return recommendedTier;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SloClass)) {
      return false;
    }
    SloClass c = (SloClass) o;
    return name.equals(c.name)
        && target == c.target
        && deadlineNanos == c.deadlineNanos
        && ttftDeadlineNanos == c.ttftDeadlineNanos
        && budgetSensitivity == c.budgetSensitivity
        && hardCapRule == c.hardCapRule
        && recommendedTier == c.recommendedTier
        && hedgeDelayNanos == c.hedgeDelayNanos;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        target,
        deadlineNanos,
        ttftDeadlineNanos,
        budgetSensitivity,
        hardCapRule,
        recommendedTier);
  }

  @Override
  public String toString() {
    return name
        + "{target="
        + target
        + ", deadline="
        + Durations.format(deadline())
        + (ttftDeadlineNanos < 0 ? "" : ", ttftDeadline=" + Durations.format(ttftDeadline()))
        + ", budgetSensitivity="
        + budgetSensitivity
        + ", onHardCap="
        + hardCapRule
        + (recommendedTier == null ? "" : ", recommendedTier=" + recommendedTier)
        + (hedgeDelayNanos < 0 ? "" : ", hedgeDelay=" + Durations.format(hedgeDelay()))
        + "}";
  }

  /** Builds an {@link SloClass}; each setting may be set once. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private double target = 0.99;
    private boolean targetSet;
    private long deadlineNanos = Duration.ofSeconds(60).toNanos();
    private boolean deadlineSet;
    private long ttftDeadlineNanos = -1;
    private double budgetSensitivity = 0.5;
    private boolean sensitivitySet;
    private HardCapRule hardCapRule = HardCapRule.DEGRADE;
    private boolean hardCapSet;
    private Tier recommendedTier;
    private long hedgeDelayNanos = -1;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the target probability of meeting the deadline.
     *
     * @param target in (0, 1), for example 0.99
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder target(double target) {
      Checks.unset(targetSet, "target of class " + name);
      this.target = Checks.openProbability(target, "target of class " + name);
      targetSet = true;
      return this;
    }

    /**
     * Sets the default end-to-end deadline, counted from the request's arrival.
     *
     * @param deadline positive; not null
     * @return this builder
     */
    public Builder deadline(Duration deadline) {
      Checks.unset(deadlineSet, "deadline of class " + name);
      this.deadlineNanos = Checks.positiveNanos(deadline, "deadline of class " + name);
      deadlineSet = true;
      return this;
    }

    /**
     * Sets a default time-to-first-token deadline for streaming calls, counted from arrival.
     *
     * @param ttftDeadline positive; not null
     * @return this builder
     */
    public Builder ttftDeadline(Duration ttftDeadline) {
      Checks.unset(ttftDeadlineNanos >= 0, "ttftDeadline of class " + name);
      this.ttftDeadlineNanos = Checks.positiveNanos(ttftDeadline, "ttftDeadline of class " + name);
      return this;
    }

    /**
     * Sets how strongly budget pacing relaxes this class's target: 0 never, 1 fully. For a class
     * whose {@link #hardCapRule hard-cap rule} is {@link HardCapRule#REJECT}, it also sets how much
     * of the class pacing refuses once the pacing multiplier is at its maximum and spend still runs
     * ahead of the budget: a request is then sent with probability {@code a^σ} ({@link
     * TierScheduler#budgetAdmission()}), otherwise refused ({@link ReasonCode#BUDGET_SHED}).
     *
     * @param sensitivity in [0, 1]
     * @return this builder
     */
    public Builder budgetSensitivity(double sensitivity) {
      Checks.unset(sensitivitySet, "budgetSensitivity of class " + name);
      this.budgetSensitivity =
          Checks.probability(sensitivity, "budgetSensitivity of class " + name);
      sensitivitySet = true;
      return this;
    }

    /**
     * Sets what happens once the budget's hard cap is reached, and whether budget pacing may refuse
     * the class's requests before it: {@link HardCapRule#REJECT} accepts refusals (with a budget
     * sensitivity above 0, see {@link #budgetSensitivity}), {@link HardCapRule#DEGRADE} (the
     * default) never refuses and sends to the cheapest tier.
     *
     * @param rule not null
     * @return this builder
     */
    public Builder hardCapRule(HardCapRule rule) {
      Checks.unset(hardCapSet, "hardCapRule of class " + name);
      this.hardCapRule = Checks.notNull(rule, "hardCapRule of class " + name);
      hardCapSet = true;
      return this;
    }

    /**
     * Sets the tier a fixed category → tier table would use for this class.
     *
     * @param tier not null
     * @return this builder
     */
    public Builder recommendedTier(Tier tier) {
      Checks.unset(recommendedTier != null, "recommendedTier of class " + name);
      this.recommendedTier = Checks.notNull(tier, "recommendedTier of class " + name);
      return this;
    }

    /**
     * Makes the class hedge: a call without a first token after {@code delay} may get a backup on a
     * faster tier, within the scheduler's hedge share (see {@link TierScheduler#hedge}).
     *
     * @param delay positive; not null
     * @return this builder
     */
    public Builder hedgeDelay(Duration delay) {
      Checks.unset(hedgeDelayNanos >= 0, "hedgeDelay of class " + name);
      this.hedgeDelayNanos = Checks.positiveNanos(delay, "hedgeDelay of class " + name);
      return this;
    }

    /** Returns the class. */
    public SloClass build() {
      if (ttftDeadlineNanos > deadlineNanos) {
        throw new IllegalArgumentException(
            "ttftDeadline of class "
                + name
                + " ("
                + Durations.format(Duration.ofNanos(ttftDeadlineNanos))
                + ") exceeds its deadline ("
                + Durations.format(Duration.ofNanos(deadlineNanos))
                + ")");
      }
      return new SloClass(this);
    }
  }
}
