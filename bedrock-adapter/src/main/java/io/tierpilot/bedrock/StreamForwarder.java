package io.tierpilot.bedrock;

import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.awscore.eventstream.EventStreamResponseHandler;
import software.amazon.awssdk.core.async.SdkPublisher;

/**
 * The caller's stream handler, seen across the attempts of one call: it receives the successful
 * attempt's response and events as they arrive, and exactly one terminal signal, {@code complete()}
 * or {@code exceptionOccurred(...)}. A failed attempt that delivered nothing is invisible to it.
 *
 * @param <R> the initial response type
 * @param <E> the event type
 */
final class StreamForwarder<R, E> {
  private final EventStreamResponseHandler<R, E> handler;
  private final AtomicBoolean terminated = new AtomicBoolean();

  StreamForwarder(EventStreamResponseHandler<R, E> handler) {
    this.handler = handler;
  }

  void responseReceived(R response) {
    handler.responseReceived(response);
  }

  void onEventStream(SdkPublisher<E> events) {
    handler.onEventStream(events);
  }

  /**
   * Notes that the caller's subscriber cancelled the stream: as with the SDK alone, nothing more
   * reaches its handler, {@code complete()} included.
   */
  void subscriberCancelled() {
    terminated.set(true);
  }

  /** Forwards the stream's end, unless the handler already got a terminal signal. */
  void complete() {
    if (terminated.compareAndSet(false, true)) {
      handler.complete();
    }
  }

  /**
   * Forwards the call's failure once, unless the handler already got a terminal signal; an
   * exception the handler throws is dropped, as the SDK does.
   */
  void fail(Throwable error) {
    if (terminated.compareAndSet(false, true)) {
      try {
        handler.exceptionOccurred(error);
      } catch (RuntimeException ignored) {
        // the handler's own failure cannot be reported anywhere better than the returned future
      }
    }
  }
}
