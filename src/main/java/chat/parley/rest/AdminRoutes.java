package chat.parley.rest;

import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.permissions.PermissionService;
import chat.parley.permissions.Role;
import chat.parley.settings.Settings;
import chat.parley.users.CustomStatus;
import chat.parley.users.CustomStatusService;
import chat.parley.users.User;
import chat.parley.users.UserService;
import chat.parley.wire.RcAccount;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code permissions.listAll/update}, {@code roles.*}, {@code custom-user-status.*}. */
final class AdminRoutes {
  private final PermissionService permissions;
  private final CustomStatusService statuses;
  private final UserService users;
  private final Paging paging;

  AdminRoutes(PermissionService permissions, CustomStatusService statuses, UserService users,
      Settings settings) {
    this.permissions = permissions;
    this.statuses = statuses;
    this.users = users;
    this.paging = new Paging(settings);
  }

  void register(Api api) {
    // No OAuth services are configured in Parley: the answers of a Rocket.Chat without any.
    api.publicGetAt(Api.V1 + "settings.oauth", req -> Map.of("services", List.of()));
    api.publicGetAt(Api.V1 + "service.configurations", req -> Map.of("configurations", List.of()));
    api.get("permissions.listAll", req -> {
      Instant since = req.queryDate("updatedSince", "error-roomId-param-invalid");
      List<Map<String, Object>> update = permissions.list(since).stream()
          .map(AdminRoutes::permission).toList();
      return Map.of("update", update, "remove", List.of());
    });
    api.post("permissions.update", this::updatePermissions);

    api.get("roles.list", req -> Map.of("roles",
        permissions.roles().stream().map(r -> RcAccount.role(r, false)).toList()));
    api.get("roles.sync", req -> {
      Instant since = req.queryDate("updatedSince", "error-invalid-params");
      Map<String, Object> roles = new LinkedHashMap<>();
      if (since == null) {
        roles.put("update", List.of());
        roles.put("remove", List.of());
      } else {
        Map<String, List<Role>> sync = permissions.sync(since);
        roles.put("update", sync.get("update").stream().map(r -> RcAccount.role(r, true)).toList());
        roles.put("remove", sync.get("remove").stream().map(RcAccount::removedRole).toList());
      }
      return Map.of("roles", roles);
    });
    api.post("roles.create", req -> {
      ObjectNode body = req.body();
      requireRoleProps(req, body, Set.of("name", "description", "scope", "mandatory2fa"));
      Role role = permissions.create(req.session(), requiredRoleString(body, "name"),
          optionalRoleString(body, "description"), optionalRoleString(body, "scope"),
          req.optionalBoolean(body, "mandatory2fa"));
      return Map.of("role", RcAccount.role(role, true));
    });
    api.post("roles.update", req -> {
      ObjectNode body = req.body();
      requireRoleProps(req, body, Set.of("roleId", "name", "description", "scope", "mandatory2fa"));
      Role role = permissions.update(req.session(), requiredRoleString(body, "roleId"),
          requiredRoleString(body, "name"), optionalRoleString(body, "description"),
          optionalRoleString(body, "scope"), req.optionalBoolean(body, "mandatory2fa"));
      return Map.of("role", RcAccount.role(role, true));
    });
    api.post("roles.delete", req -> {
      req.allowOnly(req.body(), Set.of("roleId"));
      permissions.delete(req.session(), req.requiredString(req.body(), "roleId"));
      return Map.of();
    });
    api.post("roles.addUserToRole", req -> {
      ObjectNode body = req.body();
      req.allowOnly(body, Set.of("roleId", "roleName", "username", "userId", "roomId"));
      String roleId = req.optionalString(body, "roleId");
      if (roleId == null) {
        roleId = req.optionalString(body, "roleName");
      }
      if (roleId == null || roleId.isEmpty()) {
        throw new ParleyException.Invalid("error-invalid-role-properties",
            "The role properties are invalid. [error-invalid-role-properties]");
      }
      User user = users.resolve(req.optionalString(body, "userId"), req.optionalString(body, "username"));
      Role role = permissions.addUserToRole(req.session(), roleId, user, req.optionalString(body, "roomId"));
      return Map.of("role", RcAccount.role(role, true));
    });
    api.post("roles.removeUserFromRole", req -> {
      ObjectNode body = req.body();
      req.allowOnly(body, Set.of("roleId", "roleName", "username", "scope"));
      String roleId = req.optionalString(body, "roleId");
      if (roleId == null) {
        roleId = req.optionalString(body, "roleName");
      }
      if (roleId == null || roleId.isEmpty()) {
        throw new ParleyException.Invalid("error-invalid-role-properties",
            "The role properties are invalid. [error-invalid-role-properties]");
      }
      Role role = permissions.removeUserFromRole(req.session(), roleId,
          req.requiredString(body, "username"), req.optionalString(body, "scope"));
      return Map.of("role", RcAccount.role(role, true));
    });
    api.get("roles.getUsersInRole", req -> {
      String role = req.query("role");
      if (role == null) {
        if (!req.session().can("access-permissions")) {
          throw ParleyException.NotAllowed.unauthorized();
        }
        throw new ParleyException.Invalid("error-param-not-provided",
            "Query param \"role\" is required [error-param-not-provided]");
      }
      Paging.Window w = paging.of(req);
      Page<User> page = permissions.usersInRole(req.session(), role, req.query("roomId"), w.offset(), w.count());
      return Map.of("users", page.items().stream().map(RcAccount::roleHolder).toList(),
          "total", page.total());
    });

    api.get("custom-user-status.list", req -> {
      Paging.Window w = paging.of(req);
      Page<CustomStatus> page = statuses.list(req.query("name"), req.query("_id"), w.offset(), w.count());
      return Paging.page("statuses", page.items().stream().map(RcAccount::status).toList(),
          w.offset(), page.total());
    });
    api.post("custom-user-status.create", req -> {
      ObjectNode body = req.body();
      req.allowOnly(body, Set.of("name", "statusType"));
      CustomStatus s = statuses.save(req.session(), null, req.requiredString(body, "name"),
          req.optionalString(body, "statusType"));
      return Map.of("customUserStatus", RcAccount.status(s));
    });
    api.post("custom-user-status.update", req -> {
      ObjectNode body = req.body();
      req.allowOnly(body, Set.of("_id", "name", "statusType"));
      CustomStatus s = statuses.save(req.session(), req.requiredString(body, "_id"),
          req.requiredString(body, "name"), req.optionalString(body, "statusType"));
      return Map.of("customUserStatus", RcAccount.status(s));
    });
    api.post("custom-user-status.delete", req -> {
      String id = req.optionalString(req.body(), "customUserStatusId");
      if (id == null || id.isEmpty()) {
        throw new ParleyException.Invalid(null, "The \"customUserStatusId\" params is required!");
      }
      statuses.delete(req.session(), id);
      return Map.of();
    });
  }

