package chat.parley.rest;

import chat.parley.auth.AuthService;
import chat.parley.auth.TwoFactorService;
import chat.parley.auth.Session;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.settings.Settings;
import chat.parley.users.AccountService;
import chat.parley.users.User;
import chat.parley.users.UserService;
import chat.parley.wire.RcAccount;
import chat.parley.wire.RcJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Account administration: {@code users.update}, {@code updateOwnBasicInfo}, {@code delete},
 * {@code deleteOwnAccount}, {@code list}, {@code autocomplete}, {@code getStatus}, {@code
 * get/setPreferences}, {@code getUsernameSuggestion}, {@code logout}.
 */
final class AccountRoutes {
  private static final Set<String> UPDATE_FIELDS = Set.of("email", "name", "password", "username",
      "bio", "nickname", "statusText", "active", "roles", "joinDefaultChannels",
      "requirePasswordChange", "sendWelcomeEmail", "verified", "customFields", "setRandomPassword",
      "status");
  private static final Set<String> BASIC_INFO_FIELDS = Set.of("email", "name", "username",
      "nickname", "statusText", "currentPassword", "newPassword", "bio");
  /** Rocket.Chat's {@code isUsersSetPreferencesParamsPOST} keys. */
  private static final Set<String> PREFERENCE_KEYS = Set.of("newRoomNotification",
      "newMessageNotification", "clockMode", "useEmojis", "convertAsciiEmoji",
      "saveMobileBandwidth", "collapseMediaByDefault", "autoImageLoad", "emailNotificationMode",
      "unreadAlert", "notificationsSoundVolume", "desktopNotifications", "pushNotifications",
      "enableAutoAway", "highlights", "desktopNotificationRequireInteraction", "hideUsernames",
      "hideRoles", "displayAvatars", "hideFlexTab", "sendOnEnter", "language",
      "sidebarShowFavorites", "sidebarShowUnread", "sidebarSortby", "sidebarViewMode",
      "sidebarDisplayAvatar", "sidebarGroupByType", "muteFocusedConversations",
      "dontAskAgainList", "themeAppearence", "fontSize", "receiveLoginDetectionEmail",
      "notifyCalendarEvents", "idleTimeLimit", "omnichannelTranscriptEmail",
      "omnichannelTranscriptPDF", "showThreadsInMainChannel", "alsoSendThreadToChannel",
      "enableMobileRinging", "mentionsWithSymbol", "masterVolume", "featuresPreview",
      "desktopNotificationVoiceCalls", "voipRingerVolume");
  private static final int MAX_PREFERENCES_BYTES = 16 * 1024;

  private final AccountService accounts;
  private final UserService users;
  private final AuthService auth;
  private final Paging paging;
  private final Settings settings;

  AccountRoutes(AccountService accounts, UserService users, AuthService auth, Settings settings) {
    this.accounts = accounts;
    this.users = users;
    this.auth = auth;
    this.paging = new Paging(settings);
    this.settings = settings;
  }

