package io.tierpilot.bedrock;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one line per tiered call in tierpilot's native trace format (JSON Lines, {@code
 * docs/native-trace-format.md}), so that {@code ./tierpilot simulate --trace native:FILE} replays
 * production traffic. Give it to a client with {@code recorder(...)} on the client's builder.
 *
 * <pre>{@code
 * try (TraceRecorder recorder = TraceRecorder.open(Path.of("traces/bedrock.jsonl.gz"))) {
 *   TieredBedrockClient client = TieredBedrockClient.newBuilder()
 *       .scheduler(scheduler).client(bedrock).recorder(recorder).build();
 *   ...
 * }
 * }</pre>
 *
 * <h2>What a line holds</h2>
 *
 * One line per call, written when the call ends, with its final outcome: {@code arrival_ms}
 * (milliseconds since the epoch, with the nanoseconds as a fraction), {@code model}, {@code
 * input_tokens} and {@code output_tokens} (billed, else estimated), {@code class}, {@code
 * deadline_ms} (from arrival), {@code tag} (if any), {@code requested_tier} (the first attempt's,
 * wire value), {@code served_tier}, {@code ttft_ms} and {@code latency_ms} (from arrival), {@code
 * result} ({@code success}, {@code throttled}, {@code failed}, {@code deadline_exceeded}, {@code
 * rejected} or {@code cancelled}), {@code cost_usd}, {@code attempts}, and two fields the simulator
 * ignores: {@code tokens_estimated} and {@code operation}. Never any prompt or response text.
 *
 * <h2>Buffering and threads</h2>
 *
 * Thread-safe: calls from any thread append whole lines to a buffer, which is written when it holds
 * 64 KiB, when a line arrives a second or more after the last write, on {@link #flush()} and on
 * {@link #close()} (flush periodically if your traffic can pause for long); the file therefore only
 * ever ends at a line boundary. The write happens on the thread of the call whose line filled the
 * buffer, under the recorder's lock, so other calls ending meanwhile wait for it (on slow or
 * network storage, record to a local file and ship it separately). The line is recorded (buffered,
 * or written if it fills the buffer) before the caller's future completes. Recording never throws
 * into the call path: a write error drops the buffered lines, is counted ({@link #droppedLines()}),
 * and is rethrown by the next {@link #flush()} or {@link #close()}. A file whose name ends with
 * {@code .gz} is gzip-compressed. Files are appended to; rotate by closing one recorder and opening
 * another.
 */
public final class TraceRecorder implements Closeable, Flushable {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int FLUSH_CHARS = 64 * 1024;
  private static final long FLUSH_NANOS = 1_000_000_000L;

  private final Writer out;
  private final String name;
  private final StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 1024);
  private final AtomicLong lines = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private long lastWriteNanos = System.nanoTime(); // guarded by this
  private IOException pending; // guarded by this
  private boolean closed; // guarded by this

  private TraceRecorder(Writer out, String name) {
    this.out = out;
    this.name = name;
  }

  /**
   * Opens a trace file for appending, creating it if needed; gzip-compressed if its name ends with
   * {@code .gz}.
   *
   * <p>A {@code .gz} file that exists must end complete: one that a recorder never closed (a crash)
   * ends in the middle of its compressed data, and a new member appended after it would make the
   * whole file unreadable, so it is refused; record to a new file (the old one replays up to its
   * last flush). Checking reads the existing file once.
   *
   * @param file not null; its directory must exist
   * @return the recorder, which the caller closes
   * @throws IOException if the file cannot be opened, or is a {@code .gz} file that ends in the
   *     middle
   */
  public static TraceRecorder open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    boolean gzip = file.getFileName() != null && file.getFileName().toString().endsWith(".gz");
    if (gzip && Files.isRegularFile(file) && Files.size(file) > 0) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
        byte[] skip = new byte[1 << 16];
        while (in.read(skip) >= 0) {
          // read to the end: a file cut short throws
        }
      } catch (IOException e) {
        throw new IOException(
            file
                + ": the compressed trace ends in the middle ("
                + e.getMessage()
                + "); a recorder that was not closed leaves it so, and appending to it would make"
                + " it unreadable: record to a new file",
            e);
      }
    }
    OutputStream stream =
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    if (gzip) {
      // sync flush: what a flush writes is readable at once, and survives a crash
      stream = new GZIPOutputStream(stream, 8192, true);
    }
    return new TraceRecorder(
        new OutputStreamWriter(stream, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Returns a recorder that writes to {@code writer}, which it owns and closes.
   *
   * @param writer not null
   * @return the recorder
   */
  public static TraceRecorder to(Writer writer) {
    return new TraceRecorder(Objects.requireNonNull(writer, "writer"), writer.toString());
  }

  /** Returns the number of lines recorded (buffered or written) since the recorder was opened. */
  public long lines() {
    return lines.get();
  }

  /** Returns the number of lines lost to write errors or recorded after {@link #close()}. */
  public long droppedLines() {
    return dropped.get();
  }

  /** One call's final outcome, as a trace line. Filled by the clients; not thread-safe. */
  static final class Line {
    long arrivalEpochNanos;
    String model;
    long inputTokens;
    long outputTokens;
    String sloClass;
    long deadlineNanos = Long.MIN_VALUE; // from arrival; MIN_VALUE: none
    String tag = "";
    String requestedTier;
    String servedTier;
    long ttftNanos = -1;
    long latencyNanos = -1;
    String result;
    double costUsd;
    int attempts;
    boolean tokensEstimated;
    String operation;
  }

  /** Appends one line; never throws. Any thread. */
  void record(Line line) {
    String text;
    try {
      text = format(line);
    } catch (IOException | RuntimeException e) {
      dropped.incrementAndGet();
      return;
    }
    synchronized (this) {
      if (closed) {
        dropped.incrementAndGet();
        return;
      }
      buffer.append(text);
      lines.incrementAndGet();
      if (buffer.length() >= FLUSH_CHARS || System.nanoTime() - lastWriteNanos >= FLUSH_NANOS) {
        writeBuffer();
      }
    }
  }

  /** Counts a line that could not be made. */
  void lost() {
    dropped.incrementAndGet();
  }

  static String format(Line l) throws IOException {
    StringWriter s = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(s)) {
      g.writeStartObject();
      g.writeFieldName("arrival_ms");
      g.writeNumber(millis(l.arrivalEpochNanos));
      g.writeStringField("model", l.model);
      g.writeNumberField("input_tokens", clampInt(l.inputTokens));
      g.writeNumberField("output_tokens", clampInt(l.outputTokens));
      if (l.sloClass != null) {
        g.writeStringField("class", l.sloClass);
      }
      if (l.deadlineNanos != Long.MIN_VALUE) {
        g.writeFieldName("deadline_ms");
        // the format needs a positive budget: a deadline that had passed on arrival is 1 ns
        g.writeNumber(millis(Math.max(1, l.deadlineNanos)));
      }
      if (!l.tag.isEmpty()) {
        g.writeStringField("tag", l.tag);
      }
      if (l.requestedTier != null) {
        g.writeStringField("requested_tier", l.requestedTier);
      }
      if (l.servedTier != null) {
        g.writeStringField("served_tier", l.servedTier);
      }
      if (l.ttftNanos >= 0) {
        g.writeFieldName("ttft_ms");
        g.writeNumber(millis(l.ttftNanos));
      }
      if (l.latencyNanos >= 0) {
        g.writeFieldName("latency_ms");
        g.writeNumber(millis(l.latencyNanos));
      }
      g.writeStringField("result", l.result);
      g.writeNumberField("cost_usd", l.costUsd);
      g.writeNumberField("attempts", l.attempts);
      if (l.tokensEstimated) {
        g.writeBooleanField("tokens_estimated", true);
      }
      g.writeStringField("operation", l.operation);
      g.writeEndObject();
    }
    return s.append('\n').toString();
  }

  /** Nanoseconds as exact decimal milliseconds, without exponent or trailing zeros. */
  private static String millis(long nanos) {
    BigDecimal ms = BigDecimal.valueOf(nanos, 6).stripTrailingZeros();
    return ms.scale() < 0 ? ms.setScale(0).toPlainString() : ms.toPlainString();
  }

  private static int clampInt(long v) {
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, v));
  }

  private void writeBuffer() {
    if (buffer.length() == 0) {
      lastWriteNanos = System.nanoTime();
      return;
    }
    try {
      out.write(buffer.toString());
      out.flush();
    } catch (IOException e) {
      lose(e);
    } catch (RuntimeException e) {
      // a faulty Writer must not escape into the call path either
      lose(new IOException(e.toString(), e));
    }
    buffer.setLength(0);
    lastWriteNanos = System.nanoTime();
  }

  private void lose(IOException e) {
    dropped.addAndGet(countLines(buffer));
    if (pending == null) {
      pending = e;
    }
  }

  private static long countLines(CharSequence s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  /**
   * Writes the buffered lines.
   *
   * @throws IOException if this or an earlier write failed (the lines are then lost and counted)
   */
  @Override
  public synchronized void flush() throws IOException {
    if (!closed) {
      writeBuffer();
    }
    throwPending();
  }

  /**
   * Writes the buffered lines and closes the file; later lines are dropped. Idempotent.
   *
   * @throws IOException if a write or the close failed
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    writeBuffer();
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      if (pending == null) {
        pending = e;
      }
    }
    throwPending();
  }

  private void throwPending() throws IOException {
    IOException e = pending;
    if (e != null) {
      pending = null;
      throw new IOException("trace " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "TraceRecorder{" + name + ", lines=" + lines.get() + ", dropped=" + dropped.get() + "}";
  }
}
