package chat.parley.users;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.common.Tx;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is online, from the realtime connections of every node: a user is online while any
 * connection says so, away when all are away, offline with none; a chosen status (busy, away,
 * offline = invisible) wins while connected. Each node keeps its own connections in memory and
 * stores only its per-user answer ({@link PresenceStore}), so nodes sharing a database agree; a
 * node stamps itself every {@link #HEARTBEAT} and the rows of a node silent for {@link
 * #DEAD_AFTER} are dropped. Changes are stored and published once.
 */
public final class PresenceService {
  public static final Set<String> STATUSES = Set.of("online", "away", "busy", "offline");
  public static final Duration HEARTBEAT = Duration.ofSeconds(30);
  static final Duration DEAD_AFTER = Duration.ofSeconds(90);

  private final Transactor db;
  private final UserStore users;
  private final PresenceStore store;
  private final EventHub events;
  private final Clock clock;
  private final boolean shared;
  private final String nodeId = Ids.newId();
  /** This node's connections: user id to connection id to online/away. */
  private final Map<String, Map<String, String>> connections = new ConcurrentHashMap<>();
  /** What this node last stored per user (online/away). */
  private final Map<String, String> stored = new ConcurrentHashMap<>();

  /**
   * @param shared whether other nodes may use the same database (PostgreSQL); a SQLite node is
   *     alone, so on start every connection left from an earlier run is stale
   */
  public PresenceService(Transactor db, UserStore users, PresenceStore store, EventHub events,
      Clock clock, boolean shared) {
    this.db = db;
    this.users = users;
    this.store = store;
    this.events = events;
    this.clock = clock;
    this.shared = shared;
  }

  /**
   * On start: this node has no connections yet. Connections of nodes that stopped (all others,
   * when the database is not shared) are forgotten and their users' statuses recomputed.
   */
  public void resetAll() {
    stamp();
    sweep(shared ? clock.instant().minus(DEAD_AFTER) : Instant.ofEpochMilli(Long.MAX_VALUE));
  }

  /** Every {@link #HEARTBEAT}: this node is alive; nodes silent too long are swept. */
  public void heartbeat() {
    stamp();
    sweep(clock.instant().minus(DEAD_AFTER));
  }

  /** On a clean stop: this node's connections are gone. */
  public synchronized void stop() {
    List<String> affected = db.write(tx -> store.removeNode(tx, nodeId));
    connections.clear();
    stored.clear();
    affected.forEach(this::recompute);
  }

  private void stamp() {
    db.write(tx -> {
      store.stampNode(tx, nodeId, clock.instant());
      return null;
    });
  }

  private void sweep(Instant notSeenSince) {
    List<String> affected = db.write(tx -> {
      List<String> userIds = new java.util.ArrayList<>();
      for (String node : store.nodesNotSeenSince(tx, notSeenSince, nodeId)) {
        userIds.addAll(store.removeNode(tx, node));
      }
      userIds.addAll(store.onlineWithoutConnections(tx, 100_000));
      return userIds;
    });
    affected.stream().distinct().forEach(this::recompute);
  }

  public synchronized void connected(Session session, String connectionId) {
    connections.computeIfAbsent(session.userId(), k -> new ConcurrentHashMap<>()).put(connectionId, "online");
    localChange(session.userId());
  }

  public synchronized void disconnected(String userId, String username, String connectionId) {
    Map<String, String> mine = connections.get(userId);
    if (mine != null) {
      mine.remove(connectionId);
    }
    localChange(userId);
  }

  /** {@code UserPresence:online} / {@code UserPresence:away} for one connection. */
  public synchronized void setConnectionStatus(Session session, String connectionId, String status) {
    Map<String, String> mine = connections.get(session.userId());
    if (mine != null && mine.containsKey(connectionId)) {
      mine.put(connectionId, status);
    }
    localChange(session.userId());
  }

  /**
   * This node's view of the user changed (a connection came, went or changed status): only when
   * the node-level answer (none, online, away) changes is it stored and the status recomputed,
   * so a user with thousands of sockets costs nothing per socket.
   */
  private synchronized void localChange(String userId) {
    Map<String, String> mine = connections.getOrDefault(userId, Map.of());
    String view = mine.isEmpty() ? null : mine.containsValue("online") ? "online" : "away";
    if (mine.isEmpty()) {
      connections.remove(userId);
    }
    String written = stored.get(userId);
    if (java.util.Objects.equals(view, written)) {
      return;
    }
    db.write(tx -> {
      store.setNodeStatus(tx, nodeId, userId, view);
      recompute(tx, userId);
      return null;
    });
    if (view == null) {
      stored.remove(userId);
    } else {
      stored.put(userId, view);
    }
  }

  /** {@code UserPresence:setDefaultStatus} and {@code users.setStatus}. */
  public void setDefaultStatus(Session session, String status) {
    if (!STATUSES.contains(status)) {
      throw new ParleyException.Invalid("error-invalid-status", "Invalid status [error-invalid-status]");
    }
    db.write(tx -> {
      users.setStatusDefault(tx, session.userId(), status, clock.instant());
      recompute(tx, session.userId());
      return null;
    });
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

  private void recompute(String userId) {
    db.write(tx -> {
      recompute(tx, userId);
      return null;
    });
  }

  /** Derives the status from the user's connections on all nodes; stores and publishes a change. */
  private void recompute(Tx tx, String userId) {
    User user = users.findById(tx, userId).orElse(null);
    if (user == null) {
      return;
    }
    List<String> nodes = store.nodeStatuses(tx, userId);
    String chosen = users.statusDefault(tx, userId);
    String status;
    if (nodes.isEmpty()) {
      status = "offline";
    } else if (!chosen.equals("online")) {
      status = chosen;
    } else {
      status = nodes.contains("online") ? "online" : "away";
    }
    if (!status.equals(user.status())) {
      users.setStatus(tx, userId, status, clock.instant());
      tx.afterCommit(() -> events.publish(new Event.UserStatusChanged(userId, user.username(),
          status, "", user.name(), user.roles())));
    }
  }
}
