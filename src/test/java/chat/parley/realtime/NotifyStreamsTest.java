package chat.parley.realtime;

import static chat.parley.testing.DdpClient.changed;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.common.UserRef;
import chat.parley.events.Event;
import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.DdpClient;
import chat.parley.testing.RestClient;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * stream-notify-user, stream-notify-logged, stream-notify-all and stream-roles over a real
 * WebSocket: who receives what, in Rocket.Chat's payload shapes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotifyStreamsTest {
  TestServer server;
  Cast cast;

  @BeforeAll
  void start() {
    server = TestServer.start(Backend.SQLITE);
    cast = Cast.register(server);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  DdpClient loggedIn(RestClient who) {
    return DdpClient.loggedIn(server.baseUrl(), who);
  }

  void publish(Event event) {
    server.parley().events().publish(event);
  }

  @Test
  void a_direct_message_notifies_its_recipient_and_nobody_else() {
    try (DdpClient alice = loggedIn(cast.alice()); DdpClient mallory = loggedIn(cast.mallory())) {
      String aliceNotes = cast.alice().userId() + "/notification";
      assertThat(alice.sub("stream-notify-user", aliceNotes, false).path("msg").asText()).isEqualTo("ready");
      mallory.sub("stream-notify-user", cast.mallory().userId() + "/notification", false);
      String dm = cast.bob().postJson("/api/v1/im.create", Map.of("username", "alice")).json()
          .at("/room/rid").asText();
      cast.bob().postJson("/api/v1/chat.sendMessage", Map.of("message", Map.of("rid", dm, "msg", "psst alice")));

      JsonNode note = alice.await(f -> changed("stream-notify-user", aliceNotes).test(f)
          && f.toString().contains("psst alice"), 5);
      JsonNode n = note.at("/fields/args/0");
      assertThat(n.path("title").asText()).isEqualTo("bob");
      assertThat(n.path("text").asText()).isEqualTo("psst alice");
      assertThat(n.at("/payload/rid").asText()).isEqualTo(dm);
      assertThat(n.at("/payload/_id").asText()).isNotBlank();
      assertThat(n.at("/payload/type").asText()).isEqualTo("d");
      assertThat(n.at("/payload/sender/_id").asText()).isEqualTo(cast.bob().userId());
      assertThat(n.at("/payload/sender/username").asText()).isEqualTo("bob");
      assertThat(n.at("/payload/message/msg").asText()).isEqualTo("psst alice");
      assertThat(n.at("/payload/name").asText()).isEqualTo("bob");
      assertThat(mallory.nothingMatches(f -> f.toString().contains("psst alice"), 500)).isTrue();
    }
  }

  @Test
  void in_rooms_over_the_member_limit_only_mentioned_online_members_are_notified() {
    String gid = cast.alice().postJson("/api/v1/groups.create", Map.of("name", "notify-big",
        "members", List.of("bob", "mallory"))).json().at("/group/_id").asText();
    assertThat(cast.carol().postJson("/api/v1/settings/Notifications_Max_Room_Members", Map.of("value", 2))
        .status()).isEqualTo(200);
    try (DdpClient alice = loggedIn(cast.alice()); DdpClient mallory = loggedIn(cast.mallory())) {
      String aliceNotes = cast.alice().userId() + "/notification";
      alice.sub("stream-notify-user", aliceNotes, false);
      mallory.sub("stream-notify-user", cast.mallory().userId() + "/notification", false);
      cast.bob().postJson("/api/v1/chat.sendMessage", Map.of("message", Map.of("rid", gid, "msg", "to everyone")));
      cast.bob().postJson("/api/v1/chat.sendMessage", Map.of("message", Map.of("rid", gid, "msg", "@alice look")));
      assertThat(alice.await(f -> changed("stream-notify-user", aliceNotes).test(f)
          && f.toString().contains("@alice look"), 5)).isNotNull();
      assertThat(alice.nothingMatches(f -> f.toString().contains("to everyone"), 300)).isTrue();
      assertThat(mallory.nothingMatches(f -> f.toString().contains("/notification"), 300)).isTrue();
    } finally {
      cast.carol().postJson("/api/v1/settings/Notifications_Max_Room_Members", Map.of("value", 100));
    }
  }

  @Test
  void a_group_message_notifies_online_members_but_not_the_sender_or_outsiders() {
    String gid = cast.alice().postJson("/api/v1/groups.create", Map.of("name", "notify-secret",
        "members", List.of("bob"))).json().at("/group/_id").asText();
    try (DdpClient bob = loggedIn(cast.bob()); DdpClient alice = loggedIn(cast.alice());
        DdpClient mallory = loggedIn(cast.mallory())) {
      String bobNotes = cast.bob().userId() + "/notification";
      bob.sub("stream-notify-user", bobNotes, false);
      alice.sub("stream-notify-user", cast.alice().userId() + "/notification", false);
      mallory.sub("stream-notify-user", cast.mallory().userId() + "/notification", false);
      cast.alice().postJson("/api/v1/chat.sendMessage", Map.of("message", Map.of("rid", gid,
          "msg", "plans for friday")));
      JsonNode n = bob.await(f -> changed("stream-notify-user", bobNotes).test(f)
          && f.toString().contains("plans for friday"), 5).at("/fields/args/0");
      assertThat(n.path("title").asText()).isEqualTo("#notify-secret");
      assertThat(n.path("text").asText()).isEqualTo("alice: plans for friday");
      assertThat(n.at("/payload/type").asText()).isEqualTo("p");
      assertThat(n.at("/payload/name").asText()).isEqualTo("notify-secret");
      assertThat(alice.nothingMatches(f -> f.toString().contains("plans for friday"), 300)).isTrue();
      assertThat(mallory.nothingMatches(f -> f.toString().contains("plans for friday"), 300)).isTrue();
    }
  }

  @Test
  void a_busy_user_gets_no_desktop_notifications() {
    RestClient carol = cast.carol();
    try (DdpClient c = loggedIn(carol)) {
      String notes = carol.userId() + "/notification";
      c.sub("stream-notify-user", notes, false);
      c.call("UserPresence:setDefaultStatus", "busy");
      String dm = cast.bob().postJson("/api/v1/im.create", Map.of("username", "carol")).json()
          .at("/room/rid").asText();
      cast.bob().postJson("/api/v1/chat.sendMessage", Map.of("message", Map.of("rid", dm, "msg", "while busy")));
      assertThat(c.nothingMatches(f -> f.toString().contains("while busy"), 700)).isTrue();
      c.call("UserPresence:setDefaultStatus", "online");
      cast.bob().postJson("/api/v1/chat.sendMessage", Map.of("message", Map.of("rid", dm, "msg", "back online")));
      c.await(f -> changed("stream-notify-user", notes).test(f) && f.toString().contains("back online"), 5);
    }
  }

  @Test
  void a_new_subscription_is_inserted_and_later_changes_are_updates() {
    try (DdpClient bob = loggedIn(cast.bob())) {
      String subs = cast.bob().userId() + "/subscriptions-changed";
      String rooms = cast.bob().userId() + "/rooms-changed";
      bob.sub("stream-notify-user", subs, false);
      bob.sub("stream-notify-user", rooms, false);
      String rid = cast.alice().postJson("/api/v1/channels.create", Map.of("name", "inserted-room"))
          .json().at("/channel/_id").asText();
      assertThat(cast.bob().postJson("/api/v1/channels.join", Map.of("roomId", rid)).status()).isEqualTo(200);

      JsonNode inserted = bob.await(f -> changed("stream-notify-user", subs).test(f)
          && f.toString().contains(rid), 5).at("/fields/args");
      assertThat(inserted.get(0).asText()).isEqualTo("inserted");
      assertThat(inserted.at("/1/rid").asText()).isEqualTo(rid);
      assertThat(inserted.at("/1/name").asText()).isEqualTo("inserted-room");
      JsonNode room = bob.await(f -> changed("stream-notify-user", rooms).test(f)
          && f.toString().contains(rid), 5).at("/fields/args");
      assertThat(room.get(0).asText()).isEqualTo("inserted");
      assertThat(room.at("/1/_id").asText()).isEqualTo(rid);
      assertThat(room.at("/1/name").asText()).isEqualTo("inserted-room");

      assertThat(cast.bob().postJson("/api/v1/rooms.favorite", Map.of("roomId", rid, "favorite", true))
          .status()).isEqualTo(200);
      JsonNode updated = bob.await(f -> changed("stream-notify-user", subs).test(f)
          && f.toString().contains(rid) && f.toString().contains("\"f\":true"), 5).at("/fields/args");
      assertThat(updated.get(0).asText()).isEqualTo("updated");
      // A room bob is already in is never inserted again.
      assertThat(bob.nothingMatches(f -> changed("stream-notify-user", subs).test(f)
          && f.at("/fields/args/0").asText().equals("inserted") && f.toString().contains(rid)
          && f.toString().contains("\"f\":true"), 300)).isTrue();
    }
  }

  @Test
  void ephemeral_messages_reach_only_their_user() {
    try (DdpClient alice = loggedIn(cast.alice()); DdpClient bob = loggedIn(cast.bob())) {
      String mine = cast.alice().userId() + "/message";
      alice.sub("stream-notify-user", mine, false);
      bob.sub("stream-notify-user", cast.bob().userId() + "/message", false);
      publish(new Event.EphemeralMessage(cast.alice().userId(), "GENERAL", "eph1", "only for you",
          Instant.now()));
      JsonNode m = alice.await(changed("stream-notify-user", mine), 5).at("/fields/args/0");
      assertThat(m.path("msg").asText()).isEqualTo("only for you");
      assertThat(m.path("private").asBoolean()).isTrue();
      assertThat(m.at("/u/username").asText()).isEqualTo("rocket.cat");
      assertThat(m.at("/ts/$date").asLong()).isPositive();
      assertThat(bob.nothingMatches(f -> f.toString().contains("only for you"), 300)).isTrue();
    }
  }

  @Test
  void presence_changes_are_announced_to_logged_in_users_with_name_and_roles() {
    try (DdpClient watcher = loggedIn(cast.alice()); DdpClient anon = DdpClient.connect(server.baseUrl())) {
      watcher.sub("stream-notify-logged", "user-status", false);
      assertThat(anon.sub("stream-notify-logged", "user-status", false).path("msg").asText()).isEqualTo("nosub");
      DdpClient bob = loggedIn(cast.bob());
      String own = cast.bob().userId() + "/userData";
      bob.sub("stream-notify-user", own, false);
      bob.call("UserPresence:away");
      JsonNode data = bob.await(changed("stream-notify-user", own), 5).at("/fields/args/0");
      assertThat(data.path("type").asText()).isEqualTo("updated");
      assertThat(data.at("/diff/status").asText()).isEqualTo("away");
      assertThat(data.at("/unset/statusText").asInt()).isEqualTo(1);
      JsonNode away = watcher.await(f -> changed("stream-notify-logged", "user-status").test(f)
          && f.at("/fields/args/0/0").asText().equals(cast.bob().userId())
          && f.at("/fields/args/0/2").asInt() == 2, 5).at("/fields/args/0");
      assertThat(away.get(1).asText()).isEqualTo("bob");
      assertThat(away.get(4).asText()).isEqualTo("Bob");
      assertThat(away.get(5).toString()).contains("user");
      bob.close();
    }
  }

  @Test
  void logged_in_notices_carry_rocket_chat_payloads() {
    try (DdpClient bob = loggedIn(cast.bob()); DdpClient anon = DdpClient.connect(server.baseUrl())) {
      for (String e : List.of("Users:NameChanged", "updateAvatar", "roles-change", "permissions-changed",
          "updateCustomUserStatus", "deleteCustomUserStatus", "Users:Deleted")) {
        assertThat(bob.sub("stream-notify-logged", e, false).path("msg").asText()).isEqualTo("ready");
      }
      assertThat(bob.sub("stream-roles", "roles", false).path("msg").asText()).isEqualTo("ready");
      assertThat(anon.sub("stream-roles", "roles", false).path("msg").asText()).isEqualTo("nosub");
      Instant now = Instant.now();
      UserRef dave = new UserRef("dave1", "dave", "Dave");

      publish(new Event.UserNameChanged("dave1", "dave", "David"));
      assertThat(bob.await(changed("stream-notify-logged", "Users:NameChanged"), 5).at("/fields/args/0").toString())
          .isEqualTo("{\"_id\":\"dave1\",\"name\":\"David\",\"username\":\"dave\"}");
      publish(new Event.AvatarChanged("dave", null, "e1", "dave1", "upload"));
      assertThat(bob.await(changed("stream-notify-logged", "updateAvatar"), 5).at("/fields/args/0").toString())
          .isEqualTo("{\"username\":\"dave\",\"etag\":\"e1\"}");
      publish(new Event.UserRoleChanged("added", "moderator", dave, "GENERAL"));
      JsonNode role = bob.await(changed("stream-notify-logged", "roles-change"), 5).at("/fields/args/0");
      assertThat(role.path("type").asText()).isEqualTo("added");
      assertThat(role.path("_id").asText()).isEqualTo("moderator");
      assertThat(role.at("/u/username").asText()).isEqualTo("dave");
      assertThat(role.path("scope").asText()).isEqualTo("GENERAL");
      publish(new Event.PermissionChanged("updated", "pin-message", List.of("admin", "user"), now));
      JsonNode perm = bob.await(changed("stream-notify-logged", "permissions-changed"), 5).at("/fields/args");
      assertThat(perm.get(0).asText()).isEqualTo("updated");
      assertThat(perm.at("/1/_id").asText()).isEqualTo("pin-message");
      assertThat(perm.at("/1/roles/1").asText()).isEqualTo("user");
      assertThat(perm.at("/1/_updatedAt/$date").asLong()).isEqualTo(now.toEpochMilli());
      publish(new Event.CustomUserStatusChanged(false, "st1", "In a meeting", "busy"));
      assertThat(bob.await(changed("stream-notify-logged", "updateCustomUserStatus"), 5)
          .at("/fields/args/0/userStatusData/statusType").asText()).isEqualTo("busy");
      publish(new Event.CustomUserStatusChanged(true, "st1", "In a meeting", "busy"));
      bob.await(changed("stream-notify-logged", "deleteCustomUserStatus"), 5);
      publish(new Event.RoleDefinitionChanged("changed", "support", "support", "Helps", "Users",
          false, false, now));
      JsonNode def = bob.await(changed("stream-roles", "roles"), 5).at("/fields/args/0");
      assertThat(def.path("type").asText()).isEqualTo("changed");
      assertThat(def.path("_id").asText()).isEqualTo("support");
      assertThat(def.path("scope").asText()).isEqualTo("Users");
      publish(new Event.UserDeleted("dave1", "Unlink", null));
      assertThat(bob.await(changed("stream-notify-logged", "Users:Deleted"), 5).at("/fields/args/0").toString())
          .isEqualTo("{\"userId\":\"dave1\",\"messageErasureType\":\"Unlink\"}");
    }
  }

  @Test
  void deleting_a_user_closes_their_sockets() throws Exception {
    RestClient session = cast.anonymous().login("mallory", Cast.PASSWORD);
    try (DdpClient mallory = loggedIn(session)) {
      publish(new Event.UserDeleted(session.userId(), "Delete", null));
      assertThat(mallory.closed.get(5, TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void public_setting_changes_reach_everyone_private_ones_only_admins() {
    try (DdpClient anon = DdpClient.connect(server.baseUrl()); DdpClient carol = loggedIn(cast.carol());
        DdpClient bob = loggedIn(cast.bob())) {
      assertThat(anon.sub("stream-notify-all", "public-settings-changed", false).path("msg").asText())
          .isEqualTo("ready");
      assertThat(carol.sub("stream-notify-logged", "private-settings-changed", false).path("msg").asText())
          .isEqualTo("ready");
      assertThat(bob.sub("stream-notify-logged", "private-settings-changed", false).path("msg").asText())
          .isEqualTo("nosub");
      assertThat(cast.carol().postJson("/api/v1/settings/Site_Name", Map.of("value", "Parley HQ")).status())
          .isEqualTo(200);
      JsonNode pub = anon.await(changed("stream-notify-all", "public-settings-changed"), 5).at("/fields/args");
      assertThat(pub.get(0).asText()).isEqualTo("updated");
      assertThat(pub.at("/1/_id").asText()).isEqualTo("Site_Name");
      assertThat(pub.at("/1/value").asText()).isEqualTo("Parley HQ");
      assertThat(anon.sub("stream-notify-all", "public-info", false).path("msg").asText()).isEqualTo("ready");
      assertThat(cast.carol().postJson("/api/v1/settings/Site_Name", Map.of("value", "Parley Two")).status())
          .isEqualTo(200);
      JsonNode info = anon.await(changed("stream-notify-all", "public-info"), 5).at("/fields/args/0");
      assertThat(info.get(0).asText()).isEqualTo("public-settings-changed");
      assertThat(info.at("/1/1/value").asText()).isEqualTo("Parley Two");

      assertThat(cast.carol().postJson("/api/v1/settings/Accounts_LoginExpiration", Map.of("value", 30)).status())
          .isEqualTo(200);
      JsonNode priv = carol.await(f -> changed("stream-notify-logged", "private-settings-changed").test(f)
          && f.at("/fields/args/1/_id").asText().equals("Accounts_LoginExpiration"), 5).at("/fields/args");
      assertThat(priv.at("/1/value").asInt()).isEqualTo(30);
      assertThat(anon.nothingMatches(f -> f.toString().contains("Accounts_LoginExpiration"), 300)).isTrue();
    }
  }

  @Test
  void cleaning_history_announces_delete_message_bulk_to_the_room() {
    try (DdpClient bob = loggedIn(cast.bob())) {
      bob.sub("stream-notify-room", "GENERAL/deleteMessageBulk", false);
      Instant start = Instant.now().minusSeconds(1);
      cast.bob().postJson("/api/v1/chat.postMessage", Map.of("roomId", "GENERAL", "text", "to be pruned"));
      Instant end = Instant.now().plusSeconds(1);
      assertThat(cast.carol().postJson("/api/v1/rooms.cleanHistory", Map.of("roomId", "GENERAL",
          "oldest", start.toString(), "latest", end.toString(), "users", List.of("bob"))).status())
          .isEqualTo(200);
      JsonNode bulk = bob.await(changed("stream-notify-room", "GENERAL/deleteMessageBulk"), 5)
          .at("/fields/args/0");
      assertThat(bulk.path("rid").asText()).isEqualTo("GENERAL");
      assertThat(bulk.at("/ts/$gt/$date").asLong()).isEqualTo(start.toEpochMilli());
      assertThat(bulk.at("/ts/$lt/$date").asLong()).isEqualTo(end.toEpochMilli());
      assertThat(bulk.at("/users/0").asText()).isEqualTo("bob");
    }
  }

  @Test
  void get_user_roles_lists_users_with_more_than_the_user_role() {
    try (DdpClient bob = loggedIn(cast.bob())) {
      JsonNode result = bob.call("getUserRoles").get("result");
      assertThat(result.toString()).contains("\"username\":\"carol\"").contains("admin")
          .doesNotContain("\"username\":\"bob\"");
    }
  }
}
