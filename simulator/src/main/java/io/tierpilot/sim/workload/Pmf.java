package io.tierpilot.sim.workload;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A probability mass function over token counts, normalized to sum to 1, sampled by binary search
 * over the cumulative probabilities. Immutable and thread-safe; the generator passed in is not.
 */
final class Pmf {
  private final int[] values;
  private final double[] cumulative;

  /**
   * Creates a PMF.
   *
   * @param values distinct token counts, {@code >= 0}, any order
   * @param weights their non-negative weights, not all zero; normalized by their sum
   * @throws IllegalArgumentException if the arrays differ in length or are empty, a value repeats
   *     or is negative, a weight is negative or not finite, or all weights are zero
   */
  Pmf(int[] values, double[] weights) {
    if (values.length != weights.length || values.length == 0) {
      throw new IllegalArgumentException(
          "a PMF needs as many values as weights, at least one: "
              + values.length
              + " values, "
              + weights.length
              + " weights");
    }
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      if (values[i] < 0) {
        throw new IllegalArgumentException("negative token count " + values[i]);
      }
      if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException(
            "probability " + weights[i] + " for " + values[i] + " tokens is not a number >= 0");
      }
    }
    Arrays.sort(order, (x, y) -> Integer.compare(values[x], values[y]));
    this.values = new int[values.length];
    this.cumulative = new double[values.length];
    double sum = 0;
    for (int i = 0; i < order.length; i++) {
      this.values[i] = values[order[i]];
      if (i > 0 && this.values[i] == this.values[i - 1]) {
        throw new IllegalArgumentException("token count " + this.values[i] + " appears twice");
      }
      sum += weights[order[i]];
      this.cumulative[i] = sum;
    }
    if (!(sum > 0) || Double.isInfinite(sum)) {
      throw new IllegalArgumentException(
          "the probabilities sum to " + sum + ", not a positive number");
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= sum;
    }
    cumulative[cumulative.length - 1] = 1.0;
  }

  /** Returns a token count with its probability. */
  int sample(SplittableRandom random) {
    double u = random.nextDouble();
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) { // first index whose cumulative probability exceeds u
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return values[lo];
  }

  /** Returns the normalized probability of a token count, 0 outside the support. */
  double probability(int tokens) {
    int i = Arrays.binarySearch(values, tokens);
    if (i < 0) {
      return 0;
    }
    return i == 0 ? cumulative[0] : cumulative[i] - cumulative[i - 1];
  }

  /** Returns the mean token count. */
  double mean() {
    double mean = 0;
    for (int i = 0; i < values.length; i++) {
      mean += values[i] * (i == 0 ? cumulative[0] : cumulative[i] - cumulative[i - 1]);
    }
    return mean;
  }

  /** Returns the number of token counts listed (including any of probability 0). */
  int size() {
    return values.length;
  }
}
