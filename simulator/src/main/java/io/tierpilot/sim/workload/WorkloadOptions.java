package io.tierpilot.sim.workload;

/**
 * How a {@link WorkloadSpec} opens its workload: whether malformed trace rows are skipped, the
 * longest gap between consecutive requests of a trace, and the seed of the generators. Immutable
 * and thread-safe.
 *
 * <pre>{@code
 * WorkloadOptions options = WorkloadOptions.defaults().withSkipInvalid(true).withSeed(7);
 * }</pre>
 */
public final class WorkloadOptions {
  /** The seed of {@link #defaults()}. */
  public static final long DEFAULT_SEED = 42L;

  /** The longest gap between consecutive requests of a trace that {@link #defaults()} accept. */
  public static final java.time.Duration DEFAULT_MAX_GAP = java.time.Duration.ofDays(7);

  private static final WorkloadOptions DEFAULTS = new WorkloadOptions(false, DEFAULT_SEED);

  private final boolean skipInvalid;
  private final long seed;
  private final long maxGapNanos;

  /**
   * Creates options.
   *
   * @param skipInvalid true to skip malformed rows (counting them in {@link Workload#skipped()}),
   *     false to fail on the first one with a {@link TraceFormatException}
   * @param seed the seed of the synthetic generators (any value)
   */
  public WorkloadOptions(boolean skipInvalid, long seed) {
    this(skipInvalid, seed, DEFAULT_MAX_GAP.toNanos());
  }

  private WorkloadOptions(boolean skipInvalid, long seed, long maxGapNanos) {
    this.skipInvalid = skipInvalid;
    this.seed = seed;
    this.maxGapNanos = maxGapNanos;
  }

  /** Returns the defaults: malformed rows fail, seed {@value #DEFAULT_SEED}. */
  public static WorkloadOptions defaults() {
    return DEFAULTS;
  }

  /** Returns these options with skip-invalid set as given. */
  public WorkloadOptions withSkipInvalid(boolean skipInvalid) {
    return new WorkloadOptions(skipInvalid, seed, maxGapNanos);
  }

  /** Returns these options with the given seed. */
  public WorkloadOptions withSeed(long seed) {
    return new WorkloadOptions(skipInvalid, seed, maxGapNanos);
  }

  /**
   * Returns these options with the longest gap a trace may have between consecutive requests.
   *
   * @param maxGap positive; not null
   * @throws IllegalArgumentException if not positive
   */
  public WorkloadOptions withMaxGap(java.time.Duration maxGap) {
    if (maxGap == null || maxGap.isZero() || maxGap.isNegative()) {
      throw new IllegalArgumentException("the longest gap must be positive, was " + maxGap);
    }
    return new WorkloadOptions(skipInvalid, seed, maxGap.toNanos());
  }

  /**
   * Returns the longest gap between consecutive requests of a trace, nanoseconds (default {@link
   * #DEFAULT_MAX_GAP}). A longer one stops the workload with a {@link TraceFormatException} naming
   * both rows, skip-invalid or not: it is almost always a wrong timestamp (seconds where the format
   * wants milliseconds, a wrong year), and the simulator would model the provider's other traffic
   * through all of it, which takes time in proportion to the gap.
   */
  public long maxGapNanos() {
    return maxGapNanos;
  }

  /**
   * Returns whether malformed rows are skipped and counted (true) or fail the workload with a
   * {@link TraceFormatException} (false). Structural errors (a missing header, an unreadable file,
   * malformed ServeGen data) fail either way.
   */
  public boolean skipInvalid() {
    return skipInvalid;
  }

  /** Returns the seed of the synthetic generators. */
  public long seed() {
    return seed;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof WorkloadOptions)) {
      return false;
    }
    WorkloadOptions other = (WorkloadOptions) o;
    return skipInvalid == other.skipInvalid
        && seed == other.seed
        && maxGapNanos == other.maxGapNanos;
  }

  @Override
  public int hashCode() {
    return (Long.hashCode(seed) * 31 + Boolean.hashCode(skipInvalid)) * 31
        + Long.hashCode(maxGapNanos);
  }

  @Override
  public String toString() {
    return "WorkloadOptions{skipInvalid="
        + skipInvalid
        + ", seed="
        + seed
        + ", maxGap="
        + java.time.Duration.ofNanos(maxGapNanos)
        + "}";
  }
}
