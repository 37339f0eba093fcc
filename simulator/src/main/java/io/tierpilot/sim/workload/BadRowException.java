package io.tierpilot.sim.workload;

/**
 * A problem with one row, thrown by the row parsers without the file and line, which the reader
 * adds when it turns this into a {@link TraceFormatException}. Carries no stack trace: with
 * skip-invalid a malformed trace can throw it once per row.
 */
final class BadRowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param problem what is wrong, naming the field and the value
   */
  BadRowException(String problem) {
    super(problem, null, false, false);
  }

  /** Returns {@code field 'NAME': PROBLEM: 'VALUE'}. */
  static BadRowException field(String field, String problem, String value) {
    return new BadRowException("field '" + field + "': " + problem + ": '" + value + "'");
  }

  /** Returns {@code field 'NAME': missing}. */
  static BadRowException missing(String field) {
    return new BadRowException("field '" + field + "': missing");
  }
}
