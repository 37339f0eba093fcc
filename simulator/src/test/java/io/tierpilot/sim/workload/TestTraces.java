package io.tierpilot.sim.workload;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Finds the test traces and reads workloads for the tests. */
final class TestTraces {
  private TestTraces() {}

  /** Returns a file under {@code src/test/resources/traces}, found on the classpath. */
  static Path resource(String name) {
    URL url = TestTraces.class.getResource("/traces/" + name);
    assertNotNull(url, "test resource traces/" + name);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns a copy (or a slice) of a real public trace kept with its attribution and licence under
   * {@code src/test/resources/traces/real} (see the README there), or, for the Azure conversation
   * trace, the copy the simulator bundles for its demo.
   */
  static Path real(String name) {
    if (name.equals("azure-2023-conv.csv")) {
      URL url = TestTraces.class.getResource("/traces/azure-2023-conv.csv");
      assertNotNull(url, "the bundled trace traces/azure-2023-conv.csv");
      try {
        return Path.of(url.toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return resource("real/" + name);
  }

  /** Opens a spec with the given options and reads all its requests. */
  static List<TraceRequest> readAll(String spec, WorkloadOptions options) throws IOException {
    try (Workload w = WorkloadSpec.parse(spec).open(options)) {
      return readAll(w);
    }
  }

  /** Reads all the requests of a workload, checking their order. */
  static List<TraceRequest> readAll(Workload w) throws IOException {
    List<TraceRequest> all = new ArrayList<>();
    long previous = Long.MIN_VALUE;
    for (TraceRequest r = w.next(); r != null; r = w.next()) {
      if (r.arrivalNanos < previous) {
        fail("arrivals go backwards at request " + all.size() + ": " + r);
      }
      previous = r.arrivalNanos;
      all.add(r);
    }
    return all;
  }

  /** Writes lines (each followed by a newline) to a file. */
  static Path write(Path file, String... lines) throws IOException {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /** Writes a gzipped copy of a file. */
  static Path gzip(Path source, Path target) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
      Files.copy(source, out);
    }
    return target;
  }
}
