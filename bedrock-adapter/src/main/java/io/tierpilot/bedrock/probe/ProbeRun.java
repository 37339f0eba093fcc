package io.tierpilot.bedrock.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tierpilot.bedrock.Slo;
import io.tierpilot.bedrock.TieredBedrockAsyncClient;
import io.tierpilot.bedrock.TieredResponse;
import io.tierpilot.core.ModelConfig;
import io.tierpilot.core.SloClass;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierPrices;
import io.tierpilot.core.TierScheduler;
import io.tierpilot.core.TierSchedulingException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/**
 * Sends the probe's requests through the tiered asynchronous client, one tier per scheduler (a
 * model configured with that tier only, one attempt per request, so every request goes to that tier
 * and a throttle is counted, not retried), one request at a time, interleaving the tiers so that a
 * change in the provider's load affects them alike.
 */
final class ProbeRun {
  static final String CONVERSE = "converse";
  static final String CONVERSE_STREAM = "converse-stream";
  static final String INVOKE = "invoke";
  static final String INVOKE_STREAM = "invoke-stream";
  static final List<String> APIS = List.of(CONVERSE, CONVERSE_STREAM, INVOKE, INVOKE_STREAM);
  static final String DEFAULT_PROMPT = "Count from one to twenty in words, separated by spaces.";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BedrockRuntimeAsyncClient client;
  private final String model;
  private final String api;
  private final int maxTokens;
  private final Duration deadline;
  private final String prompt;
  private final String bodyTemplate;

  ProbeRun(
      BedrockRuntimeAsyncClient client,
      String model,
      String api,
      int maxTokens,
      Duration deadline,
      String prompt,
      String bodyTemplate) {
    this.client = client;
    this.model = model;
    this.api = api;
    this.maxTokens = maxTokens;
    this.deadline = deadline;
    this.prompt = prompt;
    this.bodyTemplate = bodyTemplate;
  }

  ProbeReport run(Set<Tier> tiers, int requests, PrintStream console) {
    Map<Tier, TieredBedrockAsyncClient> clients = new EnumMap<>(Tier.class);
    Map<Tier, ProbeReport.TierStats> stats = new LinkedHashMap<>(); // in the order asked
    for (Tier t : tiers) {
      clients.put(t, tieredClient(t));
      stats.put(t, new ProbeReport.TierStats(t));
    }
    warmUp();
    for (int i = 0; i < requests; i++) {
      for (Tier t : tiers) {
        ProbeReport.TierStats s = stats.get(t);
        if (!s.stopped) {
          one(clients.get(t), s, console);
        }
      }
    }
    return new ProbeReport(model, api, requests, maxTokens, stats);
  }

