package io.tierpilot.sim.workload;

/**
 * How a {@link WorkloadSpec} opens its workload: whether malformed trace rows are skipped, and the
 * seed of the generators. Immutable and thread-safe.
 *
 * <pre>{@code
 * WorkloadOptions options = WorkloadOptions.defaults().withSkipInvalid(true).withSeed(7);
 * }</pre>
 */
public final class WorkloadOptions {
  /** The seed of {@link #defaults()}. */
  public static final long DEFAULT_SEED = 42L;

  private static final WorkloadOptions DEFAULTS = new WorkloadOptions(false, DEFAULT_SEED);

  private final boolean skipInvalid;
  private final long seed;

  /**
   * Creates options.
   *
   * @param skipInvalid true to skip malformed rows (counting them in {@link Workload#skipped()}),
   *     false to fail on the first one with a {@link TraceFormatException}
   * @param seed the seed of the synthetic generators (any value)
   */
  public WorkloadOptions(boolean skipInvalid, long seed) {
    this.skipInvalid = skipInvalid;
    this.seed = seed;
  }

  /** Returns the defaults: malformed rows fail, seed {@value #DEFAULT_SEED}. */
  public static WorkloadOptions defaults() {
    return DEFAULTS;
  }

  /** Returns these options with skip-invalid set as given. */
  public WorkloadOptions withSkipInvalid(boolean skipInvalid) {
    return new WorkloadOptions(skipInvalid, seed);
  }

  /** Returns these options with the given seed. */
  public WorkloadOptions withSeed(long seed) {
    return new WorkloadOptions(skipInvalid, seed);
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
    return skipInvalid == other.skipInvalid && seed == other.seed;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seed) * 31 + Boolean.hashCode(skipInvalid);
  }

  @Override
  public String toString() {
    return "WorkloadOptions{skipInvalid=" + skipInvalid + ", seed=" + seed + "}";
  }
}
