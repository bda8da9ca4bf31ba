package chat.parley.messages;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomService;
import chat.parley.rooms.RoomStore;
import chat.parley.settings.Settings;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Sending and reading messages. */
public final class MessageService {
  private final Transactor db;
  private final MessageStore messages;
  private final RoomStore rooms;
  private final RoomService roomService;
  private final Settings settings;
  private final EventHub events;
  private final Clock clock;

  public MessageService(Transactor db, MessageStore messages, RoomStore rooms,
      RoomService roomService, Settings settings, EventHub events, Clock clock) {
    this.db = db;
    this.messages = messages;
    this.rooms = rooms;
    this.roomService = roomService;
    this.settings = settings;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Stores a message from the session's user and counts it on the room and on the other members'
   * subscriptions, all in one transaction; publishes {@link Event.MessageCreated} after commit.
   */
  public Message send(Session session, SendMessage cmd) {
    checkSize(cmd.text(), cmd.attachments(), true);
    return db.write(tx -> {
      Room room = roomService.requirePostable(tx, session, cmd.roomId());
      return store(tx, session, room, cmd);
    });
  }

  /**
   * {@code chat.postMessage}: resolves {@code channel} ({@code #name}, {@code @user}, id or
   * name), joining or opening the room as Rocket.Chat does, then sends.
   */
  public Message post(Session session, String channel, SendMessage cmd) {
    if ((cmd.alias() != null || cmd.avatar() != null) && !session.can("message-impersonate")) {
      throw new ParleyException.Invalid("error-action-not-allowed", "Not enough permission");
    }
    checkSize(cmd.text(), cmd.attachments(), false);
    return db.write(tx -> {
      String roomId = channel != null
          ? roomService.resolvePostTarget(tx, session, channel).id()
          : cmd.roomId();
      Room room = roomService.requirePostable(tx, session, roomId);
      return store(tx, session, room, cmd);
    });
  }

  /**
   * Rocket.Chat's {@code Unread_Count} ({@code user_and_group_mentions_only} by default) and
   * {@code Unread_Count_DM} ({@code all_messages}): whether a plain message raises {@code unread}.
   */
  private boolean countsAsUnread(Room room) {
    String setting = room.isDirect() ? "Unread_Count_DM" : "Unread_Count";
    return "all_messages".equals(settings.string(setting));
  }

  private Message store(chat.parley.common.Tx tx, Session session, Room room, SendMessage cmd) {
    String roomId = room.id();
    Instant now = clock.instant();
    String id = cmd.clientId() != null ? cmd.clientId() : Ids.newId();
    Message message = new Message(id, roomId, now, now, session.ref(),
        cmd.text() == null ? "" : cmd.text(), null, null, cmd.alias(), cmd.emoji(), cmd.avatar(),
        cmd.attachments(), cmd.customFields(), cmd.groupable(), cmd.parseUrls(),
        session.roles().contains("bot"), Map.of());
    try {
      messages.insert(tx, message);
    } catch (MessageStore.DuplicateMessage e) {
      throw new ParleyException.Conflict("error-duplicate-message-id",
          "A message with this _id already exists [error-duplicate-message-id]");
    }
    rooms.recordMessage(tx, roomId, id, now);
    rooms.markUnreadForOthers(tx, roomId, session.userId(), countsAsUnread(room), now);
    rooms.markRead(tx, roomId, session.userId(), now);
    tx.afterCommit(() -> events.publish(new Event.MessageCreated(message)));
    return message;
  }

  private void checkSize(String text, List<Map<String, Object>> attachments, boolean strict) {
    int max = settings.integer("Message_MaxAllowedSize");
    boolean tooLong = text != null && text.length() > max;
    if (!tooLong && attachments != null) {
      tooLong = attachments.stream()
          .map(a -> a.get("text"))
          .anyMatch(t -> t instanceof String s && s.length() > max);
    }
    if (tooLong) {
      throw strict
          ? new ParleyException.Invalid("error-message-size-exceeded",
              "Message size exceeds Message_MaxAllowedSize [error-message-size-exceeded]",
              Map.of("method", "sendMessage"))
          : new ParleyException.Invalid("error-message-size-exceeded",
              "error-message-size-exceeded");
    }
  }

  /** One message, if the session may read its room. */
  public Message get(Session session, String messageId) {
    Message message = db.read(tx -> messages.findById(tx, messageId))
        .orElseThrow(() -> new ParleyException.NotFound("error-message-not-found",
            "Message not found"));
    Room room = roomService.findById(message.roomId())
        .orElseThrow(() -> new ParleyException.NotFound("error-message-not-found",
            "Message not found"));
    try {
      roomService.requireReadable(session, room);
    } catch (ParleyException.NotAllowed e) {
      throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]",
          Map.of("method", "getSingleMessage"));
    }
    return message;
  }

  /** The messages with these ids, in one query; the caller has checked access to their rooms. */
  public Map<String, Message> byIds(java.util.Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return db.read(tx -> messages.findByIds(tx, ids));
  }

  /** {@code channels.messages}: a page of the room's messages, newest first, with the total. */
  public chat.parley.common.Page<Message> page(Session session, Room room, int offset, int count) {
    roomService.requireReadable(session, room);
    return db.read(tx -> messages.page(tx, room.id(), offset, count));
  }

  /**
   * {@code rooms.cleanHistory}: deletes a time range of a room's messages. Needs {@code
   * clean-channel-history}.
   */
  public int cleanHistory(Session session, Room room, Instant oldest, Instant latest,
      boolean inclusive, List<String> usernames) {
    roomService.requireReadable(session, room);
    if (!session.can("clean-channel-history")) {
      throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]");
    }
    return db.write(tx -> messages.deleteRange(tx, room.id(), oldest, latest, inclusive, usernames));
  }

  /** A page of a room's history, newest first, if the session may read the room. */
  public List<Message> history(Session session, Room room, HistoryQuery query) {
    roomService.requireReadable(session, room);
    return db.read(tx -> messages.history(tx, query));
  }
}
