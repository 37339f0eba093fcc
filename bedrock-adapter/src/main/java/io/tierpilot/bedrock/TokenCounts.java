package io.tierpilot.bedrock;

/**
 * Token counts that a response reported. Either count may be unknown (-1) when the body carries
 * only the other one, as the chunks of some streams do. Immutable.
 */
public final class TokenCounts {
  private final long inputTokens;
  private final long outputTokens;

  private TokenCounts(long inputTokens, long outputTokens) {
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
  }

  /**
   * Returns counts; pass -1 for a count the body does not carry.
   *
   * @param inputTokens {@code >= -1}
   * @param outputTokens {@code >= -1}
   * @return the counts
   * @throws IllegalArgumentException if a count is below -1, or both are -1
   */
  public static TokenCounts of(long inputTokens, long outputTokens) {
    if (inputTokens < -1 || outputTokens < -1 || (inputTokens < 0 && outputTokens < 0)) {
      throw new IllegalArgumentException(
          "token counts must be >= 0 or -1 (unknown), not both unknown; were "
              + inputTokens
              + ", "
              + outputTokens);
    }
    return new TokenCounts(inputTokens, outputTokens);
  }

  /** Returns the input tokens, or -1 if unknown. */
  public long inputTokens() {
    return inputTokens;
  }

  /** Returns the output tokens, or -1 if unknown. */
  public long outputTokens() {
    return outputTokens;
  }

  /**
   * Returns these counts with the unknown ones taken from {@code earlier}: how the counts of a
   * stream's chunks combine (later chunks win).
   *
   * @param earlier counts seen before; may be null
   * @return the merged counts
   */
  TokenCounts over(TokenCounts earlier) {
    if (earlier == null) {
      return this;
    }
    return new TokenCounts(
        inputTokens >= 0 ? inputTokens : earlier.inputTokens,
        outputTokens >= 0 ? outputTokens : earlier.outputTokens);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenCounts
        && ((TokenCounts) o).inputTokens == inputTokens
        && ((TokenCounts) o).outputTokens == outputTokens;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(inputTokens) * 31 + Long.hashCode(outputTokens);
  }

  @Override
  public String toString() {
    return "TokenCounts{in=" + inputTokens + ", out=" + outputTokens + "}";
  }
}
