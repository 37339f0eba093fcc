/**
 * Workloads for the simulator: streams of {@link io.tierpilot.sim.workload.TraceRequest}s in
 * arrival order, read from public and recorded traces or generated, named by a {@link
 * io.tierpilot.sim.workload.WorkloadSpec}.
 *
 * <p>Design notes:
 *
 * <ul>
 *   <li>One reader per trace format, package-private, all on one base ({@code TraceReader}) that
 *       reads line by line with bounded memory (gzip when the name ends with {@code .gz}), reports
 *       a malformed row as a {@link io.tierpilot.sim.workload.TraceFormatException} naming file,
 *       line, field and value, skips and counts it with skip-invalid, and makes the first replayed
 *       request arrive at time 0.
 *   <li>Sorted formats (Azure, Mooncake, BurstGPT) reject a row earlier than the previous one;
 *       recorded logs (Bedrock invocation logs, the native format) pass through a bounded reorder
 *       buffer of 100,000 records.
 *   <li>Times are converted exactly (integer and {@link java.math.BigDecimal} arithmetic, no
 *       floating point) to nanoseconds.
 *   <li>Generators (Poisson, ServeGen) draw from {@link java.util.SplittableRandom}s seeded from
 *       {@link io.tierpilot.sim.workload.WorkloadOptions#seed()}, with the variates written out in
 *       {@code RandomVariates}, so a seed gives the same workload on every JDK.
 *   <li>ServeGen's Python dict literals are parsed as data by a small grammar ({@code
 *       PythonDictLiteral}); nothing is evaluated.
 * </ul>
 *
 * <p>The formats and spec syntax are documented in {@code docs/workloads.md} and {@code
 * docs/native-trace-format.md}.
 */
package io.tierpilot.sim.workload;
