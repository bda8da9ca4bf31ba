package chat.parley.realtime;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DDP client. Frames for it wait in a bounded queue drained by its own virtual thread, so a
 * slow socket never holds up the event hub or other sockets; when the queue is full the client
 * is disconnected (it reconnects and resyncs, as Meteor clients do).
 */
final class DdpConnection {
  private static final Logger log = LoggerFactory.getLogger(DdpConnection.class);
  static final int QUEUE_CAPACITY = 2_048;
  private static final String CLOSE = "\u0000close";

  /** A live subscription: its client id, publication name and event name (room id...). */
  record Sub(String id, String name, String eventName) {}

  final String id = Ids.newId();
  private final WsContext ws;
  private final BlockingQueue<String> outbound = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Runnable onClosed;
  final Map<String, Sub> subs = new ConcurrentHashMap<>();
  /** Rooms the user is in, for {@code __my_messages__} and membership checks. */
  final Set<String> rooms = ConcurrentHashMap.newKeySet();
  volatile Session session;
  /** The peer's address, for the per-IP rate limit; null for calls over REST. */
  volatile String clientAddress;
  volatile boolean connected;
  volatile long lastInboundMillis = System.currentTimeMillis();
  private volatile boolean closed;

  DdpConnection(WsContext ws, Runnable onClosed) {
    this.ws = ws;
    this.onClosed = onClosed;
    if (ws != null) {
      Thread.ofVirtual().name("ddp-writer-" + id).start(this::drain);
    }
  }

  /** A socketless caller for {@code method.call} over REST: one method, no streams. */
  static DdpConnection detached(Session session) {
    DdpConnection c = new DdpConnection(null, () -> { });
    c.session = session;
    c.connected = true;
    return c;
  }

  boolean isDetached() {
    return ws == null;
  }

  /** Queues a frame; a client too slow to keep up is closed, never waited for. */
  void send(String frame) {
    if (closed || ws == null) {
      return;
    }
    if (!outbound.offer(frame)) {
      log.info("Closing DDP connection {} of {}: {} frames waiting, client too slow", id,
          session == null ? "anonymous" : session.username(), QUEUE_CAPACITY);
      close(1008, "too slow");
    }
  }

  private void drain() {
    try {
      while (!closed) {
        String frame = outbound.poll(30, TimeUnit.SECONDS);
        if (frame == null) {
          continue;
        }
        if (frame == CLOSE) {
          return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        ws.session.sendText(frame, Callback.from(() -> done.complete(null), done::completeExceptionally));
        done.get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      if (!closed) {
        log.debug("DDP connection {} write failed: {}", id, e.toString());
        close(1011, "write failed");
      }
    }
  }

  void close(int code, String reason) {
    if (closed) {
      return;
    }
    closed = true;
    outbound.clear();
    outbound.offer(CLOSE);
    try {
      ws.closeSession(code, reason);
    } catch (RuntimeException ignored) {
      // Already closed by the peer.
    }
    onClosed.run();
  }

  /** Marks the socket gone when the peer closed it. */
  void closedByPeer() {
    if (!closed) {
      closed = true;
      outbound.clear();
      outbound.offer(CLOSE);
      onClosed.run();
    }
  }

  boolean isClosed() {
    return closed;
  }

  String userId() {
    Session s = session;
    return s == null ? null : s.userId();
  }
}
