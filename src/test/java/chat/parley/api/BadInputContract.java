package chat.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.RestClient;
import chat.parley.testing.RestClient.Response;
import chat.parley.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input gets a clear Rocket.Chat-style error, never a 500, and stores nothing. Each test
 * compares the room's message count before and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BadInputContract {
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

  private long generalMessageCount() {
    Response r = cast.alice().get("/api/v1/rooms.get");
    return SeedFlowContract.room(r.json().get("update"), "GENERAL").get("msgs").asLong();
  }

  private void assertRefused(Response r, int status, String errorType) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().get("success").asBoolean()).isFalse();
    assertThat(r.json().get("error").asText()).isNotBlank();
    if (errorType != null) {
      assertThat(r.json().get("errorType").asText()).isEqualTo(errorType);
    }
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at chat.parley");
  }

  @Test
  void send_message_without_rid_is_refused_with_rocket_chats_words() {
    long before = generalMessageCount();
    Response r = cast.alice().postJson("/api/v1/chat.sendMessage", Map.of("message", Map.of("msg", "x")));
    assertRefused(r, 400, null);
    assertThat(r.json().get("error").asText())
        .isEqualTo("The 'rid' property on the message object is missing.");
    assertThat(generalMessageCount()).isEqualTo(before);
  }

  @Test
  void malformed_or_misshapen_bodies_are_400_and_store_nothing() {
    long before = generalMessageCount();
    RestClient alice = cast.alice();
    String path = "/api/v1/chat.sendMessage";
    assertRefused(alice.postJson(path, Map.of()), 400, "invalid-params");
    assertRefused(alice.postJson(path, Map.of("message", "hello")), 400, "invalid-params");
    assertRefused(alice.postJson(path, Map.of("message", Map.of("rid", "GENERAL", "msg", "x"),
        "sneaky", true)), 400, "invalid-params");
    assertRefused(alice.postJson(path, Map.of("message", Map.of("rid", "GENERAL", "msg", 42))),
        400, "invalid-params");
    assertRefused(alice.postJson(path, Map.of("message", Map.of("rid", "GENERAL", "msg", "x",
        "t", "uj"))), 400, null);
    assertRefused(alice.postRaw(path, "application/json", "{\"message\":{\"rid\":\"GENERAL\""),
        400, "invalid-params");
    assertRefused(alice.postRaw(path, "application/json", "[1,2,3]"), 400, "invalid-params");
    assertRefused(alice.postRaw(path, "text/plain", "rid=GENERAL msg=hi"), 400, "invalid-params");
    assertRefused(alice.postRaw(path, "application/xml", "<message/>"), 400, "invalid-params");
    assertThat(generalMessageCount()).isEqualTo(before);
  }

  @Test
  void a_huge_body_is_refused_before_it_is_read() {
    long before = generalMessageCount();
    String huge = "x".repeat(3 * 1024 * 1024);
    Response r = cast.alice().postRaw("/api/v1/chat.sendMessage", "application/json",
        "{\"message\":{\"rid\":\"GENERAL\",\"msg\":\"" + huge + "\"}}");
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json().get("success").asBoolean()).isFalse();
    assertThat(generalMessageCount()).isEqualTo(before);
  }

  @Test
  void messages_longer_than_message_max_allowed_size_are_refused() {
    long before = generalMessageCount();
    Response tooLong = SeedFlowContract.send(cast.alice(), "GENERAL", "y".repeat(5001));
    assertRefused(tooLong, 400, "error-message-size-exceeded");
    Response postTooLong = cast.alice().postJson("/api/v1/chat.postMessage",
        Map.of("channel", "#general", "text", "z".repeat(5001)));
    assertRefused(postTooLong, 400, null);
    assertThat(postTooLong.json().get("error").asText()).isEqualTo("error-message-size-exceeded");
    assertThat(generalMessageCount()).isEqualTo(before);

    assertThat(SeedFlowContract.send(cast.alice(), "GENERAL", "y".repeat(5000)).status()).isEqualTo(200);
    assertThat(generalMessageCount()).isEqualTo(before + 1);
  }

  @Test
  void posting_to_rooms_that_do_not_exist_is_refused() {
    long before = generalMessageCount();
    assertRefused(SeedFlowContract.send(cast.alice(), "NOSUCHROOM", "hello"), 400, null);
    assertRefused(cast.alice().postJson("/api/v1/chat.postMessage",
        Map.of("channel", "#nosuchroom", "text", "x")), 400, "invalid-channel");
    assertRefused(cast.alice().postJson("/api/v1/chat.postMessage",
        Map.of("channel", "@nosuchuser", "text", "x")), 400, "invalid-channel");
    assertRefused(cast.alice().postJson("/api/v1/chat.postMessage", Map.of("text", "x")),
        400, "invalid-params");
    assertRefused(cast.alice().postJson("/api/v1/chat.postMessage",
        Map.of("roomId", "GENERAL", "channel", "#general", "text", "x")), 400, "invalid-params");
    assertRefused(cast.alice().postJson("/api/v1/chat.postMessage",
        Map.of("channel", List.of(1, 2), "text", "x")), 400, "invalid-params");
    assertThat(generalMessageCount()).isEqualTo(before);
  }

  @Test
  void unknown_endpoints_are_404_json() {
    Response r = cast.alice().get("/api/v1/no.such.endpoint");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("success").asBoolean()).isFalse();
    Response wrongMethod = cast.alice().get("/api/v1/chat.sendMessage");
    assertThat(wrongMethod.status()).isIn(404, 405);
    assertThat(wrongMethod.json().get("success").asBoolean()).isFalse();
  }

  @Test
  void bad_query_parameters_are_400_not_500() {
    assertRefused(cast.alice().get("/api/v1/channels.history?roomId=GENERAL&count=lots"), 400,
        "error-invalid-params");
    assertRefused(cast.alice().get("/api/v1/channels.history?roomId=GENERAL&latest=noon"), 400,
        null);
    assertRefused(cast.alice().get("/api/v1/channels.history?roomId=GENERAL&offset=-1"), 400,
        "error-invalid-params");
    assertRefused(cast.alice().get("/api/v1/users.info"), 400, "error-invalid-params");
  }
}