  private Map<String, Object> updatePermissions(Request req) {
    if (!req.session().can("access-permissions")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    ObjectNode body = req.body();
    JsonNode list = body.get("permissions");
    if (body.size() != 1 || list == null || !list.isArray()) {
      throw new ParleyException.Invalid("error-invalid-body-params", "Invalid body params");
    }
    Map<String, List<String>> changes = new LinkedHashMap<>();
    for (JsonNode p : list) {
      if (!p.isObject() || p.size() != 2 || !p.path("_id").isTextual() || !p.path("roles").isArray()) {
        throw new ParleyException.Invalid("error-invalid-body-params", "Invalid body params");
      }
      LinkedHashSet<String> roles = new LinkedHashSet<>();
      for (JsonNode r : p.get("roles")) {
        if (!r.isTextual() || !roles.add(r.asText())) {
          throw new ParleyException.Invalid("error-invalid-body-params", "Invalid body params");
        }
      }
      changes.put(p.get("_id").asText(), new ArrayList<>(roles));
    }
    List<Map<String, Object>> out = permissions.update(req.session(), changes).stream()
        .map(AdminRoutes::permission).toList();
    return Map.of("permissions", out);
  }

  private static Map<String, Object> permission(PermissionService.PermissionRow p) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("_id", p.id());
    doc.put("roles", p.roles());
    doc.put("_updatedAt", p.updatedAt());
    return doc;
  }

  private static void requireRoleProps(Request req, ObjectNode body, Set<String> allowed) {
    try {
      req.allowOnly(body, allowed);
    } catch (ParleyException e) {
      throw new ParleyException.Invalid("error-invalid-role-properties",
          "The role properties are invalid. [error-invalid-role-properties]");
    }
  }

  private static String requiredRoleString(ObjectNode body, String name) {
    String value = optionalRoleString(body, name);
    if (value == null || value.isBlank()) {
      throw new ParleyException.Invalid("error-invalid-role-properties",
          "The role properties are invalid. [error-invalid-role-properties]");
    }
    return value;
  }

  private static String optionalRoleString(ObjectNode body, String name) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new ParleyException.Invalid("error-invalid-role-properties",
          "The role properties are invalid. [error-invalid-role-properties]");
    }
    return v.asText();
  }
}
