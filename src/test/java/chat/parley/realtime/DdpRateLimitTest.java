package chat.parley.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.DdpClient;
import chat.parley.testing.RestClient;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Meteor's DDPRateLimiter with Rocket.Chat's rules, over a real WebSocket. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DdpRateLimitTest {
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

  /** Sends {@code n} method frames without waiting, then collects the n results in order. */
  static List<JsonNode> burst(DdpClient c, String prefix, int n, String method, Object... params) {
    for (int i = 0; i < n; i++) {
      c.send(Map.of("msg", "method", "id", prefix + i, "method", method, "params", List.of(params)));
    }
    List<JsonNode> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = prefix + i;
      results.add(c.await(f -> "result".equals(f.path("msg").asText()) && id.equals(f.path("id").asText()), 10));
    }
    return results;
  }

  static long refused(List<JsonNode> results) {
    return results.stream().filter(r -> "too-many-requests".equals(r.at("/error/error").asText())).count();
  }

  @Test
  void send_message_is_limited_to_five_a_second_per_user_with_meteors_error() {
    try (DdpClient bob = loggedIn(cast.bob())) {
      List<JsonNode> results = burst(bob, "m", 14, "sendMessage", Map.of("rid", "GENERAL", "msg", "flood"));
      // 14 calls sent back to back span at most two one-second windows: at most 10 get through.
      assertThat(refused(results)).isGreaterThanOrEqualTo(4);
      JsonNode error = results.stream().filter(r -> r.has("error")).findFirst().orElseThrow().get("error");
      assertThat(error.path("errorType").asText()).isEqualTo("Meteor.Error");
      assertThat(error.path("reason").asText()).startsWith("Error, too many requests. Please slow down. You must wait ");
      assertThat(error.path("message").asText()).endsWith("[too-many-requests]");
      assertThat(error.at("/details/timeToReset").asLong()).isBetween(0L, 1000L);
      // The first five of the burst always fit in a window.
      assertThat(results.subList(0, 5)).allMatch(r -> r.has("result"));
    }
  }

  @Test
  void admins_and_bots_may_send_many_messages() {
    try (DdpClient carol = loggedIn(cast.carol())) {
      List<JsonNode> results = burst(carol, "a", 8, "sendMessage", Map.of("rid", "GENERAL", "msg", "announcement"));
      assertThat(refused(results)).isZero();
    }
  }

  @Test
  void any_method_is_limited_to_ten_calls_per_connection_in_ten_seconds() {
    try (DdpClient alice = loggedIn(cast.alice()); DdpClient other = loggedIn(cast.alice())) {
      List<JsonNode> results = burst(alice, "r", 12, "getRoomIdByNameOrId", "general");
      assertThat(results.subList(0, 10)).allMatch(r -> "GENERAL".equals(r.path("result").asText()));
      assertThat(refused(results.subList(10, 12))).isEqualTo(2);
      assertThat(results.get(11).at("/error/details/timeToReset").asLong()).isBetween(1L, 10_000L);
      // Another connection of the same user has its own allowance (and 20 per user).
      assertThat(other.call("getRoomIdByNameOrId", "general").path("result").asText()).isEqualTo("GENERAL");
    }
  }

  @Test
  void login_attempts_are_limited_per_connection() {
    try (DdpClient c = DdpClient.connect(server.baseUrl())) {
      List<JsonNode> results = burst(c, "l", 7, "login",
          Map.of("user", Map.of("username", "nobody"), "password", "wrong"));
      assertThat(results.subList(0, 5)).allMatch(r -> r.at("/error/error").asInt() == 403);
      assertThat(refused(results.subList(5, 7))).isEqualTo(2);
    }
  }

  @Test
  void subscriptions_count_too_and_answer_nosub_with_the_error() {
    try (DdpClient mallory = loggedIn(cast.mallory())) {
      JsonNode last = null;
      // stream-* publications get four times the by-method allowance: 40 in 40 seconds.
      for (int i = 0; i < 41; i++) {
        last = mallory.sub("stream-notify-user", cast.mallory().userId() + "/message" + i, false);
      }
      assertThat(last.path("msg").asText()).isEqualTo("nosub");
      assertThat(last.at("/error/error").asText()).isEqualTo("too-many-requests");
    }
  }
}
