package io.tierpilot.core;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the tierpilot configuration format, Java properties read by {@link Properties}, into a
 * {@link TierScheduler.Builder}. The keys are listed in {@code docs/configuration.md}; every key
 * must be known, and every error names the source, the key and the value, and for a file the line.
 */
final class ConfigLoader {
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private ConfigLoader() {}

  static void apply(Properties properties, String source, TierScheduler.Builder b) {
    apply(properties, source, Map.of(), b);
  }

  /**
   * @param lines the line of each key in its file, for error messages; empty if not from a file
   */
  static void apply(
      Properties properties, String source, Map<String, Integer> lines, TierScheduler.Builder b) {
    Map<String, String> all = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      all.put(key.trim(), properties.getProperty(key).trim());
    }
    new ConfigLoader.Run(source, all, lines, b).apply();
  }

  /**
   * Reads a configuration file as UTF-8: its properties, and the line of each key. A key given
   * twice is an error naming both lines.
   *
   * @param text the file's content
   * @param source the file's name, for error messages
   * @param lines receives the line (from 1) of each key
   * @return the properties
   */
  static Properties read(String text, String source, Map<String, Integer> lines) {
    Properties all = new Properties();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // a byte order mark is not part of the first key
    }
    String[] physical = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < physical.length; i++) {
      int first = i;
      String trimmed = physical[i].stripLeading();
      if (trimmed.isEmpty() || trimmed.charAt(0) == '#' || trimmed.charAt(0) == '!') {
        continue;
      }
      // a logical line goes on while a line ends in an odd number of backslashes
      StringBuilder logical = new StringBuilder(physical[i]);
      while (endsInOddBackslashes(physical[i]) && i + 1 < physical.length) {
        i++;
        logical.append('\n').append(physical[i]);
      }
      Properties one = new Properties();
      try {
        one.load(new StringReader(logical.toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a StringReader does not fail
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            source + ":" + (first + 1) + ": malformed line: " + e.getMessage(), e);
      }
      for (String key : one.stringPropertyNames()) {
        String k = key.trim();
        Integer before = lines.putIfAbsent(k, first + 1);
        if (before != null) {
          throw new IllegalArgumentException(
              source
                  + ":"
                  + (first + 1)
                  + ": key '"
                  + k
                  + "' is given twice (first on line "
                  + before
                  + ")");
        }
        all.setProperty(key, one.getProperty(key));
      }
    }
    return all;
  }

  private static boolean endsInOddBackslashes(String line) {
    int n = 0;
    for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }

  /** Parses a decimal number: digits, a point, an exponent; no type suffix, hex or words. */
  static double number(String value) {
    String v = value.trim();
    if (!NUMBER.matcher(v).matches()) {
      throw new NumberFormatException(v);
    }
    return Double.parseDouble(v);
  }

  private static int intValue(long v) {
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
      throw new IllegalArgumentException(
          v + " is out of range (at most " + Integer.MAX_VALUE + ")");
    }
    return (int) v;
  }

  /** Splits a comma-separated list, keeping empty parts (so that a stray comma is an error). */
  private static String[] split(String value) {
    return value.split(",", -1);
  }

  private static final class Run {
    private final String source;
    private final Map<String, String> entries;
    private final Map<String, Integer> lines;
    private final TierScheduler.Builder b;
    private final Map<String, String> used = new LinkedHashMap<>();

    Run(
        String source,
        Map<String, String> entries,
        Map<String, Integer> lines,
        TierScheduler.Builder b) {
      this.source = source;
      this.entries = entries;
      this.lines = lines;
      this.b = b;
    }

    /** The source, and the key's line when it comes from a file. */
    private String at(String key) {
      Integer line = lines.get(key);
      return line == null ? source : source + ":" + line;
    }

    void apply() {
      scalar("window", v -> b.window(Durations.parse(v)));
      scalar("slices", v -> b.slices(Integer.parseInt(v)));
      scalar("prior-weight", v -> b.priorWeight(number(v)));
      scalar("exploration-share", v -> b.explorationShare(number(v)));
      scalar("min-fresh-samples", v -> b.minFreshSamples(Integer.parseInt(v)));
      scalar("seed", v -> b.seed(Long.parseLong(v)));
      scalar("retry-throttle-probability", v -> b.retryThrottleProbability(number(v)));
      scalar("max-attempts", v -> b.maxAttempts(Integer.parseInt(v)));
      scalar("default-max-tokens", v -> b.defaultMaxTokens(Long.parseLong(v)));
      scalar(
          "deferral-delays",
          v -> b.deferralDelays(v.isBlank() ? new Duration[0] : durations(v, split(v).length)));
      scalar("throttle-memory", v -> b.throttleMemory(Durations.parse(v)));
      scalar("recency", v -> b.recency(Durations.parse(v)));
      scalar("recent-weight", v -> b.recentWeight(number(v)));
      budgetOfErrors();
      scalar(
          "output-tokens-prior",
          v -> {
            long[] p = longs(v, 3);
            b.outputTokensPrior(p[0], p[1], p[2]);
          });
      scalar(
          "default-prices",
          v -> {
            double[] p = doubles(v, 2);
            b.defaultPrices(TierPrices.fromStandard(p[0], p[1]));
          });
      scalar("pacing.gain", v -> b.pacingGain(number(v)));
      scalar("pacing.max-multiplier", v -> b.maxPacingMultiplier(number(v)));
      scalar("pacing.max-shed-share", v -> b.maxShedShare(number(v)));
      scalar("pacing.margin", v -> b.pacingMargin(number(v)));
      scalar(
          "dispatch.tier-concurrency",
          v -> {
            long[] p = longs(v, 2);
            b.tierConcurrency(intValue(p[0]), intValue(p[1]));
          });
      scalar(
          "dispatch.account-concurrency",
          v -> {
            long[] p = longs(v, 2);
            b.accountConcurrency(intValue(p[0]), intValue(p[1]));
          });
      scalar("dispatch.limit-increase", v -> b.limitIncrease(number(v)));
      scalar("dispatch.limit-backoff", v -> b.limitBackoff(number(v)));
      scalar("dispatch.max-waiting", v -> b.maxWaiting(Integer.parseInt(v)));
      scalar("hedge-max-share", v -> b.hedgeMaxShare(number(v)));
      scalar("best-effort-value", v -> b.bestEffortValue(number(v)));
      for (Tier t : Tier.values()) {
        scalar(
            "dispatch.throttle-tolerance." + t.reportName(),
            v -> b.throttleTolerance(t, number(v)));
      }
      budget();
      for (Tier t : Tier.values()) {
        LatencyPrior p = prior("prior." + t.reportName() + ".", t);
        if (p != null) {
          b.prior(t, p);
        }
      }
      classes();
      scalar("default-class", b::defaultClass);
      models();
      for (String key : entries.keySet()) {
        if (!used.containsKey(key)) {
          throw new IllegalArgumentException(
              at(key) + ": unknown configuration key '" + key + "' (see docs/configuration.md)");
        }
      }
    }

    private interface Setter {
      void set(String value);
    }

    /** Applies a key if present; any error is reported with the source, key and value. */
    private void scalar(String key, Setter setter) {
      String value = entries.get(key);
      if (value == null) {
        return;
      }
      used.put(key, value);
      try {
        setter.set(value);
      } catch (RuntimeException e) {
        throw error(key, value, e);
      }
    }

    private IllegalArgumentException error(String key, String value, RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      if (e instanceof NumberFormatException) {
        // Integer and Long parsing fail alike on "4.0", "99999999999" and "ten"
        String v = value.trim();
        why =
            v.matches("[+-]?\\d+")
                ? "out of range"
                : NUMBER.matcher(v).matches() ? "not an integer" : "not a number";
      }
      return new IllegalArgumentException(
          at(key) + ": key '" + key + "': invalid value '" + value + "': " + why, e);
    }

    private String take(String key) {
      String v = entries.get(key);
      if (v != null) {
        used.put(key, v);
      }
      return v;
    }

    private void budgetOfErrors() {
      String gain = take("error-budget.gain");
      String margin = take("error-budget.margin");
      String max = take("error-budget.max");
      if (gain == null && margin == null && max == null) {
        return;
      }
      String key =
          gain != null
              ? "error-budget.gain"
              : margin != null ? "error-budget.margin" : "error-budget.max";
      String value = gain != null ? gain : margin != null ? margin : max;
      try {
        // an unset one keeps the builder's value (its default)
        b.errorBudget(
            gain == null ? b.errorBudgetGain : number(gain),
            margin == null ? b.errorBudgetMargin : number(margin),
            max == null ? b.errorBudgetMax : number(max));
      } catch (RuntimeException e) {
        throw error(key, value, e);
      }
    }

    private void budget() {
      String amount = take("budget.amount-usd");
      String window = take("budget.window");
      String cap = take("budget.hard-cap-usd");
      if (amount == null && window == null && cap == null) {
        return;
      }
      if (amount == null) {
        throw new IllegalArgumentException(
            at(window != null ? "budget.window" : "budget.hard-cap-usd")
                + ": key 'budget.amount-usd' is missing");
      }
      Duration per = Duration.ofHours(1);
      if (window != null) {
        per = parseDuration(window, "budget.window");
        try {
          Checks.positiveNanos(per, "budget window"); // Budget's own check, under the window's key
        } catch (RuntimeException e) {
          throw error("budget.window", window, e);
        }
      }
      Budget budget;
      try {
        budget = Budget.perWindow(number(amount), per);
      } catch (RuntimeException e) {
        throw error("budget.amount-usd", amount, e);
      }
      if (cap != null) {
        try {
          budget = budget.withHardCap(number(cap));
        } catch (RuntimeException e) {
          throw error("budget.hard-cap-usd", cap, e);
        }
      }
      b.budget(budget);
    }

    private Duration parseDuration(String value, String key) {
      try {
        return Durations.parse(value);
      } catch (RuntimeException e) {
        throw error(key, value, e);
      }
    }

    private void classes() {
      String list = take("classes");
      List<String> names = list == null ? List.of() : names(list, "classes");
      for (String key : entries.keySet()) {
        if (key.startsWith("class.")) {
          String name = key.substring(6, Math.max(6, key.lastIndexOf('.')));
          if (!names.contains(name)) {
            throw new IllegalArgumentException(
                at(key)
                    + ": key '"
                    + key
                    + "' names class '"
                    + name
                    + "', which 'classes' does not list");
          }
        }
      }
      for (String name : names) {
        String p = "class." + name + ".";
        SloClass.Builder c;
        try {
          c = SloClass.newBuilder(name);
        } catch (RuntimeException e) {
          throw error("classes", list, e);
        }
        optional(p + "target", v -> c.target(number(v)));
        optional(p + "deadline", v -> c.deadline(Durations.parse(v)));
        optional(p + "ttft-deadline", v -> c.ttftDeadline(Durations.parse(v)));
        optional(p + "budget-sensitivity", v -> c.budgetSensitivity(number(v)));
        optional(p + "on-hard-cap", v -> c.hardCapRule(hardCapRule(v)));
        optional(p + "tier", v -> c.recommendedTier(Tier.fromWireValue(v)));
        optional(p + "hedge-delay", v -> c.hedgeDelay(Durations.parse(v)));
        try {
          b.sloClass(c.build());
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(
              at("classes") + ": class '" + name + "': " + e.getMessage(), e);
        }
      }
    }

    private static double price(String v) {
      return Checks.nonNegative(number(v), "a price");
    }

    private static SloClass.HardCapRule hardCapRule(String v) {
      switch (v.toLowerCase(java.util.Locale.ROOT)) {
        case "degrade":
          return SloClass.HardCapRule.DEGRADE;
        case "reject":
          return SloClass.HardCapRule.REJECT;
        default:
          throw new IllegalArgumentException("expected 'degrade' or 'reject'");
      }
    }

    private void optional(String key, Setter setter) {
      scalar(key, setter);
    }

    private void models() {
      String list = take("models");
      List<String> aliases = list == null ? List.of() : names(list, "models");
      for (String key : entries.keySet()) {
        if (key.startsWith("model.")) {
          int dot = key.indexOf('.', 6);
          String alias = dot < 0 ? key.substring(6) : key.substring(6, dot);
          if (!aliases.contains(alias)) {
            throw new IllegalArgumentException(
                at(key)
                    + ": key '"
                    + key
                    + "' names model '"
                    + alias
                    + "', which 'models' does not list");
          }
        }
      }
      for (String alias : aliases) {
        String p = "model." + alias + ".";
        String id = take(p + "id");
        if (id == null) {
          throw new IllegalArgumentException(
              at("models") + ": key '" + p + "id' is missing (model '" + alias + "')");
        }
        ModelConfig.Builder m;
        try {
          m = ModelConfig.newBuilder(id);
        } catch (RuntimeException e) {
          throw error(p + "id", id, e);
        }
        optional(
            p + "tiers",
            v -> {
              List<Tier> tiers = new ArrayList<>();
              for (String t : split(v)) {
                tiers.add(Tier.fromWireValue(t));
              }
              m.tiers(tiers.toArray(new Tier[0]));
            });
        m.prices(prices(p + "price."));
        for (Tier t : Tier.values()) {
          LatencyPrior prior = prior(p + "prior." + t.reportName() + ".", t);
          if (prior != null) {
            m.prior(t, prior);
          }
        }
        b.model(m.build());
      }
    }

    private TierPrices prices(String p) {
      String in = take(p + "input");
      String out = take(p + "output");
      if (in == null || out == null) {
        throw new IllegalArgumentException(
            at(in != null ? p + "input" : p + "output")
                + ": keys '"
                + p
                + "input' and '"
                + p
                + "output' (Standard $ per 1M tokens) are required");
      }
      double[] factors = {
        TierPrices.DEFAULT_FLEX_FACTOR,
        TierPrices.DEFAULT_PRIORITY_FACTOR,
        TierPrices.DEFAULT_RESERVED_FACTOR
      };
      String[] names = {"flex-factor", "priority-factor", "reserved-factor"};
      for (int i = 0; i < names.length; i++) {
        int k = i;
        optional(p + names[i], v -> factors[k] = number(v));
      }
      // each price parsed under its own key, so that an error names the key that is wrong
      double[] output = new double[1];
      scalar(p + "output", v -> output[0] = price(v));
      TierPrices[] prices = new TierPrices[1];
      scalar(
          p + "input",
          v ->
              prices[0] =
                  TierPrices.fromStandard(price(v), output[0], factors[0], factors[1], factors[2]));
      for (Tier t : Tier.values()) {
        String ti = take(p + t.reportName() + ".input");
        String to = take(p + t.reportName() + ".output");
        if (ti == null && to == null) {
          continue;
        }
        if (ti == null || to == null) {
          throw new IllegalArgumentException(
              at(ti != null ? p + t.reportName() + ".input" : p + t.reportName() + ".output")
                  + ": keys '"
                  + p
                  + t.reportName()
                  + ".input' and '.output' must be given together");
        }
        double[] tierOutput = new double[1];
        scalar(p + t.reportName() + ".output", v -> tierOutput[0] = price(v));
        scalar(
            p + t.reportName() + ".input",
            v -> prices[0] = prices[0].withTier(t, price(v), tierOutput[0]));
      }
      return prices[0];
    }

    /** Reads the prior keys under a prefix, or returns null if there are none. */
    private LatencyPrior prior(String p, Tier tier) {
      String ttft = take(p + "ttft");
      String rate = take(p + "tokens-per-second");
      String perToken = take(p + "per-token");
      String throttle = take(p + "throttle-probability");
      String delay = take(p + "throttle-delay");
      if (ttft == null && rate == null && perToken == null && throttle == null && delay == null) {
        return null;
      }
      if (rate != null && perToken != null) {
        throw new IllegalArgumentException(
            at(p + "per-token")
                + ": keys '"
                + p
                + "tokens-per-second' and '"
                + p
                + "per-token' exclude each other");
      }
      LatencyPrior d = LatencyPrior.defaultFor(tier);
      Duration[] t = {d.ttftP50(), d.ttftP90(), d.ttftP99()};
      Duration[] o = {d.perTokenP50(), d.perTokenP90(), d.perTokenP99()};
      double[] th = {d.throttleProbability()};
      Duration[] dl = {d.throttleDelay()};
      double[] tokensPerSecond = {Double.NaN};
      optional(p + "ttft", v -> System.arraycopy(durations(v, 3), 0, t, 0, 3));
      optional(p + "per-token", v -> System.arraycopy(durations(v, 3), 0, o, 0, 3));
      optional(p + "tokens-per-second", v -> tokensPerSecond[0] = number(v));
      optional(p + "throttle-probability", v -> th[0] = number(v));
      optional(p + "throttle-delay", v -> dl[0] = Durations.parse(v));
      try {
        return Double.isNaN(tokensPerSecond[0])
            ? LatencyPrior.of(t[0], t[1], t[2], o[0], o[1], o[2], th[0], dl[0])
            : LatencyPrior.of(t[0], t[1], t[2], tokensPerSecond[0], th[0], dl[0]);
      } catch (RuntimeException e) {
        String key =
            ttft != null ? p + "ttft" : rate != null ? p + "tokens-per-second" : p + "per-token";
        throw new IllegalArgumentException(at(key) + ": prior '" + p + "*': " + e.getMessage(), e);
      }
    }

    private List<String> names(String list, String key) {
      List<String> out = new ArrayList<>();
      for (String s : split(list)) {
        String n = s.trim();
        if (n.isEmpty() || n.contains(".") || out.contains(n)) {
          throw new IllegalArgumentException(
              at(key)
                  + ": key '"
                  + key
                  + "': invalid value '"
                  + list
                  + "': names must be distinct, non-empty and without '.'");
        }
        out.add(n);
      }
      return out;
    }
  }

  static long[] longs(String value, int n) {
    String[] parts = split(value);
    if (parts.length != n) {
      throw new IllegalArgumentException("expected " + n + " comma-separated integers");
    }
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = Long.parseLong(parts[i].trim());
    }
    return out;
  }

  static double[] doubles(String value, int n) {
    String[] parts = split(value);
    if (parts.length != n) {
      throw new IllegalArgumentException("expected " + n + " comma-separated numbers");
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = number(parts[i].trim());
    }
    return out;
  }

  static Duration[] durations(String value, int n) {
    String[] parts = split(value);
    if (parts.length != n) {
      throw new IllegalArgumentException("expected " + n + " comma-separated durations");
    }
    Duration[] out = new Duration[n];
    for (int i = 0; i < n; i++) {
      out[i] = Durations.parse(parts[i]);
    }
    return out;
  }
}
