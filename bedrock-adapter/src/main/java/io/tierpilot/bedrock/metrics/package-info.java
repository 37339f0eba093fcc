/**
 * Micrometer metrics for tierpilot: {@link io.tierpilot.bedrock.metrics.TierpilotMetrics}.
 *
 * <h2>Design notes</h2>
 *
 * <ul>
 *   <li><b>Optional dependency.</b> Micrometer is optional for the adapter; only this package
 *       references it, so the clients load no Micrometer class unless the metrics are used.
 *   <li><b>Two sources.</b> Counters and timers are fed by the scheduler's {@link
 *       io.tierpilot.core.SchedulerListener} callbacks as decisions and outcomes happen; gauges
 *       (in-flight calls, pacing multiplier, budget window spend) read a scheduler snapshot that is
 *       refreshed at most once per second.
 *   <li><b>Tags.</b> {@code model} and {@code tier} (report names: {@code flex}, {@code standard},
 *       {@code priority}, {@code reserved}); spend and latency by the tier that served, attempts
 *       and throttles by the tier that was asked for.
 *   <li><b>Late binding.</b> Meters live in an internal composite registry; {@code bindTo} adds a
 *       registry to it, so meters created before or after binding reach every bound registry.
 * </ul>
 */
package io.tierpilot.bedrock.metrics;
