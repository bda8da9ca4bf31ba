package chat.parley.integrations;

import java.time.Instant;
import java.util.Map;

/**
 * One delivery attempt of an outgoing webhook, as Rocket.Chat's {@code IIntegrationHistory}:
 * {@code fields} holds its documented fields ({@code step}, {@code event}, {@code data}, {@code
 * url}, {@code httpCallData}, {@code httpResult}, {@code httpError}, {@code error}, {@code
 * finished}, {@code triggerWord}, {@code resultMessage}...) as plain values, instants as ISO text.
 */
public record HistoryEntry(String id, String integrationId, Instant createdAt, Instant updatedAt,
    Map<String, Object> fields) {

  public HistoryEntry {
    fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
  }
}
