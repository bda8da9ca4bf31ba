package chat.parley.messages;

import java.util.List;
import java.util.Map;

/**
 * A user's message to one room, as decoded from {@code chat.sendMessage} or {@code
 * chat.postMessage}. {@code clientId} is the {@code _id} a client chose, or null; {@code threadId}
 * ({@code tmid}) makes it a thread reply, also shown in the room when {@code tshow}.
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
    Boolean parseUrls,
    String threadId,
    boolean tshow) {

  public SendMessage(String clientId, String roomId, String text, String alias, String emoji,
      String avatar, List<Map<String, Object>> attachments, Map<String, Object> customFields,
      Boolean groupable, Boolean parseUrls) {
    this(clientId, roomId, text, alias, emoji, avatar, attachments, customFields, groupable,
        parseUrls, null, false);
  }

  public SendMessage inRoom(String newRoomId) {
    return new SendMessage(clientId, newRoomId, text, alias, emoji, avatar, attachments,
        customFields, groupable, parseUrls, threadId, tshow);
  }
}
