package io.tierpilot.core;

import java.util.Locale;

/**
 * A service tier of an LLM provider, as Amazon Bedrock names them.
 *
 * <p>The declaration order is the escalation order used by default when prices are equal: {@link
 * #FLEX} (discounted, served last, may be throttled), {@link #STANDARD} (regular price), {@link
 * #PRIORITY} (served first, premium price). {@link #RESERVED} (pre-bought capacity) is recognised
 * as a served tier and as a price-table entry; it is chosen only for models that list it as
 * supported.
 *
 * <p>Each tier has the wire value Bedrock expects: Standard is sent as {@code default}, not {@code
 * standard}. {@link #fromWireValue(String)} accepts both spellings.
 */
public enum Tier {
  /** Discounted, best effort, throttled when the provider is busy. Wire value {@code flex}. */
  FLEX("flex", "flex"),
  /** Regular price and performance. Wire value {@code default}. */
  STANDARD("default", "standard"),
  /** Served ahead of the other tiers at a premium price. Wire value {@code priority}. */
  PRIORITY("priority", "priority"),
  /** Pre-bought capacity (provisioned throughput). Wire value {@code reserved}. */
  RESERVED("reserved", "reserved");

  private static final Tier[] VALUES = values();

  private final String wireValue;
  private final String reportName;

  Tier(String wireValue, String reportName) {
    this.wireValue = wireValue;
    this.reportName = reportName;
  }

  /**
   * Returns the value the provider expects on the wire: {@code flex}, {@code default}, {@code
   * priority} or {@code reserved}.
   */
  public String wireValue() {
    return wireValue;
  }

  /**
   * Returns the name used in reports and configuration keys: {@code flex}, {@code standard}, {@code
   * priority} or {@code reserved}.
   */
  public String reportName() {
    return reportName;
  }

  /** Returns the bit of this tier in a tier set (see {@link #maskOf(Tier...)}). */
  int bit() {
    return 1 << ordinal();
  }

  static int maskOf(Tier... tiers) {
    int mask = 0;
    for (Tier tier : tiers) {
      mask |= tier.bit();
    }
    return mask;
  }

  static Tier ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /**
   * Parses a tier from its wire value or its report name, ignoring case: {@code flex}, {@code
   * default} or {@code standard}, {@code priority}, {@code reserved}.
   *
   * @param value the text to parse; not null
   * @return the tier
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} names no tier
   */
  public static Tier fromWireValue(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (Tier tier : VALUES) {
      if (tier.wireValue.equals(v) || tier.reportName.equals(v)) {
        return tier;
      }
    }
    throw new IllegalArgumentException(
        "unknown service tier '"
            + value
            + "': expected one of flex, default (or standard), priority, reserved");
  }

  @Override
  public String toString() {
    return reportName;
  }
}
