package chat.parley.messages;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Messages by room, time and thread, with their mentions, stars, followers and tombstones. */
public interface MessageStore {
  /** Inserts a message and its mentions; throws {@link DuplicateMessage} when its id is taken. */
  void insert(Tx tx, Message message);

  /** Saves text, type, details and {@code _updatedAt}; mentions are re-indexed. */
  void update(Tx tx, Message message);

  /** Deletes a message, leaving a tombstone for sync. */
  void delete(Tx tx, Message message, Instant at);

  Optional<Message> findById(Tx tx, String id);

  /** The messages among {@code ids} that exist, by id. */
  Map<String, Message> findByIds(Tx tx, Collection<String> ids);

  /** What a page of {@code channels.messages} may be narrowed to. */
  enum Filter { NONE, PINNED, STARRED_BY_USER, MENTIONING_USER, DISCUSSIONS }

  /** A page of a room's messages, newest first, with the total; {@code userId} for user filters. */
  Page<Message> page(Tx tx, String roomId, Filter filter, String userId, int offset, int count);

  /** A page of a room's history, newest first, per {@link HistoryQuery}. */
  List<Message> history(Tx tx, HistoryQuery query);

  /** A thread's replies, oldest first. */
  Page<Message> threadMessages(Tx tx, String threadId, int offset, int count);

  /** Which thread parents a threads list shows. */
  enum ThreadFilter { ALL, FOLLOWING, UNREAD }

  /** Thread parents of a room, most recently replied first; {@code text} narrows by content. */
  Page<Message> threads(Tx tx, String roomId, ThreadFilter filter, String userId, String text,
      int offset, int count);

  /** Messages of a room (or of one thread) changed after {@code since}. */
  List<Message> updatedSince(Tx tx, String roomId, String threadId, Instant since, int limit);

  /** Thread parents of a room changed after {@code since}. */
  List<Message> threadsUpdatedSince(Tx tx, String roomId, Instant since, int limit);

  /** Messages of a room deleted after {@code since} (ids and times). */
  Page<Deletion> deletedSince(Tx tx, String roomId, String threadId, Instant since, int offset,
      int count);

  record Deletion(String messageId, Instant deletedAt) {}

  void follow(Tx tx, String threadId, String roomId, String userId);

  void unfollow(Tx tx, String threadId, String userId);

  /** Stars or unstars; false when nothing changed. */
  boolean star(Tx tx, Message message, String userId, boolean star, Instant at);

  /** Which of {@code messageIds} {@code userId} has starred. */
  Set<String> starredAmong(Tx tx, String userId, Collection<String> messageIds);

  /**
   * Full-text search in one room, newest first. No total is counted: counting every match of a
   * common word costs far more than the page (bench/README.md, issue #4).
   */
  List<Message> search(Tx tx, String roomId, SearchQuery query, int offset, int count);

  /**
   * Makes every message committed so far searchable (the index may be filled behind the
   * writes); call in a read before {@link #search}.
   */
  void awaitSearchIndex(Tx tx);

  /**
   * Deletes a room's messages in a time range (both ends included when {@code inclusive}),
   * optionally only those of {@code usernames}; returns how many.
   */
  int deleteRange(Tx tx, String roomId, Instant oldest, Instant latest, boolean inclusive,
      List<String> usernames);

  final class DuplicateMessage extends RuntimeException {
    public DuplicateMessage(String message) {
      super(message, null, false, false);
    }
  }
}
