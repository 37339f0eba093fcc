package io.tierpilot.sim.cli;

import io.tierpilot.core.Budget;
import io.tierpilot.core.Durations;
import io.tierpilot.core.TierPrices;
import io.tierpilot.sim.engine.Scenario;
import io.tierpilot.sim.engine.SloClassSpec;
import io.tierpilot.sim.policy.Policies;
import io.tierpilot.sim.provider.ProviderSpec;
import io.tierpilot.sim.workload.WorkloadOptions;
import io.tierpilot.sim.workload.WorkloadSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that describe a scenario, shared by {@code simulate} and {@code tune}. */
final class ScenarioOptions {
  /** The default class mix: the AWS blog's three categories with their recommended tiers. */
  static final String DEFAULT_CLASSES =
      "interactive=0.3:10s:priority,standard=0.4:60s:standard,batch=0.3:30m:flex";

  @Option(
      names = "--trace",
      paramLabel = "FORMAT:PATH",
      description =
          "A recorded trace to replay (repeatable): azure, mooncake, burstgpt, bedrock-logs or"
              + " native, e.g. azure:AzureLLMInferenceTrace_conv.csv.")
  List<String> traces = new ArrayList<>();

  @Option(
      names = "--workload",
      paramLabel = "SPEC",
      description =
          "A synthetic workload (repeatable): poisson:rate=R,requests=N[,input=DIST][,output=DIST]"
              + " or servegen:DIR[,start=..][,duration=..][,rate-scale=..].")
  List<String> workloads = new ArrayList<>();

  @Option(
      names = "--classes",
      paramLabel = "NAME=SHARE:DEADLINE[:TIER],...",
      description =
          "SLO classes: share of requests, deadline, recommended tier. Default: ${DEFAULT-VALUE}.")
  String classes = DEFAULT_CLASSES;

  @Option(
      names = "--policies",
      paramLabel = "P1,P2",
      split = ",",
      description =
          "Policies to compare. Default: all (adaptive, adaptive-unhedged, static-priority,"
              + " static-standard, static-flex, by-class, flex-then-standard, oracle).")
  List<String> policies = new ArrayList<>();

  @Option(
      names = "--provider",
      paramLabel = "FILE|PRESET",
      description =
          "Provider model: a preset (bedrock), mmc:servers=C,service=exp:MEAN, or a JSON"
              + " file. Default: ${DEFAULT-VALUE}.")
  String provider = "bedrock";

  @Option(
      names = "--budget",
      paramLabel = "USD[/WINDOW]",
      description =
          "Spend target for the adaptive policy, US dollars per hour, or per WINDOW"
              + " (e.g. 50/1h, 5/10m).")
  String budget;

  @Option(names = "--seed", description = "Seed of every random draw. Default: ${DEFAULT-VALUE}.")
  long seed = Scenario.DEFAULT_SEED;

  @Option(
      names = "--skip-invalid",
      description = "Skip malformed trace rows (counted in the summary) instead of stopping.")
  boolean skipInvalid;

  @Option(
      names = "--max-gap",
      paramLabel = "DURATION",
      description =
          "Longest gap between consecutive requests of a trace (e.g. 12h, 720h); a longer one"
              + " stops the run as a probable wrong timestamp. Default: 168h (7 days).")
  String maxGap;

  @Option(
      names = "--model",
      paramLabel = "ID",
      description = "Model of requests whose trace names none. Default: ${DEFAULT-VALUE}.")
  String model = Scenario.DEFAULT_MODEL;

  @Option(
      names = "--max-tokens",
      description = "Output cap requests are sent with. Default: ${DEFAULT-VALUE}.")
  long maxTokens = Scenario.DEFAULT_MAX_TOKENS;

  @Option(
      names = "--prices",
      paramLabel = "IN,OUT",
      description =
          "Standard price in US dollars per 1M input and output tokens (Flex 0.5x,"
              + " Priority 1.75x). Default: ${DEFAULT-VALUE}.")
  String prices = Scenario.DEFAULT_INPUT_PRICE + "," + Scenario.DEFAULT_OUTPUT_PRICE;

  @Option(
      names = "--target",
      description =
          "Target probability of meeting the deadline, every class (adaptive)."
              + " Default: ${DEFAULT-VALUE}.")
  double target = Scenario.DEFAULT_TARGET;

  @Option(
      names = "--step",
      paramLabel = "AT:TIER:SLOWDOWN:THROTTLE",
      description =
          "A step change in the provider (repeatable), e.g. 20m:flex:3:0.2: from minute 20 Flex"
              + " serves 3 times slower and throttles 20%% more of its calls.")
  List<String> steps = new ArrayList<>();

