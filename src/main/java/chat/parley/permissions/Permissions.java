package chat.parley.permissions;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which roles hold which permission, by Rocket.Chat's ids and with its default role mapping
 * (apps/meteor/app/authorization/server/constant/permissions.ts). Issue #6 makes this editable.
 */
public final class Permissions {
  private static final Map<String, List<String>> DEFAULT_ROLES = Map.ofEntries(
      Map.entry("create-user", List.of("admin")),
      Map.entry("view-full-other-user-info", List.of("admin")),
      Map.entry("view-other-user-channels", List.of("admin")),
      Map.entry("view-c-room", List.of("admin", "user", "bot", "app", "anonymous")),
      Map.entry("view-p-room", List.of("admin", "user", "anonymous", "guest")),
      Map.entry("view-d-room", List.of("admin", "user", "bot", "app", "guest")),
      Map.entry("create-d", List.of("admin", "user", "bot", "app")),
      // Rocket.Chat's migrations 223/224 added user and app to bot; admins may too here.
      Map.entry("message-impersonate", List.of("admin", "user", "bot", "app")),
      Map.entry("post-readonly", List.of("admin", "owner", "moderator")),
      Map.entry("view-statistics", List.of("admin")),
      Map.entry("api-bypass-rate-limit", List.of("admin", "bot", "app")));

  private Permissions() {}

  public static boolean has(Collection<String> roles, String permission) {
    List<String> allowed = DEFAULT_ROLES.getOrDefault(permission, List.of("admin"));
    for (String role : roles) {
      if (allowed.contains(role)) {
        return true;
      }
    }
    return false;
  }
}
