package chat.parley.realtime;

import chat.parley.Services;
import chat.parley.auth.AuthService;
import chat.parley.auth.LoginRequest;
import chat.parley.auth.LoginResult;
import chat.parley.auth.Session;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.messages.HistoryQuery;
import chat.parley.messages.Message;
import chat.parley.messages.SendMessage;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomQueries;
import chat.parley.users.User;
import chat.parley.wire.RcEjson;
import chat.parley.wire.RcMessage;
import chat.parley.wire.RcRoom;
import chat.parley.wire.RcSubscription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DDP methods Rocket.Chat clients and SDKs call. Each decodes its params, calls the same
 * service as the REST route would, and returns the wire object; errors become Meteor errors.
 */
final class DdpMethods {
  /** A Meteor error a method throws: {@code error} may be a number (403) or an id. */
  static final class MethodError extends RuntimeException {
    private final Object error;
    private final String reason;

    MethodError(Object error, String reason) {
      super(reason, null, false, false);
      this.error = error;
      this.reason = reason;
    }

    Object error() {
      return error;
    }

    String reason() {
      return reason;
    }
  }

  @FunctionalInterface
  private interface Method {
    Object call(DdpConnection c, ArrayNode params);
  }

  private final Services s;
  private final DdpServer server;
  private final Map<String, Method> table = new LinkedHashMap<>();

