package io.tierpilot.bedrock;

import java.util.List;
import java.util.Optional;

/**
 * Reads token counts from a model-native InvokeModel body, or from one chunk of an
 * InvokeModelWithResponseStream: InvokeModel has no common usage field, each model family reports
 * its own. The Converse operations need none: they carry {@code usage} in a common shape.
 *
 * <p>The tiered clients try the extractor you configure first, then {@link #builtIns()}; when
 * nothing reports the counts they are estimated (characters / 4 of the text) and the result says so
 * ({@link TieredResponse#tokensEstimated()}). For streams, every chunk is offered; a count found in
 * a later chunk replaces an earlier one.
 *
 * <p>Implementations must be thread-safe, fast, and must not throw: return empty for a body they do
 * not understand.
 *
 * <pre>{@code
 * TokenCountExtractor mine = (modelId, body) ->
 *     modelId.startsWith("acme.") ? Optional.of(parseAcme(body)) : Optional.empty();
 * }</pre>
 */
@FunctionalInterface
public interface TokenCountExtractor {

  /**
   * Reads the token counts a body reports.
   *
   * @param modelId the model id as called; never null
   * @param body the response body or one stream chunk's bytes, usually JSON; never null, not to be
   *     modified
   * @return the counts, or empty if this body carries none this extractor knows
   */
  Optional<TokenCounts> extract(String modelId, byte[] body);

  /**
   * Returns the built-in extractors as one, which parses the body once and tries, in order: {@link
   * #openAi()}, {@link #nova()}, {@link #anthropic()}, {@link #llama()}, {@link
   * #invocationMetrics()}; each count comes from the first that has it.
   */
  static TokenCountExtractor builtIns() {
    return BuiltInExtractor.ALL;
  }

  /**
   * OpenAI chat completions, as gpt-oss models answer: {@code usage.prompt_tokens} and {@code
   * usage.completion_tokens}.
   */
  static TokenCountExtractor openAi() {
    return BuiltInExtractor.OPENAI;
  }

  /**
   * Amazon Nova (and Converse-shaped bodies): {@code usage.inputTokens} and {@code
   * usage.outputTokens}, or in a stream's last chunk {@code metadata.usage.inputTokens /
   * outputTokens}.
   */
  static TokenCountExtractor nova() {
    return BuiltInExtractor.NOVA;
  }

  /**
   * Anthropic messages: {@code usage.input_tokens} and {@code usage.output_tokens}; in streams
   * {@code message.usage.input_tokens} (message_start) and {@code usage.output_tokens}
   * (message_delta).
   */
  static TokenCountExtractor anthropic() {
    return BuiltInExtractor.ANTHROPIC;
  }

  /** Meta Llama: {@code prompt_token_count} and {@code generation_token_count}. */
  static TokenCountExtractor llama() {
    return BuiltInExtractor.LLAMA;
  }

  /**
   * The metrics Bedrock adds to the last chunk of a stream: {@code
   * amazon-bedrock-invocationMetrics.inputTokenCount} and {@code outputTokenCount}.
   */
  static TokenCountExtractor invocationMetrics() {
    return BuiltInExtractor.INVOCATION_METRICS;
  }

  /**
   * Returns an extractor that tries {@code extractors} in order and returns the first non-empty
   * answer.
   *
   * @param extractors not null, no nulls
   * @return the combined extractor
   */
  static TokenCountExtractor firstOf(TokenCountExtractor... extractors) {
    List<TokenCountExtractor> list = List.of(extractors);
    return (modelId, body) -> {
      for (TokenCountExtractor e : list) {
        Optional<TokenCounts> c = e.extract(modelId, body);
        if (c.isPresent()) {
          return c;
        }
      }
      return Optional.empty();
    };
  }
}
