package io.tierpilot.sim.engine;

import io.tierpilot.core.Tier;

/**
 * What the hindsight oracle may ask the virtual provider and nobody else may: how a call would
 * fare, knowing its realized output length and other customers' future traffic.
 */
public interface Clairvoyance {

  /**
   * Projects when the request would complete if an attempt on {@code tier} started now.
   *
   * @param r the request
   * @param tier the tier asked for (the projection applies the provider's downgrade, if any)
   * @param now the current virtual time
   * @return the projected completion time, or {@code Long.MAX_VALUE} if the call would be throttled
   *     or would not complete before the request's deadline
   */
  long projectCompletion(SimRequest r, Tier tier, long now);
}
