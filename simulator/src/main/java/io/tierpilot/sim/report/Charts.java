package io.tierpilot.sim.report;

import io.tierpilot.sim.metrics.ClassResult;
import io.tierpilot.sim.metrics.PolicyResult;
import io.tierpilot.sim.metrics.TimeBucket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The report's charts as inline SVG. One instance per page: it numbers the charts' clip paths so
 * their ids are unique in the page and the same on every rendering. Every chart colours a policy as
 * the page's {@link Palette} says.
 */
final class Charts {
  /** Width of a full-width chart in pixels. */
  static final int WIDE = 1160;

  /** Points per line of a latency CDF. */
  static final int CDF_POINTS = 240;

  private static final String DEADLINE = "#c0392b";
  private static final String REFERENCE = "#666";

  private final Palette palette;
  private int ids;

  Charts(Palette palette) {
    this.palette = palette;
  }

  private String nextId() {
    ids++;
    return "plot" + ids;
  }

  /**
   * Returns the policies with {@code oracle} and then {@code adaptive} last, so they draw on top.
   */
  private static List<PolicyResult> drawOrder(List<PolicyResult> policies) {
    List<PolicyResult> out = new ArrayList<>();
    for (PolicyResult p : policies) {
      if (!Palette.ADAPTIVE.equals(p.name()) && !Palette.ORACLE.equals(p.name())) {
        out.add(p);
      }
    }
    for (String last : new String[] {Palette.ORACLE, Palette.ADAPTIVE}) {
      for (PolicyResult p : policies) {
        if (last.equals(p.name())) {
          out.add(p);
        }
      }
    }
    return out;
  }

  private List<Chart.LegendItem> policyLegend(List<PolicyResult> policies, Chart.Swatch swatch) {
    List<Chart.LegendItem> items = new ArrayList<>();
    for (PolicyResult p : policies) {
      Chart.Swatch s =
          swatch == Chart.Swatch.POINT && Palette.ORACLE.equals(p.name())
              ? Chart.Swatch.DIAMOND
              : swatch;
      items.add(Chart.LegendItem.of(p.name(), palette.of(p.name()), s));
    }
    return items;
  }

  // ---------------------------------------------------------------- cost vs SLO attainment

  /** One point per policy: total cost (x) against overall SLO attainment (y), each labelled. */
  String costVsSlo(List<PolicyResult> policies) {
    double maxCost = 0;
    double minSlo = 1;
    for (PolicyResult p : policies) {
      if (Fmt.defined(p.costUsd())) {
        maxCost = Math.max(maxCost, p.costUsd());
      }
      minSlo = Math.min(minSlo, p.sloAttainment());
    }
    Scale x = Scale.linear(0, maxCost > 0 ? maxCost * 1.06 : 1, 8, true, null);
    double gap = Math.max(1 - minSlo, 0.01);
    double lo = Math.min(minSlo - gap * 0.15, 0.985);
    double hi = 1 + (1 - lo) * 0.06;
    double step = Scale.niceStep((hi - lo) / 6);
    lo = Math.max(0, Math.floor(lo / step) * step);
    Scale y = Scale.linear(lo, hi, 6, false, null);

    Chart c = new Chart(nextId(), WIDE, 460, "Cost against SLO attainment per policy");
    c.legend(policyLegend(policies, Chart.Swatch.POINT));
    c.axes(x, "Total cost (USD)", y, "SLO attainment (share of requests)");
    if (0.99 >= lo) {
      c.horizontalMarker(0.99, "0.99", REFERENCE);
    }
    Svg svg = c.svg();
    List<double[]> taken = new ArrayList<>();
    List<PolicyResult> order = drawOrder(policies);
    double[][] at = new double[order.size()][];
    for (int i = 0; i < order.size(); i++) {
      PolicyResult p = order.get(i);
      double px = c.px(Fmt.defined(p.costUsd()) ? p.costUsd() : 0);
      double py = c.py(p.sloAttainment());
      double r = markerRadius(p.name());
      at[i] = new double[] {px, py, r};
      taken.add(new double[] {px - r - 1, py - r - 1, px + r + 1, py + r + 1});
    }
    // label in reverse drawing order: adaptive and oracle first, so they get the closest positions
    for (int i = order.size() - 1; i >= 0; i--) {
      PolicyResult p = order.get(i);
      boolean bold = palette.of(p.name()).emphasised;
      placeLabel(c, svg, p.name(), bold, at[i][0], at[i][1], at[i][2], taken);
    }
    for (int i = 0; i < order.size(); i++) {
      PolicyResult p = order.get(i);
      Palette.Style s = palette.of(p.name());
      if (Palette.ORACLE.equals(p.name())) {
        svg.diamond(at[i][0], at[i][1], at[i][2], s.color, "#fff");
      } else {
        svg.circle(at[i][0], at[i][1], at[i][2], s.color, "#fff", 1.5);
      }
    }
    return c.finish();
  }

