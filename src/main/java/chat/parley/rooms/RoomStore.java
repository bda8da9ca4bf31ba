package chat.parley.rooms;

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

  /** Inserts a subscription and counts the new member; false when the user was already in. */
  boolean subscribe(Tx tx, Subscription subscription);

  Optional<Subscription> subscription(Tx tx, String roomId, String userId);

  /** One set-based update: every other member gets {@code unread+1} and {@code alert}. */
  void markUnreadForOthers(Tx tx, String roomId, String authorId, Instant at);

  final class DuplicateRoom extends RuntimeException {
    public DuplicateRoom(String message) {
      super(message, null, false, false);
    }
  }
}
