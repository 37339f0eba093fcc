package io.tierpilot.core;

import java.time.Duration;
import java.util.Objects;

/** Argument checks whose messages name the setting and the value. */
final class Checks {
  private Checks() {}

  static <T> T notNull(T value, String name) {
    return Objects.requireNonNull(value, () -> name + " must not be null");
  }

  static void unset(boolean alreadySet, String name) {
    if (alreadySet) {
      throw new IllegalStateException(name + " was already set");
    }
  }

  static double probability(double value, String name) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
    }
    return value;
  }

  static double openProbability(double value, String name) {
    if (!(value > 0.0 && value < 1.0)) {
      throw new IllegalArgumentException(name + " must be in (0, 1), was " + value);
    }
    return value;
  }

  static double nonNegative(double value, String name) {
    if (!(value >= 0.0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + value);
    }
    return value;
  }

  static double positive(double value, String name) {
    if (!(value > 0.0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number > 0, was " + value);
    }
    return value;
  }

  static long nonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + value);
    }
    return value;
  }

  static long positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
    return value;
  }

  static long positiveNanos(Duration value, String name) {
    notNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    try {
      return value.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(name + " is too long: " + value, e);
    }
  }

  static String notBlank(String value, String name) {
    notNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
