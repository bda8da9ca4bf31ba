package chat.parley.events;

import chat.parley.messages.Message;
import chat.parley.rooms.Room;
import chat.parley.rooms.Subscription;

/** Every change a client can observe, published after its transaction commits. */
public sealed interface Event {
  record MessageCreated(Message message) implements Event {}

  record MessageUpdated(Message message) implements Event {}

  record MessageDeleted(String messageId, String roomId, String threadId) implements Event {}

  /** A time range of a room's messages was deleted ({@code rooms.cleanHistory}); null = open end. */
  record MessagesPruned(String roomId, java.time.Instant oldest, java.time.Instant latest,
      boolean inclusive, java.util.List<String> usernames) implements Event {}

  record RoomChanged(Room room) implements Event {}

  record RoomDeleted(String roomId) implements Event {}

  /**
   * A membership changed; {@code inserted} when it was just created (Rocket.Chat's
   * {@code clientAction} {@code inserted} rather than {@code updated}).
   */
  record SubscriptionChanged(Subscription subscription, boolean inserted) implements Event {
    public SubscriptionChanged(Subscription subscription) {
      this(subscription, false);
    }
  }

  /** A membership ended (left, removed, room deleted). */
  record SubscriptionRemoved(String userId, String roomId) implements Event {}

  /**
   * Someone is typing (or stopped); never stored. {@code activities} empty means stopped;
   * {@code tmid} (or null) names the thread it happens in.
   */
  record UserActivity(String roomId, String username, java.util.List<String> activities,
      String tmid) implements Event {
    public UserActivity(String roomId, String username, java.util.List<String> activities) {
      this(roomId, username, activities, null);
    }
  }

  /**
   * A user's presence changed: {@code status} is online, away, busy or offline; {@code name} and
   * {@code roles} ride along because Rocket.Chat's {@code user-status} event carries them.
   */
  record UserStatusChanged(String userId, String username, String status, String statusText,
      String name, java.util.List<String> roles) implements Event {
    public UserStatusChanged {
      roles = roles == null ? java.util.List.of() : java.util.List.copyOf(roles);
    }

    public UserStatusChanged(String userId, String username, String status, String statusText) {
      this(userId, username, status, statusText, null, java.util.List.of());
    }
  }

  /**
   * The account was deactivated, deleted or logged out everywhere: its tokens are gone and its
   * sockets must close.
   */
  record UserDeactivated(String userId) implements Event {}

  record UserLoggedOut(String userId, String hashedToken) implements Event {}

  // --- per-user and workspace-wide notices (stream-notify-user, -logged, -all, stream-roles) ---

  /**
   * A desktop notification for one user about a message ({@code <uid>/notification}): the title
   * and text are already worded for that user, as Rocket.Chat's room types word them.
   */
  record DesktopNotification(String userId, String title, String text, String messageId,
      String roomId, String threadId, chat.parley.common.UserRef sender, String roomType,
      String roomName, String messageText, String messageType) implements Event {}

  /** A message only one user sees, never stored ({@code <uid>/message}), e.g. a command's reply. */
  record EphemeralMessage(String userId, String roomId, String messageId, String text,
      java.time.Instant ts) implements Event {}

  /** {@code Users:NameChanged}: a user's display name or username changed. */
  record UserNameChanged(String userId, String username, String name) implements Event {}

  /**
   * {@code Users:Deleted}: the account is gone; its sockets close. {@code messageErasureType} is
   * Rocket.Chat's {@code Delete} / {@code Unlink} / {@code Keep}; {@code replacedBy} may be null.
   */
  record UserDeleted(String userId, String messageErasureType,
      chat.parley.common.UserRef replacedBy) implements Event {}

  /**
   * {@code updateAvatar}: a user's ({@code username}) or a room's ({@code roomId}) avatar changed;
   * for a user also its {@code userId} and Rocket.Chat's {@code avatarOrigin} (null when reset).
   */
  record AvatarChanged(String username, String roomId, String etag, String userId, String origin)
      implements Event {}

  /**
   * {@code roles-change}: a role was {@code added} to or {@code removed} from a user, globally
   * ({@code scope} null) or within a room ({@code scope} = room id).
   */
  record UserRoleChanged(String action, String roleId, chat.parley.common.UserRef user,
      String scope) implements Event {}

  /** stream-roles {@code roles}: a role definition was {@code changed} or {@code removed}. */
  record RoleDefinitionChanged(String action, String roleId, String name, String description,
      String scope, boolean isProtected, boolean mandatory2fa, java.time.Instant updatedAt)
      implements Event {}

  /** {@code permissions-changed}: which roles hold a permission ({@code action}: updated/removed). */
  record PermissionChanged(String action, String permissionId, java.util.List<String> roles,
      java.time.Instant updatedAt) implements Event {}

  /** {@code updateCustomUserStatus} / {@code deleteCustomUserStatus} ({@code deleted} true). */
  record CustomUserStatusChanged(boolean deleted, String id, String name, String statusType)
      implements Event {}

  /**
   * A workspace setting changed: public ones go to everyone ({@code public-settings-changed}),
   * all to those who may see private settings ({@code private-settings-changed}).
   */
  record SettingChanged(String settingId, Object value, boolean isPublic) implements Event {}

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

  /**
   * {@code message} shares an uploaded file (outgoing webhooks' fileUploaded); published after
   * its {@link MessageCreated}.
   */
  record FileUploaded(Message message) implements Event {}

  /**
   * {@code updateEmojiCustom} / {@code deleteEmojiCustom} ({@code deleted} true): a custom emoji
   * was created, changed ({@code previousName} set when renamed) or removed.
   */
  record CustomEmojiChanged(boolean deleted, String id, String name, java.util.List<String> aliases,
      String extension, String etag, String previousName) implements Event {}
}