  DdpMethods(Services services, DdpServer server) {
    this.s = services;
    this.server = server;
    table.put("login", this::login);
    table.put("logout", (c, p) -> {
      Session session = requireLogin(c);
      // Forget the login first: the logout event closes other sockets of this token, not this one.
      server.loggedOut(c);
      s.auth().logout(session);
      return null;
    });
    table.put("sendMessage", this::sendMessage);
    table.put("updateMessage", (c, p) -> {
      JsonNode m = p.path(0);
      return RcMessage.of(s.messageActions().edit(requireLogin(c), text(m, "rid"), text(m, "_id"),
          m.path("msg").asText("")));
    });
    table.put("deleteMessage", (c, p) -> {
      JsonNode m = p.path(0);
      s.messageActions().delete(requireLogin(c), null, m.isTextual() ? m.asText() : text(m, "_id"));
      return null;
    });
    table.put("setReaction", (c, p) -> {
      s.messageActions().react(requireLogin(c), p.path(1).asText(), p.path(0).asText(),
          p.path(2).isBoolean() ? p.path(2).asBoolean() : null);
      return null;
    });
    table.put("loadHistory", this::loadHistory);
    table.put("loadMissedMessages", this::loadMissedMessages);
    table.put("getRoomIdByNameOrId", (c, p) -> room(requireLogin(c), p.path(0).asText()).id());
    table.put("getRoomNameById", (c, p) -> {
      Room room = room(requireLogin(c), p.path(0).asText());
      return room.name() != null ? room.name() : room.id();
    });
    table.put("joinRoom", (c, p) -> {
      Session session = requireLogin(c);
      s.membership().join(session, room(session, p.path(0).asText()), optText(p.path(1)));
      return true;
    });
    table.put("leaveRoom", (c, p) -> {
      Session session = requireLogin(c);
      s.membership().leave(session, room(session, p.path(0).asText()));
      return true;
    });
    table.put("createDirectMessage", this::createDirectMessage);
    table.put("readMessages", (c, p) -> {
      s.subscriptions().markRead(requireLogin(c), p.path(0).asText());
      return null;
    });
    table.put("getUsersOfRoom", this::getUsersOfRoom);
    table.put("getRoomRoles", (c, p) -> {
      Session session = requireLogin(c);
      Room room = room(session, p.path(0).asText());
      return s.roomQueries().roleHolders(room.id()).stream().map(sub -> Map.of("_id", sub.id(),
          "rid", sub.roomId(), "u", Map.of("_id", sub.user().id(), "username", sub.user().username()),
          "roles", sub.roles())).toList();
    });
    table.put("rooms/get", this::roomsGet);
    table.put("subscriptions/get", this::subscriptionsGet);
    table.put("getThreadMessages", (c, p) -> {
      JsonNode q = p.path(0);
      Page<Message> page = s.messageReads().threadMessages(requireLogin(c), text(q, "tmid"),
          q.path("skip").asInt(0), Math.min(q.path("limit").asInt(50), 1000));
      return page.items().stream().map(RcMessage::of).toList();
    });
    table.put("getSingleMessage", (c, p) -> RcMessage.of(s.messages().get(requireLogin(c), p.path(0).asText())));
    table.put("public-settings/get", (c, p) -> publicSettings());
    table.put("permissions/get", (c, p) -> s.permissions().list(null).stream()
        .map(e -> Map.<String, Object>of("_id", e.id(), "roles", e.roles(), "_updatedAt", e.updatedAt()))
        .toList());
    table.put("listCustomEmoji", (c, p) -> s.customEmoji().changes(null).update().stream()
        .map(chat.parley.wire.RcEmojiCustom::of).toList());
    // Issue #9: custom sounds are managed over DDP, as Rocket.Chat's admin UI does.
    table.put("listCustomSounds", (c, p) -> s.customSounds().page(null, 0, 10_000).items().stream()
        .map(chat.parley.wire.RcCustomSound::of).toList());
    table.put("insertOrUpdateSound", (c, p) -> {
      JsonNode d = p.path(0);
      return s.customSounds().insertOrUpdate(requireLogin(c),
          d.path("_id").isTextual() ? d.path("_id").asText() : null,
          d.path("name").asText(null), d.path("extension").asText(null));
    });
    table.put("uploadCustomSound", (c, p) -> {
      JsonNode data = p.path(0);
      byte[] bytes = data.path("$binary").isTextual()
          ? java.util.Base64.getDecoder().decode(data.path("$binary").asText())
          : data.asText("").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      s.customSounds().upload(requireLogin(c), p.path(2).path("_id").asText(), bytes,
          p.path(1).asText(null));
      return null;
    });
    table.put("deleteCustomSound", (c, p) -> {
      s.customSounds().delete(requireLogin(c), p.path(0).asText());
      return true;
    });
    // Rocket.Chat: users with a role besides "user", as {_id, username, roles}.
    table.put("getUserRoles", (c, p) -> {
      requireLogin(c);
      return s.users().withRolesBeyondUser().stream().map(u -> Map.<String, Object>of("_id", u.id(),
          "username", u.username(), "roles", u.roles())).toList();
    });
    table.put("stream-notify-room", this::notifyRoom);
    // {cmd, params, msg: {rid, tmid?}}, as the web client sends a typed "/command".
    table.put("slashCommand", (c, p) -> {
      JsonNode q = p.path(0);
      return s.commands().run(requireLogin(c), q.path("cmd").asText(), q.path("params").asText(""),
          q.at("/msg/rid").asText(), optText(q.at("/msg/tmid")));
    });
    // Issue #6: Meteor's methods behind the mailed links; both log the caller in.
    table.put("resetPassword", (c, p) -> {
      String token = matchText(p.path(0));
      JsonNode pw = p.path(1);
      String plain = pw.isTextual() && pw.asText().length() <= 256 ? pw.asText() : null;
      String digest = pw.isObject() && pw.path("digest").asText("").matches("[0-9a-fA-F]{64}")
          && "sha-256".equals(pw.path("algorithm").asText()) ? pw.path("digest").asText() : null;
      if (plain == null && digest == null) {
        throw new MethodError(400, "Match failed");
      }
      return linkLogin(c, () -> s.accountLinks().resetPassword(token, plain, digest));
    });
    // The DDP forms of users.forgotPassword and users.sendConfirmationEmail.
    table.put("sendForgotPasswordEmail", (c, p) -> {
      s.accountLinks().forgotPassword(matchText(p.path(0)));
      return true;
    });
    table.put("sendConfirmationEmail", (c, p) ->
        s.accountLinks().sendConfirmation(requireLogin(c), matchText(p.path(0))));
    table.put("verifyEmail", (c, p) -> {
      String token = matchText(p.path(0));
      return linkLogin(c, () -> s.accountLinks().verifyEmail(token));
    });
    // Issue #6: two-factor authentication by TOTP (Rocket.Chat's 2fa:* methods).
    table.put("2fa:enable", (c, p) -> {
      var enrolment = s.auth().twoFactor().enable(c.session);
      return Map.of("secret", enrolment.secret(), "url", enrolment.url());
    });
    table.put("2fa:validateTempToken", (c, p) ->
        Map.of("codes", s.auth().twoFactor().validateTempToken(c.session, code(p.path(0)))));
    table.put("2fa:disable", (c, p) -> s.auth().twoFactor().disable(c.session, code(p.path(0))));
    // A wrong code answers nothing (undefined), as in Rocket.Chat.
    table.put("2fa:regenerateCodes", (c, p) -> s.auth().twoFactor().regenerateCodes(c.session, code(p.path(0)))
        .map(codes -> Map.of("codes", codes)).orElse(null));
    table.put("2fa:checkCodesRemaining", (c, p) ->
        Map.of("remaining", s.auth().twoFactor().codesRemaining(c.session)));
    table.put("UserPresence:online", (c, p) -> {
      s.presence().setConnectionStatus(requireLogin(c), c.id, "online");
      return null;
    });
    table.put("UserPresence:away", (c, p) -> {
      s.presence().setConnectionStatus(requireLogin(c), c.id, "away");
      return null;
    });
    table.put("UserPresence:setDefaultStatus", (c, p) -> {
      s.presence().setDefaultStatus(requireLogin(c), p.path(0).asText());
      return true;
    });
  }

