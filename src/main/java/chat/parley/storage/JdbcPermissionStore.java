package chat.parley.storage;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import chat.parley.permissions.PermissionStore;
import chat.parley.permissions.Permissions;
import chat.parley.permissions.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class JdbcPermissionStore implements PermissionStore {
  private static final String ROLE_COLUMNS =
      "id, name, description, scope, protected, mandatory2fa, updated_at";

  @Override
  public Map<String, Permissions.Grant> editedPermissions(Tx tx) {
    Map<String, Permissions.Grant> out = new LinkedHashMap<>();
    Sql.list(tx, "SELECT id, roles, updated_at FROM permission_roles", rs -> {
      String roles = rs.getString("roles");
      out.put(rs.getString("id"), new Permissions.Grant(
          roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",")),
          Sql.instant(rs, "updated_at")));
      return null;
    });
    return out;
  }

  @Override
  public void setPermissionRoles(Tx tx, String permissionId, List<String> roles, Instant at) {
    String joined = String.join(",", roles);
    if (Sql.update(tx, "UPDATE permission_roles SET roles = ?, updated_at = ? WHERE id = ?",
        joined, at, permissionId) == 0) {
      Sql.update(tx, "INSERT INTO permission_roles (id, roles, updated_at) VALUES (?, ?, ?)",
          permissionId, joined, at);
    }
  }

  @Override
  public List<Role> roles(Tx tx) {
    return Sql.list(tx, "SELECT " + ROLE_COLUMNS + " FROM roles ORDER BY name", JdbcPermissionStore::map);
  }

  @Override
  public List<Role> rolesUpdatedSince(Tx tx, Instant since) {
    return Sql.list(tx, "SELECT " + ROLE_COLUMNS + " FROM roles WHERE updated_at > ? ORDER BY name",
        JdbcPermissionStore::map, since);
  }

  @Override
  public List<Role> rolesRemovedSince(Tx tx, Instant since) {
    return Sql.list(tx, "SELECT id, name, scope, removed_at FROM roles_removed WHERE removed_at > ?"
        + " ORDER BY removed_at", rs -> new Role(rs.getString("id"), rs.getString("name"), "",
            rs.getString("scope"), false, false, Sql.instant(rs, "removed_at")), since);
  }

  @Override
  public Optional<Role> roleById(Tx tx, String id) {
    return Sql.one(tx, "SELECT " + ROLE_COLUMNS + " FROM roles WHERE id = ?", JdbcPermissionStore::map, id);
  }

  @Override
  public Optional<Role> roleByName(Tx tx, String name) {
    return Sql.one(tx, "SELECT " + ROLE_COLUMNS + " FROM roles WHERE name = ?", JdbcPermissionStore::map, name);
  }

  @Override
  public boolean insertRole(Tx tx, Role r) {
    if (roleById(tx, r.id()).isPresent()) {
      return false;
    }
    Sql.update(tx, "DELETE FROM roles_removed WHERE id = ?", r.id());
    Sql.update(tx, "INSERT INTO roles (" + ROLE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
        r.id(), r.name(), r.description(), r.scope(), r.protectedRole(), r.mandatory2fa(),
        r.updatedAt());
    return true;
  }

  @Override
  public void updateRole(Tx tx, Role r) {
    Sql.update(tx, "UPDATE roles SET name = ?, description = ?, scope = ?, mandatory2fa = ?,"
        + " updated_at = ? WHERE id = ?", r.name(), r.description(), r.scope(), r.mandatory2fa(),
        r.updatedAt(), r.id());
  }

  @Override
  public void deleteRole(Tx tx, Role r, Instant at) {
    Sql.update(tx, "DELETE FROM roles WHERE id = ?", r.id());
    Sql.update(tx, "DELETE FROM roles_removed WHERE id = ?", r.id());
    Sql.update(tx, "INSERT INTO roles_removed (id, name, scope, removed_at) VALUES (?, ?, ?, ?)",
        r.id(), r.name(), r.scope(), at);
  }

  @Override
  public long countHolders(Tx tx, Role role) {
    String like = "%," + role.id() + ",%";
    return Sql.count(tx, "SELECT COUNT(*) FROM users WHERE (',' || roles || ',') LIKE ?", like)
        + Sql.count(tx, "SELECT COUNT(*) FROM subscriptions WHERE (',' || COALESCE(roles, '') || ',') LIKE ?",
            like);
  }

  @Override
  public Page<String> usersWithRole(Tx tx, String roleId, int offset, int count) {
    String like = "%," + roleId + ",%";
    long total = Sql.count(tx, "SELECT COUNT(*) FROM users WHERE (',' || roles || ',') LIKE ?", like);
    List<String> ids = Sql.list(tx, "SELECT id FROM users WHERE (',' || roles || ',') LIKE ?"
        + " ORDER BY username_lower LIMIT ? OFFSET ?", rs -> rs.getString(1), like, count, offset);
    return new Page<>(ids, offset, total);
  }

  @Override
  public Page<String> membersWithRole(Tx tx, String roomId, String roleId, int offset, int count) {
    String like = "%," + roleId + ",%";
    String where = " FROM subscriptions WHERE room_id = ? AND (',' || COALESCE(roles, '') || ',') LIKE ?";
    long total = Sql.count(tx, "SELECT COUNT(*)" + where, roomId, like);
    List<String> ids = Sql.list(tx, "SELECT user_id" + where + " ORDER BY username LIMIT ? OFFSET ?",
        rs -> rs.getString(1), roomId, like, count, offset);
    return new Page<>(ids, offset, total);
  }

  private static Role map(ResultSet rs) throws SQLException {
    return new Role(rs.getString("id"), rs.getString("name"), rs.getString("description"),
        rs.getString("scope"), rs.getBoolean("protected"), rs.getBoolean("mandatory2fa"),
        Sql.instant(rs, "updated_at"));
  }
}
