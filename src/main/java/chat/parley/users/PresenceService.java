package chat.parley.users;

import chat.parley.auth.Session;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is online, from this node's realtime connections: a user is online while any connection
 * says so, away when all are away, offline with none; a chosen status (busy, away, offline =
 * invisible) wins while connected. Changes are stored and published once.
 */
public final class PresenceService {
  public static final Set<String> STATUSES = Set.of("online", "away", "busy", "offline");

  private final Transactor db;
  private final UserStore users;
  private final EventHub events;
  private final Clock clock;
  private final Map<String, Map<String, String>> connections = new ConcurrentHashMap<>();

  public PresenceService(Transactor db, UserStore users, EventHub events, Clock clock) {
    this.db = db;
    this.users = users;
    this.events = events;
    this.clock = clock;
  }

  /** On start: nobody is connected to a fresh node yet. */
  public void resetAll() {
    db.write(tx -> {
      users.resetAllStatuses(tx);
      return null;
    });
  }

  public void connected(Session session, String connectionId) {
    connections.computeIfAbsent(session.userId(), k -> new ConcurrentHashMap<>()).put(connectionId, "online");
    recompute(session.userId(), session.username());
  }

  public void disconnected(String userId, String username, String connectionId) {
    Map<String, String> mine = connections.get(userId);
    if (mine != null) {
      mine.remove(connectionId);
      if (mine.isEmpty()) {
        connections.remove(userId);
      }
    }
    recompute(userId, username);
  }

  /** {@code UserPresence:online} / {@code UserPresence:away} for one connection. */
  public void setConnectionStatus(Session session, String connectionId, String status) {
    Map<String, String> mine = connections.get(session.userId());
    if (mine != null && mine.containsKey(connectionId)) {
      mine.put(connectionId, status);
    }
    recompute(session.userId(), session.username());
  }

  /** {@code UserPresence:setDefaultStatus} and {@code users.setStatus}. */
  public void setDefaultStatus(Session session, String status) {
    if (!STATUSES.contains(status)) {
      throw new ParleyException.Invalid("error-invalid-status", "Invalid status [error-invalid-status]");
    }
    db.write(tx -> {
      users.setStatusDefault(tx, session.userId(), status, clock.instant());
      return null;
    });
    recompute(session.userId(), session.username());
  }

  /** {@code /status text}: the line shown beside the user's status. */
  public void setStatusText(Session session, String text) {
    String value = text == null ? "" : text.strip();
    if (value.length() > 120) {
      throw new ParleyException.Invalid("error-status-text-too-long", "Status text is too long");
    }
    db.write(tx -> {
      users.setStatusText(tx, session.userId(), value, clock.instant());
      return null;
    });
    User user = db.read(tx -> users.findById(tx, session.userId())).orElse(null);
    events.publish(new Event.UserStatusChanged(session.userId(), session.username(),
        user == null ? "offline" : user.status(), value, session.name(), session.roles()));
  }

  public String statusOf(String userId) {
    return db.read(tx -> users.findById(tx, userId)).map(User::status).orElse("offline");
  }

  private synchronized void recompute(String userId, String username) {
    Map<String, String> mine = connections.getOrDefault(userId, Map.of());
    String chosen = db.read(tx -> users.statusDefault(tx, userId));
    String status;
    if (mine.isEmpty()) {
      status = "offline";
    } else if (!chosen.equals("online")) {
      status = chosen;
    } else {
      status = mine.containsValue("online") ? "online" : "away";
    }
    User user = db.read(tx -> users.findById(tx, userId)).orElse(null);
    String current = user == null ? "offline" : user.status();
    if (!status.equals(current)) {
      String name = user == null ? null : user.name();
      java.util.List<String> roles = user == null ? java.util.List.of() : user.roles();
      db.write(tx -> {
        users.setStatus(tx, userId, status, clock.instant());
        tx.afterCommit(() -> events.publish(
            new Event.UserStatusChanged(userId, username, status, "", name, roles)));
        return null;
      });
    }
  }
}
