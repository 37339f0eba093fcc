package io.tierpilot.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
  @ParameterizedTest
  @CsvSource({
    "1970-01-01 00:00:00, 1970-01-01T00:00:00Z",
    "2023-11-16 18:17:03.9799600, 2023-11-16T18:17:03.979960Z",
    "2024-05-10 00:00:00.009930+00:00, 2024-05-10T00:00:00.009930Z",
    "2024-05-10 00:00:01+00:00, 2024-05-10T00:00:01Z",
    "2025-03-11T00:38:02Z, 2025-03-11T00:38:02Z",
    "2025-03-11T00:38:02.123456789z, 2025-03-11T00:38:02.123456789Z",
    "2025-03-11T06:08:02.5+05:30, 2025-03-11T00:38:02.5Z",
    "2025-03-11T06:08:02+0530, 2025-03-11T00:38:02Z",
    "2025-03-10T16:38:02-08, 2025-03-11T00:38:02Z",
    "2024-02-29 23:59:59.1, 2024-02-29T23:59:59.1Z",
    "2261-12-31 23:59:59.999999999, 2261-12-31T23:59:59.999999999Z"
  })
  void parsesToExactEpochNanos(String text, String iso) {
    Instant expected = Instant.parse(iso);
    long expectedNanos = expected.getEpochSecond() * 1_000_000_000L + expected.getNano();
    assertEquals(expectedNanos, Timestamps.epochNanos("t", text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "2023-11-16",
        "2023-11-16 18:17",
        "2023-11-16 18:17:03.",
        "2023-11-16 18:17:03 ",
        "2023-11-16 18:17:60",
        "2023-11-16 24:00:00",
        "2023-13-01 00:00:00",
        "2023-02-29 00:00:00",
        "2023-11-16 18:17:03.9799600+0",
        "2023-11-16 18:17:03+19:00",
        "2023-11-16 18:17:03 UTC",
        "2023-11-16_18:17:03",
        "+2023-11-16 18:17:03",
        "2300-01-01 00:00:00",
        "1969-12-31 23:59:59.5",
        "1970-01-01 00:30:00+01:00"
      })
  void rejectsWhatIsNotATimestamp(String text) {
    BadRowException e =
        assertThrows(BadRowException.class, () -> Timestamps.epochNanos("TIMESTAMP", text));
    if (!text.isEmpty()) {
      assertEquals("field 'TIMESTAMP': not a timestamp: '" + text + "'", e.getMessage());
    } else {
      assertEquals("field 'TIMESTAMP': missing", e.getMessage());
    }
  }
}
