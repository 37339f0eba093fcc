package io.tierpilot.sim.report;

/**
 * A small writer of inline SVG: shapes and text in pixel coordinates, numbers written with at most
 * one decimal so the output is compact and the same for the same input. Text is escaped; colours
 * and dash patterns are trusted (they come from the report's palette, never from the input).
 */
final class Svg {
  /** Font size of tick labels and legend text, in pixels. */
  static final double FONT = 12;

  private final StringBuilder out = new StringBuilder(4096);
  private boolean closed;

  /**
   * Starts an SVG of the given size in pixels.
   *
   * @param label the accessible name of the image (escaped here)
   */
  Svg(int width, int height, String label) {
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"")
        .append(Html.esc(label))
        .append("\">\n");
  }

  /**
   * Returns the estimated width in pixels of {@code text} in a sans-serif font of {@code size}
   * pixels, erring on the wide side so that labels laid out with it do not collide.
   */
  static double textWidth(String text, double size) {
    double w = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      double em;
      if ("il.,:;'|!Ijft ".indexOf(c) >= 0) {
        em = 0.34;
      } else if ("mwMW".indexOf(c) >= 0) {
        em = 0.92;
      } else if (c >= 'A' && c <= 'Z') {
        em = 0.72;
      } else if (c >= '0' && c <= '9') {
        em = 0.64;
      } else {
        em = 0.62;
      }
      w += em;
    }
    return w * size;
  }

  /** Appends a number with at most one decimal ({@code 12}, {@code 12.5}, {@code -3.2}). */
  Svg num(double v) {
    long tenths = Math.round(v * 10);
    if (tenths < 0) {
      out.append('-');
      tenths = -tenths;
    }
    out.append(tenths / 10);
    if (tenths % 10 != 0) {
      out.append('.').append(tenths % 10);
    }
    return this;
  }

  /** Appends raw markup: the caller guarantees it is well-formed and contains no input text. */
  Svg raw(String markup) {
    out.append(markup);
    return this;
  }

  /** Defines a rectangular clip path with the given id. */
  void clipRect(String id, double x, double y, double w, double h) {
    out.append("<defs><clipPath id=\"").append(id).append("\"><rect x=\"");
    num(x).raw("\" y=\"").num(y).raw("\" width=\"").num(w).raw("\" height=\"").num(h);
    out.append("\"/></clipPath></defs>\n");
  }

  /** Draws a line; {@code dash} may be null for a solid line. */
  void line(double x1, double y1, double x2, double y2, String stroke, double width, String dash) {
    out.append("<line x1=\"");
    num(x1).raw("\" y1=\"").num(y1).raw("\" x2=\"").num(x2).raw("\" y2=\"").num(y2);
    out.append("\" stroke=\"").append(stroke).append("\" stroke-width=\"");
    num(width).raw("\"");
    dash(dash);
    out.append("/>\n");
  }

  /** Draws a rectangle; {@code stroke} may be null. */
  void rect(double x, double y, double w, double h, String fill, String stroke) {
    out.append("<rect x=\"");
    num(x).raw("\" y=\"").num(y).raw("\" width=\"").num(w).raw("\" height=\"").num(h);
    out.append("\" fill=\"").append(fill).append('"');
    if (stroke != null) {
      out.append(" stroke=\"").append(stroke).append('"');
    }
    out.append("/>\n");
  }

  /** Draws an open polyline through the points. */
  void polyline(double[] xs, double[] ys, int n, String stroke, double width, String dash) {
    out.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"");
    num(width).raw("\" stroke-linejoin=\"round\"");
    dash(dash);
    out.append(" points=\"");
    points(xs, ys, n);
    out.append("\"/>\n");
  }

  /** Fills the polygon through the points. */
  void polygon(double[] xs, double[] ys, int n, String fill, double opacity) {
    out.append("<polygon fill=\"").append(fill).append('"');
    if (opacity < 1) {
      out.append(" fill-opacity=\"").append(opacity).append('"');
    }
    out.append(" points=\"");
    points(xs, ys, n);
    out.append("\"/>\n");
  }

  private void points(double[] xs, double[] ys, int n) {
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(' ');
      }
      num(xs[i]).raw(",").num(ys[i]);
    }
  }

  /** Draws a circle; {@code stroke} may be null. */
  void circle(double cx, double cy, double r, String fill, String stroke, double strokeWidth) {
    out.append("<circle cx=\"");
    num(cx).raw("\" cy=\"").num(cy).raw("\" r=\"").num(r);
    out.append("\" fill=\"").append(fill).append('"');
    if (stroke != null) {
      out.append(" stroke=\"").append(stroke).append("\" stroke-width=\"");
      num(strokeWidth).raw("\"");
    }
    out.append("/>\n");
  }

  /** Draws a diamond centred on a point, {@code r} from the centre to each corner. */
  void diamond(double cx, double cy, double r, String fill, String stroke) {
    double[] xs = {cx, cx + r, cx, cx - r};
    double[] ys = {cy - r, cy, cy + r, cy};
    out.append("<polygon fill=\"").append(fill).append("\" stroke=\"").append(stroke);
    out.append("\" stroke-width=\"1.5\" points=\"");
    points(xs, ys, 4);
    out.append("\"/>\n");
  }

  /**
   * Draws text (escaped here).
   *
   * @param anchor {@code start}, {@code middle} or {@code end}
   * @param size font size in pixels
   * @param bold whether the text is bold
   * @param fill text colour
   */
  void text(
      double x, double y, String text, String anchor, double size, boolean bold, String fill) {
    out.append("<text x=\"");
    num(x).raw("\" y=\"").num(y).raw("\"");
    textAttributes(anchor, size, bold, fill);
    out.append('>').append(Html.esc(text)).append("</text>\n");
  }

  /**
   * Draws text (escaped here) with a white outline behind the glyphs, readable on top of lines and
   * gridlines.
   */
  void haloText(double x, double y, String text, String anchor, String fill, boolean bold) {
    out.append("<text x=\"");
    num(x).raw("\" y=\"").num(y).raw("\"");
    textAttributes(anchor, FONT, bold, fill);
    out.append(
        " stroke=\"#fff\" stroke-width=\"3.5\" paint-order=\"stroke\" stroke-linejoin=\"round\">");
    out.append(Html.esc(text)).append("</text>\n");
  }

  /** Draws text (escaped here) rotated 90° counter-clockwise about its anchor point. */
  void verticalText(double x, double y, String text, double size, boolean bold, String fill) {
    out.append("<text transform=\"translate(");
    num(x).raw(",").num(y).raw(") rotate(-90)\"");
    textAttributes("middle", size, bold, fill);
    out.append('>').append(Html.esc(text)).append("</text>\n");
  }

  private void textAttributes(String anchor, double size, boolean bold, String fill) {
    if (!"start".equals(anchor)) {
      out.append(" text-anchor=\"").append(anchor).append('"');
    }
    if (size != FONT) {
      out.append(" font-size=\"");
      num(size).raw("\"");
    }
    if (bold) {
      out.append(" font-weight=\"bold\"");
    }
    if (!"#222".equals(fill)) {
      out.append(" fill=\"").append(fill).append('"');
    }
  }

  private void dash(String dash) {
    if (dash != null) {
      out.append(" stroke-dasharray=\"").append(dash).append('"');
    }
  }

  /** Closes the SVG and returns its markup; further calls return the same markup. */
  String finish() {
    if (!closed) {
      out.append("</svg>\n");
      closed = true;
    }
    return out.toString();
  }
}
