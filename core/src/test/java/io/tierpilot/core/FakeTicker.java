package io.tierpilot.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker that moves only when told to. Thread-safe. */
final class FakeTicker implements Ticker {
  private final AtomicLong nanos = new AtomicLong();

  @Override
  public long read() {
    return nanos.get();
  }

  FakeTicker advance(Duration d) {
    nanos.addAndGet(d.toNanos());
    return this;
  }

  FakeTicker advanceNanos(long n) {
    nanos.addAndGet(n);
    return this;
  }

  void set(long n) {
    nanos.set(n);
  }
}
