package io.tierpilot.sim.workload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.stream.Collectors;

/** Combines workloads. */
public final class Workloads {
  private Workloads() {}

  /**
   * Merges workloads into one, by arrival. Each source keeps its own time origin: every trace
   * starts at 0, so merging two traces overlays them rather than playing one after the other.
   * Requests with equal arrival come in the order of the list, and within one source in that
   * source's order; the result is therefore deterministic. {@code skipped()} and {@code
   * failedCalls()} are the sums over the sources, {@code description()} joins theirs with {@code "
   * + "}, and {@code close()} closes every source. The merged workload reads ahead one request per
   * source. Single-threaded.
   *
   * @param sources the workloads, in tie-breaking order; not null, no null element; the merged
   *     workload owns them
   * @return the merged workload (empty if the list is)
   * @throws NullPointerException if the list or an element is null
   */
  public static Workload merge(List<? extends Workload> sources) {
    List<Workload> copy = new ArrayList<>(sources.size());
    for (Workload w : sources) {
      copy.add(Objects.requireNonNull(w, "null workload in merge"));
    }
    return new Merged(copy);
  }

  /** A k-way merge over one look-ahead request per source. */
  private static final class Merged implements Workload {
    private final List<Workload> sources;
    private final PriorityQueue<Head> heads;
    private boolean started;

    Merged(List<Workload> sources) {
      this.sources = sources;
      this.heads =
          new PriorityQueue<>(
              Math.max(1, sources.size()),
              (a, b) -> {
                int c = Long.compare(a.request.arrivalNanos, b.request.arrivalNanos);
                return c != 0 ? c : Integer.compare(a.source, b.source);
              });
    }

    @Override
    public TraceRequest next() throws IOException {
      if (!started) {
        started = true;
        for (int i = 0; i < sources.size(); i++) {
          TraceRequest r = sources.get(i).next();
          if (r != null) {
            heads.add(new Head(i, r));
          }
        }
      }
      Head head = heads.poll();
      if (head == null) {
        return null;
      }
      TraceRequest result = head.request;
      TraceRequest following = sources.get(head.source).next();
      if (following != null) {
        head.request = following;
        heads.add(head);
      }
      return result;
    }

    @Override
    public long skipped() {
      long sum = 0;
      for (Workload w : sources) {
        sum += w.skipped();
      }
      return sum;
    }

    @Override
    public java.util.List<String> skippedExamples() {
      java.util.List<String> all = new java.util.ArrayList<>();
      for (Workload w : sources) {
        for (String e : w.skippedExamples()) {
          if (all.size() < SKIPPED_EXAMPLES) {
            all.add(e);
          }
        }
      }
      return all;
    }

    @Override
    public long failedCalls() {
      long sum = 0;
      for (Workload w : sources) {
        sum += w.failedCalls();
      }
      return sum;
    }

    @Override
    public String description() {
      return sources.stream().map(Workload::description).collect(Collectors.joining(" + "));
    }

    @Override
    public void close() throws IOException {
      heads.clear();
      Exception failure = null;
      for (Workload w : sources) {
        try {
          w.close();
        } catch (IOException | RuntimeException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure instanceof IOException) {
        throw (IOException) failure;
      }
      if (failure != null) {
        throw (RuntimeException) failure;
      }
    }
  }

  /** The next request of one source. */
  private static final class Head {
    final int source;
    TraceRequest request;

    Head(int source, TraceRequest request) {
      this.source = source;
      this.request = request;
    }
  }
}
