package chat.parley.messages;

import chat.parley.common.UserRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message. The rarely-queried parts Rocket.Chat clients send ({@code attachments}, {@code
 * customFields}...) are kept as plain maps and lists; null means absent. {@code systemFields} are
 * the extra top-level fields some system messages carry (e.g. {@code role}).
 *
 * @param type Rocket.Chat's {@code t}: null for a user message, e.g. {@code uj} for a system one
 */
public record Message(
    String id,
    String roomId,
    Instant ts,
    Instant updatedAt,
    UserRef author,
    String text,
    String type,
    String threadId,
    String alias,
    String emoji,
    String avatar,
    List<Map<String, Object>> attachments,
    Map<String, Object> customFields,
    Boolean groupable,
    Boolean parseUrls,
    boolean bot,
    Map<String, Object> systemFields) {

  public Message {
    systemFields = systemFields == null ? Map.of() : Map.copyOf(systemFields);
  }
}
