package io.tierpilot.sim.provider;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.tierpilot.core.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The virtual Bedrock: every assumption the simulator makes about how the provider serves tiers, in
 * one documented, configurable place. Read from a JSON file ({@code --provider FILE}), from a
 * preset ({@code --provider bedrock}), or from a pure queueing spec ({@code --provider
 * mmc:servers=C,service=exp:MEAN}). Field names are snake_case in JSON; see {@code
 * docs/provider-model.md} for each field's meaning and the sources of the preset's numbers.
 */
public final class ProviderSpec {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** The preset's name. */
  public String name = "custom";

  /** One paragraph on what the world looks like. */
  public String description = "";

  /** The model behaviour for any model not listed in {@link #models}. */
  public ModelSpec defaults = new ModelSpec();

  /** Per model id, a complete behaviour that replaces {@link #defaults} for that model. */
  public Map<String, ModelSpec> models = new LinkedHashMap<>();

  /** The account's on-demand quota, per model, shared by all tiers. */
  public QuotaSpec quota = new QuotaSpec();

  /** Step changes in the provider's behaviour (for adaptation experiments). */
  public List<StepSpec> steps = new ArrayList<>();

  /** Where each number comes from, for the report. */
  public List<SourceNote> sources = new ArrayList<>();

  /** True for the pure queueing preset: no background, no throttling, no quota, no noise. */
  public boolean pureQueueing;

  /** Mean exponential service time of the pure queueing preset, in seconds. */
  public double pureServiceMeanSeconds;

  /** One model's serving fleet and its other users. */
  public static final class ModelSpec {
    /** Generation streams the model's shared fleet serves at once (our account and others'). */
    public int servers = 240;

    /** Time to first token of a call that starts at once, before prefill, in milliseconds. */
    public double ttftBaseMs = 250;

    /** Prefill speed: input tokens processed per second. */
    public double prefillTokensPerSecond = 10_000;

    /** Standard's output tokens per second per stream. */
    public double outputTokensPerSecond = 100;

    /** Priority's output speed as a multiple of Standard's ("up to 25% better"). */
    public double priorityRateFactor = 1.25;

    /** Flex's output speed as a multiple of Standard's. */
    public double flexRateFactor = 1.0;

    /** Sigma of the log-normal multiplicative noise on each call's service time. */
    public double serviceNoiseSigma = 0.25;

    /** Other customers' traffic on the same fleet. */
    public BackgroundSpec background = new BackgroundSpec();

    /** When Flex is throttled. */
    public FlexSpec flex = new FlexSpec();

    /**
     * Per requested tier ({@code priority}, {@code standard}), the probability that the next lower
     * tier serves the call instead (billed at the served tier).
     */
    public Map<String, Double> downgradeProbability = new LinkedHashMap<>();
  }

  /** Background traffic: a Poisson process with a daily cycle and bursts. */
  public static final class BackgroundSpec {
    /** Mean arrival rate in requests per second (0: none). */
    public double ratePerSecond = 55;

    /** Relative amplitude of the daily cycle, in [0, 1). */
    public double dailyAmplitude = 0.25;

    /** Hour of the day (UTC) at which the daily cycle peaks. */
    public double peakHourUtc = 18;

    /** Hour of the day (UTC) at which the workload's time 0 falls. */
    public double startHourUtc = 18;

    /** Mean number of bursts per hour. */
    public double burstsPerHour = 3;

    /** Length of a burst in seconds. */
    public double burstSeconds = 150;

    /** Rate multiplier during a burst. */
    public double burstMultiplier = 1.6;

    /** Share of background requests per tier ({@code priority}, {@code standard}, {@code flex}). */
    public Map<String, Double> tierMix =
        new LinkedHashMap<>(Map.of("priority", 0.1, "standard", 0.6, "flex", 0.3));

    /** Median input tokens of background requests. */
    public double inputTokensMedian = 1000;

    /** 99th percentile of input tokens of background requests. */
    public double inputTokensP99 = 8000;

    /** Median output tokens of background requests. */
    public double outputTokensMedian = 200;

    /** 99th percentile of output tokens of background requests. */
    public double outputTokensP99 = 1500;
  }

  /** Flex throttling: a 429 that costs nothing but takes time, instead of waiting forever. */
  public static final class FlexSpec {
    /**
     * Requests waiting (all tiers) at which an arriving Flex call starts to be throttled; the
     * probability rises linearly to 1 at {@link #throttleQueueFull}.
     */
    public int throttleQueueStart = 5;

    /** Requests waiting at which every arriving Flex call is throttled. */
    public int throttleQueueFull = 60;

    /** A Flex call still waiting after this many seconds is throttled. */
    public double maxWaitSeconds = 30;

    /** How long a throttle response takes to arrive, in milliseconds. */
    public double throttleDelayMs = 150;
  }

  /** The account's on-demand quota per model (0 = unlimited). */
  public static final class QuotaSpec {
    /** Input plus output tokens per minute. */
    public double tokensPerMinute = 0;

