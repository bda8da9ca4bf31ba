package chat.parley.messages;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.common.Tx;
import chat.parley.common.UserRef;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomService;
import chat.parley.rooms.RoomStore;
import chat.parley.settings.Settings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sending messages (and thread replies) and reading them back. */
public final class MessageService {
  private final Transactor db;
  private final MessageStore messages;
  private final RoomStore rooms;
  private final RoomService roomService;
  private final Mentions mentions;
  private final Settings settings;
  private final EventHub events;
  private final Clock clock;

  public MessageService(Transactor db, MessageStore messages, RoomStore rooms,
      RoomService roomService, Mentions mentions, Settings settings, EventHub events, Clock clock) {
    this.db = db;
    this.messages = messages;
    this.rooms = rooms;
    this.roomService = roomService;
    this.mentions = mentions;
    this.settings = settings;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Stores a message from the session's user and counts it on the room, the other members'
   * subscriptions, the mentioned users and, for a reply, the thread — all in one transaction;
   * publishes {@link Event.MessageCreated} after commit.
   */
  public Message send(Session session, SendMessage cmd) {
    checkSize(cmd.text(), cmd.attachments(), true);
    if (cmd.roomId() != null) {
      // Check access outside the writer (from memory when nothing changed) so it only writes.
      Room room = roomService.requirePostable(session, cmd.roomId());
      return db.write(tx -> store(tx, session, room, cmd));
    }
    return db.write(tx -> {
      String roomId = cmd.roomId();
      if (roomId == null && cmd.threadId() != null) {
        roomId = messages.findById(tx, cmd.threadId()).map(Message::roomId).orElse(null);
      }
      if (roomId == null) {
        throw new ParleyException.Invalid("error-invalid-params",
            "The 'rid' property on the message object is missing.");
      }
      Room room = roomService.requirePostable(tx, session, roomId);
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
    if (channel == null) {
      // A room id: check access outside the writer so it only writes.
      Room room = roomService.requirePostable(session, cmd.roomId());
      return db.write(tx -> store(tx, session, room, cmd));
    }
    return db.write(tx -> {
      String roomId = channel != null
          ? roomService.resolvePostTarget(tx, session, channel).id()
          : cmd.roomId();
      Room room = roomService.requirePostable(tx, session, roomId);
      return store(tx, session, room, cmd);
    });
  }

  /**
   * An incoming webhook's post: like {@code chat.postMessage} by the integration's user, who may
   * set alias, avatar and emoji without {@code message-impersonate}, as in Rocket.Chat.
   */
  public Message postAsIntegration(Session session, String channel, SendMessage cmd) {
    checkSize(cmd.text(), cmd.attachments(), false);
    return db.write(tx -> {
      Room room = roomService.requirePostable(tx, session,
          roomService.resolvePostTarget(tx, session, channel).id());
      return store(tx, session, room, cmd);
    });
  }

  /**
   * Rocket.Chat's {@code Unread_Count} ({@code user_and_group_mentions_only} by default) and
   * {@code Unread_Count_DM} ({@code all_messages}).
   */
  private String unreadSetting(Room room) {
    return settings.string(room.isDirect() ? "Unread_Count_DM" : "Unread_Count");
  }

  /**
   * A file message ({@code rooms.upload}, {@code rooms.mediaConfirm}): like {@link #send} into
   * {@code cmd.roomId()}, with Rocket.Chat's top-level {@code file}/{@code files} fields; publishes
   * {@link Event.MessageCreated} after commit.
   */
  public Message sendFile(Session session, SendMessage cmd, Map<String, Object> fileFields) {
    checkSize(cmd.text(), cmd.attachments(), true);
    Room room = db.read(tx -> roomService.requirePostable(tx, session, cmd.roomId()));
    return db.write(tx -> {
      Message sent = store(tx, session, room, cmd, fileFields);
      tx.afterCommit(() -> events.publish(new Event.FileUploaded(sent)));
      return sent;
    });
  }

  /**
   * Replaces a file message's attachments and {@code file}/{@code files} (a thumbnail arrived, a
   * file was deleted; keys absent from {@code fileFields} are removed); publishes {@link
   * Event.MessageUpdated} after commit. Empty if the message is gone.
   */
  public java.util.Optional<Message> replaceFileFields(String messageId,
      List<Map<String, Object>> attachments, Map<String, Object> fileFields) {
    return db.write(tx -> messages.findById(tx, messageId).map(m -> {
      Map<String, Object> fields = new java.util.LinkedHashMap<>(m.systemFields());
      fields.remove("file");
      fields.remove("files");
      fields.putAll(fileFields);
      Message updated = new Message(m.id(), m.roomId(), m.ts(), clock.instant(), m.author(),
          m.text(), m.type(), m.threadId(), m.alias(), m.emoji(), m.avatar(), attachments,
          m.customFields(), m.groupable(), m.parseUrls(), m.bot(), fields, m.details());
      messages.update(tx, updated);
      tx.afterCommit(() -> events.publish(new Event.MessageUpdated(updated)));
      return updated;
    }));
  }

  private Message store(Tx tx, Session session, Room room, SendMessage cmd) {
    return store(tx, session, room, cmd, Map.of());
  }

  private Message store(Tx tx, Session session, Room room, SendMessage cmd,
      Map<String, Object> systemFields) {
    Instant now = clock.instant();
    String id = cmd.clientId() != null ? cmd.clientId() : Ids.newTimeOrderedId(now.toEpochMilli());
    Message parent = cmd.threadId() == null ? null : threadRoot(tx, room, cmd.threadId());
    boolean tshow = parent != null && cmd.tshow();
    Mentions.Resolved mentioned = mentions.resolve(tx, cmd.text(), session.userId());
    MessageDetails details = new MessageDetails(tshow, 0, null, List.of(), null, null, false, null,
        null, Map.of(), mentioned.users(), mentioned.channels());
    Message message = new Message(id, room.id(), now, now, session.ref(),
        cmd.text() == null ? "" : cmd.text(), null, parent == null ? null : parent.id(),
        cmd.alias(), cmd.emoji(), cmd.avatar(), cmd.attachments(), cmd.customFields(),
        cmd.groupable(), cmd.parseUrls(), session.roles().contains("bot"), systemFields, details);
    try {
      messages.insert(tx, message);
    } catch (MessageStore.DuplicateMessage e) {
      throw new ParleyException.Conflict("error-duplicate-message-id",
          "A message with this _id already exists [error-duplicate-message-id]");
    }
    boolean threadOnly = parent != null && !tshow;
    String setting = unreadSetting(room);
    boolean allMessages = "all_messages".equals(setting);
    if (mentioned.users().isEmpty()) {
      // The common case, written together with the commit's other sends to this room.
      rooms.recordSend(tx, room.id(), session.userId(), id, now, threadOnly, allMessages);
    } else {
      // A reply only inside a thread counts in msgs but is not the room's last message.
      rooms.recordMessage(tx, room.id(), threadOnly ? null : id, now);
      if (!threadOnly) {
        rooms.markUnreadForOthers(tx, room.id(), session.userId(), allMessages, now);
      }
      countMentions(tx, room, session, message, setting, allMessages && !threadOnly, now);
      rooms.markRead(tx, room.id(), session.userId(), now);
    }
    if (parent != null) {
      recordReply(tx, parent, session.ref(), now);
    }
    tx.afterCommit(() -> events.publish(new Event.MessageCreated(message)));
    return message;
  }

  private void countMentions(Tx tx, Room room, Session session, Message message, String setting,
      boolean unreadAlreadyCounted, Instant now) {
    List<String> userIds = message.details().mentions().stream()
        .map(UserRef::id)
        .filter(uid -> !uid.equals("all") && !uid.equals("here") && !uid.equals(session.userId()))
        .toList();
    boolean countUser = !unreadAlreadyCounted && (room.isDirect() || !setting.equals("group_mentions_only"));
    if (!userIds.isEmpty()) {
      rooms.countUserMentions(tx, room.id(), userIds, countUser, now);
    }
    if (message.details().mentionsAll()) {
      boolean countGroup = !unreadAlreadyCounted
          && (room.isDirect() || !setting.equals("user_mentions_only"));
      rooms.countGroupMention(tx, room.id(), session.userId(), countGroup, now);
    }
  }

  /** The thread a reply goes to: the parent, or the parent's own thread if it is a reply. */
  private Message threadRoot(Tx tx, Room room, String tmid) {
    Message parent = messages.findById(tx, tmid).orElseThrow(() ->
        new ParleyException.Invalid("error-invalid-message", "Invalid message [error-invalid-message]"));
    if (parent.threadId() != null) {
      parent = messages.findById(tx, parent.threadId()).orElse(parent);
    }
    if (!parent.roomId().equals(room.id())) {
      throw new ParleyException.Invalid("error-invalid-message",
          "The thread does not belong to this room [error-invalid-message]");
    }
    return parent;
  }

  /** The parent gains {@code tcount}, {@code tlm} and the replier among its followers. */
  private void recordReply(Tx tx, Message parent, UserRef replier, Instant now) {
    List<String> replies = new ArrayList<>(parent.details().replies());
    if (parent.details().tcount() == 0 && !parent.isSystem() && !replies.contains(parent.author().id())) {
      replies.add(parent.author().id());
    }
    if (!replies.contains(replier.id())) {
      replies.add(replier.id());
    }
    Message updated = parent.with(parent.details().withThread(parent.details().tcount() + 1, now,
        replies), now);
    messages.update(tx, updated);
    messages.follow(tx, parent.id(), parent.roomId(), replier.id());
    if (!parent.isSystem()) {
      messages.follow(tx, parent.id(), parent.roomId(), parent.author().id());
    }
    tx.afterCommit(() -> events.publish(new Event.MessageUpdated(updated)));
  }

  void checkSize(String text, List<Map<String, Object>> attachments, boolean strict) {
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
  public Map<String, Message> byIds(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return db.read(tx -> messages.findByIds(tx, ids));
  }

  /** Which of these messages the session's user starred (one query for a whole page). */
  public Set<String> starredBy(Session session, Collection<String> messageIds) {
    if (messageIds.isEmpty()) {
      return Set.of();
    }
    return db.read(tx -> messages.starredAmong(tx, session.userId(), messageIds));
  }

  /** {@code channels.messages}: a page of the room's messages, newest first, with the total. */
  public Page<Message> page(Session session, Room room, MessageStore.Filter filter, int offset,
      int count) {
    roomService.requireReadable(session, room);
    return db.read(tx -> messages.page(tx, room.id(), filter, session.userId(), offset, count));
  }

  public Page<Message> page(Session session, Room room, int offset, int count) {
    return page(session, room, MessageStore.Filter.NONE, offset, count);
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
    return db.write(tx -> {
      int count = messages.deleteRange(tx, room.id(), oldest, latest, inclusive, usernames);
      if (count > 0) {
        tx.afterCommit(() -> events.publish(new Event.MessagesPruned(room.id(), oldest, latest,
            inclusive, usernames == null ? List.of() : List.copyOf(usernames))));
      }
      return count;
    });
  }

  /** A page of a room's history, newest first, if the session may read the room. */
  public List<Message> history(Session session, Room room, HistoryQuery query) {
    roomService.requireReadable(session, room);
    return db.read(tx -> messages.history(tx, query));
  }
}
