package chat.parley.messages;

import chat.parley.common.UserRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message. The rarely-queried parts Rocket.Chat clients send ({@code attachments}, {@code
 * customFields}...) are kept as plain maps and lists; null means absent. {@code systemFields} are
 * the extra top-level fields some system messages carry (e.g. {@code role}); {@code details}
 * what happened to it since (thread, edit, pin, reactions, mentions).
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
    Map<String, Object> systemFields,
    MessageDetails details) {

  public Message {
    systemFields = systemFields == null ? Map.of() : Map.copyOf(systemFields);
    details = details == null ? MessageDetails.NONE : details;
  }

  public Message with(MessageDetails newDetails, Instant newUpdatedAt) {
    return new Message(id, roomId, ts, newUpdatedAt, author, text, type, threadId, alias, emoji,
        avatar, attachments, customFields, groupable, parseUrls, bot, systemFields, newDetails);
  }

  public Message withText(String newText, String newType) {
    return new Message(id, roomId, ts, updatedAt, author, newText, newType, threadId, alias, emoji,
        avatar, attachments, customFields, groupable, parseUrls, bot, systemFields, details);
  }

  public boolean isSystem() {
    return type != null;
  }
}
