package chat.parley.messages;

import chat.parley.common.Tx;
import java.util.List;
import java.util.Optional;

/** Messages by room and time. */
public interface MessageStore {
  /** Inserts a message; throws {@link DuplicateMessage} when its id is taken. */
  void insert(Tx tx, Message message);

  Optional<Message> findById(Tx tx, String id);

  /** The messages among {@code ids} that exist, by id. */
  java.util.Map<String, Message> findByIds(Tx tx, java.util.Collection<String> ids);

  /** A page of a room's messages, newest first, with the room's total. */
  chat.parley.common.Page<Message> page(Tx tx, String roomId, int offset, int count);

  /**
   * Deletes a room's messages in a time range (both ends included when {@code inclusive}),
   * optionally only those of {@code usernames}; returns how many.
   */
  int deleteRange(Tx tx, String roomId, java.time.Instant oldest, java.time.Instant latest,
      boolean inclusive, List<String> usernames);

  /** A page of a room's history, newest first, per {@link HistoryQuery}. */
  List<Message> history(Tx tx, HistoryQuery query);

  final class DuplicateMessage extends RuntimeException {
    public DuplicateMessage(String message) {
      super(message, null, false, false);
    }
  }
}
