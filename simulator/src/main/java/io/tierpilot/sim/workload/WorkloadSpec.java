package io.tierpilot.sim.workload;

import io.tierpilot.core.Durations;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A workload named by one line of text, as on the command line: a trace file with its format, or a
 * generator with its parameters. Parsing validates everything that does not need the files; {@link
 * #open} reads them. Immutable and thread-safe; each {@link Workload} it opens is single-threaded.
 *
 * <p>The forms (details and defaults in {@code docs/workloads.md}):
 *
 * <ul>
 *   <li>{@code azure:PATH}, {@code mooncake:PATH}, {@code burstgpt:PATH}, {@code
 *       bedrock-logs:PATH}, {@code native:PATH}: a trace file, gzipped if its name ends with {@code
 *       .gz}. The path is everything after the first colon (without surrounding spaces), relative
 *       to the working directory.
 *   <li>{@code poisson:rate=R,requests=N[,input=DIST][,output=DIST][,model=ID]}: Poisson arrivals
 *       at {@code R} per second, exactly {@code N} requests; {@code DIST} is {@code N}, {@code
 *       uniform:A:B}, {@code exp:MEAN} or {@code lognormal:MEDIAN:P99} (defaults {@code
 *       lognormal:1000:8000} for input, {@code lognormal:200:1500} for output).
 *   <li>{@code servegen:DIR[,start=DURATION][,duration=DURATION][,requests=N][,rate-scale=X]
 *       [,model=ID]}, or with {@code trace=FILE,dataset=FILE} instead of {@code DIR}: arrivals and
 *       lengths generated from a ServeGen client's {@code *-trace.csv} and {@code *-dataset.json}
 *       (exactly one of each in {@code DIR}). Durations as {@link Durations#parse}, for example
 *       {@code 250ms}, {@code 10s}, {@code 30m}, {@code 1h}.
 * </ul>
 *
 * <pre>{@code
 * WorkloadSpec spec = WorkloadSpec.parse("azure:traces/AzureLLMInferenceTrace_conv.csv");
 * try (Workload w = spec.open(WorkloadOptions.defaults())) {
 *   for (TraceRequest r = w.next(); r != null; r = w.next()) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Opening a spec twice with equal options yields the same requests: generators are seeded from
 * {@link WorkloadOptions#seed()}.
 */
public final class WorkloadSpec {
  private static final List<String> FORMATS =
      List.of("azure", "mooncake", "burstgpt", "bedrock-logs", "native", "poisson", "servegen");

  private static final String FORMS =
      "azure:PATH, mooncake:PATH, burstgpt:PATH, bedrock-logs:PATH, native:PATH,"
          + " poisson:rate=R,requests=N[,input=DIST][,output=DIST][,model=ID],"
          + " servegen:DIR[,start=DURATION][,duration=DURATION][,requests=N][,rate-scale=X]"
          + "[,model=ID]";

  private static final Set<String> POISSON_PARAMS =
      Set.of("rate", "requests", "input", "output", "model");
  private static final Set<String> SERVEGEN_PARAMS =
      Set.of("trace", "dataset", "start", "duration", "requests", "rate-scale", "model");

  /** Opens the workload of a parsed spec. */
  @FunctionalInterface
  private interface Opener {
    Workload open(WorkloadOptions options) throws IOException;
  }

  private final String text;
  private final Opener opener;

  private WorkloadSpec(String text, Opener opener) {
    this.text = text;
    this.opener = opener;
  }

  /**
   * Parses and validates a spec.
   *
   * @param text the spec, for example {@code azure:conv.csv} or {@code
   *     poisson:rate=5,requests=1000}; surrounding spaces are ignored; not null
   * @return the spec
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if the format is unknown, the path is missing, or a parameter
   *     is unknown, repeated, missing or out of range; the message quotes the spec, states the
   *     problem and lists the valid forms
   */
  public static WorkloadSpec parse(String text) {
    Objects.requireNonNull(text, "text");
    String spec = text.trim();
    int colon = spec.indexOf(':');
    if (colon < 0) {
      throw invalid(spec, "expected FORMAT:PATH or GENERATOR:PARAMETERS");
    }
    String format = spec.substring(0, colon);
    String rest = spec.substring(colon + 1);
    switch (format) {
      case "azure":
      case "mooncake":
      case "burstgpt":
      case "bedrock-logs":
      case "native":
        if (rest.isBlank()) {
          throw invalid(spec, "missing path after '" + format + ":'");
        }
        return new WorkloadSpec(spec, fileOpener(format, rest.trim()));
      case "poisson":
        return new WorkloadSpec(spec, poisson(spec, rest));
      case "servegen":
        return new WorkloadSpec(spec, servegen(spec, rest));
      default:
        throw invalid(spec, "unknown format '" + format + "'");
    }
  }

  /** Returns the format names a spec can start with, for help texts. */
  public static List<String> formats() {
    return FORMATS;
  }

  /**
   * Opens the workload. Every call returns a new, independent workload; with equal options they
   * yield equal requests.
   *
   * @param options skip-invalid and seed; not null
   * @return the workload, which the caller closes
   * @throws java.nio.file.NoSuchFileException if a file does not exist (the message is its path)
   * @throws TraceFormatException if a trace's header is missing or incomplete, or ServeGen data is
   *     malformed
   * @throws IllegalArgumentException if a ServeGen {@code start} lies beyond the data
   * @throws IOException if a file cannot be read, or a ServeGen directory does not hold exactly one
   *     trace and one dataset file
   */
  public Workload open(WorkloadOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    return opener.open(options);
  }

  /** Returns the spec's text, without surrounding spaces. */
  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkloadSpec && ((WorkloadSpec) o).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** Returns {@link #text()}. */
  @Override
  public String toString() {
    return text;
  }

  private static Opener fileOpener(String format, String path) {
    switch (format) {
      case "azure":
        return options -> AzureTraceReader.open(path, options);
      case "mooncake":
        return options -> MooncakeTraceReader.open(path, options);
      case "burstgpt":
        return options -> BurstGptTraceReader.open(path, options);
      case "bedrock-logs":
        return options ->
            BedrockLogReader.open(path, options, TraceReader.DEFAULT_REORDER_CAPACITY);
      case "native":
        return options ->
            NativeTraceReader.open(path, options, TraceReader.DEFAULT_REORDER_CAPACITY);
      default:
        throw new AssertionError(format);
    }
  }

  private static Opener poisson(String spec, String rest) {
    Map<String, String> params = params(spec, rest, POISSON_PARAMS, false).params;
    double rate = positive(spec, params, "rate", true);
    long requests = count(spec, params, "requests", true);
    TokenDistribution input =
        distribution(spec, params.getOrDefault("input", PoissonWorkload.DEFAULT_INPUT), "input");
    TokenDistribution output =
        distribution(spec, params.getOrDefault("output", PoissonWorkload.DEFAULT_OUTPUT), "output");
    String model = params.get("model");
    return options ->
        new PoissonWorkload(spec, rate, requests, input, output, model, options.seed());
  }

  private static Opener servegen(String spec, String rest) {
    Parsed parsed = params(spec, rest, SERVEGEN_PARAMS, true);
    Map<String, String> params = parsed.params;
    String dir = parsed.positional;
    String trace = params.get("trace");
    String dataset = params.get("dataset");
    if (dir != null && (trace != null || dataset != null)) {
      throw invalid(spec, "give either DIR or trace=FILE,dataset=FILE, not both");
    }
    if (dir == null && (trace == null || dataset == null)) {
      throw invalid(
          spec,
          trace == null && dataset == null
              ? "missing DIR (or trace=FILE,dataset=FILE)"
              : "missing parameter '" + (trace == null ? "trace" : "dataset") + "'");
    }
    long startNanos = duration(spec, params, "start", 0);
    long durationNanos = duration(spec, params, "duration", -1);
    if (durationNanos == 0) {
      throw invalid(spec, "parameter 'duration': must be positive, got '0'");
    }
    long requests = count(spec, params, "requests", false);
    double rateScale =
        params.containsKey("rate-scale") ? positive(spec, params, "rate-scale", true) : 1;
    String model = params.get("model");
    StringBuilder description = new StringBuilder("servegen:");
    description.append(TraceFiles.fileName(Path.of(dir != null ? dir : trace)));
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (!e.getKey().equals("trace") && !e.getKey().equals("dataset")) {
        description.append(',').append(e.getKey()).append('=').append(e.getValue());
      }
    }
    String shown = description.toString();
    return options -> {
      Path tracePath;
      Path datasetPath;
      if (dir != null) {
        Path directory = Path.of(dir);
        tracePath = findOne(directory, "-trace.csv");
        datasetPath = findOne(directory, "-dataset.json");
      } else {
        tracePath = Path.of(trace);
        datasetPath = Path.of(dataset);
      }
      ServeGenData data = ServeGenData.load(tracePath, datasetPath);
      return new ServeGenWorkload(
          shown, data, startNanos, durationNanos, requests, rateScale, model, options.seed());
    };
  }

  /** Finds the one file in a directory whose name ends with the suffix, or the suffix and .gz. */
  private static Path findOne(Path directory, String suffix) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path p : entries) {
        String name = TraceFiles.fileName(p);
        if ((name.endsWith(suffix) || name.endsWith(suffix + ".gz")) && Files.isRegularFile(p)) {
          found.add(p);
        }
      }
    }
    if (found.size() != 1) {
      List<String> names = new ArrayList<>();
      for (Path p : found) {
        names.add(TraceFiles.fileName(p));
      }
      names.sort(null);
      throw new IOException(
          "servegen: expected exactly one *"
              + suffix
              + " file in "
              + directory
              + ", found "
              + found.size()
              + (names.isEmpty() ? "" : ": " + String.join(", ", names)));
    }
    return found.get(0);
  }

  /** Parameters and the optional leading positional element. */
  private static final class Parsed {
    final String positional;
    final Map<String, String> params;

    Parsed(String positional, Map<String, String> params) {
      this.positional = positional;
      this.params = params;
    }
  }

  private static Parsed params(String spec, String rest, Set<String> known, boolean positional) {
    Map<String, String> params = new LinkedHashMap<>();
    String first = null;
    if (rest.isBlank()) {
      return new Parsed(null, params);
    }
    String[] parts = rest.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      if (part.isEmpty()) {
        throw invalid(spec, "empty parameter (two commas, or a comma at the end)");
      }
      int eq = part.indexOf('=');
      if (eq < 0) {
        if (positional && i == 0) {
          first = part;
          continue;
        }
        throw invalid(spec, "parameter '" + part + "' has no value (expected NAME=VALUE)");
      }
      String name = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = part.substring(eq + 1).trim();
      if (!known.contains(name)) {
        List<String> names = new ArrayList<>(known);
        names.sort(null);
        throw invalid(
            spec, "unknown parameter '" + name + "' (valid: " + String.join(", ", names) + ")");
      }
      if (value.isEmpty()) {
        throw invalid(spec, "parameter '" + name + "' has an empty value");
      }
      if (params.put(name, value) != null) {
        throw invalid(spec, "parameter '" + name + "' given twice");
      }
    }
    return new Parsed(first, params);
  }

  private static double positive(
      String spec, Map<String, String> params, String name, boolean required) {
    String value = params.get(name);
    if (value == null) {
      if (required) {
        throw invalid(spec, "missing parameter '" + name + "'");
      }
      return -1;
    }
    double v;
    try {
      v = new BigDecimal(value).doubleValue();
    } catch (NumberFormatException e) {
      throw invalid(spec, "parameter '" + name + "': not a number: '" + value + "'");
    }
    if (!(v > 0) || Double.isInfinite(v)) {
      throw invalid(spec, "parameter '" + name + "': not a positive number: '" + value + "'");
    }
    return v;
  }

  private static long count(
      String spec, Map<String, String> params, String name, boolean required) {
    String value = params.get(name);
    if (value == null) {
      if (required) {
        throw invalid(spec, "missing parameter '" + name + "'");
      }
      return -1;
    }
    long v;
    try {
      v = Long.parseLong(value);
    } catch (NumberFormatException e) {
      v = -1;
    }
    if (v < 1) {
      throw invalid(spec, "parameter '" + name + "': not a positive integer: '" + value + "'");
    }
    return v;
  }

  private static long duration(
      String spec, Map<String, String> params, String name, long defaultNanos) {
    String value = params.get(name);
    if (value == null) {
      return defaultNanos;
    }
    try {
      return Durations.parse(value).toNanos();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw invalid(spec, "parameter '" + name + "': " + e.getMessage());
    }
  }

  private static TokenDistribution distribution(String spec, String value, String name) {
    try {
      return TokenDistribution.parse(value);
    } catch (IllegalArgumentException e) {
      throw invalid(spec, "parameter '" + name + "': " + e.getMessage());
    }
  }

  private static IllegalArgumentException invalid(String spec, String problem) {
    return new IllegalArgumentException(
        "invalid workload spec '" + spec + "': " + problem + "; valid forms: " + FORMS);
  }
}