  @Option(
      names = "--no-hedging",
      description =
          "Do not hedge: by default the adaptive policy gives the classes recommended for Priority"
              + " a backup call on a faster tier when the first token is late (after 40%% of the"
              + " deadline), and adaptive-unhedged shows what that buys.")
  boolean noHedging;

  @Option(
      names = "--scheduler-config",
      paramLabel = "FILE",
      description = "A tierpilot configuration file for the adaptive policy (as tune writes).")
  Path schedulerConfig;

  Scenario scenario() {
    List<WorkloadSpec> specs = new ArrayList<>();
    for (String t : traces) {
      specs.add(WorkloadSpec.parse(t));
    }
    for (String w : workloads) {
      specs.add(WorkloadSpec.parse(w));
    }
    if (specs.isEmpty()) {
      throw new IllegalArgumentException(
          "give at least one --trace FORMAT:PATH or --workload SPEC");
    }
    List<SloClassSpec> cls = SloClassSpec.parse(classes);
    List<String> names = policies.isEmpty() ? Policies.names() : policies;
    if (policies.isEmpty() && noHedging) {
      names.remove("adaptive-unhedged"); // the same as adaptive then
    }
    Policies.check(names);
    if (maxTokens <= 0) {
      throw new IllegalArgumentException("--max-tokens must be positive, was " + maxTokens);
    }
    if (!(target > 0 && target < 1)) {
      throw new IllegalArgumentException("--target must be in (0, 1), was " + target);
    }
    return new Scenario(
        specs,
        maxGap == null
            ? new WorkloadOptions(skipInvalid, seed)
            : new WorkloadOptions(skipInvalid, seed).withMaxGap(parseMaxGap(maxGap)),
        cls,
        withSteps(ProviderSpec.load(provider)),
        steps.isEmpty() ? provider : provider + " with steps " + String.join(", ", steps),
        seed,
        parseBudget(budget),
        model,
        maxTokens,
        parsePrices(prices),
        schedulerConfig,
        target,
        names,
        !noHedging);
  }

  private ProviderSpec withSteps(ProviderSpec spec) {
    for (String text : steps) {
      String[] p = text.split(":");
      if (p.length != 4) {
        throw new IllegalArgumentException(
            "--step '" + text + "': expected AT:TIER:SLOWDOWN:THROTTLE, e.g. 20m:flex:3:0.2");
      }
      ProviderSpec.StepSpec step = new ProviderSpec.StepSpec();
      step.at = p[0];
      step.tier = p[1];
      try {
        step.slowdown = Double.parseDouble(p[2]);
        step.throttleProbability = Double.parseDouble(p[3]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--step '" + text + "': not a number", e);
      }
      spec.steps.add(step);
    }
    if (!steps.isEmpty()) {
      spec.revalidate("--step");
    }
    return spec;
  }

  static Budget parseBudget(String text) {
    if (text == null) {
      return null;
    }
    String[] parts = text.split("/", 2);
    double amount;
    try {
      amount = Double.parseDouble(parts[0].replace("$", "").trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--budget '" + text + "': expected US dollars per hour, e.g. 25 or 25/1h", e);
    }
    if (!(amount > 0) || Double.isInfinite(amount)) {
      throw new IllegalArgumentException(
          "--budget '" + text + "': the amount must be a number of US dollars above 0");
    }
    Duration window;
    try {
      window = parts.length == 2 ? Durations.parse(parts[1].trim()) : Duration.ofHours(1);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--budget '" + text + "': " + e.getMessage(), e);
    }
    if (window.isZero()) {
      throw new IllegalArgumentException(
          "--budget '" + text + "': the window must be longer than 0, e.g. 25/1h or 5/10m");
    }
    return Budget.perWindow(amount, window);
  }

  static TierPrices parsePrices(String text) {
    String[] parts = text.split(",");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "--prices '" + text + "': expected IN,OUT, e.g. 0.15,0.60");
    }
    try {
      return TierPrices.fromStandard(
          Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--prices '" + text + "': not numbers: " + Arrays.toString(parts), e);
    }
  }

  private static java.time.Duration parseMaxGap(String text) {
    java.time.Duration d;
    try {
      d = io.tierpilot.core.Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--max-gap: " + e.getMessage(), e);
    }
    if (d.isZero()) {
      throw new IllegalArgumentException("--max-gap must be positive, was '" + text + "'");
    }
    if (d.compareTo(java.time.Duration.ofDays(100_000)) > 0) {
      throw new IllegalArgumentException(
          "--max-gap must be at most 100000 days, was '" + text + "'");
    }
    return d;
  }
}
