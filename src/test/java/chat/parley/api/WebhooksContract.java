package chat.parley.api;

import static chat.parley.api.SeedFlowContract.texts;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.RestClient;
import chat.parley.testing.RestClient.Response;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Incoming webhooks: how a CI server or a script posts into Parley with one URL (issue #7). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebhooksContract {
  TestServer server;
  Cast cast;

  abstract Backend backend();

  @BeforeAll
  void start() {
    server = TestServer.start(backend());
    cast = Cast.register(server);
    cast.carol().postJson("/api/v1/users.create", Map.of("username", "ci-bot", "email", "ci@example.com",
        "password", "bot-pass", "name", "CI", "roles", List.of("bot")));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  JsonNode create(boolean override) {
    Response r = cast.carol().postJson("/api/v1/integrations.create", Map.of("type", "webhook-incoming",
        "name", "CI", "enabled", true, "username", "ci-bot", "channel", "#general",
        "scriptEnabled", false, "alias", "Build Server", "emoji", ":robot:",
        "overrideDestinationChannelEnabled", override));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("integration");
  }

  String hookPath(JsonNode integration) {
    return "/hooks/" + integration.get("_id").asText() + "/" + integration.get("token").asText();
  }

  JsonNode latest(RestClient who, String rid) {
    return who.get("/api/v1/channels.history?roomId=" + rid + "&count=1").json().at("/messages/0");
  }

  @Test
  void only_admins_manage_incoming_webhooks() {
    Response denied = cast.alice().postJson("/api/v1/integrations.create", Map.of("type", "webhook-incoming",
        "name", "x", "enabled", true, "username", "alice", "channel", "#general", "scriptEnabled", false));
    assertThat(denied.status()).isEqualTo(403);
    JsonNode hook = create(false);
    assertThat(hook.get("url").asText()).endsWith(hookPath(hook));
    assertThat(cast.carol().get("/api/v1/integrations.list").json().get("integrations").toString())
        .contains(hook.get("_id").asText());
    assertThat(cast.carol().get("/api/v1/integrations.get?integrationId=" + hook.get("_id").asText())
        .json().at("/integration/name").asText()).isEqualTo("CI");
    assertThat(cast.alice().get("/api/v1/integrations.list").status()).isEqualTo(403);
  }

  @Test
  void a_json_post_appears_in_the_channel_as_the_integration_user() {
    JsonNode hook = create(false);
    Response r = cast.anonymous().postJson(hookPath(hook), Map.of("text", "Build #42 passed\nall green",
        "attachments", List.of(Map.of("title", "Logs", "title_link", "http://ci/42", "color", "#2a2",
            "msg", "12 tests"))));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("success").asBoolean()).isTrue();
    JsonNode m = latest(cast.alice(), "GENERAL");
    assertThat(m.get("msg").asText()).isEqualTo("Build #42 passed\nall green");
    assertThat(m.at("/u/username").asText()).isEqualTo("ci-bot");
    assertThat(m.get("alias").asText()).isEqualTo("Build Server");
    assertThat(m.get("emoji").asText()).isEqualTo(":robot:");
    assertThat(m.at("/attachments/0/title").asText()).isEqualTo("Logs");
    assertThat(m.at("/attachments/0/text").asText()).isEqualTo("12 tests");
  }

  @Test
  void slack_style_form_payloads_and_thread_replies_work() {
    JsonNode hook = create(false);
    Response form = cast.anonymous().postForm(hookPath(hook), Map.of("payload",
        "{\"text\":\"from a Slack tool\",\"username\":\"Grafana\",\"icon_emoji\":\":bell:\"}"));
    assertThat(form.status()).as(form.body()).isEqualTo(200);
    JsonNode m = latest(cast.alice(), "GENERAL");
    assertThat(m.get("msg").asText()).isEqualTo("from a Slack tool");
    assertThat(m.get("alias").asText()).isEqualTo("Grafana");
    String topic = cast.alice().postJson("/api/v1/chat.sendMessage", Map.of("message",
        Map.of("rid", "GENERAL", "msg", "deploy thread"))).json().at("/message/_id").asText();
    assertThat(cast.anonymous().postJson(hookPath(hook), Map.of("text", "deploy done", "tmid", topic)).status())
        .isEqualTo(200);
    assertThat(texts(cast.alice().get("/api/v1/chat.getThreadMessages?tmid=" + topic).json().get("messages")))
        .containsExactly("deploy done");
  }

  @Test
  void a_hook_may_target_a_direct_message_when_overriding_is_allowed() {
    JsonNode fixed = create(false);
    Response refused = cast.anonymous().postJson(hookPath(fixed), Map.of("text", "x", "channel", "@alice"));
    assertThat(refused.status()).isEqualTo(400);
    JsonNode free = create(true);
    Response dm = cast.anonymous().postJson(hookPath(free), Map.of("text", "your report is ready", "channel", "@alice"));
    assertThat(dm.status()).as(dm.body()).isEqualTo(200);
    JsonNode ims = cast.alice().get("/api/v1/im.list").json().get("ims");
    String rid = null;
    for (JsonNode im : ims) {
      if (im.get("usernames").toString().contains("ci-bot")) {
        rid = im.get("_id").asText();
      }
    }
    assertThat(rid).isNotNull();
    assertThat(texts(cast.alice().get("/api/v1/im.history?roomId=" + rid).json().get("messages")))
        .contains("your report is ready");
  }

  @Test
  void wrong_tokens_disabled_hooks_and_empty_payloads_are_refused_and_post_nothing() {
    JsonNode hook = create(false);
    long before = cast.alice().get("/api/v1/channels.messages?roomId=GENERAL&count=1").json().get("total").asLong();
    Response bad = cast.anonymous().postJson("/hooks/" + hook.get("_id").asText() + "/wrong", Map.of("text", "x"));
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.json().get("success").asBoolean()).isFalse();
    assertThat(cast.anonymous().postJson("/hooks/nope/nope", Map.of("text", "x")).status()).isEqualTo(401);
    assertThat(cast.anonymous().postJson(hookPath(hook), Map.of("text", " ")).status()).isEqualTo(400);
    assertThat(cast.anonymous().postRaw(hookPath(hook), "application/json", "{not json").status()).isEqualTo(400);
    Response off = cast.carol().postJson("/api/v1/integrations.create", Map.of());
    assertThat(off.status()).isEqualTo(400);
    // Disable it: posts are refused.
    RestClient.Response update = cast.carol().putJson("/api/v1/integrations.update", Map.of(
        "type", "webhook-incoming", "integrationId", hook.get("_id").asText(), "name", "CI",
        "enabled", false, "username", "ci-bot", "channel", "#general", "scriptEnabled", false));
    assertThat(update.status()).as(update.body()).isEqualTo(200);
    assertThat(cast.anonymous().postJson(hookPath(hook), Map.of("text", "while disabled")).status()).isEqualTo(503);
    assertThat(cast.alice().get("/api/v1/channels.messages?roomId=GENERAL&count=1").json().get("total").asLong())
        .isEqualTo(before);
    assertThat(cast.carol().postJson("/api/v1/integrations.remove", Map.of("type", "webhook-incoming",
        "integrationId", hook.get("_id").asText())).status()).isEqualTo(200);
    assertThat(cast.anonymous().postJson(hookPath(hook), Map.of("text", "after removal")).status()).isEqualTo(401);
  }
}
