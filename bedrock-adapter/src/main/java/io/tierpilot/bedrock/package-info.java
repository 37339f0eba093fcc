/**
 * The Bedrock adapter: executes tierpilot's tier decisions with the AWS SDK for Java v2.
 *
 * <p>{@link io.tierpilot.bedrock.TieredBedrockClient} (Converse, InvokeModel) and {@link
 * io.tierpilot.bedrock.TieredBedrockAsyncClient} (all four runtime operations) wrap your SDK client
 * and a {@link io.tierpilot.core.TierScheduler}; a call takes your SDK request and an {@link
 * io.tierpilot.bedrock.Slo} and returns the SDK's response in a {@link
 * io.tierpilot.bedrock.TieredResponse}. {@link io.tierpilot.bedrock.TraceRecorder} records every
 * call in the native trace format the simulator replays; {@link
 * io.tierpilot.bedrock.TokenCountExtractor} reads usage from model-native InvokeModel bodies.
 *
 * <h2>Design notes</h2>
 *
 * <ul>
 *   <li><b>One state machine.</b> Both clients run their calls through {@link
 *       io.tierpilot.core.TierScheduler#submit}: it decides, queues within adaptive per-tier and
 *       per-model in-flight limits, re-decides after throttles and unsupported tiers with the time
 *       left, and completes each call exactly once. The clients supply one executor per operation.
 *       The synchronous client runs every attempt on the caller's thread (an attempt the dispatch
 *       starts elsewhere is handed to it), so no thread blocks on another caller's call.
 *   <li><b>Where the tier goes.</b> Converse and ConverseStream: {@code serviceTier.type} in the
 *       body; InvokeModel and InvokeModelWithResponseStream: the {@code
 *       X-Amzn-Bedrock-Service-Tier} header through the SDK's {@code serviceTier(...)}. Standard is
 *       {@code default} on the wire. The caller's request object is copied, never modified.
 *   <li><b>What the scheduler learns.</b> End-to-end latency per attempt (timed by the dispatch on
 *       the scheduler's ticker); TTFT on the streams (first content delta / first chunk); usage
 *       ({@code usage} on Converse; on InvokeModel the {@code X-Amzn-Bedrock-*-Token-Count} headers
 *       if present, else the model-native body through the extractors; else an estimate, flagged);
 *       the served tier from the response, the requested tier when the response names none. Spend
 *       is charged at the served tier's price. Converse input tokens include cache writes; cache
 *       reads are not charged (core's price table has no cache-read price).
 *   <li><b>Failures.</b> Throttling, service-unavailable and model-not-ready errors (429/503) are
 *       throttles: the scheduler decides again with the remaining deadline. A ValidationException
 *       (or AccessDeniedException) whose message mentions the service tier marks the tier
 *       unsupported for the model. The attempt's timeout is the time left until the deadline (the
 *       SDK's API-call timeout and, for the asynchronous client, a timer that cancels the call).
 *       Everything else fails the call at once with the SDK's exception as cause.
 *   <li><b>The SDK's retries.</b> Each tiered request carries a request-level {@link
 *       software.amazon.awssdk.core.SdkPlugin} that replaces the client's retry strategy: no retry
 *       of throttles or client errors (a blind retry spends the deadline on the tier that just
 *       refused), at most {@code transientRetries} (default 1) retries of transient server or
 *       network failures (HTTP 500/502/504, I/O errors), all within the attempt's timeout. It is
 *       enforced per request, so a client built with the SDK's defaults behaves the same. A stream
 *       is retried only while the caller's handler has seen nothing of it.
 *   <li><b>Streams.</b> The caller's handler sees a stream only once its first content arrives
 *       ({@code StreamGate}): an in-stream throttle before any content escalates like any other,
 *       unseen. A shorter {@code apiCallTimeout} the caller set on the request ends the call as a
 *       failure, not as a missed deadline. Cancelling the asynchronous client's future withdraws
 *       the call (a waiting call is never sent, one in flight is aborted).
 *   <li><b>Assumptions.</b> The wording that marks a tier unsupported is a configurable pattern
 *       ({@code unsupportedTierMessage}); see docs/bedrock.md for the unconfirmed Bedrock facts.
 *   <li><b>Time.</b> Latency and TTFT are measured on the scheduler's ticker, in nanoseconds; only
 *       recorded arrival times read the wall clock.
 * </ul>
 */
package io.tierpilot.bedrock;
