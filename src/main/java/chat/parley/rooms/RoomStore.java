package chat.parley.rooms;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rooms and their memberships (subscriptions). */
public interface RoomStore {
  /** Inserts a room; throws {@link DuplicateRoom} when the id or channel name is taken. */
  void insert(Tx tx, Room room);

  Optional<Room> findById(Tx tx, String id);

  /** A channel or private group by its exact name. */
  Optional<Room> findByName(Tx tx, String name);

  List<Room> defaultRooms(Tx tx);

  /** Rooms the user is subscribed to, changed after {@code since} when it is not null. */
  List<Room> roomsOfUser(Tx tx, String userId, Instant since);

  /**
   * Counts a new message on the room: {@code msgs}, {@code lm} and {@code _updatedAt}, and makes
   * it the room's last message unless {@code messageId} is null (system messages).
   */
  void recordMessage(Tx tx, String roomId, String messageId, Instant at);

  /**
   * A plain message (no mentions) counted on its room and subscriptions as {@link
   * #recordMessage}, {@link #markUnreadForOthers} (unless {@code threadOnly}) and {@link #markRead}
   * for the sender would, in that order; the store may write it together with the other sends of
   * the same commit.
   */
  void recordSend(Tx tx, String roomId, String senderId, String messageId, Instant at,
      boolean threadOnly, boolean countUnread);

  /** Inserts a subscription and counts the new member; false when the user was already in. */
  boolean subscribe(Tx tx, Subscription subscription);

  Optional<Subscription> subscription(Tx tx, String roomId, String userId);

  /**
   * One set-based update for a new message: every other member gets {@code alert} and {@code
   * open}, and {@code unread+1} when {@code countUnread}.
   */
  void markUnreadForOthers(Tx tx, String roomId, String authorId, boolean countUnread, Instant at);

  /** Saves a room's mutable fields (name, profile, type, flags, join code, custom fields). */
  void update(Tx tx, Room room);

  /**
   * Deletes a room with its subscriptions, messages and invites, recording a removal for every
   * member first.
   */
  void delete(Tx tx, String roomId, Instant at);

  /** Removes a membership and records the removal; false when the user was not a member. */
  boolean unsubscribe(Tx tx, String roomId, String userId, Instant at);

  /** Members of a room, ordered by username; {@code usernameFilter} may be null. */
  /**
   * Members other than {@code excludeUserId} (null: nobody excluded) whose account is active and who are online or away:
   * those a desktop notification can reach. One indexed query, for the per-message hot path.
   */
  List<Subscription> reachableMembers(Tx tx, String roomId, String excludeUserId);

  Page<Subscription> members(Tx tx, String roomId, String usernameFilter, int offset, int count);

  /** Members, owners then moderators then everyone else when {@code ownersFirst}. */
  Page<Subscription> members(Tx tx, String roomId, String usernameFilter, int offset, int count,
      boolean ownersFirst);

  /** Members holding a room role (owner, moderator, leader). */
  List<Subscription> membersWithRole(Tx tx, String roomId, String role);

  /** All subscriptions of a user, changed after {@code since} when it is not null. */
  List<Subscription> subscriptionsOfUser(Tx tx, String userId, Instant since);

  /** Rooms that left the user's view after {@code since}. */
  List<Removal> removalsSince(Tx tx, String userId, Instant since);

  Page<Room> list(Tx tx, RoomQuery query);

  void setSubscriptionRoles(Tx tx, String roomId, String userId, List<String> roles, Instant at);

  /**
   * Counts a mention for each of {@code userIds} (members only): {@code userMentions+1},
   * {@code alert}, {@code open}, and {@code unread+1} when {@code countUnread}.
   */
  void countUserMentions(Tx tx, String roomId, java.util.Collection<String> userIds,
      boolean countUnread, Instant at);

  /** Counts an {@code @all}/{@code @here} for every member but the author. */
  void countGroupMention(Tx tx, String roomId, String authorId, boolean countUnread, Instant at);

  /** Clears unread, alert and mentions, and stamps {@code ls}/{@code lr}. */
  void markRead(Tx tx, String roomId, String userId, Instant at);

  /** Marks the room unread for the user from {@code unreadCount} messages on. */
  void markUnread(Tx tx, String roomId, String userId, int unreadCount, Instant lastSeen, Instant at);

  void setOpen(Tx tx, String roomId, String userId, boolean open, Instant at);

  void setIgnored(Tx tx, String roomId, String userId, List<String> ignored, Instant at);

  void setFavorite(Tx tx, String roomId, String userId, boolean favorite, Instant at);

  boolean isMuted(Tx tx, String roomId, String userId);

  /** Mutes or unmutes; false when nothing changed. */
  boolean setMuted(Tx tx, String roomId, String userId, boolean muted);

  /** Counts a new discussion on its parent ({@code dcount}). */
  void countDiscussion(Tx tx, String parentId, Instant at);

  /** Opens or hides the room for every member (archiving hides it). */
  void setOpenForAll(Tx tx, String roomId, boolean open, Instant at);

  /** Keeps every member's copy of the room's name, type and archived flag in step with it. */
  void syncSubscriptions(Tx tx, Room room, Instant at);

  /** Counts the messages of a room after {@code after} not written by {@code userId}. */
  int countUnread(Tx tx, String roomId, String userId, Instant after);

  final class DuplicateRoom extends RuntimeException {
    public DuplicateRoom(String message) {
      super(message, null, false, false);
    }
  }
}
