/**
 * The {@code probe} command ({@link io.tierpilot.bedrock.probe.ProbeMain}) and the loader of its
 * output as scheduler priors ({@link io.tierpilot.bedrock.probe.ProbePriors}).
 *
 * <h2>Design notes</h2>
 *
 * <ul>
 *   <li><b>The same client code.</b> The probe sends its requests through {@link
 *       io.tierpilot.bedrock.TieredBedrockAsyncClient}, with one scheduler per tier whose model
 *       supports only that tier and which makes one attempt per request: the request goes where the
 *       probe wants, throttles are counted rather than retried, and TTFT, usage and the served tier
 *       are measured exactly as in production.
 *   <li><b>Fair comparison.</b> Requests run one at a time, interleaved across tiers, so that a
 *       change in the provider's load during the probe affects every tier alike; one uncounted
 *       request to Standard goes first, so that start-up costs are not measured.
 *   <li><b>Credentials.</b> The SDK's default chain; static dummy credentials only for an endpoint
 *       on a loopback address. Nothing secret is printed.
 * </ul>
 */
package io.tierpilot.bedrock.probe;
