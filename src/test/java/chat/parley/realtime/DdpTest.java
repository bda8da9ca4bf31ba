package chat.parley.realtime;

import static chat.parley.testing.DdpClient.changed;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.auth.PasswordHasher;
import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.DdpClient;
import chat.parley.testing.RestClient;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Rocket.Chat's realtime API over a real WebSocket: DDP framing, login, streams, authorisation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DdpTest {
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

  @Test
  void connect_handshake_ping_and_unsupported_versions() {
    try (DdpClient c = DdpClient.raw(server.baseUrl())) {
      c.send(Map.of("msg", "connect", "version", "2", "support", List.of("2")));
      assertThat(c.await(f -> f.has("msg"), 5).toString()).contains("failed");
    }
    try (DdpClient c = DdpClient.connect(server.baseUrl())) {
      c.send(Map.of("msg", "ping", "id", "p1"));
      assertThat(c.await(f -> "pong".equals(f.path("msg").asText()), 5).path("id").asText()).isEqualTo("p1");
      JsonNode unknown = c.call("no.such.method");
      assertThat(unknown.at("/error/error").asInt()).isEqualTo(404);
    }
    try (DdpClient c = DdpClient.raw(server.baseUrl())) {
      c.send(Map.of("msg", "connect", "version", "pre2", "support", List.of("pre2")));
      assertThat(c.await(f -> "connected".equals(f.path("msg").asText()), 5).path("session").asText()).isNotBlank();
    }
  }

  @Test
  void login_by_digest_plain_password_and_resume() {
    try (DdpClient c = DdpClient.connect(server.baseUrl())) {
      JsonNode r = c.call("login", Map.of("user", Map.of("username", "alice"),
          "password", Map.of("digest", PasswordHasher.sha256Hex(Cast.PASSWORD), "algorithm", "sha-256")));
      assertThat(r.at("/result/id").asText()).isEqualTo(cast.alice().userId());
      assertThat(r.at("/result/tokenExpires/$date").asLong()).isGreaterThan(System.currentTimeMillis());
      String token = r.at("/result/token").asText();
      // The DDP-issued token works over REST too.
      assertThat(cast.anonymous().as(cast.alice().userId(), token).get("/api/v1/me").status()).isEqualTo(200);
    }
    try (DdpClient c = DdpClient.connect(server.baseUrl())) {
      JsonNode r = c.call("login", Map.of("user", Map.of("username", "bob"), "password", Cast.PASSWORD));
      assertThat(r.at("/result/id").asText()).isEqualTo(cast.bob().userId());
      JsonNode bad = c.call("login", Map.of("user", Map.of("username", "bob"), "password", "nope"));
      assertThat(bad.at("/error/error").asInt()).isEqualTo(403);
    }
    try (DdpClient c = DdpClient.connect(server.baseUrl())) {
      JsonNode r = c.call("login", Map.of("resume", cast.carol().token()));
      assertThat(r.at("/result/token").asText()).isEqualTo(cast.carol().token());
      assertThat(c.call("login", Map.of("resume", "garbage")).at("/error/error").asInt()).isEqualTo(403);
    }
  }

  @Test
  void a_message_posted_over_rest_reaches_room_subscribers_with_ejson_dates() {
    try (DdpClient bob = loggedIn(cast.bob())) {
      assertThat(bob.sub("stream-room-messages", "GENERAL", Map.of("useCollection", false, "args", List.of()))
          .path("msg").asText()).isEqualTo("ready");
      cast.alice().postJson("/api/v1/chat.postMessage", Map.of("channel", "#general", "text", "live!"));
      JsonNode frame = bob.await(f -> changed("stream-room-messages", "GENERAL").test(f)
          && "live!".equals(f.at("/fields/args/0/msg").asText()), 5);
      assertThat(frame.at("/fields/args/0/ts/$date").asLong()).isPositive();
      assertThat(frame.at("/fields/args/0/u/username").asText()).isEqualTo("alice");
    }
  }

  @Test
  void my_messages_covers_every_room_of_the_user_and_nothing_else() {
    String gid = cast.alice().postJson("/api/v1/groups.create", Map.of("name", "ddp-secret",
        "members", List.of("bob"))).json().at("/group/_id").asText();
    try (DdpClient bob = loggedIn(cast.bob()); DdpClient mallory = loggedIn(cast.mallory())) {
      JsonNode ready = bob.sub("stream-room-messages", "__my_messages__", true);
      assertThat(ready.path("msg").asText()).isEqualTo("ready");
      // The legacy "true" asks for an added record first (Asteroid needs it).
      bob.await(f -> "added".equals(f.path("msg").asText()), 1);
      mallory.sub("stream-room-messages", "__my_messages__", false);
      JsonNode denied = mallory.sub("stream-room-messages", gid, false);
      assertThat(denied.path("msg").asText()).isEqualTo("nosub");

      cast.alice().postJson("/api/v1/chat.sendMessage", Map.of("message", Map.of("rid", gid, "msg", "members only")));
      JsonNode got = bob.await(changed("stream-room-messages", "__my_messages__"), 5);
      assertThat(got.at("/fields/args/0/msg").asText()).isEqualTo("members only");
      assertThat(got.at("/fields/args/1/roomParticipant").asBoolean()).isTrue();
      assertThat(got.at("/fields/args/1/roomType").asText()).isEqualTo("p");
      assertThat(got.at("/fields/args/1/roomName").asText()).isEqualTo("ddp-secret");
      assertThat(mallory.nothingMatches(f -> f.toString().contains("members only"), 500)).isTrue();

      // A DM opened after subscribing is covered too.
      String dm = cast.alice().postJson("/api/v1/im.create", Map.of("username", "bob")).json().at("/room/rid").asText();
      cast.alice().postJson("/api/v1/chat.sendMessage", Map.of("message", Map.of("rid", dm, "msg", "psst")));
      JsonNode direct = bob.await(f -> f.toString().contains("psst"), 5);
      assertThat(direct.at("/fields/args/0/rid").asText()).isEqualTo(dm);
      assertThat(direct.at("/fields/args/1/roomType").asText()).isEqualTo("d");
    }
  }

  @Test
  void typing_edits_and_deletes_are_streamed() {
    try (DdpClient bob = loggedIn(cast.bob()); DdpClient alice = loggedIn(cast.alice())) {
      bob.sub("stream-notify-room", "GENERAL/user-activity", false);
      bob.sub("stream-notify-room", "GENERAL/deleteMessage", false);
      bob.sub("stream-room-messages", "GENERAL", false);
      alice.call("stream-notify-room", "GENERAL/user-activity", "alice", List.of("user-typing"));
      JsonNode typing = bob.await(changed("stream-notify-room", "GENERAL/user-activity"), 5);
      assertThat(typing.at("/fields/args/0").asText()).isEqualTo("alice");
      assertThat(typing.at("/fields/args/1/0").asText()).isEqualTo("user-typing");
      assertThat(typing.at("/fields/args/2").isObject() && typing.at("/fields/args/2").isEmpty()).isTrue();
      // Typing in a thread: Rocket.Chat's client passes extras {tmid}; they reach the others.
      alice.call("stream-notify-room", "GENERAL/user-activity", "alice", List.of("user-typing"), Map.of("tmid", "parent-1"));
      JsonNode inThread = bob.await(f -> f.at("/fields/eventName").asText().equals("GENERAL/user-activity")
          && f.at("/fields/args/2/tmid").asText().equals("parent-1"), 5);
      assertThat(inThread.at("/fields/args/0").asText()).isEqualTo("alice");
      assertThat(inThread.at("/fields/args/1/0").asText()).isEqualTo("user-typing");

      JsonNode sent = alice.call("sendMessage", Map.of("rid", "GENERAL", "msg", "tpyo"));
      String id = sent.at("/result/_id").asText();
      assertThat(sent.at("/result/ts/$date").asLong()).isPositive();
      alice.call("updateMessage", Map.of("_id", id, "rid", "GENERAL", "msg", "typo fixed"));
      bob.await(f -> f.toString().contains("typo fixed") && f.at("/fields/args/0/editedAt/$date").isNumber(), 5);
      alice.call("deleteMessage", Map.of("_id", id));
      JsonNode deleted = bob.await(changed("stream-notify-room", "GENERAL/deleteMessage"), 5);
      assertThat(deleted.at("/fields/args/0/_id").asText()).isEqualTo(id);
    }
  }

  @Test
  void users_cannot_listen_to_other_users_or_typing_in_private_rooms() {
    String gid = cast.alice().postJson("/api/v1/groups.create", Map.of("name", "ddp-private2"))
        .json().at("/group/_id").asText();
    try (DdpClient mallory = loggedIn(cast.mallory()); DdpClient anon = DdpClient.connect(server.baseUrl())) {
      assertThat(mallory.sub("stream-notify-user", cast.alice().userId() + "/notification", false)
          .path("msg").asText()).isEqualTo("nosub");
      assertThat(mallory.sub("stream-notify-room", gid + "/user-activity", false).path("msg").asText())
          .isEqualTo("nosub");
      assertThat(mallory.call("stream-notify-room", gid + "/user-activity", "mallory", List.of("user-typing"))
          .has("error")).isTrue();
      assertThat(anon.sub("stream-room-messages", "GENERAL", false).path("msg").asText()).isEqualTo("nosub");
      assertThat(anon.call("sendMessage", Map.of("rid", "GENERAL", "msg", "anon")).has("error")).isTrue();
    }
  }

  @Test
  void methods_mirror_the_rest_api() {
    try (DdpClient bob = loggedIn(cast.bob())) {
      JsonNode rooms = bob.call("rooms/get").get("result");
      assertThat(rooms.toString()).contains("GENERAL");
      JsonNode subs = bob.call("subscriptions/get").get("result");
      assertThat(subs.toString()).contains("\"rid\":\"GENERAL\"");
      assertThat(bob.call("getRoomIdByNameOrId", "general").path("result").asText()).isEqualTo("GENERAL");
      bob.call("sendMessage", Map.of("rid", "GENERAL", "msg", "history item"));
      JsonNode history = bob.call("loadHistory", "GENERAL", null, 5, null).get("result");
      assertThat(history.at("/messages/0/msg").asText()).isEqualTo("history item");
      JsonNode dm = bob.call("createDirectMessage", "carol").get("result");
      assertThat(dm.path("t").asText()).isEqualTo("d");
      assertThat(bob.call("getUsersOfRoom", dm.path("rid").asText(), true).at("/result/total").asInt()).isEqualTo(2);
      assertThat(bob.call("public-settings/get").get("result").toString()).contains("Message_MaxAllowedSize");
    }
  }

  @Test
  void logging_out_over_rest_closes_the_sockets_of_that_token() throws Exception {
    RestClient session = cast.anonymous().login("bob", Cast.PASSWORD);
    try (DdpClient bob = loggedIn(session)) {
      bob.sub("stream-room-messages", "GENERAL", false);
      session.postJson("/api/v1/logout", Map.of());
      assertThat(bob.closed.get(5, TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void a_client_that_stops_reading_is_disconnected_and_others_keep_receiving() throws Exception {
    DdpClient slow = DdpClient.connectWithoutReading(server.baseUrl());
    slow.send(Map.of("msg", "method", "method", "login", "id", "1",
        "params", List.of(Map.of("resume", cast.mallory().token()))));
    slow.send(Map.of("msg", "sub", "id", "s", "name", "stream-room-messages", "params", List.of("GENERAL", false)));
    try (DdpClient bob = loggedIn(cast.bob())) {
      bob.sub("stream-room-messages", "GENERAL", false);
      Thread.sleep(300);
      int before = server.parley().realtimeConnections();
      String big = "x".repeat(4000);
      // The slow socket never reads: its frames pile up until the server gives up on it.
      for (int i = 0; i < 6_000 && server.parley().realtimeConnections() == before; i++) {
        cast.alice().postJson("/api/v1/chat.postMessage", Map.of("roomId", "GENERAL", "text", big + i));
      }
      assertThat(server.parley().realtimeConnections()).isEqualTo(before - 1);
      cast.alice().postJson("/api/v1/chat.postMessage", Map.of("roomId", "GENERAL", "text", "still flowing"));
      bob.await(f -> f.toString().contains("still flowing"), 10);
    }
  }

  @Test
  void methods_can_be_called_over_rest_as_the_web_client_does() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    String frame = json.writeValueAsString(Map.of("msg", "method", "id", "7", "method", "sendMessage",
        "params", List.of(Map.of("rid", "GENERAL", "msg", "via method.call"))));
    RestClient.Response r = cast.alice().postJson("/api/v1/method.call/sendMessage", Map.of("message", frame));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode result = json.readTree(r.json().get("message").asText());
    assertThat(result.path("msg").asText()).isEqualTo("result");
    assertThat(result.path("id").asText()).isEqualTo("7");
    assertThat(result.at("/result/msg").asText()).isEqualTo("via method.call");
    assertThat(result.at("/result/ts/$date").asLong()).isPositive();

    String login = json.writeValueAsString(Map.of("msg", "method", "id", "1", "method", "login",
        "params", List.of(Map.of("user", Map.of("username", "bob"), "password", Cast.PASSWORD))));
    JsonNode anon = json.readTree(cast.anonymous().postJson("/api/v1/method.callAnon/login",
        Map.of("message", login)).json().get("message").asText());
    assertThat(anon.at("/result/id").asText()).isEqualTo(cast.bob().userId());
    assertThat(cast.anonymous().postJson("/api/v1/method.call/sendMessage", Map.of("message", frame)).status())
        .isEqualTo(401);
    assertThat(cast.alice().postJson("/api/v1/method.call/login", Map.of("message", frame)).status())
        .isEqualTo(400);
  }

  @Test
  void presence_follows_connections_and_is_streamed() throws Exception {
    RestClient carolRest = cast.carol();
    try (DdpClient watcher = loggedIn(cast.alice())) {
      watcher.sub("stream-user-presence", "", Map.of("added", List.of(carolRest.userId())));
      watcher.sub("stream-notify-logged", "user-status", false);
      assertThat(cast.alice().get("/api/v1/users.getPresence?userId=" + carolRest.userId()).json()
          .get("presence").asText()).isEqualTo("offline");
      DdpClient carol = loggedIn(carolRest);
      JsonNode online = watcher.await(changed("stream-user-presence", carolRest.userId()), 5);
      assertThat(online.at("/fields/args/0/0").asText()).isEqualTo("carol");
      assertThat(online.at("/fields/args/0/1").asInt()).isEqualTo(1);
      assertThat(cast.alice().get("/api/v1/users.getPresence?userId=" + carolRest.userId()).json()
          .get("presence").asText()).isEqualTo("online");
      carol.call("UserPresence:away");
      JsonNode away = watcher.await(f -> changed("stream-notify-logged", "user-status").test(f)
          && f.at("/fields/args/0/2").asInt() == 2, 5);
      assertThat(away.at("/fields/args/0/1").asText()).isEqualTo("carol");
      carol.close();
      watcher.await(f -> changed("stream-user-presence", carolRest.userId()).test(f)
          && f.at("/fields/args/0/1").asInt() == 0, 5);
      assertThat(cast.alice().get("/api/v1/users.presence?ids=" + carolRest.userId()).json()
          .at("/users/0/status").asText()).isEqualTo("offline");
    }
  }
}
