package io.tierpilot.sim.engine;

import io.tierpilot.core.Ticker;

/**
 * Virtual time, in nanoseconds from the workload's start: the scheduler's ticker in a simulation.
 */
public final class VirtualClock implements Ticker {
  private long now;

  @Override
  public long read() {
    return now;
  }

  void set(long nanos) {
    now = nanos;
  }
}
