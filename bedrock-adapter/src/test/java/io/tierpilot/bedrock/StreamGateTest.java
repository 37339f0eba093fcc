package io.tierpilot.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.awscore.eventstream.EventStreamResponseHandler;
import software.amazon.awssdk.core.async.SdkPublisher;

/** The gate that holds a streaming attempt back from the caller until its first content. */
class StreamGateTest {

  /** A publisher driven by the test: it sends only what was requested, when told to. */
  static final class Source implements SdkPublisher<String> {
    Subscriber<? super String> subscriber;
    long requested;
    boolean cancelled;

    @Override
    public void subscribe(Subscriber<? super String> s) {
      subscriber = s;
      s.onSubscribe(
          new Subscription() {
            @Override
            public void request(long n) {
              requested += n;
            }

            @Override
            public void cancel() {
              cancelled = true;
            }
          });
    }

    void send(String event) {
      assertTrue(requested > 0, "sent " + event + " without demand");
      requested--;
      subscriber.onNext(event);
    }
  }

  /** The caller's handler and subscriber, requesting by hand. */
  static final class Caller implements EventStreamResponseHandler<String, String> {
    final List<String> seen = new ArrayList<>();
    String response;
    Subscription subscription;
    boolean completed;
    boolean handlerCompleted;
    Throwable error;

    @Override
    public void responseReceived(String r) {
      response = r;
      seen.add("response:" + r);
    }

    @Override
    public void onEventStream(SdkPublisher<String> events) {
      events.subscribe(
          new Subscriber<String>() {
            @Override
            public void onSubscribe(Subscription s) {
              subscription = s;
            }

            @Override
            public void onNext(String e) {
              seen.add(e);
            }

            @Override
            public void onError(Throwable t) {
              error = t;
            }

            @Override
            public void onComplete() {
              completed = true;
            }
          });
    }

    @Override
    public void exceptionOccurred(Throwable t) {}

    @Override
    public void complete() {
      handlerCompleted = true;
    }
  }

  /** A gate between a test source and a test caller; content is what starts with "delta". */
  private static final class Rig {
    final Caller caller = new Caller();
    final StreamForwarder<String, String> forwarder = new StreamForwarder<>(caller);
    final List<String> observed = new ArrayList<>();
    final StreamGate<String, String> gate =
        new StreamGate<>(
            forwarder,
            e -> {
              observed.add(e);
              return e.startsWith("delta");
            });
    final Source source = new Source();

    /** A rig whose gate had {@code response} (none if null) and subscribed to its source. */
    static Rig streaming(String response) {
      Rig r = new Rig();
      if (response != null) {
        r.gate.responseReceived(response);
      }
      r.gate.onEventStream(r.source);
      return r;
    }
  }

  @Test
  void holdsTheAttemptUntilItsFirstContentThenReplaysUnderTheCallersDemand() {
    Rig t = Rig.streaming("r");
    t.source.send("start");
    assertTrue(t.caller.seen.isEmpty(), "nothing before the first content");
    assertFalse(t.gate.opened());
    t.source.send("delta1");
    assertTrue(t.gate.opened());
    assertEquals(List.of("response:r"), t.caller.seen);
    assertEquals(0, t.source.requested, "no demand upstream beyond the caller's");

    t.caller.subscription.request(1);
    assertEquals(List.of("response:r", "start"), t.caller.seen);
    t.caller.subscription.request(2);
    assertEquals(List.of("response:r", "start", "delta1"), t.caller.seen);
    t.source.send("delta2");
    t.source.send("metadata");
    assertEquals(List.of("response:r", "start", "delta1", "delta2"), t.caller.seen);
    t.source.subscriber.onComplete();
    assertFalse(t.caller.completed, "the end waits for the caller to take what is left");
    assertFalse(t.gate.delivered().isDone());
    t.caller.subscription.request(5);
    assertEquals(List.of("response:r", "start", "delta1", "delta2", "metadata"), t.caller.seen);
    assertTrue(t.caller.completed);
    assertTrue(t.gate.delivered().isDone());
    assertEquals(List.of("start", "delta1", "delta2", "metadata"), t.observed);
  }