    /** Requests per minute. */
    public double requestsPerMinute = 0;

    /** How long a quota throttle response takes to arrive, in milliseconds. */
    public double throttleDelayMs = 50;
  }

  /** From {@code at} on, a tier serves slower and throttles more. */
  public static final class StepSpec {
    /** When the change happens: a duration from the workload's start, e.g. {@code 20m}. */
    public String at = "0s";

    /** The tier that changes: {@code flex}, {@code standard} or {@code priority}. */
    public String tier = "flex";

    /** Service time multiple. */
    public double slowdown = 1;

    /** Extra probability that a call on the tier is throttled. */
    public double throttleProbability = 0;

    /** Returns {@link #at} in nanoseconds. */
    public long atNanos() {
      return Durations.parse(at).toNanos();
    }
  }

  /** A documented number: what it is, its value and its source. */
  public static final class SourceNote {
    public String name = "";
    public String value = "";
    public String source = "";
  }

  /** Returns the behaviour of a model. */
  public ModelSpec model(String modelId) {
    ModelSpec m = models.get(modelId);
    return m != null ? m : defaults;
  }

  /**
   * Loads a provider: a preset name ({@code bedrock}), an {@code mmc:} spec, or a JSON file.
   *
   * @param text the --provider value
   * @return the validated spec
   * @throws IllegalArgumentException naming the problem (unknown preset, bad field and value)
   * @throws UncheckedIOException if the file cannot be read
   */
  public static ProviderSpec load(String text) {
    if (text.startsWith("mmc:")) {
      return mmc(text);
    }
    InputStream preset = ProviderSpec.class.getResourceAsStream("/presets/" + text + ".json");
    if (preset != null) {
      try (InputStream in = preset) {
        return parse(in, "preset " + text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Path file = Path.of(text);
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, text);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "provider '" + text + "' is neither a preset (bedrock), an mmc: spec, nor a file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read provider file " + text, e);
    }
  }

