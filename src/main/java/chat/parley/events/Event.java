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

  /** The account was deactivated: its tokens are gone and its sockets must close. */
  record UserDeactivated(String userId) implements Event {}

  record UserLoggedOut(String userId, String hashedToken) implements Event {}

  /** A channel or private group was created by {@code ownerId} (outgoing webhooks' roomCreated). */
  record RoomCreated(Room room, String ownerId) implements Event {}

  /** {@code byUserId} archived the room (outgoing webhooks' roomArchived). */
  record RoomArchived(Room room, String byUserId) implements Event {}

  /** {@code userId} joined or was added to the room (outgoing webhooks' roomJoined). */
  record UserJoinedRoom(String roomId, String userId) implements Event {}

  /** {@code userId} left or was removed from the room (outgoing webhooks' roomLeft). */
  record UserLeftRoom(String roomId, String userId) implements Event {}

  /** A user account was created (outgoing webhooks' userCreated). */
  record UserCreated(String userId) implements Event {}
}
