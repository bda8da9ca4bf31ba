package chat.parley.users;

import chat.parley.common.UserRef;
import java.time.Instant;
import java.util.List;

/**
 * A person or bot account. {@code passwordBcrypt} is bcrypt over the SHA-256 hex digest of the
 * password, as Meteor stores it; {@code email}, {@code passwordBcrypt} and {@code lastLogin} may be
 * null.
 */
public record User(
    String id,
    String username,
    String name,
    String email,
    boolean emailVerified,
    String passwordBcrypt,
    List<String> roles,
    String type,
    boolean active,
    String status,
    boolean requirePasswordChange,
    Instant createdAt,
    Instant updatedAt,
    Instant lastLogin) {

  public User {
    roles = List.copyOf(roles);
  }

  public UserRef ref() {
    return new UserRef(id, username, name);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
