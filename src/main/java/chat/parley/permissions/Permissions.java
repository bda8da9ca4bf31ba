package chat.parley.permissions;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which roles hold which permission, by Rocket.Chat's ids and with its default role mapping
 * (apps/meteor/app/authorization/server/constant/permissions.ts). Room roles (owner, moderator,
 * leader) come from the caller's subscription and count only inside that room. Issue #6 makes
 * this table editable.
 */
public final class Permissions {
  private static final List<String> ADMIN = List.of("admin");
  private static final List<String> ADMIN_OWNER = List.of("admin", "owner");
  private static final List<String> ADMIN_OWNER_MODERATOR = List.of("admin", "owner", "moderator");

  private static final Map<String, List<String>> DEFAULT_ROLES = Map.ofEntries(
      Map.entry("create-user", ADMIN),
      Map.entry("assign-admin-role", ADMIN),
      Map.entry("view-full-other-user-info", ADMIN),
      Map.entry("view-other-user-channels", ADMIN),
      Map.entry("view-room-administration", ADMIN),
      Map.entry("view-statistics", ADMIN),
      Map.entry("clean-channel-history", ADMIN),
      Map.entry("add-user-to-any-c-room", ADMIN),
      Map.entry("add-user-to-any-p-room", List.of()),
      Map.entry("delete-d", ADMIN),
      Map.entry("view-c-room", List.of("admin", "user", "bot", "app", "anonymous")),
      Map.entry("view-p-room", List.of("admin", "user", "anonymous", "guest")),
      Map.entry("view-d-room", List.of("admin", "user", "bot", "app", "guest")),
      Map.entry("view-joined-room", List.of("guest", "bot", "app", "anonymous")),
      Map.entry("view-outside-room", List.of("admin", "owner", "moderator", "user")),
      Map.entry("create-c", List.of("admin", "user", "bot", "app")),
      Map.entry("create-p", List.of("admin", "user", "bot", "app")),
      Map.entry("create-d", List.of("admin", "user", "bot", "app")),
      Map.entry("leave-c", List.of("admin", "user", "bot", "anonymous", "app")),
      Map.entry("leave-p", List.of("admin", "user", "bot", "anonymous", "app")),
      Map.entry("join-without-join-code", List.of("admin", "bot", "app")),
      Map.entry("add-user-to-joined-room", ADMIN_OWNER_MODERATOR),
      Map.entry("remove-user", ADMIN_OWNER_MODERATOR),
      Map.entry("edit-room", ADMIN_OWNER_MODERATOR),
      Map.entry("mute-user", ADMIN_OWNER_MODERATOR),
      Map.entry("post-readonly", ADMIN_OWNER_MODERATOR),
      Map.entry("view-broadcast-member-list", ADMIN_OWNER_MODERATOR),
      Map.entry("create-invite-links", ADMIN_OWNER_MODERATOR),
      Map.entry("archive-room", ADMIN_OWNER),
      Map.entry("unarchive-room", ADMIN),
      Map.entry("delete-c", ADMIN_OWNER),
      Map.entry("delete-p", ADMIN_OWNER),
      Map.entry("set-owner", ADMIN_OWNER),
      Map.entry("set-moderator", ADMIN_OWNER),
      Map.entry("set-leader", ADMIN_OWNER),
      Map.entry("set-readonly", ADMIN_OWNER),
      Map.entry("set-react-when-readonly", ADMIN_OWNER),
      Map.entry("manage-incoming-integrations", ADMIN),
      Map.entry("view-privileged-setting", ADMIN),
      Map.entry("edit-privileged-setting", ADMIN),
      Map.entry("edit-other-user-active-status", ADMIN),
      Map.entry("view-user-administration", ADMIN),
      Map.entry("create-personal-access-tokens", List.of("admin", "user", "bot")),
      Map.entry("manage-own-incoming-integrations", ADMIN),
      Map.entry("manage-outgoing-integrations", ADMIN),
      Map.entry("manage-own-outgoing-integrations", ADMIN),
      Map.entry("edit-message", ADMIN_OWNER_MODERATOR),
      Map.entry("delete-message", ADMIN_OWNER_MODERATOR),
      Map.entry("delete-own-message", List.of("admin", "user")),
      Map.entry("force-delete-message", ADMIN_OWNER),
      Map.entry("pin-message", ADMIN_OWNER_MODERATOR),
      Map.entry("bypass-time-limit-edit-and-delete", List.of("bot", "app")),
      Map.entry("start-discussion", List.of("admin", "user", "guest", "app", "owner", "moderator")),
      Map.entry("start-discussion-other-user", List.of("admin", "user", "owner", "moderator")),
      // Rocket.Chat's migrations 223/224 added user and app to bot; admins may too here.
      Map.entry("message-impersonate", List.of("admin", "user", "bot", "app")),
      Map.entry("api-bypass-rate-limit", List.of("admin", "bot", "app")),
      Map.entry("send-many-messages", List.of("admin", "bot", "app")));

  private Permissions() {}

  /** The whole table, as {@code permissions/get} publishes it. */
  public static Map<String, List<String>> all() {
    return DEFAULT_ROLES;
  }

  /** True when any of {@code roles} (global and, inside a room, room roles) holds it. */
  public static boolean has(Collection<String> roles, String permission) {
    List<String> allowed = DEFAULT_ROLES.getOrDefault(permission, ADMIN);
    for (String role : roles) {
      if (allowed.contains(role)) {
        return true;
      }
    }
    return false;
  }

  /** {@link #has} over a user's global roles plus their roles in one room. */
  public static boolean has(Collection<String> globalRoles, Collection<String> roomRoles,
      String permission) {
    return has(globalRoles, permission) || has(roomRoles, permission);
  }
}
