package io.tierpilot.sim.report;

import io.tierpilot.sim.metrics.ClassResult;
import io.tierpilot.sim.metrics.PolicyResult;
import io.tierpilot.sim.metrics.SimulationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tuner's HTML report: the Pareto chart of cost against the lowest class's SLO attainment of
 * every setting run on the whole workload, with the fixed rules, the oracle and the untuned
 * adaptive policy for reference; what hedging buys; the tuned setting against the defaults; and how
 * the search spent its runs. Self-contained like {@link HtmlReport}: no network, no script, the
 * same input gives the same bytes.
 */
public final class TuneReport {
  /** One setting evaluated on the whole workload. */
  public static final class Point {
    final String id;
    final double costUsd;
    final double attainment;
    final double lowestAttainment;
    final boolean feasible;
    final boolean hedged;
    final long hedges;
    final double hedgeCostUsd;

    /**
     * @param id the setting's name in {@code pareto.csv} and the candidates directory
     * @param costUsd the cost of the run
     * @param attainment the SLO attainment over all requests
     * @param lowestAttainment the lowest SLO attainment of any class
     * @param feasible whether it met the attainment target in every class (and the budget)
     * @param hedged whether it hedges any class
     * @param hedges the backup calls it sent
     * @param hedgeCostUsd what the backup calls cost (part of {@code costUsd})
     */
    public Point(
        String id,
        double costUsd,
        double attainment,
        double lowestAttainment,
        boolean feasible,
        boolean hedged,
        long hedges,
        double hedgeCostUsd) {
      this.id = id;
      this.costUsd = costUsd;
      this.attainment = attainment;
      this.lowestAttainment = lowestAttainment;
      this.feasible = feasible;
      this.hedged = hedged;
      this.hedges = hedges;
      this.hedgeCostUsd = hedgeCostUsd;
    }
  }

  /** One stage of the search: its name, the settings it ran and the share of the workload. */
  public static final class Stage {
    final String name;
    final int settings;
    final double fraction;

    /**
     * @param name the stage
     * @param settings how many settings it ran
     * @param fraction the share of the workload each ran on
     */
    public Stage(String name, int settings, double fraction) {
      this.name = name;
      this.settings = settings;
      this.fraction = fraction;
    }
  }

  /** What the report shows. */
  public static final class Input {
    final double target;
    final List<Point> points;
    final Point best;
    final Point hedged;
    final Point unhedged;
    final Map<String, String> tuned;
    final Map<String, String> defaults;
    final List<Stage> stages;
    final SimulationResult references;
    final String method;

    /**
     * @param target the attainment target every class had to reach
     * @param points the settings run on the whole workload
     * @param best the tuned setting (one of {@code points})
     * @param hedged the best setting of the search if it hedges a class, else null
     * @param unhedged {@code hedged} with its hedge delays removed, or null
     * @param tuned the tuned setting's values, by configuration key
     * @param defaults the defaults of the same keys
     * @param stages the stages of the search, in order
     * @param references the comparison policies run on the same scenario
     * @param method a sentence on the search method
     */
    public Input(
        double target,
        List<Point> points,
        Point best,
        Point hedged,
        Point unhedged,
        Map<String, String> tuned,
        Map<String, String> defaults,
        List<Stage> stages,
        SimulationResult references,
        String method) {
      this.target = target;
      this.points = List.copyOf(points);
      this.best = best;
      this.hedged = hedged;
      this.unhedged = unhedged;
      this.tuned = tuned;
      this.defaults = defaults;
      this.stages = List.copyOf(stages);
      this.references = references;
      this.method = method;
    }
  }

  private static final String TUNED = "tuned";

  /**
   * The cost axis reaches this multiple of the tuned cost (or the dearest setting tried), so the
   * front stays readable; dearer policies sit on the right edge, labelled with their values.
   */
  private static final double ZOOM = 1.6;

  private static final String CANDIDATE = "#9a9a9a";
  private static final String FRONT = "#d55e00";
  private static final String REFERENCE = "#666";

  private final Input in;
  private final Palette palette;
  private final StringBuilder out = new StringBuilder(1 << 15);

  private TuneReport(Input in) {
    this.in = in;
    List<String> names = new ArrayList<>();
    for (PolicyResult p : in.references.policies()) {
      names.add(p.name());
    }
    this.palette = new Palette(names);
  }

