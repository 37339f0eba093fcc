package io.tierpilot.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonDictLiteralTest {
  private static final double EPS = 1e-12;

  @Test
  void parsesAndNormalizes() {
    Pmf pmf = PythonDictLiteral.parse("{123: 0.01, 456: 0.2}");
    assertEquals(2, pmf.size());
    assertEquals(0.01 / 0.21, pmf.probability(123), EPS);
    assertEquals(0.2 / 0.21, pmf.probability(456), EPS);
    assertEquals(0, pmf.probability(124));
  }

  @Test
  void acceptsSpacesTabsAndNewlines() {
    Pmf pmf = PythonDictLiteral.parse(" \n{ 1 :0.5 ,\n\t2:\t0.5 }\r\n ");
    assertEquals(0.5, pmf.probability(1), EPS);
    assertEquals(0.5, pmf.probability(2), EPS);
  }

  @Test
  void acceptsScientificNotationAndOtherNumberForms() {
    Pmf pmf = PythonDictLiteral.parse("{1: 1e-3, 2: 2.5E+2, 3: .5, 4: 5., 5: 1, 6: 9.26e-05}");
    double sum = 1e-3 + 250 + 0.5 + 5 + 1 + 9.26e-05;
    assertEquals(1e-3 / sum, pmf.probability(1), EPS);
    assertEquals(250 / sum, pmf.probability(2), EPS);
    assertEquals(0.5 / sum, pmf.probability(3), EPS);
    assertEquals(5 / sum, pmf.probability(4), EPS);
    assertEquals(1 / sum, pmf.probability(5), EPS);
    assertEquals(9.26e-05 / sum, pmf.probability(6), EPS);
  }

  @Test
  void acceptsATrailingComma() {
    Pmf pmf = PythonDictLiteral.parse("{1: 0.25, 2: 0.75,}");
    assertEquals(0.75, pmf.probability(2), EPS);
    assertEquals(2, pmf.size());
  }

  @Test
  void keepsZeroProbabilitiesButNeverDrawsThem() {
    Pmf pmf = PythonDictLiteral.parse("{0: 0, 7: 0.5, 8: 0.0, 9: 0.5, 10: 0}");
    SplittableRandom random = new SplittableRandom(1);
    int sevens = 0;
    for (int i = 0; i < 100_000; i++) {
      int v = pmf.sample(random);
      assertTrue(v == 7 || v == 9, "drew " + v);
      if (v == 7) {
        sevens++;
      }
    }
    assertEquals(0.5, sevens / 100_000.0, 0.01);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "__import__('os') | at column 1: expected '{', found '_'",
        "__import__('os').system('ls') | at column 1: expected '{', found '_'",
        "{1: __import__('os')} | at column 5: expected a number, found '_'",
        "{__import__('os'): 1} | at column 2: expected an integer token count, found '_'",
        "{1: 0.5} or exec('x') | at column 10: expected the end, found 'o'",
        "{'a': 1} | at column 2: expected an integer token count, found '''",
        "{1: 'x'} | at column 5: expected a number",
        "{1: nan} | at column 5: expected a number, found 'n'",
        "{1: inf} | at column 5: expected a number, found 'i'",
        "{1: 0.5, 2: -0.1} | negative probability -0.1 for 2 tokens",
        "{1: 0.5, 1: 0.5} | token count 1 appears twice",
        "{-1: 0.5} | expected a non-negative integer token count, found '-'",
        "{1_000: 1} | at column 3: expected ':', found '_'",
        "{1: 1e} | expected the digits of an exponent",
        "{1: 0.5,, 2: 0.5} | at column 9: expected an integer token count, found ','",
        "{,} | at column 2: expected an integer token count, found ','",
        "{1: 0.5 2: 0.5} | at column 9: expected ',' or '}', found '2'",
        "{1: 0.5 | expected ',' or '}', found the end",
        "`` | at column 1: expected '{', found the end",
        "{} | the dict is empty",
        "{1: 0, 2: 0.0} | the probabilities sum to 0.0",
        "{99999999999: 1} | token count 99999999999 is too large",
        "[1, 2] | expected '{', found '['",
        "{1: 0.5}} | expected the end, found '}'"
      })
  void rejectsEverythingButADictOfNumbers(String text, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PythonDictLiteral.parse(text));
    assertTrue(e.getMessage().startsWith("invalid PMF literal"), e.getMessage());
    assertTrue(e.getMessage().contains(expected.trim()), e.getMessage());
  }

  @Test
  void samplesWithTheStatedFrequencies() {
    Pmf pmf = PythonDictLiteral.parse("{10: 0.1, 20: 0.2, 30: 0.3, 40: 0.4}");
    SplittableRandom random = new SplittableRandom(7);
    int[] counts = new int[5];
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      counts[pmf.sample(random) / 10]++;
    }
    for (int k = 1; k <= 4; k++) {
      assertEquals(k / 10.0, counts[k] / (double) n, 0.005, "frequency of " + k * 10);
    }
    assertEquals(30, pmf.mean(), EPS);
  }
}
