package chat.parley.realtime;

import chat.parley.Services;
import chat.parley.auth.Session;
import chat.parley.common.ParleyException;
import chat.parley.events.Event;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomType;
import chat.parley.wire.RcEjson;
import chat.parley.wire.RcMessage;
import chat.parley.wire.RcRoom;
import chat.parley.wire.RcSubscription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsConfig;
import chat.parley.wire.RcNotices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rocket.Chat's realtime API: Meteor DDP over WebSocket at {@code /websocket}. Frames are decoded
 * here and handed to {@link DdpMethods} or to the stream subscriptions; events from the hub are
 * encoded once per stream and queued to each subscribed connection.
 */
public final class DdpServer {
  private static final Logger log = LoggerFactory.getLogger(DdpServer.class);
  private static final Set<String> VERSIONS = Set.of("1", "pre2", "pre1");
  /** Publications clients ask for that carry nothing here yet; they answer {@code ready}. */
  private static final Set<String> QUIET = Set.of("meteor.loginServiceConfiguration",
      "meteor_autoupdate_clientVersions", "userData", "activeUsers", "stream-apps",
      "stream-importers", "roles", "stream-livechat-inquiry-queue-observer");
  static final String ROOM_MESSAGES = "stream-room-messages";
  static final String NOTIFY_ROOM = "stream-notify-room";
  static final String NOTIFY_USER = "stream-notify-user";
  static final String MY_MESSAGES = "__my_messages__";
  static final String USER_PRESENCE = "stream-user-presence";
  static final String NOTIFY_LOGGED = "stream-notify-logged";
  static final String NOTIFY_ALL = "stream-notify-all";
  static final String ROLES = "stream-roles";
  static final String PRIVATE_SETTINGS = "private-settings-changed";
  /** Rocket.Chat's status numbers on the presence streams. */
  private static final List<String> STATUS_NUMBERS = List.of("offline", "online", "away", "busy", "disabled");
  private static final long PING_AFTER_MILLIS = 25_000;
  private static final long DROP_AFTER_MILLIS = 60_000;

