package io.tierpilot.sim.policy;

import io.tierpilot.core.Tier;
import io.tierpilot.sim.engine.Clairvoyance;
import io.tierpilot.sim.engine.SimRequest;

/**
 * The hindsight oracle: a reference for the lowest cost at which the deadlines could have been met.
 * For each attempt it asks the provider model how the call would fare on each tier, cheapest first,
 * and takes the first that would complete before the deadline.
 *
 * <p>What it knows: the request's realized output length, the provider's exact state (calls in
 * service and waiting, with their service times), other customers' future arrivals, every throttle
 * and downgrade draw. What it does not know: how its own later requests will be routed, so a
 * projection ignores them; a later Priority or Standard request of ours can therefore still jump
 * ahead of a call the oracle sent to a lower tier, and the oracle can miss a deadline it projected
 * to meet (its attainment is reported as it happened). It is a clairvoyant greedy choice, not a
 * proven optimum over all assignments; it bounds what per-request routing can reach. Projections
 * stop after 200,000 events and then assume the call meets its deadline (optimistic, so the
 * oracle's cost stays a lower reference).
 */
final class OraclePolicy implements Policy {
  private static final Tier[] CHEAPEST_FIRST = {Tier.FLEX, Tier.STANDARD, Tier.PRIORITY};
  private final Clairvoyance clairvoyance;

  OraclePolicy(PolicyContext ctx) {
    this.clairvoyance = ctx.clairvoyance();
  }

  @Override
  public String name() {
    return "oracle";
  }

  @Override
  public String description() {
    return "hindsight: per request the cheapest tier that would have met its deadline, knowing"
        + " its output length and other customers' future traffic";
  }

  @Override
  public Tier choose(SimRequest r, long nowNanos) {
    if (nowNanos >= r.deadlineNanos) {
      r.expired = true;
      return null;
    }
    if (r.attempts() >= FixedRulePolicy.MAX_ATTEMPTS) {
      return null;
    }
    Tier best = Tier.PRIORITY;
    long bestCompletion = Long.MAX_VALUE;
    for (Tier t : CHEAPEST_FIRST) {
      long done = clairvoyance.projectCompletion(r, t, nowNanos);
      if (done <= r.deadlineNanos) {
        return t;
      }
      if (done < bestCompletion) {
        bestCompletion = done;
        best = t;
      }
    }
    return best;
  }
}
