package chat.parley.rooms;

import chat.parley.auth.Session;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.common.Tx;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A user's own view of their rooms: read state, open/hidden, favourites, and sync. */
public final class SubscriptionService {
  private final Transactor db;
  private final RoomStore rooms;
  private final EventHub events;
  private final Clock clock;

  public SubscriptionService(Transactor db, RoomStore rooms, EventHub events, Clock clock) {
    this.db = db;
    this.rooms = rooms;
    this.events = events;
    this.clock = clock;
  }

  /** What changed since a time: subscriptions updated, and rooms that left the user's view. */
  public record Sync(List<Subscription> update, List<Removal> remove) {}

  public Sync since(Session session, Instant since) {
    return db.read(tx -> new Sync(rooms.subscriptionsOfUser(tx, session.userId(), since),
        since == null ? List.of() : rooms.removalsSince(tx, session.userId(), since)));
  }

  /** Removals only, for {@code rooms.get}'s {@code remove}. */
  public List<Removal> removedSince(Session session, Instant since) {
    return since == null ? List.of() : db.read(tx -> rooms.removalsSince(tx, session.userId(), since));
  }

  public Optional<Subscription> one(Session session, String roomId) {
    return db.read(tx -> rooms.subscription(tx, roomId, session.userId()));
  }

  /** {@code subscriptions.read}: clears unread, alert and mentions; stamps {@code ls}. */
  public void markRead(Session session, String roomId) {
    update(session, roomId, "error-invalid-subscription",
        (tx, sub, now) -> rooms.markRead(tx, roomId, session.userId(), now));
  }

  /**
   * {@code subscriptions.unread}: the room counts as unread again from {@code fromTs} (a message's
   * time), or from its last message when null.
   */
  public void markUnread(Session session, String roomId, Instant fromTs) {
    update(session, roomId, "error-subscription-not-found", (tx, sub, now) -> {
      Instant from = fromTs;
      if (from == null) {
        Room room = rooms.findById(tx, roomId).orElseThrow();
        if (room.lastMessageAt() == null) {
          throw new ParleyException.Invalid("error-no-message-for-unread",
              "There are no messages to mark unread [error-no-message-for-unread]");
        }
        from = room.lastMessageAt();
      }
      if (sub.lastSeen() != null && !from.isBefore(sub.lastSeen()) && fromTs != null) {
        return;
      }
      int unread = rooms.countUnread(tx, roomId, session.userId(), from);
      rooms.markUnread(tx, roomId, session.userId(), Math.max(unread, 1), from.minusMillis(1), now);
    });
  }

  /** {@code channels.open}/{@code close}, {@code im.open}/{@code close}: show or hide a room. */
  public void setOpen(Session session, String roomId, boolean open) {
    update(session, roomId, "error-user-not-in-room",
        (tx, sub, now) -> rooms.setOpen(tx, roomId, session.userId(), open, now));
  }

  /** {@code chat.ignoreUser}: the member's clients hide {@code otherId}'s messages here. */
  public void setIgnored(Session session, String roomId, String otherId, boolean ignore) {
    update(session, roomId, "error-invalid-subscription", (tx, sub, now) -> {
      List<String> ignored = new java.util.ArrayList<>(sub.ignored());
      ignored.remove(otherId);
      if (ignore) {
        ignored.add(otherId);
      }
      rooms.setIgnored(tx, roomId, session.userId(), ignored, now);
    });
  }

  public void setFavorite(Session session, String roomId, boolean favorite) {
    update(session, roomId, "error-invalid-subscription",
        (tx, sub, now) -> rooms.setFavorite(tx, roomId, session.userId(), favorite, now));
  }

  /**
   * Typing and other activity: members only, never stored; published for the realtime API.
   * {@code activities} empty means the user stopped; {@code tmid} (or null) is the thread.
   */
  public void announceActivity(Session session, String roomId, List<String> activities,
      String tmid) {
    if (db.read(tx -> rooms.subscription(tx, roomId, session.userId())).isEmpty()) {
      throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]");
    }
    events.publish(new Event.UserActivity(roomId, session.username(), List.copyOf(activities), tmid));
  }

  @FunctionalInterface
  private interface Update {
    void apply(Tx tx, Subscription current, Instant now);
  }

  private void update(Session session, String roomId, String missingError, Update update) {
    db.write(tx -> {
      Subscription sub = rooms.subscription(tx, roomId, session.userId()).orElseThrow(() ->
          new ParleyException.Invalid(missingError, missingError));
      update.apply(tx, sub, clock.instant());
      rooms.subscription(tx, roomId, session.userId()).ifPresent(s ->
          tx.afterCommit(() -> events.publish(new Event.SubscriptionChanged(s))));
      return null;
    });
  }
}
