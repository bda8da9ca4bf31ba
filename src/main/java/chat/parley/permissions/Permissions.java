package chat.parley.permissions;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which roles hold which permission, by Rocket.Chat's ids and with its default role mapping
 * (apps/meteor/app/authorization/server/constant/permissions.ts). Room roles (owner, moderator,
 * leader) come from the caller's subscription and count only inside that room. A running server
 * holds one editable table ({@link PermissionService}, {@code permissions.update}); sessions
 * check against it.
 */
public final class Permissions {
  private static final List<String> ADMIN = List.of("admin");
  private static final List<String> ADMIN_OWNER = List.of("admin", "owner");
  private static final List<String> ADMIN_OWNER_MODERATOR = List.of("admin", "owner", "moderator");

  private static final Map<String, List<String>> DEFAULT_ROLES = Map.ofEntries(
      Map.entry("create-user", ADMIN),
      // Issue #9: avatars, custom emoji.
      Map.entry("edit-other-user-avatar", ADMIN),
      Map.entry("manage-emoji", ADMIN),
      Map.entry("manage-assets", ADMIN),
      Map.entry("manage-sounds", ADMIN),
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
      Map.entry("send-many-messages", List.of("admin", "bot", "app")),
      // Issue #6, second part: account, role and status administration.
      Map.entry("access-permissions", ADMIN),
      Map.entry("delete-user", ADMIN),
      Map.entry("edit-other-user-info", ADMIN),
      Map.entry("edit-other-user-password", ADMIN),
      Map.entry("logout-other-user", ADMIN),
      Map.entry("manage-user-status", ADMIN),
      // Issue #6: users.resetTOTP for someone else.
      Map.entry("edit-other-user-totp", ADMIN));

  private static final Permissions DEFAULTS = new Permissions();

  /** One permission's roles and when they last changed. */
  public record Grant(List<String> roles, Instant updatedAt) {
    public Grant {
      roles = List.copyOf(roles);
    }
  }

  private volatile Map<String, Grant> table;

  private Permissions() {
    Map<String, Grant> t = new java.util.HashMap<>();
    DEFAULT_ROLES.forEach((id, roles) -> t.put(id, new Grant(roles, Instant.EPOCH)));
    this.table = Map.copyOf(t);
  }

  /** Rocket.Chat's default table; never changes (for sessions built outside a running server). */
  public static Permissions defaults() {
    return DEFAULTS;
  }

  /** A fresh table holding the defaults, for {@link PermissionService} to edit. */
  static Permissions editable() {
    return new Permissions();
  }

  /** Rocket.Chat's default roles of each permission. */
  public static Map<String, List<String>> defaultRoles() {
    return DEFAULT_ROLES;
  }

  /** Swaps in a new table (one volatile write; readers never lock). */
  void replace(Map<String, Grant> next) {
    if (this == DEFAULTS) {
      throw new IllegalStateException("The default permission table is read-only");
    }
    this.table = Map.copyOf(next);
  }

  /** The whole table as it is now. */
  public Map<String, Grant> all() {
    return table;
  }

  /** True when any of {@code roles} (global and, inside a room, room roles) holds it. */
  public boolean has(Collection<String> roles, String permission) {
    Grant grant = table.get(permission);
    List<String> allowed = grant == null ? ADMIN : grant.roles();
    for (String role : roles) {
      if (allowed.contains(role)) {
        return true;
      }
    }
    return false;
  }

  /** {@link #has} over a user's global roles plus their roles in one room. */
  public boolean has(Collection<String> globalRoles, Collection<String> roomRoles,
      String permission) {
    return has(globalRoles, permission) || has(roomRoles, permission);
  }
}
