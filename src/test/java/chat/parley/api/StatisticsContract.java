package chat.parley.api;

import static chat.parley.api.RoomsContract.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Statistics snapshots (issue #6): saved by refresh, answered by statistics, paged by statistics.list. */
abstract class StatisticsContract {
  abstract Backend backend();

  @Test
  void snapshots_are_saved_on_refresh_and_paged_for_those_who_may_see_them() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      assertError(cast.alice().get("/api/v1/statistics.list"), 400, "error-not-allowed");
      JsonNode empty = cast.carol().get("/api/v1/statistics.list").json();
      assertThat(empty.get("statistics").size()).isZero();
      assertThat(empty.get("total").asInt()).isZero();

      // The first statistics call saves a snapshot; later ones answer it until a refresh.
      JsonNode first = cast.carol().get("/api/v1/statistics").json();
      assertThat(first.get("totalUsers").asInt()).isEqualTo(4);
      cast.anonymous().postJson("/api/v1/users.register", Map.of("username", "dan",
          "email", "dan@example.com", "pass", Cast.PASSWORD, "name", "Dan"));
      JsonNode cached = cast.carol().get("/api/v1/statistics").json();
      assertThat(cached.get("_id").asText()).isEqualTo(first.get("_id").asText());
      assertThat(cached.get("totalUsers").asInt()).isEqualTo(4);
      assertThat(cached.get("createdAt").asText()).isEqualTo(first.get("createdAt").asText()).endsWith("Z");
      JsonNode fresh = cast.carol().get("/api/v1/statistics?refresh=true").json();
      assertThat(fresh.get("_id").asText()).isNotEqualTo(first.get("_id").asText());
      assertThat(fresh.get("totalUsers").asInt()).isEqualTo(5);
      JsonNode third = cast.carol().get("/api/v1/statistics?refresh=true").json();

      JsonNode all = cast.carol().get("/api/v1/statistics.list").json();
      assertThat(all.get("success").asBoolean()).isTrue();
      assertThat(all.get("total").asInt()).isEqualTo(3);
      assertThat(all.get("count").asInt()).isEqualTo(3);
      assertThat(all.get("offset").asInt()).isZero();
      assertThat(ids(all)).containsExactly(first.get("_id").asText(), fresh.get("_id").asText(),
          third.get("_id").asText());
      assertThat(all.at("/statistics/0/lastLogin").asText()).endsWith("Z");
      assertThat(all.at("/statistics/1/totalUsers").asInt()).isEqualTo(5);

      JsonNode newest = cast.carol().get("/api/v1/statistics.list?sort="
          + chat.parley.testing.RestClient.q("{\"createdAt\":-1}") + "&count=1&offset=1").json();
      assertThat(ids(newest)).containsExactly(fresh.get("_id").asText());
      assertThat(newest.get("total").asInt()).isEqualTo(3);
      assertThat(newest.get("count").asInt()).isEqualTo(1);
      assertThat(newest.get("offset").asInt()).isEqualTo(1);

      JsonNode projected = cast.carol().get("/api/v1/statistics.list?fields="
          + chat.parley.testing.RestClient.q("{\"totalUsers\":1}")).json();
      List<String> keys = new ArrayList<>();
      projected.at("/statistics/0").fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsExactlyInAnyOrder("_id", "totalUsers");

      assertError(cast.carol().get("/api/v1/statistics.list?sort="
          + chat.parley.testing.RestClient.q("{\"totalUsers\":1}")), 400, "error-invalid-sort");
      assertError(cast.carol().get("/api/v1/statistics.list?query="
          + chat.parley.testing.RestClient.q("{\"totalUsers\":{\"$gt\":1}}")), 400, "error-invalid-query");
      assertThat(cast.anonymous().get("/api/v1/statistics.list").status()).isEqualTo(401);
    }
  }

  static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("statistics").forEach(s -> out.add(s.get("_id").asText()));
    return out;
  }
}
