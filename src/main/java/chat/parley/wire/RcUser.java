package chat.parley.wire;

import chat.parley.users.User;
import java.util.List;
import java.util.Map;

/** The user shapes: {@code IMeApiUser} for {@code me}/login, and {@code users.info}'s. */
public final class RcUser {
  private RcUser() {}

  /** What {@code GET /me} and a login's {@code data.me} carry. */
  public static Map<String, Object> me(User u, String siteUrl) {
    Doc doc = new Doc()
        .with("_id", u.id())
        .with("username", u.username())
        .with("name", u.name())
        .with("emails", emails(u))
        .with("status", u.status())
        .with("statusConnection", "offline".equals(u.status()) ? "offline" : u.status())
        .with("utcOffset", 0)
        .with("active", u.active())
        .with("roles", u.roles())
        .with("requirePasswordChange", u.requirePasswordChange() ? true : null)
        .with("settings", Map.of("profile", Map.of(), "preferences", Map.of()))
        .with("_updatedAt", u.updatedAt())
        .with("createdAt", u.createdAt())
        .with("lastLogin", u.lastLogin())
        .with("type", u.type());
    if (u.email() != null && u.emailVerified()) {
      doc.put("email", u.email());
    }
    doc.put("avatarUrl", siteUrl.replaceAll("/+$", "") + "/avatar/" + u.username());
    doc.put("isOAuthUser", false);
    doc.put("services", Map.of("password", Map.of("exists", u.passwordBcrypt() != null)));
    return doc;
  }

  /** {@code me}'s {@code services}: whether a password and TOTP are set (never their secrets). */
  public static Map<String, Object> services(User u, boolean totpEnabled) {
    return services(u, totpEnabled, false);
  }

  /** As above, with whether codes by e-mail are on. */
  public static Map<String, Object> services(User u, boolean totpEnabled, boolean email2faEnabled) {
    return Map.of("password", Map.of("exists", u.passwordBcrypt() != null),
        "totp", Map.of("enabled", totpEnabled), "email2fa", Map.of("enabled", email2faEnabled));
  }

  /**
   * {@code users.info}: the public fields for anyone; emails, roles and dates only for the user
   * themselves or a holder of {@code view-full-other-user-info}.
   */
  public static Map<String, Object> info(User u, boolean full) {
    Doc doc = new Doc()
        .with("_id", u.id())
        .with("type", u.type())
        .with("status", u.status())
        .with("active", u.active())
        .with("name", u.name())
        .with("username", u.username())
        .with("utcOffset", 0)
        .with("canViewAllInfo", full);
    if (full) {
      doc.with("emails", emails(u))
          .with("statusConnection", "offline".equals(u.status()) ? "offline" : u.status())
          .with("roles", u.roles())
          .with("createdAt", u.createdAt())
          .with("_updatedAt", u.updatedAt())
          .with("lastLogin", u.lastLogin())
          .with("requirePasswordChange", u.requirePasswordChange());
    }
    return doc;
  }

  /** What {@code users.register} answers to an anonymous caller. */
  public static Map<String, Object> registered(User u) {
    return new Doc()
        .with("_id", u.id())
        .with("type", u.type())
        .with("status", u.status())
        .with("active", u.active())
        .with("name", u.name())
        .with("username", u.username())
        .with("utcOffset", 0);
  }

  private static List<Map<String, Object>> emails(User u) {
    return u.email() == null
        ? null
        : List.of(Map.of("address", u.email(), "verified", u.emailVerified()));
  }
}
