package chat.parley.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;

/**
 * The DDP codec: the same wire objects as REST, but dates as EJSON {@code {"$date": ms}}, as
 * Meteor sends them; it reads both forms.
 */
public final class RcEjson {
  private static final ObjectMapper DDP = build();

  private RcEjson() {}

  public static ObjectMapper mapper() {
    return DDP;
  }

  private static ObjectMapper build() {
    SimpleModule dates = new SimpleModule("rc-ejson-dates");
    dates.addSerializer(Instant.class, new JsonSerializer<>() {
      @Override
      public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("$date", value.toEpochMilli());
        gen.writeEndObject();
      }
    });
    ObjectMapper mapper = RcJson.newMapper();
    mapper.registerModule(dates);
    return mapper;
  }

  public static String write(Object frame) {
    try {
      return DDP.writeValueAsString(frame);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("A DDP frame could not be encoded", e);
    }
  }

  /** A date a client sent: {@code {"$date": ms}}, epoch millis, or an ISO string; else null. */
  public static Instant date(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isObject() && node.has("$date")) {
      return Instant.ofEpochMilli(node.get("$date").asLong());
    }
    if (node.isNumber()) {
      return Instant.ofEpochMilli(node.asLong());
    }
    if (node.isTextual()) {
      try {
        return RcJson.parseDate(node.asText());
      } catch (RuntimeException e) {
        return null;
      }
    }
    return null;
  }
}
