package chat.parley.auth;

import chat.parley.common.UserRef;
import chat.parley.permissions.Permissions;
import java.util.List;

/**
 * Who is asking: the authenticated user, the (hashed) token the request came with, and the
 * permission table their roles are checked against (the server's live, editable one).
 */
public record Session(String userId, String username, String name, List<String> roles,
    String hashedToken, Permissions permissions) {

  public Session {
    roles = List.copyOf(roles);
    permissions = permissions == null ? Permissions.defaults() : permissions;
  }

  /** A session checked against Rocket.Chat's default permission table. */
  public Session(String userId, String username, String name, List<String> roles,
      String hashedToken) {
    this(userId, username, name, roles, hashedToken, Permissions.defaults());
  }

  public UserRef ref() {
    return new UserRef(userId, username, name);
  }

  public boolean can(String permission) {
    return permissions.has(roles, permission);
  }

  /** Whether the user may do this inside a room where they hold {@code roomRoles}. */
  public boolean can(String permission, java.util.Collection<String> roomRoles) {
    return permissions.has(roles, roomRoles, permission);
  }
}
