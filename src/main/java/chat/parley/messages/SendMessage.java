package chat.parley.messages;

import java.util.List;
import java.util.Map;

/**
 * A user's message to one room, as decoded from {@code chat.sendMessage} or {@code
 * chat.postMessage}. {@code clientId} is the {@code _id} a client chose, or null.
 */
public record SendMessage(
    String clientId,
    String roomId,
    String text,
    String alias,
    String emoji,
    String avatar,
    List<Map<String, Object>> attachments,
    Map<String, Object> customFields,
    Boolean groupable,
    Boolean parseUrls) {}
