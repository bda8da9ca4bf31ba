package chat.parley.rest;

import chat.parley.auth.Session;
import chat.parley.common.ParleyException;
import chat.parley.users.NewUser;
import chat.parley.users.User;
import chat.parley.users.UserService;
import chat.parley.wire.RcUser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code users.register}, {@code users.create}, {@code users.info}. */
final class UserRoutes {
  private static final Set<String> REGISTER_FIELDS =
      Set.of("username", "email", "pass", "name", "secret", "reason", "customFields");
  private static final Set<String> CREATE_FIELDS = Set.of("email", "name", "password", "username",
      "active", "bio", "nickname", "statusText", "roles", "joinDefaultChannels",
      "requirePasswordChange", "setRandomPassword", "sendWelcomeEmail", "verified", "customFields",
      "fields");

  private final UserService users;
  private final chat.parley.users.PresenceService presence;

  private final chat.parley.users.AccountService accounts;
  private final chat.parley.settings.Settings settings;

  UserRoutes(UserService users, chat.parley.users.PresenceService presence,
      chat.parley.users.AccountService accounts, chat.parley.settings.Settings settings) {
    this.users = users;
    this.presence = presence;
    this.accounts = accounts;
    this.settings = settings;
  }

  private chat.parley.files.AvatarService avatars;

  /** With {@code avatars}, {@code users.info} carries {@code avatarETag}. */
  UserRoutes withAvatars(chat.parley.files.AvatarService avatars) {
    this.avatars = avatars;
    return this;
  }

  private Map<String, Object> infoDoc(User user, boolean full) {
    Map<String, Object> doc = new java.util.LinkedHashMap<>(RcUser.info(user, full));
    if (avatars != null) {
      avatars.etagOf(user.id()).ifPresent(etag -> doc.put("avatarETag", etag));
    }
    return doc;
  }

  void register(Api api) {
    api.publicPost("users.register", this::registerUser);
    api.post("users.create", this::create);
    api.get("users.info", this::info);
    api.post("users.setActiveStatus", req -> {
      Boolean active = req.optionalBoolean(req.body(), "activeStatus");
      if (active == null) {
        throw RestErrors.invalidBody("must have required property 'activeStatus'");
      }
      User u = users.setActive(req.session(), req.requiredString(req.body(), "userId"), active);
      return Map.of("user", Map.of("_id", u.id(), "active", u.active()));
    });
    api.get("users.getPresence", req -> {
      String userId = req.query("userId");
      String username = req.query("username");
      User user = userId == null && username == null
          ? users.resolve(req.session().userId(), null)
          : users.resolve(userId, username);
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      out.put("presence", user.status());
      if (user.id().equals(req.session().userId())) {
        out.put("connectionStatus", user.status());
        out.put("lastLogin", user.lastLogin());
      }
      return out;
    });
    api.get("users.presence", req -> {
      String ids = req.query("ids");
      List<User> found = ids == null
          ? users.search(null, 0, 500).items()
          : java.util.Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty())
              .map(users::findById).flatMap(java.util.Optional::stream).toList();
      List<Map<String, Object>> out = found.stream().map(u -> {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("_id", u.id());
        doc.put("username", u.username());
        doc.put("name", u.name());
        doc.put("status", u.status());
        doc.put("utcOffset", 0);
        return doc;
      }).toList();
      return Map.of("users", out, "full", ids == null);
    });
    api.post("users.setStatus", req -> {
      String status = req.optionalString(req.body(), "status");
      String message = req.optionalString(req.body(), "message");
      if (message != null && !settings.bool("Accounts_AllowUserStatusMessageChange")) {
        throw new ParleyException.Invalid("error-not-allowed", "Change status is not allowed");
      }
      if (status != null) {
        presence.setDefaultStatus(req.session(), status);
      }
      if (message != null) {
        presence.setStatusText(req.session(), message);
      }
      return Map.of();
    });
  }

  private Map<String, Object> registerUser(Request req) {
    if (req.optionalSession() != null) {
      throw new ParleyException.Invalid("error-logged-in",
          "Logged in users can not register again.");
    }
    ObjectNode body = req.body();
    req.allowOnly(body, REGISTER_FIELDS);
    String username = req.requiredString(body, "username");
    String email = req.requiredString(body, "email");
    String pass = req.requiredString(body, "pass");
    String name = req.optionalString(body, "name");
    if (pass.isEmpty()) {
      throw RestErrors.invalidBody("'pass' must NOT have fewer than 1 characters");
    }
    User user = users.register(username.trim(), email.trim(), pass, name,
        req.optionalString(body, "secret"));
    return Map.of("user", RcUser.registered(user));
  }

  private Map<String, Object> create(Request req) {
    ObjectNode body = req.body();
    req.allowOnly(body, CREATE_FIELDS);
    String email = req.requiredString(body, "email");
    String name = req.requiredString(body, "name");
    String password = req.requiredString(body, "password");
    String username = req.requiredString(body, "username");
    List<String> roles = new ArrayList<>();
    JsonNode roleNode = body.get("roles");
    if (roleNode != null && !roleNode.isNull()) {
      if (!roleNode.isArray()) {
        throw RestErrors.invalidBody("'roles' must be array");
      }
      roleNode.forEach(r -> roles.add(r.asText()));
    }
    NewUser spec = new NewUser(username.trim(), email.trim(), password, name, roles,
        orTrue(req.optionalBoolean(body, "active")),
        Boolean.TRUE.equals(req.optionalBoolean(body, "verified")),
        orTrue(req.optionalBoolean(body, "joinDefaultChannels")),
        Boolean.TRUE.equals(req.optionalBoolean(body, "requirePasswordChange")));
    User user = users.create(req.session(), spec);
    return Map.of("user", RcUser.info(user, true));
  }

  private Map<String, Object> info(Request req) {
    String userId = req.ctx().queryParam("userId");
    String username = req.ctx().queryParam("username");
    if (userId == null && username == null) {
      throw RestErrors.invalidQuery("must have required property 'userId'");
    }
    if ((userId != null && userId.isBlank()) || (userId == null && username.isBlank())) {
      throw new ParleyException.Invalid("error-invalid-params", "Invalid search query.");
    }
    User user = users.info(userId, username);
    Session session = req.session();
    boolean full = user.id().equals(session.userId()) || session.can("view-full-other-user-info");
    String fields = req.query("fields");
    boolean withRooms = req.queryFlag("includeUserRooms")
        || (fields != null && fields.replace(" ", "").contains("\"userRooms\":1"));
    if (withRooms && accounts != null && (user.id().equals(session.userId())
        || session.can("view-other-user-channels"))) {
      Map<String, Object> doc = infoDoc(user, full);
      doc.put("rooms", accounts.roomsOf(session, user.id()).stream()
          .map(chat.parley.wire.RcAccount::userRoom).toList());
      return Map.of("user", doc);
    }
    return Map.of("user", infoDoc(user, full));
  }

  private static boolean orTrue(Boolean value) {
    return value == null || value;
  }
}