  /**
   * Writes the report to {@code file} as UTF-8, replacing the file if it exists.
   *
   * @throws IOException if the file cannot be written
   */
  public static void write(Input in, Path file) throws IOException {
    Files.writeString(file, render(in), StandardCharsets.UTF_8);
  }

  /** Returns the report as an HTML document. */
  static String render(Input in) {
    return new TuneReport(in).page();
  }

  /** Returns the settings no other setting beats on both cost and lowest attainment, by cost. */
  public static List<Point> front(List<Point> points) {
    List<Point> sorted = new ArrayList<>(points);
    sorted.sort(
        Comparator.comparingDouble((Point p) -> p.costUsd)
            .thenComparing(Comparator.comparingDouble((Point p) -> p.lowestAttainment).reversed()));
    List<Point> front = new ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    for (Point p : sorted) {
      if (p.lowestAttainment > best) {
        front.add(p);
        best = p.lowestAttainment;
      }
    }
    return front;
  }

  /** Returns the lowest SLO attainment of any class of a policy that had requests. */
  public static double lowestAttainment(PolicyResult p) {
    double low = 1;
    for (ClassResult c : p.classes().values()) {
      if (c.requests() > 0) {
        low = Math.min(low, c.sloAttainment());
      }
    }
    return low;
  }

  private String page() {
    SimulationResult r = in.references;
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>tierpilot tuning report: ")
        .append(Html.esc(r.workload()))
        .append("</title>\n<style>\n")
        .append(Css.STYLE)
        .append("</style>\n</head>\n<body>\n<main>\n");
    out.append("<h1>tierpilot tuning report</h1>\n<p class=\"summary\">Workload <code>")
        .append(Html.esc(r.workload()))
        .append("</code> on the <code>")
        .append(Html.esc(r.provider()))
        .append("</code> provider model with seed ")
        .append(r.seed())
        .append(": ")
        .append(Fmt.count(r.requests()))
        .append(" requests over ")
        .append(Fmt.span(r.durationSeconds()))
        .append(" of simulated time. Target: every class meets its deadline for at least ")
        .append(Fmt.trim(in.target, 4))
        .append(" of its requests, at the lowest cost.</p>\n");
    out.append("<nav><a href=\"#result\">Result</a><a href=\"#pareto\">Pareto chart</a>")
        .append("<a href=\"#hedging\">Hedging</a><a href=\"#setting\">Tuned setting</a>")
        .append("<a href=\"#search\">Search</a></nav>\n");
    result();
    pareto();
    hedging();
    setting();
    search();
    out.append("<footer>Generated by <code>tierpilot tune</code>. Every setting is in")
        .append(" <code>pareto.csv</code> and, as a configuration file, in")
        .append(" <code>candidates/</code>.</footer>\n</main>\n</body>\n</html>\n");
    return out.toString();
  }

  // ---------------------------------------------------------------- result

