package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The sliding window of slices and its recent sub-window. */
class WindowedHistogramTest {

  @Test
  void theRecentSubWindowHoldsTheLatestSlicesOnly() {
    WindowedHistogram h = new WindowedHistogram(100_000, 4, 2);
    // slice k holds k + 1 values of 1000 · (k + 1)
    for (int k = 0; k < 6; k++) {
      for (int i = 0; i <= k; i++) {
        h.record(1000L * (k + 1));
      }
      h.endSlice();
      int window = 0;
      for (int j = Math.max(0, k - 3); j <= k; j++) {
        window += j + 1;
      }
      int recent = (k + 1) + (k > 0 ? k : 0);
      assertEquals(window, h.count(), "window after slice " + k);
      assertEquals(recent, h.recentCount(), "recent after slice " + k);
    }
    // after slice 5 the recent sub-window holds slices 4 and 5: 5 values of 5000, 6 of 6000
    Cdf recent = h.recentCdf(1);
    assertEquals(0.0, recent.at(4900), 1e-9);
    assertEquals(5.0 / 11, recent.at(5500), 0.05);
    assertEquals(1.0, recent.at(6100), 1e-9);
    // a gap: empty slices move both windows on
    h.endEmptySlice();
    assertEquals(6, h.recentCount());
    h.endEmptySlice();
    assertEquals(0, h.recentCount());
    assertEquals(6 + 5, h.count());
  }

  @Test
  void withoutASubWindowRecentIsTheWindow() {
    WindowedHistogram h = new WindowedHistogram(100_000, 3);
    for (int k = 0; k < 5; k++) {
      h.record(10);
      h.endSlice();
      assertEquals(h.count(), h.recentCount());
    }
    assertEquals(3, h.count());
  }
}
