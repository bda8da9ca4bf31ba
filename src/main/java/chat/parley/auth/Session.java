package chat.parley.auth;

import chat.parley.common.UserRef;
import chat.parley.permissions.Permissions;
import java.util.List;

/** Who is asking: the authenticated user and the (hashed) token the request came with. */
public record Session(String userId, String username, String name, List<String> roles,
    String hashedToken) {

  public Session {
    roles = List.copyOf(roles);
  }

  public UserRef ref() {
    return new UserRef(userId, username, name);
  }

  public boolean can(String permission) {
    return Permissions.has(roles, permission);
  }

  /** Whether the user may do this inside a room where they hold {@code roomRoles}. */
  public boolean can(String permission, java.util.Collection<String> roomRoles) {
    return Permissions.has(roles, roomRoles, permission);
  }
}
