package io.tierpilot.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** The built-in {@link TokenCountExtractor}s; stateless, hence an enum. */
enum BuiltInExtractor implements TokenCountExtractor {
  OPENAI {
    @Override
    TokenCounts read(JsonNode b) {
      JsonNode u = b.path("usage");
      return counts(u.get("prompt_tokens"), u.get("completion_tokens"));
    }
  },
  NOVA {
    @Override
    TokenCounts read(JsonNode b) {
      JsonNode u = b.path("usage");
      TokenCounts c = counts(u.get("inputTokens"), u.get("outputTokens"));
      if (c != null) {
        return c;
      }
      JsonNode m = b.path("metadata").path("usage");
      return counts(m.get("inputTokens"), m.get("outputTokens"));
    }
  },
  ANTHROPIC {
    @Override
    TokenCounts read(JsonNode b) {
      JsonNode u = b.path("usage");
      TokenCounts c = counts(u.get("input_tokens"), u.get("output_tokens"));
      if (c != null) {
        return c;
      }
      JsonNode m = b.path("message").path("usage");
      // message_start carries the input count and a provisional output count: keep the input only
      return counts(m.get("input_tokens"), null);
    }
  },
  LLAMA {
    @Override
    TokenCounts read(JsonNode b) {
      return counts(b.get("prompt_token_count"), b.get("generation_token_count"));
    }
  },
  INVOCATION_METRICS {
    @Override
    TokenCounts read(JsonNode b) {
      JsonNode m = b.path("amazon-bedrock-invocationMetrics");
      return counts(m.get("inputTokenCount"), m.get("outputTokenCount"));
    }
  },
  ALL {
    @Override
    TokenCounts read(JsonNode b) {
      // the first shape that has a count wins it; a count it lacks may come from a later shape
      // (an Anthropic stream's last chunk has the output count, Bedrock's metrics both)
      TokenCounts found = null;
      for (BuiltInExtractor e : SINGLE) {
        TokenCounts c = e.read(b);
        if (c != null) {
          found = found == null ? c : found.over(c);
          if (found.inputTokens() >= 0 && found.outputTokens() >= 0) {
            break;
          }
        }
      }
      return found;
    }
  };

  private static final BuiltInExtractor[] SINGLE = {
    OPENAI, NOVA, ANTHROPIC, LLAMA, INVOCATION_METRICS
  };

  /** Reads the counts from a parsed body, or returns null. */
  abstract TokenCounts read(JsonNode body);

  @Override
  public Optional<TokenCounts> extract(String modelId, byte[] body) {
    JsonNode tree = Json.parseOrNull(body);
    return tree == null || !tree.isObject() ? Optional.empty() : Optional.ofNullable(read(tree));
  }

  private static TokenCounts counts(JsonNode input, JsonNode output) {
    long in = Json.count(input);
    long out = Json.count(output);
    return in < 0 && out < 0 ? null : TokenCounts.of(in, out);
  }
}
