package chat.parley.permissions;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.rooms.RoomStore;
import chat.parley.rooms.Subscription;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The permission table and the roles: {@code permissions.*} and {@code roles.*}. The table lives
 * in memory ({@link Permissions}, swapped whole on change) so access checks never touch the
 * database; only edited permissions are stored. Changes are published on {@code
 * stream-notify-logged} after commit.
 */
public final class PermissionService {
  /** Rocket.Chat's built-in roles (apps/meteor/server/startup/initialData + authorization). */
  private static final List<String[]> PROTECTED_ROLES = List.of(
      new String[] {"admin", Role.USERS, "Admin"},
      new String[] {"moderator", Role.SUBSCRIPTIONS, "Moderator"},
      new String[] {"leader", Role.SUBSCRIPTIONS, "Leader"},
      new String[] {"owner", Role.SUBSCRIPTIONS, "Owner"},
      new String[] {"user", Role.USERS, ""},
      new String[] {"bot", Role.USERS, ""},
      new String[] {"app", Role.USERS, ""},
      new String[] {"guest", Role.USERS, ""},
      new String[] {"anonymous", Role.USERS, ""},
      new String[] {"livechat-agent", Role.USERS, "Livechat Agent"},
      new String[] {"livechat-manager", Role.USERS, "Livechat Manager"});

  private final Transactor db;
  private final PermissionStore store;
  private final UserStore users;
  private final RoomStore rooms;
  private final EventHub events;
  private final Clock clock;
  private final Permissions table = Permissions.editable();

