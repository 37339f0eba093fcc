package io.tierpilot.sim.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One chart: a legend at the top, a plot area with gridlines, labelled axes with titles, and the
 * data the caller draws into the plot area in data coordinates. Use in this order: {@link #legend},
 * {@link #axes}, drawing calls, {@link #finish}.
 */
final class Chart {
  /** How a legend entry shows its series. */
  enum Swatch {
    LINE,
    AREA,
    POINT,
    DIAMOND
  }

  /** One legend entry. */
  static final class LegendItem {
    final String label;
    final String color;
    final double width;
    final String dash;
    final Swatch swatch;
    final boolean bold;

    LegendItem(String label, String color, double width, String dash, Swatch swatch, boolean bold) {
      this.label = label;
      this.color = color;
      this.width = width;
      this.dash = dash;
      this.swatch = swatch;
      this.bold = bold;
    }

    static LegendItem of(String policy, Palette.Style s, Swatch swatch) {
      return new LegendItem(policy, s.color, s.width, s.dash, swatch, s.emphasised);
    }
  }

  static final String GRID = "#e4e4e4";
  static final String MINOR_GRID = "#f1f1f1";
  static final String AXIS = "#777";
  static final String TEXT = "#222";
  static final String MUTED = "#555";

  private static final double LEGEND_ROW = 19;
  private static final double SWATCH = 24;

  private final String id;
  private final int width;
  private final int height;
  private final Svg svg;
  private final List<LegendItem> legend = new ArrayList<>();
  private Scale x;
  private Scale y;
  private double left;
  private double top;
  private double right;
  private double bottom;

  /**
   * @param id unique id within the page, for the plot's clip path
   * @param label accessible name of the chart
   */
  Chart(String id, int width, int height, String label) {
    this.id = id;
    this.width = width;
    this.height = height;
    this.svg = new Svg(width, height, label);
  }

  /** Adds legend entries; call before {@link #axes}. */
  Chart legend(List<LegendItem> items) {
    legend.addAll(items);
    return this;
  }

  /**
   * Lays out the chart and draws the gridlines, ticks, tick labels and axis titles, then opens the
   * clipped plot area for the data.
   */
  Chart axes(Scale xScale, String xTitle, Scale yScale, String yTitle) {
    this.x = xScale;
    this.y = yScale;
    double legendHeight = drawLegend();
    top = legendHeight + 12;
    left = 10 + 14 + 8 + yScale.widestLabel() + 6;
    bottom = height - 48;
    double lastLabel = 0;
    for (Scale.Tick t : xScale.ticks()) {
      if (t.label != null && t.value >= xScale.max() - 1e-9 * Math.abs(xScale.max())) {
        lastLabel = Svg.textWidth(t.label, Svg.FONT) / 2;
      }
    }
    right = width - Math.max(16, lastLabel + 6);
    xScale.range(left, right);
    yScale.range(bottom, top);

    svg.rect(left, top, right - left, bottom - top, "#fff", null);
    for (Scale.Tick t : yScale.ticks()) {
      double py = yScale.map(t.value);
      svg.line(left, py, right, py, t.label == null ? MINOR_GRID : GRID, 1, null);
      if (t.label != null) {
        svg.line(left - 5, py, left, py, AXIS, 1, null);
        svg.text(left - 8, py + 4, t.label, "end", Svg.FONT, false, TEXT);
      }
    }
    for (Scale.Tick t : xScale.ticks()) {
      double px = xScale.map(t.value);
      svg.line(px, top, px, bottom, t.label == null ? MINOR_GRID : GRID, 1, null);
      svg.line(px, bottom, px, bottom + (t.label == null ? 3 : 5), AXIS, 1, null);
      if (t.label != null) {
        svg.text(px, bottom + 19, t.label, "middle", Svg.FONT, false, TEXT);
      }
    }
    svg.text((left + right) / 2, height - 8, xTitle, "middle", 13, false, TEXT);
    svg.verticalText(17, (top + bottom) / 2, yTitle, 13, false, TEXT);
    svg.clipRect(id, left - 4, top - 4, right - left + 8, bottom - top + 8);
    svg.raw("<g clip-path=\"url(#" + id + ")\">\n");
    return this;
  }

  private double drawLegend() {
    if (legend.isEmpty()) {
      return 0;
    }
    double pad = 10;
    double cx = pad;
    double row = 0;
    List<double[]> at = new ArrayList<>();
    for (LegendItem item : legend) {
      double w = SWATCH + 6 + Svg.textWidth(item.label, Svg.FONT) + 18;
      if (cx + w > width - pad && cx > pad) {
        cx = pad;
        row++;
      }
      at.add(new double[] {cx, row});
      cx += w;
    }
    for (int i = 0; i < legend.size(); i++) {
      LegendItem item = legend.get(i);
      double lx = at.get(i)[0];
      double ly = 6 + at.get(i)[1] * LEGEND_ROW + LEGEND_ROW / 2;
      switch (item.swatch) {
        case AREA:
          svg.rect(lx + 2, ly - 6, SWATCH - 4, 12, item.color, null);
          break;
        case POINT:
          svg.circle(lx + SWATCH / 2, ly, item.bold ? 6 : 5, item.color, "#fff", 1);
          break;
        case DIAMOND:
          svg.diamond(lx + SWATCH / 2, ly, 6, item.color, "#fff");
          break;
        default:
          svg.line(lx, ly, lx + SWATCH, ly, item.color, Math.min(item.width, 4), item.dash);
      }
      svg.text(lx + SWATCH + 6, ly + 4, item.label, "start", Svg.FONT, item.bold, TEXT);
    }
    return 6 + (row + 1) * LEGEND_ROW;
  }

  /** Returns the pixel column of a data x value. */
  double px(double v) {
    return x.map(v);
  }

  /** Returns the pixel row of a data y value. */
  double py(double v) {
    return y.map(v);
  }

  double left() {
    return left;
  }

  double right() {
    return right;
  }

  double top() {
    return top;
  }

  double bottom() {
    return bottom;
  }

  Svg svg() {
    return svg;
  }

  /** Draws a line through data points (the first {@code n} of the arrays). */
  void series(double[] xs, double[] ys, int n, String color, double width, String dash) {
    if (n == 0) {
      return;
    }
    double[] px = new double[n];
    double[] py = new double[n];
    for (int i = 0; i < n; i++) {
      px[i] = x.map(xs[i]);
      py[i] = y.map(ys[i]);
    }
    if (n == 1) {
      svg.circle(px[0], py[0], Math.max(2.5, width), color, null, 0);
    } else {
      svg.polyline(px, py, n, color, width, dash);
    }
  }

  /** Fills the band between two data lines over the same x values. */
  void band(double[] xs, double[] lower, double[] upper, int n, String color, double opacity) {
    if (n < 2) {
      return;
    }
    double[] px = new double[2 * n];
    double[] py = new double[2 * n];
    for (int i = 0; i < n; i++) {
      px[i] = x.map(xs[i]);
      py[i] = y.map(upper[i]);
      px[2 * n - 1 - i] = px[i];
      py[2 * n - 1 - i] = y.map(lower[i]);
    }
    svg.polygon(px, py, 2 * n, color, opacity);
  }

  /**
   * Draws a vertical reference line at a data x value, labelled near the bottom of the plot, where
   * a CDF is low at the deadline and the label rarely hides a line.
   */
  void verticalMarker(double v, String label, String color) {
    double px = x.map(v);
    svg.line(px, top, px, bottom, color, 1.8, "6 3");
    boolean leftSide = px > right - Svg.textWidth(label, Svg.FONT) - 10;
    double tx = leftSide ? px - 5 : px + 5;
    svg.haloText(tx, bottom - 8, label, leftSide ? "end" : "start", color, false);
  }

  /** Draws a horizontal reference line at a data y value, labelled at the right end. */
  void horizontalMarker(double v, String label, String color) {
    double py = y.map(v);
    svg.line(left, py, right, py, color, 1.3, "5 3");
    svg.haloText(right - 5, py - 5, label, "end", color, false);
  }

  /** Writes a message in the middle of the plot area (for a chart without data). */
  void message(String text) {
    svg.text((left + right) / 2, (top + bottom) / 2, text, "middle", 14, false, MUTED);
  }

  /** Closes the plot area, draws the frame and returns the SVG markup. */
  String finish() {
    svg.raw("</g>\n");
    svg.line(left, bottom, right, bottom, AXIS, 1, null);
    svg.line(left, top, left, bottom, AXIS, 1, null);
    return svg.finish();
  }
}
