package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesUnits() {
    assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
    assertEquals(Duration.ofSeconds(10), Durations.parse("10s"));
    assertEquals(Duration.ofSeconds(90), Durations.parse("1.5m"));
    assertEquals(Duration.ofMinutes(30), Durations.parse(" 30m "));
    assertEquals(Duration.ofHours(1), Durations.parse("1h"));
    assertEquals(Duration.ofNanos(5), Durations.parse("5ns"));
    assertEquals(Duration.ofNanos(5000), Durations.parse("5us"));
    assertEquals(Duration.ofSeconds(10), Durations.parse("PT10S"));
  }

  @Test
  void rejectsWithTheText() {
    for (String bad : new String[] {"", "10", "s", "10 parsecs", "-5s", "1..2s", "PT-1S"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
      assertTrue(e.getMessage().contains("'"), e.getMessage());
    }
  }

  @Test
  void formatRoundTrips() {
    for (String s : new String[] {"10s", "30m", "1h", "1500ms", "7ns", "3us"}) {
      assertEquals(s, Durations.format(Durations.parse(s)));
    }
  }
}
