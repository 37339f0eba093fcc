package io.tierpilot.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.tierpilot.core.Tier;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceTierType;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;

/**
 * Request-side rules of the four operations: validation before any call, the size estimates the
 * scheduler needs before the call, and the tier set in the right place. Stateless.
 *
 * <h2>Model ids</h2>
 *
 * Accepted: foundation-model ids ({@code provider.name[:version[:variant]]}, for example {@code
 * openai.gpt-oss-120b-1:0}, {@code amazon.nova-pro-v1:0}), inference-profile ids with a geography
 * prefix ({@code us.amazon.nova-pro-v1:0}, {@code global.…}), and Bedrock or SageMaker ARNs ({@code
 * arn:aws:bedrock:REGION:ACCOUNT:TYPE/ID}). At most 2048 characters.
 *
 * <h2>Estimates</h2>
 *
 * Input tokens are estimated as the characters of the request's text divided by 4, rounded up, at
 * least 1 (a common rule of thumb for English; images, documents and other binary content are not
 * counted): for Converse the text of messages, system prompts, tool results, tool inputs and tool
 * specifications; for InvokeModel every string value of the JSON body (or its byte length if it is
 * not JSON). Pass a counted value with {@link Slo.Builder#inputTokens} when it matters.
 */
final class Requests {
  static final String CONVERSE = "converse";
  static final String CONVERSE_STREAM = "converse-stream";
  static final String INVOKE = "invoke";
  static final String INVOKE_STREAM = "invoke-stream";

  private static final int MAX_MODEL_ID = 2048;
  private static final Pattern MODEL_ID =
      Pattern.compile(
          "(?:[a-z]{2,8}(?:-[a-z]+)?\\.)?[a-z0-9][a-z0-9-]*\\.[A-Za-z0-9][A-Za-z0-9._-]*"
              + "(?::[A-Za-z0-9.]+){0,2}");
  private static final Pattern ARN =
      Pattern.compile(
          "arn:aws(?:-[a-z]+)*:(?:bedrock|sagemaker):[a-z0-9-]*:[0-9]{0,12}:[a-z-]+/"
              + "[A-Za-z0-9._:/-]+");

  /** What the scheduler needs to know about a request before the call. */
  static final class Shape {
    final String operation;
    final String modelId;
    final long estimatedInputTokens;
    final long maxTokens;

    Shape(String operation, String modelId, long estimatedInputTokens, long maxTokens) {
      this.operation = operation;
      this.modelId = modelId;
      this.estimatedInputTokens = estimatedInputTokens;
      this.maxTokens = maxTokens;
    }
  }

  private Requests() {}

  // ---------------------------------------------------------------- validation and shape

  static Shape converse(ConverseRequest r) {
    notNull(r, "request");
    return converseShape(
        CONVERSE,
        r.modelId(),
        r.hasMessages() ? r.messages() : List.of(),
        r.hasSystem() ? r.system() : List.of(),
        r.toolConfig(),
        r.inferenceConfig());
  }

  static Shape converseStream(ConverseStreamRequest r) {
    notNull(r, "request");
    return converseShape(
        CONVERSE_STREAM,
        r.modelId(),
        r.hasMessages() ? r.messages() : List.of(),
        r.hasSystem() ? r.system() : List.of(),
        r.toolConfig(),
        r.inferenceConfig());
  }

  /** The two Converse operations' requests have the same fields in two unrelated types. */
  private static Shape converseShape(
      String operation,
      String modelId,
      List<Message> messages,
      List<SystemContentBlock> system,
      ToolConfiguration tools,
      InferenceConfiguration inference) {
    String model = modelId(modelId);
    messages(messages, model);
    long chars = messageChars(messages) + systemChars(system) + toolChars(tools);
    return new Shape(operation, model, tokens(chars), maxTokens(inference));
  }

  static Shape invoke(InvokeModelRequest r) {
    notNull(r, "request");
    return invokeShape(INVOKE, modelId(r.modelId()), r.body());
  }

  static Shape invokeStream(InvokeModelWithResponseStreamRequest r) {
    notNull(r, "request");
    return invokeShape(INVOKE_STREAM, modelId(r.modelId()), r.body());
  }

  private static Shape invokeShape(String operation, String model, SdkBytes body) {
    if (body == null || body.asByteArrayUnsafe().length == 0) {
      throw new IllegalArgumentException(
          "body must not be empty for " + operation + " on model " + model);
    }
    byte[] bytes = body.asByteArrayUnsafe();
    JsonNode tree = Json.parseOrNull(bytes);
    long chars = tree == null ? bytes.length : Json.textChars(tree);
    return new Shape(operation, model, tokens(chars), bodyMaxTokens(tree));
  }

