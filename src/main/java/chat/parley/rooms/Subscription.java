package chat.parley.rooms;

import chat.parley.common.UserRef;
import java.time.Instant;
import java.util.List;

/** One user's membership in, and view of, one room: read state, favourite, room roles. */
public record Subscription(
    String id,
    String roomId,
    UserRef user,
    RoomType type,
    String name,
    String fname,
    boolean open,
    boolean alert,
    int unread,
    int userMentions,
    int groupMentions,
    boolean favorite,
    List<String> roles,
    Instant lastSeen,
    Instant createdAt,
    Instant updatedAt) {

  public Subscription {
    roles = List.copyOf(roles);
  }
}
