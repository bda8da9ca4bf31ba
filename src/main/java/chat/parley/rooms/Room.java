package chat.parley.rooms;

import chat.parley.common.UserRef;
import java.time.Instant;
import java.util.List;

/**
 * A channel, private group or direct message. For direct messages {@code name} is null and
 * {@code usernames}/{@code uids} list the participants; {@code creator}, {@code topic}, {@code
 * lastMessageAt}, {@code lastMessageId} may be null; system messages count in {@code msgs}
 * but never become the room's last message.
 */
public record Room(
    String id,
    RoomType type,
    String name,
    String fname,
    UserRef creator,
    String topic,
    String description,
    String announcement,
    boolean isDefault,
    boolean readOnly,
    boolean archived,
    long msgs,
    int usersCount,
    Instant lastMessageAt,
    String lastMessageId,
    List<String> usernames,
    List<String> uids,
    Instant createdAt,
    Instant updatedAt) {

  public Room {
    usernames = List.copyOf(usernames);
    uids = List.copyOf(uids);
  }
}
