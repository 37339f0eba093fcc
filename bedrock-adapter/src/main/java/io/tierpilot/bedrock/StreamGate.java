package io.tierpilot.bedrock;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.SdkPublisher;

/**
 * Holds one streaming attempt back from the caller's handler until its first content arrives, so
 * that an attempt that fails before any content (an in-stream {@code throttlingException} right
 * after the response headers, for example) can be retried on another tier without the caller ever
 * seeing it.
 *
 * <p>While held, the gate subscribes to the SDK's event publisher itself, asks for one event at a
 * time, and keeps the events. The first event that {@code opens} (a content delta or chunk), or the
 * stream's end, opens it: the caller's handler then receives the response and a publisher that
 * replays the kept events and relays the rest, under the caller's own demand (backpressure is
 * preserved; at most the kept events wait beyond it). An error while held is not relayed: the
 * attempt's failure decides what happens next. Every event passes {@code observe} once, in order,
 * on the thread that delivered it.
 *
 * <p>Thread-safe: the SDK delivers events one at a time; the caller's subscriber may request and
 * cancel from any thread; its signals are serialized.
 *
 * @param <R> the initial response type
 * @param <E> the event type
 */
final class StreamGate<R, E> implements SdkPublisher<E> {
  private final StreamForwarder<R, E> caller;
  private final Predicate<E> opens;
  private final Consumer<E> observe;

  private final Queue<E> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong requested = new AtomicLong();
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicBoolean subscribed = new AtomicBoolean();
  private final AtomicBoolean terminated = new AtomicBoolean();
  private final CompletableFuture<Void> delivered = new CompletableFuture<>();
  private volatile boolean streaming;
  private volatile R response;
  private volatile Subscription upstream;
  private volatile Subscriber<? super E> downstream;
  private volatile boolean open;
  private volatile boolean done;
  private volatile Throwable error;
  private volatile boolean cancelled;

  StreamGate(StreamForwarder<R, E> caller, Predicate<E> opens, Consumer<E> observe) {
    this.caller = caller;
    this.opens = opens;
    this.observe = observe;
  }

  /** The SDK's initial response: kept until the gate opens. */
  void responseReceived(R r) {
    response = r;
  }

  /** The SDK's event publisher: the gate subscribes to it at once. */
  void onEventStream(SdkPublisher<E> events) {
    streaming = true;
    events.subscribe(new Upstream());
  }

  /**
   * Completes once the caller's subscriber has received the stream's end or cancelled: the SDK's
   * call ends when the gate has read the stream, the caller may still be reading it. Already
   * complete if the SDK never handed over an event stream.
   */
  CompletableFuture<Void> delivered() {
    return streaming ? delivered : CompletableFuture.completedFuture(null);
  }

  /**
   * Whether the caller's handler has received anything of this attempt: then it cannot be retried.
   */
  boolean opened() {
    return open;
  }

  R response() {
    return response;
  }

  private void openGate() {
    if (open) {
      return;
    }
    open = true;
    caller.responseReceived(response);
    caller.onEventStream(this);
  }

  private final class Upstream implements Subscriber<E> {
    @Override
    public void onSubscribe(Subscription s) {
      upstream = s;
      s.request(1);
    }

    @Override
    public void onNext(E event) {
      observe.accept(event);
      queue.add(event);
      if (open) {
        drain();
      } else if (opens.test(event)) {
        openGate();
        drain();
      } else {
        upstream.request(1);
      }
    }

    @Override
    public void onError(Throwable t) {
      error = t;
      done = true;
      if (open) {
        drain();
      }
      // held: the caller never hears of this attempt; its failure is classified by the client
    }

    @Override
    public void onComplete() {
      done = true;
      openGate(); // a stream without content still reaches the caller, with what it had
      drain();
    }
  }

  // ------------------------------------------------------------- the caller's side

  @Override
  public void subscribe(Subscriber<? super E> s) {
    Objects.requireNonNull(s, "subscriber");
    if (!subscribed.compareAndSet(false, true)) {
      s.onSubscribe(
          new Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
          });
      s.onError(new IllegalStateException("the event stream allows one subscriber"));
      return;
    }
    s.onSubscribe(new Downstream());
    downstream = s;
    drain();
  }

  private final class Downstream implements Subscription {
    @Override
    public void request(long n) {
      if (n <= 0) {
        error = new IllegalArgumentException("request(" + n + "): must be positive (rule 3.9)");
        cancelled = true;
        cancelUpstream();
        signalError();
        return;
      }
      long was;
      long now;
      do {
        was = requested.get();
        now = was + n < 0 ? Long.MAX_VALUE : was + n;
      } while (!requested.compareAndSet(was, now));
      Subscription up = upstream;
      if (up != null && !done) {
        up.request(n);
      }
      drain();
    }

    @Override
    public void cancel() {
      cancelled = true;
      cancelUpstream();
      delivered.complete(null);
    }
  }

  private void cancelUpstream() {
    Subscription up = upstream;
    if (up != null) {
      up.cancel();
    }
  }

  private void signalError() {
    Subscriber<? super E> d = downstream;
    if (d != null && terminated.compareAndSet(false, true)) {
      try {
        d.onError(error);
      } finally {
        delivered.complete(null);
      }
    }
  }

  /** Delivers what the caller asked for, then the end; one thread at a time. */
  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    while (true) {
      Subscriber<? super E> d = downstream;
      if (d != null && !terminated.get()) {
        long r = requested.get();
        long sent = 0;
        while (sent != r && !cancelled) {
          E e = queue.poll();
          if (e == null) {
            break;
          }
          d.onNext(e);
          sent++;
        }
        if (sent != 0 && r != Long.MAX_VALUE) {
          requested.addAndGet(-sent);
        }
        if (cancelled) {
          queue.clear();
        } else if (done && queue.isEmpty() && terminated.compareAndSet(false, true)) {
          Throwable t = error;
          try {
            if (t == null) {
              d.onComplete();
            } else {
              d.onError(t);
            }
          } finally {
            delivered.complete(null);
          }
        }
      }
      missed = wip.addAndGet(-missed);
      if (missed == 0) {
        return;
      }
    }
  }
}
