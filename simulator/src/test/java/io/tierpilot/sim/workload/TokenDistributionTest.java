package io.tierpilot.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenDistributionTest {
  @Test
  void parsesEachForm() {
    SplittableRandom random = new SplittableRandom(3);
    assertEquals(512, TokenDistribution.parse("512").sample(random));
    assertEquals(0, TokenDistribution.parse("0").sample(random));
    int u = TokenDistribution.parse("uniform:5:5").sample(random);
    assertEquals(5, u);
    assertEquals(100, TokenDistribution.parse("exp:100").mean(), 1e-12);
    assertEquals(7.5, TokenDistribution.parse("uniform:5:10").mean(), 1e-12);
    TokenDistribution logNormal = TokenDistribution.parse("lognormal:1000:8000");
    double sigma = Math.log(8) / RandomVariates.NORMAL_P99;
    assertEquals(1000 * Math.exp(sigma * sigma / 2), logNormal.mean(), 1e-9);
    assertEquals("lognormal:1000:8000", logNormal.toString());
    for (int i = 0; i < 1000; i++) {
      assertTrue(logNormal.sample(random) >= 0);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "uniform:9:3 | A > B",
        "uniform:1 | expected 2 parameters",
        "lognormal:100:50 | P99 below MEDIAN",
        "lognormal:0:50 | '0' is not a positive number",
        "exp:0 | '0' is not a positive number",
        "exp:NaN | not a number",
        "-5 | '-5' is not an integer",
        "normal:1:2 | unknown distribution 'normal'",
        "12.5 | not a number",
        "3000000000 | is not an integer in [0, 2147483647]",
        "exp:1:2 | expected 1 parameter"
      })
  void rejectsBadDistributions(String text, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TokenDistribution.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(expected.trim()), e.getMessage());
    assertTrue(e.getMessage().contains("lognormal:MEDIAN:P99"), e.getMessage());
  }
}
