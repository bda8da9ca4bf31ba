package chat.parley.messages;

import chat.parley.auth.Session;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomService;
import java.time.Instant;
import java.util.List;

/**
 * Reading messages beyond the room history: threads, sync since a time, deletions and search.
 * Every method first checks that the session may read the room.
 */
public final class MessageReads {
  /** The most one sync answer carries; clients page on with the newest {@code _updatedAt}. */
  static final int SYNC_LIMIT = 1_000;

  private final Transactor db;
  private final MessageStore messages;
  private final RoomService rooms;

  public MessageReads(Transactor db, MessageStore messages, RoomService rooms) {
    this.db = db;
    this.messages = messages;
    this.rooms = rooms;
  }

  private Room readable(Session session, String roomId) {
    Room room = rooms.findById(roomId).orElseThrow(() ->
        new ParleyException.Invalid("error-invalid-room", "Invalid room [error-invalid-room]"));
    try {
      return rooms.requireReadable(session, room);
    } catch (ParleyException.NotAllowed e) {
      throw new ParleyException.Invalid("error-not-allowed", "Not Allowed [error-not-allowed]");
    }
  }

  /** A thread's parent, if the session may read its room. */
  public Message thread(Session session, String threadId) {
    Message parent = db.read(tx -> messages.findById(tx, threadId)).orElseThrow(() ->
        new ParleyException.Invalid("error-invalid-message", "Invalid message [error-invalid-message]"));
    readable(session, parent.roomId());
    return parent;
  }

  public Page<Message> threadMessages(Session session, String threadId, int offset, int count) {
    thread(session, threadId);
    return db.read(tx -> messages.threadMessages(tx, threadId, offset, count));
  }

  public Page<Message> threads(Session session, String roomId, MessageStore.ThreadFilter filter,
      String text, int offset, int count) {
    readable(session, roomId);
    return db.read(tx -> messages.threads(tx, roomId, filter, session.userId(), text, offset, count));
  }

  /** Changes since a time: messages updated, and ids deleted. */
  public record Sync(List<Message> updated, List<MessageStore.Deletion> deleted) {}

  public Sync roomSince(Session session, String roomId, Instant since) {
    readable(session, roomId);
    return db.read(tx -> new Sync(messages.updatedSince(tx, roomId, null, since, SYNC_LIMIT),
        messages.deletedSince(tx, roomId, null, since, 0, SYNC_LIMIT).items()));
  }

  public Sync threadSince(Session session, String threadId, Instant since) {
    Message parent = thread(session, threadId);
    return db.read(tx -> new Sync(
        messages.updatedSince(tx, parent.roomId(), threadId, since, SYNC_LIMIT),
        messages.deletedSince(tx, parent.roomId(), threadId, since, 0, SYNC_LIMIT).items()));
  }

  public Sync threadsSince(Session session, String roomId, Instant since) {
    readable(session, roomId);
    return db.read(tx -> new Sync(messages.threadsUpdatedSince(tx, roomId, since, SYNC_LIMIT),
        List.of()));
  }

  public Page<MessageStore.Deletion> deleted(Session session, String roomId, Instant since,
      int offset, int count) {
    readable(session, roomId);
    return db.read(tx -> messages.deletedSince(tx, roomId, null, since, offset, count));
  }

  /** {@code chat.search}: full text in one room the session may read. */
  public List<Message> search(Session session, String roomId, String text, int offset, int count) {
    readable(session, roomId);
    SearchQuery query = SearchQuery.parse(text == null ? "" : text, session.userId(), session.username());
    if (query.isEmpty()) {
      return List.of();
    }
    return db.read(tx -> {
      // A search sees every message sent before it, however far behind the index is filled.
      messages.awaitSearchIndex(tx);
      return messages.search(tx, roomId, query, offset, count);
    });
  }

  /** Pinned, starred-by-me or mentioning-me messages of a room. */
  public Page<Message> filtered(Session session, String roomId, MessageStore.Filter filter,
      int offset, int count) {
    readable(session, roomId);
    return db.read(tx -> messages.page(tx, roomId, filter, session.userId(), offset, count));
  }
}
