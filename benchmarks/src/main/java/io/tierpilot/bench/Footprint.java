package io.tierpilot.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * The heap a scheduler keeps per model, beside the baseline's: both warmed up with the same traffic
 * ({@link Fixture}: every model, class and tier has a full window of observations and its tables
 * built), then released one after the other; the heap in use after a full collection falls by what
 * each held.
 *
 * <pre>
 * java -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar io.tierpilot.bench.Footprint [MODELS [PER_SLICE]]
 * </pre>
 *
 * <p>{@code PER_SLICE} is the warm-up's requests per model and 30-second slice (default 40): the
 * scheduler's slices keep only the latency buckets they touch, so its footprint grows with the
 * traffic a model sees, up to the full layout; the baseline's does not.
 *
 * <p>The serial collector makes "in use after a collection" exact; with another collector the
 * figures carry its slack. Not a JMH benchmark: it measures a size, not a time.
 */
public final class Footprint {
  private static final Object HOLD = new Object();

  private Footprint() {}

  /**
   * Prints the retained heap of the scheduler and of the baseline, in total and per model.
   *
   * @param args {@code [MODELS [PER_SLICE]]}, default 50 and 40
   */
  public static void main(String[] args) {
    int models = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int perSlice =
        args.length > 1 ? Integer.parseInt(args[1]) : Fixture.WARM_REQUESTS_PER_MODEL_AND_SLICE;
    long[] bytes = measure(models, perSlice);
    System.out.printf(
        Locale.ROOT,
        "%d models, %d warm-up requests per model and slice: tierpilot %,d bytes (%,d per model), baseline %,d bytes (%,d per model),"
            + " ratio %.2f%n",
        models,
        perSlice,
        bytes[0],
        bytes[0] / models,
        bytes[1],
        bytes[1] / models,
        (double) bytes[1] / bytes[0]);
  }

  /**
   * Returns the heap retained by the warmed-up scheduler and by the baseline, in bytes.
   *
   * @param models models configured, {@code >= 1}
   * @param perSlice warm-up requests per model and slice, {@code >= 1}
   */
  static long[] measure(int models, int perSlice) {
    Fixture f = Fixture.create(models, 4096, perSlice);
    Object engine = f.engine;
    Object baseline = f.baseline;
    f = null;
    long both = usedAfterGc(engine, baseline);
    baseline = null;
    long engineOnly = usedAfterGc(engine, baseline);
    engine = null;
    long none = usedAfterGc(engine, baseline);
    return new long[] {engineOnly - none, both - engineOnly};
  }

  /** The heap in use after full collections, with the given objects (or null) still reachable. */
  private static long usedAfterGc(Object keep, Object alsoKeep) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    // read after the collections, so the objects are reachable while they run
    if (keep == HOLD || alsoKeep == HOLD) {
      throw new AssertionError();
    }
    return used;
  }
}
