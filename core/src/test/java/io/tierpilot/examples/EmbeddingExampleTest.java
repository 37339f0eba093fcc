package io.tierpilot.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierpilot.core.TierResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's embedding snippet compiles, runs, and is the same text as in README.md. */
class EmbeddingExampleTest {

  @Test
  void theSnippetRuns() throws Exception {
    TierResult<String> r = EmbeddingExample.readmeSnippet().get(5, TimeUnit.SECONDS);
    assertEquals("a reply", r.value());
    assertEquals(1, r.attempts());
    assertTrue(r.costUsd() > 0);
  }

  @Test
  void theReadmeShowsExactlyTheCompiledSnippet() throws Exception {
    List<String> source =
        between(
            Files.readAllLines(
                Path.of("src/test/java/io/tierpilot/examples/EmbeddingExample.java")),
            "// README-BEGIN",
            "// README-END");
    List<String> readme = Files.readAllLines(Path.of("../README.md"));
    int start = readme.indexOf("<!-- embedding-snippet: begin -->");
    assertTrue(start >= 0, "README has the snippet marker");
    List<String> block = new ArrayList<>();
    for (int i = start + 2; !readme.get(i).startsWith("```"); i++) {
      block.add(readme.get(i));
    }
    assertEquals(strip(source), strip(block));
  }

  private static List<String> between(List<String> lines, String begin, String end) {
    int b = -1;
    int e = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(begin)) {
        b = i;
      } else if (lines.get(i).trim().equals(end)) {
        e = i;
      }
    }
    return lines.subList(b + 1, e);
  }

  /** Removes the common indentation. */
  private static List<String> strip(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        indent = Math.min(indent, l.length() - l.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.isBlank() ? "" : l.substring(indent));
    }
    return out;
  }
}
