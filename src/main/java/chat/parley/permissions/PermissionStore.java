package chat.parley.permissions;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Edited permissions and the roles collection. */
public interface PermissionStore {
  /** Permissions whose roles an admin changed, by id. */
  Map<String, Permissions.Grant> editedPermissions(Tx tx);

  void setPermissionRoles(Tx tx, String permissionId, List<String> roles, Instant at);

  List<Role> roles(Tx tx);

  /** Roles changed after {@code since}. */
  List<Role> rolesUpdatedSince(Tx tx, Instant since);

  /** Roles deleted after {@code since}: id, name and scope only. */
  List<Role> rolesRemovedSince(Tx tx, Instant since);

  Optional<Role> roleById(Tx tx, String id);

  Optional<Role> roleByName(Tx tx, String name);

  /** Inserts a role; false when the id already exists. */
  boolean insertRole(Tx tx, Role role);

  void updateRole(Tx tx, Role role);

  void deleteRole(Tx tx, Role role, Instant at);

  /** How many users hold the role (globally or in any room, by its scope). */
  long countHolders(Tx tx, Role role);

  /** Ids of the users holding a global role, by username. */
  Page<String> usersWithRole(Tx tx, String roleId, int offset, int count);

  /** Ids of the members holding a room role in one room, by username. */
  Page<String> membersWithRole(Tx tx, String roomId, String roleId, int offset, int count);
}
