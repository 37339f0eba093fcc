package io.tierpilot.bedrock.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Encodes messages in the AWS event-stream binary framing that Bedrock's streaming operations use.
 *
 * <pre>
 *   prelude   total length (4 bytes, big-endian, the whole message)
 *             headers length (4 bytes)
 *             prelude CRC32 (4 bytes, over the 8 bytes above)
 *   headers   per header: name length (1 byte), name (UTF-8), value type (1 byte, 7 = string),
 *             value length (2 bytes), value (UTF-8)
 *   payload   the event's bytes (JSON here)
 *   trailer   message CRC32 (4 bytes, over everything before it)
 * </pre>
 *
 * Only string headers are written: {@code :event-type}, {@code :content-type}, {@code
 * :message-type} and, for exception events, {@code :exception-type}. Stateless and thread-safe.
 */
final class EventStreamEncoder {
  private static final byte STRING_TYPE = 7;
  private static final int PRELUDE_BYTES = 12;
  private static final int CRC_BYTES = 4;

  private EventStreamEncoder() {}

  /**
   * Encodes an event message ({@code :message-type event}) with a JSON payload.
   *
   * @param eventType the {@code :event-type}, for example {@code contentBlockDelta}; not null
   * @param jsonPayload the payload; not null
   * @return the framed message
   */
  static byte[] event(String eventType, byte[] jsonPayload) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":event-type", eventType);
    headers.put(":content-type", "application/json");
    headers.put(":message-type", "event");
    return encode(headers, jsonPayload);
  }

  /**
   * Encodes an exception message ({@code :message-type exception}) with a JSON payload.
   *
   * @param exceptionType the {@code :exception-type}, for example {@code throttlingException}
   * @param jsonPayload the payload, usually {@code {"message": ...}}; not null
   * @return the framed message
   */
  static byte[] exception(String exceptionType, byte[] jsonPayload) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":exception-type", exceptionType);
    headers.put(":content-type", "application/json");
    headers.put(":message-type", "exception");
    return encode(headers, jsonPayload);
  }

  /**
   * Encodes one message with string headers, in the map's iteration order.
   *
   * @param headers header names (at most 255 UTF-8 bytes) and values (at most 32767 bytes)
   * @param payload the payload; not null
   * @return the framed message
   * @throws IllegalArgumentException if a header name or value is too long
   */
  static byte[] encode(Map<String, String> headers, byte[] payload) {
    int headersLength = 0;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      byte[] name = h.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = h.getValue().getBytes(StandardCharsets.UTF_8);
      if (name.length > 255 || value.length > Short.MAX_VALUE) {
        throw new IllegalArgumentException("header too long: " + h.getKey());
      }
      headersLength += 1 + name.length + 1 + 2 + value.length;
    }
    int total = PRELUDE_BYTES + headersLength + payload.length + CRC_BYTES;
    ByteBuffer out = ByteBuffer.allocate(total);
    out.putInt(total);
    out.putInt(headersLength);
    out.putInt(crc(out.array(), 0, 8));
    for (Map.Entry<String, String> h : headers.entrySet()) {
      byte[] name = h.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = h.getValue().getBytes(StandardCharsets.UTF_8);
      out.put((byte) name.length);
      out.put(name);
      out.put(STRING_TYPE);
      out.putShort((short) value.length);
      out.put(value);
    }
    out.put(payload);
    out.putInt(crc(out.array(), 0, total - CRC_BYTES));
    return out.array();
  }

  private static int crc(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
