package io.tierpilot.sim.engine;

/**
 * A small, copyable pseudo-random generator (SplitMix64): the simulator's only source of
 * randomness, so that every draw is reproducible from the seed and a generator's state can be
 * forked for the oracle's projections. Not thread-safe.
 */
public final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;

  /** Creates a generator from a seed. */
  public Rng(long seed) {
    this.state = seed;
  }

  /** Returns a copy in the same state: it will produce the same sequence. */
  public Rng copy() {
    return new Rng(state);
  }

  /** Returns the next 64 random bits. */
  public long nextLong() {
    return mix(state += GOLDEN);
  }

  /** Returns a uniform double in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Returns an exponential variate with the given mean. */
  public double nextExponential(double mean) {
    return -mean * StrictMath.log1p(-nextDouble());
  }

  /** Returns a standard normal variate (Box–Muller, one of the pair). */
  public double nextGaussian() {
    double u = nextDouble();
    double v = nextDouble();
    return Math.sqrt(-2 * StrictMath.log1p(-u)) * StrictMath.cos(2 * Math.PI * v);
  }

  /** SplitMix64's finalizer: a bijective mix of 64 bits. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Returns a uniform double in [0, 1) determined only by its inputs: a counter-based draw, for
   * values that must be the same whichever policy runs (common random numbers).
   */
  public static double uniform(long seed, long index, long stream) {
    long h = mix(seed + GOLDEN * (index + 1));
    h = mix(h ^ (stream * 0xD1B54A32D192ED03L + GOLDEN));
    return (h >>> 11) * 0x1.0p-53;
  }
}
