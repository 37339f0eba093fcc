package io.tierpilot.sim.report;

/** Escaping of text for HTML and inline SVG, in element content and in quoted attributes. */
final class Html {
  private Html() {}

  /**
   * Returns {@code text} with {@code & < > " '} replaced by character references, so it can stand
   * in element content or in a single- or double-quoted attribute. Control characters other than
   * tab, line feed and carriage return, which HTML does not allow, become U+FFFD. A null text is
   * the empty string.
   */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String rep;
      switch (c) {
        case '&':
          rep = "&amp;";
          break;
        case '<':
          rep = "&lt;";
          break;
        case '>':
          rep = "&gt;";
          break;
        case '"':
          rep = "&quot;";
          break;
        case '\'':
          rep = "&#39;";
          break;
        default:
          rep = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f ? "\ufffd" : null;
      }
      if (rep != null) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(rep);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
