package chat.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.RestClient;
import chat.parley.testing.RestClient.Response;
import chat.parley.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Personal access tokens for bots, and the failed-login protection (issue #6). */
class AccessTokensTest {

  @Test
  void personal_access_tokens_work_like_login_tokens_until_removed() {
    try (TestServer server = TestServer.start(Backend.SQLITE)) {
      Cast cast = Cast.register(server);
      Response made = cast.alice().postJson("/api/v1/users.generatePersonalAccessToken",
          Map.of("tokenName", "ci-bot"));
      assertThat(made.status()).as(made.body()).isEqualTo(200);
      String token = made.json().get("token").asText();
      RestClient bot = cast.anonymous().as(cast.alice().userId(), token);
      assertThat(bot.get("/api/v1/me").json().get("username").asText()).isEqualTo("alice");
      assertThat(cast.alice().postJson("/api/v1/users.generatePersonalAccessToken",
          Map.of("tokenName", "ci-bot")).json().get("errorType").asText()).isEqualTo("error-token-already-exists");

      var listed = cast.alice().get("/api/v1/users.getPersonalAccessTokens").json().get("tokens");
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).get("name").asText()).isEqualTo("ci-bot");
      assertThat(token).endsWith(listed.get(0).get("lastTokenPart").asText());
      assertThat(listed.toString()).doesNotContain(token);

      // Logging out other sessions or logging in again does not touch it; regenerating does.
      cast.anonymous().login("alice", Cast.PASSWORD);
      String fresh = cast.alice().postJson("/api/v1/users.regeneratePersonalAccessToken",
          Map.of("tokenName", "ci-bot")).json().get("token").asText();
      assertThat(bot.get("/api/v1/me").status()).isEqualTo(401);
      RestClient bot2 = cast.anonymous().as(cast.alice().userId(), fresh);
      assertThat(bot2.get("/api/v1/me").status()).isEqualTo(200);
      assertThat(cast.alice().postJson("/api/v1/users.removePersonalAccessToken",
          Map.of("tokenName", "ci-bot")).status()).isEqualTo(200);
      assertThat(bot2.get("/api/v1/me").status()).isEqualTo(401);
    }
  }

  @Test
  void repeated_failed_logins_block_the_account_but_not_others() {
    try (TestServer server = TestServer.start(Backend.SQLITE,
        Map.of("Block_Multiple_Failed_Logins_Attempts_Until_Block_by_User", "3"))) {
      Cast cast = Cast.register(server);
      for (int i = 0; i < 3; i++) {
        assertThat(cast.anonymous().postForm("/api/v1/login", Map.of("user", "bob", "password", "guess" + i))
            .status()).isEqualTo(401);
      }
      Response blocked = cast.anonymous().postForm("/api/v1/login",
          Map.of("user", "bob", "password", Cast.PASSWORD));
      assertThat(blocked.status()).isEqualTo(401);
      assertThat(blocked.json().get("error").asText()).isEqualTo("error-login-blocked-for-user");
      assertThat(cast.anonymous().postForm("/api/v1/login",
          Map.of("user", "alice", "password", Cast.PASSWORD)).status()).isEqualTo(200);
      // Existing sessions of the blocked account keep working.
      assertThat(cast.bob().get("/api/v1/me").status()).isEqualTo(200);
    }
  }
}
