package io.tierpilot.sim.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Opens trace files for line-by-line reading, gunzipping those whose name ends with {@code .gz}.
 */
final class TraceFiles {
  private static final int BUFFER_BYTES = 1 << 16;

  private TraceFiles() {}

  /**
   * Opens a UTF-8 text file, transparently decompressing it when its name ends with {@code .gz}
   * (any case).
   *
   * @param path the file; not null
   * @return a buffered reader that the caller closes; a compressed file cut short ends at its last
   *     whole line, and {@link Lines#cutShort()} says so
   * @throws java.nio.file.NoSuchFileException if the file does not exist (the message is the path)
   * @throws IOException if the file cannot be opened or its gzip header is invalid
   */
  static Lines open(Path path) throws IOException {
    InputStream raw = Files.newInputStream(path);
    try {
      CutShort cut = isGzip(path) ? new CutShort(new GZIPInputStream(raw, BUFFER_BYTES)) : null;
      InputStream in = cut != null ? cut : raw;
      return new Lines(new InputStreamReader(in, StandardCharsets.UTF_8), cut);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** The lines of a trace file; knows whether a compressed file ended in the middle. */
  static final class Lines extends BufferedReader {
    private final CutShort cut;

    Lines(InputStreamReader in, CutShort cut) {
      super(in, BUFFER_BYTES);
      this.cut = cut;
    }

    /**
     * Whether the file is compressed, ended in the middle of its compressed data (a writer that
     * never closed it) and in the middle of a line, which was dropped: the lines read end at its
     * last whole line, and this is true once the end has been read. A file cut at a line boundary
     * (a writer that flushed whole lines, then died) loses nothing and reads as complete.
     */
    boolean cutShort() {
      return cut != null && cut.cut && cut.dropped;
    }

    /** What ended the compressed data early, or null. */
    String cutReason() {
      return cut == null ? null : cut.reason;
    }
  }

  /**
   * Ends a decompressed stream cleanly where its compressed data stops early, at the last whole
   * line: the bytes after the last newline before the cut are dropped (they may be half a row), and
   * {@link #cut} says it happened.
   */
  static final class CutShort extends InputStream {
    private final InputStream in;
    private byte[] buf = new byte[BUFFER_BYTES];
    private int start; // buf[start, end) is decoded and not yet delivered
    private int end;
    private int safe; // buf[start, safe) may be delivered: up to the last newline seen
    private boolean eof;
    volatile boolean cut;
    volatile boolean dropped;
    String reason;

    CutShort(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (safe == start) {
        if (eof) {
          if (start == end || cut) {
            dropped |= start < end; // a cut-off tail is dropped
            start = end = safe = 0;
            return -1;
          }
          safe = end; // a whole file may end without a newline
          break;
        }
        fill();
      }
      int n = Math.min(len, safe - start);
      System.arraycopy(buf, start, b, off, n);
      start += n;
      return n;
    }

    private void fill() throws IOException {
      if (start > 0) {
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        safe -= start;
        start = 0;
      }
      if (end == buf.length) {
        buf = java.util.Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
      }
      int r;
      try {
        r = in.read(buf, end, buf.length - end);
      } catch (java.io.EOFException e) {
        cut = true;
        reason = e.getMessage() != null ? e.getMessage() : "unexpected end of file";
        eof = true;
        return;
      }
      if (r < 0) {
        eof = true;
        return;
      }
      for (int i = end + r - 1; i >= end; i--) {
        if (buf[i] == '\n') {
          safe = i + 1;
          break;
        }
      }
      end += r;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Returns whether the file name ends with {@code .gz}. */
  static boolean isGzip(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".gz");
  }

  /** Returns the file name of a path, or the path itself if it has none. */
  static String fileName(Path path) {
    Path name = path.getFileName();
    return name == null ? path.toString() : name.toString();
  }

  /** Removes a leading UTF-8 byte order mark, if any. */
  static String stripBom(String line) {
    return line != null && !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
  }

  /** Closes a reader after a failure, adding any close failure to the original one. */
  static void closeAfterFailure(AutoCloseable closeable, Throwable failure) {
    try {
      closeable.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }
}
