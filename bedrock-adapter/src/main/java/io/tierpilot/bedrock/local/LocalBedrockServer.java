package io.tierpilot.bedrock.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tierpilot.core.Tier;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * A Bedrock-compatible HTTP endpoint in the same JVM, for integration tests: it speaks the four
 * runtime operations on the wire, so the real AWS SDK can be pointed at it with {@code
 * endpointOverride} and static credentials.
 *
 * <pre>{@code
 * try (LocalBedrockServer server = LocalBedrockServer.start();
 *     BedrockRuntimeClient bedrock = server.newClient()) {
 *   server.tier(Tier.FLEX).throttleNext(1);               // the next Flex call gets a 429
 *   server.tier(Tier.PRIORITY).unsupported(true);          // Priority: 400 ValidationException
 *   server.tier(Tier.STANDARD).ttft(Duration.ofMillis(40)); // Standard: 40 ms to first token
 *   ... call bedrock, or a TieredBedrockClient built on it ...
 *   assertEquals("flex", server.requests().get(0).requestedTier());
 * }
 * }</pre>
 *
 * <h2>What it speaks</h2>
 *
 * <ul>
 *   <li>{@code POST /model/{modelId}/converse} and {@code /converse-stream}: the tier is read from
 *       the JSON body's {@code serviceTier.type}; the answer is Converse JSON ({@code
 *       output.message}, {@code stopReason}, {@code usage}, {@code metrics.latencyMs}, {@code
 *       serviceTier.type}), or for the stream the events {@code messageStart}, {@code
 *       contentBlockDelta} (one per output token), {@code contentBlockStop}, {@code messageStop}
 *       and {@code metadata} (usage, metrics, service tier) in AWS event-stream framing.
 *   <li>{@code POST /model/{modelId}/invoke} and {@code /invoke-with-response-stream}: the tier is
 *       read from the {@code X-Amzn-Bedrock-Service-Tier} header and echoed (as served) in the same
 *       response header; the body is model-native by the model id's provider: {@code openai.*}
 *       OpenAI chat completion ({@code usage.prompt_tokens / completion_tokens}), {@code
 *       amazon.nova*} Nova ({@code usage.inputTokens / outputTokens}), {@code anthropic.*}
 *       Anthropic messages ({@code usage.input_tokens / output_tokens}), {@code meta.*} Llama
 *       ({@code prompt_token_count / generation_token_count}); any other provider gets {@code
 *       {"outputText": ...}} without usage. Streams send {@code chunk} events ({@code {"bytes":
 *       base64}}) whose last chunk carries the usage and {@code amazon-bedrock-invocationMetrics}.
 *   <li>Errors as Bedrock sends them: an HTTP status, the {@code x-amzn-ErrorType} header and a
 *       JSON {@code {"message": ...}} body. A tier value other than {@code priority}, {@code
 *       default}, {@code flex} or {@code reserved}, an empty {@code messages} list or an empty body
 *       is a 400 {@code ValidationException}.
 * </ul>
 *
 * <h2>Counting</h2>
 *
 * Input tokens are the whitespace-separated words of the request's text (not the adapter's
 * characters / 4 estimate, so that tests can tell reported usage from estimates). Output tokens are
 * {@link #outputTokens(int)} (default 16), capped by the request's {@code maxTokens} / {@code
 * max_tokens} / {@code max_completion_tokens} / {@code max_gen_len}.
 *
 * <h2>Failures to inject</h2>
 *
 * Per tier ({@link #tier(Tier)}, a {@link TierBehavior}): latency to the first token and per token,
 * throttles (the next N calls, or with a seeded probability; HTTP 429 {@code ThrottlingException},
 * 503 {@code ServiceUnavailableException} or 429 {@code ModelNotReadyException}), rejection as an
 * unsupported tier (400 {@code ValidationException}), downgrades ({@code servedAs}), responses
 * without the served tier or without usage, arbitrary HTTP errors, and streams that break after
 * their first content with an in-stream {@code throttlingException}.
 *
 * <h2>Threads and clients</h2>
 *
 * The JDK's HTTP server on the loopback address, with a cached pool of daemon threads: calls are
 * served concurrently and each sleeps for its configured latency. All methods are thread-safe.
 * Every received request is recorded ({@link #requests()}) as soon as its answer is decided, with
 * the tier where it was sent, so that tests can assert what went over the wire. The server speaks
 * HTTP/1.1 only: an asynchronous SDK client needs {@code Protocol.HTTP1_1} ({@link
 * #newAsyncClient()} sets it). Starting a server sets the system property {@code
 * sun.net.httpserver.nodelay} to {@code true} unless it is set, so that small stream frames are not
 * delayed by Nagle's algorithm.
 */
public final class LocalBedrockServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TIER_HEADER = "X-Amzn-Bedrock-Service-Tier";
  private static final List<String> WIRE_TIERS = List.of("priority", "default", "flex", "reserved");

  private final HttpServer http;
  private final ExecutorService threads;
  private final Map<Tier, TierBehavior> behaviors = new EnumMap<>(Tier.class);
  private final List<ReceivedRequest> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger outputTokens = new AtomicInteger(16);
  private final AtomicLong requestIds = new AtomicLong();
  private SplittableRandom random = new SplittableRandom(42);

  private LocalBedrockServer(HttpServer http, ExecutorService threads) {
    this.http = http;
    this.threads = threads;
    for (Tier t : Tier.values()) {
      behaviors.put(t, new TierBehavior(t));
    }
  }

  /**
   * Starts a server on the loopback address and an ephemeral port.
   *
   * @return the running server; close it when done
   * @throws UncheckedIOException if the server cannot bind
   */
  public static LocalBedrockServer start() {
    return start(0);
  }

  /**
   * Starts a server on the loopback address.
   *
   * @param port the port, or 0 for an ephemeral one
   * @return the running server; close it when done
   * @throws UncheckedIOException if the server cannot bind
   */
  public static LocalBedrockServer start(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
    }
    // Small event-stream frames must leave at once: without TCP_NODELAY, Nagle's algorithm and
    // the client's delayed ACKs add about 40 ms to responses. Read once by the JDK's HTTP server.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local Bedrock server on port " + port, e);
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "local-bedrock-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    LocalBedrockServer server = new LocalBedrockServer(http, threads);
    http.createContext("/", server::handle);
    http.setExecutor(threads);
    http.start();
    return server;
  }

  /**
   * Returns the endpoint to pass to {@code endpointOverride}, for example {@code
   * http://127.0.0.1:4567}.
   */
  public URI endpoint() {
    InetSocketAddress a = http.getAddress();
    return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
  }

  /**
   * Returns the live behaviour of calls that ask for {@code tier}.
   *
   * @param tier not null
   * @return the behaviour, to configure
   */
  public TierBehavior tier(Tier tier) {
    TierBehavior b = behaviors.get(tier);
    if (b == null) {
      throw new NullPointerException("tier");
    }
    return b;
  }

  /**
   * Sets the number of output tokens of every response (before the request's cap).
   *
   * @param tokens {@code >= 0}
   * @return this
   */
  public LocalBedrockServer outputTokens(int tokens) {
    if (tokens < 0) {
      throw new IllegalArgumentException("outputTokens must be >= 0, was " + tokens);
    }
    outputTokens.set(tokens);
    return this;
  }

  /**
   * Reseeds the random source of {@link TierBehavior#throttleProbability} draws.
   *
   * @param seed any value
   * @return this
   */
  public synchronized LocalBedrockServer seed(long seed) {
    this.random = new SplittableRandom(seed);
    return this;
  }

  /** Returns the requests received so far, oldest first (a copy). */
  public List<ReceivedRequest> requests() {
    return new ArrayList<>(received);
  }

  /** Forgets the requests received so far. */
  public void clearRequests() {
    received.clear();
  }

  /** Restores every tier's default behaviour, 16 output tokens, seed 42, and forgets requests. */
  public void reset() {
    for (TierBehavior b : behaviors.values()) {
      b.reset();
    }
    outputTokens.set(16);
    seed(42);
    clearRequests();
  }

  /**
   * Returns a new synchronous SDK client pointed at this server (region us-east-1, static dummy
   * credentials, the SDK's default retry and HTTP settings). The caller closes it.
   */
  public BedrockRuntimeClient newClient() {
    return BedrockRuntimeClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(dummyCredentials())
        .build();
  }

  /**
   * Returns a new asynchronous SDK client pointed at this server (region us-east-1, static dummy
   * credentials, Netty on HTTP/1.1: the SDK's default for Bedrock is HTTP/2, which this server does
   * not speak). The caller closes it.
   */
  public BedrockRuntimeAsyncClient newAsyncClient() {
    return BedrockRuntimeAsyncClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(dummyCredentials())
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
        .build();
  }

  private static StaticCredentialsProvider dummyCredentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create("AKIDLOCALBEDROCK", "local-bedrock-not-a-secret"));
  }

  /** Stops the server at once; calls in progress are cut off. */
  @Override
  public void close() {
    http.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "LocalBedrockServer{" + endpoint() + "}";
  }

  // ------------------------------------------------------------------ request handling

  private void handle(HttpExchange exchange) {
    try (exchange) {
      try {
        route(exchange);
      } catch (RuntimeException e) {
        if (exchange.getResponseCode() < 0) { // nothing answered yet
          error(exchange, 500, "InternalServerException", "local server: " + e);
        }
      }
    } catch (IOException e) {
      // the client went away (timeout or cancellation): nothing to answer
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    byte[] raw = exchange.getRequestBody().readAllBytes();
    String body = new String(raw, StandardCharsets.UTF_8);
    String[] path = exchange.getRequestURI().getRawPath().split("/");
    if (!"POST".equals(exchange.getRequestMethod())
        || path.length != 4
        || !"model".equals(path[1])) {
      error(exchange, 404, "UnknownOperationException", "no such operation");
      return;
    }
    String model = URLDecoder.decode(path[2], StandardCharsets.UTF_8);
    String operation = path[3];
    String header = exchange.getRequestHeaders().getFirst(TIER_HEADER);
    Call call = new Call(exchange, operation, model, header, body, start);
    switch (operation) {
      case "converse":
      case "converse-stream":
        converse(call, raw, operation.endsWith("stream"));
        break;
      case "invoke":
      case "invoke-with-response-stream":
        invoke(call, raw, operation.endsWith("stream"));
        break;
      default:
        call.fail(404, "UnknownOperationException", "no such operation: " + operation);
    }
  }

  /** One call in progress: what arrived and how it is answered. */
  private final class Call {
    final HttpExchange exchange;
    final String operation;
    final String model;
    final String tierHeader;
    final String body;
    final long startNanos;
    String tierInBody;

    Call(
        HttpExchange exchange,
        String operation,
        String model,
        String tierHeader,
        String body,
        long startNanos) {
      this.exchange = exchange;
      this.operation = operation;
      this.model = model;
      this.tierHeader = tierHeader;
      this.body = body;
      this.startNanos = startNanos;
    }

    void record(int status, String served) {
      received.add(
          new ReceivedRequest(operation, model, tierHeader, tierInBody, body, status, served));
    }

    void fail(int status, String type, String message) throws IOException {
      record(status, null);
      error(exchange, status, type, message);
    }

    long elapsedMillis() {
      return (System.nanoTime() - startNanos) / 1_000_000;
    }
  }

  /**
   * Decides a call's fate from its tier's behaviour; answers the failures itself.
   *
   * @return the behaviour to serve with, or null if the call was answered with an error
   */
  private TierBehavior admit(Call call, String wireTier) throws IOException {
    if (!WIRE_TIERS.contains(wireTier)) {
      call.fail(
          400,
          "ValidationException",
          "1 validation error detected: Value '"
              + wireTier
              + "' at 'serviceTier' failed to satisfy constraint: Member must satisfy enum value"
              + " set: [priority, default, flex, reserved]");
      return null;
    }
    TierBehavior b = behaviors.get(Tier.fromWireValue(wireTier));
    if (b.isUnsupported()) {
      call.fail(
          400,
          "ValidationException",
          "The model " + call.model + " does not support the service tier '" + wireTier + "'.");
      return null;
    }
    TierBehavior.Failure f = b.takeFailure();
    if (f != null) {
      call.fail(f.status, f.errorType, f.message);
      return null;
    }
    double draw;
    synchronized (this) {
      draw = random.nextDouble();
    }
    if (b.takeThrottle(draw)) {
      TierBehavior.Throttle t = b.throttle();
      call.record(t.status, null);
      sleepNanos(b.throttleDelayNanos());
      error(
          call.exchange,
          t.status,
          t.errorType,
          "Too many requests, please wait before trying again.");
      return null;
    }
    return b;
  }

  private void converse(Call call, byte[] raw, boolean stream) throws IOException {
    JsonNode request;
    try {
      request = JSON.readTree(raw);
    } catch (IOException e) {
      call.fail(400, "ValidationException", "the request body is not JSON");
      return;
    }
    if (request == null || !request.isObject()) {
      call.fail(400, "ValidationException", "the request body is not a JSON object");
      return;
    }
    JsonNode tierNode = request.path("serviceTier").path("type");
    call.tierInBody = tierNode.isTextual() ? tierNode.asText() : null;
    JsonNode messages = request.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      call.fail(400, "ValidationException", "messages must not be empty");
      return;
    }
    TierBehavior b = admit(call, call.tierInBody == null ? "default" : call.tierInBody);
    if (b == null) {
      return;
    }
    long inputTokens = Math.max(1, words(messages) + words(request.path("system")));
    int output = cap(request.path("inferenceConfig").path("maxTokens"));
    String served = b.served().wireValue();
    call.record(200, served);
    if (!stream) {
      sleepNanos(b.ttftNanos() + Math.max(0, output - 1) * b.perTokenNanos());
      ObjectNode r = JSON.createObjectNode();
      ObjectNode message = r.putObject("output").putObject("message");
      message.put("role", "assistant");
      message.putArray("content").addObject().put("text", text(output));
      r.put("stopReason", "end_turn");
      if (b.reportsUsage()) {
        usage(r.putObject("usage"), inputTokens, output);
      }
      r.putObject("metrics").put("latencyMs", call.elapsedMillis());
      if (b.reportsServedTier()) {
        r.putObject("serviceTier").put("type", served);
      }
      respond(call.exchange, 200, JSON.writeValueAsBytes(r), null);
      return;
    }
    OutputStream out = startStream(call.exchange, null);
    send(out, "messageStart", JSON.createObjectNode().put("role", "assistant"));
    if (b.takeStreamThrottle()) {
      breakStream(out, b.streamExceptionType());
      return;
    }
    // taken after the throttle check: a throttled call does not use up a break
    boolean breaks = b.takeStreamBreak();
    sleepNanos(b.ttftNanos());
    for (int i = 0; i < output; i++) {
      if (i > 0) {
        sleepNanos(b.perTokenNanos());
      }
      ObjectNode delta = JSON.createObjectNode().put("contentBlockIndex", 0);
      delta.putObject("delta").put("text", token(i));
      send(out, "contentBlockDelta", delta);
      if (breaks) {
        breakStream(out, "throttlingException");
        return;
      }
    }
    send(out, "contentBlockStop", JSON.createObjectNode().put("contentBlockIndex", 0));
    send(out, "messageStop", JSON.createObjectNode().put("stopReason", "end_turn"));
    ObjectNode metadata = JSON.createObjectNode();
    if (b.reportsUsage()) {
      usage(metadata.putObject("usage"), inputTokens, output);
    }
    metadata.putObject("metrics").put("latencyMs", call.elapsedMillis());
    if (b.reportsServedTier()) {
      metadata.putObject("serviceTier").put("type", served);
    }
    send(out, "metadata", metadata);
    out.close();
  }

  private void invoke(Call call, byte[] raw, boolean stream) throws IOException {
    if (raw.length == 0) {
      call.fail(400, "ValidationException", "body must not be empty");
      return;
    }
    JsonNode request;
    try {
      request = JSON.readTree(raw);
    } catch (IOException e) {
      request = null;
    }
    TierBehavior b = admit(call, call.tierHeader == null ? "default" : call.tierHeader);
    if (b == null) {
      return;
    }
    long inputTokens = Math.max(1, request == null ? raw.length / 6 : words(request));
    int output = cap(request);
    String served = b.served().wireValue();
    String tierHeader = b.reportsServedTier() ? served : null;
    Family family = Family.of(call.model);
    call.record(200, served);
    if (!stream) {
      sleepNanos(b.ttftNanos() + Math.max(0, output - 1) * b.perTokenNanos());
      ObjectNode r = family.body(text(output), inputTokens, output, b.reportsUsage());
      respond(call.exchange, 200, JSON.writeValueAsBytes(r), tierHeader);
      return;
    }
    OutputStream out = startStream(call.exchange, tierHeader);
    if (b.takeStreamThrottle()) {
      breakStream(out, b.streamExceptionType());
      return;
    }
    boolean breaks = b.takeStreamBreak();
    sleepNanos(b.ttftNanos());
    List<ObjectNode> chunks = family.chunks(output, inputTokens, b.reportsUsage());
    for (int i = 0; i < chunks.size(); i++) {
      if (i > 0 && i <= output) {
        sleepNanos(b.perTokenNanos());
      }
      ObjectNode chunk = chunks.get(i);
      if (i == chunks.size() - 1 && b.reportsUsage()) {
        ObjectNode m = chunk.putObject("amazon-bedrock-invocationMetrics");
        m.put("inputTokenCount", inputTokens);
        m.put("outputTokenCount", output);
        m.put("invocationLatency", call.elapsedMillis());
        m.put("firstByteLatency", b.ttftNanos() / 1_000_000);
      }
      String encoded = Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(chunk));
      send(out, "chunk", JSON.createObjectNode().put("bytes", encoded));
      if (breaks) {
        breakStream(out, "throttlingException");
        return;
      }
    }
    out.close();
  }

  /** The model-native body shapes of InvokeModel, by the model id's provider. */
  private enum Family {
    OPENAI,
    NOVA,
    ANTHROPIC,
    LLAMA,
    OTHER;

    static Family of(String model) {
      String m = model.toLowerCase(Locale.ROOT);
      if (m.contains("openai.")) {
        return OPENAI;
      }
      if (m.contains("amazon.nova")) {
        return NOVA;
      }
      if (m.contains("anthropic.")) {
        return ANTHROPIC;
      }
      if (m.contains("meta.")) {
        return LLAMA;
      }
      return OTHER;
    }

    ObjectNode body(String text, long input, int output, boolean usage) {
      ObjectNode r = JSON.createObjectNode();
      switch (this) {
        case OPENAI:
          r.put("id", "chatcmpl-local");
          r.put("object", "chat.completion");
          ObjectNode choice = r.putArray("choices").addObject();
          choice.put("index", 0);
          choice.putObject("message").put("role", "assistant").put("content", text);
          choice.put("finish_reason", "stop");
          if (usage) {
            r.putObject("usage")
                .put("prompt_tokens", input)
                .put("completion_tokens", output)
                .put("total_tokens", input + output);
          }
          break;
        case NOVA:
          ObjectNode message = r.putObject("output").putObject("message");
          message.put("role", "assistant");
          message.putArray("content").addObject().put("text", text);
          r.put("stopReason", "end_turn");
          if (usage) {
            usage(r.putObject("usage"), input, output);
          }
          break;
        case ANTHROPIC:
          r.put("type", "message");
          r.put("role", "assistant");
          r.putArray("content").addObject().put("type", "text").put("text", text);
          r.put("stop_reason", "end_turn");
          if (usage) {
            r.putObject("usage").put("input_tokens", input).put("output_tokens", output);
          }
          break;
        case LLAMA:
          r.put("generation", text);
          r.put("stop_reason", "stop");
          if (usage) {
            r.put("prompt_token_count", input);
            r.put("generation_token_count", output);
          }
          break;
        case OTHER:
        default:
          r.put("outputText", text);
          break;
      }
      return r;
    }

    /** The stream's chunks: one per output token, then a final one (with usage if reported). */
    List<ObjectNode> chunks(int output, long input, boolean usage) {
      List<ObjectNode> chunks = new ArrayList<>();
      if (this == ANTHROPIC && usage) {
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        start
            .putObject("message")
            .putObject("usage")
            .put("input_tokens", input)
            .put("output_tokens", 1);
        chunks.add(start);
      }
      for (int i = 0; i < output; i++) {
        ObjectNode c = JSON.createObjectNode();
        switch (this) {
          case OPENAI:
            c.putArray("choices")
                .addObject()
                .put("index", 0)
                .putObject("delta")
                .put("content", token(i));
            break;
          case NOVA:
            ObjectNode d = c.putObject("contentBlockDelta");
            d.putObject("delta").put("text", token(i));
            d.put("contentBlockIndex", 0);
            break;
          case ANTHROPIC:
            c.put("type", "content_block_delta");
            c.put("index", 0);
            c.putObject("delta").put("type", "text_delta").put("text", token(i));
            break;
          case LLAMA:
            c.put("generation", token(i));
            break;
          case OTHER:
          default:
            c.put("outputText", token(i));
            break;
        }
        chunks.add(c);
      }
      ObjectNode last = JSON.createObjectNode();
      switch (this) {
        case OPENAI:
          ObjectNode choice = last.putArray("choices").addObject();
          choice.put("index", 0);
          choice.putObject("delta");
          choice.put("finish_reason", "stop");
          if (usage) {
            last.putObject("usage")
                .put("prompt_tokens", input)
                .put("completion_tokens", output)
                .put("total_tokens", input + output);
          }
          break;
        case NOVA:
          if (usage) {
            usage(last.putObject("metadata").putObject("usage"), input, output);
          } else {
            last.putObject("messageStop").put("stopReason", "end_turn");
          }
          break;
        case ANTHROPIC:
          last.put("type", "message_delta");
          last.putObject("delta").put("stop_reason", "end_turn");
          if (usage) {
            last.putObject("usage").put("output_tokens", output);
          }
          break;
        case LLAMA:
          last.put("generation", "");
          last.put("stop_reason", "stop");
          if (usage) {
            last.put("prompt_token_count", input);
            last.put("generation_token_count", output);
          }
          break;
        case OTHER:
        default:
          last.put("outputText", "");
          last.put("completionReason", "FINISH");
          break;
      }
      chunks.add(last);
      return chunks;
    }
  }

  // ------------------------------------------------------------------ helpers

  private int cap(JsonNode request) {
    int output = outputTokens.get();
    if (request == null) {
      return output;
    }
    JsonNode[] caps = {
      request.path("max_tokens"),
      request.path("max_completion_tokens"),
      request.path("maxTokens"),
      request.path("max_gen_len"),
      request.path("inferenceConfig").path("maxTokens"),
      request.path("inferenceConfig").path("max_new_tokens"),
      request.path("textGenerationConfig").path("maxTokenCount"),
      request.isNumber() ? request : null
    };
    for (JsonNode c : caps) {
      if (c != null && c.isIntegralNumber() && c.asLong() > 0) {
        return (int) Math.min(output, c.asLong());
      }
    }
    return output;
  }

  private static void usage(ObjectNode usage, long input, int output) {
    usage.put("inputTokens", input);
    usage.put("outputTokens", output);
    usage.put("totalTokens", input + output);
  }

  /** Counts the whitespace-separated words of every string value in a JSON tree. */
  private static long words(JsonNode node) {
    if (node == null) {
      return 0;
    }
    if (node.isTextual()) {
      String s = node.asText().trim();
      return s.isEmpty() ? 0 : s.split("\\s+").length;
    }
    long n = 0;
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        n += words(child);
      }
    }
    return n;
  }

  private static String token(int i) {
    return "w" + i + " ";
  }

  private static String text(int tokens) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < tokens; i++) {
      s.append(token(i));
    }
    return s.toString();
  }

  private String requestId() {
    return "local-" + requestIds.incrementAndGet();
  }

  private void error(HttpExchange exchange, int status, String type, String message)
      throws IOException {
    exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
    respond(
        exchange,
        status,
        JSON.writeValueAsBytes(JSON.createObjectNode().put("message", message)),
        null);
  }

  private void respond(HttpExchange exchange, int status, byte[] body, String tierHeader)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("x-amzn-RequestId", requestId());
    if (tierHeader != null) {
      exchange.getResponseHeaders().set(TIER_HEADER, tierHeader);
    }
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private OutputStream startStream(HttpExchange exchange, String tierHeader) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/vnd.amazon.eventstream");
    exchange.getResponseHeaders().set("x-amzn-RequestId", requestId());
    if (tierHeader != null) {
      exchange.getResponseHeaders().set(TIER_HEADER, tierHeader);
    }
    exchange.sendResponseHeaders(200, 0); // chunked
    return exchange.getResponseBody();
  }

  private static void send(OutputStream out, String eventType, ObjectNode payload)
      throws IOException {
    out.write(EventStreamEncoder.event(eventType, JSON.writeValueAsBytes(payload)));
    out.flush();
  }

  private static void breakStream(OutputStream out, String exceptionType) throws IOException {
    byte[] payload =
        JSON.writeValueAsBytes(
            JSON.createObjectNode().put("message", exceptionType + ": the stream was cut off."));
    out.write(EventStreamEncoder.exception(exceptionType, payload));
    out.flush();
    out.close();
  }

  private static void sleepNanos(long nanos) {
    long end = System.nanoTime() + nanos;
    long left = nanos;
    while (left > 0) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        return;
      }
      left = end - System.nanoTime();
    }
  }
}