  private void result() {
    PolicyResult base = in.references.policy("static-standard");
    out.append("<section id=\"result\">\n<h2>Result</h2>\n<p class=\"note\">The tuned setting")
        .append(" (<code>tuned.properties</code>) against the policies of <code>simulate</code>")
        .append(" on the same scenario; <code>adaptive</code> runs the library's defaults.")
        .append(" Attainment below the target is <span class=\"low\">highlighted</span>.</p>\n")
        .append("<div class=\"scroll\"><table class=\"data\">\n<thead>\n<tr>")
        .append("<th class=\"left\">Setting</th><th>Cost ($)</th>");
    if (base != null) {
      out.append("<th>vs static-<br>standard</th>");
    }
    out.append("<th>Lowest class<br>attainment</th><th>Overall<br>attainment</th></tr>\n")
        .append("</thead>\n<tbody>\n<tr class=\"em\"><th scope=\"row\" class=\"left\">")
        .append("<span class=\"sw\" style=\"background:")
        .append(FRONT)
        .append("\"></span>")
        .append(TUNED)
        .append(" (")
        .append(Html.esc(in.best.id))
        .append(")</th>");
    cell(Fmt.usd(in.best.costUsd));
    if (base != null) {
      cell(Fmt.ratio(in.best.costUsd / base.costUsd()));
    }
    attainment(in.best.lowestAttainment);
    attainment(in.best.attainment);
    out.append("</tr>\n");
    for (PolicyResult p : in.references.policies()) {
      out.append("<tr><th scope=\"row\" class=\"left\">")
          .append(swatch(p.name()))
          .append(Html.esc(p.name()))
          .append("</th>");
      cell(Fmt.usd(p.costUsd()));
      if (base != null) {
        cell(Fmt.ratio(p.costUsd() / base.costUsd()));
      }
      attainment(lowestAttainment(p));
      attainment(p.sloAttainment());
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table></div>\n</section>\n");
  }

  private void attainment(double v) {
    if (!Fmt.defined(v)) {
      cell(Fmt.NONE);
    } else if (v < in.target) {
      out.append("<td class=\"low\">").append(Fmt.attainment(v)).append("</td>");
    } else {
      cell(Fmt.attainment(v));
    }
  }

  private void cell(String text) {
    out.append("<td>").append(text).append("</td>");
  }

  private String swatch(String policy) {
    Palette.Style s = palette.of(policy);
    String look = Palette.ORACLE.equals(policy) ? "sw dia" : "sw";
    return "<span class=\"" + look + "\" style=\"background:" + s.color + "\"></span>";
  }

  // ---------------------------------------------------------------- Pareto chart

  private void pareto() {
    List<Point> front = front(in.points);
    out.append("<section id=\"pareto\">\n<h2>Cost against attainment</h2>\n<figure>\n")
        .append(paretoChart(front))
        .append("<figcaption>Each grey point is a setting run on the whole workload: filled if")
        .append(" it hedges a class, hollow if not. The orange line joins the Pareto front (no")
        .append(" other setting is both cheaper and better); the large orange point is the tuned")
        .append(" setting, the cheapest that reaches the target in every class. Coloured points")
        .append(" are the policies of <code>simulate</code>; a hollow one lies outside the axes,")
        .append(" drawn on the edge and labelled with its cost and attainment. The y axis is the")
        .append(" attainment of the worst class, the one the target binds.</figcaption>\n")
        .append("</figure>\n");
    out.append("<h3>The front</h3>\n<div class=\"scroll\"><table class=\"data\">\n<thead><tr>")
        .append("<th class=\"left\">Setting</th><th>Cost ($)</th><th>Lowest class<br>")
        .append("attainment</th><th>Hedges</th><th>Meets the target</th></tr></thead>\n<tbody>\n");
    for (Point p : front) {
      boolean best = p == in.best;
      out.append(best ? "<tr class=\"em\">" : "<tr>")
          .append("<th scope=\"row\" class=\"left\">")
          .append(Html.esc(p.id))
          .append(best ? " (tuned)" : "")
          .append("</th>");
      cell(Fmt.usd(p.costUsd));
      attainment(p.lowestAttainment);
      cell(p.hedged ? "yes" : "no");
      cell(p.feasible ? "yes" : "no");
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table></div>\n</section>\n");
  }

  private String paretoChart(List<Point> front) {
    List<PolicyResult> refs = in.references.policies();
    double minCost = Double.POSITIVE_INFINITY;
    double maxCost = 0;
    double minY = 1;
    for (Point p : in.points) {
      minCost = Math.min(minCost, p.costUsd);
      maxCost = Math.max(maxCost, p.costUsd);
      minY = Math.min(minY, p.lowestAttainment);
    }
    double reach = Math.max(maxCost, in.best.costUsd * ZOOM);
    for (PolicyResult p : refs) {
      if (p.costUsd() <= reach) { // the others are drawn at the right edge
        minCost = Math.min(minCost, p.costUsd());
        maxCost = Math.max(maxCost, p.costUsd());
      }
      minY = Math.min(minY, lowestAttainment(p));
    }
    if (!(maxCost > 0)) {
      maxCost = 1;
      minCost = 0;
    }
    double floor = Math.max(0, Math.min(in.target - 0.02, 1 - 4 * (1 - in.target)));
    double lo = Math.max(floor, minY - (1 - minY) * 0.08);
    double step = Scale.niceStep((1.004 - lo) / 6);
    lo = Math.floor(lo / step) * step;
    Scale y = Scale.linear(lo, 1 + (1 - lo) * 0.04, 6, false, null);
    double pad = (maxCost - minCost) * 0.06;
    Scale x = Scale.linear(Math.max(0, minCost - pad), maxCost + pad, 8, true, null);

    List<Chart.LegendItem> legend = new ArrayList<>();
    legend.add(new Chart.LegendItem(TUNED, FRONT, 3, null, Chart.Swatch.POINT, true));
    legend.add(new Chart.LegendItem("Pareto front", FRONT, 2, null, Chart.Swatch.LINE, false));
    legend.add(
        new Chart.LegendItem("settings tried", CANDIDATE, 1, null, Chart.Swatch.POINT, false));
    for (PolicyResult p : refs) {
      legend.add(
          Chart.LegendItem.of(
              p.name(),
              palette.of(p.name()),
              Palette.ORACLE.equals(p.name()) ? Chart.Swatch.DIAMOND : Chart.Swatch.POINT));
    }
    Chart c = new Chart("pareto", Charts.WIDE, 500, "Cost against the lowest class attainment");
    c.legend(legend);
    c.axes(x, "Total cost (USD)", y, "Lowest class SLO attainment");
    c.horizontalMarker(in.target, "target " + Fmt.trim(in.target, 4), REFERENCE);
    Svg svg = c.svg();
    double bottom = y.min();
    for (Point p : in.points) {
      double py = c.py(Math.max(bottom, p.lowestAttainment));
      if (p.hedged) {
        svg.circle(c.px(p.costUsd), py, 3.5, CANDIDATE, null, 0);
      } else {
        svg.circle(c.px(p.costUsd), py, 3.5, "#fff", CANDIDATE, 1.3);
      }
    }
    double[] fx = new double[2 * front.size()];
    double[] fy = new double[2 * front.size()];
    int n = 0;
    for (int i = 0; i < front.size(); i++) {
      Point p = front.get(i);
      double v = Math.max(bottom, p.lowestAttainment);
      if (i > 0) {
        fx[n] = p.costUsd; // across at the previous attainment, then up
        fy[n] = fy[n - 1];
        n++;
      }
      fx[n] = p.costUsd;
      fy[n++] = v;
    }
    c.series(fx, fy, n, FRONT, 2, null);
    List<double[]> taken = new ArrayList<>();
    for (Point p : in.points) {
      double px = c.px(p.costUsd);
      double py = c.py(Math.max(bottom, p.lowestAttainment));
      taken.add(new double[] {px - 4, py - 4, px + 4, py + 4});
    }
    List<double[]> at = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (PolicyResult p : refs) {
      double low = lowestAttainment(p);
      boolean right = p.costUsd() > x.max();
      boolean below = low < bottom;
      double px = c.px(Math.min(x.max(), p.costUsd()));
      double py = c.py(Math.max(bottom, low));
      at.add(new double[] {px, py, right || below ? 1 : 0});
      taken.add(new double[] {px - 7, py - 7, px + 7, py + 7});
      // a point outside the axes sits on the edge, its label giving where it really is
      labels.add(
          right || below
              ? p.name() + " ($" + Fmt.usd(p.costUsd()) + ", " + Fmt.attainment(low) + ")"
              : p.name());
    }
    double bx = c.px(in.best.costUsd);
    double by = c.py(Math.max(bottom, in.best.lowestAttainment));
    taken.add(new double[] {bx - 9, by - 9, bx + 9, by + 9});
    Charts.placeLabel(c, svg, TUNED, true, bx, by, 8, taken);
    for (int i = 0; i < refs.size(); i++) {
      Charts.placeLabel(c, svg, labels.get(i), false, at.get(i)[0], at.get(i)[1], 6, taken);
    }
    for (int i = 0; i < refs.size(); i++) {
      PolicyResult p = refs.get(i);
      Palette.Style s = palette.of(p.name());
      double[] a = at.get(i);
      if (Palette.ORACLE.equals(p.name())) {
        svg.diamond(a[0], a[1], 7, a[2] > 0 ? "#fff" : s.color, a[2] > 0 ? s.color : "#fff");
      } else if (a[2] > 0) {
        svg.circle(a[0], a[1], 5, "#fff", s.color, 2.5);
      } else {
        svg.circle(a[0], a[1], 6, s.color, "#fff", 1.5);
      }
    }
    svg.circle(bx, by, 8, FRONT, "#fff", 2);
    return c.finish();
  }

  // ---------------------------------------------------------------- hedging

  private void hedging() {
    out.append("<section id=\"hedging\">\n<h2>Hedging</h2>\n<p class=\"note\">A hedge is a")
        .append(" backup call on a faster tier for a request of a hedged class whose first token")
        .append(" is late; the first call to finish answers and both are billed. Each pair of")
        .append(" rows is one setting with and without its hedges, on the same workload:")
        .append(" the difference is what hedging buys and what it costs.</p>\n")
        .append("<div class=\"scroll\"><table class=\"data\">\n<thead><tr>")
        .append("<th class=\"left\">Setting</th><th>Cost ($)</th><th>Hedges</th>")
        .append("<th>Hedge cost ($)</th><th>Lowest class<br>attainment</th>")
        .append("<th>Meets the target</th></tr></thead>\n<tbody>\n");
    if (in.hedged != null && in.unhedged != null) {
      for (Point p : List.of(in.hedged, in.unhedged)) {
        String label =
            (p == in.hedged ? "best of the search, hedged" : "the same without hedges")
                + " ("
                + p.id
                + (p == in.best ? ", tuned" : "")
                + ")";
        hedgeRow(label, p.costUsd, p.hedges, p.hedgeCostUsd, p.lowestAttainment, p == in.best);
      }
    } else {
      hedgeRow(
          TUNED + " (" + in.best.id + ", hedges no class)",
          in.best.costUsd,
          in.best.hedges,
          in.best.hedgeCostUsd,
          in.best.lowestAttainment,
          true);
    }
    for (String name : List.of("adaptive", "adaptive-unhedged")) {
      PolicyResult p = in.references.policy(name);
      if (p != null) {
        hedgeRow(name, p.costUsd(), p.hedges(), p.hedgeCostUsd(), lowestAttainment(p), false);
      }
    }
    out.append("</tbody>\n</table></div>\n</section>\n");
  }

  private void hedgeRow(
      String label, double cost, long hedges, double hedgeCost, double low, boolean em) {
    out.append(em ? "<tr class=\"em\">" : "<tr>")
        .append("<th scope=\"row\" class=\"left\">")
        .append(Html.esc(label))
        .append("</th>");
    cell(String.format(Locale.ROOT, "%.4f", cost));
    cell(Fmt.count(hedges));
    cell(String.format(Locale.ROOT, "%.4f", hedgeCost));
    attainment(low);
    cell(low >= in.target ? "yes" : "no");
    out.append("</tr>\n");
  }

  // ---------------------------------------------------------------- setting and search

  private void setting() {
    out.append("<section id=\"setting\">\n<h2>Tuned setting</h2>\n<p class=\"note\">The values")
        .append(" the search chose, in <code>tuned.properties</code>, which the library's")
        .append(" configuration loader reads (<code>TierScheduler.newBuilder().configure(file)")
        .append("</code>) and <code>simulate --scheduler-config</code> replays. A hedge delay")
        .append(" that is absent means the class is not hedged.</p>\n<table class=\"data text\">")
        .append("\n<thead><tr><th class=\"left\">Key</th><th class=\"left\">Tuned</th>")
        .append("<th class=\"left\">Default</th></tr></thead>\n<tbody>\n");
    java.util.TreeSet<String> keys = new java.util.TreeSet<>(in.defaults.keySet());
    keys.addAll(in.tuned.keySet());
    for (String k : keys) {
      out.append("<tr><td><code>")
          .append(Html.esc(k))
          .append("</code></td><td>")
          .append(Html.esc(in.tuned.getOrDefault(k, "off")))
          .append("</td><td>")
          .append(Html.esc(in.defaults.getOrDefault(k, "off")))
          .append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n</section>\n");
  }

  private void search() {
    out.append("<section id=\"search\">\n<h2>Search</h2>\n<p class=\"note\">")
        .append(Html.esc(in.method))
        .append("</p>\n<table class=\"data\">\n<thead><tr><th class=\"left\">Stage</th>")
        .append("<th>Settings</th><th>Share of the workload</th></tr></thead>\n<tbody>\n");
    for (Stage s : in.stages) {
      out.append("<tr><th scope=\"row\" class=\"left\">").append(Html.esc(s.name)).append("</th>");
      cell(Fmt.count(s.settings));
      cell(Fmt.share(s.fraction));
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table>\n</section>\n");
  }
}
