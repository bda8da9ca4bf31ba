package chat.parley.rest;

import chat.parley.auth.AuthService;
import chat.parley.auth.LoginRequest;
import chat.parley.auth.LoginResult;
import chat.parley.auth.TwoFactorService;
import chat.parley.common.ParleyException;
import chat.parley.users.User;
import chat.parley.wire.RcUser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code login}, {@code logout}, {@code me}. */
final class AuthRoutes {
  private final AuthService auth;
  private final String siteUrl;

  private chat.parley.users.AccountService accounts;

  /** With {@code accounts}, {@code me} also carries the profile fields and stored preferences. */
  AuthRoutes(AuthService auth, String siteUrl, chat.parley.users.AccountService accounts) {
    this(auth, siteUrl);
    this.accounts = accounts;
  }

  AuthRoutes(AuthService auth, String siteUrl) {
    this.auth = auth;
    this.siteUrl = siteUrl;
  }

  private chat.parley.files.AvatarService avatars;

  /** With {@code avatars}, {@code me} and the login's {@code data.me} carry {@code avatarETag}. */
  AuthRoutes withAvatars(chat.parley.files.AvatarService avatars) {
    this.avatars = avatars;
    return this;
  }

  private Map<String, Object> withAvatarETag(User user, Map<String, Object> me) {
    if (avatars == null) {
      return me;
    }
    Map<String, Object> doc = new LinkedHashMap<>(me);
    avatars.etagOf(user.id()).ifPresent(etag -> doc.put("avatarETag", etag));
    return doc;
  }

  void register(Api api) {
    api.publicPost("login", this::login);
    api.post("logout", this::logout);
    api.get("me", this::me);
    // Rocket.Chat marks these three twoFactorRequired.
    api.post("users.generatePersonalAccessToken", req -> {
      api.requireTwoFactor(req, TwoFactorService.Options.DEFAULT);
      return Map.of("token", auth.generatePersonalToken(req.session(),
          req.requiredString(req.body(), "tokenName"),
          Boolean.TRUE.equals(req.optionalBoolean(req.body(), "bypassTwoFactor"))));
    });
    api.post("users.regeneratePersonalAccessToken", req -> {
      api.requireTwoFactor(req, TwoFactorService.Options.DEFAULT);
      return Map.of("token",
          auth.regeneratePersonalToken(req.session(), req.requiredString(req.body(), "tokenName")));
    });
    api.post("users.removePersonalAccessToken", req -> {
      api.requireTwoFactor(req, TwoFactorService.Options.DEFAULT);
      auth.removePersonalToken(req.session(), req.requiredString(req.body(), "tokenName"));
      return Map.of();
    });
    api.get("users.getPersonalAccessTokens", req -> Map.of("tokens",
        auth.personalTokens(req.session()).stream().map(t -> {
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("name", t.name());
          doc.put("createdAt", t.createdAt());
          doc.put("lastTokenPart", t.lastTokenPart());
          doc.put("bypassTwoFactor", t.bypassTwoFactor());
          return doc;
        }).toList()));
  }

  private Map<String, Object> login(Request req) {
    ObjectNode body = req.body();
    String code = codeText(body.get("code"));
    JsonNode totp = body.get("totp");
    if (totp != null && totp.isObject() && totp.get("login") instanceof ObjectNode wrapped) {
      // Meteor's own shape, {totp: {login: {...}, code}}, which Rocket.Chat passes through.
      code = codeText(totp.get("code"));
      body = wrapped;
    } else if (code == null) {
      String header = req.ctx().header("x-2fa-code");
      code = header == null || header.isEmpty() ? null : header;
    }
    LoginResult result = auth.login(decodeLogin(body), req.ctx().ip(), code);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("userId", result.user().id());
    data.put("authToken", result.token());
    data.put("me", withTwoFactor(withAvatarETag(result.user(), RcUser.me(result.user(), siteUrl)),
        result.user()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "success");
    out.put("data", data);
    return out;
  }

  /**
   * Accepts every shape Rocket.Chat's REST login does: {@code user} (an {@code @} means email),
   * {@code username}, {@code email}; {@code password} as text, {@code {digest, algorithm}} or
   * {@code {hashed}}; or {@code resume}. Anything unusable is the same 401 as a wrong password.
   */
  static LoginRequest decodeLogin(ObjectNode body) {
    String resume = text(body.get("resume"));
    if (resume != null) {
      return new LoginRequest(null, null, null, null, resume);
    }
    String user = text(body.get("user"));
    String username = text(body.get("username"));
    String email = text(body.get("email"));
    JsonNode userObject = body.get("user");
    if (userObject != null && userObject.isObject()) {
      // Meteor's {user: {username} | {email}}, which Rocket.Chat hands to its login method as is.
      username = text(userObject.get("username"));
      email = text(userObject.get("email"));
    }
    if (user != null) {
      if (user.contains("@")) {
        email = user;
      } else {
        username = user;
      }
    }
    JsonNode password = body.get("password");
    String plain = null;
    String digest = null;
    if (password != null && password.isTextual()) {
      plain = password.asText();
    } else if (password != null && password.isObject()) {
      String algorithm = text(password.get("algorithm"));
      digest = text(password.get("digest"));
      if (digest == null) {
        digest = text(password.get("hashed"));
      } else if (algorithm != null && !"sha-256".equalsIgnoreCase(algorithm)) {
        digest = null;
      }
    }
    if ((username == null && email == null) || (plain == null && digest == null)) {
      throw new ParleyException.Unauthenticated("Unauthorized", "Unauthorized");
    }
    return new LoginRequest(username, email, plain, digest, null);
  }

  private Map<String, Object> withTwoFactor(Map<String, Object> me, User user) {
    Map<String, Object> doc = new LinkedHashMap<>(me);
    if (auth.twoFactor() != null) {
      doc.put("services", RcUser.services(user, auth.twoFactor().totpEnabled(user.id()),
          auth.twoFactor().email2faEnabled(user.id())));
    }
    return doc;
  }

  /** A second-factor code: text, or a number as some clients send it. */
  private static String codeText(JsonNode node) {
    return node != null && node.isNumber() ? node.asText() : text(node);
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
  }

  private Map<String, Object> logout(Request req) {
    auth.logout(req.session());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "success");
    out.put("data", Map.of("message", "You've been logged out!"));
    return out;
  }

  private Map<String, Object> me(Request req) {
    User user = auth.currentUser(req.session());
    Map<String, Object> doc = withTwoFactor(withAvatarETag(user, RcUser.me(user, siteUrl)), user);
    if (accounts != null) {
      var profile = accounts.profile(user.id());
      doc.put("settings", Map.of("profile", Map.of(), "preferences", profile.preferences()));
      if (profile.nickname() != null) {
        doc.put("nickname", profile.nickname());
      }
      if (profile.bio() != null) {
        doc.put("bio", profile.bio());
      }
      if (profile.statusText() != null) {
        doc.put("statusText", profile.statusText());
      }
    }
    return doc;
  }
}