  Object call(DdpConnection c, String name, ArrayNode params) {
    Method method = table.get(name);
    if (method == null) {
      throw new MethodError(404, "Method '" + name + "' not found");
    }
    return method.call(c, params);
  }

  private static Session requireLogin(DdpConnection c) {
    Session session = c.session;
    if (session == null) {
      throw new MethodError("error-invalid-user", "Invalid user");
    }
    return session;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw new MethodError("error-invalid-params", "Missing " + field);
    }
    return v.asText();
  }

  /** A code as clients send it: a string, or a number (leading zeros lost, as in Rocket.Chat). */
  private static String code(JsonNode node) {
    return node.isTextual() || node.isNumber() ? node.asText() : null;
  }

  private static String optText(JsonNode node) {
    return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
  }

  /** A room by id (or name) that the session may see; otherwise "not allowed", never a hint. */
  private Room room(Session session, String idOrName) {
    RoomQueries q = s.roomQueries();
    Optional<Room> room = q.byId(idOrName).or(() -> q.byName(idOrName));
    return room.filter(r -> q.canAccess(session, r)).orElseThrow(() ->
        new MethodError("error-not-allowed", "Not allowed"));
  }

  // --- login -------------------------------------------------------------------------------------

  private Object login(DdpConnection c, ArrayNode params) {
    JsonNode req = params.path(0);
    AuthService auth = s.auth();
    String code = null;
    if (req.path("totp").isObject()) {
      // Rocket.Chat's "totp" login handler: {totp: {login: {user, password}, code}}.
      code = req.path("totp").path("code").isNumber() ? req.path("totp").path("code").asText()
          : optText(req.path("totp").path("code"));
      req = req.path("totp").path("login");
    }
    if (req.has("resume")) {
      AuthService.ResumedSession resumed = auth.resumeSession(req.path("resume").asText())
          .orElseThrow(() -> new MethodError(403, "You've been logged out by the server. Please log in again."));
      server.loggedIn(c, resumed.session());
      return loginResult(resumed.session().userId(), req.path("resume").asText(), resumed.expires(), "resume");
    }
    JsonNode user = req.path("user");
    String username = user.isTextual() ? user.asText() : optText(user.path("username"));
    String email = optText(user.path("email"));
    if (username != null && username.contains("@") && email == null) {
      email = username;
      username = null;
    }
    JsonNode password = req.path("password");
    String plain = password.isTextual() ? password.asText() : null;
    String digest = password.isObject() ? optText(password.path("digest")) : null;
    if ((username == null && email == null) || (plain == null && digest == null)) {
      throw new MethodError(400, "Match failed");
    }
    LoginResult result;
    try {
      result = auth.login(new LoginRequest(email == null ? username : null, email, plain, digest, null),
          null, code);
    } catch (ParleyException.Unauthenticated e) {
      if (e.errorType() != null && e.errorType().startsWith("totp-")) {
        throw e;
      }
      throw new MethodError(403, "User not found");
    }
    User u = result.user();
    server.loggedIn(c, auth.sessionOf(u, chat.parley.auth.PasswordHasher.hashToken(result.token())));
    return loginResult(u.id(), result.token(), result.tokenExpires(), "password");
  }

  private static String matchText(JsonNode node) {
    if (!node.isTextual()) {
      throw new MethodError(400, "Match failed");
    }
    return node.asText();
  }

  /** Runs a link's check, then logs the connection in as its user, as Meteor's _loginMethod does. */
  private Object linkLogin(DdpConnection c, java.util.function.Supplier<User> redeem) {
    User u;
    try {
      u = redeem.get();
    } catch (ParleyException.NotAllowed e) {
      throw new MethodError(403, e.getMessage());
    }
    LoginResult result = s.auth().issueLogin(u);
    server.loggedIn(c, s.auth().sessionOf(u, chat.parley.auth.PasswordHasher.hashToken(result.token())));
    return loginResult(u.id(), result.token(), result.tokenExpires(), "password");
  }

  private static Map<String, Object> loginResult(String userId, String token, Instant expires, String type) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", userId);
    out.put("token", token);
    if (expires != null) {
      out.put("tokenExpires", expires);
    }
    out.put("type", type);
    return out;
  }

  // --- messages ----------------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private Object sendMessage(DdpConnection c, ArrayNode params) {
    Session session = requireLogin(c);
    JsonNode m = params.path(0);
    if (!m.isObject()) {
      throw new MethodError("error-invalid-params", "Invalid message");
    }
    if (m.hasNonNull("t")) {
      throw new MethodError("error-not-allowed", "Cannot send system messages");
    }
    String rid = optText(m.path("rid"));
    String tmid = optText(m.path("tmid"));
    if (rid == null && tmid == null) {
      throw new MethodError("error-invalid-params", "The 'rid' property on the message object is missing.");
    }
    List<Map<String, Object>> attachments = m.path("attachments").isArray()
        ? RcEjson.mapper().convertValue(m.get("attachments"), List.class) : null;
    SendMessage cmd = new SendMessage(optText(m.path("_id")), rid, m.path("msg").asText(""),
        optText(m.path("alias")), optText(m.path("emoji")), optText(m.path("avatar")), attachments,
        null, null, null, tmid, m.path("tshow").asBoolean(false));
    return RcMessage.of(s.messages().send(session, cmd));
  }

  private Object loadHistory(DdpConnection c, ArrayNode p) {
    Session session = requireLogin(c);
    Room room = room(session, p.path(0).asText());
    Instant end = RcEjson.date(p.path(1));
    int limit = Math.min(Math.max(p.path(2).asInt(20), 1), 1000);
    List<Message> page = s.messages().history(session, room,
        new HistoryQuery(room.id(), end == null ? Instant.now() : end, null, false, 0, limit, false));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("messages", page.stream().map(RcMessage::of).toList());
    out.put("unreadNotLoaded", 0);
    return out;
  }

  private Object loadMissedMessages(DdpConnection c, ArrayNode p) {
    Session session = requireLogin(c);
    Room room = room(session, p.path(0).asText());
    Instant start = RcEjson.date(p.path(1));
    if (start == null) {
      throw new MethodError("error-invalid-params", "Invalid start date");
    }
    return s.messages().history(session, room,
            new HistoryQuery(room.id(), Instant.now().plusSeconds(1), start, false, 0, 1000, false))
        .stream().map(RcMessage::of).toList();
  }

  private Object createDirectMessage(DdpConnection c, ArrayNode p) {
    Session session = requireLogin(c);
    List<User> others = new ArrayList<>();
    for (JsonNode name : p) {
      others.add(s.users().findByUsername(name.asText()).orElseThrow(() ->
          new MethodError("error-invalid-user", "Invalid user")));
    }
    if (others.isEmpty()) {
      throw new MethodError("error-invalid-user", "Invalid user");
    }
    Room room = s.rooms().openDirect(session, others);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rid", room.id());
    out.put("_id", room.id());
    out.put("t", "d");
    out.put("usernames", room.usernames());
    return out;
  }

  private Object getUsersOfRoom(DdpConnection c, ArrayNode p) {
    Session session = requireLogin(c);
    Room room = room(session, p.path(0).asText());
    Page<RoomQueries.Member> page = s.roomQueries().members(room.id(), null, 0, 10_000);
    List<Map<String, Object>> records = page.items().stream().map(m -> Map.<String, Object>of(
        "_id", m.user().id(), "username", m.user().username(),
        "name", m.user().name() == null ? m.user().username() : m.user().name(),
        "status", m.user().status())).toList();
    return Map.of("total", page.total(), "records", records);
  }

  private Object roomsGet(DdpConnection c, ArrayNode p) {
    Session session = requireLogin(c);
    Instant since = RcEjson.date(p.path(0));
    List<Map<String, Object>> update = s.rooms().roomsOf(session, since).stream().map(RcRoom::of).toList();
    if (since == null) {
      return update;
    }
    return Map.of("update", update, "remove", s.subscriptions().removedSince(session, since).stream()
        .map(r -> Map.of("_id", r.roomId(), "_deletedAt", r.removedAt())).toList());
  }

  private Object subscriptionsGet(DdpConnection c, ArrayNode p) {
    Session session = requireLogin(c);
    Instant since = RcEjson.date(p.path(0));
    var sync = s.subscriptions().since(session, since);
    List<Map<String, Object>> update = sync.update().stream().map(RcSubscription::of).toList();
    if (since == null) {
      return update;
    }
    return Map.of("update", update, "remove", sync.remove().stream()
        .map(r -> Map.of("_id", r.subscriptionId(), "_deletedAt", r.removedAt())).toList());
  }

  private Object publicSettings() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String id : List.of("Site_Name", "Message_MaxAllowedSize", "Accounts_RegistrationForm",
        "Message_AllowEditing", "Message_AllowDeleting", "Message_AllowPinning",
        "Message_AllowStarring", "API_Default_Count", "API_Upper_Count_Limit")) {
      out.add(Map.of("_id", id, "value", s.settings().string(id)));
    }
    return out;
  }

  /**
   * Typing: {@code stream-notify-room("<rid>/user-activity", username, ["user-typing"], extras)},
   * where Rocket.Chat's client passes {@code extras = {tmid}} for typing in a thread.
   */
  private Object notifyRoom(DdpConnection c, ArrayNode p) {
    Session session = requireLogin(c);
    String eventName = p.path(0).asText("");
    String[] parts = eventName.split("/", 2);
    if (parts.length != 2 || !(parts[1].equals("user-activity") || parts[1].equals("typing"))) {
      throw new MethodError("error-not-allowed", "Not allowed");
    }
    List<String> activities = new ArrayList<>();
    JsonNode what = p.path(2);
    if (what.isArray()) {
      what.forEach(a -> activities.add(a.asText()));
    } else if (what.asBoolean(false)) {
      activities.add("user-typing");
    }
    JsonNode tmid = p.path(3).path("tmid");
    String thread = tmid.isTextual() && !tmid.asText().isBlank() && tmid.asText().length() <= 64
        ? tmid.asText() : null;
    s.subscriptions().announceActivity(session, parts[0], activities, thread);
    return null;
  }
}
