package chat.parley.storage;

import chat.parley.common.Tx;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

public final class JdbcUserStore implements UserStore {
  private static final String COLUMNS =
      "id, username, name, email, email_verified, password_bcrypt, roles, type, active, status,"
          + " require_password_change, created_at, updated_at, last_login";

  @Override
  public void insert(Tx tx, User u) {
    try {
      Sql.update(tx,
          "INSERT INTO users (" + COLUMNS + ", username_lower, email_lower)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          u.id(), u.username(), u.name(), u.email(), u.emailVerified(), u.passwordBcrypt(),
          String.join(",", u.roles()), u.type(), u.active(), u.status(), u.requirePasswordChange(),
          u.createdAt(), u.updatedAt(), u.lastLogin(), lower(u.username()), lower(u.email()));
    } catch (Sql.UniqueViolation e) {
      throw new DuplicateUser(e.getMessage());
    }
  }

  @Override
  public Optional<User> findById(Tx tx, String id) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM users WHERE id = ?", JdbcUserStore::map, id);
  }

  @Override
  public Optional<User> findByUsername(Tx tx, String username) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM users WHERE username_lower = ?",
        JdbcUserStore::map, lower(username));
  }

  @Override
  public List<User> findByIds(Tx tx, java.util.Collection<String> ids) {
    List<User> out = new java.util.ArrayList<>();
    List<String> all = List.copyOf(ids);
    for (int from = 0; from < all.size(); from += 500) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
      String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
      out.addAll(Sql.list(tx, "SELECT " + COLUMNS + " FROM users WHERE id IN (" + marks + ")",
          JdbcUserStore::map, chunk.toArray()));
    }
    return out;
  }

  @Override
  public chat.parley.common.Page<User> search(Tx tx, String text, int offset, int count) {
    String where = " FROM users WHERE active = ?";
    List<Object> params = new java.util.ArrayList<>(List.of(true));
    if (text != null && !text.isBlank()) {
      where += " AND (username_lower LIKE ? ESCAPE '\\' OR LOWER(name) LIKE ? ESCAPE '\\')";
      String like = "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\")
          .replace("%", "\\%").replace("_", "\\_") + "%";
      params.add(like);
      params.add(like);
    }
    long total = Sql.count(tx, "SELECT COUNT(*)" + where, params.toArray());
    params.add(count);
    params.add(offset);
    List<User> items = Sql.list(tx, "SELECT " + COLUMNS + where
        + " ORDER BY username_lower LIMIT ? OFFSET ?", JdbcUserStore::map, params.toArray());
    return new chat.parley.common.Page<>(items, offset, total);
  }

  @Override
  public List<User> allActive(Tx tx, int limit) {
    return Sql.list(tx, "SELECT " + COLUMNS + " FROM users WHERE active = ? ORDER BY created_at LIMIT ?",
        JdbcUserStore::map, true, limit);
  }

  @Override
  public List<User> withRolesBeyondUser(Tx tx, int limit) {
    return Sql.list(tx, "SELECT " + COLUMNS + " FROM users WHERE roles <> ? AND roles <> ''"
        + " ORDER BY username LIMIT ?", JdbcUserStore::map, "user", limit);
  }

  @Override
  public Optional<User> findByEmail(Tx tx, String email) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM users WHERE email_lower = ?",
        JdbcUserStore::map, lower(email));
  }

  @Override
  public boolean anyUserHasRole(Tx tx, String role) {
    return Sql.count(tx,
        "SELECT COUNT(*) FROM users WHERE type = 'user' AND (',' || roles || ',') LIKE ?",
        "%," + role + ",%") > 0;
  }

  @Override
  public Optional<User> oldestUser(Tx tx) {
    return Sql.one(tx,
        "SELECT " + COLUMNS + " FROM users WHERE type = 'user' ORDER BY created_at, id LIMIT 1",
        JdbcUserStore::map);
  }

  @Override
  public void setRoles(Tx tx, String userId, List<String> roles, Instant at) {
    Sql.update(tx, "UPDATE users SET roles = ?, updated_at = ? WHERE id = ?",
        String.join(",", roles), at, userId);
  }

  @Override
  public void setStatus(Tx tx, String userId, String status, Instant at) {
    Sql.update(tx, "UPDATE users SET status = ?, updated_at = ? WHERE id = ?", status, at, userId);
  }

  @Override
  public void resetAllStatuses(Tx tx) {
    Sql.update(tx, "UPDATE users SET status = ? WHERE status <> ?", "offline", "offline");
  }

  @Override
  public String statusDefault(Tx tx, String userId) {
    return Sql.one(tx, "SELECT status_default FROM users WHERE id = ?", rs -> rs.getString(1), userId)
        .orElse("online");
  }

  @Override
  public void setStatusDefault(Tx tx, String userId, String status, Instant at) {
    Sql.update(tx, "UPDATE users SET status_default = ?, updated_at = ? WHERE id = ?", status, at, userId);
  }

  @Override
  public void setStatusText(Tx tx, String userId, String text, Instant at) {
    Sql.update(tx, "UPDATE users SET status_text = ?, updated_at = ? WHERE id = ?", text, at, userId);
  }

  @Override
  public void setActive(Tx tx, String userId, boolean active, Instant at) {
    Sql.update(tx, "UPDATE users SET active = ?, updated_at = ? WHERE id = ?", active, at, userId);
    if (!active) {
      // A deactivated account keeps no way in: every login and personal token goes.
      Sql.update(tx, "DELETE FROM login_tokens WHERE user_id = ?", userId);
    }
  }

  @Override
  public long countActiveWithRole(Tx tx, String role) {
    return Sql.count(tx, "SELECT COUNT(*) FROM users WHERE active = ? AND (',' || roles || ',') LIKE ?",
        true, "%," + role + ",%");
  }

  @Override
  public void recordLogin(Tx tx, String userId, Instant at) {
    Sql.update(tx, "UPDATE users SET last_login = ? WHERE id = ?", at, userId);
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  static User mapRow(ResultSet rs) throws SQLException {
    return map(rs);
  }

  private static User map(ResultSet rs) throws SQLException {
    String roles = rs.getString("roles");
    return new User(
        rs.getString("id"),
        rs.getString("username"),
        rs.getString("name"),
        rs.getString("email"),
        rs.getBoolean("email_verified"),
        rs.getString("password_bcrypt"),
        roles == null || roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",")),
        rs.getString("type"),
        rs.getBoolean("active"),
        rs.getString("status"),
        rs.getBoolean("require_password_change"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"),
        Sql.instant(rs, "last_login"));
  }
}