  private static double markerRadius(String policy) {
    if (Palette.ADAPTIVE.equals(policy)) {
      return 8;
    }
    return Palette.ORACLE.equals(policy) ? 8 : 6;
  }

  /**
   * Places a point's label next to it where it overlaps no other label or marker and stays inside
   * the plot: the eight directions around the point at growing distances, with a leader line when
   * the label had to move away; if nothing fits, to the right of the point.
   */
  static void placeLabel(
      Chart c,
      Svg svg,
      String text,
      boolean bold,
      double px,
      double py,
      double r,
      List<double[]> taken) {
    double w = Svg.textWidth(text, Svg.FONT) * (bold ? 1.08 : 1);
    double h = 15;
    double[] extras = {0, 10, 22, 38, 58};
    double[][] dirs = {{1, 0}, {-1, 0}, {0, -1}, {0, 1}, {1, -1}, {1, 1}, {-1, -1}, {-1, 1}};
    for (double extra : extras) {
      for (double[] d : dirs) {
        double g = r + 4 + extra;
        double cx = px + d[0] * g * (d[1] != 0 ? 0.75 : 1);
        double cy = py + d[1] * g * (d[0] != 0 ? 0.75 : 1);
        double x0 = d[0] > 0 ? cx : d[0] < 0 ? cx - w : cx - w / 2;
        double y0 = d[1] > 0 ? cy : d[1] < 0 ? cy - h : cy - h / 2;
        double[] box = {x0, y0, x0 + w, y0 + h};
        if (box[0] < c.left() + 2
            || box[2] > c.right() - 2
            || box[1] < c.top() + 1
            || box[3] > c.bottom() - 1
            || overlaps(box, taken)) {
          continue;
        }
        taken.add(box);
        if (extra > 0) {
          double lx = Math.max(box[0], Math.min(px, box[2]));
          double ly = Math.max(box[1], Math.min(py, box[3]));
          svg.line(px, py, lx, ly, "#999", 1, null);
        }
        svg.haloText(x0, y0 + h - 3.5, text, "start", Chart.TEXT, bold);
        return;
      }
    }
    svg.haloText(px + r + 4, py + 4, text, "start", Chart.TEXT, bold);
  }

