package io.tierpilot.sim.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Maps a data interval onto a pixel interval, linearly or logarithmically, and chooses the ticks of
 * its axis. Immutable once its pixel range is set.
 */
final class Scale {
  /** One tick: a value and its label, or a minor tick (gridline only) when the label is null. */
  static final class Tick {
    final double value;
    final String label;

    Tick(double value, String label) {
      this.value = value;
      this.label = label;
    }
  }

  private final boolean log;
  private final double min;
  private final double max;
  private final List<Tick> ticks;
  private double from;
  private double to;

  private Scale(boolean log, double min, double max, List<Tick> ticks) {
    this.log = log;
    this.min = min;
    this.max = max;
    this.ticks = Collections.unmodifiableList(ticks);
  }

  /**
   * A linear scale over [{@code lo}, {@code hi}] with ticks at a "nice" step (1, 2 or 5 times a
   * power of ten), about {@code targetTicks} of them.
   *
   * @param extend whether to widen the interval to the nearest ticks outside it
   * @param label formats a tick value, given the value (null for plain numbers)
   */
  static Scale linear(
      double lo, double hi, int targetTicks, boolean extend, DoubleFunction<String> label) {
    if (!(hi > lo)) {
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      lo -= lo == 0 ? 0 : pad;
      hi = lo + 2 * pad;
    }
    double step = niceStep((hi - lo) / Math.max(1, targetTicks));
    if (extend) {
      lo = Math.floor(lo / step + 1e-9) * step;
      hi = Math.ceil(hi / step - 1e-9) * step;
    }
    List<Tick> ticks = new ArrayList<>();
    long first = (long) Math.ceil(lo / step - 1e-9);
    long last = (long) Math.floor(hi / step + 1e-9);
    for (long k = first; k <= last; k++) {
      double v = k * step;
      ticks.add(new Tick(v, label == null ? Fmt.tick(v, step) : label.apply(v)));
    }
    return new Scale(false, lo, hi, ticks);
  }

  /**
   * A base-10 logarithmic scale over whole decades around [{@code lo}, {@code hi}] (both {@code >
   * 0}), labelled at each decade, with unlabelled ticks at 2–9 times each decade.
   */
  static Scale log10(double lo, double hi) {
    int d0 = (int) Math.floor(StrictMath.log10(lo) + 1e-9);
    int d1 = (int) Math.ceil(StrictMath.log10(hi) - 1e-9);
    if (d1 <= d0) {
      d1 = d0 + 1;
    }
    List<Tick> ticks = new ArrayList<>();
    for (int d = d0; d <= d1; d++) {
      double v = StrictMath.pow(10, d);
      ticks.add(new Tick(v, decade(d)));
      if (d < d1) {
        for (int m = 2; m <= 9; m++) {
          ticks.add(new Tick(m * v, null));
        }
      }
    }
    return new Scale(true, StrictMath.pow(10, d0), StrictMath.pow(10, d1), ticks);
  }

  private static String decade(int d) {
    if (d >= 0) {
      return Fmt.count(Math.round(StrictMath.pow(10, d)));
    }
    StringBuilder s = new StringBuilder("0.");
    for (int i = -1; i > d; i--) {
      s.append('0');
    }
    return s.append('1').toString();
  }

  /**
   * Returns the "nice" step nearest to {@code raw}: 1, 2 or 5 times a power of ten (so a target of
   * three ticks over 61 minutes gives a step of 20, not 50).
   */
  static double niceStep(double raw) {
    if (!(raw > 0) || Double.isInfinite(raw)) {
      return 1;
    }
    double p = StrictMath.pow(10, Math.floor(StrictMath.log10(raw)));
    double f = raw / p;
    double n;
    if (f < 1.5) {
      n = 1;
    } else if (f < 3.2) {
      n = 2;
    } else if (f < 7.1) {
      n = 5;
    } else {
      n = 10;
    }
    return n * p;
  }

  /** Sets the pixel interval that {@link #min()} and {@link #max()} map to. */
  Scale range(double fromPixel, double toPixel) {
    this.from = fromPixel;
    this.to = toPixel;
    return this;
  }

  /** Returns the pixel of a data value; values outside the interval map outside the range. */
  double map(double v) {
    double t;
    if (log) {
      double lv = StrictMath.log10(Math.max(v, min * 1e-3));
      t = (lv - StrictMath.log10(min)) / (StrictMath.log10(max) - StrictMath.log10(min));
    } else {
      t = (v - min) / (max - min);
    }
    return from + t * (to - from);
  }

  double min() {
    return min;
  }

  double max() {
    return max;
  }

  List<Tick> ticks() {
    return ticks;
  }

  /** Returns the widest tick label in pixels at the tick font size. */
  double widestLabel() {
    double w = 0;
    for (Tick t : ticks) {
      if (t.label != null) {
        w = Math.max(w, Svg.textWidth(t.label, Svg.FONT));
      }
    }
    return w;
  }
}
