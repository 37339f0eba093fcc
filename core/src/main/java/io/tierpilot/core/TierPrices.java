package io.tierpilot.core;

import java.util.Arrays;
import java.util.Locale;

/**
 * Prices of one model in US dollars per one million input and output tokens, per tier. Immutable.
 *
 * <p>{@link #fromStandard(double, double)} derives the other tiers from the Standard price with the
 * documented default factors:
 *
 * <ul>
 *   <li>Flex: {@value #DEFAULT_FLEX_FACTOR} × Standard (the 50% discount reported by secondary
 *       sources and matching OpenAI's, Google's and Azure's flex tiers);
 *   <li>Priority: {@value #DEFAULT_PRIORITY_FACTOR} × Standard. <b>This premium is an
 *       assumption</b>: AWS publishes no percentage; OpenAI's and Google's priority tiers cost
 *       1.75–2× standard. Set the real price with {@link #withTier(Tier, double, double)};
 *   <li>Reserved: {@value #DEFAULT_RESERVED_FACTOR} × Standard: reserved capacity is paid for in
 *       advance, so a call on it costs nothing more. Set an amortized price if you account for it.
 * </ul>
 *
 * <p>Example: gpt-oss-120b on Bedrock Standard at $0.15 input / $0.60 output per 1M tokens is
 * {@code TierPrices.fromStandard(0.15, 0.60)}.
 */
public final class TierPrices {
  /** Default Flex price as a fraction of Standard. */
  public static final double DEFAULT_FLEX_FACTOR = 0.5;

  /** Default Priority price as a multiple of Standard (an assumption; see the class comment). */
  public static final double DEFAULT_PRIORITY_FACTOR = 1.75;

  /** Default Reserved marginal price as a fraction of Standard. */
  public static final double DEFAULT_RESERVED_FACTOR = 0.0;

  private final double[] inputPerMillion;
  private final double[] outputPerMillion;

  private TierPrices(double[] inputPerMillion, double[] outputPerMillion) {
    this.inputPerMillion = inputPerMillion;
    this.outputPerMillion = outputPerMillion;
  }

  /**
   * Returns prices derived from the Standard price with the default tier factors.
   *
   * @param inputUsdPerMillion Standard price of 1M input tokens, {@code >= 0}
   * @param outputUsdPerMillion Standard price of 1M output tokens, {@code >= 0}
   * @return the prices
   */
  public static TierPrices fromStandard(double inputUsdPerMillion, double outputUsdPerMillion) {
    return fromStandard(
        inputUsdPerMillion,
        outputUsdPerMillion,
        DEFAULT_FLEX_FACTOR,
        DEFAULT_PRIORITY_FACTOR,
        DEFAULT_RESERVED_FACTOR);
  }

  /**
   * Returns prices derived from the Standard price with explicit tier factors.
   *
   * @param inputUsdPerMillion Standard price of 1M input tokens, {@code >= 0}
   * @param outputUsdPerMillion Standard price of 1M output tokens, {@code >= 0}
   * @param flexFactor Flex price as a multiple of Standard, {@code >= 0}
   * @param priorityFactor Priority price as a multiple of Standard, {@code >= 0}
   * @param reservedFactor Reserved price as a multiple of Standard, {@code >= 0}
   * @return the prices
   */
  public static TierPrices fromStandard(
      double inputUsdPerMillion,
      double outputUsdPerMillion,
      double flexFactor,
      double priorityFactor,
      double reservedFactor) {
    Checks.nonNegative(inputUsdPerMillion, "standard input price");
    Checks.nonNegative(outputUsdPerMillion, "standard output price");
    double[] factor = new double[Tier.values().length];
    factor[Tier.FLEX.ordinal()] = Checks.nonNegative(flexFactor, "flex price factor");
    factor[Tier.STANDARD.ordinal()] = 1.0;
    factor[Tier.PRIORITY.ordinal()] = Checks.nonNegative(priorityFactor, "priority price factor");
    factor[Tier.RESERVED.ordinal()] = Checks.nonNegative(reservedFactor, "reserved price factor");
    double[] in = new double[factor.length];
    double[] out = new double[factor.length];
    for (int i = 0; i < factor.length; i++) {
      in[i] = inputUsdPerMillion * factor[i];
      out[i] = outputUsdPerMillion * factor[i];
    }
    return new TierPrices(in, out);
  }

  /**
   * Returns a copy with an explicit price for one tier.
   *
   * @param tier not null
   * @param inputUsdPerMillion price of 1M input tokens on that tier, {@code >= 0}
   * @param outputUsdPerMillion price of 1M output tokens on that tier, {@code >= 0}
   * @return the new prices
   */
  public TierPrices withTier(Tier tier, double inputUsdPerMillion, double outputUsdPerMillion) {
    Checks.notNull(tier, "tier");
    double[] in = inputPerMillion.clone();
    double[] out = outputPerMillion.clone();
    in[tier.ordinal()] = Checks.nonNegative(inputUsdPerMillion, tier + " input price");
    out[tier.ordinal()] = Checks.nonNegative(outputUsdPerMillion, tier + " output price");
    return new TierPrices(in, out);
  }

  /** Returns the price of 1M input tokens on {@code tier}, in US dollars. */
  public double inputPerMillion(Tier tier) {
    return inputPerMillion[Checks.notNull(tier, "tier").ordinal()];
  }

  /** Returns the price of 1M output tokens on {@code tier}, in US dollars. */
  public double outputPerMillion(Tier tier) {
    return outputPerMillion[Checks.notNull(tier, "tier").ordinal()];
  }

  /**
   * Returns the cost of a call in US dollars.
   *
   * @param tier the tier that served the call; not null
   * @param inputTokens {@code >= 0}
   * @param outputTokens {@code >= 0}
   * @return dollars
   */
  public double costUsd(Tier tier, long inputTokens, long outputTokens) {
    Checks.nonNegative(inputTokens, "inputTokens");
    Checks.nonNegative(outputTokens, "outputTokens");
    return cost(Checks.notNull(tier, "tier").ordinal(), inputTokens, (double) outputTokens);
  }

  double cost(int tierOrdinal, long inputTokens, double outputTokens) {
    return (inputTokens * inputPerMillion[tierOrdinal]
            + outputTokens * outputPerMillion[tierOrdinal])
        * 1e-6;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TierPrices
        && Arrays.equals(inputPerMillion, ((TierPrices) o).inputPerMillion)
        && Arrays.equals(outputPerMillion, ((TierPrices) o).outputPerMillion);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(inputPerMillion) * 31 + Arrays.hashCode(outputPerMillion);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("TierPrices{");
    for (Tier t : Tier.values()) {
      s.append(
          String.format(
              Locale.ROOT,
              "%s: $%s/$%s per 1M; ",
              t,
              inputPerMillion[t.ordinal()],
              outputPerMillion[t.ordinal()]));
    }
    s.setLength(s.length() - 2);
    return s.append('}').toString();
  }
}
