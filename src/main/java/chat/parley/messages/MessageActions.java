package chat.parley.messages;

import chat.parley.auth.Session;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.common.Tx;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomStore;
import chat.parley.rooms.RoomType;
import chat.parley.rooms.Subscription;
import chat.parley.settings.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What people do to an existing message: edit, delete, react, pin, star, follow its thread. Each
 * is one transaction; {@code _updatedAt} moves and an event is published after commit.
 */
public final class MessageActions {
  private final Transactor db;
  private final MessageStore messages;
  private final RoomStore rooms;
  private final Mentions mentions;
  private final SystemMessages systemMessages;
  private final MessageService sending;
  private final Settings settings;
  private final EventHub events;
  private final Clock clock;

  public MessageActions(Transactor db, MessageStore messages, RoomStore rooms, Mentions mentions,
      SystemMessages systemMessages, MessageService sending, Settings settings, EventHub events,
      Clock clock) {
    this.db = db;
    this.messages = messages;
    this.rooms = rooms;
    this.mentions = mentions;
    this.systemMessages = systemMessages;
    this.sending = sending;
    this.settings = settings;
    this.events = events;
    this.clock = clock;
  }

  /** A message and the caller's view of its room, loaded inside a transaction. */
  private record Target(Message message, Room room, Optional<Subscription> subscription) {
    List<String> roomRoles() {
      return subscription.map(Subscription::roles).orElse(List.of());
    }
  }

