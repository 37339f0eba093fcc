/**
 * tierpilot core: the tier scheduler a service embeds.
 *
 * <p>{@link io.tierpilot.core.TierScheduler} is the entry point; {@link
 * io.tierpilot.core.TierRequest}, {@link io.tierpilot.core.SloClass}, {@link
 * io.tierpilot.core.ModelConfig}, {@link io.tierpilot.core.TierPrices}, {@link
 * io.tierpilot.core.LatencyPrior} and {@link io.tierpilot.core.Budget} are its immutable inputs;
 * {@link io.tierpilot.core.Decision} and {@link io.tierpilot.core.TierResult} its answers; {@link
 * io.tierpilot.core.TierExecutor} and {@link io.tierpilot.core.SchedulerListener} its two small
 * SPIs.
 *
 * <h2>Design notes</h2>
 *
 * <ul>
 *   <li><b>Engine and shell.</b> A deterministic engine (decide, learn, account) that reads time
 *       only from the injected {@link io.tierpilot.core.Ticker}, wrapped by a concurrent dispatch
 *       shell (lock-free JCTools queues, adaptive in-flight limits, exactly-once completion). The
 *       simulator drives the engine alone on virtual time, so production and simulation run the
 *       same decision code.
 *   <li><b>Knowledge.</b> Per (model, tier): time-to-first-token, time-per-output-token and latency
 *       recorded wait-free into HdrHistogram recorders, folded into a sliding window of slices at
 *       each slice end, blended with a prior by weight, and published as an immutable estimate. Per
 *       (model, class): an output-length predictor learned the same way. Decisions read published
 *       estimates only.
 *   <li><b>Hot path.</b> A decision for an uncapped request costs one binary search per tier in a
 *       per-class latency table built once per slice; passing a reusable decision makes it
 *       allocation-free.
 *   <li><b>Money.</b> Spend is charged when an outcome is recorded, at the served tier's price for
 *       the actual token usage, in nano-dollars held in atomic longs.
 *   <li><b>Dependencies.</b> HdrHistogram and JCTools at runtime, nothing else (enforced by the
 *       build); the configuration file is Java properties, read by the JDK.
 * </ul>
 */
package io.tierpilot.core;
