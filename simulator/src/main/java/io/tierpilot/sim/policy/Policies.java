package io.tierpilot.sim.policy;

import io.tierpilot.core.Tier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The policy registry: every policy the simulator compares, by name. */
public final class Policies {
  private static final Map<String, Function<PolicyContext, Policy>> REGISTRY =
      new LinkedHashMap<>();

  static {
    REGISTRY.put("adaptive", ctx -> new AdaptivePolicy(ctx, ctx.hedging()));
    REGISTRY.put("adaptive-unhedged", ctx -> new AdaptivePolicy(ctx, false));
    REGISTRY.put(
        "static-priority",
        ctx ->
            new FixedRulePolicy(
                "static-priority", "every request on Priority", (r, attempt) -> Tier.PRIORITY));
    REGISTRY.put(
        "static-standard",
        ctx ->
            new FixedRulePolicy(
                "static-standard", "every request on Standard", (r, attempt) -> Tier.STANDARD));
    REGISTRY.put(
        "static-flex",
        ctx ->
            new FixedRulePolicy("static-flex", "every request on Flex", (r, attempt) -> Tier.FLEX));
    REGISTRY.put(
        "by-class",
        ctx ->
            new FixedRulePolicy(
                "by-class",
                "each class on its recommended tier (the AWS blog's category → tier table)",
                (r, attempt) -> {
                  Tier t = ctx.classes().get(r.classIndex).recommendedTier;
                  return t == null ? Tier.STANDARD : t;
                }));
    REGISTRY.put(
        "flex-then-standard",
        ctx ->
            new FixedRulePolicy(
                "flex-then-standard",
                "Flex; after a throttle, Standard (the rule most teams write by hand)",
                (r, attempt) -> attempt == 1 ? Tier.FLEX : Tier.STANDARD));
    REGISTRY.put("oracle", OraclePolicy::new);
  }

  private Policies() {}

  /** Returns every policy name, in report order. */
  public static List<String> names() {
    return new ArrayList<>(REGISTRY.keySet());
  }

  /**
   * Creates a policy for one simulation run.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static Policy create(String name, PolicyContext ctx) {
    Function<PolicyContext, Policy> f = REGISTRY.get(name);
    if (f == null) {
      throw new IllegalArgumentException(
          "unknown policy '" + name + "': known policies are " + String.join(", ", names()));
    }
    return f.apply(ctx);
  }

  /** Validates a list of names without creating anything. */
  public static void check(List<String> names) {
    for (String n : names) {
      if (!REGISTRY.containsKey(n)) {
        throw new IllegalArgumentException(
            "unknown policy '" + n + "': known policies are " + String.join(", ", names()));
      }
    }
  }
}
