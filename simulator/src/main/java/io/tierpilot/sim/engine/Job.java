package io.tierpilot.sim.engine;

import io.tierpilot.core.Tier;

/** One call at the provider: ours (with an owner) or another customer's. Single-threaded. */
final class Job {
  /** Queue order: 0 Priority, 1 Standard (and Reserved), 2 Flex. */
  static final int PRIORITY = 0;

  static final int STANDARD = 1;
  static final int FLEX = 2;

  final SimRequest owner;
  final ModelPool pool;
  final Tier served;
  final int queue;
  final long enqueuedNanos;
  final long ttftServiceNanos;
  final long serviceNanos;
  boolean started;
  boolean cancelled;
  long startedNanos;

  /** Whether this call is a hedge (a backup of a late call of the same request). */
  boolean hedge;

  Job(
      SimRequest owner,
      ModelPool pool,
      Tier served,
      long enqueuedNanos,
      long ttftServiceNanos,
      long serviceNanos) {
    this.owner = owner;
    this.pool = pool;
    this.served = served;
    this.queue = queueOf(served);
    this.enqueuedNanos = enqueuedNanos;
    this.ttftServiceNanos = ttftServiceNanos;
    this.serviceNanos = serviceNanos;
  }

  static int queueOf(Tier tier) {
    switch (tier) {
      case PRIORITY:
        return PRIORITY;
      case FLEX:
        return FLEX;
      default:
        return STANDARD;
    }
  }
}
