package chat.parley.api;

import static chat.parley.api.SeedFlowContract.room;
import static chat.parley.api.SeedFlowContract.send;
import static chat.parley.api.SeedFlowContract.texts;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.RestClient;
import chat.parley.testing.RestClient.Response;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue #3 over real HTTP: channels, private groups, direct messages, membership, room roles,
 * settings and read state, with the permission matrix (owner alice, member bob, outsider
 * mallory, admin carol). Runs once per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RoomsContract {
  private static final AtomicInteger SEQ = new AtomicInteger();
  TestServer server;
  Cast cast;

  abstract Backend backend();

  @BeforeAll
  void startServer() {
    server = TestServer.start(backend());
    cast = Cast.register(server);
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  static String unique(String base) {
    return base + "-" + SEQ.incrementAndGet();
  }

  /** alice creates a room of the family with bob in it; returns its id. */
  String create(String family, String name) {
    Response r = cast.alice().postJson("/api/v1/" + family + ".create",
        Map.of("name", name, "members", List.of("bob")));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().at(family.equals("channels") ? "/channel/_id" : "/group/_id").asText();
  }

  static void assertError(Response r, int status, String errorType) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().get("success").asBoolean()).isFalse();
    if (errorType != null) {
      assertThat(r.json().path("errorType").asText()).as(r.body()).isEqualTo(errorType);
    }
  }

  static List<String> types(JsonNode messages) {
    List<String> out = new ArrayList<>();
    messages.forEach(m -> out.add(m.path("t").asText("")));
    return out;
  }

  // --- create ---------------------------------------------------------------------------------

  @Test
  void creating_a_channel_makes_the_creator_owner_and_subscribes_the_members() {
    String name = unique("course");
    Response r = cast.alice().postJson("/api/v1/channels.create",
        Map.of("name", name, "members", List.of("bob"), "customFields", Map.of("level", 2)));
    assertThat(r.status()).isEqualTo(200);
    JsonNode channel = r.json().get("channel");
    assertThat(channel.get("_id").asText()).hasSize(17);
    assertThat(channel.get("name").asText()).isEqualTo(name);
    assertThat(channel.get("t").asText()).isEqualTo("c");
    assertThat(channel.at("/u/username").asText()).isEqualTo("alice");
    assertThat(channel.get("usersCount").asInt()).isEqualTo(2);
    assertThat(channel.get("msgs").asInt()).isZero();
    assertThat(channel.get("ro").asBoolean()).isFalse();
    assertThat(channel.at("/customFields/level").asInt()).isEqualTo(2);
    String rid = channel.get("_id").asText();

    JsonNode roles = cast.bob().get("/api/v1/channels.roles?roomId=" + rid).json().get("roles");
    assertThat(roles).hasSize(1);
    assertThat(roles.get(0).at("/u/username").asText()).isEqualTo("alice");
    assertThat(roles.get(0).get("roles").toString()).contains("owner");
    assertThat(room(cast.bob().get("/api/v1/rooms.get").json().get("update"), rid)).isNotNull();

    assertError(cast.bob().postJson("/api/v1/channels.create", Map.of("name", name)), 400,
        "error-duplicate-channel-name");
    assertError(cast.bob().postJson("/api/v1/channels.create", Map.of("name", "no spaces allowed")),
        400, "error-invalid-room-name");
    assertError(cast.bob().postJson("/api/v1/channels.create", Map.of()), 400, null);
  }

  @Test
  void a_private_group_is_invisible_to_outsiders_through_every_endpoint() {
    String name = unique("secret");
    String gid = create("groups", name);
    String msgId = send(cast.alice(), gid, "for members only").json().at("/message/_id").asText();
    RestClient mallory = cast.mallory();

    for (String path : List.of("groups.info", "groups.history", "groups.members", "groups.messages",
        "groups.counters", "groups.roles")) {
      assertError(mallory.get("/api/v1/" + path + "?roomId=" + gid), 400, "error-room-not-found");
      assertError(mallory.get("/api/v1/" + path + "?roomName=" + name), 400, "error-room-not-found");
    }
    assertError(mallory.get("/api/v1/channels.info?roomId=" + gid), 400, "error-room-not-found");
    assertError(mallory.get("/api/v1/channels.history?roomId=" + gid), 400, "error-room-not-found");
    assertError(mallory.get("/api/v1/rooms.info?roomId=" + gid), 400, null);
    assertThat(mallory.get("/api/v1/chat.getMessage?msgId=" + msgId).body()).doesNotContain("for members only");
    assertError(send(mallory, gid, "hello?"), 400, null);
    assertError(mallory.postJson("/api/v1/channels.join", Map.of("roomId", gid)), 400, "error-room-not-found");
    assertThat(room(mallory.get("/api/v1/rooms.get").json().get("update"), gid)).isNull();
    assertThat(mallory.get("/api/v1/groups.list").json().get("groups")).isEmpty();
    assertThat(mallory.get("/api/v1/channels.list?count=100").body()).doesNotContain(gid);
    assertThat(mallory.get("/api/v1/rooms.nameExists?roomName=" + name).json().get("exists").asBoolean())
        .isTrue();

    // Members see it; the admin sees it in the administration list.
    assertThat(cast.bob().get("/api/v1/groups.info?roomId=" + gid).json().at("/group/name").asText())
        .isEqualTo(name);
    assertThat(texts(cast.bob().get("/api/v1/groups.history?roomId=" + gid).json().get("messages")))
        .contains("for members only");
    assertThat(cast.carol().get("/api/v1/groups.listAll?count=100").body()).contains(gid);
    assertError(cast.bob().get("/api/v1/groups.listAll"), 403, null);
  }

  @Test
  void joining_leaving_inviting_and_kicking_write_system_messages() {
    String rid = create("channels", unique("open"));
    RestClient mallory = cast.mallory();
    Response joined = mallory.postJson("/api/v1/channels.join", Map.of("roomId", rid));
    assertThat(joined.status()).as(joined.body()).isEqualTo(200);
    assertThat(joined.json().at("/channel/usersCount").asInt()).isEqualTo(3);

    Response left = mallory.postJson("/api/v1/channels.leave", Map.of("roomId", rid));
    assertThat(left.status()).as(left.body()).isEqualTo(200);
    assertError(mallory.postJson("/api/v1/channels.leave", Map.of("roomId", rid)), 400,
        "error-user-not-in-room");

    // A plain member may not add people; the owner may.
    assertError(cast.bob().postJson("/api/v1/channels.invite",
        Map.of("roomId", rid, "username", "mallory")), 403, null);
    Response invited = cast.alice().postJson("/api/v1/channels.invite",
        Map.of("roomId", rid, "userId", mallory.userId()));
    assertThat(invited.status()).as(invited.body()).isEqualTo(200);
    Response kicked = cast.alice().postJson("/api/v1/channels.kick",
        Map.of("roomId", rid, "username", "mallory"));
    assertThat(kicked.status()).as(kicked.body()).isEqualTo(200);

    JsonNode history = cast.bob().get("/api/v1/channels.history?roomId=" + rid).json().get("messages");
    assertThat(types(history)).containsExactly("ru", "au", "ul", "uj");
    assertThat(history.get(0).get("msg").asText()).isEqualTo("mallory");
    assertThat(history.get(0).at("/u/username").asText()).isEqualTo("alice");
    assertThat(history.get(3).at("/u/username").asText()).isEqualTo("mallory");
  }

  @Test
  void the_last_owner_must_hand_over_before_leaving() {
    String rid = create("channels", unique("handover"));
    assertError(cast.alice().postJson("/api/v1/channels.leave", Map.of("roomId", rid)), 400,
        "error-you-are-last-owner");
    assertError(cast.carol().postJson("/api/v1/channels.kick",
        Map.of("roomId", rid, "username", "alice")), 400, "error-you-are-last-owner");
    assertError(cast.bob().postJson("/api/v1/channels.kick",
        Map.of("roomId", rid, "username", "alice")), 403, null);

    assertError(cast.bob().postJson("/api/v1/channels.addOwner",
        Map.of("roomId", rid, "username", "bob")), 403, null);
    assertThat(cast.alice().postJson("/api/v1/channels.addOwner",
        Map.of("roomId", rid, "userId", cast.bob().userId())).status()).isEqualTo(200);
    assertError(cast.alice().postJson("/api/v1/channels.addOwner",
        Map.of("roomId", rid, "username", "bob")), 400, "error-user-already-owner");
    assertThat(cast.alice().postJson("/api/v1/channels.leave", Map.of("roomId", rid)).status())
        .isEqualTo(200);
    assertError(cast.bob().postJson("/api/v1/channels.removeOwner",
        Map.of("roomId", rid, "username", "bob")), 400, "error-remove-last-owner");

    JsonNode history = cast.bob().get("/api/v1/channels.history?roomId=" + rid).json().get("messages");
    assertThat(types(history)).containsExactly("ul", "subscription-role-added");
    assertThat(history.get(1).get("role").asText()).isEqualTo("owner");
  }

  @Test
  void moderators_and_leaders_are_listed_and_can_be_removed() {
    String rid = create("groups", unique("mods"));
    assertThat(cast.alice().postJson("/api/v1/groups.addModerator",
        Map.of("roomId", rid, "username", "bob")).status()).isEqualTo(200);
    assertThat(cast.alice().postJson("/api/v1/groups.addLeader",
        Map.of("roomId", rid, "username", "alice")).status()).isEqualTo(200);
    JsonNode mods = cast.bob().get("/api/v1/groups.moderators?roomId=" + rid).json().get("moderators");
    assertThat(mods).hasSize(1);
    assertThat(mods.get(0).get("username").asText()).isEqualTo("bob");
    JsonNode roles = cast.alice().get("/api/v1/rooms.roles?rid=" + rid).json().get("roles");
    assertThat(roles.toString()).contains("leader", "moderator", "owner");
    assertThat(cast.alice().postJson("/api/v1/groups.removeModerator",
        Map.of("roomId", rid, "username", "bob")).status()).isEqualTo(200);
    assertError(cast.alice().postJson("/api/v1/groups.removeModerator",
        Map.of("roomId", rid, "username", "bob")), 400, "error-user-not-moderator");
    assertThat(cast.bob().get("/api/v1/groups.moderators?roomId=" + rid).json().get("moderators")).isEmpty();
  }

  @Test
  void owners_change_settings_and_members_may_not() {
    String name = unique("settings");
    String rid = create("channels", name);
    assertError(cast.bob().postJson("/api/v1/channels.setTopic", Map.of("roomId", rid, "topic", "x")),
        400, "error-action-not-allowed");
    Response topic = cast.alice().postJson("/api/v1/channels.setTopic",
        Map.of("roomId", rid, "topic", "Day 1: setup"));
    assertThat(topic.json().get("topic").asText()).isEqualTo("Day 1: setup");
    cast.alice().postJson("/api/v1/channels.setPurpose", Map.of("roomId", rid, "purpose", "Learn"));
    cast.alice().postJson("/api/v1/channels.setAnnouncement",
        Map.of("roomId", rid, "announcement", "Lunch at 12"));
    String newName = unique("renamed");
    Response renamed = cast.alice().postJson("/api/v1/channels.rename", Map.of("roomId", rid, "name", newName));
    assertThat(renamed.json().at("/channel/name").asText()).isEqualTo(newName);

    JsonNode info = cast.bob().get("/api/v1/channels.info?roomName=" + newName).json().get("channel");
    assertThat(info.get("topic").asText()).isEqualTo("Day 1: setup");
    assertThat(info.get("description").asText()).isEqualTo("Learn");
    assertThat(info.get("announcement").asText()).isEqualTo("Lunch at 12");
    assertThat(cast.bob().get("/api/v1/subscriptions.getOne?roomId=" + rid).json()
        .at("/subscription/name").asText()).isEqualTo(newName);
    JsonNode history = cast.bob().get("/api/v1/channels.history?roomId=" + rid).json().get("messages");
    assertThat(types(history)).containsExactly("r", "room_changed_announcement",
        "room_changed_description", "room_changed_topic");
    assertThat(history.get(0).get("msg").asText()).isEqualTo(newName);
    assertError(cast.alice().postJson("/api/v1/channels.rename", Map.of("roomId", rid, "name", "general")),
        400, null);
  }

  @Test
  void read_only_and_archived_rooms_refuse_posts() {
    String rid = create("channels", unique("announcements"));
    assertThat(cast.alice().postJson("/api/v1/channels.setReadOnly",
        Map.of("roomId", rid, "readOnly", true)).json().at("/channel/ro").asBoolean()).isTrue();
    assertError(send(cast.bob(), rid, "can I talk?"), 400, null);
    assertThat(send(cast.alice(), rid, "owners can").status()).isEqualTo(200);

    assertThat(cast.alice().postJson("/api/v1/channels.archive", Map.of("roomId", rid)).status()).isEqualTo(200);
    assertError(send(cast.alice(), rid, "after archive"), 400, null);
    assertError(cast.alice().postJson("/api/v1/channels.archive", Map.of("roomId", rid)), 400,
        "error-room-archived");
    assertThat(cast.bob().get("/api/v1/subscriptions.getOne?roomId=" + rid).json()
        .at("/subscription/archived").asBoolean()).isTrue();
    // Unarchiving is for admins (Rocket.Chat's unarchive-room).
    assertError(cast.alice().postJson("/api/v1/channels.unarchive", Map.of("roomId", rid)), 400, null);
    assertThat(cast.carol().postJson("/api/v1/channels.unarchive", Map.of("roomId", rid)).status()).isEqualTo(200);
    assertThat(types(cast.bob().get("/api/v1/channels.history?roomId=" + rid).json().get("messages")))
        .startsWith("room-unarchived", "room-archived");
  }

  @Test
  void changing_a_channel_to_private_hides_it_from_outsiders() {
    String rid = create("channels", unique("going-private"));
    assertThat(cast.mallory().get("/api/v1/channels.info?roomId=" + rid).status()).isEqualTo(200);
    Response r = cast.alice().postJson("/api/v1/channels.setType", Map.of("roomId", rid, "type", "p"));
    assertThat(r.json().at("/channel/t").asText()).isEqualTo("p");
    assertError(cast.mallory().get("/api/v1/groups.info?roomId=" + rid), 400, "error-room-not-found");
    assertThat(cast.bob().get("/api/v1/groups.info?roomId=" + rid).status()).isEqualTo(200);
    assertThat(cast.bob().get("/api/v1/subscriptions.getOne?roomId=" + rid).json()
        .at("/subscription/t").asText()).isEqualTo("p");
  }

  @Test
  void deleting_a_room_removes_it_for_everyone_and_sync_reports_it() {
    String rid = create("groups", unique("doomed"));
    send(cast.alice(), rid, "soon gone");
    // Stored times are milliseconds and updatedSince is exclusive: start a millisecond early.
    Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).minusMillis(1);
    assertError(cast.bob().postJson("/api/v1/groups.delete", Map.of("roomId", rid)), 400, null);
    assertThat(cast.alice().postJson("/api/v1/groups.delete", Map.of("roomId", rid)).status()).isEqualTo(200);
    assertThat(room(cast.bob().get("/api/v1/rooms.get").json().get("update"), rid)).isNull();
    JsonNode removed = cast.bob().get("/api/v1/rooms.get?updatedSince=" + before).json().get("remove");
    assertThat(removed.toString()).contains(rid);
    JsonNode subs = cast.bob().get("/api/v1/subscriptions.get?updatedSince=" + before).json();
    assertThat(subs.get("remove")).isNotEmpty();
    assertThat(subs.get("remove").get(0).has("_deletedAt")).isTrue();
  }

  @Test
  void direct_messages_count_unread_per_recipient_until_read() {
    Response created = cast.alice().postJson("/api/v1/im.create", Map.of("username", "bob"));
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String rid = created.json().at("/room/rid").asText();
    assertThat(created.json().at("/room/t").asText()).isEqualTo("d");
    cast.bob().postJson("/api/v1/subscriptions.read", Map.of("rid", rid));

    for (int i = 0; i < 3; i++) {
      send(cast.alice(), rid, "ping " + i);
    }
    JsonNode bobs = cast.bob().get("/api/v1/subscriptions.getOne?roomId=" + rid).json().get("subscription");
    assertThat(bobs.get("unread").asInt()).isEqualTo(3);
    assertThat(bobs.get("alert").asBoolean()).isTrue();
    assertThat(bobs.get("name").asText()).isEqualTo("alice");
    JsonNode alices = cast.alice().get("/api/v1/subscriptions.getOne?roomId=" + rid).json().get("subscription");
    assertThat(alices.get("unread").asInt()).isZero();
    assertThat(cast.bob().get("/api/v1/im.counters?roomId=" + rid).json().get("unreads").asInt()).isEqualTo(3);
    JsonNode dmPage = cast.bob().get("/api/v1/im.messages?roomId=" + rid + "&count=2").json();
    assertThat(dmPage.get("total").asInt()).isEqualTo(3);
    assertThat(texts(dmPage.get("messages"))).containsExactly("ping 2", "ping 1");
    assertThat(cast.mallory().get("/api/v1/im.messages?roomId=" + rid).status()).isIn(400, 403);

    assertThat(cast.bob().postJson("/api/v1/subscriptions.read", Map.of("rid", rid)).status()).isEqualTo(200);
    bobs = cast.bob().get("/api/v1/subscriptions.getOne?roomId=" + rid).json().get("subscription");
    assertThat(bobs.get("unread").asInt()).isZero();
    assertThat(bobs.get("alert").asBoolean()).isFalse();

    assertThat(cast.bob().postJson("/api/v1/subscriptions.unread", Map.of("roomId", rid)).status()).isEqualTo(200);
    assertThat(cast.bob().get("/api/v1/subscriptions.getOne?roomId=" + rid).json()
        .at("/subscription/alert").asBoolean()).isTrue();

    assertThat(texts(cast.bob().get("/api/v1/im.history?roomId=" + rid).json().get("messages")))
        .startsWith("ping 2", "ping 1", "ping 0");
    assertThat(cast.bob().get("/api/v1/im.list").body()).contains(rid);
    assertError(cast.mallory().get("/api/v1/im.history?roomId=" + rid), 400, "error-room-not-found");
  }

  @Test
  void channel_messages_alert_members_and_count_unread_as_rocket_chat_does() {
    String rid = create("channels", unique("alerts"));
    cast.bob().postJson("/api/v1/subscriptions.read", Map.of("rid", rid));
    send(cast.alice(), rid, "news");
    JsonNode bobs = cast.bob().get("/api/v1/subscriptions.getOne?roomId=" + rid).json().get("subscription");
    // Unread_Count defaults to mentions only in channels: bold (alert), no number.
    assertThat(bobs.get("alert").asBoolean()).isTrue();
    assertThat(bobs.get("unread").asInt()).isZero();
    JsonNode counters = cast.bob().get("/api/v1/channels.counters?roomId=" + rid).json();
    assertThat(counters.get("joined").asBoolean()).isTrue();
    assertThat(counters.get("unreads").asInt()).isEqualTo(1);
    assertThat(counters.get("members").asInt()).isEqualTo(2);
    assertThat(cast.mallory().get("/api/v1/channels.counters?roomId=" + rid).json().get("joined")
        .asBoolean()).isFalse();
  }

  @Test
  void group_direct_messages_hold_several_people() {
    Response r = cast.alice().postJson("/api/v1/im.create", Map.of("usernames", "bob,carol"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String rid = r.json().at("/room/rid").asText();
    assertThat(r.json().at("/room/usernames").toString()).contains("alice", "bob", "carol");
    assertThat(send(cast.carol(), rid, "hi all").status()).isEqualTo(200);
    assertThat(cast.bob().get("/api/v1/im.members?roomId=" + rid).json().get("total").asInt()).isEqualTo(3);
    assertThat(cast.alice().postJson("/api/v1/im.create", Map.of("usernames", "carol,bob"))
        .json().at("/room/rid").asText()).isEqualTo(rid);
  }

  @Test
  void lists_are_paginated_with_totals() {
    String prefix = unique("page");
    for (int i = 0; i < 3; i++) {
      create("channels", prefix + "-" + i);
    }
    JsonNode page = cast.bob().get("/api/v1/channels.list.joined?count=2&offset=0").json();
    assertThat(page.get("count").asInt()).isEqualTo(2);
    assertThat(page.get("offset").asInt()).isZero();
    assertThat(page.get("total").asInt()).isGreaterThanOrEqualTo(4);
    JsonNode members = cast.alice().get("/api/v1/channels.members?roomName=" + prefix + "-0&count=1").json();
    assertThat(members.get("members")).hasSize(1);
    assertThat(members.get("total").asInt()).isEqualTo(2);
    assertThat(members.get("members").get(0).get("username").asText()).isEqualTo("alice");
    JsonNode admin = cast.carol().get("/api/v1/rooms.adminRooms?types[]=c&filter=" + prefix).json();
    assertThat(admin.get("total").asInt()).isEqualTo(3);
    assertError(cast.alice().get("/api/v1/rooms.adminRooms"), 400, null);
  }

  @Test
  void favourites_discussions_and_save_room_settings() {
    String rid = create("channels", unique("parent"));
    assertThat(cast.bob().postJson("/api/v1/rooms.favorite", Map.of("roomId", rid, "favorite", true))
        .status()).isEqualTo(200);
    assertThat(cast.bob().get("/api/v1/subscriptions.getOne?roomId=" + rid).json()
        .at("/subscription/f").asBoolean()).isTrue();

    Response d = cast.alice().postJson("/api/v1/rooms.createDiscussion",
        Map.of("prid", rid, "t_name", "Homework questions", "users", List.of("bob")));
    assertThat(d.status()).as(d.body()).isEqualTo(200);
    String drid = d.json().at("/discussion/rid").asText();
    assertThat(d.json().at("/discussion/prid").asText()).isEqualTo(rid);
    assertThat(d.json().at("/discussion/fname").asText()).isEqualTo("Homework questions");
    assertThat(cast.bob().get("/api/v1/rooms.getDiscussions?roomId=" + rid).json().get("total").asInt())
        .isEqualTo(1);
    assertThat(types(cast.bob().get("/api/v1/channels.history?roomId=" + rid).json().get("messages")))
        .contains("discussion-created");
    assertThat(cast.bob().get("/api/v1/rooms.info?roomId=" + drid).json().at("/parent/_id").asText())
        .isEqualTo(rid);

    Response saved = cast.alice().postJson("/api/v1/rooms.saveRoomSettings",
        Map.of("rid", rid, "roomTopic", "via settings", "readOnly", true));
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    JsonNode info = cast.bob().get("/api/v1/rooms.info?roomId=" + rid).json().get("room");
    assertThat(info.get("topic").asText()).isEqualTo("via settings");
    assertThat(info.get("ro").asBoolean()).isTrue();
    assertError(cast.bob().postJson("/api/v1/rooms.saveRoomSettings",
        Map.of("rid", rid, "roomTopic", "hijack")), 400, "error-action-not-allowed");
    assertError(cast.alice().postJson("/api/v1/rooms.saveRoomSettings",
        Map.of("rid", rid, "bogus", 1)), 400, "invalid-params");
  }

  @Test
  void invite_links_bring_people_into_a_private_group() {
    String gid = create("groups", unique("course"));
    assertError(cast.bob().postJson("/api/v1/findOrCreateInvite",
        Map.of("rid", gid, "days", 1, "maxUses", 1)), 400, "not_authorized");
    assertError(cast.alice().postJson("/api/v1/findOrCreateInvite",
        Map.of("rid", gid, "days", 3, "maxUses", 1)), 400, "invalid-number-of-days");
    Response created = cast.alice().postJson("/api/v1/findOrCreateInvite",
        Map.of("rid", gid, "days", 7, "maxUses", 1));
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String token = created.json().get("_id").asText();
    assertThat(created.json().get("url").asText()).endsWith("/invite/" + token);
    assertThat(created.json().get("expires").asText()).endsWith("Z");
    assertThat(cast.alice().postJson("/api/v1/findOrCreateInvite",
        Map.of("rid", gid, "days", 7, "maxUses", 1)).json().get("_id").asText()).isEqualTo(token);

    assertThat(cast.anonymous().postJson("/api/v1/validateInviteToken", Map.of("token", token))
        .json().get("valid").asBoolean()).isTrue();
    assertThat(cast.anonymous().postJson("/api/v1/validateInviteToken", Map.of("token", "nope"))
        .json().get("valid").asBoolean()).isFalse();

    Response used = cast.mallory().postJson("/api/v1/useInviteToken", Map.of("token", token));
    assertThat(used.status()).as(used.body()).isEqualTo(200);
    assertThat(used.json().at("/room/rid").asText()).isEqualTo(gid);
    assertThat(used.json().at("/room/t").asText()).isEqualTo("p");
    assertThat(cast.mallory().get("/api/v1/groups.info?roomId=" + gid).status()).isEqualTo(200);

    // One use only: the next person is refused and nothing changes for them.
    assertError(cast.carol().postJson("/api/v1/useInviteToken", Map.of("token", token)), 400,
        "error-invite-expired");
    assertError(cast.carol().get("/api/v1/groups.info?roomId=" + gid), 400, "error-room-not-found");

    Response list = cast.carol().get("/api/v1/listInvites");
    assertThat(list.json().isArray()).isTrue();
    assertThat(list.body()).contains(token);
    assertThat(cast.carol().postJson("/api/v1/findOrCreateInvite", Map.of()).status()).isEqualTo(400);
    RestClient.Response removed = cast.carol().delete("/api/v1/removeInvite/" + token);
    assertThat(removed.status()).isEqualTo(200);
    assertThat(removed.body()).isEqualTo("true");
    assertThat(cast.anonymous().postJson("/api/v1/validateInviteToken", Map.of("token", token))
        .json().get("valid").asBoolean()).isFalse();
  }

  @Test
  void spotlight_and_directory_find_people_and_public_rooms_only() {
    String publicName = unique("findme-public");
    String privateName = unique("findme-private");
    create("channels", publicName);
    create("groups", privateName);
    JsonNode spot = cast.mallory().get("/api/v1/spotlight?query=findme").json();
    assertThat(spot.get("rooms").toString()).contains(publicName).doesNotContain(privateName);
    assertThat(cast.bob().get("/api/v1/spotlight?query=findme").json().get("rooms").toString())
        .contains(publicName, privateName);
    assertThat(cast.mallory().get("/api/v1/spotlight?query=@ali").json().get("users").toString())
        .contains("alice");
    assertThat(cast.mallory().get("/api/v1/spotlight?query=@ali").json().get("rooms")).isEmpty();

    JsonNode dir = cast.mallory().get("/api/v1/directory?type=channels&text=findme").json();
    assertThat(dir.get("result").toString()).contains(publicName).doesNotContain(privateName);
    assertThat(dir.get("total").asInt()).isGreaterThanOrEqualTo(1);
    JsonNode people = cast.mallory().get("/api/v1/directory?type=users&text=bo").json();
    assertThat(people.get("result").toString()).contains("bob").doesNotContain("emails");
    assertThat(cast.carol().get("/api/v1/directory?type=users&text=bo").json().get("result").toString())
        .contains("bob@example.com");
    assertError(cast.mallory().get("/api/v1/directory?type=planets"), 400, null);
  }

  @Test
  void guests_only_reach_rooms_they_were_added_to() {
    String username = unique("guest");
    Response made = cast.carol().postJson("/api/v1/users.create", Map.of("username", username,
        "email", username + "@example.com", "password", "guestpass", "name", "Guest",
        "roles", List.of("guest"), "joinDefaultChannels", false));
    assertThat(made.status()).as(made.body()).isEqualTo(200);
    RestClient guest = cast.anonymous().login(username, "guestpass");
    String publicRoom = create("channels", unique("public-for-guest"));
    String group = create("groups", unique("guest-group"));

    assertError(guest.postJson("/api/v1/channels.create", Map.of("name", unique("guest-made"))), 403, null);
    assertError(guest.postJson("/api/v1/channels.join", Map.of("roomId", publicRoom)), 400, "error-not-allowed");
    assertError(guest.get("/api/v1/channels.history?roomId=" + publicRoom), 403, null);
    assertError(guest.get("/api/v1/channels.info?roomId=" + publicRoom), 403, null);

    cast.alice().postJson("/api/v1/groups.invite", Map.of("roomId", group, "username", username));
    assertThat(guest.get("/api/v1/groups.history?roomId=" + group).status()).isEqualTo(200);
    assertThat(send(guest, group, "hello from the guest").status()).isEqualTo(200);
  }

  @Test
  void join_codes_guard_public_channels() {
    String rid = create("channels", unique("coded"));
    assertThat(cast.alice().postJson("/api/v1/channels.setJoinCode",
        Map.of("roomId", rid, "joinCode", "s3same")).json().at("/channel/joinCodeRequired").asBoolean())
        .isTrue();
    assertThat(cast.alice().get("/api/v1/channels.info?roomId=" + rid).body()).doesNotContain("s3same");
    assertError(cast.mallory().postJson("/api/v1/channels.join", Map.of("roomId", rid)), 400,
        "error-code-required");
    assertError(cast.mallory().postJson("/api/v1/channels.join", Map.of("roomId", rid, "joinCode", "nope")),
        400, "error-code-invalid");
    assertThat(cast.mallory().postJson("/api/v1/channels.join", Map.of("roomId", rid, "joinCode", "s3same"))
        .status()).isEqualTo(200);
  }

  @Test
  void default_channels_take_in_new_users_and_admins_can_add_everyone() {
    String rid = create("channels", unique("welcome"));
    assertError(cast.alice().postJson("/api/v1/channels.setDefault", Map.of("roomId", rid, "default", true)),
        400, "error-action-not-allowed");
    assertThat(cast.carol().postJson("/api/v1/channels.setDefault", Map.of("roomId", rid, "default", true))
        .json().at("/channel/default").asBoolean()).isTrue();
    String username = unique("newcomer");
    cast.anonymous().postJson("/api/v1/users.register", Map.of("username", username,
        "email", username + "@example.com", "pass", "pw", "name", "New"));
    RestClient newcomer = cast.anonymous().login(username, "pw");
    assertThat(room(newcomer.get("/api/v1/rooms.get").json().get("update"), rid)).isNotNull();

    String all = create("channels", unique("everyone"));
    assertError(cast.alice().postJson("/api/v1/channels.addAll", Map.of("roomId", all)), 403, null);
    Response added = cast.carol().postJson("/api/v1/channels.addAll", Map.of("roomId", all));
    assertThat(added.status()).as(added.body()).isEqualTo(200);
    assertThat(added.json().at("/channel/usersCount").asInt()).isGreaterThanOrEqualTo(5);
    assertThat(room(cast.mallory().get("/api/v1/rooms.get").json().get("update"), all)).isNotNull();
  }

  @Test
  void clean_history_is_for_admins_and_removes_a_time_range() {
    String rid = create("channels", unique("cleanup"));
    Instant start = Instant.now().minusSeconds(1);
    send(cast.alice(), rid, "one");
    send(cast.bob(), rid, "two");
    Map<String, Object> range = Map.of("roomId", rid, "oldest", start.toString(),
        "latest", Instant.now().plusSeconds(1).toString());
    assertError(cast.alice().postJson("/api/v1/rooms.cleanHistory", range), 400, "error-not-allowed");
    Response cleaned = cast.carol().postJson("/api/v1/rooms.cleanHistory", Map.of("roomId", rid,
        "oldest", start.toString(), "latest", Instant.now().plusSeconds(1).toString(),
        "users", List.of("bob")));
    assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
    assertThat(cleaned.json().get("count").asInt()).isEqualTo(1);
    assertThat(texts(cast.alice().get("/api/v1/channels.history?roomId=" + rid).json().get("messages")))
        .contains("one").doesNotContain("two");
  }

  @Test
  void lists_sort_by_rocket_chat_keys() {
    String prefix = unique("sorted");
    String small = create("channels", prefix + "-a");
    String big = create("channels", prefix + "-b");
    cast.alice().postJson("/api/v1/channels.invite", Map.of("roomId", big, "username", "carol"));
    JsonNode asc = cast.bob().get("/api/v1/channels.list.joined?count=100&sort=" + RestClient.q("{\"name\":1}")).json();
    JsonNode desc = cast.bob().get("/api/v1/channels.list.joined?count=100&sort=" + RestClient.q("{\"name\":-1}")).json();
    List<String> ascNames = new ArrayList<>();
    asc.get("channels").forEach(c -> ascNames.add(c.get("name").asText()));
    List<String> descNames = new ArrayList<>();
    desc.get("channels").forEach(c -> descNames.add(c.get("name").asText()));
    assertThat(ascNames).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
    assertThat(descNames).containsExactlyElementsOf(ascNames.reversed());
    JsonNode byUsers = cast.bob().get("/api/v1/channels.list?count=100&name=" + prefix + "&sort="
        + RestClient.q("{\"usersCount\":-1}")).json().get("channels");
    assertThat(byUsers.get(0).get("_id").asText()).isEqualTo(big);
    assertThat(byUsers.get(1).get("_id").asText()).isEqualTo(small);
    assertError(cast.bob().get("/api/v1/channels.list?sort=" + RestClient.q("{\"password\":1}")), 400,
        "error-invalid-sort");
  }

  @Test
  void members_by_role_autocomplete_archivation_and_admin_room() {
    String rid = create("channels", unique("roles-first"));
    cast.alice().postJson("/api/v1/channels.invite", Map.of("roomId", rid, "username", "carol"));
    cast.alice().postJson("/api/v1/channels.addModerator", Map.of("roomId", rid, "username", "carol"));
    JsonNode members = cast.bob().get("/api/v1/rooms.membersOrderedByRole?roomId=" + rid).json().get("members");
    assertThat(members.get(0).get("username").asText()).isEqualTo("alice");
    assertThat(members.get(1).get("username").asText()).isEqualTo("carol");
    assertThat(members.get(2).get("username").asText()).isEqualTo("bob");

    String name = cast.bob().get("/api/v1/channels.info?roomId=" + rid).json().at("/channel/name").asText();
    JsonNode items = cast.bob().get("/api/v1/rooms.autocomplete.channelAndPrivate?selector="
        + RestClient.q("{\"name\":\"" + name + "\"}")).json().get("items");
    assertThat(items.toString()).contains(rid);
    assertThat(cast.mallory().get("/api/v1/rooms.autocomplete.channelAndPrivate?selector="
        + RestClient.q("{\"name\":\"" + name + "\"}")).json().get("items")).isEmpty();

    assertThat(cast.alice().postJson("/api/v1/rooms.changeArchivationState",
        Map.of("rid", rid, "action", "archive")).status()).isEqualTo(200);
    assertThat(cast.bob().get("/api/v1/rooms.info?roomId=" + rid).json().at("/room/archived").asBoolean()).isTrue();
    assertThat(cast.carol().postJson("/api/v1/rooms.changeArchivationState",
        Map.of("rid", rid, "action", "unarchive")).status()).isEqualTo(200);
    assertThat(cast.carol().get("/api/v1/rooms.adminRooms.getRoom?rid=" + rid).json().get("archived").asBoolean())
        .isFalse();
    assertError(cast.bob().get("/api/v1/rooms.adminRooms.getRoom?rid=" + rid), 400, null);
  }
}
