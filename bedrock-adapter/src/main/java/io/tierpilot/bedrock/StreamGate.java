package io.tierpilot.bedrock;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * time, and keeps the events. The first content event ({@code observe} answers whether an event is
 * content: a delta or a chunk), or the stream's end, opens it: the caller's handler then receives
 * the response and a publisher that replays the kept events and relays the rest, under the caller's
 * own demand (backpressure is preserved; at most the kept events wait beyond it). An error while
 * held is not relayed: the attempt's failure decides what happens next. Every event passes {@code
 * observe} once, in order, on the thread that delivered it.
 *
 * <p>If the SDK retries the attempt's request itself (a transient failure, allowed only while the
 * gate is held), it hands over a new event stream: the gate forgets what it kept and starts over,
 * ignoring anything the old stream still signals. When the attempt ends in a failure of its own (a
 * timeout, a cancellation), {@link #abandon} makes sure the caller's subscriber, if it has one,
 * hears of it, and that a held gate never opens.
 *
 * <p>Thread-safe: the SDK delivers events one at a time; the caller's subscriber may request and
 * cancel from any thread; its signals are serialized.
 *
 * @param <R> the initial response type
 * @param <E> the event type
 */
final class StreamGate<R, E> implements SdkPublisher<E> {
  private final StreamForwarder<R, E> caller;
  // reads one event and answers whether it is content
  private final Predicate<E> observe;

  private final Queue<E> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong requested = new AtomicLong();
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicBoolean subscribed = new AtomicBoolean();
  private final AtomicBoolean terminated = new AtomicBoolean();
  private final CompletableFuture<Void> delivered = new CompletableFuture<>();
  private volatile boolean streaming;
  private volatile R response;
  private volatile Upstream upstream;
  private volatile Subscriber<? super E> downstream;
  private volatile boolean open;
  private boolean abandoned; // guarded by this
  private volatile boolean done;
  private volatile Throwable error;
  private volatile Throwable badRequest;
  private volatile boolean cancelled;

  StreamGate(StreamForwarder<R, E> caller, Predicate<E> observe) {
    this.caller = caller;
    this.observe = observe;
  }

  /** The SDK's initial response: kept until the gate opens. */
  void responseReceived(R r) {
    response = r;
  }

  /**
   * The SDK's event publisher: the gate subscribes to it at once. A second one (the SDK retried the
   * request) replaces the first while the gate is held; once open, it ends the caller's stream with
   * an error rather than deliver output twice.
   */
  void onEventStream(SdkPublisher<E> events) {
    streaming = true;
    Upstream next = new Upstream();
    synchronized (this) {
      Upstream previous = upstream;
      if (previous != null && open) {
        next.refuse = true;
      } else {
        queue.clear();
        done = false;
        error = null;
      }
      upstream = next;
    }
    if (next.refuse) {
      fail(new IllegalStateException("the SDK retried a stream whose output was delivered"));
    }
    events.subscribe(next);
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

  /**
   * The attempt ended with {@code error} (its timeout, a cancellation, a failed call): a held gate
   * never opens, and an open one ends the caller's stream with the error unless the stream already
   * ended with one.
   */
  void abandon(Throwable error) {
    boolean wasOpen;
    synchronized (this) {
      abandoned = true;
      wasOpen = open;
    }
    Upstream up = upstream;
    if (up != null) {
      up.cancel();
    }
    if (wasOpen) {
      fail(error);
    }
  }

  private void fail(Throwable t) {
    if (!done || error == null) {
      queue.clear();
      error = t;
      done = true;
    }
    drain();
  }

  private boolean openGate() {
    synchronized (this) {
      if (open || abandoned) {
        return false;
      }
      open = true;
    }
    caller.responseReceived(response);
    caller.onEventStream(this);
    return true;
  }

  /** The gate's subscriber to one SDK event stream; ignored once replaced by a retry's. */
  private final class Upstream implements Subscriber<E> {
    private volatile Subscription subscription;
    private volatile boolean stopped;
    boolean refuse;

    private boolean current() {
      return upstream == this && !refuse;
    }

    void request(long n) {
      Subscription s = subscription;
      if (s != null) {
        s.request(n);
      }
    }

    void cancel() {
      stopped = true;
      Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }

    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
      if (stopped || !current()) {
        s.cancel();
        return;
      }
      s.request(1);
    }

    @Override
    public void onNext(E event) {
      if (!current()) {
        return;
      }
      boolean content = observe.test(event);
      queue.add(event);
      if (open) {
        drain();
      } else if (content) {
        if (openGate()) {
          drain();
        }
      } else {
        request(1);
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!current()) {
        return;
      }
      error = t;
      done = true;
      if (open) {
        drain();
      }
      // held: the caller never hears of this attempt; its failure is classified by the client
    }

    @Override
    public void onComplete() {
      if (!current()) {
        return;
      }
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
        badRequest =
            new IllegalArgumentException("request(" + n + "): must be positive (rule 3.9)");
        cancelUpstream();
        drain();
        return;
      }
      long was;
      long now;
      do {
        was = requested.get();
        now = was + n < 0 ? Long.MAX_VALUE : was + n;
      } while (!requested.compareAndSet(was, now));
      Upstream up = upstream;
      if (up != null && !done) {
        up.request(n);
      }
      drain();
    }

    @Override
    public void cancel() {
      cancelled = true;
      caller.subscriberCancelled();
      cancelUpstream();
      delivered.complete(null);
    }
  }

  private void cancelUpstream() {
    Upstream up = upstream;
    if (up != null) {
      up.cancel();
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
        Throwable bad = badRequest;
        if (bad != null) {
          queue.clear();
          terminate(d, bad);
        } else {
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
          } else if (done && queue.isEmpty()) {
            terminate(d, error);
          }
        }
      }
      missed = wip.addAndGet(-missed);
      if (missed == 0) {
        return;
      }
    }
  }

  private void terminate(Subscriber<? super E> d, Throwable t) {
    if (!terminated.compareAndSet(false, true)) {
      return;
    }
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
