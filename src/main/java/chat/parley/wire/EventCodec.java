package chat.parley.wire;

import chat.parley.events.Event;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Events between Parley nodes: {@code {"type": "MessageCreated", "event": {...}}}, the record's
 * components as JSON, instants as ISO-8601 text (nanosecond exact). Not a client wire format.
 */
public final class EventCodec {
  private static final ObjectMapper JSON = build();
  private static final Map<String, Class<?>> TYPES = types();

  private EventCodec() {}

  private static ObjectMapper build() {
    SimpleModule instants = new SimpleModule("parley-event-instants");
    instants.addSerializer(Instant.class, new JsonSerializer<>() {
      @Override
      public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        gen.writeString(value.toString());
      }
    });
    instants.addDeserializer(Instant.class, new JsonDeserializer<>() {
      @Override
      public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        return Instant.parse(p.getValueAsString());
      }
    });
    ObjectMapper mapper = RcJson.newMapper();
    mapper.registerModule(instants);
    // Only the record components travel: no derived isX()/getX() helpers.
    mapper.setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    return mapper;
  }

  private static Map<String, Class<?>> types() {
    Map<String, Class<?>> types = new HashMap<>();
    for (Class<?> type : Event.class.getPermittedSubclasses()) {
      types.put(type.getSimpleName(), type);
    }
    return Map.copyOf(types);
  }

  public static String encode(Event event) {
    try {
      return JSON.writeValueAsString(Map.of("type", event.getClass().getSimpleName(),
          "event", event));
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot encode " + event.getClass().getSimpleName(), e);
    }
  }

  /** The event, or an exception when the text is not one (e.g. from a newer node). */
  public static Event decode(String text) {
    try {
      JsonNode root = JSON.readTree(text);
      Class<?> type = TYPES.get(root.path("type").asText());
      if (type == null) {
        throw new IllegalArgumentException("Unknown event type " + root.path("type").asText());
      }
      return (Event) JSON.treeToValue(root.get("event"), type);
    } catch (IOException e) {
      throw new IllegalArgumentException("Not an event: " + e.getMessage(), e);
    }
  }
}
