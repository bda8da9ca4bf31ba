package chat.parley.messages;

import chat.parley.common.Ids;
import chat.parley.common.Tx;
import chat.parley.common.UserRef;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.rooms.RoomStore;
import java.time.Instant;
import java.util.Map;

/**
 * Writes the system messages Rocket.Chat writes, with its {@code t} values and {@code msg}
 * contents, so a history reads the same in every client. Runs inside the caller's transaction;
 * {@code actor} is the user the message is attributed to ({@code u}).
 */
public final class SystemMessages {
  private final MessageStore messages;
  private final RoomStore rooms;
  private final EventHub events;

  public SystemMessages(MessageStore messages, RoomStore rooms, EventHub events) {
    this.messages = messages;
    this.rooms = rooms;
    this.events = events;
  }

  /** {@code uj}: the user joined; {@code msg} is their username. */
  public void userJoined(Tx tx, String roomId, UserRef user, Instant at) {
    write(tx, roomId, user, "uj", user.username(), Map.of(), at);
  }

  /** {@code ul}: the user left. */
  public void userLeft(Tx tx, String roomId, UserRef user, Instant at) {
    write(tx, roomId, user, "ul", user.username(), Map.of(), at);
  }

  /** {@code au}: {@code actor} added {@code added}; {@code msg} is the added username. */
  public void userAdded(Tx tx, String roomId, UserRef added, UserRef actor, Instant at) {
    write(tx, roomId, actor, "au", added.username(), Map.of(), at);
  }

  /** {@code ru}: {@code actor} removed {@code removed}. */
  public void userRemoved(Tx tx, String roomId, UserRef removed, UserRef actor, Instant at) {
    write(tx, roomId, actor, "ru", removed.username(), Map.of(), at);
  }

  /** {@code r}: renamed; {@code msg} is the new name. */
  public void renamed(Tx tx, String roomId, String newName, UserRef actor, Instant at) {
    write(tx, roomId, actor, "r", newName, Map.of(), at);
  }

  /**
   * A room setting changed: {@code room_changed_topic}, {@code room_changed_description}, {@code
   * room_changed_announcement}, {@code room_changed_privacy}...; {@code msg} is the new value.
   */
  public void roomChanged(Tx tx, String roomId, String type, String value, UserRef actor,
      Instant at) {
    write(tx, roomId, actor, type, value == null ? "" : value, Map.of(), at);
  }

  /** {@code subscription-role-added} / {@code -removed}: {@code msg} is the username. */
  public void roleChanged(Tx tx, String roomId, UserRef subject, String role, boolean added,
      UserRef actor, Instant at) {
    write(tx, roomId, actor, added ? "subscription-role-added" : "subscription-role-removed",
        subject.username(), Map.of("role", role), at);
  }

  /** {@code discussion-created} in the parent: {@code msg} is the title, {@code drid} the room. */
  public void discussionCreated(Tx tx, String parentId, String discussionId, String title,
      UserRef actor, Instant at) {
    write(tx, parentId, actor, "discussion-created", title, Map.of("drid", discussionId), at);
  }

  /**
   * {@code message_pinned}: quotes the pinned message as an attachment, as Rocket.Chat does;
   * returns the system message.
   */
  public Message messagePinned(Tx tx, Message pinned, UserRef actor, Instant at) {
    Map<String, Object> quote = new java.util.LinkedHashMap<>();
    quote.put("text", pinned.text());
    quote.put("author_name", pinned.author().username());
    quote.put("ts", pinned.ts().toString());
    Message message = new Message(Ids.newId(), pinned.roomId(), at, at, actor, "", "message_pinned",
        null, null, null, null, java.util.List.of(quote), null, null, null, false, Map.of(),
        MessageDetails.NONE);
    messages.insert(tx, message);
    rooms.recordMessage(tx, pinned.roomId(), null, at);
    tx.afterCommit(() -> events.publish(new Event.MessageCreated(message)));
    return message;
  }

  /** {@code room-archived} / {@code room-unarchived}. */
  public void archived(Tx tx, String roomId, boolean archived, UserRef actor, Instant at) {
    write(tx, roomId, actor, archived ? "room-archived" : "room-unarchived", "", Map.of(), at);
  }

  /** {@code room-set-read-only} / {@code room-removed-read-only}. */
  public void readOnly(Tx tx, String roomId, boolean readOnly, UserRef actor, Instant at) {
    write(tx, roomId, actor, readOnly ? "room-set-read-only" : "room-removed-read-only", "",
        Map.of(), at);
  }

  private void write(Tx tx, String roomId, UserRef user, String type, String text,
      Map<String, Object> fields, Instant at) {
    Message message = new Message(Ids.newId(), roomId, at, at, user, text, type, null, null, null,
        null, null, null, null, null, false, fields, MessageDetails.NONE);
    messages.insert(tx, message);
    rooms.recordMessage(tx, roomId, null, at);
    tx.afterCommit(() -> events.publish(new Event.MessageCreated(message)));
  }
}
