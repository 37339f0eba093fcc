package io.tierpilot.sim.workload;

/** A malformed row in a trace: names the file, the line and the problem. */
public final class TraceFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long line;

  /**
   * Creates the exception.
   *
   * @param file the trace file as the user named it
   * @param line the 1-based line number, or 0 if not line-based
   * @param problem what is wrong, naming the field and the value
   */
  public TraceFormatException(String file, long line, String problem) {
    super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    this.file = file;
    this.line = line;
  }

  /** Returns the file. */
  public String file() {
    return file;
  }

  /** Returns the 1-based line, or 0. */
  public long line() {
    return line;
  }
}