  @Test
  void anErrorBeforeAnyContentNeverReachesTheCaller() {
    Rig t = Rig.streaming("r");
    t.source.send("start");
    t.source.subscriber.onError(new IllegalStateException("throttled"));
    assertFalse(t.gate.opened());
    assertTrue(t.caller.seen.isEmpty());
    assertNull(t.caller.subscription);
  }

  @Test
  void anErrorAfterTheContentFollowsWhatCameBefore() {
    Rig t = Rig.streaming(null);
    t.source.send("delta1");
    IllegalStateException cut = new IllegalStateException("cut");
    t.source.subscriber.onError(cut);
    assertNull(t.caller.error, "not before the delta the caller has not asked for yet");
    t.caller.subscription.request(1);
    assertEquals(List.of("response:null", "delta1"), t.caller.seen);
    assertSame(cut, t.caller.error);
    assertTrue(t.gate.delivered().isDone());
  }

  @Test
  void aStreamWithoutContentStillReachesTheCallerAndCancelStopsIt() {
    Rig t = Rig.streaming("r");
    t.source.send("start");
    t.source.subscriber.onComplete();
    assertTrue(t.gate.opened());
    t.caller.subscription.request(Long.MAX_VALUE);
    assertEquals(List.of("response:r", "start"), t.caller.seen);
    assertTrue(t.caller.completed);

    Rig other = Rig.streaming(null);
    other.source.send("delta");
    other.caller.subscription.cancel();
    assertTrue(other.source.cancelled);
    assertTrue(other.gate.delivered().isDone());
    other.forwarder.complete(); // the call's end, after the subscriber cancelled
    assertFalse(other.caller.handlerCompleted, "as with the SDK alone: no complete()");
    t.forwarder.complete();
    assertTrue(t.caller.handlerCompleted);
  }

  @Test
  void aRetriedStreamReplacesAHeldOneAndTheOldOneIsIgnored() {
    Rig t = Rig.streaming(null);
    Source first = t.source;
    first.send("start");
    first.subscriber.onError(new IllegalStateException("transient"));
    Source second = new Source();
    t.gate.onEventStream(second);
    assertFalse(t.gate.delivered().isDone());
    first.requested = 1;
    first.send("stale"); // the old stream is ignored
    second.send("start");
    second.send("delta");
    t.caller.subscription.request(10);
    second.subscriber.onComplete();
    assertEquals(List.of("response:null", "start", "delta"), t.caller.seen);
    assertTrue(t.caller.completed);
    assertNull(t.caller.error);
  }

  @Test
  void anAbandonedAttemptNeverOpensOrEndsTheCallersStreamWithTheError() {
    Rig held = Rig.streaming(null);
    held.source.send("start");
    held.gate.abandon(new IllegalStateException("timed out"));
    assertTrue(held.source.cancelled);
    held.source.requested = 1;
    held.source.send("delta");
    assertFalse(held.gate.opened(), "late content does not open an abandoned gate");
    assertTrue(held.caller.seen.isEmpty());

    Rig reading = Rig.streaming(null);
    reading.source.send("delta1");
    reading.source.subscriber.onComplete();
    IllegalStateException timeout = new IllegalStateException("timed out");
    reading.gate.abandon(timeout);
    reading.caller.subscription.request(1);
    assertSame(timeout, reading.caller.error, "the caller that stopped reading hears why");
    assertTrue(reading.gate.delivered().isDone());
  }

  @Test
  void aNonPositiveRequestEndsTheStreamWithAnError() {
    Rig t = Rig.streaming(null);
    t.source.send("delta");
    t.caller.subscription.request(0);
    assertTrue(t.caller.error instanceof IllegalArgumentException, String.valueOf(t.caller.error));
    assertTrue(t.source.cancelled);
    assertTrue(t.gate.delivered().isDone());
  }
}
