package chat.parley.api;

import static chat.parley.api.RoomsContract.assertError;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue #4 over real HTTP: threads, mentions, edits, deletes, reactions, pins, stars, sync and
 * search, with the permission rules. Runs once per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MessagesContract {
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

  /** A fresh channel owned by alice with bob in it. */
  String channel() {
    Response r = cast.alice().postJson("/api/v1/channels.create",
        Map.of("name", "m-" + SEQ.incrementAndGet(), "members", List.of("bob")));
    return r.json().at("/channel/_id").asText();
  }

  static String id(Response sent) {
    assertThat(sent.status()).as(sent.body()).isEqualTo(200);
    return sent.json().at("/message/_id").asText();
  }

  static Response reply(RestClient client, String rid, String tmid, String text, boolean tshow) {
    return client.postJson("/api/v1/chat.sendMessage", Map.of("message",
        Map.of("rid", rid, "tmid", tmid, "msg", text, "tshow", tshow)));
  }

  JsonNode message(RestClient client, String id) {
    return client.get("/api/v1/chat.getMessage?msgId=" + id).json().get("message");
  }

  // --- threads ---------------------------------------------------------------------------------

  @Test
  void replies_grow_a_thread_under_the_topic() {
    String rid = channel();
    String topic = id(send(cast.alice(), rid, "Topic: homework 1"));
    String r1 = id(reply(cast.bob(), rid, topic, "I have a question", false));
    JsonNode first = message(cast.bob(), r1);
    assertThat(first.get("tmid").asText()).isEqualTo(topic);
    assertError(reply(cast.carol(), rid, topic, "Me too", false), 400, "error-not-allowed");
    cast.carol().postJson("/api/v1/channels.join", Map.of("roomId", rid));
    id(reply(cast.carol(), rid, topic, "Me too", false));
    // A reply to a reply lands in the same thread.
    String r3 = id(reply(cast.alice(), rid, r1, "Answer: see slide 4", true));
    assertThat(message(cast.bob(), r3).get("tmid").asText()).isEqualTo(topic);

    JsonNode parent = message(cast.bob(), topic);
    assertThat(parent.get("tcount").asInt()).isEqualTo(3);
    assertThat(parent.get("tlm").asText()).endsWith("Z");
    assertThat(parent.get("replies").toString())
        .contains(cast.alice().userId(), cast.bob().userId(), cast.carol().userId());

    JsonNode thread = cast.bob().get("/api/v1/chat.getThreadMessages?tmid=" + topic).json();
    assertThat(texts(thread.get("messages")))
        .containsExactly("I have a question", "Me too", "Answer: see slide 4");
    assertThat(thread.get("total").asInt()).isEqualTo(3);

    // Only the tshow reply appears in the room's history; showThreadMessages shows them all.
    assertThat(texts(cast.bob().get("/api/v1/channels.history?roomId=" + rid).json().get("messages")))
        .containsSubsequence("Answer: see slide 4", "Topic: homework 1")
        .doesNotContain("I have a question", "Me too");
    assertThat(texts(cast.bob().get("/api/v1/channels.history?roomId=" + rid + "&showThreadMessages=true")
        .json().get("messages"))).contains("I have a question", "Me too", "Answer: see slide 4");

    JsonNode threads = cast.bob().get("/api/v1/chat.getThreadsList?rid=" + rid).json();
    assertThat(threads.get("threads")).hasSize(1);
    assertThat(threads.get("threads").get(0).get("_id").asText()).isEqualTo(topic);
    assertThat(cast.bob().get("/api/v1/chat.getThreadsList?rid=" + rid + "&text=nothing").json()
        .get("threads")).isEmpty();
  }

  @Test
  void following_and_syncing_threads() {
    String rid = channel();
    String topic = id(send(cast.alice(), rid, "Topic: lab"));
    Response first = reply(cast.bob(), rid, topic, "first", false);
    assertThat(cast.mallory().postJson("/api/v1/channels.join", Map.of("roomId", rid)).status()).isEqualTo(200);
    assertThat(cast.mallory().get("/api/v1/chat.getThreadsList?rid=" + rid + "&type=following").json()
        .get("threads")).isEmpty();
    assertThat(cast.mallory().postJson("/api/v1/chat.followMessage", Map.of("mid", topic)).status()).isEqualTo(200);
    assertThat(cast.mallory().get("/api/v1/chat.getThreadsList?rid=" + rid + "&type=following").json()
        .get("threads")).hasSize(1);
    assertThat(message(cast.alice(), topic).get("replies").toString()).contains(cast.mallory().userId());
    assertThat(cast.mallory().postJson("/api/v1/chat.unfollowMessage", Map.of("mid", topic)).status()).isEqualTo(200);
    assertThat(cast.mallory().get("/api/v1/chat.getThreadsList?rid=" + rid + "&type=following").json()
        .get("threads")).isEmpty();

    // The server's own time of the first reply (a client-side Instant.now() can fall inside the
    // millisecond the next reply is stamped with, and updatedSince is exclusive).
    Instant before = Instant.parse(first.json().at("/message/ts").asText());
    reply(cast.bob(), rid, topic, "second", false);
    JsonNode sync = cast.alice().get("/api/v1/chat.syncThreadMessages?tmid=" + topic + "&updatedSince=" + before).json();
    assertThat(texts(sync.at("/messages/update"))).containsExactly("second");
    JsonNode threads = cast.alice().get("/api/v1/chat.syncThreadsList?rid=" + rid + "&updatedSince=" + before).json();
    assertThat(threads.at("/threads/update").get(0).get("_id").asText()).isEqualTo(topic);
    assertError(cast.alice().get("/api/v1/chat.getThreadMessages?tmid=nope"), 400, "error-invalid-message");
  }

  @Test
  void thread_replies_cannot_cross_rooms_or_reach_private_rooms() {
    String rid = channel();
    String other = channel();
    String topic = id(send(cast.alice(), rid, "Topic"));
    assertError(reply(cast.alice(), other, topic, "wrong room", false), 400, "error-invalid-message");
    Response group = cast.alice().postJson("/api/v1/groups.create", Map.of("name", "tg-" + SEQ.incrementAndGet()));
    String gid = group.json().at("/group/_id").asText();
    String secret = id(send(cast.alice(), gid, "secret topic"));
    assertError(cast.mallory().get("/api/v1/chat.getThreadMessages?tmid=" + secret), 400, "error-not-allowed");
    assertError(reply(cast.mallory(), gid, secret, "let me in", false), 400, null);
    assertThat(message(cast.alice(), secret).has("tcount")).isFalse();
  }

  // --- mentions --------------------------------------------------------------------------------

  @Test
  void mentions_are_parsed_and_counted_for_the_mentioned_user() {
    String rid = channel();
    cast.bob().postJson("/api/v1/subscriptions.read", Map.of("rid", rid));
    Response sent = send(cast.alice(), rid, "@bob please look at #general, mail x@bob.com");
    JsonNode m = sent.json().get("message");
    assertThat(m.get("mentions")).hasSize(1);
    assertThat(m.at("/mentions/0/username").asText()).isEqualTo("bob");
    assertThat(m.at("/mentions/0/_id").asText()).isEqualTo(cast.bob().userId());
    assertThat(m.at("/channels/0/name").asText()).isEqualTo("general");
    JsonNode sub = cast.bob().get("/api/v1/subscriptions.getOne?roomId=" + rid).json().get("subscription");
    assertThat(sub.get("userMentions").asInt()).isEqualTo(1);
    assertThat(sub.get("unread").asInt()).isEqualTo(1);
    assertThat(sub.get("alert").asBoolean()).isTrue();

    send(cast.alice(), rid, "@all class starts now");
    sub = cast.bob().get("/api/v1/subscriptions.getOne?roomId=" + rid).json().get("subscription");
    assertThat(sub.get("groupMentions").asInt()).isEqualTo(1);

    JsonNode mine = cast.bob().get("/api/v1/chat.getMentionedMessages?roomId=" + rid).json();
    assertThat(texts(mine.get("messages"))).containsExactly("@bob please look at #general, mail x@bob.com");
    assertThat(cast.bob().get("/api/v1/channels.getAllUserMentionsByChannel?roomId=" + rid).json()
        .get("total").asInt()).isEqualTo(1);
    // A private room's name is not resolved for someone who cannot see it.
    Response hidden = cast.alice().postJson("/api/v1/groups.create", Map.of("name", "hidden-" + SEQ.incrementAndGet()));
    String hiddenName = hidden.json().at("/group/name").asText();
    JsonNode leak = send(cast.bob(), rid, "what is #" + hiddenName).json().get("message");
    assertThat(leak.get("channels")).isEmpty();
  }

  // --- edit and delete -------------------------------------------------------------------------

  @Test
  void authors_edit_their_messages_and_others_may_not() {
    String rid = channel();
    String mid = id(send(cast.bob(), rid, "helo"));
    assertError(cast.mallory().postJson("/api/v1/chat.update", Map.of("roomId", rid, "msgId", mid, "text", "x")),
        400, null);
    Response edited = cast.bob().postJson("/api/v1/chat.update", Map.of("roomId", rid, "msgId", mid, "text", "hello"));
    assertThat(edited.status()).as(edited.body()).isEqualTo(200);
    assertThat(edited.json().at("/message/msg").asText()).isEqualTo("hello");
    assertThat(edited.json().at("/message/editedBy/username").asText()).isEqualTo("bob");
    assertThat(edited.json().at("/message/editedAt").asText()).endsWith("Z");
    // The room owner (edit-message) may edit it too; a too-long edit is refused.
    assertThat(cast.alice().postJson("/api/v1/chat.update",
        Map.of("roomId", rid, "msgId", mid, "text", "hello!")).status()).isEqualTo(200);
    assertError(cast.bob().postJson("/api/v1/chat.update",
        Map.of("roomId", rid, "msgId", mid, "text", "x".repeat(5001))), 400, "error-message-size-exceeded");
    assertError(cast.bob().postJson("/api/v1/chat.update",
        Map.of("roomId", "GENERAL", "msgId", mid, "text", "moved")), 400, null);
    assertThat(message(cast.bob(), mid).get("msg").asText()).isEqualTo("hello!");
  }

  @Test
  void deleting_follows_permissions_and_thread_parents_survive() {
    String rid = channel();
    String mine = id(send(cast.bob(), rid, "oops"));
    String alices = id(send(cast.alice(), rid, "owner's words"));
    assertError(cast.bob().postJson("/api/v1/chat.delete", Map.of("roomId", rid, "msgId", alices)), 400,
        "error-action-not-allowed");
    // The server keeps milliseconds and compares strictly: step back one so a deletion in this
    // very millisecond still counts as after.
    Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).minusMillis(1);
    Response deleted = cast.bob().postJson("/api/v1/chat.delete", Map.of("roomId", rid, "msgId", mine));
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    assertThat(deleted.json().get("_id").asText()).isEqualTo(mine);
    assertThat(cast.bob().get("/api/v1/chat.getMessage?msgId=" + mine).status()).isEqualTo(400);

    JsonNode sync = cast.alice().get("/api/v1/chat.syncMessages?roomId=" + rid + "&lastUpdate=" + before).json();
    assertThat(sync.at("/result/deleted").toString()).contains(mine);
    JsonNode gone = cast.alice().get("/api/v1/chat.getDeletedMessages?roomId=" + rid + "&since=" + before).json();
    assertThat(gone.get("messages").toString()).contains(mine);

    // The owner deletes a thread parent: it stays as an empty "rm" message; the replies stay.
    String topic = id(send(cast.bob(), rid, "topic"));
    String replyId = id(reply(cast.alice(), rid, topic, "reply", false));
    assertThat(cast.alice().postJson("/api/v1/chat.delete", Map.of("roomId", rid, "msgId", topic)).status())
        .isEqualTo(200);
    JsonNode parent = message(cast.alice(), topic);
    assertThat(parent.get("t").asText()).isEqualTo("rm");
    assertThat(parent.get("msg").asText()).isEmpty();
    assertThat(message(cast.alice(), replyId).get("msg").asText()).isEqualTo("reply");
  }

  // --- reactions, pins, stars ------------------------------------------------------------------

  @Test
  void reactions_toggle_per_user_and_only_known_emoji_count() {
    String rid = channel();
    String mid = id(send(cast.alice(), rid, "vote"));
    assertThat(cast.bob().postJson("/api/v1/chat.react", Map.of("messageId", mid, "emoji", ":thumbsup:"))
        .status()).isEqualTo(200);
    cast.alice().postJson("/api/v1/chat.react", Map.of("messageId", mid, "emoji", "thumbsup"));
    JsonNode reactions = message(cast.bob(), mid).get("reactions");
    assertThat(reactions.at("/:thumbsup:/usernames").toString()).contains("alice", "bob");
    cast.bob().postJson("/api/v1/chat.react", Map.of("messageId", mid, "emoji", ":thumbsup:"));
    assertThat(message(cast.bob(), mid).at("/reactions/:thumbsup:/usernames").toString())
        .doesNotContain("bob").contains("alice");
    cast.alice().postJson("/api/v1/chat.react", Map.of("messageId", mid, "emoji", ":thumbsup:", "shouldReact", true));
    assertThat(message(cast.bob(), mid).at("/reactions/:thumbsup:/usernames").toString()).contains("alice");
    assertError(cast.bob().postJson("/api/v1/chat.react", Map.of("messageId", mid, "emoji", ":not_an_emoji:")),
        400, "error-not-allowed");
    assertError(cast.mallory().postJson("/api/v1/chat.react", Map.of("messageId", mid, "emoji", ":smile:")),
        400, "error-not-allowed");
  }

  @Test
  void owners_pin_and_everyone_stars_for_themselves() {
    String rid = channel();
    String mid = id(send(cast.bob(), rid, "important"));
    assertError(cast.bob().postJson("/api/v1/chat.pinMessage", Map.of("messageId", mid)), 400,
        "error-action-not-allowed");
    Response pinned = cast.alice().postJson("/api/v1/chat.pinMessage", Map.of("messageId", mid));
    assertThat(pinned.status()).as(pinned.body()).isEqualTo(200);
    assertThat(pinned.json().at("/message/t").asText()).isEqualTo("message_pinned");
    assertThat(pinned.json().at("/message/attachments/0/text").asText()).isEqualTo("important");
    assertThat(message(cast.bob(), mid).get("pinned").asBoolean()).isTrue();
    assertThat(texts(cast.bob().get("/api/v1/chat.getPinnedMessages?roomId=" + rid).json().get("messages")))
        .containsExactly("important");
    assertThat(cast.bob().get("/api/v1/channels.messages?roomId=" + rid + "&pinned=true").json()
        .get("total").asInt()).isEqualTo(1);
    cast.alice().postJson("/api/v1/chat.unPinMessage", Map.of("messageId", mid));
    assertThat(cast.bob().get("/api/v1/chat.getPinnedMessages?roomId=" + rid).json().get("messages")).isEmpty();

    assertThat(cast.bob().postJson("/api/v1/chat.starMessage", Map.of("messageId", mid)).status()).isEqualTo(200);
    assertThat(message(cast.bob(), mid).at("/starred/0/_id").asText()).isEqualTo(cast.bob().userId());
    assertThat(message(cast.alice(), mid).has("starred")).isFalse();
    assertThat(texts(cast.bob().get("/api/v1/chat.getStarredMessages?roomId=" + rid).json().get("messages")))
        .containsExactly("important");
    assertThat(cast.alice().get("/api/v1/chat.getStarredMessages?roomId=" + rid).json().get("messages")).isEmpty();
    cast.bob().postJson("/api/v1/chat.unStarMessage", Map.of("messageId", mid));
    assertThat(cast.bob().get("/api/v1/chat.getStarredMessages?roomId=" + rid).json().get("messages")).isEmpty();
  }

  // --- search ----------------------------------------------------------------------------------

  @Test
  void search_finds_english_and_japanese_text_in_rooms_you_can_read() {
    String rid = channel();
    send(cast.alice(), rid, "The deployment pipeline failed again");
    send(cast.alice(), rid, "明日の会議は十時からです");
    send(cast.alice(), rid, "研修の資料を共有しました");
    send(cast.alice(), rid, "unrelated chatter");
    assertThat(texts(cast.bob().get("/api/v1/chat.search?roomId=" + rid + "&searchText=pipeline").json()
        .get("messages"))).containsExactly("The deployment pipeline failed again");
    assertThat(texts(cast.bob().get("/api/v1/chat.search?roomId=" + rid + "&searchText="
        + RestClient.q("会議は十時")).json().get("messages"))).containsExactly("明日の会議は十時からです");
    assertThat(texts(cast.bob().get("/api/v1/chat.search?roomId=" + rid + "&searchText="
        + RestClient.q("資料")).json().get("messages"))).containsExactly("研修の資料を共有しました");
    assertThat(cast.bob().get("/api/v1/chat.search?roomId=" + rid + "&searchText=DEPLOYMENT").json()
        .get("messages")).hasSize(1);

    Response group = cast.alice().postJson("/api/v1/groups.create", Map.of("name", "sg-" + SEQ.incrementAndGet()));
    String gid = group.json().at("/group/_id").asText();
    send(cast.alice(), gid, "pipeline secrets");
    assertError(cast.mallory().get("/api/v1/chat.search?roomId=" + gid + "&searchText=pipeline"), 400,
        "error-not-allowed");
  }

  /**
   * Under load the SQLite index is filled in chunks, not at every commit; a search made right
   * after a burst of sends must still find every one of them.
   */
  @Test
  void search_sees_every_acknowledged_message_right_after_a_burst() throws Exception {
    String rid = channel();
    int n = 90;
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<String>> sent = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        sent.add(pool.submit(() -> id(send(cast.alice(), rid, "burstword number " + k))));
      }
      for (var f : sent) {
        f.get();
      }
    }
    assertThat(cast.bob().get("/api/v1/chat.search?roomId=" + rid
        + "&count=100&searchText=burstword").json().get("messages")).hasSize(n);
    String last = id(send(cast.bob(), rid, "the very last burstword"));
    JsonNode found = cast.bob().get("/api/v1/chat.search?roomId=" + rid
        + "&count=100&searchText=burstword").json().get("messages");
    assertThat(found).hasSize(n + 1);
    assertThat(found.get(0).get("_id").asText()).isEqualTo(last);
    assertThat(texts(cast.bob().get("/api/v1/chat.search?roomId=" + rid
        + "&searchText=" + RestClient.q("very last")).json().get("messages")))
        .containsExactly("the very last burstword");
  }

  /**
   * The SQLite index is filled once per group commit; a message edited or deleted in the same
   * batch that inserted it must still leave the index exact. Concurrent posters make such
   * batches likely; the assertions hold however the writes were batched.
   */
  @Test
  void search_follows_edits_and_deletions_even_under_concurrent_writes() throws Exception {
    String rid = channel();
    int n = 40;
    List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        int k = i;
        done.add(pool.submit(() -> {
          String mid = id(send(cast.alice(), rid, "draft" + k + " zebraword"));
          if (k % 2 == 0) {
            assertThat(cast.alice().postJson("/api/v1/chat.update",
                Map.of("roomId", rid, "msgId", mid, "text", "final" + k + " yakword")).status()).isEqualTo(200);
          } else if (k % 4 == 1) {
            assertThat(cast.alice().postJson("/api/v1/chat.delete",
                Map.of("roomId", rid, "msgId", mid)).status()).isEqualTo(200);
          }
          return null;
        }));
      }
      for (var f : done) {
        f.get();
      }
    }
    String base = "/api/v1/chat.search?roomId=" + rid + "&count=100&searchText=";
    // Odd k: 20 keep "zebraword", half of them deleted; even k: 20 edited to "yakword".
    assertThat(texts(cast.bob().get(base + "zebraword").json().get("messages")))
        .hasSize(n / 4).allMatch(t -> t.endsWith("zebraword"));
    assertThat(texts(cast.bob().get(base + "yakword").json().get("messages")))
        .hasSize(n / 2).allMatch(t -> t.startsWith("final"));
    assertThat(cast.bob().get(base + "draft0").json().get("messages")).isEmpty();
  }

  /**
   * The send path may answer its access check from memory; every change to who may post must
   * still apply to the very next message.
   */
  @Test
  void access_changes_apply_to_the_very_next_post() {
    String rid = channel();
    Map<String, String> room = Map.of("roomId", rid);
    id(send(cast.bob(), rid, "before"));
    id(send(cast.bob(), rid, "before again"));

    cast.alice().postJson("/api/v1/channels.setReadOnly", Map.of("roomId", rid, "readOnly", true));
    assertError(send(cast.bob(), rid, "read-only"), 400, "error-room-readonly");
    cast.alice().postJson("/api/v1/channels.setReadOnly", Map.of("roomId", rid, "readOnly", false));
    id(send(cast.bob(), rid, "writable again"));

    assertThat(cast.alice().postJson("/api/v1/commands.run", Map.of("command", "mute", "params", "@bob",
        "roomId", rid)).status()).isEqualTo(200);
    assertError(send(cast.bob(), rid, "muted"), 400, "error-user-muted");
    cast.alice().postJson("/api/v1/commands.run", Map.of("command", "unmute", "params", "@bob", "roomId", rid));
    id(send(cast.bob(), rid, "unmuted"));

    assertThat(cast.alice().postJson("/api/v1/channels.kick", Map.of("roomId", rid, "username", "bob"))
        .status()).isEqualTo(200);
    assertError(send(cast.bob(), rid, "kicked"), 400, "error-not-allowed");
    cast.alice().postJson("/api/v1/channels.invite", Map.of("roomId", rid, "username", "bob"));
    id(send(cast.bob(), rid, "back"));

    cast.alice().postJson("/api/v1/channels.archive", room);
    assertError(send(cast.bob(), rid, "archived"), 400, "error-room-archived");
    // unarchive-room is an admin permission in Rocket.Chat's defaults (owners may only archive).
    assertThat(cast.carol().postJson("/api/v1/channels.unarchive", room).status()).isEqualTo(200);
    id(send(cast.bob(), rid, "unarchived"));

    cast.alice().postJson("/api/v1/channels.delete", room);
    assertError(send(cast.bob(), rid, "deleted"), 400, "error-invalid-room");
  }

  @Test
  void search_understands_rocket_chat_filters() {
    String rid = channel();
    String pinnedId = id(send(cast.alice(), rid, "filter alpha pinned"));
    String starredId = id(send(cast.bob(), rid, "filter beta starred"));
    send(cast.bob(), rid, "filter gamma plain");
    cast.alice().postJson("/api/v1/chat.pinMessage", Map.of("messageId", pinnedId));
    cast.bob().postJson("/api/v1/chat.starMessage", Map.of("messageId", starredId));
    String base = "/api/v1/chat.search?roomId=" + rid + "&searchText=";
    assertThat(texts(cast.bob().get(base + RestClient.q("filter from:@alice")).json().get("messages")))
        .containsExactly("filter alpha pinned");
    assertThat(texts(cast.bob().get(base + RestClient.q("from:me filter")).json().get("messages")))
        .containsExactly("filter gamma plain", "filter beta starred");
    assertThat(texts(cast.bob().get(base + RestClient.q("is:pinned")).json().get("messages")))
        .containsExactly("filter alpha pinned");
    assertThat(texts(cast.bob().get(base + RestClient.q("has:star filter")).json().get("messages")))
        .containsExactly("filter beta starred");
    assertThat(cast.bob().get(base + RestClient.q("filter before:2000-01-01")).json().get("messages")).isEmpty();
    assertThat(cast.bob().get(base + RestClient.q("filter after:2000-01-01")).json().get("messages")).hasSize(3);
  }

  @Test
  void reported_messages_reach_the_moderation_console() {
    String rid = channel();
    String bad = id(send(cast.bob(), rid, "something rude"));
    assertError(cast.alice().postJson("/api/v1/chat.reportMessage", Map.of("messageId", bad)), 400, null);
    assertThat(cast.alice().postJson("/api/v1/chat.reportMessage",
        Map.of("messageId", bad, "description", "rude")).status()).isEqualTo(200);
    String gid = cast.alice().postJson("/api/v1/groups.create", Map.of("name", "rg-" + SEQ.incrementAndGet()))
        .json().at("/group/_id").asText();
    String hidden = id(send(cast.alice(), gid, "private words"));
    assertError(cast.mallory().postJson("/api/v1/chat.reportMessage",
        Map.of("messageId", hidden, "description", "cannot see it")), 400, "error-invalid-message");

    assertError(cast.alice().get("/api/v1/moderation.reportsByUsers"), 403, null);
    JsonNode byUsers = cast.carol().get("/api/v1/moderation.reportsByUsers").json();
    assertThat(byUsers.get("reports").toString()).contains(cast.bob().userId(), "something rude");
    JsonNode reports = cast.carol().get("/api/v1/moderation.reports?msgId=" + bad).json();
    assertThat(reports.get("total").asInt()).isEqualTo(1);
    String reportId = reports.at("/reports/0/_id").asText();
    assertThat(cast.carol().get("/api/v1/moderation.reportInfo?reportId=" + reportId).json()
        .at("/report/description").asText()).isEqualTo("rude");
    assertThat(cast.carol().get("/api/v1/moderation.user.reportedMessages?userId=" + cast.bob().userId())
        .json().get("messages").toString()).contains(bad);

    assertThat(cast.carol().postJson("/api/v1/moderation.user.deleteReportedMessages",
        Map.of("userId", cast.bob().userId())).status()).isEqualTo(200);
    assertThat(cast.alice().get("/api/v1/chat.getMessage?msgId=" + bad).status()).isEqualTo(400);
    assertThat(cast.carol().get("/api/v1/moderation.reportsByUsers").json().get("reports").toString())
        .doesNotContain(cast.bob().userId());
  }

  @Test
  void ignoring_a_user_and_listing_discussions() {
    String rid = channel();
    assertThat(cast.alice().get("/api/v1/chat.ignoreUser?rid=" + rid + "&userId=" + cast.bob().userId()
        + "&ignore=true").status()).isEqualTo(200);
    assertThat(cast.alice().get("/api/v1/subscriptions.getOne?roomId=" + rid).json()
        .at("/subscription/ignored").toString()).contains(cast.bob().userId());
    cast.alice().get("/api/v1/chat.ignoreUser?rid=" + rid + "&userId=" + cast.bob().userId() + "&ignore=false");
    assertThat(cast.alice().get("/api/v1/subscriptions.getOne?roomId=" + rid).json()
        .at("/subscription").has("ignored")).isFalse();

    cast.alice().postJson("/api/v1/rooms.createDiscussion", Map.of("prid", rid, "t_name", "Side topic"));
    JsonNode discussions = cast.bob().get("/api/v1/chat.getDiscussions?roomId=" + rid).json();
    assertThat(discussions.get("total").asInt()).isEqualTo(1);
    assertThat(discussions.at("/messages/0/drid").asText()).isNotBlank();
  }

  @Test
  void users_can_be_reported_to_moderators() {
    assertError(cast.mallory().postJson("/api/v1/moderation.reportUser",
        Map.of("userId", cast.bob().userId())), 400, null);
    assertThat(cast.mallory().postJson("/api/v1/moderation.reportUser",
        Map.of("userId", cast.bob().userId(), "description", "spamming")).status()).isEqualTo(200);
    assertError(cast.mallory().get("/api/v1/moderation.userReports"), 403, null);
    JsonNode reports = cast.carol().get("/api/v1/moderation.userReports").json();
    assertThat(reports.at("/reports/0/reportedUser/username").asText()).isEqualTo("bob");
    assertThat(reports.at("/reports/0/count").asInt()).isEqualTo(1);
    assertThat(cast.carol().postJson("/api/v1/moderation.dismissUserReports",
        Map.of("userId", cast.bob().userId())).status()).isEqualTo(200);
    assertThat(cast.carol().get("/api/v1/moderation.userReports").json().get("reports")).isEmpty();
  }

  // --- counters under concurrent sends -----------------------------------------------------------

  /**
   * Three members post at once (plain messages, thread-only replies, mentions) so the writer
   * commits them in mixed batches; afterwards every member's unread count, mention count and read
   * mark, and the room's message count and last message, are exactly what sending the messages
   * one by one in their stored order gives.
   */
  @Test
  void counters_stay_exact_when_many_members_send_at_once() throws Exception {
    String rid = channel();
    for (RestClient member : List.of(cast.carol(), cast.mallory())) {
      assertThat(member.postJson("/api/v1/channels.join", Map.of("roomId", rid)).status()).isEqualTo(200);
    }
    String topic = id(send(cast.alice(), rid, "storm topic"));
    for (RestClient member : List.of(cast.alice(), cast.bob(), cast.carol(), cast.mallory())) {
      member.postJson("/api/v1/subscriptions.read", Map.of("rid", rid));
    }
    int msgsBefore = cast.alice().get("/api/v1/channels.info?roomId=" + rid).json()
        .at("/channel/msgs").asInt();
    Response set = cast.carol().postJson("/api/v1/settings/Unread_Count", Map.of("value", "all_messages"));
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    try {
      List<RestClient> senders = List.of(cast.alice(), cast.bob(), cast.carol());
      List<String> names = List.of("alice", "bob", "carol");
      int perSender = 60;
      try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
        for (int s = 0; s < senders.size(); s++) {
          RestClient sender = senders.get(s);
          String other = names.get((s + 1) % names.size());
          for (int i = 0; i < perSender; i++) {
            int n = i;
            sent.add(pool.submit(() -> {
              Response r;
              if (n % 10 == 3) {
                r = reply(sender, rid, topic, "thread only " + n, false);
              } else if (n % 15 == 7) {
                r = send(sender, rid, "hey @mallory and @" + other + " " + n);
              } else {
                r = send(sender, rid, "plain " + n);
              }
              assertThat(r.status()).as(r.body()).isEqualTo(200);
            }));
          }
        }
        for (var f : sent) {
          f.get();
        }
      }
      // Oldest first, in stored order (history is newest first by ts, then insertion order).
      List<JsonNode> storm = new java.util.ArrayList<>();
      for (int offset = 0; ; offset += 100) {
        JsonNode page = cast.alice().get("/api/v1/channels.history?roomId=" + rid
            + "&showThreadMessages=true&count=100&offset=" + offset).json().get("messages");
        for (JsonNode m : page) {
          if (!m.path("t").isTextual() && !m.path("_id").asText().equals(topic)) {
            storm.add(0, m);
          }
        }
        if (page.size() < 100) {
          break;
        }
      }
      assertThat(storm).hasSize(3 * perSender);
      for (String name : List.of("alice", "bob", "carol", "mallory")) {
        int lastOwn = -1;
        for (int i = 0; i < storm.size(); i++) {
          if (storm.get(i).at("/u/username").asText().equals(name)) {
            lastOwn = i;
          }
        }
        int unread = 0;
        int mentions = 0;
        for (int i = lastOwn + 1; i < storm.size(); i++) {
          JsonNode m = storm.get(i);
          if (!m.hasNonNull("tmid")) {
            unread++;
          }
          if (m.path("msg").asText().contains("@" + name + " ")
              || m.path("msg").asText().contains("@" + name + " and")) {
            mentions++;
          }
        }
        RestClient who = switch (name) {
          case "alice" -> cast.alice();
          case "bob" -> cast.bob();
          case "carol" -> cast.carol();
          default -> cast.mallory();
        };
        JsonNode sub = who.get("/api/v1/subscriptions.getOne?roomId=" + rid).json().get("subscription");
        assertThat(sub.path("unread").asInt()).as(name + " unread").isEqualTo(unread);
        assertThat(sub.path("userMentions").asInt()).as(name + " mentions").isEqualTo(mentions);
        assertThat(sub.path("alert").asBoolean()).as(name + " alert").isEqualTo(unread > 0);
        if (lastOwn >= 0) {
          assertThat(sub.path("ls").asText()).as(name + " read mark")
              .isEqualTo(storm.get(lastOwn).path("ts").asText());
        }
      }
      JsonNode room = cast.alice().get("/api/v1/channels.info?roomId=" + rid).json().get("channel");
      assertThat(room.path("msgs").asInt()).isEqualTo(msgsBefore + 3 * perSender);
      JsonNode lastInRoom = null;
      for (JsonNode m : storm) {
        if (!m.hasNonNull("tmid")) {
          lastInRoom = m;
        }
      }
      assertThat(room.at("/lastMessage/_id").asText()).isEqualTo(lastInRoom.path("_id").asText());
      JsonNode listed = SeedFlowContract.room(cast.alice().get("/api/v1/rooms.get").json().get("update"), rid);
      assertThat(listed.at("/lastMessage/_id").asText()).isEqualTo(lastInRoom.path("_id").asText());
      assertThat(cast.alice().get("/api/v1/rooms.info?roomId=" + rid).json().at("/room/lastMessage/_id")
          .asText()).isEqualTo(lastInRoom.path("_id").asText());
      assertThat(room.path("lm").asText()).isEqualTo(lastInRoom.path("ts").asText());
    } finally {
      cast.carol().postJson("/api/v1/settings/Unread_Count",
          Map.of("value", "user_and_group_mentions_only"));
    }
  }
}
