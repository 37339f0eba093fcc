package io.tierpilot.sim.metrics;

import java.util.Collections;
import java.util.List;

/**
 * The result of one simulation: the scenario and every policy's result. Immutable once built; input
 * of the summary, the timeseries and the report.
 */
public final class SimulationResult {

  /** One SLO class of the scenario as configured on the command line. */
  public static final class ClassSpec {
    public final String name;
    public final double share;
    public final long deadlineNanos;
    public final String recommendedTier;

    public ClassSpec(String name, double share, long deadlineNanos, String recommendedTier) {
      this.name = name;
      this.share = share;
      this.deadlineNanos = deadlineNanos;
      this.recommendedTier = recommendedTier;
    }
  }

  /** One assumption of the provider model, with its value and where it comes from. */
  public static final class Assumption {
    public final String name;
    public final String value;
    public final String source;

    public Assumption(String name, String value, String source) {
      this.name = name;
      this.value = value;
      this.source = source;
    }
  }

  private final String workload;
  private final String provider;
  private final long seed;
  private final long requests;
  private final long skippedRows;
  private final long failedCallsInTrace;
  private final long cappedRows;
  private final double durationSeconds;
  private final List<ClassSpec> classes;
  private final List<Assumption> assumptions;
  private final List<PolicyResult> policies;
  private final List<String> skippedExamples;

  /**
   * Creates a result.
   *
   * @param cappedRows requests whose recorded output was longer than the output cap, replayed cut
   *     to it
   * @param skippedExamples the first skipped rows as the errors they would have been
   */
  public SimulationResult(
      String workload,
      String provider,
      long seed,
      long requests,
      long skippedRows,
      long failedCallsInTrace,
      long cappedRows,
      double durationSeconds,
      List<ClassSpec> classes,
      List<Assumption> assumptions,
      List<PolicyResult> policies,
      List<String> skippedExamples) {
    this.workload = workload;
    this.provider = provider;
    this.seed = seed;
    this.requests = requests;
    this.skippedRows = skippedRows;
    this.failedCallsInTrace = failedCallsInTrace;
    this.cappedRows = cappedRows;
    this.durationSeconds = durationSeconds;
    this.classes = List.copyOf(classes);
    this.assumptions = List.copyOf(assumptions);
    this.policies = List.copyOf(policies);
    this.skippedExamples = List.copyOf(skippedExamples);
  }

  /** Returns the first skipped rows (at most 10), each as the error it would have been. */
  public List<String> skippedExamples() {
    return skippedExamples;
  }

  /** Returns the workload as the user gave it, for example {@code azure:conv.csv}. */
  public String workload() {
    return workload;
  }

  /** Returns the provider model's name, for example {@code bedrock}. */
  public String provider() {
    return provider;
  }

  public long seed() {
    return seed;
  }

  /** Returns the number of requests replayed. */
  public long requests() {
    return requests;
  }

  /** Returns the malformed rows skipped (with --skip-invalid). */
  public long skippedRows() {
    return skippedRows;
  }

  /** Returns the rows that recorded failed calls and were not replayed. */
  public long failedCallsInTrace() {
    return failedCallsInTrace;
  }

  /**
   * Returns the requests whose recorded output was longer than the output cap ({@code
   * --max-tokens}) and were replayed with the output cut to it, as the provider would have cut it.
   */
  public long cappedRows() {
    return cappedRows;
  }

  /** Returns the simulated span from the first arrival to the last completion, in seconds. */
  public double durationSeconds() {
    return durationSeconds;
  }

  public List<ClassSpec> classes() {
    return classes;
  }

  public List<Assumption> assumptions() {
    return assumptions;
  }

  public List<PolicyResult> policies() {
    return Collections.unmodifiableList(policies);
  }

  /** Returns the result of a policy, or null. */
  public PolicyResult policy(String name) {
    for (PolicyResult p : policies) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }
}
