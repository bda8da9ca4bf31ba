package chat.parley.rooms;

import chat.parley.common.UserRef;
import java.time.Instant;
import java.util.List;

/**
 * One user's membership in, and view of, one room: read state ({@code lastSeen} is Rocket.Chat's
 * {@code ls}, {@code lastRead} its {@code lr}), favourite, room roles (owner, moderator, leader).
 */
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
    Instant updatedAt,
    Instant lastRead,
    boolean archived,
    String prid,
    List<String> ignored) {

  public Subscription {
    roles = List.copyOf(roles);
    ignored = ignored == null ? List.of() : List.copyOf(ignored);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
