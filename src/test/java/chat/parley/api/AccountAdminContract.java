package chat.parley.api;

import static chat.parley.api.RoomsContract.assertError;
import static chat.parley.api.SeedFlowContract.send;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.DdpClient;
import chat.parley.testing.RestClient;
import chat.parley.testing.RestClient.Response;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Account, role, permission and status administration; statistics; rate limiting (issue #6). */
abstract class AccountAdminContract {
  abstract Backend backend();

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Response update(RestClient as, String userId, Map<String, Object> data) {
    return as.postJson("/api/v1/users.update", Map.of("userId", userId, "data", data));
  }

  @Test
  void admins_edit_other_accounts_and_plain_users_only_their_own() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      String bob = cast.bob().userId();
      assertError(update(cast.alice(), bob, Map.of("name", "Robert")), 400, "error-action-not-allowed");
      assertError(update(cast.carol(), bob, Map.of("username", "alice")), 400, "error-field-unavailable");
      assertError(update(cast.carol(), bob, Map.of("email", "not-an-email")), 400, "error-invalid-email");
      assertError(update(cast.carol(), bob, Map.of("bogus", 1)), 400, "invalid-params");

      JsonNode user = update(cast.carol(), bob, Map.of("username", "bobby", "name", "Robert",
          "email", "robert@example.com", "password", "new secret 1", "nickname", "rob",
          "roles", List.of("user", "bot"))).json().get("user");
      assertThat(user.get("username").asText()).isEqualTo("bobby");
      assertThat(user.get("name").asText()).isEqualTo("Robert");
      assertThat(user.get("nickname").asText()).isEqualTo("rob");
      assertThat(user.at("/emails/0/address").asText()).isEqualTo("robert@example.com");
      assertThat(user.get("roles").toString()).isEqualTo("[\"user\",\"bot\"]");
      assertThat(cast.anonymous().postForm("/api/v1/login", Map.of("user", "bobby", "password", Cast.PASSWORD))
          .status()).isEqualTo(401);
      assertThat(cast.anonymous().postForm("/api/v1/login", Map.of("user", "bobby", "password", "new secret 1"))
          .status()).isEqualTo(200);
      // The new roles apply at once: bots bypass the rate limiter and may not delete own messages.
      assertThat(cast.bob().get("/api/v1/me").json().get("username").asText()).isEqualTo("bobby");

      assertError(update(cast.alice(), cast.alice().userId(), Map.of("roles", List.of("admin"))), 400,
          "error-action-not-allowed");
      assertThat(update(cast.alice(), cast.alice().userId(), Map.of("name", "Alice A.")).status()).isEqualTo(200);
      assertError(update(cast.alice(), cast.alice().userId(), Map.of("active", false)), 400, "error-not-allowed");
      assertError(update(cast.alice(), cast.alice().userId(), Map.of("verified", true)), 400,
          "error-action-not-allowed");
      assertError(update(cast.carol(), cast.carol().userId(), Map.of("roles", List.of("user"))), 400,
          "error-action-not-allowed");

      assertThat(cast.alice().postJson("/api/v1/users.deactivateIdle", Map.of("daysIdle", 0)).status()).isEqualTo(403);
      // Everyone logged in just now, so nobody has been idle for a day; with 0 days all but the caller are.
      assertThat(cast.carol().postJson("/api/v1/users.deactivateIdle", Map.of("daysIdle", 1)).json().get("count").asInt())
          .isZero();
      assertThat(cast.carol().postJson("/api/v1/users.deactivateIdle", Map.of("daysIdle", 0, "role", "bot"))
          .json().get("count").asInt()).isEqualTo(1);
      assertThat(cast.bob().get("/api/v1/me").status()).isEqualTo(401);
      update(cast.carol(), bob, Map.of("active", true));
      RestClient bobAgain = cast.anonymous().login("bobby", "new secret 1");
      assertThat(bobAgain.get("/api/v1/me").status()).isEqualTo(200);
      assertThat(update(cast.carol(), bob, Map.of("active", false)).json().at("/user/active").asBoolean()).isFalse();
      assertThat(bobAgain.get("/api/v1/me").status()).isEqualTo(401);
    }
  }

  @Test
  void own_basic_info_needs_the_current_password_digest_for_email_and_password() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      String path = "/api/v1/users.updateOwnBasicInfo";
      assertError(cast.alice().postJson(path, Map.of("data", Map.of("email", "a2@example.com"))), 400, "totp-required");
      assertError(cast.alice().postJson(path, Map.of("data", Map.of("email", "a2@example.com",
          "currentPassword", sha256("wrong")))), 400, "totp-invalid");
      JsonNode ok = cast.alice().postJson(path, Map.of("data", Map.of("email", "a2@example.com",
          "newPassword", "another one", "currentPassword", sha256(Cast.PASSWORD), "statusText", "busy day")))
          .json();
      assertThat(ok.at("/user/emails/0/address").asText()).isEqualTo("a2@example.com");
      assertThat(ok.at("/user/statusText").asText()).isEqualTo("busy day");
      assertThat(cast.anonymous().postForm("/api/v1/login", Map.of("user", "alice", "password", "another one"))
          .status()).isEqualTo(200);
      assertThat(cast.alice().postJson(path, Map.of("data", Map.of("name", "Just Alice"))).status()).isEqualTo(200);
      assertThat(cast.alice().get("/api/v1/users.getStatus").json().get("message").asText()).isEqualTo("busy day");
    }
  }

  @Test
  void deleting_a_user_hands_their_rooms_on_removes_their_messages_and_revokes_their_tokens() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      String rid = cast.alice().postJson("/api/v1/channels.create", Map.of("name", "alices", "members", List.of("bob")))
          .json().at("/channel/_id").asText();
      cast.alice().postJson("/api/v1/channels.create", Map.of("name", "alone"));
      send(cast.alice(), rid, "hello from alice");
      send(cast.bob(), rid, "hello from bob");
      cast.alice().postJson("/api/v1/im.create", Map.of("username", "bob"));

      assertThat(cast.mallory().postJson("/api/v1/users.delete", Map.of("userId", cast.alice().userId())).status())
          .isEqualTo(403);
      Response refused = cast.carol().postJson("/api/v1/users.delete", Map.of("userId", cast.alice().userId()));
      assertError(refused, 400, "user-last-owner");
      assertThat(refused.json().at("/details/shouldChangeOwner").toString()).contains("alices");
      assertThat(refused.json().at("/details/shouldBeRemoved").toString()).contains("alone");
      assertThat(cast.alice().get("/api/v1/me").status()).isEqualTo(200);

      assertThat(cast.carol().postJson("/api/v1/users.delete",
          Map.of("username", "alice", "confirmRelinquish", true)).status()).isEqualTo(200);
      assertThat(cast.alice().get("/api/v1/me").status()).isEqualTo(401);
      assertThat(cast.carol().get("/api/v1/users.info?username=alice").json().get("success").asBoolean()).isFalse();
      assertThat(cast.bob().get("/api/v1/channels.roles?roomId=" + rid).json().toString())
          .contains("bob").contains("owner");
      String history = cast.bob().get("/api/v1/channels.history?roomId=" + rid).json().toString();
      assertThat(history).contains("hello from bob").doesNotContain("hello from alice");
      assertThat(cast.carol().get("/api/v1/channels.info?roomName=alone").json().get("success").asBoolean()).isFalse();
      assertThat(cast.bob().get("/api/v1/im.list").json().get("ims").size()).isZero();
      assertError(cast.carol().postJson("/api/v1/users.delete", Map.of("userId", cast.carol().userId())), 400,
          "error-action-not-allowed");

      assertError(cast.mallory().postJson("/api/v1/users.deleteOwnAccount", Map.of("password", sha256(Cast.PASSWORD))),
          400, "error-not-allowed");
      cast.carol().postJson("/api/v1/settings/Accounts_AllowDeleteOwnAccount", Map.of("value", true));
      assertError(cast.mallory().postJson("/api/v1/users.deleteOwnAccount", Map.of("password", sha256("nope"))),
          400, "error-invalid-password");
      assertThat(cast.mallory().postJson("/api/v1/users.deleteOwnAccount", Map.of("password", sha256(Cast.PASSWORD)))
          .status()).isEqualTo(200);
      assertThat(cast.mallory().get("/api/v1/me").status()).isEqualTo(401);
    }
  }

  @Test
  void an_admin_logs_another_user_out_everywhere() throws Exception {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      RestClient secondBob = cast.anonymous().login("bob", Cast.PASSWORD);
      RestClient thirdAlice = cast.anonymous().login("alice", Cast.PASSWORD);
      JsonNode others = thirdAlice.postJson("/api/v1/users.logoutOtherClients", Map.of()).json();
      assertThat(others.get("token").asText()).isEqualTo(thirdAlice.token());
      assertThat(others.get("tokenExpires").asText()).endsWith("Z");
      assertThat(cast.alice().get("/api/v1/me").status()).isEqualTo(401);
      assertThat(thirdAlice.get("/api/v1/me").status()).isEqualTo(200);

      DdpClient socket = DdpClient.connect(server.baseUrl());
      socket.call("login", Map.of("resume", cast.bob().token()));
      assertThat(thirdAlice.postJson("/api/v1/users.logout", Map.of("userId", cast.bob().userId())).status())
          .isEqualTo(403);
      JsonNode out = cast.carol().postJson("/api/v1/users.logout", Map.of("userId", cast.bob().userId())).json();
      assertThat(out.get("message").asText()).isEqualTo("User " + cast.bob().userId() + " has been logged out!");
      assertThat(cast.bob().get("/api/v1/me").status()).isEqualTo(401);
      assertThat(secondBob.get("/api/v1/me").status()).isEqualTo(401);
      assertThat(socket.closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
      assertThat(thirdAlice.get("/api/v1/me").status()).isEqualTo(200);
    }
  }

  @Test
  void users_list_understands_common_queries_fields_and_sort_but_nothing_unsafe() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      String q = RestClient.q("{\"active\":true,\"username\":{\"$regex\":\"^al\",\"$options\":\"i\"}}");
      JsonNode list = cast.alice().get("/api/v1/users.list?query=" + q + "&fields=" + RestClient.q("{\"username\":1}"))
          .json();
      assertThat(list.get("total").asInt()).isEqualTo(1);
      assertThat(list.at("/users/0/username").asText()).isEqualTo("alice");
      assertThat(list.at("/users/0/name").isMissingNode()).isTrue();
      JsonNode sorted = cast.alice().get("/api/v1/users.list?sort=" + RestClient.q("{\"username\":-1}")).json();
      assertThat(sorted.at("/users/0/username").asText()).isEqualTo("mallory");
      assertThat(sorted.get("total").asInt()).isEqualTo(4);
      String or = RestClient.q("{\"$or\":[{\"username\":{\"$regex\":\"ob\"}},{\"name\":{\"$regex\":\"carol\",\"$options\":\"i\"}}]}");
      assertThat(cast.alice().get("/api/v1/users.list?query=" + or).json().get("total").asInt()).isEqualTo(2);
      assertError(cast.alice().get("/api/v1/users.list?query=" + RestClient.q("{\"$where\":\"1\"}")), 400,
          "error-invalid-query");
      assertError(cast.alice().get("/api/v1/users.list?query=" + RestClient.q("{\"username\":{\"$regex\":\".*\"}}")),
          400, "error-invalid-query");
      assertError(cast.alice().get("/api/v1/users.list?query="
          + RestClient.q("{\"emails.address\":{\"$regex\":\"example\"}}")), 400, "error-invalid-query");
      assertThat(cast.carol().get("/api/v1/users.list?query="
          + RestClient.q("{\"emails.address\":{\"$regex\":\"bob@\"}}")).json().get("total").asInt()).isEqualTo(1);
      assertError(cast.alice().get("/api/v1/users.list?sort=" + RestClient.q("{\"password\":1}")), 400,
          "error-invalid-sort");

      JsonNode items = cast.alice().get("/api/v1/users.autocomplete?selector=" + RestClient.q("{\"term\":\"bo\"}"))
          .json().get("items");
      assertThat(items.size()).isEqualTo(1);
      assertThat(items.get(0).get("username").asText()).isEqualTo("bob");
      assertThat(cast.alice().get("/api/v1/users.getStatus?username=bob").json().get("status").asText()).isNotBlank();
      assertThat(cast.alice().get("/api/v1/users.getUsernameSuggestion").json().get("result").asText())
          .isEqualTo("alice");
      assertThat(cast.alice().get("/api/v1/users.checkUsernameAvailability?username=bob").json()
          .get("result").asBoolean()).isFalse();
      assertThat(cast.alice().get("/api/v1/users.checkUsernameAvailability?username=newname").json()
          .get("result").asBoolean()).isTrue();
      assertThat(cast.alice().get("/api/v1/users.checkUsernameAvailability?username=alice").json()
          .get("result").asBoolean()).isTrue();
      JsonNode mine = cast.alice().get("/api/v1/users.info?username=alice&includeUserRooms=true").json();
      assertThat(mine.at("/user/rooms/0/rid").asText()).isEqualTo("GENERAL");
      assertThat(cast.alice().get("/api/v1/users.info?username=bob&includeUserRooms=true").json()
          .at("/user/rooms").isMissingNode()).isTrue();
      assertThat(cast.carol().get("/api/v1/users.info?username=bob&fields=" + RestClient.q("{\"userRooms\":1}"))
          .json().at("/user/rooms/0/name").asText()).isEqualTo("general");
      assertThat(cast.alice().get("/api/v1/users.listTeams?userId=" + cast.alice().userId()).json()
          .get("teams").size()).isZero();
      assertThat(cast.anonymous().get("/api/v1/settings.oauth").json().get("services").size()).isZero();
      assertThat(cast.anonymous().get("/api/v1/service.configurations").json().get("configurations").size())
          .isZero();

      JsonNode prefs = cast.alice().postJson("/api/v1/users.setPreferences",
          Map.of("data", Map.of("sendOnEnter", "normal", "hideRoles", true))).json();
      assertThat(prefs.at("/user/settings/preferences/hideRoles").asBoolean()).isTrue();
      assertThat(cast.alice().get("/api/v1/users.getPreferences").json().at("/preferences/sendOnEnter").asText())
          .isEqualTo("normal");
      assertThat(cast.alice().get("/api/v1/me").json().at("/settings/preferences/sendOnEnter").asText())
          .isEqualTo("normal");
      assertError(cast.alice().postJson("/api/v1/users.setPreferences", Map.of("data", Map.of("evil", 1))), 400,
          "invalid-params");
      assertError(cast.alice().postJson("/api/v1/users.setPreferences",
          Map.of("userId", cast.bob().userId(), "data", Map.of("hideRoles", true))), 400, "error-action-not-allowed");
    }
  }

  @Test
  void roles_and_permissions_are_editable_and_take_effect_at_once() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      JsonNode roles = cast.alice().get("/api/v1/roles.list").json().get("roles");
      assertThat(roles.toString()).contains("\"_id\":\"admin\"").contains("\"protected\":true")
          .contains("\"scope\":\"Subscriptions\"");

      assertError(cast.alice().postJson("/api/v1/roles.create", Map.of("name", "auditor")), 400,
          "error-action-not-allowed");
      JsonNode role = cast.carol().postJson("/api/v1/roles.create",
          Map.of("name", "auditor", "description", "reads logs")).json().get("role");
      String roleId = role.get("_id").asText();
      assertThat(role.get("scope").asText()).isEqualTo("Users");
      assertError(cast.carol().postJson("/api/v1/roles.create", Map.of("name", "auditor")), 400,
          "error-duplicate-role-names-not-allowed");
      assertThat(cast.carol().postJson("/api/v1/roles.addUserToRole",
          Map.of("roleId", roleId, "username", "bob")).status()).isEqualTo(200);
      assertError(cast.carol().postJson("/api/v1/roles.addUserToRole", Map.of("roleId", roleId, "username", "bob")),
          400, "error-user-already-in-role");
      JsonNode holders = cast.carol().get("/api/v1/roles.getUsersInRole?role=" + roleId).json();
      assertThat(holders.get("total").asInt()).isEqualTo(1);
      assertThat(holders.at("/users/0/username").asText()).isEqualTo("bob");
      assertThat(cast.alice().get("/api/v1/roles.getUsersInRole?role=" + roleId).status()).isEqualTo(403);
      assertError(cast.carol().postJson("/api/v1/roles.delete", Map.of("roleId", roleId)), 400, "error-role-in-use");
      assertError(cast.carol().postJson("/api/v1/roles.delete", Map.of("roleId", "admin")), 400, "error-role-protected");
      assertError(cast.carol().postJson("/api/v1/roles.update", Map.of("roleId", "admin", "name", "boss")), 400,
          "error-role-protected");
      assertThat(cast.carol().postJson("/api/v1/roles.update",
          Map.of("roleId", roleId, "name", "auditors", "description", "d")).json().at("/role/name").asText())
          .isEqualTo("auditors");

      // The custom role gets a permission: bob may now see the statistics.
      assertThat(cast.bob().get("/api/v1/statistics").status()).isEqualTo(400);
      cast.carol().postJson("/api/v1/permissions.update",
          Map.of("permissions", List.of(Map.of("_id", "view-statistics", "roles", List.of("admin", roleId)))));
      assertThat(cast.bob().get("/api/v1/statistics").status()).isEqualTo(200);

      assertThat(cast.carol().postJson("/api/v1/roles.removeUserFromRole",
          Map.of("roleId", roleId, "username", "bob")).status()).isEqualTo(200);
      assertThat(cast.bob().get("/api/v1/statistics").status()).isEqualTo(400);
      String before = java.time.Instant.now().minusSeconds(1).toString();
      assertThat(cast.carol().postJson("/api/v1/roles.delete", Map.of("roleId", roleId)).status()).isEqualTo(200);
      JsonNode sync = cast.alice().get("/api/v1/roles.sync?updatedSince=" + before).json().get("roles");
      assertThat(sync.get("remove").toString()).contains(roleId);
      assertError(cast.carol().postJson("/api/v1/roles.removeUserFromRole",
          Map.of("roleId", "admin", "username", "carol")), 400, "error-admin-required");

      // A logged-in socket picks up new global roles without reconnecting.
      try (DdpClient socket = DdpClient.connect(server.baseUrl())) {
        socket.call("login", Map.of("resume", cast.bob().token()));
        assertThat(socket.call("deleteCustomSound", "nope").at("/error/error").asText()).isNotEqualTo("invalid-sound");
        String before2 = socket.call("deleteCustomSound", "nope").at("/error").toString();
        cast.carol().postJson("/api/v1/roles.addUserToRole", Map.of("roleId", "admin", "username", "bob"));
        String after2 = socket.call("deleteCustomSound", "nope").at("/error").toString();
        assertThat(after2).isNotEqualTo(before2);
        cast.carol().postJson("/api/v1/roles.removeUserFromRole", Map.of("roleId", "admin", "username", "bob"));
        assertThat(socket.call("deleteCustomSound", "nope").at("/error").toString()).isEqualTo(before2);
      }

      // Room-scoped roles.
      String rid = cast.carol().postJson("/api/v1/channels.create", Map.of("name", "ops", "members", List.of("bob")))
          .json().at("/channel/_id").asText();
      assertThat(cast.carol().postJson("/api/v1/roles.addUserToRole",
          Map.of("roleId", "moderator", "username", "bob", "roomId", rid)).status()).isEqualTo(200);
      JsonNode mods = cast.carol().get("/api/v1/roles.getUsersInRole?role=moderator&roomId=" + rid).json();
      assertThat(mods.at("/users/0/username").asText()).isEqualTo("bob");
      assertError(cast.carol().postJson("/api/v1/roles.addUserToRole",
          Map.of("roleId", "moderator", "username", "alice", "roomId", rid)), 400, "error-invalid-user");

      // Taking create-c from users: alice can no longer create channels; bots still can.
      assertThat(cast.alice().postJson("/api/v1/permissions.update",
          Map.of("permissions", List.of(Map.of("_id", "create-c", "roles", List.of("admin"))))).status())
          .isEqualTo(403);
      assertError(cast.carol().postJson("/api/v1/permissions.update",
          Map.of("permissions", List.of(Map.of("_id", "no-such-permission", "roles", List.of("admin"))))), 400,
          "error-invalid-permission");
      assertError(cast.carol().postJson("/api/v1/permissions.update",
          Map.of("permissions", List.of(Map.of("_id", "create-c", "roles", List.of("no-such-role"))))), 400,
          "error-invalid-role");
      String since = java.time.Instant.now().minusMillis(1).toString();
      JsonNode updated = cast.carol().postJson("/api/v1/permissions.update",
          Map.of("permissions", List.of(Map.of("_id", "create-c", "roles", List.of("admin", "bot"))))).json();
      assertThat(updated.get("permissions").toString()).contains("\"_id\":\"create-c\",\"roles\":[\"admin\",\"bot\"]");
      assertThat(cast.alice().postJson("/api/v1/channels.create", Map.of("name", "nope")).status()).isEqualTo(403);
      JsonNode changed = cast.alice().get("/api/v1/permissions.listAll?updatedSince=" + since).json().get("update");
      assertThat(changed.size()).isEqualTo(1);
      assertThat(changed.at("/0/_id").asText()).isEqualTo("create-c");
    }
  }

  @Test
  void edited_permissions_survive_a_restart() {
    chat.parley.config.Config config;
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      cast.carol().postJson("/api/v1/permissions.update",
          Map.of("permissions", List.of(Map.of("_id", "create-c", "roles", List.of("admin")))));
      config = server.config();
    }
    try (TestServer server = TestServer.start(config)) {
      RestClient alice = server.client().login("alice", Cast.PASSWORD);
      assertThat(alice.postJson("/api/v1/channels.create", Map.of("name", "after-restart")).status()).isEqualTo(403);
      assertThat(alice.get("/api/v1/permissions.listAll").json().get("update").toString())
          .contains("\"_id\":\"create-c\",\"roles\":[\"admin\"]");
    }
  }

  @Test
  void custom_user_statuses_are_managed_by_admins_and_published() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      DdpClient socket = DdpClient.connect(server.baseUrl());
      socket.call("login", Map.of("resume", cast.alice().token()));
      socket.sub("stream-notify-logged", "updateCustomUserStatus", false);
      socket.sub("stream-notify-logged", "deleteCustomUserStatus", false);

      assertError(cast.alice().postJson("/api/v1/custom-user-status.create", Map.of("name", "Lunch")), 400,
          "not_authorized");
      JsonNode created = cast.carol().postJson("/api/v1/custom-user-status.create",
          Map.of("name", "In a meeting", "statusType", "busy")).json().get("customUserStatus");
      String id = created.get("_id").asText();
      assertThat(created.get("statusType").asText()).isEqualTo("busy");
      JsonNode event = socket.await(DdpClient.changed("stream-notify-logged", "updateCustomUserStatus"), 5);
      assertThat(event.at("/fields/args/0/userStatusData/name").asText()).isEqualTo("In a meeting");
      assertError(cast.carol().postJson("/api/v1/custom-user-status.create",
          Map.of("name", "In a meeting", "statusType", "away")), 400, "Custom_User_Status_Error_Name_Already_In_Use");
      assertError(cast.carol().postJson("/api/v1/custom-user-status.create",
          Map.of("name", "Weird", "statusType", "sleeping")), 400, "error-input-is-not-a-valid-field");

      assertThat(cast.carol().postJson("/api/v1/custom-user-status.update",
          Map.of("_id", id, "name", "Meeting", "statusType", "away")).json().at("/customUserStatus/name").asText())
          .isEqualTo("Meeting");
      JsonNode list = cast.alice().get("/api/v1/custom-user-status.list").json();
      assertThat(list.get("total").asInt()).isEqualTo(1);
      assertThat(list.at("/statuses/0/statusType").asText()).isEqualTo("away");

      assertThat(cast.carol().postJson("/api/v1/custom-user-status.delete", Map.of("customUserStatusId", id)).status())
          .isEqualTo(200);
      assertThat(socket.await(DdpClient.changed("stream-notify-logged", "deleteCustomUserStatus"), 5)).isNotNull();
      assertThat(cast.alice().get("/api/v1/custom-user-status.list").json().get("total").asInt()).isZero();
      assertError(cast.carol().postJson("/api/v1/custom-user-status.delete", Map.of("customUserStatusId", id)), 400,
          "Custom_User_Status_Error_Invalid_User_Status");
    }
  }

  @Test
  void statistics_count_what_exists_for_those_who_may_see_them() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      cast.alice().postJson("/api/v1/groups.create", Map.of("name", "secret"));
      cast.alice().postJson("/api/v1/im.create", Map.of("username", "bob"));
      send(cast.alice(), "GENERAL", "one");
      send(cast.bob(), "GENERAL", "two");
      assertError(cast.alice().get("/api/v1/statistics"), 400, "error-not-allowed");
      JsonNode stats = cast.carol().get("/api/v1/statistics").json();
      assertThat(stats.get("totalUsers").asInt()).isEqualTo(4);
      assertThat(stats.get("activeUsers").asInt()).isEqualTo(4);
      assertThat(stats.get("totalChannels").asInt()).isEqualTo(1);
      assertThat(stats.get("totalPrivateGroups").asInt()).isEqualTo(1);
      assertThat(stats.get("totalDirect").asInt()).isEqualTo(1);
      assertThat(stats.get("totalRooms").asInt()).isEqualTo(3);
      assertThat(stats.get("totalMessages").asInt()).isGreaterThanOrEqualTo(2);
      assertThat(stats.get("totalChannelMessages").asInt()).isGreaterThanOrEqualTo(2);
      assertThat(stats.get("lastLogin").asText()).endsWith("Z");
      assertThat(stats.get("lastMessageSentAt").asText()).endsWith("Z");
      assertThat(stats.get("uploadsTotal").asInt()).isZero();
      assertError(cast.carol().get("/api/v1/statistics?refresh=maybe"), 400, "error-invalid-params");
    }
  }

  @Test
  void the_rate_limiter_answers_429_with_rocket_chat_headers_and_spares_admins_and_bots() {
    try (TestServer server = TestServer.start(backend(), Map.of("API_Enable_Rate_Limiter", "true"))) {
      Cast cast = Cast.register(server);
      Response first = cast.alice().get("/api/v1/me");
      assertThat(first.headers().get("x-ratelimit-limit")).isEqualTo("600");
      cast.carol().postJson("/api/v1/settings/API_Enable_Rate_Limiter_Limit_Calls_Default", Map.of("value", 3));
      String route = "/api/v1/subscriptions.get";
      Response r1 = cast.alice().get(route);
      assertThat(r1.status()).isEqualTo(200);
      assertThat(r1.headers().get("x-ratelimit-limit")).isEqualTo("3");
      assertThat(r1.headers().get("x-ratelimit-remaining")).isEqualTo("2");
      long reset = Long.parseLong(r1.headers().get("x-ratelimit-reset"));
      assertThat(reset).isGreaterThan(System.currentTimeMillis());
      assertThat(cast.alice().get(route).headers().get("x-ratelimit-remaining")).isEqualTo("1");
      assertThat(cast.alice().get(route).headers().get("x-ratelimit-remaining")).isEqualTo("0");
      Response over = cast.alice().get(route);
      assertThat(over.status()).isEqualTo(429);
      assertThat(over.json().get("success").asBoolean()).isFalse();
      assertThat(over.json().get("error").asText()).startsWith("Error, too many requests. Please slow down.")
          .endsWith("[error-too-many-requests]");
      assertThat(over.headers().get("x-ratelimit-remaining")).isEqualTo("0");
      // Other routes and other users count separately; admins are not counted at all.
      assertThat(cast.alice().get("/api/v1/me").status()).isEqualTo(200);
      assertThat(cast.bob().get(route).status()).isEqualTo(200);
      for (int i = 0; i < 5; i++) {
        Response admin = cast.carol().get(route);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.headers()).doesNotContainKey("x-ratelimit-limit");
      }
      // Switched off, the limit lifts at once.
      cast.carol().postJson("/api/v1/settings/API_Enable_Rate_Limiter", Map.of("value", false));
      assertThat(cast.alice().get(route).status()).isEqualTo(200);
    }
  }

  @Test
  void the_default_permission_matrix_separates_admin_user_bot_and_guest() {
    try (TestServer server = TestServer.start(backend(), Map.of("API_Enable_Rate_Limiter", "true"))) {
      Cast cast = Cast.register(server);
      for (String[] u : new String[][] {{"robo", "bot"}, {"gus", "guest"}}) {
        assertThat(cast.carol().postJson("/api/v1/users.create", Map.of("username", u[0], "name", u[0],
            "email", u[0] + "@example.com", "password", Cast.PASSWORD, "roles", List.of(u[1]))).status())
            .isEqualTo(200);
      }
      RestClient bot = cast.anonymous().login("robo", Cast.PASSWORD);
      RestClient guest = cast.anonymous().login("gus", Cast.PASSWORD);
      cast.carol().postJson("/api/v1/settings/API_Enable_Rate_Limiter_Limit_Calls_Default", Map.of("value", 2));
      Map<String, RestClient> who = Map.of("admin", cast.carol(), "user", cast.alice(), "bot", bot,
          "guest", guest);
      // channels.create: create-c is admin, user, bot, app.
      Map<String, Integer> expected = Map.of("admin", 200, "user", 200, "bot", 200, "guest", 403);
      who.forEach((role, client) -> assertThat(client.postJson("/api/v1/channels.create",
          Map.of("name", "by-" + role)).status()).as(role).isEqualTo(expected.get(role)));
      // Administration is the admin's alone.
      who.forEach((role, client) -> {
        int status = client.postJson("/api/v1/permissions.update", Map.of("permissions",
            List.of(Map.of("_id", "create-c", "roles", List.of("admin", "user", "bot", "app"))))).status();
        assertThat(status).as(role).isEqualTo(role.equals("admin") ? 200 : 403);
        assertThat(client.get("/api/v1/statistics").status()).as(role).isEqualTo(role.equals("admin") ? 200 : 400);
      });
      // api-bypass-rate-limit: admins and bots are never counted, users and guests are.
      who.forEach((role, client) -> {
        int last = 0;
        for (int i = 0; i < 3; i++) {
          last = client.get("/api/v1/roles.list").status();
        }
        assertThat(last).as(role).isEqualTo(role.equals("admin") || role.equals("bot") ? 200 : 429);
      });
    }
  }

  @Test
  void the_password_policy_applies_to_new_passwords_when_enabled() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      assertThat(update(cast.alice(), cast.alice().userId(), Map.of("password", "short")).status()).isEqualTo(200);
      assertThat(cast.anonymous().get("/api/v1/pw.getPolicy").json().get("enabled").asBoolean()).isFalse();
      cast.carol().postJson("/api/v1/settings/Accounts_Password_Policy_Enabled", Map.of("value", true));
      JsonNode policy = cast.anonymous().get("/api/v1/pw.getPolicy").json();
      assertThat(policy.get("enabled").asBoolean()).isTrue();
      assertThat(policy.get("policy").toString()).contains("[\"get-password-policy-minLength\",{\"minLength\":7}]")
          .contains("get-password-policy-mustContainAtLeastOneUppercase");
      assertError(update(cast.alice(), cast.alice().userId(), Map.of("password", "Ab1!")), 400,
          "error-password-policy-not-met-minLength");
      assertError(update(cast.alice(), cast.alice().userId(), Map.of("password", "abcdefgh1!")), 400,
          "error-password-policy-not-met-oneUppercase");
      assertError(update(cast.alice(), cast.alice().userId(), Map.of("password", "Aaaaaaa1!")), 400,
          "error-password-policy-not-met-repeatingCharacters");
      assertError(cast.anonymous().postJson("/api/v1/users.register", Map.of("username", "dave",
          "email", "dave@example.com", "pass", "password", "name", "Dave")), 400,
          "error-password-policy-not-met-oneUppercase");
      assertThat(update(cast.alice(), cast.alice().userId(), Map.of("password", "Str0ng&Pass")).status())
          .isEqualTo(200);
    }
  }
}