  void register(Api api) {
    api.post("users.update", req -> {
      // Rocket.Chat marks users.update twoFactorRequired.
      api.requireTwoFactor(req, TwoFactorService.Options.DEFAULT);
      return update(req);
    });
    api.post("users.updateOwnBasicInfo", req -> updateOwnBasicInfo(api, req));
    api.post("users.delete", req -> {
      User user = users.resolve(req.param("userId"), req.param("username"));
      accounts.delete(req.session(), user.id(), confirmRelinquish(req));
      return Map.of();
    });
    api.post("users.deleteOwnAccount", req -> {
      String password = req.optionalString(req.body(), "password");
      if (password == null || password.isEmpty()) {
        throw new ParleyException.Invalid(null, "Body parameter \"password\" is required.");
      }
      accounts.deleteOwn(req.session(), password, confirmRelinquish(req));
      return Map.of();
    });
    api.get("users.list", this::list);
    api.get("users.autocomplete", this::autocomplete);
    api.get("users.getStatus", req -> {
      String userId = req.query("userId");
      String username = req.query("username");
      boolean self = (userId == null && username == null)
          || req.session().userId().equals(userId);
      User user = self ? users.resolve(req.session().userId(), null) : users.resolve(userId, username);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("_id", user.id());
      out.put("message", accounts.account(user.id()).profile().statusText());
      if (self) {
        out.put("connectionStatus", user.status());
      }
      out.put("status", user.status());
      return out;
    });
    api.get("users.getPreferences", req -> Map.of("preferences", accounts.preferences(req.session().userId())));
    api.post("users.setPreferences", this::setPreferences);
    api.get("users.getUsernameSuggestion", req -> Map.of("result", accounts.usernameSuggestion(req.session())));
    api.post("users.logout", req -> {
      String userId = req.optionalString(req.body(), "userId");
      String target = userId == null || userId.isEmpty() ? req.session().userId() : userId;
      auth.logoutEverywhere(req.session(), target);
      return Map.of("message", "User " + target + " has been logged out!");
    });
    chat.parley.users.PasswordPolicy policy = new chat.parley.users.PasswordPolicy(settings);
    api.publicGetAt(Api.V1 + "pw.getPolicy", req -> policy.describe());
    api.post("users.logoutOtherClients", req -> {
      java.time.Instant expires = auth.logoutOtherClients(req.session());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("token", req.ctx().header("X-Auth-Token"));
      out.put("tokenExpires", expires == null ? "" : expires.toString());
      return out;
    });
    api.post("users.removeOtherTokens", req -> {
      auth.logoutOtherClients(req.session());
      return Map.of();
    });
    api.get("users.checkUsernameAvailability", req ->
        Map.of("result", accounts.usernameAvailable(req.session(), req.query("username"))));
    api.get("users.listTeams", req -> {
      if (req.query("userId") == null) {
        throw RestErrors.invalidQuery("must have required property 'userId'");
      }
      // Parley has no teams yet (issue #6 asks for the empty answer until they exist).
      return Map.of("teams", List.of());
    });
    api.post("users.deactivateIdle", req -> {
      ObjectNode body = req.body();
      req.allowOnly(body, Set.of("daysIdle", "role"));
      JsonNode days = body.get("daysIdle");
      if (days == null || !days.canConvertToInt() || days.asInt() < 0) {
        throw RestErrors.invalidBody("must have required property 'daysIdle'");
      }
      String role = req.optionalString(body, "role");
      return Map.of("count", accounts.deactivateIdle(req.session(), days.asInt(), role == null ? "user" : role));
    });
  }

  private static boolean confirmRelinquish(Request req) {
    Boolean confirm = req.optionalBoolean(req.body(), "confirmRelinquish");
    return Boolean.TRUE.equals(confirm);
  }

  private Map<String, Object> update(Request req) {
    ObjectNode body = req.body();
    req.allowOnly(body, Set.of("userId", "data", "confirmRelinquish"));
    String userId = req.requiredString(body, "userId");
    JsonNode dataNode = body.get("data");
    if (!(dataNode instanceof ObjectNode data)) {
      throw RestErrors.invalidBody("must have required property 'data'");
    }
    req.allowOnly(data, UPDATE_FIELDS);
    List<String> roles = null;
    JsonNode roleNode = data.get("roles");
    if (roleNode != null && !roleNode.isNull()) {
      if (!roleNode.isArray()) {
        throw RestErrors.invalidBody("'data.roles' must be array");
      }
      roles = new ArrayList<>();
      for (JsonNode r : roleNode) {
        if (!r.isTextual()) {
          throw RestErrors.invalidBody("'data.roles' items must be string");
        }
        roles.add(r.asText());
      }
    }
    AccountService.Account saved = accounts.update(req.session(), userId, new AccountService.Changes(
        req.optionalString(data, "username"), req.optionalString(data, "name"),
        req.optionalString(data, "email"), req.optionalString(data, "password"),
        req.optionalBoolean(data, "active"), roles, req.optionalBoolean(data, "verified"),
        req.optionalBoolean(data, "requirePasswordChange"), req.optionalString(data, "nickname"),
        req.optionalString(data, "bio"), req.optionalString(data, "statusText")));
    return Map.of("user", RcAccount.user(saved, true));
  }