  private static boolean overlaps(double[] box, List<double[]> taken) {
    for (double[] t : taken) {
      if (box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3]) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- latency CDF

  /**
   * The CDF of one class's end-to-end latency, one line per policy, on a logarithmic axis in
   * seconds, with the class deadline as a vertical line.
   */
  String latencyCdf(String cls, long deadlineNanos, List<PolicyResult> policies) {
    double deadlineS = deadlineNanos / 1e9;
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    List<double[][]> lines = new ArrayList<>();
    List<PolicyResult> order = drawOrder(policies);
    for (PolicyResult p : order) {
      ClassResult r = p.classes().get(cls);
      List<double[]> pts = r == null ? List.of() : r.latency().cdf(CDF_POINTS);
      double[][] xy = new double[2][pts.size() + (pts.isEmpty() ? 0 : 1)];
      for (int i = 0; i < pts.size(); i++) {
        double s = Math.max(pts.get(i)[0] / 1000, 0.001);
        xy[0][i + 1] = s;
        xy[1][i + 1] = pts.get(i)[1];
        lo = Math.min(lo, s);
        hi = Math.max(hi, s);
      }
      if (!pts.isEmpty()) {
        xy[0][0] = xy[0][1];
        xy[1][0] = 0;
      }
      lines.add(xy);
    }
    boolean any = hi > 0;
    if (deadlineS > 0) {
      lo = Math.min(lo, deadlineS);
      hi = Math.max(hi, deadlineS);
    }
    if (!(hi > 0)) {
      lo = 0.1;
      hi = 100;
    }
    Scale x = Scale.log10(Math.max(lo, 0.001), Math.max(hi, lo * 10));
    Scale y = Scale.linear(0, 1, 5, false, null);
    Chart c = new Chart(nextId(), WIDE, 380, "Latency CDF of class " + cls);
    c.legend(policyLegend(policies, Chart.Swatch.LINE));
    c.axes(x, "End-to-end latency (seconds, log scale)", y, "Share of completed requests");
    if (deadlineS > 0) {
      c.verticalMarker(deadlineS, "deadline " + Fmt.deadline(deadlineNanos), DEADLINE);
    }
    for (int i = 0; i < order.size(); i++) {
      Palette.Style s = palette.of(order.get(i).name());
      double[][] xy = lines.get(i);
      c.series(xy[0], xy[1], xy[0].length, s.color, s.width, s.dash);
    }
    if (!any) {
      c.message("No completed requests in this class");
    }
    return c.finish();
  }

  // ---------------------------------------------------------------- tier mix over time

  /** Returns the calls per minute of each tier in each interval: {@code [tier][interval]}. */
  static double[][] tierRates(PolicyResult p, TimeGrid g) {
    double[][] rates = new double[TimeBucket.TIERS.length][g.intervals()];
    List<TimeBucket> buckets = p.buckets();
    for (int i = 0; i < g.intervals(); i++) {
      int end = Math.min(g.end(i), buckets.size());
      for (int m = g.start(i); m < end; m++) {
        for (int t = 0; t < TimeBucket.TIERS.length; t++) {
          rates[t][i] += buckets.get(m).served(t);
        }
      }
      int len = g.end(i) - g.start(i);
      for (int t = 0; t < TimeBucket.TIERS.length; t++) {
        rates[t][i] /= len;
      }
    }
    return rates;
  }

  /** Returns the largest total calls per minute of any interval of any of the policies. */
  static double maxCallRate(List<PolicyResult> policies, TimeGrid g) {
    double max = 0;
    for (PolicyResult p : policies) {
      double[][] r = tierRates(p, g);
      for (int i = 0; i < g.intervals(); i++) {
        double sum = 0;
        for (double[] tier : r) {
          sum += tier[i];
        }
        max = Math.max(max, sum);
      }
    }
    return max;
  }

  /** Calls per minute by tier over time for one policy, stacked flex, standard, priority. */
  String tierMix(PolicyResult p, TimeGrid g, double yMax, int width, int height) {
    double[][] rates = tierRates(p, g);
    Scale x = Scale.linear(0, g.length(), Math.max(3, width / 110), false, null);
    Scale y = Scale.linear(0, yMax > 0 ? yMax : 1, height > 250 ? 5 : 4, true, null);
    List<Chart.LegendItem> legend = new ArrayList<>();
    for (int t = 0; t < TimeBucket.TIERS.length; t++) {
      legend.add(
          new Chart.LegendItem(
              TimeBucket.TIERS[t], Palette.TIER_COLORS[t], 1, null, Chart.Swatch.AREA, false));
    }
    Chart c = new Chart(nextId(), width, height, "Calls per minute by tier, policy " + p.name());
    c.legend(legend);
    c.axes(x, g.title(), y, "Calls per minute");
    int n = g.intervals();
    double[] xs = new double[2 * n];
    for (int i = 0; i < n; i++) {
      xs[2 * i] = g.at(g.start(i));
      xs[2 * i + 1] = g.at(g.end(i));
    }
    double[] lower = new double[2 * n];
    for (int t = 0; t < TimeBucket.TIERS.length; t++) {
      double[] upper = new double[2 * n];
      boolean any = false;
      for (int i = 0; i < n; i++) {
        upper[2 * i] = lower[2 * i] + rates[t][i];
        upper[2 * i + 1] = upper[2 * i];
        any |= rates[t][i] > 0;
      }
      if (any) {
        c.band(xs, lower, upper, 2 * n, Palette.TIER_COLORS[t], 1);
      }
      lower = upper;
    }
    return c.finish();
  }

  // ---------------------------------------------------------------- spend over time

  /**
   * Cumulative cost per policy at the end of each interval and, for each policy with a budget, the
   * budget's pace line.
   */
  String spend(List<PolicyResult> policies, TimeGrid g) {
    double max = 0;
    List<PolicyResult> order = drawOrder(policies);
    List<double[][]> lines = new ArrayList<>();
    List<double[][]> paces = new ArrayList<>();
    List<PolicyResult> budgeted = new ArrayList<>();
    for (PolicyResult p : order) {
      List<TimeBucket> b = p.buckets();
      double[][] xy = new double[2][g.intervals() + 1];
      int k = 0;
      if (!b.isEmpty()) {
        xy[0][0] = 0;
        xy[1][0] = 0;
        k = 1;
        for (int i = 0; i < g.intervals(); i++) {
          int end = Math.min(g.end(i), b.size());
          if (end <= g.start(i)) {
            break;
          }
          xy[0][k] = g.at(end);
          xy[1][k] = b.get(end - 1).cumulativeCostUsd();
          max = Math.max(max, xy[1][k]);
          k++;
        }
      }
      lines.add(new double[][] {Arrays.copyOf(xy[0], k), Arrays.copyOf(xy[1], k)});
      double pace = b.isEmpty() ? Double.NaN : b.get(b.size() - 1).paceUsd();
      if (Fmt.defined(pace)) {
        budgeted.add(p);
        paces.add(new double[][] {{0, g.at(b.size())}, {0, pace}});
        max = Math.max(max, pace);
      }
    }
    Scale x = Scale.linear(0, g.length(), 10, false, null);
    Scale y = Scale.linear(0, max > 0 ? max * 1.04 : 1, 6, true, null);
    List<Chart.LegendItem> legend = policyLegend(policies, Chart.Swatch.LINE);
    // one line when every policy has the same budget (the usual run), else one per policy
    boolean shared = budgeted.size() > 1;
    int longest = 0;
    for (int i = 1; i < budgeted.size() && shared; i++) {
      shared = budgeted.get(i).budgetUsdPerHour() == budgeted.get(0).budgetUsdPerHour();
      if (paces.get(i)[0][1] > paces.get(longest)[0][1]) {
        longest = i;
      }
    }
    if (shared) {
      paces.set(0, paces.get(longest));
    }
    int drawn = shared ? 1 : budgeted.size();
    for (int i = 0; i < drawn; i++) {
      PolicyResult p = budgeted.get(i);
      legend.add(
          new Chart.LegendItem(
              (shared ? "" : p.name() + " ")
                  + "budget pace ($"
                  + Fmt.trim(p.budgetUsdPerHour(), 4)
                  + "/h)",
              shared ? REFERENCE : palette.of(p.name()).color,
              2,
              "2 3",
              Chart.Swatch.LINE,
              false));
    }
    Chart c = new Chart(nextId(), WIDE, 420, "Cumulative cost per policy over time");
    c.legend(legend);
    c.axes(x, g.title(), y, "Cumulative cost (USD)");
    for (int i = 0; i < drawn; i++) {
      double[][] xy = paces.get(i);
      c.series(
          xy[0], xy[1], 2, shared ? REFERENCE : palette.of(budgeted.get(i).name()).color, 2, "2 3");
    }
    for (int i = 0; i < order.size(); i++) {
      Palette.Style s = palette.of(order.get(i).name());
      double[][] xy = lines.get(i);
      c.series(xy[0], xy[1], xy[0].length, s.color, s.width, s.dash);
    }
    return c.finish();
  }

  // ---------------------------------------------------------------- pacing multiplier

  /** Returns whether a policy's pacing multiplier differs from 1 in some minute. */
  static boolean paces(PolicyResult p) {
    for (TimeBucket b : p.buckets()) {
      if (b.pacingMultiplier() != 1 && Fmt.defined(b.pacingMultiplier())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The pacing multiplier over time of the given policies: the mean per interval, and the range
   * within the interval as a band when intervals hold more than one minute.
   */
  String pacing(List<PolicyResult> policies, TimeGrid g) {
    int n = g.intervals();
    double max = 1;
    double min = 1;
    List<double[][]> series = new ArrayList<>();
    for (PolicyResult p : policies) {
      List<TimeBucket> b = p.buckets();
      double[][] s = new double[4][n];
      int k = 0;
      for (int i = 0; i < n; i++) {
        int end = Math.min(g.end(i), b.size());
        if (end <= g.start(i)) {
          break;
        }
        double sum = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int count = 0;
        for (int m = g.start(i); m < end; m++) {
          double v = b.get(m).pacingMultiplier();
          if (Fmt.defined(v)) {
            sum += v;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            count++;
          }
        }
        if (count == 0) {
          continue;
        }
        s[0][k] = g.at(g.start(i)) + (g.at(end) - g.at(g.start(i))) / 2;
        s[1][k] = sum / count;
        s[2][k] = lo;
        s[3][k] = hi;
        max = Math.max(max, hi);
        min = Math.min(min, lo);
        k++;
      }
      double[][] trimmed = new double[4][];
      for (int j = 0; j < 4; j++) {
        trimmed[j] = Arrays.copyOf(s[j], k);
      }
      series.add(trimmed);
    }
    Scale x = Scale.linear(0, g.length(), 10, false, null);
    Scale y = Scale.linear(Math.min(1, min), max + (max - Math.min(1, min)) * 0.08, 5, true, null);
    Chart c = new Chart(nextId(), WIDE, 300, "Pacing multiplier over time");
    c.legend(policyLegend(policies, Chart.Swatch.LINE));
    c.axes(x, g.title(), y, "Pacing multiplier");
    c.horizontalMarker(1, "1 = at pace", REFERENCE);
    for (int i = 0; i < policies.size(); i++) {
      Palette.Style st = palette.of(policies.get(i).name());
      double[][] s = series.get(i);
      if (g.group() > 1) {
        c.band(s[0], s[2], s[3], s[0].length, st.color, 0.18);
      }
      c.series(s[0], s[1], s[0].length, st.color, Math.min(st.width, 2.5), st.dash);
    }
    return c.finish();
  }

  /** The share of each interval's arrivals that budget pacing refused, per policy, in percent. */
  String refusals(List<PolicyResult> policies, TimeGrid g) {
    int n = g.intervals();
    double max = 0;
    List<double[][]> series = new ArrayList<>();
    for (PolicyResult p : policies) {
      List<TimeBucket> b = p.buckets();
      double[][] xy = new double[2][n];
      int k = 0;
      for (int i = 0; i < n; i++) {
        int end = Math.min(g.end(i), b.size());
        if (end <= g.start(i)) {
          break;
        }
        long arrivals = 0;
        long refused = 0;
        for (int m = g.start(i); m < end; m++) {
          arrivals += b.get(m).arrivals();
          refused += b.get(m).budgetRefused();
        }
        xy[0][k] = g.at(g.start(i)) + (g.at(end) - g.at(g.start(i))) / 2;
        xy[1][k] = arrivals == 0 ? 0 : 100.0 * refused / arrivals;
        max = Math.max(max, xy[1][k]);
        k++;
      }
      series.add(new double[][] {Arrays.copyOf(xy[0], k), Arrays.copyOf(xy[1], k)});
    }
    Scale x = Scale.linear(0, g.length(), 10, false, null);
    Scale y = Scale.linear(0, Math.max(1, max * 1.08), 5, true, null);
    Chart c = new Chart(nextId(), WIDE, 260, "Share of arrivals refused by budget pacing");
    c.legend(policyLegend(policies, Chart.Swatch.LINE));
    c.axes(x, g.title(), y, "Refused (% of arrivals)");
    for (int i = 0; i < policies.size(); i++) {
      Palette.Style st = palette.of(policies.get(i).name());
      double[][] xy = series.get(i);
      c.series(xy[0], xy[1], xy[0].length, st.color, Math.min(st.width, 2.5), st.dash);
    }
    return c.finish();
  }

  // ---------------------------------------------------------------- calibration

  /**
   * Predicted probability (x) against the realized share that met the deadline (y) per decile of
   * prediction, marker area proportional to the decile's requests, with the diagonal of perfect
   * calibration.
   */
  String calibration(PolicyResult p) {
    Scale x = Scale.linear(0, 1, 5, false, null);
    Scale y = Scale.linear(0, 1, 5, false, null);
    Palette.Style st = palette.of(p.name());
    List<Chart.LegendItem> legend = new ArrayList<>();
    legend.add(
        new Chart.LegendItem(
            "decile (area \u221d requests)", st.color, 1, null, Chart.Swatch.POINT, false));
    legend.add(
        new Chart.LegendItem(
            "perfect calibration", REFERENCE, 1.3, "5 3", Chart.Swatch.LINE, false));
    Chart c = new Chart(nextId(), 500, 430, "Calibration of policy " + p.name());
    c.legend(legend);
    c.axes(x, "Predicted probability of meeting the deadline", y, "Share that met it");
    c.series(new double[] {0, 1}, new double[] {0, 1}, 2, REFERENCE, 1.3, "5 3");
    long maxCount = 0;
    for (int d = 0; d < 10; d++) {
      maxCount = Math.max(maxCount, p.calibrationCount(d));
    }
    double[] xs = new double[10];
    double[] ys = new double[10];
    int k = 0;
    for (int d = 0; d < 10; d++) {
      if (p.calibrationCount(d) > 0) {
        xs[k] = p.calibrationPredicted(d);
        ys[k] = p.calibrationRealized(d);
        k++;
      }
    }
    c.series(xs, ys, k, st.color, 1.2, null);
    Svg svg = c.svg();
    for (int d = 0; d < 10; d++) {
      long n = p.calibrationCount(d);
      if (n > 0) {
        double r = 3 + 11 * Math.sqrt((double) n / maxCount);
        svg.circle(
            c.px(p.calibrationPredicted(d)),
            c.py(p.calibrationRealized(d)),
            r,
            st.color,
            "#fff",
            1);
      }
    }
    return c.finish();
  }
}
