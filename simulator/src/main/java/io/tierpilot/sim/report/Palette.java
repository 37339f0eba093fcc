package io.tierpilot.sim.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The look of each policy, the same in every chart and table of a report: the known policies have
 * fixed colours (from the Okabe–Ito palette, readable with colour-vision deficiencies); others take
 * the remaining colours in the order the result lists them. {@code adaptive} is drawn thick and
 * vermilion, {@code oracle} black and dashed, so both stand out.
 */
final class Palette {
  /** How one policy is drawn. */
  static final class Style {
    final String color;
    final double width;
    final String dash;
    final boolean emphasised;

    Style(String color, double width, String dash, boolean emphasised) {
      this.color = color;
      this.width = width;
      this.dash = dash;
      this.emphasised = emphasised;
    }
  }

  static final String ADAPTIVE = "adaptive";
  static final String ORACLE = "oracle";

  /** Fill colours of the tiers flex, standard, priority (the order of TimeBucket.TIERS). */
  static final String[] TIER_COLORS = {"#6cc3a0", "#5a9bd4", "#d98cbc"};

  private static final Map<String, String> KNOWN = new LinkedHashMap<>();

  static {
    KNOWN.put(ADAPTIVE, "#d55e00");
    KNOWN.put(ORACLE, "#000000");
    KNOWN.put("static-priority", "#cc79a7");
    KNOWN.put("static-standard", "#0072b2");
    KNOWN.put("static-flex", "#009e73");
    KNOWN.put("by-class", "#e69f00");
    KNOWN.put("flex-then-standard", "#56b4e9");
  }

  private static final String[] OTHERS = {
    "#8c564b", "#7f7f7f", "#9b9b1f", "#6a3d9a", "#1b7f79", "#e7298a", "#66a61e", "#a6761d"
  };

  private static final String[] EXTRA_DASHES = {null, "2 3", "8 3 2 3"};

  private final Map<String, Style> styles = new LinkedHashMap<>();

  /** Assigns styles to the policies, in the order given. */
  Palette(List<String> policies) {
    Set<String> used = new HashSet<>();
    for (String p : policies) {
      if (KNOWN.containsKey(p)) {
        used.add(KNOWN.get(p));
      }
    }
    List<String> free = new ArrayList<>();
    for (Map.Entry<String, String> e : KNOWN.entrySet()) {
      String c = e.getValue();
      boolean reserved = ADAPTIVE.equals(e.getKey()) || ORACLE.equals(e.getKey());
      if (!reserved && !used.contains(c)) {
        free.add(c);
      }
    }
    for (String c : OTHERS) {
      free.add(c);
    }
    int next = 0;
    for (String p : policies) {
      if (styles.containsKey(p)) {
        continue;
      }
      Style s;
      if (ADAPTIVE.equals(p)) {
        s = new Style(KNOWN.get(p), 3.5, null, true);
      } else if (ORACLE.equals(p)) {
        s = new Style(KNOWN.get(p), 2.2, "7 4", true);
      } else if (KNOWN.containsKey(p)) {
        s = new Style(KNOWN.get(p), 1.8, null, false);
      } else {
        int round = next / free.size();
        String dash = EXTRA_DASHES[round % EXTRA_DASHES.length];
        s = new Style(free.get(next % free.size()), 1.8, dash, false);
        next++;
      }
      styles.put(p, s);
    }
  }

  /** Returns the style of a policy given to the constructor. */
  Style of(String policy) {
    Style s = styles.get(policy);
    return s == null ? new Style("#7f7f7f", 1.8, null, false) : s;
  }
}
