package chat.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.auth.PasswordHasher;
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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The trainer's flow from issue #2, over real HTTP: log in, list rooms, post, read back, log out.
 * Runs once per database backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SeedFlowContract {
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

  // --- login -------------------------------------------------------------------------------

  @Test
  void login_with_a_form_urlencoded_body_returns_a_token_and_the_user() {
    Response r = cast.anonymous().postForm("/api/v1/login",
        Map.of("user", "alice", "password", Cast.PASSWORD));
    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.get("status").asText()).isEqualTo("success");
    assertThat(body.get("success").asBoolean()).isTrue();
    assertThat(body.at("/data/authToken").asText()).hasSizeGreaterThan(30);
    assertThat(body.at("/data/userId").asText()).hasSize(17);
    assertThat(body.at("/data/me/username").asText()).isEqualTo("alice");
    assertThat(body.at("/data/me/_id").asText()).isEqualTo(body.at("/data/userId").asText());
    assertThat(r.headers().get("content-type")).startsWith("application/json");
  }

  @Test
  void login_accepts_username_email_digest_hashed_and_resume_forms() {
    RestClient anon = cast.anonymous();
    String digest = PasswordHasher.sha256Hex(Cast.PASSWORD);
    List<Map<String, Object>> bodies = List.of(
        Map.of("username", "alice", "password", Cast.PASSWORD),
        Map.of("user", "alice@example.com", "password", Cast.PASSWORD),
        Map.of("email", "ALICE@example.com", "password", Cast.PASSWORD),
        Map.of("user", "alice", "password", Map.of("digest", digest, "algorithm", "sha-256")),
        Map.of("user", "alice", "password", Map.of("hashed", digest)),
        Map.of("resume", cast.alice().token()));
    for (Map<String, Object> body : bodies) {
      Response r = anon.postJson("/api/v1/login", body);
      assertThat(r.status()).as("login with %s", body.keySet()).isEqualTo(200);
      assertThat(r.json().at("/data/userId").asText()).isEqualTo(cast.alice().userId());
      RestClient fresh = anon.as(r.json().at("/data/userId").asText(),
          r.json().at("/data/authToken").asText());
      assertThat(fresh.get("/api/v1/me").json().get("username").asText()).isEqualTo("alice");
    }
  }

  @Test
  void a_wrong_password_or_unknown_user_is_401_unauthorized() {
    for (Map<String, Object> body : List.<Map<String, Object>>of(
        Map.of("user", "alice", "password", "wrong"),
        Map.of("user", "nobody", "password", Cast.PASSWORD),
        Map.of("user", "alice"),
        Map.of("resume", "not-a-token"),
        Map.of("user", "alice", "password", Map.of("digest", "00", "algorithm", "sha-256")))) {
      Response r = cast.anonymous().postJson("/api/v1/login", body);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.json().get("success").asBoolean()).isFalse();
      assertThat(r.json().get("status").asText()).isEqualTo("error");
      assertThat(r.json().get("error").asText()).isEqualTo("Unauthorized");
      assertThat(r.json().get("message").asText()).isEqualTo("Unauthorized");
    }
  }

  @Test
  void logging_in_again_keeps_older_tokens_valid_and_logout_revokes_only_its_own() {
    RestClient first = cast.anonymous().login("bob", Cast.PASSWORD);
    RestClient second = cast.anonymous().login("bob", Cast.PASSWORD);
    assertThat(first.token()).isNotEqualTo(second.token());
    assertThat(first.get("/api/v1/me").status()).isEqualTo(200);

    Response out = first.postJson("/api/v1/logout", Map.of());
    assertThat(out.status()).isEqualTo(200);
    assertThat(out.json().get("status").asText()).isEqualTo("success");
    assertThat(out.json().at("/data/message").asText()).isEqualTo("You've been logged out!");

    Response after = first.get("/api/v1/me");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.json().get("status").asText()).isEqualTo("error");
    assertThat(after.json().get("message").asText()).isEqualTo("You must be logged in to do this.");
    assertThat(second.get("/api/v1/me").status()).isEqualTo(200);
    assertThat(first.postJson("/api/v1/chat.sendMessage",
        Map.of("message", Map.of("rid", "GENERAL", "msg", "after logout"))).status())
        .isEqualTo(401);
  }

  @Test
  void requests_without_or_with_bad_credentials_are_401() {
    assertThat(cast.anonymous().get("/api/v1/rooms.get").status()).isEqualTo(401);
    assertThat(cast.anonymous().as(cast.alice().userId(), "bogus").get("/api/v1/me").status())
        .isEqualTo(401);
    // A valid token presented with another user's id is not that user's session.
    assertThat(cast.anonymous().as(cast.bob().userId(), cast.alice().token()).get("/api/v1/me")
        .status()).isEqualTo(401);
  }

  // --- me, info ----------------------------------------------------------------------------

  @Test
  void me_describes_the_caller() {
    JsonNode me = cast.alice().get("/api/v1/me").json();
    assertThat(me.get("success").asBoolean()).isTrue();
    assertThat(me.get("_id").asText()).isEqualTo(cast.alice().userId());
    assertThat(me.get("username").asText()).isEqualTo("alice");
    assertThat(me.get("name").asText()).isEqualTo("Alice");
    assertThat(me.at("/emails/0/address").asText()).isEqualTo("alice@example.com");
    assertThat(me.get("roles")).extracting(JsonNode::toString).asString().contains("user");
    assertThat(me.get("avatarUrl").asText()).endsWith("/avatar/alice");
  }

  @Test
  void api_info_is_public_and_reports_a_rocket_chat_version() {
    Response r = cast.anonymous().get("/api/info");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("success").asBoolean()).isTrue();
    assertThat(r.json().get("version").asText()).matches("\\d+\\.\\d+(\\.\\d+)?");
  }

  // --- rooms.get -----------------------------------------------------------------------------

  @Test
  void rooms_get_lists_the_default_general_channel() {
    Response r = cast.alice().get("/api/v1/rooms.get");
    assertThat(r.status()).isEqualTo(200);
    JsonNode general = room(r.json().get("update"), "GENERAL");
    assertThat(general).isNotNull();
    assertThat(general.get("name").asText()).isEqualTo("general");
    assertThat(general.get("t").asText()).isEqualTo("c");
    assertThat(general.get("default").asBoolean()).isTrue();
    assertThat(general.get("_updatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(r.json().get("remove").isArray()).isTrue();
  }

  @Test
  void rooms_get_with_updated_since_returns_only_rooms_changed_after_it() throws Exception {
    Instant before = Instant.now();
    Thread.sleep(5);
    Response idle = cast.bob().get("/api/v1/rooms.get?updatedSince=" + Instant.now().plusSeconds(60));
    assertThat(idle.json().get("update")).isEmpty();

    send(cast.alice(), "GENERAL", "touching general");
    Response changed = cast.bob().get("/api/v1/rooms.get?updatedSince=" + before);
    JsonNode general = room(changed.json().get("update"), "GENERAL");
    assertThat(general).isNotNull();
    assertThat(general.at("/lastMessage/msg").asText()).isEqualTo("touching general");
    assertThat(general.at("/lastMessage/u/username").asText()).isEqualTo("alice");

    Response bad = cast.bob().get("/api/v1/rooms.get?updatedSince=yesterday");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("errorType").asText()).isEqualTo("error-updatedSince-param-invalid");
  }

  // --- sending -------------------------------------------------------------------------------

  @Test
  void send_message_keeps_newlines_and_answers_the_full_message() {
    Response r = cast.alice().postJson("/api/v1/chat.sendMessage",
        Map.of("message", Map.of("rid", "GENERAL", "msg", "line one\nline two")));
    assertThat(r.status()).isEqualTo(200);
    JsonNode m = r.json().get("message");
    assertThat(m.get("_id").asText()).hasSize(17);
    assertThat(m.get("rid").asText()).isEqualTo("GENERAL");
    assertThat(m.get("msg").asText()).isEqualTo("line one\nline two");
    assertThat(m.get("ts").asText()).endsWith("Z");
    assertThat(m.get("_updatedAt").asText()).isEqualTo(m.get("ts").asText());
    assertThat(m.at("/u/_id").asText()).isEqualTo(cast.alice().userId());
    assertThat(m.at("/u/username").asText()).isEqualTo("alice");
    assertThat(m.at("/u/name").asText()).isEqualTo("Alice");

    JsonNode stored = cast.bob().get("/api/v1/chat.getMessage?msgId=" + m.get("_id").asText()).json();
    assertThat(stored.at("/message/msg").asText()).isEqualTo("line one\nline two");
  }

  @Test
  void a_client_chosen_id_is_honoured_and_a_duplicate_is_refused() {
    String id = "client-" + System.nanoTime();
    Response first = cast.alice().postJson("/api/v1/chat.sendMessage",
        Map.of("message", Map.of("_id", id, "rid", "GENERAL", "msg", "original")));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().at("/message/_id").asText()).isEqualTo(id);

    Response again = cast.bob().postJson("/api/v1/chat.sendMessage",
        Map.of("message", Map.of("_id", id, "rid", "GENERAL", "msg", "impostor")));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json().get("success").asBoolean()).isFalse();
    assertThat(again.json().get("errorType").asText()).isEqualTo("error-duplicate-message-id");
    JsonNode stored = cast.alice().get("/api/v1/chat.getMessage?msgId=" + id).json();
    assertThat(stored.at("/message/msg").asText()).isEqualTo("original");
    assertThat(stored.at("/message/u/username").asText()).isEqualTo("alice");
  }

  @Test
  void post_message_reaches_a_channel_by_hash_name_plain_name_and_room_id() {
    for (String channel : List.of("#general", "general")) {
      Response r = cast.alice().postJson("/api/v1/chat.postMessage",
          Map.of("channel", channel, "text", "via " + channel));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get("channel").asText()).isEqualTo(channel);
      assertThat(r.json().get("ts").isNumber()).isTrue();
      assertThat(r.json().at("/message/rid").asText()).isEqualTo("GENERAL");
      assertThat(r.json().at("/message/msg").asText()).isEqualTo("via " + channel);
    }
    Response byId = cast.alice().postJson("/api/v1/chat.postMessage",
        Map.of("roomId", "GENERAL", "text", "by id"));
    assertThat(byId.status()).isEqualTo(200);
    assertThat(byId.json().at("/message/rid").asText()).isEqualTo("GENERAL");
  }

  @Test
  void post_message_carries_alias_emoji_avatar_and_attachments() {
    Map<String, Object> attachment = Map.of("title", "Build 42", "text", "passed", "color", "#00ff00");
    Response r = cast.alice().postJson("/api/v1/chat.postMessage", Map.of(
        "channel", "#general", "text", "CI says", "alias", "CI Bot", "emoji", ":robot:",
        "avatar", "http://example.com/ci.png", "attachments", List.of(attachment)));
    assertThat(r.status()).isEqualTo(200);
    JsonNode m = r.json().get("message");
    assertThat(m.get("alias").asText()).isEqualTo("CI Bot");
    assertThat(m.get("emoji").asText()).isEqualTo(":robot:");
    assertThat(m.get("avatar").asText()).isEqualTo("http://example.com/ci.png");
    assertThat(m.at("/attachments/0/title").asText()).isEqualTo("Build 42");
    JsonNode stored = cast.bob().get("/api/v1/chat.getMessage?msgId=" + m.get("_id").asText()).json();
    assertThat(stored.at("/message/attachments/0/color").asText()).isEqualTo("#00ff00");
  }

  @Test
  void post_message_to_at_username_opens_the_direct_message() {
    Response r = cast.alice().postJson("/api/v1/chat.postMessage",
        Map.of("channel", "@bob", "text", "psst bob"));
    assertThat(r.status()).isEqualTo(200);
    String rid = r.json().at("/message/rid").asText();
    List<String> ids = new ArrayList<>(List.of(cast.alice().userId(), cast.bob().userId()));
    ids.sort(null);
    assertThat(rid).isEqualTo(String.join("", ids));

    JsonNode dm = room(cast.bob().get("/api/v1/rooms.get").json().get("update"), rid);
    assertThat(dm).isNotNull();
    assertThat(dm.get("t").asText()).isEqualTo("d");
    assertThat(dm.get("usernames").toString()).contains("alice", "bob");
    // Bob answers in the same room by id; the DM is not visible to the outsider.
    assertThat(send(cast.bob(), rid, "hi alice").status()).isEqualTo(200);
    assertThat(room(cast.mallory().get("/api/v1/rooms.get").json().get("update"), rid)).isNull();
  }

  @Test
  void an_outsider_can_neither_read_nor_post_into_a_direct_message() {
    Response r = cast.alice().postJson("/api/v1/chat.postMessage",
        Map.of("channel", "@bob", "text", "secret plan"));
    String rid = r.json().at("/message/rid").asText();
    String msgId = r.json().at("/message/_id").asText();

    Response read = cast.mallory().get("/api/v1/chat.getMessage?msgId=" + msgId);
    assertThat(read.status()).isEqualTo(400);
    assertThat(read.json().get("errorType").asText()).isEqualTo("error-not-allowed");
    assertThat(read.body()).doesNotContain("secret plan");

    Response post = send(cast.mallory(), rid, "let me in");
    assertThat(post.status()).isEqualTo(400);
    assertThat(post.json().get("error").asText()).isEqualTo("error-not-allowed");
    assertThat(cast.alice().get("/api/v1/chat.getMessage?msgId=" + msgId).json()
        .at("/message/msg").asText()).isEqualTo("secret plan");
  }

  // --- reading -------------------------------------------------------------------------------

  @Test
  void channel_history_is_newest_first_and_honours_latest_oldest_inclusive_count_offset()
      throws Exception {
    // A channel of its own would need channels.create (issue #3); fence the range by time.
    Instant start = Instant.now();
    Thread.sleep(3);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(send(cast.alice(), "GENERAL", "history " + i).json().at("/message/_id").asText());
      Thread.sleep(3);
    }
    String oldest = start.toString();
    JsonNode all = cast.bob().get("/api/v1/channels.history?roomId=GENERAL&count=100&oldest=" + oldest)
        .json();
    assertThat(texts(all.get("messages")))
        .containsExactly("history 4", "history 3", "history 2", "history 1", "history 0");

    JsonNode page = cast.bob().get(
        "/api/v1/channels.history?roomName=general&count=2&offset=1&oldest=" + oldest).json();
    assertThat(texts(page.get("messages"))).containsExactly("history 3", "history 2");

    String ts2 = cast.bob().get("/api/v1/chat.getMessage?msgId=" + ids.get(2)).json()
        .at("/message/ts").asText();
    JsonNode exclusive = cast.bob().get("/api/v1/channels.history?roomId=GENERAL&latest=" + ts2
        + "&oldest=" + oldest).json();
    assertThat(texts(exclusive.get("messages"))).containsExactly("history 1", "history 0");
    JsonNode inclusive = cast.bob().get("/api/v1/channels.history?roomId=GENERAL&inclusive=true&latest="
        + ts2 + "&oldest=" + ts2).json();
    assertThat(texts(inclusive.get("messages"))).containsExactly("history 2");
  }

  @Test
  void history_of_an_unknown_room_is_room_not_found() {
    Response r = cast.alice().get("/api/v1/channels.history?roomId=doesnotexist");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errorType").asText()).isEqualTo("error-room-not-found");
    Response none = cast.alice().get("/api/v1/channels.history");
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.json().get("success").asBoolean()).isFalse();
  }

  @Test
  void get_message_of_an_unknown_id_fails_cleanly() {
    Response r = cast.alice().get("/api/v1/chat.getMessage?msgId=nope");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("success").asBoolean()).isFalse();
    assertThat(cast.alice().get("/api/v1/chat.getMessage").status()).isEqualTo(400);
  }

  // --- users -----------------------------------------------------------------------------------

  @Test
  void the_first_registered_user_became_admin_and_later_ones_did_not() {
    JsonNode carol = cast.carol().get("/api/v1/me").json();
    assertThat(carol.get("roles").toString()).contains("admin");
    JsonNode alice = cast.alice().get("/api/v1/me").json();
    assertThat(alice.get("roles").toString()).doesNotContain("admin");
  }

  @Test
  void new_users_join_the_default_channels_with_a_user_joined_message() {
    Response reg = cast.anonymous().postJson("/api/v1/users.register", Map.of(
        "username", "dave", "email", "dave@example.com", "pass", "davepass", "name", "Dave"));
    assertThat(reg.status()).isEqualTo(200);
    assertThat(reg.json().at("/user/username").asText()).isEqualTo("dave");
    assertThat(reg.json().at("/user/_id").asText()).hasSize(17);
    RestClient dave = cast.anonymous().login("dave", "davepass");
    assertThat(room(dave.get("/api/v1/rooms.get").json().get("update"), "GENERAL")).isNotNull();
    JsonNode history = dave.get("/api/v1/channels.history?roomId=GENERAL&count=100").json();
    boolean joined = StreamSupport.stream(history.get("messages").spliterator(), false)
        .anyMatch(m -> "uj".equals(m.path("t").asText()) && "dave".equals(m.at("/u/username").asText()));
    assertThat(joined).isTrue();
  }

  @Test
  void registration_refuses_taken_names_bad_emails_and_missing_fields() {
    RestClient anon = cast.anonymous();
    Response taken = anon.postJson("/api/v1/users.register", Map.of(
        "username", "ALICE", "email", "other@example.com", "pass", "x", "name", "A"));
    assertThat(taken.status()).isEqualTo(400);
    assertThat(taken.json().get("error").asText()).isEqualTo("Username is already in use");
    Response email = anon.postJson("/api/v1/users.register", Map.of(
        "username", "alice2", "email", "Alice@Example.com", "pass", "x", "name", "A"));
    assertThat(email.json().get("error").asText()).isEqualTo("Email already exists. [403]");
    Response invalid = anon.postJson("/api/v1/users.register", Map.of(
        "username", "eve", "email", "not-an-email", "pass", "x", "name", "E"));
    assertThat(invalid.json().get("errorType").asText()).isEqualTo("error-invalid-email");
    Response missing = anon.postJson("/api/v1/users.register", Map.of("username", "eve"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("errorType").asText()).isEqualTo("invalid-params");
    assertThat(anon.postForm("/api/v1/login", Map.of("user", "eve", "password", "x")).status())
        .isEqualTo(401);
  }

  @Test
  void only_admins_create_users_and_see_other_users_emails() {
    Map<String, Object> frank = Map.of("username", "frank", "email", "frank@example.com",
        "password", "frankpass", "name", "Frank", "roles", List.of("user", "bot"));
    Response denied = cast.alice().postJson("/api/v1/users.create", frank);
    assertThat(denied.status()).isEqualTo(400);
    assertThat(denied.json().get("errorType").asText()).isEqualTo("error-action-not-allowed");
    assertThat(cast.carol().get("/api/v1/users.info?username=frank").status()).isEqualTo(400);

    Response created = cast.carol().postJson("/api/v1/users.create", frank);
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().at("/user/username").asText()).isEqualTo("frank");
    assertThat(created.json().at("/user/roles").toString()).contains("bot");

    JsonNode asAdmin = cast.carol().get("/api/v1/users.info?username=frank").json();
    assertThat(asAdmin.at("/user/emails/0/address").asText()).isEqualTo("frank@example.com");
    JsonNode asPeer = cast.alice().get("/api/v1/users.info?userId="
        + created.json().at("/user/_id").asText()).json();
    assertThat(asPeer.at("/user/username").asText()).isEqualTo("frank");
    assertThat(asPeer.at("/user").has("emails")).isFalse();
    assertThat(cast.anonymous().login("frank", "frankpass").get("/api/v1/me").status())
        .isEqualTo(200);
  }

  // --- helpers -------------------------------------------------------------------------------

  static Response send(RestClient client, String rid, String text) {
    return client.postJson("/api/v1/chat.sendMessage",
        Map.of("message", Map.of("rid", rid, "msg", text)));
  }

  static JsonNode room(JsonNode rooms, String id) {
    for (JsonNode room : rooms) {
      if (id.equals(room.get("_id").asText())) {
        return room;
      }
    }
    return null;
  }

  static List<String> texts(JsonNode messages) {
    List<String> out = new ArrayList<>();
    messages.forEach(m -> out.add(m.get("msg").asText()));
    return out;
  }
}
