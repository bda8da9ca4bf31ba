package chat.parley.events;

import chat.parley.messages.Message;
import chat.parley.rooms.Room;
import chat.parley.rooms.Subscription;

/** Every change a client can observe, published after its transaction commits. */
public sealed interface Event {
  record MessageCreated(Message message) implements Event {}

  record MessageUpdated(Message message) implements Event {}

  record MessageDeleted(String messageId, String roomId, String threadId) implements Event {}

  record RoomChanged(Room room) implements Event {}

  record RoomDeleted(String roomId) implements Event {}

  record SubscriptionChanged(Subscription subscription) implements Event {}

  /** A membership ended (left, removed, room deleted). */
  record SubscriptionRemoved(String userId, String roomId) implements Event {}

  /** Someone is typing (or stopped); never stored. {@code activities} empty means stopped. */
  record UserActivity(String roomId, String username, java.util.List<String> activities)
      implements Event {}

  /** A user's presence changed: {@code status} is online, away, busy or offline. */
  record UserStatusChanged(String userId, String username, String status, String statusText)
      implements Event {}

  /**
   * The account was deactivated, deleted or logged out everywhere: its tokens are gone and its
   * sockets must close.
   */
  record UserDeactivated(String userId) implements Event {}

  record UserLoggedOut(String userId, String hashedToken) implements Event {}

  /** A user's global roles changed: cached sessions of theirs must be rebuilt. */
  record UserRolesChanged(String userId) implements Event {}

  /**
   * A workspace-wide notice on Rocket.Chat's {@code stream-notify-logged} ({@code
   * permissions-changed}, {@code roles-change}, {@code updateCustomUserStatus}, ...); {@code args}
   * are the event's arguments, already in wire shape.
   */
  record LoggedNotice(String eventName, java.util.List<Object> args) implements Event {}
}
