package chat.parley.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON codecs. REST writes dates as ISO-8601 UTC with milliseconds ({@code
 * "2016-12-14T20:56:05.117Z"}), as Rocket.Chat's REST API does; DDP (issue #5) will write EJSON
 * {@code {"$date": ms}} from the same wire objects.
 */
public final class RcJson {
  static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final ObjectMapper REST = build();

  private RcJson() {}

  public static ObjectMapper rest() {
    return REST;
  }

  private static ObjectMapper build() {
    SimpleModule dates = new SimpleModule("rc-rest-dates");
    dates.addSerializer(Instant.class, new JsonSerializer<>() {
      @Override
      public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        gen.writeString(ISO_MILLIS.format(value));
      }
    });
    ObjectMapper mapper = newMapper();
    mapper.registerModule(dates);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    return mapper;
  }

  /**
   * A plain mapper whose buffers are pooled across threads. Jackson's default pool is one per
   * thread, and every request runs on a new virtual thread: creating the generator and its
   * buffers each time was ≈3% of the server's CPU per message in the write benchmark.
   */
  public static ObjectMapper newMapper() {
    return new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
        .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool())
        .build());
  }

  /** An instant as REST writes it, for the few places that build strings themselves. */
  public static String isoMillis(Instant instant) {
    return ISO_MILLIS.format(instant);
  }

  /** Parses an ISO-8601 date as clients send it ({@code updatedSince}, {@code latest}). */
  public static Instant parseDate(String text) {
    return java.time.OffsetDateTime.parse(text.trim()).toInstant();
  }
}
