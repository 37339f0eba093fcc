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
    public void complete() {}
  }

  private static StreamGate<String, String> gate(Caller caller, List<String> observed) {
    return new StreamGate<>(
        new StreamForwarder<>(caller),
        e -> {
          observed.add(e);
          return e.startsWith("delta");
        });
  }

  @Test
  void holdsTheAttemptUntilItsFirstContentThenReplaysUnderTheCallersDemand() {
    Caller caller = new Caller();
    List<String> observed = new ArrayList<>();
    StreamGate<String, String> gate = gate(caller, observed);
    Source source = new Source();
    gate.responseReceived("r");
    gate.onEventStream(source);
    source.send("start");
    assertTrue(caller.seen.isEmpty(), "nothing before the first content");
    assertFalse(gate.opened());
    source.send("delta1");
    assertTrue(gate.opened());
    assertEquals(List.of("response:r"), caller.seen);
    assertEquals(0, source.requested, "no demand upstream beyond the caller's");

    caller.subscription.request(1);
    assertEquals(List.of("response:r", "start"), caller.seen);
    caller.subscription.request(2);
    assertEquals(List.of("response:r", "start", "delta1"), caller.seen);
    source.send("delta2");
    source.send("metadata");
    assertEquals(List.of("response:r", "start", "delta1", "delta2"), caller.seen);
    source.subscriber.onComplete();
    assertFalse(caller.completed, "the end waits for the caller to take what is left");
    assertFalse(gate.delivered().isDone());
    caller.subscription.request(5);
    assertEquals(List.of("response:r", "start", "delta1", "delta2", "metadata"), caller.seen);
    assertTrue(caller.completed);
    assertTrue(gate.delivered().isDone());
    assertEquals(List.of("start", "delta1", "delta2", "metadata"), observed);
  }

  @Test
  void anErrorBeforeAnyContentNeverReachesTheCaller() {
    Caller caller = new Caller();
    StreamGate<String, String> gate = gate(caller, new ArrayList<>());
    Source source = new Source();
    gate.responseReceived("r");
    gate.onEventStream(source);
    source.send("start");
    source.subscriber.onError(new IllegalStateException("throttled"));
    assertFalse(gate.opened());
    assertTrue(caller.seen.isEmpty());
    assertNull(caller.subscription);
  }

  @Test
  void anErrorAfterTheContentFollowsWhatCameBefore() {
    Caller caller = new Caller();
    StreamGate<String, String> gate = gate(caller, new ArrayList<>());
    Source source = new Source();
    gate.onEventStream(source);
    source.send("delta1");
    IllegalStateException cut = new IllegalStateException("cut");
    source.subscriber.onError(cut);
    assertNull(caller.error, "not before the delta the caller has not asked for yet");
    caller.subscription.request(1);
    assertEquals(List.of("response:null", "delta1"), caller.seen);
    assertSame(cut, caller.error);
    assertTrue(gate.delivered().isDone());
  }

  @Test
  void aStreamWithoutContentStillReachesTheCallerAndCancelStopsIt() {
    Caller caller = new Caller();
    StreamGate<String, String> gate = gate(caller, new ArrayList<>());
    Source source = new Source();
    gate.responseReceived("r");
    gate.onEventStream(source);
    source.send("start");
    source.subscriber.onComplete();
    assertTrue(gate.opened());
    caller.subscription.request(Long.MAX_VALUE);
    assertEquals(List.of("response:r", "start"), caller.seen);
    assertTrue(caller.completed);

    Caller other = new Caller();
    StreamGate<String, String> second = gate(other, new ArrayList<>());
    Source upstream = new Source();
    second.onEventStream(upstream);
    upstream.send("delta");
    other.subscription.cancel();
    assertTrue(upstream.cancelled);
    assertTrue(second.delivered().isDone());
  }

  @Test
  void aRetriedStreamReplacesAHeldOneAndTheOldOneIsIgnored() {
    Caller caller = new Caller();
    List<String> observed = new ArrayList<>();
    StreamGate<String, String> gate = gate(caller, observed);
    Source first = new Source();
    gate.onEventStream(first);
    first.send("start");
    first.subscriber.onError(new IllegalStateException("transient"));
    Source second = new Source();
    gate.onEventStream(second);
    assertFalse(gate.delivered().isDone());
    first.requested = 1;
    first.send("stale"); // the old stream is ignored
    second.send("start");
    second.send("delta");
    caller.subscription.request(10);
    second.subscriber.onComplete();
    assertEquals(List.of("response:null", "start", "delta"), caller.seen);
    assertTrue(caller.completed);
    assertNull(caller.error);
  }

  @Test
  void anAbandonedAttemptNeverOpensOrEndsTheCallersStreamWithTheError() {
    Caller held = new Caller();
    StreamGate<String, String> gate = gate(held, new ArrayList<>());
    Source source = new Source();
    gate.onEventStream(source);
    source.send("start");
    gate.abandon(new IllegalStateException("timed out"));
    assertTrue(source.cancelled);
    source.requested = 1;
    source.send("delta");
    assertFalse(gate.opened(), "late content does not open an abandoned gate");
    assertTrue(held.seen.isEmpty());

    Caller reading = new Caller();
    StreamGate<String, String> open = gate(reading, new ArrayList<>());
    Source s2 = new Source();
    open.onEventStream(s2);
    s2.send("delta1");
    s2.subscriber.onComplete();
    IllegalStateException timeout = new IllegalStateException("timed out");
    open.abandon(timeout);
    reading.subscription.request(1);
    assertSame(timeout, reading.error, "the caller that stopped reading hears why");
    assertTrue(open.delivered().isDone());
  }

  @Test
  void aNonPositiveRequestEndsTheStreamWithAnError() {
    Caller caller = new Caller();
    StreamGate<String, String> gate = gate(caller, new ArrayList<>());
    Source source = new Source();
    gate.onEventStream(source);
    source.send("delta");
    caller.subscription.request(0);
    assertTrue(caller.error instanceof IllegalArgumentException, String.valueOf(caller.error));
    assertTrue(source.cancelled);
    assertTrue(gate.delivered().isDone());
  }
}
