package io.tierpilot.bedrock.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/** The encoder's frames are what the AWS SDK's own event-stream codec reads and writes. */
class EventStreamEncoderTest {

  @Test
  void theSdksDecoderReadsOurFrames() {
    byte[] payload =
        "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"héllo\"}}".getBytes(StandardCharsets.UTF_8);
    byte[] frame = EventStreamEncoder.event("contentBlockDelta", payload);
    MessageDecoder decoder = new MessageDecoder();
    // fed in two pieces, as a network would deliver it
    decoder.feed(frame, 0, 7);
    decoder.feed(frame, 7, frame.length - 7);
    List<Message> messages = decoder.getDecodedMessages();
    assertEquals(1, messages.size());
    Message m = messages.get(0);
    assertEquals("contentBlockDelta", m.getHeaders().get(":event-type").getString());
    assertEquals("application/json", m.getHeaders().get(":content-type").getString());
    assertEquals("event", m.getHeaders().get(":message-type").getString());
    assertArrayEquals(payload, m.getPayload());
  }

  @Test
  void ourBytesEqualTheSdksEncoding() {
    byte[] payload = "{\"message\":\"slow down\"}".getBytes(StandardCharsets.UTF_8);
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":exception-type", HeaderValue.fromString("throttlingException"));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("exception"));
    ByteBuffer sdk = new Message(headers, payload).toByteBuffer();
    byte[] expected = new byte[sdk.remaining()];
    sdk.get(expected);
    assertArrayEquals(expected, EventStreamEncoder.exception("throttlingException", payload));
  }

  @Test
  void aCorruptedFrameFailsTheSdksChecksum() {
    byte[] frame =
        EventStreamEncoder.event("chunk", "{\"bytes\":\"AA==\"}".getBytes(StandardCharsets.UTF_8));
    frame[frame.length - 6] ^= 1;
    MessageDecoder decoder = new MessageDecoder();
    assertThrows(IllegalArgumentException.class, () -> decoder.feed(frame));
  }

  @Test
  void tooLongHeadersAreRefused() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x".repeat(256), "v");
    assertThrows(
        IllegalArgumentException.class, () -> EventStreamEncoder.encode(headers, new byte[0]));
  }
}
