package io.tierpilot.sim.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the reports of the synthetic results to a directory for a look in a browser, only when the
 * system property {@code tierpilot.report.demo} names that directory: {@code report.html} (one
 * hour, seven policies) and {@code report-week.html} (seven days).
 */
@EnabledIfSystemProperty(named = "tierpilot.report.demo", matches = ".+")
class ReportDemoTest {
  @Test
  void writesDemoReports() throws Exception {
    Path dir = Path.of(System.getProperty("tierpilot.report.demo"));
    Files.createDirectories(dir);
    Path hour = dir.resolve("report.html");
    Path week = dir.resolve("report-week.html");
    HtmlReport.write(SyntheticResults.realistic(), hour);
    HtmlReport.write(
        SyntheticResults.build(
            "azure:week.csv", SyntheticResults.POLICIES, SyntheticResults.CLASSES, 10_080, 3, 7),
        week);
    assertTrue(Files.size(hour) > 0);
    assertTrue(Files.size(week) > 0);
  }
}
