package io.tierpilot.sim.workload;

import java.io.Closeable;
import java.io.IOException;

/**
 * A stream of requests in non-decreasing arrival order, read from a trace or generated. Streams:
 * memory stays bounded however long the workload. Single-threaded.
 *
 * <p>A workload can be opened any number of times from its {@link WorkloadSpec}; every opening
 * yields the same requests (generators are seeded), which is how the simulator replays the
 * identical workload for each policy.
 */
public interface Workload extends Closeable {

  /**
   * Returns the next request, or null at the end.
   *
   * @return the next request, with {@code arrivalNanos} not below the previous one's
   * @throws TraceFormatException if a row is malformed and invalid rows are not skipped
   * @throws IOException if the source cannot be read
   */
  TraceRequest next() throws IOException;

  /** Returns how many malformed rows were skipped so far (only with skip-invalid). */
  long skipped();

  /** How many skipped rows {@link #skippedExamples()} keeps. */
  int SKIPPED_EXAMPLES = 10;

  /**
   * Returns the first skipped rows (at most {@value #SKIPPED_EXAMPLES}), each as the error it would
   * have been, {@code FILE:LINE: PROBLEM}, so that a user can find and fix them.
   */
  default java.util.List<String> skippedExamples() {
    return java.util.List.of();
  }

  /**
   * Returns how many rows recorded failed calls and were not replayed so far (BurstGPT rows with
   * zero response tokens).
   */
  long failedCalls();

  /** Returns a one-line description for reports, for example {@code azure:conv.csv}. */
  String description();
}