  public PermissionService(Transactor db, PermissionStore store, UserStore users, RoomStore rooms,
      EventHub events, Clock clock) {
    this.db = db;
    this.store = store;
    this.users = users;
    this.rooms = rooms;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Writes missing built-in roles and loads the edited permissions; call once on start. Edits made
   * on other nodes arrive as {@link Event.PermissionChanged} and are applied here too.
   */
  public PermissionService load() {
    events.subscribe(event -> {
      if (event instanceof Event.PermissionChanged changed && table.all().containsKey(changed.permissionId())) {
        apply(changed.permissionId(), changed.roles(), changed.updatedAt());
      }
    });
    db.write(tx -> {
      for (String[] r : PROTECTED_ROLES) {
        if (store.roleById(tx, r[0]).isEmpty()) {
          store.insertRole(tx, new Role(r[0], r[0], r[2], r[1], true, false, Instant.EPOCH));
        }
      }
      return null;
    });
    reload();
    return this;
  }

  private void reload() {
    Map<String, Permissions.Grant> edited = db.read(store::editedPermissions);
    Map<String, Permissions.Grant> next = new HashMap<>();
    Permissions.defaultRoles().forEach((id, roles) -> next.put(id,
        edited.getOrDefault(id, new Permissions.Grant(roles, Instant.EPOCH))));
    table.replace(next);
  }

  private synchronized void apply(String id, List<String> roles, Instant at) {
    Map<String, Permissions.Grant> next = new HashMap<>(table.all());
    next.put(id, new Permissions.Grant(roles, at));
    table.replace(next);
  }

  /** The live table every session of this server checks against. */
  public Permissions table() {
    return table;
  }

  /** One row of {@code permissions.listAll}. */
  public record PermissionRow(String id, List<String> roles, Instant updatedAt) {}

  /** {@code permissions.listAll}: all, or those changed after {@code since}; sorted by id. */
  public List<PermissionRow> list(Instant since) {
    return table.all().entrySet().stream()
        .filter(e -> since == null || e.getValue().updatedAt().isAfter(since))
        .sorted(Map.Entry.comparingByKey())
        .map(e -> new PermissionRow(e.getKey(), e.getValue().roles(), e.getValue().updatedAt()))
        .toList();
  }

  /**
   * {@code permissions.update}: sets the roles of each listed permission, all or nothing. Needs
   * {@code access-permissions}; unknown permissions and roles are refused.
   */
  public List<PermissionRow> update(Session session, Map<String, List<String>> changes) {
    if (!session.can("access-permissions")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    for (String id : changes.keySet()) {
      if (!table.all().containsKey(id)) {
        throw new ParleyException.Invalid("error-invalid-permission", "Invalid permission");
      }
    }
    Instant now = clock.instant();
    db.write(tx -> {
      LinkedHashSet<String> roleIds = new LinkedHashSet<>();
      changes.values().forEach(roleIds::addAll);
      for (String roleId : roleIds) {
        if (store.roleById(tx, roleId).isEmpty()) {
          throw new ParleyException.Invalid("error-invalid-role", "Invalid role");
        }
      }
      changes.forEach((id, roles) -> store.setPermissionRoles(tx, id, roles, now));
      return null;
    });
    changes.forEach((id, roles) -> apply(id, roles, now));
    changes.forEach((id, roles) -> events.publish(new Event.PermissionChanged("updated", id, roles, now)));
    return list(null);
  }

  // --- roles -----------------------------------------------------------------------------------

  public List<Role> roles() {
    return db.read(store::roles);
  }

  /** {@code roles.sync}: roles changed and removed after {@code since}. */
  public Map<String, List<Role>> sync(Instant since) {
    return db.read(tx -> {
      Map<String, List<Role>> out = new LinkedHashMap<>();
      out.put("update", store.rolesUpdatedSince(tx, since));
      out.put("remove", store.rolesRemovedSince(tx, since));
      return out;
    });
  }

  /** {@code roles.create}: a custom role (not protected); needs {@code access-permissions}. */
  public Role create(Session session, String name, String description, String scope,
      Boolean mandatory2fa) {
    requireAccessPermissions(session);
    String realScope = scope == null ? Role.USERS : requireScope(scope);
    Role role = new Role(Ids.newId(), name, description == null ? "" : description, realScope,
        false, Boolean.TRUE.equals(mandatory2fa), clock.instant());
    db.write(tx -> {
      if (store.roleById(tx, name).isPresent() || store.roleByName(tx, name).isPresent()) {
        throw new ParleyException.Invalid("error-duplicate-role-names-not-allowed",
            "Role name already exists [error-duplicate-role-names-not-allowed]");
      }
      store.insertRole(tx, role);
      return null;
    });
    publishRole("changed", role);
    return role;
  }

  /** {@code roles.update}: a protected role keeps its name and scope. */
  public Role update(Session session, String roleId, String name, String description,
      String scope, Boolean mandatory2fa) {
    requireAccessPermissions(session);
    Role updated = db.write(tx -> {
      Role role = store.roleById(tx, roleId).orElseThrow(() -> new ParleyException.Invalid(
          "error-invalid-roleId", "This role does not exist [error-invalid-roleId]"));
      if (role.protectedRole() && ((name != null && !name.equals(role.name()))
          || (scope != null && !scope.equals(role.scope())))) {
        throw new ParleyException.Invalid("error-role-protected",
            "Role is protected [error-role-protected]");
      }
      if (name != null) {
        Optional<Role> other = store.roleByName(tx, name);
        if (other.isPresent() && !other.get().id().equals(role.id())) {
          throw new ParleyException.Invalid("error-duplicate-role-names-not-allowed",
              "Role name already exists [error-duplicate-role-names-not-allowed]");
        }
      }
      Role next = new Role(role.id(), name == null ? role.name() : name,
          description == null ? "" : description,
          scope == null ? role.scope() : requireScope(scope), role.protectedRole(),
          mandatory2fa == null ? role.mandatory2fa() : mandatory2fa, clock.instant());
      store.updateRole(tx, next);
      return next;
    });
    publishRole("changed", updated);
    return updated;
  }

  /** {@code roles.delete}: never a protected role or one someone holds. */
  public void delete(Session session, String roleIdOrName) {
    if (!session.can("access-permissions")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    Role removed = db.write(tx -> {
      Role role = store.roleById(tx, roleIdOrName).or(() -> store.roleByName(tx, roleIdOrName))
          .orElseThrow(() -> new ParleyException.Invalid("error-invalid-roleId",
              "This role does not exist [error-invalid-roleId]"));
      if (role.protectedRole()) {
        throw new ParleyException.Invalid("error-role-protected",
            "Cannot delete a protected role [error-role-protected]");
      }
      if (store.countHolders(tx, role) > 0) {
        throw new ParleyException.Invalid("error-role-in-use",
            "Cannot delete role because it's in use [error-role-in-use]");
      }
      store.deleteRole(tx, role, clock.instant());
      return role;
    });
    publishRole("removed", removed);
  }

  /**
   * {@code roles.addUserToRole}: a global role, or with {@code roomId} a room role of a member.
   * Assigning admin needs {@code assign-admin-role}.
   */
  public Role addUserToRole(Session session, String roleId, User user, String roomId) {
    if (!session.can("access-permissions")) {
      throw new ParleyException.Invalid("error-action-not-allowed",
          "Accessing permissions is not allowed [error-action-not-allowed]",
          Map.of("method", "authorization:addUserToRole", "action", "Accessing_permissions"));
    }
    Instant now = clock.instant();
    Role role = db.write(tx -> {
      Role r = store.roleById(tx, roleId).or(() -> store.roleByName(tx, roleId))
          .orElseThrow(() -> new ParleyException.Invalid("error-role-not-found", "Role not found"));
      if (r.id().equals("admin") && !session.can("assign-admin-role")) {
        throw new ParleyException.Invalid("error-action-not-allowed",
            "Assigning admin is not allowed [error-action-not-allowed]");
      }
      User fresh = users.findById(tx, user.id()).orElseThrow();
      if (roomId != null && !roomId.isEmpty()) {
        Subscription sub = rooms.subscription(tx, roomId, fresh.id()).orElseThrow(() ->
            new ParleyException.Invalid("error-invalid-user",
                "User is not part of given room [error-invalid-user]"));
        if (sub.roles().contains(r.id())) {
          throw new ParleyException.Invalid("error-user-already-in-role",
              "User already in role [error-user-already-in-role]");
        }
        List<String> next = new ArrayList<>(sub.roles());
        next.add(r.id());
        rooms.setSubscriptionRoles(tx, roomId, fresh.id(), next, now);
        Subscription changed = rooms.subscription(tx, roomId, fresh.id()).orElseThrow();
        tx.afterCommit(() -> events.publish(new Event.SubscriptionChanged(changed)));
      } else {
        if (fresh.hasRole(r.id())) {
          throw new ParleyException.Invalid("error-user-already-in-role",
              "User already in role [error-user-already-in-role]");
        }
        List<String> next = new ArrayList<>(fresh.roles());
        next.add(r.id());
        users.setRoles(tx, fresh.id(), next, now);
      }
      return r;
    });
    publishRoleUpdate("added", role, user, roomId);
    return role;
  }

  /** {@code roles.removeUserFromRole}: the last admin stays admin. */
  public Role removeUserFromRole(Session session, String roleId, String username, String scope) {
    if (!session.can("access-permissions")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    Instant now = clock.instant();
    User[] target = new User[1];
    Role role = db.write(tx -> {
      User user = users.findByUsername(tx, username).orElseThrow(() -> new ParleyException.Invalid(
          "error-invalid-user", "There is no user with this username [error-invalid-user]"));
      target[0] = user;
      Role r = store.roleById(tx, roleId).orElseThrow(() -> new ParleyException.Invalid(
          "error-invalid-roleId", "This role does not exist [error-invalid-roleId]"));
      boolean inRoom = scope != null && !scope.isEmpty() && !scope.equals(Role.USERS);
      Optional<Subscription> sub = inRoom ? rooms.subscription(tx, scope, user.id()) : Optional.empty();
      boolean holds = inRoom ? sub.map(s -> s.roles().contains(r.id())).orElse(false)
          : user.hasRole(r.id());
      if (!holds) {
        throw new ParleyException.Invalid("error-user-not-in-role",
            "User is not in this role [error-user-not-in-role]");
      }
      if (r.id().equals("admin") && !inRoom && users.countActiveWithRole(tx, "admin") <= 1) {
        throw new ParleyException.Invalid("error-admin-required",
            "You need to have at least one admin [error-admin-required]");
      }
      if (inRoom) {
        List<String> next = new ArrayList<>(sub.get().roles());
        next.remove(r.id());
        rooms.setSubscriptionRoles(tx, scope, user.id(), next, now);
        Subscription changed = rooms.subscription(tx, scope, user.id()).orElseThrow();
        tx.afterCommit(() -> events.publish(new Event.SubscriptionChanged(changed)));
      } else {
        List<String> next = new ArrayList<>(user.roles());
        next.remove(r.id());
        users.setRoles(tx, user.id(), next, now);
      }
      return r;
    });
    publishRoleUpdate("removed", role, target[0], scope);
    return role;
  }

  /**
   * {@code roles.getUsersInRole}: holders of a global role, or with {@code roomId} of a room role
   * in that room (which needs {@code view-other-user-channels}).
   */
  public Page<User> usersInRole(Session session, String roleId, String roomId, int offset,
      int count) {
    if (!session.can("access-permissions")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    if (roomId != null && !session.can("view-other-user-channels")) {
      throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]");
    }
    return db.read(tx -> {
      Role role = store.roleById(tx, roleId).orElseThrow(() -> new ParleyException.Invalid(
          "error-invalid-roleId", "[error-invalid-roleId]"));
      Page<String> ids = roomId != null
          ? store.membersWithRole(tx, roomId, role.id(), offset, count)
          : store.usersWithRole(tx, role.id(), offset, count);
      Map<String, User> byId = new HashMap<>();
      users.findByIds(tx, ids.items()).forEach(u -> byId.put(u.id(), u));
      List<User> ordered = ids.items().stream().map(byId::get).filter(u -> u != null).toList();
      return new Page<>(ordered, offset, ids.total());
    });
  }

  private void requireAccessPermissions(Session session) {
    if (!session.can("access-permissions")) {
      throw new ParleyException.Invalid("error-action-not-allowed",
          "Accessing permissions is not allowed [error-action-not-allowed]");
    }
  }

  private static String requireScope(String scope) {
    if (!scope.equals(Role.USERS) && !scope.equals(Role.SUBSCRIPTIONS)) {
      throw new ParleyException.Invalid("error-invalid-scope", "Invalid scope [error-invalid-scope]");
    }
    return scope;
  }

  private void publishRole(String type, Role role) {
    events.publish(new Event.RoleDefinitionChanged(type, role.id(), role.name(), role.description(),
        role.scope(), role.protectedRole(), role.mandatory2fa(), role.updatedAt()));
  }

  /** {@code roles-change}; a global change also makes cached sessions of the user stale. */
  private void publishRoleUpdate(String type, Role role, User user, String scope) {
    events.publish(new Event.UserRoleChanged(type, role.id(), user.ref(),
        scope == null || scope.isEmpty() || scope.equals(Role.USERS) ? null : scope));
  }
}
