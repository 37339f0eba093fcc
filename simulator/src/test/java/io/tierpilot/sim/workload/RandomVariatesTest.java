package io.tierpilot.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RandomVariatesTest {
  private static final int N = 200_000;

  @ParameterizedTest
  @CsvSource({
    "1, 0",
    "2, 0",
    "5, 3.1780538303479458", // ln 24
    "0.5, 0.5723649429247001", // ln sqrt(pi)
    "0.1, 2.252712651734206", // ln 9.513507698668732
    "1.5, -0.12078223763524522", // ln (sqrt(pi) / 2)
    "3.7, 1.4280723266653883", // ln Γ(3.7) = ln 4.170651783796603
    "100, 359.1342053695754", // ln 99!
    "1e-5, 11.512919692895828"
  })
  void logGammaMatchesKnownValues(double x, double expected) {
    assertEquals(expected, RandomVariates.logGamma(x), 1e-11 * Math.max(1, Math.abs(expected)));
  }

  @Test
  void logGammaRejectsNonPositiveArguments() {
    assertThrows(IllegalArgumentException.class, () -> RandomVariates.logGamma(0));
    assertThrows(IllegalArgumentException.class, () -> RandomVariates.logGamma(-1.5));
    assertThrows(IllegalArgumentException.class, () -> RandomVariates.logGamma(Double.NaN));
  }

  private static double[] meanAndVariance(DoubleSupplier draw) {
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < N; i++) {
      double x = draw.getAsDouble();
      assertTrue(x >= 0, "draw " + x);
      sum += x;
      sumSq += x * x;
    }
    double mean = sum / N;
    return new double[] {mean, sumSq / N - mean * mean};
  }

  @ParameterizedTest
  @CsvSource({"0.148, 0.0672", "0.3, 2", "1, 1", "4.5, 0.5", "0.93, 0.0115"})
  void gammaHasTheRightMeanAndVariance(double shape, double scale) {
    SplittableRandom random = new SplittableRandom(11);
    double[] mv = meanAndVariance(() -> RandomVariates.gamma(random, shape, scale));
    assertEquals(shape * scale, mv[0], 0.02 * shape * scale, "mean");
    assertEquals(shape * scale * scale, mv[1], 0.07 * shape * scale * scale, "variance");
  }

  @ParameterizedTest
  @CsvSource({"0.5, 1", "0.9, 3", "2, 0.01", "0.428, 0.0041"})
  void weibullHasTheMeanOfItsFormula(double c, double scale) {
    SplittableRandom random = new SplittableRandom(12);
    double mean = RandomVariates.weibullMean(c, scale);
    double[] mv = meanAndVariance(() -> RandomVariates.weibull(random, c, scale));
    assertEquals(mean, mv[0], 0.03 * mean);
    double variance = scale * scale * Math.exp(RandomVariates.logGamma(1 + 2 / c)) - mean * mean;
    assertEquals(variance, mv[1], 0.15 * variance);
  }

  @Test
  void weibullMeanIsScaleTimesGammaOfOnePlusOneOverC() {
    assertEquals(2.0, RandomVariates.weibullMean(0.5, 1), 1e-12); // Γ(3)
    assertEquals(Math.sqrt(Math.PI) / 2, RandomVariates.weibullMean(2, 1), 1e-12); // Γ(1.5)
    assertEquals(3.0, RandomVariates.weibullMean(1, 3), 1e-12); // exponential
  }

  @Test
  void normalAndExponentialHaveTheirMoments() {
    SplittableRandom random = new SplittableRandom(13);
    double[] normal = meanAndVariance(() -> RandomVariates.normal(random) + 10);
    assertEquals(10, normal[0], 0.01);
    assertEquals(1, normal[1], 0.02);
    double[] exp = meanAndVariance(() -> RandomVariates.exponential(random, 3));
    assertEquals(3, exp[0], 0.05);
    assertEquals(9, exp[1], 0.3);
  }

  @Test
  void mixSeparatesStreams() {
    assertEquals(RandomVariates.mix(42, 7), RandomVariates.mix(42, 7));
    assertNotEquals(RandomVariates.mix(42, 7), RandomVariates.mix(42, 8));
    assertNotEquals(RandomVariates.mix(42, 7), RandomVariates.mix(43, 7));
  }
}
