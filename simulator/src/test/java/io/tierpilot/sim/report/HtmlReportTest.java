package io.tierpilot.sim.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierpilot.sim.metrics.ClassResult;
import io.tierpilot.sim.metrics.PolicyResult;
import io.tierpilot.sim.metrics.SimulationResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private static final long SECOND = 1_000_000_000L;
  private static final Pattern SVG = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL);

  private static SimulationResult synthetic;
  private static String html;

  @BeforeAll
  static void renderSynthetic() {
    synthetic = SyntheticResults.realistic();
    html = HtmlReport.render(synthetic);
  }

  // ---------------------------------------------------------------- contents

  @Test
  void containsEveryPolicyNameInTheTableAndInTheCharts() {
    for (String name : SyntheticResults.POLICIES) {
      assertTrue(html.contains("</span>" + name + "</th>"), name + " has a table row");
      assertTrue(html.contains(">" + name + "</text>"), name + " is in a chart legend");
    }
  }

  @Test
  void sectionsComeInTheSpecifiedOrder() {
    String[] ids = {
      "comparison",
      "cost-slo",
      "latency",
      "tier-mix",
      "spend",
      "pacing",
      "calibration",
      "tier-latency",
      "assumptions"
    };
    int last = -1;
    for (String id : ids) {
      int at = html.indexOf("<section id=\"" + id + "\">");
      assertTrue(at > last, id + " after the previous section");
      last = at;
    }
  }

  @Test
  void summaryNamesTheScenario() {
    String summary = between(html, "<p class=\"summary\">", "</p>");
    assertTrue(summary.contains("<code>azure:conv.csv</code>"));
    assertTrue(summary.contains("<code>bedrock</code>"));
    assertTrue(summary.contains("seed 7"));
    assertTrue(summary.contains(Fmt.count(synthetic.requests()) + " requests"));
    assertTrue(summary.contains("<b>interactive</b> 20% of requests, deadline 10 s"));
    assertTrue(summary.contains("recommended tier priority"));
    assertTrue(summary.contains("<b>batch</b> 30% of requests, deadline 30 min"));
    assertTrue(
        summary.contains(
            "12 invalid rows were skipped (malformed, or of a class that <code>--classes</code>"
                + " does not define); the first: <code>conv.csv:17: GeneratedTokens &#39;x&#39; is"
                + " not a whole number</code>"),
        summary);
    assertTrue(summary.contains("3 rows of the trace recorded failed calls"));
    assertTrue(
        summary.contains(
            "5 requests recorded a longer output than the cap of <code>--max-tokens</code> and"
                + " were replayed with the output cut to it."),
        summary);
  }

  @Test
  void tableShowsSyntheticValuesAsFormatted() {
    PolicyResult adaptive = synthetic.policy("adaptive");
    PolicyResult standard = synthetic.policy("static-standard");
    String row = row(html, "adaptive");
    assertTrue(row.contains("<td>" + String.format(Locale.ROOT, "%,.2f", adaptive.costUsd())));
    assertTrue(
        row.contains(
            String.format(Locale.ROOT, "%.3f\u00d7", adaptive.costUsd() / standard.costUsd())));
    assertTrue(row.contains(Fmt.count(adaptive.throttled())));
    assertTrue(row(html, "static-standard").contains("<td>1.000\u00d7</td>"));
    assertTrue(row(html, "static-standard").contains("0.0 / 100.0 / 0.0"));
    assertTrue(row(html, "static-flex").contains("100.0 / 0.0 / 0.0"));
    // static-flex misses interactive deadlines in the synthetic run: highlighted
    double flexInteractive =
        synthetic.policy("static-flex").classes().get("interactive").sloAttainment();
    assertTrue(flexInteractive < 0.99);
    assertTrue(
        row(html, "static-flex").contains("<td class=\"low\">" + Fmt.attainment(flexInteractive)));
  }

  @Test
  void tableShowsExactValuesOfAHandBuiltResult() {
    List<ClassResult> classes = List.of(new ClassResult("web", 10 * SECOND, 0.99));
    PolicyResult standard = new PolicyResult("static-standard", "Standard", classes, Double.NaN);
    for (int i = 0; i < 4; i++) {
      standard.arrival(i * SECOND);
    }
    standard.served(2 * SECOND, 0, 1, 0.5, SECOND);
    standard.served(3 * SECOND, 0, 1, 0.75, SECOND);
    standard.finished(2 * SECOND, "web", true, SECOND, true, false);
    standard.finished(3 * SECOND, "web", true, SECOND, true, false);
    standard.finished(4 * SECOND, "web", true, 2 * SECOND, true, false);
    standard.finished(30 * SECOND, "web", false, 0, false, true);
    for (int i = 0; i < 1234; i++) {
      standard.throttled(SECOND);
    }
    standard.close(List.of());
    List<ClassResult> classes2 = List.of(new ClassResult("web", 10 * SECOND, 0.99));
    PolicyResult cheap = new PolicyResult("adaptive", "cheap", classes2, 2.0);
    for (int i = 0; i < 4; i++) {
      cheap.arrival(i * SECOND);
      cheap.served(i * SECOND + SECOND, 0, 0, 0.15625, SECOND);
      cheap.finished(i * SECOND + SECOND, "web", true, SECOND, true, false);
    }
    cheap.close(List.of());
    SimulationResult r = result(List.of(spec("web", 1, 10)), List.of(standard, cheap), 30);

    String page = HtmlReport.render(r);
    String row = row(page, "static-standard");
    assertTrue(row.contains("<td>1.25</td>"), row);
    assertTrue(row.contains("<td>312.50</td>"), row);
    assertTrue(row.contains("<td>1.000\u00d7</td>"), row);
    assertTrue(row.contains("<td class=\"low\">0.7500</td>"), row);
    assertTrue(row.contains("<td>1,234</td>"), row);
    String cheapRow = row(page, "adaptive");
    assertTrue(cheapRow.contains("<td>0.6250</td>"), cheapRow);
    assertTrue(cheapRow.contains("<td>156.25</td>"), cheapRow);
    assertTrue(cheapRow.contains("<td>0.500\u00d7</td>"), cheapRow);
    assertTrue(cheapRow.contains("<td>1.0000</td>"), cheapRow);
    assertTrue(cheapRow.contains("100.0 / 0.0 / 0.0"), cheapRow);
    assertTrue(page.contains("budget $2 per hour"));
  }

  @Test
  void hedgingSectionComparesTheHedgedAndUnhedgedPolicy() {
    List<PolicyResult> ps = new ArrayList<>();
    for (String name : List.of("adaptive", "adaptive-unhedged")) {
      PolicyResult p =
          new PolicyResult(
              name, name, List.of(new ClassResult("web", 10 * SECOND, 0.99)), Double.NaN);
      for (int i = 0; i < 8; i++) {
        p.arrival(i * SECOND);
        p.served(i * SECOND + SECOND, 0, 1, 0.25, SECOND);
        p.finished(
            i * SECOND + SECOND, "web", true, SECOND, i > 0 || name.equals("adaptive"), false);
      }
      ps.add(p);
    }
    PolicyResult hedged = ps.get(0);
    hedged.hedge();
    hedged.hedge();
    hedged.hedgeWon();
    hedged.served(9 * SECOND, 0, 2, 0.5, SECOND);
    hedged.hedgeCost(0.5);
    for (PolicyResult p : ps) {
      p.close(List.of());
    }
    String page = HtmlReport.render(result(List.of(spec("web", 1, 10)), ps, 30));
    assertTrue(page.contains("<a href=\"#hedging\">Hedging</a>"));
    int at = page.indexOf("<section id=\"hedging\">");
    assertTrue(page.indexOf("<section id=\"spend\">") < at);
    assertTrue(at < page.indexOf("<section id=\"tier-latency\">"));
    String section = page.substring(at);
    section = section.substring(0, section.indexOf("</section>"));
    String row = row(section, "adaptive");
    // cost 2.50, 2 hedges = 25% of 8 requests, 1 finished first, hedge cost 0.50 = 20% of cost
    assertTrue(
        row.contains(
            "<td>2.50</td><td>2</td><td>25.0</td><td>1</td><td>0.5000</td><td>20.0</td>"
                + "<td>1.0000</td>"),
        row);
    String unhedged = row(section, "adaptive-unhedged");
    assertTrue(unhedged.contains("<td class=\"low\">0.8750</td>"), unhedged);

    // without a hedge in the run there is no section
    ps.remove(0);
    String none = HtmlReport.render(result(List.of(spec("web", 1, 10)), ps, 30));
    assertFalse(none.contains("id=\"hedging\""));
  }

  @Test
  void attainmentIsRoundedDownSoNoMissIsShownAsMet() {
    assertEquals("0.9899", Fmt.attainment(0.98996));
    assertEquals("0.9900", Fmt.attainment(0.99));
    assertEquals("1.0000", Fmt.attainment(1.0));
    assertEquals("0.0000", Fmt.attainment(0));
  }

  @Test
  void oneLatencyChartPerClassWithItsDeadline() {
    List<String> labels = new ArrayList<>();
    Matcher m = Pattern.compile("aria-label=\"Latency CDF of class ([^\"]*)\"").matcher(html);
    while (m.find()) {
      labels.add(m.group(1));
    }
    assertEquals(List.of("interactive", "standard", "batch"), labels);
    assertTrue(html.contains(">deadline 10 s</text>"));
    assertTrue(html.contains(">deadline 60 s</text>"));
    assertTrue(html.contains(">deadline 30 min</text>"));
    assertTrue(html.contains("End-to-end latency (seconds, log scale)"));
  }

  @Test
  void hasTheOtherChartsWithAxisTitles() {
    assertEquals(1, count(html, "aria-label=\"Cost against SLO attainment per policy\""));
    assertEquals(7, count(html, "aria-label=\"Calls per minute by tier, policy "));
    assertEquals(1, count(html, "aria-label=\"Cumulative cost per policy over time\""));
    assertEquals(1, count(html, "aria-label=\"Pacing multiplier over time\""));
    assertEquals(1, count(html, "aria-label=\"Calibration of policy adaptive\""));
    assertTrue(html.contains(">Total cost (USD)</text>"));
    assertTrue(html.contains(">Cumulative cost (USD)</text>"));
    assertTrue(html.contains(">Simulated time (min)</text>"));
    assertTrue(html.contains("adaptive budget pace ($"));
  }

  @Test
  void everySvgIsWellFormedXml() throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Matcher m = SVG.matcher(html);
    int n = 0;
    while (m.find()) {
      byte[] svg = m.group().getBytes(StandardCharsets.UTF_8);
      f.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
      n++;
    }
    assertEquals(14, n);
  }

  @Test
  void listsTheAssumptions() {
    String table = html.substring(html.indexOf("<section id=\"assumptions\">"));
    for (SimulationResult.Assumption a : SyntheticResults.ASSUMPTIONS) {
      assertTrue(
          table.contains(
              "<tr><td>"
                  + Html.esc(a.name)
                  + "</td><td>"
                  + Html.esc(a.value)
                  + "</td><td>"
                  + Html.esc(a.source)
                  + "</td></tr>"),
          a.name);
    }
    assertTrue(table.contains("adaptive policy&#39;s target"));
  }

  @Test
  void perTierLatencyTableShowsDashesForTiersWithoutCalls() {
    String table = html.substring(html.indexOf("<section id=\"tier-latency\">"));
    String row = row(table, "static-standard");
    assertTrue(
        row.contains("<td class=\"first\">0</td><td>\u2013</td><td>\u2013</td><td>\u2013</td>"),
        row);
    PolicyResult p = synthetic.policy("static-standard");
    assertTrue(row.contains(Fmt.seconds(p.tiers().get("standard").latency().percentileMillis(99))));
  }

  // ---------------------------------------------------------------- self-contained, deterministic

  @Test
  void makesNoNetworkReferenceOutsideSvgNamespaces() {
    String rest = html.replaceAll("xmlns(:\\w+)?=\"[^\"]*\"", "");
    String lower = rest.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("http://"));
    assertFalse(lower.contains("https://"));
    assertFalse(lower.contains("<script"));
    assertFalse(lower.contains("<link"));
    assertFalse(lower.contains("<img"));
    assertFalse(lower.contains("@import"));
    assertFalse(lower.contains("src="));
    assertFalse(lower.replace("url(#", "").contains("url("));
    assertTrue(html.contains("xmlns=\"http://www.w3.org/2000/svg\""));
  }

  @Test
  void rendersTheSameBytesEveryTime(@TempDir Path dir) throws Exception {
    assertEquals(html, HtmlReport.render(synthetic));
    assertEquals(html, HtmlReport.render(SyntheticResults.realistic()));
    Path a = dir.resolve("a.html");
    Path b = dir.resolve("b.html");
    HtmlReport.write(synthetic, a);
    HtmlReport.write(SyntheticResults.realistic(), b);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertEquals(html, Files.readString(a, StandardCharsets.UTF_8));
  }

  @Test
  void doesNotDependOnTheDefaultLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals(html, HtmlReport.render(synthetic));
      Locale.setDefault(new Locale("ar", "EG"));
      assertEquals(html, HtmlReport.render(synthetic));
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void escapesTextFromTheResult() {
    String cls = "<img src=x onerror=alert(1)>&\"'";
    String workload = "traces/<script>alert(\"x\")</script>&more.csv";
    List<ClassResult> classes = List.of(new ClassResult(cls, 5 * SECOND, 0.99));
    PolicyResult p = new PolicyResult("by<class>", "rule <b>bold</b>", classes, Double.NaN);
    p.arrival(0);
    p.served(SECOND, 0, 1, 0.01, SECOND);
    p.finished(SECOND, cls, true, SECOND, true, false);
    p.close(List.of());
    SimulationResult r =
        new SimulationResult(
            workload,
            "bed&rock",
            1,
            1,
            0,
            0,
            0,
            1,
            List.of(new SimulationResult.ClassSpec(cls, 1, 5 * SECOND, "<standard>")),
            List.of(new SimulationResult.Assumption("a<b", "1 & 2", "\"quoted\" <i>source</i>")),
            List.of(p),
            List.of());
    String page = HtmlReport.render(r);
    assertFalse(page.contains("<script"));
    assertFalse(page.contains("<img"));
    assertFalse(page.contains("<b>bold"));
    assertFalse(page.contains("<i>source"));
    assertFalse(page.contains("by<class>"));
    assertTrue(
        page.contains("traces/&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;more.csv"));
    assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;"));
    assertTrue(page.contains("aria-label=\"Latency CDF of class &lt;img src=x"));
    assertTrue(page.contains("by&lt;class&gt;"));
    assertTrue(page.contains("rule &lt;b&gt;bold&lt;/b&gt;"));
    assertTrue(page.contains("bed&amp;rock"));
    assertTrue(page.contains("recommended tier &lt;standard&gt;"));
    assertTrue(page.contains("<td>a&lt;b</td><td>1 &amp; 2</td>"));
    assertTrue(page.contains("&quot;quoted&quot; &lt;i&gt;source&lt;/i&gt;"));
  }

  // ---------------------------------------------------------------- edge cases

  @Test
  void rendersASinglePolicyWithoutBaseline() {
    SimulationResult r =
        SyntheticResults.build("one.csv", List.of("adaptive"), SyntheticResults.CLASSES, 10, 50, 3);
    String page = HtmlReport.render(r);
    assertFalse(page.contains("vs static-"));
    assertTrue(page.contains("so no relative cost"));
    assertTrue(page.contains("aria-label=\"Calls per minute by tier, policy adaptive\""));
    assertEquals(3, count(page, "aria-label=\"Latency CDF of class "));
  }

  @Test
  void rendersPoliciesWithoutAdaptiveOrStaticStandard() {
    SimulationResult r =
        SyntheticResults.build(
            "two.csv", List.of("static-flex", "custom-rule"), SyntheticResults.CLASSES, 5, 40, 3);
    String page = HtmlReport.render(r);
    assertFalse(page.contains("vs static-"));
    assertFalse(page.contains("<section id=\"pacing\">"));
    assertFalse(page.contains("<section id=\"calibration\">"));
    assertTrue(page.contains("custom-rule"));
    assertEquals(2, count(page, "aria-label=\"Calls per minute by tier, policy "));
  }

  @Test
  void showsADashForAClassWithoutRequests() {
    List<SimulationResult.ClassSpec> classes =
        List.of(
            spec("interactive", 0.4, 10),
            new SimulationResult.ClassSpec("empty", 0, 60 * SECOND, null),
            spec("batch", 0.6, 1800));
    SimulationResult r =
        SyntheticResults.build("w.csv", SyntheticResults.POLICIES, classes, 5, 60, 5);
    assertEquals(0, r.policy("adaptive").classes().get("empty").requests());
    String page = HtmlReport.render(r);
    String row = row(page, "adaptive");
    assertTrue(row.contains("<td title=\"no requests\">\u2013</td>"), row);
    assertTrue(page.contains(">No completed requests in this class</text>"));
    assertTrue(page.contains("<b>empty</b> 0% of requests, deadline 60 s; "));
  }

  @Test
  void rendersARunShorterThanAMinute() {
    List<ClassResult> classes = List.of(new ClassResult("web", 10 * SECOND, 0.99));
    PolicyResult p = new PolicyResult("adaptive", "d", classes, 1.0);
    for (int i = 0; i < 5; i++) {
      p.arrival(i * SECOND);
      p.served(i * SECOND + 2 * SECOND, 0, 2, 0.001, 2 * SECOND);
      p.finished(i * SECOND + 2 * SECOND, "web", true, 2 * SECOND, true, false);
      p.calibration(0.95, true);
    }
    p.close(List.of(1.5));
    SimulationResult r = result(List.of(spec("web", 1, 10)), List.of(p), 6.5);
    assertEquals(1, r.policy("adaptive").buckets().size());
    String page = HtmlReport.render(r);
    assertTrue(page.contains("over 6.5 s of simulated time"));
    assertTrue(page.contains("<section id=\"pacing\">"));
    assertTrue(page.contains("<section id=\"calibration\">"));
    assertEquals(page, HtmlReport.render(r));
  }

  @Test
  void showsWhatBudgetPacingRefusedAndOnePaceLineForOneBudget() {
    List<PolicyResult> ps = new ArrayList<>();
    for (String name : List.of("adaptive", "static-flex")) {
      PolicyResult p =
          new PolicyResult(name, name, List.of(new ClassResult("web", 10 * SECOND, 0.99)), 2.0);
      // 10 arrivals a minute for two minutes; adaptive refuses 4 of the second minute's
      for (int i = 0; i < 20; i++) {
        long at = i * 6 * SECOND;
        p.arrival(at);
        if (name.equals("adaptive") && i >= 16) {
          p.finished(at, "web", false, 0, false, false);
          p.refuse(at);
        } else {
          p.served(at + SECOND, 0, 0, 0.01, SECOND);
          p.finished(at + SECOND, "web", true, SECOND, true, false);
        }
      }
      p.close(name.equals("adaptive") ? List.of(1.0, 10_000.0) : List.of());
      ps.add(p);
    }
    SimulationResult r = result(List.of(spec("web", 1, 10)), ps, 121);
    String page = HtmlReport.render(r);
    assertEquals(1, count(page, "aria-label=\"Share of arrivals refused by budget pacing\""));
    String refusals = page.substring(page.indexOf("Share of arrivals refused by budget pacing"));
    // minute 0 refused nothing, minute 1 refused 4 of 10 arrivals: 40%
    Matcher points = Pattern.compile("points=\"([^\"]*)\"").matcher(refusals);
    assertTrue(points.find());
    String[] xy = points.group(1).split(" ");
    assertEquals(2, xy.length, points.group(1));
    double y0 = Double.parseDouble(xy[0].split(",")[1]);
    double y1 = Double.parseDouble(xy[1].split(",")[1]);
    // on the y axis (0 at the bottom, pixels growing downwards) 40% of the axis' top, which is
    // 40% · 1.08 rounded up to a scale step: the second point is well above the first
    assertTrue(y1 < y0 - 50, points.group(1));
    assertTrue(refusals.contains(">40</text>"), "an axis label at 40%");
    assertTrue(page.contains("pacing refused 4 requests"), page);
    assertEquals(1, count(page, ">budget pace ($2/h)</text>"), "one line for the shared budget");
    assertEquals(0, count(page, "adaptive budget pace"));
  }

  @Test
  void keepsAWeekLongRunSmall() {
    SimulationResult r =
        SyntheticResults.build(
            "week.csv", SyntheticResults.POLICIES, SyntheticResults.CLASSES, 10_080, 1, 11);
    assertTrue(r.policy("adaptive").buckets().size() > 10_000);
    String page = HtmlReport.render(r);
    int bytes = page.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes < 3_000_000, "report of a week is " + bytes + " bytes");
    assertTrue(page.contains(">Simulated time (days)</text>"));
    assertTrue(page.contains("-minute steps"));
    Matcher m = Pattern.compile("points=\"([^\"]*)\"").matcher(page);
    while (m.find()) {
      int points = m.group(1).split(" ").length;
      assertTrue(points <= 4 * 480 + 4, "a shape with " + points + " points");
    }
  }

  @Test
  void rendersDegenerateResults() {
    SimulationResult nothing =
        new SimulationResult("", "p", 0, 0, 0, 0, 0, 0, List.of(), List.of(), List.of(), List.of());
    String page = HtmlReport.render(nothing);
    assertTrue(page.contains("This result holds no policies."));
    assertTrue(page.endsWith("</html>\n"));

    List<ClassResult> classes = List.of(new ClassResult("web", 10 * SECOND, 0.99));
    PolicyResult idle = new PolicyResult("static-standard", null, classes, Double.NaN);
    idle.close(List.of());
    SimulationResult empty =
        new SimulationResult(
            null,
            null,
            0,
            0,
            0,
            0,
            0,
            Double.NaN,
            List.of(new SimulationResult.ClassSpec("web", 1, 10 * SECOND, null)),
            List.of(),
            List.of(idle),
            List.of());
    String idlePage = HtmlReport.render(empty);
    assertTrue(row(idlePage, "static-standard").contains("<td>0.00</td>"));
    assertTrue(idlePage.contains(">No completed requests in this class</text>"));
  }

  // ---------------------------------------------------------------- helpers

  private static SimulationResult.ClassSpec spec(String name, double share, long deadlineSeconds) {
    return new SimulationResult.ClassSpec(name, share, deadlineSeconds * SECOND, "standard");
  }

  private static SimulationResult result(
      List<SimulationResult.ClassSpec> classes, List<PolicyResult> policies, double seconds) {
    return new SimulationResult(
        "hand.csv",
        "bedrock",
        1,
        policies.get(0).requests(),
        0,
        0,
        0,
        seconds,
        classes,
        List.of(new SimulationResult.Assumption("n", "v", "s")),
        policies,
        List.of());
  }

  /** Returns the first table row of a policy, from its name to the end of the row. */
  private static String row(String page, String policy) {
    int at = page.indexOf("</span>" + policy + "</th>");
    assertTrue(at >= 0, "no row for " + policy);
    return page.substring(at, page.indexOf("</tr>", at));
  }

  private static String between(String s, String from, String to) {
    int a = s.indexOf(from);
    assertTrue(a >= 0, from);
    return s.substring(a + from.length(), s.indexOf(to, a));
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int at = s.indexOf(part); at >= 0; at = s.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