  private static ProviderSpec parse(InputStream in, String source) throws IOException {
    ProviderSpec spec;
    try {
      spec = JSON.readValue(in, ProviderSpec.class);
    } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
      // name the field by its path in the file and list the known ones, not the Java class
      List<String> known = new ArrayList<>();
      if (e.getKnownPropertyIds() != null) {
        for (Object id : e.getKnownPropertyIds()) {
          known.add(String.valueOf(id));
        }
      }
      java.util.Collections.sort(known);
      throw new IllegalArgumentException(
          source
              + ": unknown field '"
              + path(e)
              + "'"
              + location(e)
              + "; known fields there: "
              + String.join(", ", known),
          e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": " + e.getOriginalMessage() + location(e), e);
    }
    spec.validate(source);
    return spec;
  }

  /** The JSON path of a field, for example {@code models.my-model.background.rate}. */
  private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : e.getPath()) {
      if (b.length() > 0) {
        b.append('.');
      }
      b.append(r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]");
    }
    return b.toString();
  }

  private static String location(com.fasterxml.jackson.core.JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  /**
   * Parses {@code mmc:servers=C,service=exp:MEAN}: C identical servers, exponential service time
   * with the given mean whatever the tokens, no background, no throttling, no quota, priority by
   * tier.
   */
  static ProviderSpec mmc(String text) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String part : text.substring(4).split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "provider '" + text + "': expected key=value, got '" + part + "'");
      }
      params.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    String servers = params.remove("servers");
    String service = params.remove("service");
    if (servers == null || service == null || !params.isEmpty()) {
      throw new IllegalArgumentException(
          "provider '"
              + text
              + "': expected mmc:servers=C,service=exp:MEAN (MEAN a duration such as 1s)");
    }
    if (!service.startsWith("exp:")) {
      throw new IllegalArgumentException(
          "provider '" + text + "': service must be exp:MEAN, was '" + service + "'");
    }
    ProviderSpec s = new ProviderSpec();
    s.name = "mmc";
    s.pureQueueing = true;
    try {
      s.defaults.servers = Integer.parseInt(servers);
      s.pureServiceMeanSeconds = Durations.parse(service.substring(4)).toNanos() / 1e9;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("provider '" + text + "': " + e.getMessage(), e);
    }
    s.description =
        String.format(
            Locale.ROOT,
            "M/M/%d: %d identical servers, exponential service time with mean %s s, no background"
                + " traffic, no throttling, no quota, non-preemptive priority by tier",
            s.defaults.servers,
            s.defaults.servers,
            s.pureServiceMeanSeconds);
    s.defaults.background.ratePerSecond = 0;
    s.defaults.flex.throttleQueueStart = Integer.MAX_VALUE;
    s.defaults.flex.throttleQueueFull = Integer.MAX_VALUE;
    s.defaults.flex.maxWaitSeconds = Double.POSITIVE_INFINITY;
    s.defaults.serviceNoiseSigma = 0;
    s.validate(text);
    return s;
  }

  /** Checks every field again after a change; the message names the source of the change. */
  public void revalidate(String source) {
    validate(source);
  }

  /** Checks every field; the message names the source, the field and the value. */
  void validate(String source) {
    check(source, "defaults", defaults);
    for (Map.Entry<String, ModelSpec> e : models.entrySet()) {
      check(source, "models." + e.getKey(), e.getValue());
    }
    nonNegative(source, "quota.tokens_per_minute", quota.tokensPerMinute);
    nonNegative(source, "quota.requests_per_minute", quota.requestsPerMinute);
    nonNegative(source, "quota.throttle_delay_ms", quota.throttleDelayMs);
    if (pureQueueing && !(pureServiceMeanSeconds > 0)) {
      throw new IllegalArgumentException(
          source + ": service mean must be positive, was " + pureServiceMeanSeconds);
    }
    for (int i = 0; i < steps.size(); i++) {
      StepSpec st = steps.get(i);
      String p = "steps[" + i + "].";
      try {
        st.atNanos();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": " + p + "at: " + e.getMessage(), e);
      }
      tier(source, p + "tier", st.tier);
      positive(source, p + "slowdown", st.slowdown);
      probability(source, p + "throttle_probability", st.throttleProbability);
    }
  }

  private static void check(String source, String p, ModelSpec m) {
    if (m.servers < 1) {
      throw new IllegalArgumentException(
          source + ": " + p + ".servers must be >= 1, was " + m.servers);
    }
    nonNegative(source, p + ".ttft_base_ms", m.ttftBaseMs);
    positive(source, p + ".prefill_tokens_per_second", m.prefillTokensPerSecond);
    positive(source, p + ".output_tokens_per_second", m.outputTokensPerSecond);
    positive(source, p + ".priority_rate_factor", m.priorityRateFactor);
    positive(source, p + ".flex_rate_factor", m.flexRateFactor);
    nonNegative(source, p + ".service_noise_sigma", m.serviceNoiseSigma);
    BackgroundSpec b = m.background;
    nonNegative(source, p + ".background.rate_per_second", b.ratePerSecond);
    if (!(b.dailyAmplitude >= 0 && b.dailyAmplitude < 1)) {
      throw new IllegalArgumentException(
          source
              + ": "
              + p
              + ".background.daily_amplitude must be in [0, 1), was "
              + b.dailyAmplitude);
    }
    nonNegative(source, p + ".background.bursts_per_hour", b.burstsPerHour);
    nonNegative(source, p + ".background.burst_seconds", b.burstSeconds);
    positive(source, p + ".background.burst_multiplier", b.burstMultiplier);
    positive(source, p + ".background.input_tokens_median", b.inputTokensMedian);
    positive(source, p + ".background.output_tokens_median", b.outputTokensMedian);
    if (b.inputTokensP99 < b.inputTokensMedian || b.outputTokensP99 < b.outputTokensMedian) {
      throw new IllegalArgumentException(source + ": " + p + ".background: a p99 below its median");
    }
    double mix = 0;
    for (Map.Entry<String, Double> e : b.tierMix.entrySet()) {
      tier(source, p + ".background.tier_mix key", e.getKey());
      probability(source, p + ".background.tier_mix." + e.getKey(), e.getValue());
      mix += e.getValue();
    }
    if (b.ratePerSecond > 0 && Math.abs(mix - 1) > 1e-6) {
      throw new IllegalArgumentException(
          source + ": " + p + ".background.tier_mix must sum to 1, sums to " + mix);
    }
    FlexSpec f = m.flex;
    if (f.throttleQueueStart < 0
        || f.throttleQueueFull <= f.throttleQueueStart
            && f.throttleQueueFull != Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          source
              + ": "
              + p
              + ".flex: need 0 <= throttle_queue_start < throttle_queue_full, were "
              + f.throttleQueueStart
              + ", "
              + f.throttleQueueFull);
    }
    positive(source, p + ".flex.max_wait_seconds", f.maxWaitSeconds);
    nonNegative(source, p + ".flex.throttle_delay_ms", f.throttleDelayMs);
    for (Map.Entry<String, Double> e : m.downgradeProbability.entrySet()) {
      tier(source, p + ".downgrade_probability key", e.getKey());
      probability(source, p + ".downgrade_probability." + e.getKey(), e.getValue());
    }
  }

  private static void tier(String source, String field, String value) {
    if (!List.of("flex", "standard", "default", "priority").contains(value)) {
      throw new IllegalArgumentException(
          source
              + ": "
              + field
              + " must be flex, standard (or default) or priority, was '"
              + value
              + "'");
    }
  }

  private static void positive(String source, String field, double v) {
    if (!(v > 0)) {
      throw new IllegalArgumentException(source + ": " + field + " must be > 0, was " + v);
    }
  }

  private static void nonNegative(String source, String field, double v) {
    if (!(v >= 0)) {
      throw new IllegalArgumentException(source + ": " + field + " must be >= 0, was " + v);
    }
  }

  private static void probability(String source, String field, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(source + ": " + field + " must be in [0, 1], was " + v);
    }
  }
}
