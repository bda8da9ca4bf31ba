package chat.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.RestClient.Response;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Outgoing webhooks (issue #7): a local receiver on 127.0.0.1 stands in for a bot's server, so
 * the server under test allows private targets (Parley_Integrations_Allow_Private_Targets).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OutgoingWebhooksContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  TestServer server;
  Cast cast;
  HttpServer receiver;
  final Map<String, List<Received>> received = new ConcurrentHashMap<>();
  final Map<String, Answer> answers = new ConcurrentHashMap<>();

  record Received(Map<String, String> headers, JsonNode body) {}

  /** What the receiver answers on one path; {@code hold} makes it hang until counted down. */
  record Answer(int status, String contentType, String body, CountDownLatch hold) {}

  abstract Backend backend();

  @BeforeAll
  void start() throws IOException {
    server = TestServer.start(backend(), Map.of("Parley_Integrations_Allow_Private_Targets", "true"));
    cast = Cast.register(server);
    cast.carol().postJson("/api/v1/users.create", Map.of("username", "deploy-bot", "email",
        "deploy-bot@example.com", "password", "bot-pass", "name", "Deploy Bot", "roles", List.of("bot")));
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext("/", this::receive);
    receiver.start();
  }

  @AfterAll
  void stop() {
    answers.values().forEach(a -> {
      if (a.hold() != null) {
        a.hold().countDown();
      }
    });
    receiver.stop(0);
    server.close();
  }

  private void receive(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Map<String, String> headers = new HashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(new Received(headers, body));
    Answer answer = answers.getOrDefault(path, new Answer(200, "text/plain", "", null));
    if (answer.hold() != null) {
      try {
        answer.hold().await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", answer.contentType());
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  String url(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  List<Received> got(String path) {
    return received.getOrDefault(path, List.of());
  }

  static void await(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  Map<String, Object> hook(String name, String channel, String path, Map<String, Object> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "webhook-outgoing");
    body.put("name", name);
    body.put("enabled", true);
    body.put("event", "sendMessage");
    body.put("username", "deploy-bot");
    body.put("channel", channel);
    body.put("urls", List.of(url(path)));
    body.put("scriptEnabled", false);
    body.putAll(extra);
    return body;
  }

  JsonNode create(Map<String, Object> body) {
    Response r = cast.carol().postJson("/api/v1/integrations.create", body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("integration");
  }

  JsonNode send(String rid, String text) {
    Response r = cast.bob().postJson("/api/v1/chat.sendMessage", Map.of("message", Map.of("rid", rid, "msg", text)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("message");
  }

  JsonNode history(String integrationId) {
    Response r = cast.carol().get("/api/v1/integrations.history?id=" + integrationId);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  List<String> steps(String integrationId) {
    List<String> steps = new ArrayList<>();
    history(integrationId).get("history").forEach(h -> steps.add(h.get("step").asText()));
    return steps;
  }

  @Test
  void a_trigger_word_sends_rocket_chats_payload_and_the_answer_is_posted_by_the_bot() {
    answers.put("/deploy", new Answer(200, "application/json; charset=utf-8",
        "{\"text\":\"Deploying build 42\",\"username\":\"Deployer\",\"icon_emoji\":\":rocket:\"}", null));
    JsonNode hook = create(hook("Deploy", "#general", "/deploy", Map.of("triggerWords", List.of("deploy"),
        "token", "s3cret-token", "alias", "Deploys")));
    assertThat(hook.get("type").asText()).isEqualTo("webhook-outgoing");
    assertThat(hook.get("event").asText()).isEqualTo("sendMessage");
    assertThat(hook.get("channel").toString()).isEqualTo("[\"#general\"]");
    assertThat(hook.get("triggerWords").toString()).isEqualTo("[\"deploy\"]");
    assertThat(hook.get("token").asText()).isEqualTo("s3cret-token");
    assertThat(hook.has("url")).isFalse();

    JsonNode sent = send("GENERAL", "deploy now");
    await("the receiver to be called", () -> got("/deploy").size() == 1);
    Received call = got("/deploy").get(0);
    assertThat(call.headers().get("content-type")).startsWith("application/json");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("token", "s3cret-token");
    expected.put("bot", false);
    expected.put("trigger_word", "deploy");
    expected.put("channel_id", "GENERAL");
    expected.put("channel_name", "general");
    expected.put("message_id", sent.get("_id").asText());
    expected.put("timestamp", sent.get("ts").asText());
    expected.put("user_id", cast.bob().userId());
    expected.put("user_name", "bob");
    expected.put("text", "deploy now");
    expected.put("siteUrl", server.config().rootUrl().replaceAll("/+$", ""));
    assertThat(call.body()).isEqualTo(JSON.valueToTree(expected));
    List<String> order = new ArrayList<>();
    call.body().fieldNames().forEachRemaining(order::add);
    assertThat(order).containsExactlyElementsOf(expected.keySet());

    await("the answer in #general", () -> cast.alice().get("/api/v1/channels.history?roomId=GENERAL&count=5")
        .json().get("messages").toString().contains("Deploying build 42"));
    JsonNode answer = cast.alice().get("/api/v1/channels.history?roomId=GENERAL&count=1").json().at("/messages/0");
    assertThat(answer.get("msg").asText()).isEqualTo("Deploying build 42");
    assertThat(answer.at("/u/username").asText()).isEqualTo("deploy-bot");
    assertThat(answer.get("alias").asText()).isEqualTo("Deployer");
    assertThat(answer.get("emoji").asText()).isEqualTo(":rocket:");
    assertThat(answer.has("bot")).isTrue();

    String id = hook.get("_id").asText();
    await("the history entry", () -> history(id).get("total").asInt() == 1);
    JsonNode entry = history(id).at("/history/0");
    assertThat(entry.get("type").asText()).isEqualTo("outgoing-webhook");
    assertThat(entry.get("step").asText()).isEqualTo("url-response-sent-message");
    assertThat(entry.get("finished").asBoolean()).isTrue();
    assertThat(entry.get("event").asText()).isEqualTo("sendMessage");
    assertThat(entry.get("triggerWord").asText()).isEqualTo("deploy");
    assertThat(entry.at("/integration/_id").asText()).isEqualTo(id);
    assertThat(entry.at("/data/token").asText()).isEqualTo("s3cret-token");
    assertThat(entry.get("url").asText()).isEqualTo(url("/deploy"));
    assertThat(entry.get("httpResult").asText()).startsWith("\"").contains("Deploying build 42");
    assertThat(entry.at("/resultMessage/0/message/msg").asText()).isEqualTo("Deploying build 42");
    assertThat(entry.get("_createdAt").asText()).endsWith("Z");
    // The bot's answer does not start with the trigger word: one call only.
    assertThat(got("/deploy")).hasSize(1);
  }

  @Test
  void unmatched_trigger_words_and_rooms_outside_the_filter_send_nothing() {
    create(hook("Quiet", "#general", "/quiet", Map.of("triggerWords", List.of("deploy"))));
    String group = cast.alice().postJson("/api/v1/groups.create", Map.of("name", "ops-room",
        "members", List.of("bob"))).json().at("/group/_id").asText();
    send("GENERAL", "please deploy later");
    send("GENERAL", "nothing to see");
    send(group, "deploy the private thing");
    // Events are matched in order: once the sentinel arrives, the earlier ones were decided.
    send("GENERAL", "deploy sentinel");
    await("the sentinel", () -> got("/quiet").size() == 1);
    assertThat(got("/quiet").get(0).body().get("text").asText()).isEqualTo("deploy sentinel");
    // all_private_groups takes the private room in.
    create(hook("Private", "all_private_groups", "/private", Map.of()));
    send(group, "anything here");
    await("the private room's message", () -> got("/private").size() == 1);
    assertThat(got("/private").get(0).body().get("channel_name").asText()).isEqualTo("ops-room");
    assertThat(got("/private").get(0).body().has("trigger_word")).isFalse();
  }

  @Test
  void a_failing_receiver_is_retried_with_back_off_and_every_attempt_is_in_the_history() {
    answers.put("/flaky", new Answer(503, "text/plain", "try later", null));
    JsonNode hook = create(hook("Flaky", "#general", "/flaky", Map.of("triggerWords", List.of("flaky"),
        "retryFailedCalls", true, "retryCount", 2, "retryDelay", "powers-of-ten")));
    assertThat(hook.get("retryCount").asInt()).isEqualTo(2);
    assertThat(hook.get("retryDelay").asText()).isEqualTo("powers-of-ten");
    String id = hook.get("_id").asText();
    send("GENERAL", "flaky call");
    await("three attempts", () -> history(id).get("total").asInt() == 3);
    assertThat(steps(id)).containsExactly("too-many-retries", "going-to-retry-2", "going-to-retry-1");
    assertThat(got("/flaky")).hasSize(3);
    assertThat(history(id).at("/history/0/error").asBoolean()).isTrue();
    Response page = cast.carol().get("/api/v1/integrations.history?id=" + id + "&count=1&offset=1");
    assertThat(page.json().get("count").asInt()).isEqualTo(1);
    assertThat(page.json().get("total").asInt()).isEqualTo(3);
    assertThat(page.json().at("/history/0/step").asText()).isEqualTo("going-to-retry-2");

    // A 500 with a body is an answer, not a failure to retry (Rocket.Chat's rule).
    answers.put("/broken", new Answer(500, "text/plain", "boom", null));
    String broken = create(hook("Broken", "#general", "/broken", Map.of("triggerWords", List.of("broken"),
        "retryFailedCalls", true, "retryCount", 2))).get("_id").asText();
    send("GENERAL", "broken call");
    await("the 500 in the history", () -> history(broken).get("total").asInt() == 1);
    assertThat(steps(broken)).containsExactly("after-process-http-status-500");
    assertThat(got("/broken")).hasSize(1);
    // Without retries configured, one attempt.
    String once = create(hook("Once", "#general", "/flaky", Map.of("triggerWords", List.of("once"))))
        .get("_id").asText();
    send("GENERAL", "once only");
    await("the single attempt", () -> history(once).get("total").asInt() == 1);
    assertThat(steps(once)).containsExactly("failed-and-not-configured-to-retry");

    assertThat(cast.alice().get("/api/v1/integrations.history?id=" + id).status()).isEqualTo(403);
    assertThat(cast.carol().get("/api/v1/integrations.history?id=%20").status()).isEqualTo(400);
  }

  @Test
  void an_attempt_can_be_replayed_and_the_history_cleared() {
    String id = create(hook("Replay", "#general", "/replay", Map.of("triggerWords", List.of("replay"))))
        .get("_id").asText();
    send("GENERAL", "replay me");
    await("the first attempt", () -> history(id).get("total").asInt() == 1);
    String historyId = history(id).at("/history/0/_id").asText();
    Response replay = cast.carol().postJson("/api/v1/integrations.replayOutgoing",
        Map.of("integrationId", id, "historyId", historyId));
    assertThat(replay.status()).as(replay.body()).isEqualTo(200);
    await("the replayed call", () -> got("/replay").size() == 2);
    assertThat(got("/replay").get(1).body()).isEqualTo(got("/replay").get(0).body());
    await("the second attempt", () -> history(id).get("total").asInt() == 2);

    Response unknown = cast.carol().postJson("/api/v1/integrations.replayOutgoing",
        Map.of("integrationId", id, "historyId", "nope"));
    assertThat(unknown.json().get("errorType").asText()).isEqualTo("error-invalid-integration-history");
    Response denied = cast.alice().postJson("/api/v1/integrations.clearHistory", Map.of("integrationId", id));
    assertThat(denied.status()).isEqualTo(400);
    assertThat(denied.json().get("errorType").asText()).isEqualTo("not_authorized");
    Response cleared = cast.carol().postJson("/api/v1/integrations.clearHistory", Map.of("integrationId", id));
    assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
    assertThat(history(id).get("total").asInt()).isZero();
    assertThat(cast.carol().postJson("/api/v1/integrations.clearHistory", Map.of("integrationId", "nope"))
        .json().get("errorType").asText()).isEqualTo("error-invalid-integration");
  }

  @Test
  void edits_fire_only_webhooks_that_run_on_edits() {
    create(hook("Edits", "#general", "/edits", Map.of("triggerWords", List.of("edit"), "runOnEdits", true)));
    create(hook("NoEdits", "#general", "/noedits", Map.of("triggerWords", List.of("edit"))));
    JsonNode sent = send("GENERAL", "edit me");
    await("both webhooks", () -> got("/edits").size() == 1 && got("/noedits").size() == 1);
    Response edit = cast.bob().postJson("/api/v1/chat.update", Map.of("roomId", "GENERAL",
        "msgId", sent.get("_id").asText(), "text", "edit me again"));
    assertThat(edit.status()).as(edit.body()).isEqualTo(200);
    // A reaction updates the message too, but is no edit.
    cast.alice().postJson("/api/v1/chat.react", Map.of("messageId", sent.get("_id").asText(), "emoji", ":+1:"));
    send("GENERAL", "edit sentinel");
    await("the edit and the sentinel", () -> got("/edits").size() == 3 && got("/noedits").size() == 2);
    // Deliveries run concurrently: look the calls up by text, not by arrival order.
    JsonNode edited = payloadWhere("/edits", "text", "edit me again");
    assertThat(edited.get("isEdited").asBoolean()).isTrue();
    assertThat(edited.get("message_id").asText()).isEqualTo(sent.get("_id").asText());
    assertThat(payloadWhere("/edits", "text", "edit sentinel").has("isEdited")).isFalse();
    assertThat(got("/noedits").stream().map(r -> r.body().get("text").asText()))
        .containsExactlyInAnyOrder("edit me", "edit sentinel");
  }

  @Test
  void an_answer_does_not_call_its_own_webhook_again() {
    String rid = cast.alice().postJson("/api/v1/channels.create", Map.of("name", "echo-room",
        "members", List.of("bob"))).json().at("/channel/_id").asText();
    answers.put("/echo", new Answer(200, "application/json", "{\"text\":\"echo\"}", null));
    // No trigger words and the author's own name on the answer: the classic reply loop.
    String id = create(hook("Echo", "#echo-room", "/echo", Map.of("impersonateUser", true))).get("_id").asText();
    send(rid, "hello");
    await("the answer", () -> steps(id).contains("url-response-sent-message"));
    JsonNode answer = cast.alice().get("/api/v1/channels.history?roomId=" + rid + "&count=1").json().at("/messages/0");
    assertThat(answer.get("msg").asText()).isEqualTo("echo");
    assertThat(answer.at("/u/username").asText()).isEqualTo("bob");
    send(rid, "sentinel");
    await("the sentinel", () -> got("/echo").size() >= 2 && history(id).get("total").asInt() >= 2);
    assertThat(got("/echo").stream().map(r -> r.body().get("text").asText()))
        .containsExactlyInAnyOrder("hello", "sentinel");
  }

  @Test
  void a_hanging_receiver_does_not_hold_up_posting() {
    CountDownLatch hold = new CountDownLatch(1);
    answers.put("/hang", new Answer(200, "application/json", "{\"text\":\"late answer\"}", hold));
    create(hook("Hang", "#general", "/hang", Map.of("triggerWords", List.of("hang"))));
    try {
      send("GENERAL", "hang on");
      await("the receiver to hold the call", () -> got("/hang").size() == 1);
      // The receiver is still holding the first call while these are answered.
      for (int i = 0; i < 5; i++) {
        send("GENERAL", "hang " + i);
      }
      assertThat(hold.getCount()).isEqualTo(1);
    } finally {
      hold.countDown();
    }
    await("the late answer", () -> cast.alice().get("/api/v1/channels.history?roomId=GENERAL&count=20")
        .json().get("messages").toString().contains("late answer"));
  }

  JsonNode payloadWhere(String path, String field, String value) {
    await(path + " with " + field + "=" + value, () -> got(path).stream()
        .anyMatch(r -> value.equals(r.body().path(field).asText())));
    return got(path).stream().filter(r -> value.equals(r.body().path(field).asText())).findFirst()
        .orElseThrow().body();
  }

  @Test
  void room_and_user_events_reach_their_webhooks() {
    create(hook("Created", "", "/created", Map.of("event", "roomCreated", "token", "t-created")));
    create(hook("Joined", "all_public_channels", "/joined", Map.of("event", "roomJoined")));
    create(hook("Left", "all_public_channels", "/left", Map.of("event", "roomLeft")));
    create(hook("Archived", "", "/archived", Map.of("event", "roomArchived")));
    answers.put("/users", new Answer(200, "application/json", "{\"text\":\"Welcome aboard!\"}", null));
    create(hook("Users", "", "/users", Map.of("event", "userCreated", "targetRoom", "#general")));

    String rid = cast.alice().postJson("/api/v1/channels.create", Map.of("name", "events-room"))
        .json().at("/channel/_id").asText();
    JsonNode created = payloadWhere("/created", "channel_name", "events-room");
    assertThat(created.get("token").asText()).isEqualTo("t-created");
    assertThat(created.get("channel_id").asText()).isEqualTo(rid);
    assertThat(created.get("user_name").asText()).isEqualTo("alice");
    assertThat(created.at("/owner/username").asText()).isEqualTo("alice");
    assertThat(created.at("/room/_id").asText()).isEqualTo(rid);
    assertThat(created.at("/room/t").asText()).isEqualTo("c");

    assertThat(cast.bob().postJson("/api/v1/channels.join", Map.of("roomId", rid)).status()).isEqualTo(200);
    JsonNode joined = payloadWhere("/joined", "channel_id", rid);
    assertThat(joined.get("user_name").asText()).isEqualTo("bob");
    assertThat(joined.at("/user/username").asText()).isEqualTo("bob");
    assertThat(joined.at("/user/services").isMissingNode()).isTrue();

    assertThat(cast.bob().postJson("/api/v1/channels.leave", Map.of("roomId", rid)).status()).isEqualTo(200);
    assertThat(payloadWhere("/left", "channel_id", rid).get("user_name").asText()).isEqualTo("bob");

    assertThat(cast.alice().postJson("/api/v1/channels.archive", Map.of("roomId", rid)).status()).isEqualTo(200);
    assertThat(payloadWhere("/archived", "channel_id", rid).get("user_name").asText()).isEqualTo("alice");

    cast.carol().postJson("/api/v1/users.create", Map.of("username", "newcomer", "email", "newcomer@example.com",
        "password", "newcomer-pass", "name", "New Comer"));
    JsonNode user = payloadWhere("/users", "user_name", "newcomer");
    assertThat(user.at("/user/name").asText()).isEqualTo("New Comer");
    assertThat(user.toString()).doesNotContain("newcomer-pass").doesNotContain("bcrypt");
    assertThat(user.has("channel_id")).isFalse();
    await("the welcome in #general", () -> cast.alice().get("/api/v1/channels.history?roomId=GENERAL&count=10")
        .json().get("messages").toString().contains("Welcome aboard!"));
  }

  @Test
  void a_file_upload_fires_file_uploaded_with_the_message_user_and_room() {
    String rid = cast.alice().postJson("/api/v1/channels.create", Map.of("name", "uploads-room",
        "members", List.of("bob"))).json().at("/channel/_id").asText();
    String secret = cast.alice().postJson("/api/v1/groups.create", Map.of("name", "uploads-secret",
        "members", List.of("bob"))).json().at("/group/_id").asText();
    answers.put("/files", new Answer(200, "application/json", "{\"text\":\"Got your file\"}", null));
    create(hook("Files", "#uploads-room", "/files", Map.of("event", "fileUploaded", "token", "t-files")));

    FilesHttp.Reply secretUpload = FilesHttp.upload(server.baseUrl(), "/api/v1/rooms.upload/" + secret,
        cast.bob().userId(), cast.bob().token(), Map.of(), "file", "secret.txt", "text/plain",
        "not for the hook".getBytes(StandardCharsets.UTF_8));
    assertThat(secretUpload.status()).as(secretUpload.text()).isEqualTo(200);
    send(rid, "a plain message is no file");
    FilesHttp.Reply up = FilesHttp.upload(server.baseUrl(), "/api/v1/rooms.upload/" + rid,
        cast.bob().userId(), cast.bob().token(), Map.of("msg", "the build log"), "file", "build.log",
        "text/plain", "BUILD OK".getBytes(StandardCharsets.UTF_8));
    assertThat(up.status()).as(up.text()).isEqualTo(200);
    String messageId = up.json().at("/message/_id").asText();

    JsonNode body = payloadWhere("/files", "message_id", messageId);
    assertThat(body.get("token").asText()).isEqualTo("t-files");
    assertThat(body.get("bot").asBoolean()).isFalse();
    assertThat(body.get("channel_id").asText()).isEqualTo(rid);
    assertThat(body.get("channel_name").asText()).isEqualTo("uploads-room");
    assertThat(body.get("user_id").asText()).isEqualTo(cast.bob().userId());
    assertThat(body.get("user_name").asText()).isEqualTo("bob");
    assertThat(body.get("text").asText()).isEqualTo("the build log");
    assertThat(body.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(body.at("/user/username").asText()).isEqualTo("bob");
    assertThat(body.at("/user/services").isMissingNode()).isTrue();
    assertThat(body.at("/room/_id").asText()).isEqualTo(rid);
    assertThat(body.at("/message/_id").asText()).isEqualTo(messageId);
    assertThat(body.at("/message/msg").asText()).isEqualTo("the build log");
    assertThat(body.at("/message/file/name").asText()).isEqualTo("build.log");
    assertThat(body.at("/message/files/0/type").asText()).isEqualTo("text/plain");
    assertThat(body.at("/message/attachments/0/title").asText()).isEqualTo("build.log");
    assertThat(body.has("trigger_word")).isFalse();
    await("the answer in the room", () -> cast.bob().get("/api/v1/channels.history?roomId=" + rid)
        .json().get("messages").toString().contains("Got your file"));
    // Only the one upload in the filtered room: neither the plain message nor the private upload.
    assertThat(got("/files")).hasSize(1);
  }

  @Test
  void loopback_targets_are_refused_unless_the_admin_allows_them() {
    String setting = "/api/v1/settings/Parley_Integrations_Allow_Private_Targets";
    assertThat(cast.carol().postJson(setting, Map.of("value", false)).status()).isEqualTo(200);
    try {
      String id = create(hook("Guarded", "#general", "/guarded", Map.of("triggerWords", List.of("guarded"))))
          .get("_id").asText();
      send("GENERAL", "guarded call");
      await("the refusal in the history", () -> history(id).get("total").asInt() == 1);
      JsonNode entry = history(id).at("/history/0");
      assertThat(entry.get("step").asText()).isEqualTo("refused-target-address");
      assertThat(entry.get("error").asBoolean()).isTrue();
      assertThat(entry.get("errorStack").asText()).contains("Parley_Integrations_Allow_Private_Targets");
      assertThat(got("/guarded")).isEmpty();
    } finally {
      assertThat(cast.carol().postJson(setting, Map.of("value", true)).status()).isEqualTo(200);
    }
  }

  @Test
  void outgoing_webhooks_are_validated_and_managed_like_rocket_chats() {
    Response denied = cast.alice().postJson("/api/v1/integrations.create", hook("x", "#general", "/x", Map.of()));
    assertThat(denied.status()).isEqualTo(403);
    assertError(hook("x", "#general", "/x", Map.of("event", "somethingElse")), "error-invalid-event-type");
    assertError(hook("x", "#general", "/x", Map.of("urls", List.of(" "))), "error-invalid-urls");
    assertError(hook("x", "#general", "/x", Map.of("urls", List.of("ftp://example.com/"))), "error-invalid-urls");
    assertError(hook("x", "general", "/x", Map.of()), "error-invalid-channel-start-with-chars");
    assertError(hook("x", "#no-such-room", "/x", Map.of()), "error-invalid-room");
    assertError(hook("x", "#general", "/x", Map.of("username", "nobody-at-all")), "error-invalid-user");
    assertError(hook("x", "#general", "/x", Map.of("retryFailedCalls", true, "retryDelay", "sometimes")),
        "error-invalid-retry-delay");
    assertError(hook("x", "#general", "/x", Map.of("scriptEnabled", true, "script", "class Script {}")),
        "error-scripts-not-supported");
    assertError(hook("x", "", "/x", Map.of("event", "userCreated")), "error-invalid-targetRoom");

    JsonNode defaults = create(hook("Defaults", "#general", "/defaults", Map.of("retryFailedCalls", true)));
    assertThat(defaults.get("retryCount").asInt()).isEqualTo(4);
    assertThat(defaults.get("retryDelay").asText()).isEqualTo("powers-of-ten");
    assertThat(defaults.get("token").asText()).isNotBlank();
    assertThat(defaults.get("scriptEnabled").asBoolean()).isFalse();
    String id = defaults.get("_id").asText();

    Map<String, Object> update = hook("Renamed", "#general", "/defaults", Map.of("token", "new-token",
        "target_url", url("/defaults"), "triggerWords", List.of("go")));
    Response updated = cast.carol().putJson("/api/v1/integrations.update", update);
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().at("/integration/name").asText()).isEqualTo("Renamed");
    assertThat(updated.json().at("/integration/token").asText()).isEqualTo("new-token");
    Map<String, Object> noToken = hook("Renamed", "#general", "/defaults", Map.of("integrationId", id));
    assertThat(cast.carol().putJson("/api/v1/integrations.update", noToken).json().get("errorType").asText())
        .isEqualTo("error-invalid-token");

    assertThat(cast.carol().get("/api/v1/integrations.list?count=100").json().get("integrations").toString())
        .contains(id);
    assertThat(cast.carol().get("/api/v1/integrations.get?integrationId=" + id).json().at("/integration/event")
        .asText()).isEqualTo("sendMessage");
    Response removed = cast.carol().postJson("/api/v1/integrations.remove", Map.of("type", "webhook-outgoing",
        "integrationId", id));
    assertThat(removed.status()).as(removed.body()).isEqualTo(200);
    assertThat(cast.carol().get("/api/v1/integrations.get?integrationId=" + id).status()).isEqualTo(400);
    assertThat(cast.carol().postJson("/api/v1/integrations.remove", Map.of("type", "webhook-outgoing"))
        .status()).isEqualTo(400);
  }

  void assertError(Map<String, Object> body, String errorType) {
    Response r = cast.carol().postJson("/api/v1/integrations.create", body);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("errorType").asText()).as(r.body()).isEqualTo(errorType);
    assertThat(r.json().get("success").asBoolean()).isFalse();
  }
}
