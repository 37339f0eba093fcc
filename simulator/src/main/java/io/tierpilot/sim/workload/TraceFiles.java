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
   * @return a buffered reader that the caller closes
   * @throws java.nio.file.NoSuchFileException if the file does not exist (the message is the path)
   * @throws IOException if the file cannot be opened or its gzip header is invalid
   */
  static BufferedReader open(Path path) throws IOException {
    InputStream raw = Files.newInputStream(path);
    try {
      InputStream in = isGzip(path) ? new GZIPInputStream(raw, BUFFER_BYTES) : raw;
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER_BYTES);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
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
