/**
 * JMH benchmarks of tierpilot, each measured beside a baseline in the same run, and the launcher
 * that prints them as ratios ({@link io.tierpilot.bench.BenchMain}).
 *
 * <h2>Design notes</h2>
 *
 * <ul>
 *   <li><b>Same run, ratios.</b> The machine this project is built on has two cores and other
 *       builds running beside the benchmarks; an absolute number means little, so each tierpilot
 *       benchmark has a baseline measured by the same suite: {@link
 *       io.tierpilot.bench.BaselineScheduler} (the decision written the straightforward way) for
 *       the core benchmarks, SSJ 3.3.2 ({@link io.tierpilot.bench.SsjMmc}) for the simulator's
 *       M/M/4 queue. Methods named {@code engine…} are paired with {@code baseline…} of the same
 *       class, thread count, mode and parameters ({@link io.tierpilot.bench.ResultTable}).
 *   <li><b>Virtual time.</b> The schedulers read a {@link io.tierpilot.bench.BenchTicker}: it moves
 *       while the fixture warms them up over 5.5 virtual minutes (so slices end and estimates are
 *       published from real histograms), then stands still, so that every measured request has the
 *       remaining time the fixture gave it and no slice ends during a measurement. A system ticker
 *       would add one {@code System.nanoTime()} per call to both sides.
 *   <li><b>Inputs precomputed.</b> Requests, decisions and outcomes are built in {@code @Setup} and
 *       cycled by index, one cursor per thread.
 *   <li><b>Contention</b> is modelled with {@code @State(Scope.Group)} and {@code @Group} /
 *       {@code @GroupThreads}: 1, 2 and 4 threads share one scheduler ({@code _t1}, {@code _t2},
 *       {@code _t4}). On two cores, 4 threads means two runnable threads per core.
 *   <li><b>Allocation</b> comes from JMH's GC profiler ({@code -prof gc}, {@code
 *       gc.alloc.rate.norm}, bytes per operation).
 * </ul>
 */
package io.tierpilot.bench;
