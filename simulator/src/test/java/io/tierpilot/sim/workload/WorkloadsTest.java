package io.tierpilot.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
  /** A workload over fixed arrivals (seconds); each request's tag is NAME#INDEX. */
  private static final class Fixed implements Workload {
    final String name;
    final long[] arrivalsSeconds;
    final long skipped;
    final long failed;
    int next;
    boolean closed;

    Fixed(String name, long skipped, long failed, long... arrivalsSeconds) {
      this.name = name;
      this.arrivalsSeconds = arrivalsSeconds;
      this.skipped = skipped;
      this.failed = failed;
    }

    @Override
    public TraceRequest next() {
      if (next == arrivalsSeconds.length) {
        return null;
      }
      int i = next++;
      return new TraceRequest(
          arrivalsSeconds[i] * 1_000_000_000L, null, 1, 1, null, -1, name + i, null, -1);
    }

    @Override
    public long skipped() {
      return skipped;
    }

    @Override
    public long failedCalls() {
      return failed;
    }

    @Override
    public String description() {
      return name;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static List<String> tags(Workload w) throws IOException {
    List<String> tags = new ArrayList<>();
    for (TraceRequest r = w.next(); r != null; r = w.next()) {
      tags.add(r.tag);
    }
    return tags;
  }

  @Test
  void mergesByArrivalBreakingTiesByListThenSourceOrder() throws IOException {
    Fixed a = new Fixed("a", 1, 2, 0, 5, 5, 10);
    Fixed b = new Fixed("b", 3, 0, 5, 7);
    Fixed c = new Fixed("c", 0, 4, 0);
    Fixed empty = new Fixed("e", 0, 0);
    Workload merged = Workloads.merge(List.of(a, b, empty, c));
    assertEquals(List.of("a0", "c0", "a1", "a2", "b0", "b1", "a3"), tags(merged));
    assertNull(merged.next());
    assertEquals(4, merged.skipped());
    assertEquals(6, merged.failedCalls());
    assertEquals("a + b + e + c", merged.description());
    merged.close();
    assertTrue(a.closed && b.closed && c.closed && empty.closed);
  }

  @Test
  void theOrderOfTheListDecidesTies() throws IOException {
    Workload ab = Workloads.merge(List.of(new Fixed("a", 0, 0, 1, 2), new Fixed("b", 0, 0, 1, 2)));
    assertEquals(List.of("a0", "b0", "a1", "b1"), tags(ab));
    Workload ba = Workloads.merge(List.of(new Fixed("b", 0, 0, 1, 2), new Fixed("a", 0, 0, 1, 2)));
    assertEquals(List.of("b0", "a0", "b1", "a1"), tags(ba));
  }

  @Test
  void eachTraceKeepsItsOwnOriginAtZero() throws IOException {
    WorkloadOptions options = WorkloadOptions.defaults();
    Workload azure =
        WorkloadSpec.parse("azure:" + TestTraces.resource("azure-2023-sample.csv")).open(options);
    Workload burst =
        WorkloadSpec.parse("burstgpt:" + TestTraces.resource("burstgpt-sample-v1.csv"))
            .open(options);
    try (Workload merged = Workloads.merge(Arrays.asList(azure, burst))) {
      List<TraceRequest> all = TestTraces.readAll(merged);
      assertEquals(5 + 4, all.size());
      assertEquals(0, all.get(0).arrivalNanos);
      assertNull(all.get(0).model); // azure first on the tie at 0
      assertEquals(0, all.get(1).arrivalNanos);
      assertEquals("ChatGPT", all.get(1).model);
      assertEquals(2, merged.failedCalls());
      assertEquals(
          "azure:azure-2023-sample.csv + burstgpt:burstgpt-sample-v1.csv", merged.description());
    }
  }

  @Test
  void anEmptyListIsAnEmptyWorkloadAndNullsAreRejected() throws IOException {
    Workload none = Workloads.merge(List.of());
    assertNull(none.next());
    assertEquals("", none.description());
    assertThrows(
        NullPointerException.class,
        () -> Workloads.merge(Arrays.asList(new Fixed("a", 0, 0, 1), null)));
  }
}
