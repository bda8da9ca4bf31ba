package chat.parley.storage;

import chat.parley.common.Ids;
import chat.parley.config.Config;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.wire.EventCodec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus: several Parley nodes on one PostgreSQL deliver each other's events to their
 * sockets. Every event published on this node is sent with {@code NOTIFY parley_events}; every
 * node {@code LISTEN}s and hands what other nodes sent to its hub ({@link EventHub#deliverFromPeer}).
 *
 * <p>A notification carries {@code <node id> <event JSON>}; an event too big for NOTIFY's 8000
 * bytes is stored in {@code cluster_events} and the notification carries {@code <node id> @<row id>}
 * instead (rows are deleted after {@link #KEEP_MINUTES} minutes). Each side owns one connection,
 * outside the pool, and reconnects after a failure; events are sent from a bounded queue by one
 * thread, so the publisher never waits and this node's events keep their order. Events lost
 * while the database is unreachable are not replayed: clients resync as after any reconnect.
 */
public final class PgEventBus implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PgEventBus.class);
  static final String CHANNEL = "parley_events";
  /** NOTIFY's payload limit is 8000 bytes; leave room for the node id. */
  static final int MAX_INLINE_BYTES = 7_900;
  static final int QUEUE_CAPACITY = 50_000;
  static final int KEEP_MINUTES = 5;

  private final String jdbcUrl;
  private final EventHub hub;
  private final String nodeId = Ids.newId();
  private final BlockingQueue<Event> outbound = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread sender;
  private final Thread receiver;
  private volatile boolean closed;
  private volatile boolean listening;
  private volatile Connection receiverConnection;

  private PgEventBus(String jdbcUrl, EventHub hub) {
    this.jdbcUrl = jdbcUrl;
    this.hub = hub;
    hub.subscribeLocal(this::enqueue);
    this.sender = Thread.ofPlatform().daemon().name("cluster-bus-send").start(this::sendLoop);
    this.receiver = Thread.ofPlatform().daemon().name("cluster-bus-listen").start(this::listenLoop);
  }

  /** The bus for a PostgreSQL deployment; none for SQLite, which is single-node. */
  public static Optional<PgEventBus> start(Config config, EventHub hub) {
    return config.databaseUrl().map(url -> new PgEventBus(Db.toJdbcUrl(url), hub));
  }

  public String nodeId() {
    return nodeId;
  }

  /** Whether this node is currently LISTENing (for tests and health checks). */
  public boolean isListening() {
    return listening;
  }

  private void enqueue(Event event) {
    if (!outbound.offer(event)) {
      log.warn("Cluster bus queue full ({} events): other nodes miss a {}", QUEUE_CAPACITY,
          event.getClass().getSimpleName());
    }
  }

  // --- sending -----------------------------------------------------------------------------------

  private void sendLoop() {
    long backoff = 500;
    long lastCleanup = 0;
    while (!closed) {
      try (Connection conn = DriverManager.getConnection(jdbcUrl)) {
        // One transaction per batch: NOTIFYs are delivered at commit, and one commit (with its
        // notify-queue lock and wake-ups) for up to 256 events costs far less than one each.
        conn.setAutoCommit(false);
        backoff = 500;
        List<Event> batch = new ArrayList<>();
        while (!closed) {
          Event first = outbound.poll(1, TimeUnit.SECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          outbound.drainTo(batch, 255);
          send(conn, batch);
          batch.clear();
          long now = System.currentTimeMillis();
          if (now - lastCleanup > 60_000) {
            lastCleanup = now;
            try (PreparedStatement delete = conn.prepareStatement(
                "DELETE FROM cluster_events WHERE created_at < now() - make_interval(mins => ?)")) {
              delete.setInt(1, KEEP_MINUTES);
              delete.executeUpdate();
            }
            conn.commit();
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        log.warn("Cluster bus: sending failed ({}); reconnecting in {} ms", e.toString(), backoff);
        if (!sleep(backoff)) {
          return;
        }
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  private void send(Connection conn, List<Event> batch) throws SQLException {
    try (PreparedStatement notify = conn.prepareStatement("SELECT pg_notify(?, ?)")) {
      for (Event event : batch) {
        String json;
        try {
          json = EventCodec.encode(event);
        } catch (IllegalArgumentException e) {
          log.error("Cluster bus: cannot encode {}", event.getClass().getSimpleName(), e);
          continue;
        }
        String payload = nodeId + " " + json;
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_INLINE_BYTES) {
          payload = nodeId + " @" + store(conn, json);
        }
        notify.setString(1, CHANNEL);
        notify.setString(2, payload);
        notify.execute();
      }
    }
    conn.commit();
  }

  private static long store(Connection conn, String json) throws SQLException {
    try (PreparedStatement insert = conn.prepareStatement(
        "INSERT INTO cluster_events (payload) VALUES (?) RETURNING id")) {
      insert.setString(1, json);
      try (ResultSet rs = insert.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  // --- receiving ---------------------------------------------------------------------------------

  private void listenLoop() {
    long backoff = 500;
    while (!closed) {
      try (Connection conn = DriverManager.getConnection(jdbcUrl)) {
        receiverConnection = conn;
        conn.setAutoCommit(true);
        try (Statement listen = conn.createStatement()) {
          listen.execute("LISTEN " + CHANNEL);
        }
        listening = true;
        backoff = 500;
        PGConnection pg = conn.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] notes = pg.getNotifications(5_000);
          if (notes == null) {
            continue;
          }
          for (PGNotification note : notes) {
            receive(conn, note.getParameter());
          }
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (closed) {
          return;
        }
        log.warn("Cluster bus: listening failed ({}); reconnecting in {} ms", e.toString(), backoff);
        if (!sleep(backoff)) {
          return;
        }
        backoff = Math.min(backoff * 2, 10_000);
      } finally {
        listening = false;
        receiverConnection = null;
      }
    }
  }

  private void receive(Connection conn, String payload) throws SQLException {
    int space = payload.indexOf(' ');
    if (space < 0 || payload.regionMatches(0, nodeId, 0, space) && space == nodeId.length()) {
      return;
    }
    String body = payload.substring(space + 1);
    if (body.startsWith("@")) {
      body = load(conn, Long.parseLong(body.substring(1)));
      if (body == null) {
        log.warn("Cluster bus: event {} already cleaned up", payload.substring(space + 1));
        return;
      }
    }
    Event event;
    try {
      event = EventCodec.decode(body);
    } catch (IllegalArgumentException e) {
      log.warn("Cluster bus: skipping an event this node cannot read: {}", e.getMessage());
      return;
    }
    hub.deliverFromPeer(event);
  }

  private static String load(Connection conn, long id) throws SQLException {
    try (PreparedStatement select = conn.prepareStatement(
        "SELECT payload FROM cluster_events WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return !closed;
    } catch (InterruptedException e) {
      return false;
    }
  }

  @Override
  public void close() {
    closed = true;
    sender.interrupt();
    Connection c = receiverConnection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Closing anyway.
      }
    }
    receiver.interrupt();
  }
}
