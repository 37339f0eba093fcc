package io.tierpilot.bedrock.probe;

import io.tierpilot.core.Durations;
import io.tierpilot.core.Tier;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;

/** {@code probe}: sends small requests to each tier of a model and reports what it measured. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
      "Sends N small requests per service tier to one Bedrock model (interleaved across tiers,"
          + " one at a time) and prints per-tier time to first token, latency, output rate,"
          + " throttles and served-tier mismatches.",
      "With --out, writes the measurements as JSON, which ProbePriors.load turns into the"
          + " scheduler's latency priors.",
      "Credentials come from the AWS SDK's default chain; against a localhost --endpoint, static"
          + " dummy credentials are used. Nothing secret is printed."
    })
final class ProbeCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "ID",
      description = "Model id, inference profile id or ARN, e.g. openai.gpt-oss-120b-1:0.")
  String model;

  @Option(
      names = "--region",
      paramLabel = "R",
      description =
          "AWS region. Default: the SDK's region chain (us-east-1 for a localhost endpoint).")
  String region;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = "Endpoint override, e.g. a LocalBedrockServer's http://127.0.0.1:PORT.")
  URI endpoint;

  @Option(
      names = "--api",
      paramLabel = "API",
      description =
          "converse, converse-stream, invoke or invoke-stream. Only the streaming APIs measure the"
              + " time to first token. Default: ${DEFAULT-VALUE}.")
  String api = ProbeRun.CONVERSE_STREAM;

  @Option(
      names = "--tiers",
      paramLabel = "T1,T2",
      split = ",",
      description =
          "Tiers to probe (priority, default or standard, flex, reserved). Default: priority,default,flex.")
  List<String> tiers = new ArrayList<>(List.of("priority", "default", "flex"));

  @Option(
      names = "--requests",
      paramLabel = "N",
      description = "Requests per tier. Default: ${DEFAULT-VALUE}.")
  int requests = 10;

  @Option(
      names = "--max-tokens",
      paramLabel = "N",
      description = "Output cap of each request. Default: ${DEFAULT-VALUE}.")
  int maxTokens = 64;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "Deadline of each request, e.g. 30s. Default: ${DEFAULT-VALUE}.")
  String timeout = "60s";

  @Option(
      names = "--prompt",
      paramLabel = "TEXT",
      description = "The prompt. Default: a short counting task.")
  String prompt = ProbeRun.DEFAULT_PROMPT;

  @Option(
      names = "--body",
      paramLabel = "FILE",
      description =
          "For invoke and invoke-stream: the model-native JSON body to send (default: built for"
              + " the model's provider from --prompt and --max-tokens).")
  Path body;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the measurements as JSON.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (requests < 1) {
      throw new IllegalArgumentException("--requests must be >= 1, was " + requests);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("--max-tokens must be >= 1, was " + maxTokens);
    }
    if (!ProbeRun.APIS.contains(api)) {
      throw new IllegalArgumentException(
          "--api must be one of " + String.join(", ", ProbeRun.APIS) + ", was '" + api + "'");
    }
    Duration deadline = Durations.parse(timeout);
    if (deadline.isZero()) {
      throw new IllegalArgumentException("--timeout must be positive, was '" + timeout + "'");
    }
    Set<Tier> probed = new LinkedHashSet<>();
    for (String t : tiers) {
      probed.add(Tier.fromWireValue(t));
    }
    String bodyTemplate = body == null ? null : Files.readString(body, StandardCharsets.UTF_8);
    PrintStream console = System.out;
    console.printf(
        Locale.ROOT,
        "Probing %s with %d %s requests per tier on %s%s%n",
        model,
        requests,
        api,
        tierList(probed),
        endpoint == null ? "" : " at " + safe(endpoint));
    ProbeReport report;
    BedrockRuntimeAsyncClient client;
    try {
      client = client();
    } catch (SdkClientException e) {
      throw new IllegalStateException(
          "the AWS SDK could not be set up (" + e.getMessage() + "); pass --region", e);
    }
    try {
      report =
          new ProbeRun(client, model, api, maxTokens, deadline, prompt, bodyTemplate)
              .run(probed, requests, console);
    } finally {
      // closing waits for the HTTP client's quiet period (about 2 s): not worth waiting for
      Thread closer = new Thread(client::close, "probe-sdk-close");
      closer.setDaemon(true);
      closer.start();
    }
    report.print(console);
    if (out != null) {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, report.toJson(), StandardCharsets.UTF_8);
      console.println("Wrote " + out);
    }
    return report.anySuccess() ? 0 : 1;
  }

  private BedrockRuntimeAsyncClient client() throws UnknownHostException {
    BedrockRuntimeAsyncClientBuilder b = BedrockRuntimeAsyncClient.builder();
    boolean local = false;
    if (endpoint != null) {
      if (endpoint.getScheme() == null || endpoint.getHost() == null) {
        throw new IllegalArgumentException(
            "--endpoint must be a URL such as http://127.0.0.1:8080, was '" + safe(endpoint) + "'");
      }
      b.endpointOverride(endpoint);
      local = isLocal(endpoint.getHost());
      if (local) {
        b.credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDLOCALPROBE", "local-probe-not-a-secret")));
      }
      if ("http".equalsIgnoreCase(endpoint.getScheme())) {
        // plain HTTP cannot negotiate HTTP/2, the SDK's default for Bedrock
        b.httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1));
      }
    }
    if (region != null) {
      b.region(Region.of(region));
    } else if (local) {
      b.region(Region.US_EAST_1);
    }
    return b.build();
  }

  private static boolean isLocal(String host) throws UnknownHostException {
    if ("localhost".equalsIgnoreCase(host)) {
      return true;
    }
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // a name other than localhost: never resolved here, never treated as local
    }
    return InetAddress.getByName(h).isLoopbackAddress();
  }

  /** The endpoint without user information, for printing. */
  private static String safe(URI uri) {
    return uri.getUserInfo() == null
        ? uri.toString()
        : uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  private static String tierList(Set<Tier> tiers) {
    List<String> names = new ArrayList<>();
    for (Tier t : tiers) {
      names.add(t.reportName());
    }
    return String.join(", ", names);
  }
}