  private final Services services;
  private final ConnectionRegistry registry = new ConnectionRegistry();
  private final DdpMethods methods;
  private final DdpRateLimiter limiter;
  private final Map<String, SerialExecutor> inbound = new ConcurrentHashMap<>();
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("ddp-heartbeat").daemon(true).factory());

  public DdpServer(Services services) {
    this.services = services;
    this.methods = new DdpMethods(services, this);
    this.limiter = new DdpRateLimiter(services.settings(), System::currentTimeMillis);
    services.events().subscribe(this::onEvent);
    heartbeat.scheduleWithFixedDelay(this::heartbeat, 5, 5, TimeUnit.SECONDS);
  }

  public void register(RoutesConfig routes) {
    routes.ws("/websocket", this::configure);
    routes.ws("/sockjs/{server}/{session}/websocket", this::configure);
  }

  public int connectionCount() {
    return registry.size();
  }

  public void stop() {
    heartbeat.shutdownNow();
    for (DdpConnection c : List.copyOf(registry.all())) {
      c.close(1001, "server shutting down");
    }
  }

  private void configure(WsConfig ws) {
    ws.onConnect(ctx -> {
      ctx.session.setIdleTimeout(java.time.Duration.ofMinutes(5));
      DdpConnection c = new DdpConnection(ctx, () -> forget(ctx.sessionId()));
      if (ctx.session.getRemoteSocketAddress() instanceof java.net.InetSocketAddress peer) {
        c.clientAddress = peer.getAddress().getHostAddress();
      }
      connections.put(ctx.sessionId(), c);
      inbound.put(c.id, new SerialExecutor());
      registry.add(c);
      c.send("{\"server_id\":\"0\"}");
    });
    ws.onMessage(ctx -> {
      DdpConnection c = connections.get(ctx.sessionId());
      if (c == null) {
        return;
      }
      c.lastInboundMillis = System.currentTimeMillis();
      String text = ctx.message();
      inbound.get(c.id).execute(() -> handle(c, text));
    });
    ws.onClose(ctx -> {
      DdpConnection c = connections.get(ctx.sessionId());
      if (c != null) {
        c.closedByPeer();
      }
    });
    ws.onError(ctx -> {
      DdpConnection c = connections.get(ctx.sessionId());
      if (c != null) {
        c.closedByPeer();
      }
    });
  }

  private final Map<String, DdpConnection> connections = new ConcurrentHashMap<>();

  private void forget(String socketId) {
    DdpConnection c = connections.remove(socketId);
    if (c != null) {
      Session session = c.session;
      registry.remove(c);
      inbound.remove(c.id);
      if (session != null) {
        Thread.ofVirtual().start(() ->
            services.presence().disconnected(session.userId(), session.username(), c.id));
      }
    }
  }

  private void heartbeat() {
    long now = System.currentTimeMillis();
    for (DdpConnection c : registry.all()) {
      long idle = now - c.lastInboundMillis;
      if (idle > DROP_AFTER_MILLIS) {
        c.close(1000, "no pong");
      } else if (idle > PING_AFTER_MILLIS && c.connected) {
        c.send("{\"msg\":\"ping\"}");
      }
    }
  }

  // --- inbound frames ----------------------------------------------------------------------------

  private void handle(DdpConnection c, String text) {
    JsonNode frame;
    try {
      frame = RcEjson.mapper().readTree(text);
    } catch (Exception e) {
      c.send(RcEjson.write(Map.of("msg", "error", "reason", "Bad request", "offendingMessage", text)));
      return;
    }
    if (frame == null || !frame.isObject()) {
      c.send(RcEjson.write(Map.of("msg", "error", "reason", "Bad request")));
      return;
    }
    String msg = frame.path("msg").asText("");
    if (!c.connected && !msg.equals("connect")) {
      c.send(RcEjson.write(Map.of("msg", "error", "reason", "Must connect first")));
      return;
    }
    switch (msg) {
      case "connect" -> connect(c, frame);
      case "ping" -> c.send(frame.has("id")
          ? RcEjson.write(Map.of("msg", "pong", "id", frame.get("id").asText()))
          : "{\"msg\":\"pong\"}");
      case "pong" -> { }
      case "method" -> method(c, frame);
      case "sub" -> sub(c, frame);
      case "unsub" -> unsub(c, frame.path("id").asText());
      default -> c.send(RcEjson.write(Map.of("msg", "error", "reason", "Bad request",
          "offendingMessage", text)));
    }
  }

  private void connect(DdpConnection c, JsonNode frame) {
    String version = frame.path("version").asText("");
    if (!VERSIONS.contains(version)) {
      c.send(RcEjson.write(Map.of("msg", "failed", "version", "1")));
      return;
    }
    c.connected = true;
    c.send(RcEjson.write(Map.of("msg", "connected", "session", c.id)));
  }

  private void method(DdpConnection c, JsonNode frame) {
    String id = frame.path("id").asText();
    String name = frame.path("method").asText();
    JsonNode params = frame.has("params") && frame.get("params").isArray()
        ? frame.get("params") : RcEjson.mapper().createArrayNode();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("msg", "result");
    result.put("id", id);
    DdpRateLimiter.Verdict verdict = limiter.check(input("method", name, c));
    if (!verdict.allowed()) {
      result.put("error", DdpError.tooManyRequests(verdict));
      c.send(RcEjson.write(result));
      return;
    }
    try {
      Object value = methods.call(c, name, (ArrayNode) params);
      if (value != null) {
        result.put("result", value);
      }
    } catch (ParleyException e) {
      result.put("error", DdpError.of(e));
    } catch (DdpMethods.MethodError e) {
      result.put("error", DdpError.of(e.error(), e.reason()));
    } catch (RuntimeException e) {
      log.error("DDP method {} failed", name, e);
      result.put("error", DdpError.of(500, "Internal server error"));
    }
    c.send(RcEjson.write(result));
    c.send(RcEjson.write(Map.of("msg", "updated", "methods", List.of(id))));
  }

  private void sub(DdpConnection c, JsonNode frame) {
    String id = frame.path("id").asText();
    String name = frame.path("name").asText();
    JsonNode params = frame.path("params");
    String eventName = params.path(0).asText("");
    JsonNode options = params.path(1);
    boolean useCollection = options.isBoolean() ? options.asBoolean()
        : options.path("useCollection").asBoolean(false);
    DdpRateLimiter.Verdict verdict = limiter.check(input("subscription", name, c));
    if (!verdict.allowed()) {
      c.send(RcEjson.write(Map.of("msg", "nosub", "id", id, "error", DdpError.tooManyRequests(verdict))));
      return;
    }
    try {
      if (QUIET.contains(name)) {
        c.subs.put(id, new DdpConnection.Sub(id, name, eventName));
        c.send(RcEjson.write(Map.of("msg", "ready", "subs", List.of(id))));
        return;
      }
      Session session = c.session;
      if (session == null && !name.equals(NOTIFY_ALL)) {
        throw new DdpMethods.MethodError("not-authorized", "Not authorized");
      }
      switch (name) {
        case ROOM_MESSAGES -> subscribeRoomMessages(c, session, eventName);
        case NOTIFY_ROOM -> requireRoomAccess(session, eventName.split("/", 2)[0]);
        case NOTIFY_LOGGED, NOTIFY_ALL, ROLES -> {
          if (eventName.equals(PRIVATE_SETTINGS)
              && (session == null || !session.can("view-privileged-setting"))) {
            throw new DdpMethods.MethodError("not-allowed", "Not allowed");
          }
        }
        case USER_PRESENCE -> {
          // ["", {added: [uids], removed: [uids]}]: adjust the set of users watched.
          options.path("added").forEach(uid -> registry.subscribe(c, USER_PRESENCE, uid.asText()));
          options.path("removed").forEach(uid -> registry.unsubscribe(c, USER_PRESENCE, uid.asText()));
          c.send(RcEjson.write(Map.of("msg", "ready", "subs", List.of(id))));
          return;
        }
        case NOTIFY_USER -> {
          if (!eventName.startsWith(session.userId() + "/")) {
            throw new DdpMethods.MethodError("not-allowed", "Not allowed");
          }
        }
        default -> throw new DdpMethods.MethodError(404, "Subscription '" + name + "' not found");
      }
      c.subs.put(id, new DdpConnection.Sub(id, name, eventName));
      registry.subscribe(c, name, eventName);
      if (useCollection) {
        c.send(RcEjson.write(Map.of("msg", "added", "collection", name, "id", "id",
            "fields", Map.of("eventName", eventName))));
      }
      c.send(RcEjson.write(Map.of("msg", "ready", "subs", List.of(id))));
    } catch (DdpMethods.MethodError e) {
      c.send(RcEjson.write(Map.of("msg", "nosub", "id", id, "error", DdpError.of(e.error(), e.reason()))));
    } catch (ParleyException e) {
      c.send(RcEjson.write(Map.of("msg", "nosub", "id", id, "error", DdpError.of(e))));
    }
  }

  private void subscribeRoomMessages(DdpConnection c, Session session, String eventName) {
    if (eventName.equals(MY_MESSAGES)) {
      for (Room room : services.rooms().roomsOf(session, null)) {
        c.rooms.add(room.id());
        registry.watchRoom(c, room.id());
      }
      return;
    }
    requireRoomAccess(session, eventName);
  }

  private void requireRoomAccess(Session session, String roomId) {
    Room room = services.roomQueries().byId(roomId).orElseThrow(() ->
        new DdpMethods.MethodError("error-not-allowed", "Not allowed"));
    if (!services.roomQueries().canAccess(session, room)) {
      throw new DdpMethods.MethodError("error-not-allowed", "Not allowed");
    }
  }

  private void unsub(DdpConnection c, String id) {
    DdpConnection.Sub sub = c.subs.remove(id);
    if (sub != null) {
      registry.unsubscribe(c, sub.name(), sub.eventName());
      if (sub.name().equals(ROOM_MESSAGES) && sub.eventName().equals(MY_MESSAGES)) {
        for (String roomId : c.rooms) {
          registry.unwatchRoom(c, roomId);
        }
      }
    }
    c.send(RcEjson.write(Map.of("msg", "nosub", "id", id)));
  }

  private static DdpRateLimiter.Input input(String type, String name, DdpConnection c) {
    Session s = c.session;
    return new DdpRateLimiter.Input(type, name, s == null ? null : s.userId(), c.id, c.clientAddress, s);
  }

  /** Called by {@link DdpMethods} when a connection logs in or out. */
  void loggedIn(DdpConnection c, Session session) {
    c.session = session;
    if (!c.isDetached()) {
      registry.loggedIn(c, session.userId());
      services.presence().connected(session, c.id);
    }
  }

  /**
   * {@code POST /api/v1/method.call/:method}: Rocket.Chat's web client sends DDP method frames
   * over REST as EJSON strings; the answer is the DDP result frame, as a string too.
   */
  public String callOverRest(Session session, String methodFromPath, String frameText) {
    JsonNode frame;
    try {
      frame = RcEjson.mapper().readTree(frameText);
    } catch (Exception e) {
      throw new ParleyException.Invalid("invalid-params", "The message is not a DDP method frame");
    }
    if (frame == null || !frame.isObject() || !methodFromPath.equals(frame.path("method").asText())) {
      throw new ParleyException.Invalid("invalid-params", "The message is not a DDP method frame");
    }
    DdpConnection caller = DdpConnection.detached(session);
    JsonNode params = frame.path("params").isArray() ? frame.get("params") : RcEjson.mapper().createArrayNode();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("msg", "result");
    result.put("id", frame.path("id").asText());
    DdpRateLimiter.Verdict verdict = limiter.check(input("method", methodFromPath, caller));
    if (!verdict.allowed()) {
      result.put("error", DdpError.tooManyRequests(verdict));
      return RcEjson.write(result);
    }
    try {
      Object value = methods.call(caller, methodFromPath, (ArrayNode) params);
      if (value != null) {
        result.put("result", value);
      }
    } catch (ParleyException e) {
      result.put("error", DdpError.of(e));
    } catch (DdpMethods.MethodError e) {
      result.put("error", DdpError.of(e.error(), e.reason()));
    }
    return RcEjson.write(result);
  }

  void loggedOut(DdpConnection c) {
    if (c.isDetached()) {
      c.session = null;
      return;
    }
    Session was = c.session;
    if (was != null) {
      services.presence().disconnected(was.userId(), was.username(), c.id);
    }
    registry.remove(c);
    registry.add(c);
    c.subs.clear();
    c.rooms.clear();
    c.session = null;
  }

  // --- outbound events -------------------------------------------------------------------------

  private void onEvent(Event event) {
    try {
      switch (event) {
        case Event.MessageCreated e -> roomMessage(e.message());
        case Event.MessageUpdated e -> roomMessage(e.message());
        case Event.MessageDeleted e -> toStream(NOTIFY_ROOM, e.roomId() + "/deleteMessage",
            List.of(Map.of("_id", e.messageId())));
        case Event.MessagesPruned e -> toStream(NOTIFY_ROOM, e.roomId() + "/deleteMessageBulk",
            List.of(RcNotices.pruned(e)));
        case Event.UserActivity e -> userActivity(e);
        case Event.SubscriptionChanged e -> subscriptionChanged(e);
        case Event.SubscriptionRemoved e -> subscriptionRemoved(e);
        case Event.RoomChanged e -> roomChanged(e.room());
        case Event.RoomDeleted e -> { }
        // Outgoing webhooks' events: the other events already tell sockets what changed.
        case Event.RoomCreated e -> { }
        case Event.RoomArchived e -> { }
        case Event.UserJoinedRoom e -> { }
        case Event.UserLeftRoom e -> { }
        case Event.UserCreated e -> { }
        case Event.FileUploaded e -> { }
        case Event.UserStatusChanged e -> {
          int number = Math.max(0, STATUS_NUMBERS.indexOf(e.status()));
          toStream(USER_PRESENCE, e.userId(), List.of(List.of(e.username(), number, e.statusText())));
          toStream(NOTIFY_LOGGED, "user-status", List.of(Arrays.asList(e.userId(), e.username(),
              number, e.statusText(), e.name(), e.roles())));
          toStream(NOTIFY_USER, e.userId() + "/userData", List.of(RcNotices.userData(e)));
        }
        case Event.UserDeactivated e -> closeAll(e.userId(), "deactivated");
        case Event.DesktopNotification e ->
            toStream(NOTIFY_USER, e.userId() + "/notification", List.of(RcNotices.desktop(e)));
        case Event.EphemeralMessage e ->
            toStream(NOTIFY_USER, e.userId() + "/message", List.of(RcNotices.ephemeral(e)));
        case Event.UserNameChanged e -> {
          toStream(NOTIFY_LOGGED, "Users:NameChanged", List.of(RcNotices.nameChanged(e)));
          refreshSessions(e.userId());
        }
        case Event.UserDeleted e -> {
          toStream(NOTIFY_LOGGED, "Users:Deleted", List.of(RcNotices.userDeleted(e)));
          closeAll(e.userId(), "deleted");
        }
        case Event.AvatarChanged e -> {
          toStream(NOTIFY_LOGGED, "updateAvatar", List.of(RcNotices.avatar(e)));
          if (e.userId() != null) {
            toStream(NOTIFY_USER, e.userId() + "/userData", List.of(RcNotices.avatarUserData(e)));
          }
        }
        case Event.UserRoleChanged e -> {
          toStream(NOTIFY_LOGGED, "roles-change", List.of(RcNotices.roleChange(e)));
          if (e.scope() == null) {
            refreshSessions(e.user().id());
          }
        }
        case Event.RoleDefinitionChanged e -> toStream(ROLES, "roles", List.of(RcNotices.role(e)));
        case Event.PermissionChanged e -> toStream(NOTIFY_LOGGED, "permissions-changed",
            List.of(e.action(), RcNotices.permission(e)));
        case Event.CustomEmojiChanged e -> toStream(NOTIFY_LOGGED,
            e.deleted() ? "deleteEmojiCustom" : "updateEmojiCustom",
            List.of(Map.of("emojiData", RcNotices.customEmoji(e))));
        case Event.CustomUserStatusChanged e -> toStream(NOTIFY_LOGGED,
            e.deleted() ? "deleteCustomUserStatus" : "updateCustomUserStatus",
            List.of(RcNotices.customStatus(e)));
        case Event.SettingChanged e -> {
          Map<String, Object> value = RcNotices.setting(e);
          if (e.isPublic()) {
            toStream(NOTIFY_ALL, "public-settings-changed", List.of("updated", value));
            toStream(NOTIFY_ALL, "public-info",
                List.of(List.of("public-settings-changed", List.of("updated", value))));
          }
          toStream(NOTIFY_LOGGED, PRIVATE_SETTINGS, List.of("updated", value));
        }
        case Event.UserLoggedOut e -> {
          for (DdpConnection c : List.copyOf(registry.ofUser(e.userId()))) {
            Session s = c.session;
            if (s != null && s.hashedToken().equals(e.hashedToken())) {
              c.close(1000, "logged out");
            }
          }
        }
      }
    } catch (RuntimeException e) {
      log.error("Routing {} to sockets failed", event.getClass().getSimpleName(), e);
    }
  }

  /**
   * A user's global roles or name changed: their logged-in sockets pick up the new ones (one read,
   * only when they have sockets on this node), so permission checks and authorship are current.
   */
  private void refreshSessions(String userId) {
    List<DdpConnection> mine = List.copyOf(registry.ofUser(userId));
    if (mine.isEmpty()) {
      return;
    }
    services.users().findById(userId).filter(chat.parley.users.User::active).ifPresent(u -> {
      for (DdpConnection c : mine) {
        Session was = c.session;
        if (was != null) {
          c.session = services.auth().sessionOf(u, was.hashedToken());
        }
      }
    });
  }

  private void closeAll(String userId, String reason) {
    for (DdpConnection c : List.copyOf(registry.ofUser(userId))) {
      c.close(1000, reason);
    }
  }

  private void roomMessage(chat.parley.messages.Message message) {
    String rid = message.roomId();
    var subscribers = registry.subscribers(ROOM_MESSAGES, rid);
    var watchers = registry.roomWatchers(rid);
    if (subscribers.isEmpty() && watchers.isEmpty()) {
      // Runs on the writer thread for every message: no wire document when no socket listens.
      return;
    }
    Map<String, Object> doc = RcMessage.of(message);
    if (!subscribers.isEmpty()) {
      String frame = changed(ROOM_MESSAGES, rid, List.of(doc));
      subscribers.forEach(c -> c.send(frame));
    }
    if (!watchers.isEmpty()) {
      // Rocket.Chat's __my_messages__ adds {roomParticipant, roomType, roomName}: the SDK's
      // respondToMessages filters direct messages and rooms by them.
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("roomParticipant", true);
      services.roomQueries().byId(rid).ifPresent(room -> {
        meta.put("roomType", room.type().code());
        if (room.name() != null) {
          meta.put("roomName", room.name());
        }
      });
      String frame = changed(ROOM_MESSAGES, MY_MESSAGES, List.of(doc, meta));
      watchers.forEach(c -> c.send(frame));
    }
  }

  private void userActivity(Event.UserActivity e) {
    toStream(NOTIFY_ROOM, e.roomId() + "/user-activity", List.of(e.username(), e.activities(),
        e.tmid() == null ? Map.of() : Map.of("tmid", e.tmid())));
    toStream(NOTIFY_ROOM, e.roomId() + "/typing", List.of(e.username(), !e.activities().isEmpty()));
  }

  private void subscriptionChanged(Event.SubscriptionChanged e) {
    String userId = e.subscription().user().id();
    String roomId = e.subscription().roomId();
    for (DdpConnection c : registry.ofUser(userId)) {
      if (c.rooms.add(roomId) && watchesMyMessages(c)) {
        registry.watchRoom(c, roomId);
      }
    }
    toStream(NOTIFY_USER, userId + "/subscriptions-changed",
        List.of(e.inserted() ? "inserted" : "updated", RcSubscription.of(e.subscription())));
    if (e.inserted() && !registry.subscribers(NOTIFY_USER, userId + "/rooms-changed").isEmpty()) {
      // Rocket.Chat sends the room again once a subscription is added: the client learns of it.
      services.roomQueries().byId(roomId).ifPresent(room ->
          toStream(NOTIFY_USER, userId + "/rooms-changed", List.of("inserted", RcRoom.of(room))));
    }
  }

  private void subscriptionRemoved(Event.SubscriptionRemoved e) {
    Room room = services.roomQueries().byId(e.roomId()).orElse(null);
    boolean stillVisible = room != null && room.type() == RoomType.CHANNEL;
    for (DdpConnection c : registry.ofUser(e.userId())) {
      c.rooms.remove(e.roomId());
      registry.unwatchRoom(c, e.roomId());
      if (!stillVisible) {
        // The room is private or gone: its streams stop for this user at once.
        for (DdpConnection.Sub sub : List.copyOf(c.subs.values())) {
          if (sub.eventName().equals(e.roomId()) || sub.eventName().startsWith(e.roomId() + "/")) {
            c.subs.remove(sub.id());
            registry.unsubscribe(c, sub.name(), sub.eventName());
            c.send(RcEjson.write(Map.of("msg", "nosub", "id", sub.id())));
          }
        }
      }
    }
    toStream(NOTIFY_USER, e.userId() + "/subscriptions-changed",
        List.of("removed", Map.of("rid", e.roomId())));
    toStream(NOTIFY_USER, e.userId() + "/rooms-changed", List.of("removed", Map.of("_id", e.roomId())));
  }

  private void roomChanged(Room room) {
    Map<String, Object> doc = RcRoom.of(room);
    var members = services.roomQueries().members(room.id(), null, 0, 100_000).items();
    for (var m : members) {
      String userId = m.user().id();
      if (!registry.ofUser(userId).isEmpty()) {
        toStream(NOTIFY_USER, userId + "/rooms-changed", List.of("updated", doc));
      }
    }
  }

  private static boolean watchesMyMessages(DdpConnection c) {
    return c.subs.values().stream()
        .anyMatch(s -> s.name().equals(ROOM_MESSAGES) && s.eventName().equals(MY_MESSAGES));
  }

  private void toStream(String stream, String eventName, List<Object> args) {
    var subscribers = registry.subscribers(stream, eventName);
    if (subscribers.isEmpty()) {
      return;
    }
    String frame = changed(stream, eventName, args);
    subscribers.forEach(c -> c.send(frame));
  }

  private static String changed(String stream, String eventName, List<Object> args) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("eventName", eventName);
    fields.put("args", new ArrayList<>(args));
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("msg", "changed");
    frame.put("collection", stream);
    frame.put("id", "id");
    frame.put("fields", fields);
    return RcEjson.write(frame);
  }

  /** For tests and the benchmark: how many frames a connection may have waiting. */
  static int queueCapacity() {
    return DdpConnection.QUEUE_CAPACITY;
  }
}