  private Target load(Tx tx, Session session, String messageId, String roomId) {
    Message message = messages.findById(tx, messageId).orElseThrow(() ->
        new ParleyException.Invalid("error-invalid-message", "Invalid message [error-invalid-message]"));
    if (roomId != null && !roomId.equals(message.roomId())) {
      throw new ParleyException.Invalid("error-invalid-params",
          "The room id provided does not match where the message is from.");
    }
    Room room = rooms.findById(tx, message.roomId()).orElseThrow();
    Optional<Subscription> sub = rooms.subscription(tx, room.id(), session.userId());
    boolean visible = sub.isPresent() || (room.type() == RoomType.CHANNEL && session.can("view-c-room"));
    if (!visible) {
      throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]");
    }
    return new Target(message, room, sub);
  }

  // --- edit ------------------------------------------------------------------------------------

  /** {@code chat.update}: the author while editing is allowed, or holders of {@code edit-message}. */
  public Message edit(Session session, String roomId, String messageId, String text) {
    sending.checkSize(text, null, true);
    return db.write(tx -> {
      Target t = load(tx, session, messageId, roomId);
      Message m = t.message();
      boolean canEditAny = session.can("edit-message", t.roomRoles());
      boolean own = m.author().id().equals(session.userId());
      if (m.isSystem() || (!canEditAny && (!settings.bool("Message_AllowEditing") || !own))) {
        throw new ParleyException.Invalid("error-action-not-allowed",
            "Message editing not allowed [error-action-not-allowed]");
      }
      if (!canEditAny) {
        requireWithinMinutes(m, "Message_AllowEditing_BlockEditInMinutes", session,
            "error-message-editing-blocked", "Message editing is blocked");
      }
      if (t.room().archived()) {
        throw new ParleyException.Invalid("error-room-archived", "Room is archived [error-room-archived]");
      }
      Instant now = clock.instant();
      Mentions.Resolved mentioned = mentions.resolve(tx, text, m.author().id());
      Message edited = m.withText(text, null)
          .with(m.details().withEdit(now, session.ref(), mentioned.users(), mentioned.channels()), now);
      messages.update(tx, edited);
      tx.afterCommit(() -> events.publish(new Event.MessageUpdated(edited)));
      return edited;
    });
  }

  private void requireWithinMinutes(Message m, String setting, Session session, String errorType,
      String text) {
    int minutes = settings.integer(setting);
    if (minutes > 0 && !session.can("bypass-time-limit-edit-and-delete")
        && Duration.between(m.ts(), clock.instant()).toMinutes() >= minutes) {
      throw new ParleyException.Invalid(errorType, text + " [" + errorType + "]");
    }
  }

  // --- delete ----------------------------------------------------------------------------------

  /**
   * {@code chat.delete}: the author (with {@code delete-own-message}, while deleting is allowed),
   * {@code delete-message} holders, or {@code force-delete-message}. A thread parent, or any
   * message when {@code Message_KeepHistory}/{@code Message_ShowDeletedStatus} is on, stays as
   * an empty {@code rm} message so its thread survives.
   */
  public Message delete(Session session, String roomId, String messageId) {
    return db.write(tx -> {
      Target t = load(tx, session, messageId, roomId);
      Message m = t.message();
      List<String> roomRoles = t.roomRoles();
      boolean force = session.can("force-delete-message", roomRoles);
      boolean any = session.can("delete-message", roomRoles);
      boolean own = m.author().id().equals(session.userId()) && session.can("delete-own-message", roomRoles);
      if (!force && !any && !(settings.bool("Message_AllowDeleting") && own)) {
        throw new ParleyException.Invalid("error-action-not-allowed", "Not allowed [error-action-not-allowed]");
      }
      if (!force) {
        requireWithinMinutes(m, "Message_AllowDeleting_BlockDeleteInMinutes", session,
            "error-message-deleting-blocked", "Message deleting is blocked");
      }
      Instant now = clock.instant();
      boolean keep = m.details().tcount() > 0 || settings.bool("Message_KeepHistory")
          || settings.bool("Message_ShowDeletedStatus");
      if (keep) {
        Message removed = m.withText("", "rm").with(m.details(), now);
        messages.update(tx, removed);
        tx.afterCommit(() -> events.publish(new Event.MessageUpdated(removed)));
      } else {
        messages.delete(tx, m, now);
        tx.afterCommit(() -> events.publish(new Event.MessageDeleted(m.id(), m.roomId(), m.threadId())));
      }
      if (m.threadId() != null) {
        messages.findById(tx, m.threadId()).ifPresent(parent -> {
          Message updated = parent.with(parent.details().withThread(
              Math.max(0, parent.details().tcount() - 1), parent.details().tlm(),
              parent.details().replies()), now);
          messages.update(tx, updated);
          tx.afterCommit(() -> events.publish(new Event.MessageUpdated(updated)));
        });
      }
      return m;
    });
  }

  // --- reactions -------------------------------------------------------------------------------

  /** Custom emoji (issue #9) that reactions may use besides the standard ones; none by default. */
  private volatile java.util.function.Predicate<String> customEmoji = name -> false;

  /** Lets reactions use custom emoji: {@code exists} answers for a name without colons. */
  public void useCustomEmoji(java.util.function.Predicate<String> exists) {
    this.customEmoji = exists;
  }

  /** {@code chat.react}: toggles, or sets when {@code shouldReact} is given. */
  public void react(Session session, String messageId, String emoji, Boolean shouldReact) {
    String shortname = Emoji.normalize(emoji);
    if (!Emoji.isKnown(shortname)
        && !customEmoji.test(shortname.substring(1, shortname.length() - 1))) {
      throw new ParleyException.Invalid("error-not-allowed", "Invalid emoji provided. [error-not-allowed]");
    }
    db.write(tx -> {
      Target t = load(tx, session, messageId, null);
      if (t.subscription().isEmpty()) {
        throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]");
      }
      Room room = t.room();
      if (room.archived() || (room.readOnly() && !room.reactWhenReadOnly()
          && !session.can("post-readonly", t.roomRoles()))) {
        throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]");
      }
      Message m = t.message();
      boolean has = m.details().reactions().getOrDefault(shortname, List.of()).contains(session.username());
      boolean react = shouldReact == null ? !has : shouldReact;
      if (react != has) {
        Message updated = m.with(m.details().withReaction(shortname, session.username(), react), clock.instant());
        messages.update(tx, updated);
        tx.afterCommit(() -> events.publish(new Event.MessageUpdated(updated)));
      }
      return null;
    });
  }

  // --- pins and stars --------------------------------------------------------------------------

  /** {@code chat.pinMessage}: returns the {@code message_pinned} system message. */
  public Message pin(Session session, String messageId) {
    if (!settings.bool("Message_AllowPinning")) {
      throw new ParleyException.Invalid("error-action-not-allowed",
          "Message pinning not allowed [error-action-not-allowed]");
    }
    return db.write(tx -> {
      Target t = load(tx, session, messageId, null);
      if (t.subscription().isEmpty() || !session.can("pin-message", t.roomRoles())) {
        throw new ParleyException.Invalid("error-action-not-allowed", "Not allowed [error-action-not-allowed]");
      }
      Instant now = clock.instant();
      Message pinned = t.message().with(t.message().details().withPin(true, now, session.ref()), now);
      messages.update(tx, pinned);
      tx.afterCommit(() -> events.publish(new Event.MessageUpdated(pinned)));
      return systemMessages.messagePinned(tx, pinned, session.ref(), now);
    });
  }

  public void unpin(Session session, String messageId) {
    if (!settings.bool("Message_AllowPinning")) {
      throw new ParleyException.Invalid("error-action-not-allowed",
          "Message pinning not allowed [error-action-not-allowed]");
    }
    db.write(tx -> {
      Target t = load(tx, session, messageId, null);
      if (t.subscription().isEmpty() || !session.can("pin-message", t.roomRoles())) {
        throw new ParleyException.Invalid("error-action-not-allowed", "Not allowed [error-action-not-allowed]");
      }
      Instant now = clock.instant();
      Message unpinned = t.message().with(t.message().details().withPin(false, null, null), now);
      messages.update(tx, unpinned);
      tx.afterCommit(() -> events.publish(new Event.MessageUpdated(unpinned)));
      return null;
    });
  }

  /** {@code chat.starMessage}/{@code unStarMessage}: for members, while starring is allowed. */
  public void star(Session session, String messageId, boolean star) {
    if (!settings.bool("Message_AllowStarring")) {
      throw new ParleyException.Invalid("error-action-not-allowed",
          "Message starring not allowed [error-action-not-allowed]");
    }
    db.write(tx -> {
      Target t = load(tx, session, messageId, null);
      if (t.subscription().isEmpty()) {
        throw new ParleyException.Invalid("error-action-not-allowed", "Not allowed [error-action-not-allowed]");
      }
      messages.star(tx, t.message(), session.userId(), star, clock.instant());
      return null;
    });
  }

  // --- threads ---------------------------------------------------------------------------------

  /**
   * {@code chat.followMessage}/{@code unfollowMessage}: follows the message's thread (the message
   * itself when it is not a reply); following makes it a thread root as in Rocket.Chat.
   */
  public void follow(Session session, String messageId, boolean follow) {
    db.write(tx -> {
      Target t = load(tx, session, messageId, null);
      Message root = t.message().threadId() == null
          ? t.message()
          : messages.findById(tx, t.message().threadId()).orElse(t.message());
      List<String> replies = new ArrayList<>(root.details().replies());
      if (follow) {
        messages.follow(tx, root.id(), root.roomId(), session.userId());
        if (!replies.contains(session.userId())) {
          replies.add(session.userId());
        }
      } else {
        messages.unfollow(tx, root.id(), session.userId());
        replies.remove(session.userId());
      }
      Message updated = root.with(root.details().withThread(root.details().tcount(),
          root.details().tlm(), replies), clock.instant());
      messages.update(tx, updated);
      tx.afterCommit(() -> events.publish(new Event.MessageUpdated(updated)));
      return null;
    });
  }
}