  /**
   * Sends one uncounted request to Standard, so that the JVM's and the SDK's start-up and the first
   * connection are not measured. It goes through a tiered client like the measured ones, so that a
   * malformed request fails here, before anything is sent. Its outcome is otherwise ignored.
   *
   * @throws IllegalArgumentException if the request is invalid (nothing was sent)
   */
  private void warmUp() {
    TieredBedrockAsyncClient warm = tieredClient(Tier.STANDARD);
    CompletableFuture<? extends TieredResponse<?>> f = call(warm);
    try {
      f.get(deadline.toNanos() + TimeUnit.SECONDS.toNanos(10), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // a failed warm-up changes nothing: the measured requests report their own errors
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A tiered client whose scheduler sends every request to {@code tier}, in one attempt. */
  private TieredBedrockAsyncClient tieredClient(Tier tier) {
    TierScheduler scheduler =
        TierScheduler.newBuilder()
            .model(
                ModelConfig.newBuilder(model)
                    .prices(TierPrices.fromStandard(0, 0))
                    .tiers(tier)
                    .build())
            .sloClass(SloClass.newBuilder("probe").target(0.5).deadline(deadline).build())
            .maxAttempts(1)
            .explorationShare(0)
            .build();
    return TieredBedrockAsyncClient.newBuilder()
        .scheduler(scheduler)
        .client(client)
        .transientRetries(0)
        .build();
  }

  private InvokeModelRequest invokeRequest() {
    return InvokeModelRequest.builder()
        .modelId(model)
        .contentType("application/json")
        .accept("application/json")
        .body(SdkBytes.fromUtf8String(body()))
        .build();
  }

  private void one(TieredBedrockAsyncClient tiered, ProbeReport.TierStats s, PrintStream console) {
    long start = System.nanoTime();
    s.requests++;
    try {
      TieredResponse<?> r =
          call(tiered).get(deadline.toNanos() + TimeUnit.SECONDS.toNanos(10), TimeUnit.NANOSECONDS);
      s.ok(r);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      Throwable sdk = cause instanceof TierSchedulingException ? cause.getCause() : cause;
      double ms = (System.nanoTime() - start) / 1e6;
      if (isThrottle(sdk)) {
        s.throttled(ms);
      } else if (!tiered.scheduler().supportedTiers(model).contains(s.tier)) {
        s.unsupported++;
        s.stopped = true;
        console.printf(
            Locale.ROOT, "  %s: not supported for %s: %s%n", s.tier, model, message(sdk));
      } else {
        s.failed++;
        if (s.failed == 1) {
          console.printf(
              Locale.ROOT, "  %s: failed: %s%n", s.tier, message(sdk == null ? cause : sdk));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      s.failed++;
    }
  }

  private CompletableFuture<? extends TieredResponse<?>> call(TieredBedrockAsyncClient tiered) {
    Slo slo = Slo.defaults();
    switch (api) {
      case CONVERSE:
        return tiered.converse(converseRequest(), slo);
      case CONVERSE_STREAM:
        ConverseRequest c = converseRequest();
        return tiered.converseStream(
            ConverseStreamRequest.builder()
                .modelId(c.modelId())
                .messages(c.messages())
                .inferenceConfig(c.inferenceConfig())
                .build(),
            ConverseStreamResponseHandler.builder()
                .subscriber(ConverseStreamResponseHandler.Visitor.builder().build())
                .build(),
            slo);
      case INVOKE:
        return tiered.invokeModel(invokeRequest(), slo);
      case INVOKE_STREAM:
      default:
        InvokeModelRequest i = invokeRequest();
        return tiered.invokeModelWithResponseStream(
            InvokeModelWithResponseStreamRequest.builder()
                .modelId(i.modelId())
                .contentType(i.contentType())
                .accept(i.accept())
                .body(i.body())
                .build(),
            InvokeModelWithResponseStreamResponseHandler.builder()
                .subscriber(InvokeModelWithResponseStreamResponseHandler.Visitor.builder().build())
                .build(),
            slo);
    }
  }

  private ConverseRequest converseRequest() {
    return ConverseRequest.builder()
        .modelId(model)
        .messages(
            Message.builder()
                .role(ConversationRole.USER)
                .content(ContentBlock.fromText(prompt))
                .build())
        .inferenceConfig(c -> c.maxTokens(maxTokens))
        .build();
  }

  /** A model-native body for the model's provider, unless the user gave one. */
  String body() {
    if (bodyTemplate != null) {
      return bodyTemplate;
    }
    String m = model.toLowerCase(Locale.ROOT);
    ObjectNode b = JSON.createObjectNode();
    if (m.contains("amazon.nova")) {
      b.putArray("messages")
          .addObject()
          .put("role", "user")
          .putArray("content")
          .addObject()
          .put("text", prompt);
      b.putObject("inferenceConfig").put("maxTokens", maxTokens);
    } else if (m.contains("anthropic.")) {
      b.put("anthropic_version", "bedrock-2023-05-31");
      b.put("max_tokens", maxTokens);
      b.putArray("messages").addObject().put("role", "user").put("content", prompt);
    } else if (m.contains("meta.")) {
      b.put("prompt", prompt);
      b.put("max_gen_len", maxTokens);
    } else {
      // OpenAI chat completions: gpt-oss and most other providers on Bedrock accept it
      b.putArray("messages").addObject().put("role", "user").put("content", prompt);
      b.put("max_completion_tokens", maxTokens);
    }
    return b.toString();
  }

  private static boolean isThrottle(Throwable e) {
    if (e instanceof ThrottlingException
        || e instanceof ServiceUnavailableException
        || e instanceof ModelNotReadyException) {
      return true;
    }
    return e instanceof AwsServiceException
        && (((AwsServiceException) e).statusCode() == 429
            || ((AwsServiceException) e).statusCode() == 503);
  }

  private static String message(Throwable e) {
    if (e == null) {
      return "unknown error";
    }
    if (e instanceof AwsServiceException && ((AwsServiceException) e).awsErrorDetails() != null) {
      AwsServiceException a = (AwsServiceException) e;
      return a.awsErrorDetails().errorCode() + ": " + a.awsErrorDetails().errorMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
