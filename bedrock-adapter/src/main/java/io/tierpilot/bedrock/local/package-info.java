/**
 * A Bedrock-compatible HTTP endpoint that runs in the test's own JVM: {@link
 * io.tierpilot.bedrock.local.LocalBedrockServer}.
 *
 * <h2>Design notes</h2>
 *
 * <ul>
 *   <li><b>The real SDK on the real wire.</b> The server speaks the four runtime operations as
 *       Bedrock does (JSON bodies, the service-tier header, AWS event-stream framing for the
 *       streams, {@code x-amzn-ErrorType} errors), so tests exercise the SDK's marshalling, its
 *       retry handling and its event-stream decoder instead of a mock.
 *   <li><b>Behaviour per tier, live.</b> Each tier's latency, throttling, rejection as unsupported
 *       and downgrade are configured on a thread-safe {@link
 *       io.tierpilot.bedrock.local.TierBehavior} that a test changes while the server runs.
 *   <li><b>Evidence.</b> Every request is recorded with where its tier was sent (header or body) so
 *       tests assert on what went over the wire.
 *   <li><b>Framing.</b> The event-stream encoder is written here (a length-prefixed, CRC32-checked
 *       frame with typed headers); a test decodes its output with the SDK's own decoder.
 * </ul>
 */
package io.tierpilot.bedrock.local;
