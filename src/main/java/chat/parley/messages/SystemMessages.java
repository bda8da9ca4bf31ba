package chat.parley.messages;

import chat.parley.common.Ids;
import chat.parley.common.Tx;
import chat.parley.common.UserRef;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.rooms.RoomStore;
import java.time.Instant;

/**
 * Writes the system messages Rocket.Chat writes ({@code t: "uj"} and friends), so a history reads
 * the same in every client. Runs inside the caller's transaction.
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

  /** {@code uj}: the user joined; its {@code msg} is the username, as in Rocket.Chat. */
  public void userJoined(Tx tx, String roomId, UserRef user, Instant at) {
    write(tx, roomId, user, "uj", user.username(), at);
  }

  private void write(Tx tx, String roomId, UserRef user, String type, String text, Instant at) {
    Message message = new Message(Ids.newId(), roomId, at, at, user, text, type, null, null, null,
        null, null, null, null, null, false);
    messages.insert(tx, message);
    rooms.recordMessage(tx, roomId, null, at);
    tx.afterCommit(() -> events.publish(new Event.MessageCreated(message)));
  }
}
