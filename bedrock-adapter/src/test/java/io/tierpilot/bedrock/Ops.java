package io.tierpilot.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.eventstream.EventStreamResponseHandler;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;

/** The operations under test, each through a tiered client, with requests to send. */
enum Ops {
  CONVERSE_SYNC(true, false, false),
  INVOKE_SYNC(false, false, false),
  CONVERSE_ASYNC(true, true, false),
  INVOKE_ASYNC(false, true, false),
  CONVERSE_STREAM(true, true, true),
  INVOKE_STREAM(false, true, true);

  static final String PROMPT = "hello tier pilot world";

  final boolean converse;
  final boolean async;
  final boolean stream;

  Ops(boolean converse, boolean async, boolean stream) {
    this.converse = converse;
    this.async = async;
    this.stream = stream;
  }

  /** What a streaming handler saw. */
  static final class Seen {
    final List<Object> events = new CopyOnWriteArrayList<>();
    final AtomicInteger responses = new AtomicInteger();
    final AtomicInteger completes = new AtomicInteger();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();

    int deltas() {
      int n = 0;
      for (Object e : events) {
        if (e instanceof ContentBlockDeltaEvent || e instanceof PayloadPart) {
          n++;
        }
      }
      return n;
    }
  }

  static ConverseRequest converseRequest(String model) {
    return ConverseRequest.builder()
        .modelId(model)
        .messages(
            Message.builder()
                .role(ConversationRole.USER)
                .content(ContentBlock.fromText(PROMPT))
                .build())
        .inferenceConfig(c -> c.maxTokens(16))
        .build();
  }

  static String invokeBody(String model) {
    if (model.contains("nova")) {
      return "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\""
          + PROMPT
          + "\"}]}],\"inferenceConfig\":{\"maxTokens\":16}}";
    }
    return "{\"messages\":[{\"role\":\"user\",\"content\":\""
        + PROMPT
        + "\"}],\"max_completion_tokens\":16}";
  }

  static InvokeModelRequest invokeRequest(String model) {
    return InvokeModelRequest.builder()
        .modelId(model)
        .contentType("application/json")
        .body(SdkBytes.fromUtf8String(invokeBody(model)))
        .build();
  }

  /** Calls the operation; a failure is thrown unwrapped, as the synchronous client throws it. */
  TieredResponse<?> call(
      TieredBedrockClient sync, TieredBedrockAsyncClient async, String model, Slo slo, Seen seen) {
    switch (this) {
      case CONVERSE_SYNC:
        return sync.converse(converseRequest(model), slo);
      case INVOKE_SYNC:
        return sync.invokeModel(invokeRequest(model), slo);
      case CONVERSE_ASYNC:
        return join(async.converse(converseRequest(model), slo));
      case INVOKE_ASYNC:
        return join(async.invokeModel(invokeRequest(model), slo));
      case CONVERSE_STREAM:
        ConverseRequest c = converseRequest(model);
        ConverseStreamRequest cs =
            ConverseStreamRequest.builder()
                .modelId(c.modelId())
                .messages(c.messages())
                .inferenceConfig(c.inferenceConfig())
                .build();
        return join(async.converseStream(cs, converseHandler(seen), slo));
      case INVOKE_STREAM:
      default:
        InvokeModelRequest i = invokeRequest(model);
        InvokeModelWithResponseStreamRequest is =
            InvokeModelWithResponseStreamRequest.builder()
                .modelId(i.modelId())
                .contentType(i.contentType())
                .body(i.body())
                .build();
        return join(async.invokeModelWithResponseStream(is, invokeHandler(seen), slo));
    }
  }

  /** Starts the operation without waiting (synchronous operations are not startable). */
  CompletableFuture<? extends TieredResponse<?>> start(
      TieredBedrockAsyncClient async, String model, Slo slo, Seen seen) {
    switch (this) {
      case CONVERSE_ASYNC:
        return async.converse(converseRequest(model), slo);
      case INVOKE_ASYNC:
        return async.invokeModel(invokeRequest(model), slo);
      case CONVERSE_STREAM:
        ConverseRequest c = converseRequest(model);
        return async.converseStream(
            ConverseStreamRequest.builder()
                .modelId(c.modelId())
                .messages(c.messages())
                .inferenceConfig(c.inferenceConfig())
                .build(),
            converseHandler(seen),
            slo);
      case INVOKE_STREAM:
        InvokeModelRequest i = invokeRequest(model);
        return async.invokeModelWithResponseStream(
            InvokeModelWithResponseStreamRequest.builder()
                .modelId(i.modelId())
                .contentType(i.contentType())
                .body(i.body())
                .build(),
            invokeHandler(seen),
            slo);
      default:
        throw new UnsupportedOperationException(name() + " is synchronous");
    }
  }

  /** A handler that notes what it receives in {@code seen}. */
  private static class Noting<R, E> implements EventStreamResponseHandler<R, E> {
    final Seen seen;

    Noting(Seen seen) {
      this.seen = seen;
    }

    @Override
    public void responseReceived(R response) {
      seen.responses.incrementAndGet();
    }

    @Override
    public void onEventStream(SdkPublisher<E> publisher) {
      publisher.subscribe(seen.events::add);
    }

    @Override
    public void exceptionOccurred(Throwable throwable) {
      seen.errors.add(throwable);
    }

    @Override
    public void complete() {
      seen.completes.incrementAndGet();
    }
  }

  private static final class NotingConverse
      extends Noting<ConverseStreamResponse, ConverseStreamOutput>
      implements ConverseStreamResponseHandler {
    NotingConverse(Seen seen) {
      super(seen);
    }
  }

  private static final class NotingInvoke
      extends Noting<InvokeModelWithResponseStreamResponse, ResponseStream>
      implements InvokeModelWithResponseStreamResponseHandler {
    NotingInvoke(Seen seen) {
      super(seen);
    }
  }

  static ConverseStreamResponseHandler converseHandler(Seen seen) {
    return new NotingConverse(seen);
  }

  static InvokeModelWithResponseStreamResponseHandler invokeHandler(Seen seen) {
    return new NotingInvoke(seen);
  }

  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      throw new AssertionError(c);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no completion within 30 s", e);
    }
  }

  static List<Ops> all() {
    return new ArrayList<>(List.of(values()));
  }
}