  /**
   * Checks a model id's format.
   *
   * @return the id
   * @throws IllegalArgumentException naming the id if it is not a Bedrock model id, inference
   *     profile id or ARN
   */
  static String modelId(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("modelId must not be empty");
    }
    if (id.length() > MAX_MODEL_ID
        || !(MODEL_ID.matcher(id).matches() || ARN.matcher(id).matches())) {
      throw new IllegalArgumentException(
          "modelId '"
              + (id.length() > 100 ? id.substring(0, 100) + "..." : id)
              + "' is not a Bedrock model id (provider.model-name[:version], for example"
              + " openai.gpt-oss-120b-1:0), an inference profile id (us.amazon.nova-pro-v1:0) or an"
              + " ARN");
    }
    return id;
  }

  private static void messages(List<Message> messages, String model) {
    // a managed prompt (a prompt ARN) carries its own messages
    if (messages.isEmpty() && !model.contains(":prompt/")) {
      throw new IllegalArgumentException("messages must not be empty (model " + model + ")");
    }
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i) == null) {
        throw new IllegalArgumentException("messages[" + i + "] is null (model " + model + ")");
      }
    }
  }

  private static void notNull(Object o, String name) {
    if (o == null) {
      throw new NullPointerException(name);
    }
  }

  // ---------------------------------------------------------------- estimates

  /** Characters / 4, rounded up, at least 1. */
  static long tokens(long chars) {
    return Math.max(1, (chars + 3) / 4);
  }

  /** Characters / 4, rounded up; 0 for no text (an estimate of output tokens). */
  static long outputTokens(long chars) {
    return (chars + 3) / 4;
  }

  private static long messageChars(List<Message> messages) {
    long n = 0;
    for (Message m : messages) {
      if (m != null && m.hasContent()) {
        for (ContentBlock b : m.content()) {
          n += blockChars(b);
        }
      }
    }
    return n;
  }

  private static long blockChars(ContentBlock b) {
    if (b == null) {
      return 0;
    }
    long n = length(b.text());
    if (b.toolUse() != null) {
      n += length(b.toolUse().name()) + documentChars(b.toolUse().input());
    }
    if (b.toolResult() != null && b.toolResult().hasContent()) {
      for (ToolResultContentBlock c : b.toolResult().content()) {
        n += length(c.text()) + documentChars(c.json());
      }
    }
    if (b.reasoningContent() != null && b.reasoningContent().reasoningText() != null) {
      n += length(b.reasoningContent().reasoningText().text());
    }
    return n;
  }

  private static long systemChars(List<SystemContentBlock> system) {
    long n = 0;
    for (SystemContentBlock s : system) {
      if (s != null) {
        n += length(s.text());
      }
    }
    return n;
  }

  private static long toolChars(ToolConfiguration tools) {
    if (tools == null || !tools.hasTools()) {
      return 0;
    }
    long n = 0;
    for (Tool t : tools.tools()) {
      if (t != null && t.toolSpec() != null) {
        n += length(t.toolSpec().name()) + length(t.toolSpec().description());
        if (t.toolSpec().inputSchema() != null) {
          n += documentChars(t.toolSpec().inputSchema().json());
        }
      }
    }
    return n;
  }

  private static long documentChars(Document d) {
    return d == null ? 0 : d.toString().length();
  }

  private static long length(String s) {
    return s == null ? 0 : s.length();
  }

  private static long maxTokens(InferenceConfiguration c) {
    return c == null || c.maxTokens() == null || c.maxTokens() <= 0 ? 0 : c.maxTokens();
  }

  /** The output cap of a model-native body, under the names the common model families use. */
  static long bodyMaxTokens(JsonNode body) {
    if (body == null || !body.isObject()) {
      return 0;
    }
    JsonNode[] caps = {
      body.get("max_tokens"),
      body.get("max_completion_tokens"),
      body.get("maxTokens"),
      body.get("max_gen_len"),
      body.path("inferenceConfig").get("maxTokens"),
      body.path("inferenceConfig").get("max_new_tokens"),
      body.path("textGenerationConfig").get("maxTokenCount")
    };
    for (JsonNode c : caps) {
      long v = Json.count(c);
      if (v > 0) {
        return v;
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------- the tier on the request

  static ServiceTierType wire(Tier tier) {
    return ServiceTierType.fromValue(tier.wireValue());
  }

  static ConverseRequest withTier(ConverseRequest r, Tier tier, AwsRequestOverrideConfiguration o) {
    return r.toBuilder().serviceTier(b -> b.type(wire(tier))).overrideConfiguration(o).build();
  }

  static ConverseStreamRequest withTier(
      ConverseStreamRequest r, Tier tier, AwsRequestOverrideConfiguration o) {
    return r.toBuilder().serviceTier(b -> b.type(wire(tier))).overrideConfiguration(o).build();
  }

  static InvokeModelRequest withTier(
      InvokeModelRequest r, Tier tier, AwsRequestOverrideConfiguration o) {
    return r.toBuilder().serviceTier(wire(tier)).overrideConfiguration(o).build();
  }

  static InvokeModelWithResponseStreamRequest withTier(
      InvokeModelWithResponseStreamRequest r, Tier tier, AwsRequestOverrideConfiguration o) {
    return r.toBuilder().serviceTier(wire(tier)).overrideConfiguration(o).build();
  }
}