  private Map<String, Object> updateOwnBasicInfo(Api api, Request req) {
    ObjectNode body = req.body();
    req.allowOnly(body, Set.of("data", "customFields"));
    JsonNode dataNode = body.get("data");
    if (!(dataNode instanceof ObjectNode data)) {
      throw RestErrors.invalidBody("must have required property 'data'");
    }
    req.allowOnly(data, BASIC_INFO_FIELDS);
    String email = req.optionalString(data, "email");
    String newPassword = req.optionalString(data, "newPassword");
    if ((email != null && !email.isEmpty()) || (newPassword != null && !newPassword.isEmpty())) {
      // Rocket.Chat's saveUserProfile: a second factor is always required here, never remembered;
      // currentPassword (SHA-256 hex) is the password method's code, else the x-2fa-* headers.
      String current = req.optionalString(data, "currentPassword");
      if (current != null && !current.isEmpty()) {
        api.requireTwoFactor(req, current, "password", TwoFactorService.Options.REQUIRED);
      } else {
        api.requireTwoFactor(req, TwoFactorService.Options.REQUIRED);
      }
    }
    AccountService.Account saved = accounts.updateOwn(req.session(), new AccountService.BasicInfo(
        req.optionalString(data, "email"), req.optionalString(data, "name"),
        req.optionalString(data, "username"), req.optionalString(data, "nickname"),
        req.optionalString(data, "statusText"), req.optionalString(data, "bio"),
        req.optionalString(data, "currentPassword"), req.optionalString(data, "newPassword")));
    return Map.of("user", RcAccount.user(saved, true));
  }

  private Map<String, Object> list(Request req) {
    Paging.Window w = paging.of(req);
    var query = UserListQuery.parse(req.query("query"), req.query("sort"), w.offset(), w.count());
    UserListQuery.Fields fields = UserListQuery.fields(req.query("fields"));
    Session session = req.session();
    Page<User> page = accounts.list(session, query);
    boolean full = session.can("view-full-other-user-info");
    return Paging.page("users", page.items().stream()
        .map(u -> fields.apply(new LinkedHashMap<>(RcAccount.listed(u, full)))).toList(),
        w.offset(), page.total());
  }

  private Map<String, Object> autocomplete(Request req) {
    String selector = req.query("selector");
    if (selector == null) {
      throw RestErrors.invalidQuery("must have required property 'selector'");
    }
    JsonNode node;
    try {
      node = RcJson.rest().readTree(selector);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw RestErrors.invalidQuery("'selector' must be JSON");
    }
    if (!node.isObject()) {
      throw RestErrors.invalidQuery("'selector' must be an object");
    }
    List<String> exceptions = new ArrayList<>();
    node.path("exceptions").forEach(e -> exceptions.add(e.asText()));
    List<Map<String, Object>> items = accounts.autocomplete(node.path("term").asText(""), exceptions)
        .stream().map(u -> {
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("_id", u.id());
          doc.put("name", u.name());
          doc.put("username", u.username());
          doc.put("status", u.status());
          return doc;
        }).toList();
    return Map.of("items", items);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> setPreferences(Request req) {
    ObjectNode body = req.body();
    req.allowOnly(body, Set.of("userId", "data"));
    JsonNode dataNode = body.get("data");
    if (!(dataNode instanceof ObjectNode data)) {
      throw RestErrors.invalidBody("must have required property 'data'");
    }
    req.allowOnly(data, PREFERENCE_KEYS);
    if (data.toString().length() > MAX_PREFERENCES_BYTES) {
      throw RestErrors.invalidBody("'data' is too large");
    }
    Map<String, Object> merged = accounts.setPreferences(req.session(), req.optionalString(body, "userId"),
        RcJson.rest().convertValue(data, Map.class));
    String userId = req.optionalString(body, "userId");
    return Map.of("user", Map.of("_id", userId == null ? req.session().userId() : userId,
        "settings", Map.of("preferences", merged)));
  }
}
