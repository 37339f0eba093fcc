package io.tierpilot.bedrock.local;

/**
 * One HTTP request {@link LocalBedrockServer} received, as it arrived on the wire, with the status
 * it answered. Immutable.
 */
public final class ReceivedRequest {
  private final String operation;
  private final String modelId;
  private final String tierHeader;
  private final String tierInBody;
  private final String body;
  private final int status;
  private final String servedTier;

  ReceivedRequest(
      String operation,
      String modelId,
      String tierHeader,
      String tierInBody,
      String body,
      int status,
      String servedTier) {
    this.operation = operation;
    this.modelId = modelId;
    this.tierHeader = tierHeader;
    this.tierInBody = tierInBody;
    this.body = body;
    this.status = status;
    this.servedTier = servedTier;
  }

  /**
   * Returns the operation, the last path segment: {@code converse}, {@code converse-stream}, {@code
   * invoke} or {@code invoke-with-response-stream} (anything else is answered with 404).
   */
  public String operation() {
    return operation;
  }

  /** Returns the model id from the path, URL-decoded. */
  public String modelId() {
    return modelId;
  }

  /** Returns the {@code X-Amzn-Bedrock-Service-Tier} request header, or null if absent. */
  public String tierHeader() {
    return tierHeader;
  }

  /** Returns the request body's {@code serviceTier.type}, or null if absent. */
  public String tierInBody() {
    return tierInBody;
  }

  /**
   * Returns the tier's wire value the request asked for: the header (InvokeModel) or the body field
   * (Converse), {@code default} when neither is present.
   */
  public String requestedTier() {
    if (tierHeader != null) {
      return tierHeader;
    }
    return tierInBody != null ? tierInBody : "default";
  }

  /** Returns the request body as UTF-8 text. */
  public String body() {
    return body;
  }

  /** Returns the HTTP status the server answered. */
  public int status() {
    return status;
  }

  /** Returns the wire value of the tier that served the call, or null if it failed. */
  public String servedTier() {
    return servedTier;
  }

  @Override
  public String toString() {
    return "ReceivedRequest{"
        + operation
        + " "
        + modelId
        + ", header="
        + tierHeader
        + ", body tier="
        + tierInBody
        + ", status="
        + status
        + (servedTier == null ? "" : ", served=" + servedTier)
        + "}";
  }
}
