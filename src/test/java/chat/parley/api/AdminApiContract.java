package chat.parley.api;

import static chat.parley.api.RoomsContract.assertError;
import static chat.parley.api.SeedFlowContract.send;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.DdpClient;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Settings, permissions and account administration (issue #6, first part). */
abstract class AdminApiContract {
  abstract Backend backend();

  @Test
  void settings_are_readable_as_rocket_chat_types_and_change_at_once() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      JsonNode pub = cast.anonymous().get("/api/v1/settings.public?count=100").json();
      assertThat(pub.get("settings").toString()).contains("{\"_id\":\"Message_MaxAllowedSize\",\"value\":5000}");
      assertThat(pub.get("settings").toString()).doesNotContain("Block_Multiple_Failed_Logins");
      assertThat(cast.alice().get("/api/v1/settings").status()).isEqualTo(403);
      assertThat(cast.carol().get("/api/v1/settings?count=100").json().get("settings").toString())
          .contains("Block_Multiple_Failed_Logins_Enabled");
      assertThat(cast.alice().get("/api/v1/settings/Message_AllowEditing").json().get("value").asBoolean()).isTrue();

      assertThat(cast.alice().postJson("/api/v1/settings/Message_MaxAllowedSize", Map.of("value", 20)).status())
          .isEqualTo(403);
      assertError(cast.carol().postJson("/api/v1/settings/Message_MaxAllowedSize", Map.of("value", "lots")), 400, null);
      assertThat(cast.carol().postJson("/api/v1/settings/Message_MaxAllowedSize", Map.of("value", 20)).status())
          .isEqualTo(200);
      assertThat(send(cast.alice(), "GENERAL", "x".repeat(21)).json().get("errorType").asText())
          .isEqualTo("error-message-size-exceeded");
      assertThat(cast.anonymous().get("/api/v1/settings.public?count=100").json().get("settings").toString())
          .contains("{\"_id\":\"Message_MaxAllowedSize\",\"value\":20}");
      assertThat(cast.alice().get("/api/v1/permissions.listAll").json().get("update").toString())
          .contains("\"_id\":\"create-c\"");
    }
  }

  @Test
  void users_set_their_status_and_status_message_as_rocket_chat_clients_send_them() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      // Presence comes from connections (offline without one), as in Rocket.Chat.
      DdpClient online = DdpClient.loggedIn(server.baseUrl(), cast.alice());
      var set = cast.alice().postJson("/api/v1/users.setStatus", Map.of("status", "busy", "message", "In class"));
      assertThat(set.status()).as(set.body()).isEqualTo(200);
      JsonNode status = cast.bob().get("/api/v1/users.getStatus?userId=" + cast.alice().userId()).json();
      assertThat(status.get("status").asText()).isEqualTo("busy");
      assertThat(status.get("message").asText()).isEqualTo("In class");
      assertThat(cast.carol().postJson("/api/v1/settings/Accounts_AllowUserStatusMessageChange",
          Map.of("value", false)).status()).isEqualTo(200);
      assertError(cast.alice().postJson("/api/v1/users.setStatus", Map.of("message", "nope")), 400,
          "error-not-allowed");
      assertThat(cast.bob().get("/api/v1/users.getStatus?userId=" + cast.alice().userId()).json()
          .get("message").asText()).isEqualTo("In class");
      online.close();
    }
  }

  @Test
  void the_username_rule_is_the_utf8_user_names_validation_setting() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      Map<String, Object> plus = Map.of("username", "a+b", "email", "ab@example.com", "password",
          "pw-a+b-123", "name", "A B");
      assertError(cast.carol().postJson("/api/v1/users.create", plus), 400, "error-input-is-not-a-valid-field");
      assertThat(cast.carol().postJson("/api/v1/settings/UTF8_User_Names_Validation",
          Map.of("value", "[0-9a-zA-Z-_.+]+")).status()).isEqualTo(200);
      var created = cast.carol().postJson("/api/v1/users.create", plus);
      assertThat(created.status()).as(created.body()).isEqualTo(200);
      // An invalid pattern falls back to Rocket.Chat's default rather than letting anything in.
      assertThat(cast.carol().postJson("/api/v1/settings/UTF8_User_Names_Validation",
          Map.of("value", "[unclosed")).status()).isEqualTo(200);
      assertError(cast.carol().postJson("/api/v1/users.create", Map.of("username", "c+d", "email",
          "cd@example.com", "password", "pw-c+d-123", "name", "C D")), 400, "error-input-is-not-a-valid-field");
    }
  }

  @Test
  void a_secret_url_registration_form_admits_only_those_with_the_secret() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      cast.carol().postJson("/api/v1/settings/Accounts_RegistrationForm", Map.of("value", "Secret URL"));
      cast.carol().postJson("/api/v1/settings/Accounts_RegistrationForm_SecretURL", Map.of("value", "s3cr3t-link"));
      Map<String, Object> dave = Map.of("username", "dave", "email", "dave@example.com", "pass", "dave-pass-1");
      assertError(cast.anonymous().postJson("/api/v1/users.register", dave), 400, "error-user-registration-secret");
      Map<String, Object> wrong = new java.util.HashMap<>(dave);
      wrong.put("secret", "guess");
      assertError(cast.anonymous().postJson("/api/v1/users.register", wrong), 400, "error-user-registration-secret");
      Map<String, Object> right = new java.util.HashMap<>(dave);
      right.put("secret", "s3cr3t-link");
      var registered = cast.anonymous().postJson("/api/v1/users.register", right);
      assertThat(registered.status()).as(registered.body()).isEqualTo(200);
      assertThat(cast.anonymous().get("/api/v1/settings.public?count=200").body()).doesNotContain("s3cr3t-link");
    }
  }

  @Test
  void deactivating_a_user_revokes_their_tokens_and_sockets_but_never_the_last_admin() throws Exception {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      DdpClient socket = DdpClient.connect(server.baseUrl());
      socket.call("login", Map.of("resume", cast.bob().token()));
      assertThat(cast.alice().postJson("/api/v1/users.setActiveStatus",
          Map.of("userId", cast.bob().userId(), "activeStatus", false)).status()).isEqualTo(403);
      JsonNode off = cast.carol().postJson("/api/v1/users.setActiveStatus",
          Map.of("userId", cast.bob().userId(), "activeStatus", false)).json();
      assertThat(off.at("/user/active").asBoolean()).isFalse();
      assertThat(cast.bob().get("/api/v1/me").status()).isEqualTo(401);
      assertThat(socket.closed.get(5, TimeUnit.SECONDS)).isNotNull();
      assertThat(cast.anonymous().postForm("/api/v1/login", Map.of("user", "bob", "password", Cast.PASSWORD))
          .status()).isEqualTo(401);

      cast.carol().postJson("/api/v1/users.setActiveStatus", Map.of("userId", cast.bob().userId(), "activeStatus", true));
      assertThat(cast.anonymous().postForm("/api/v1/login", Map.of("user", "bob", "password", Cast.PASSWORD))
          .status()).isEqualTo(200);
      assertError(cast.carol().postJson("/api/v1/users.setActiveStatus",
          Map.of("userId", cast.carol().userId(), "activeStatus", false)), 400, "error-action-not-allowed");
      JsonNode list = cast.carol().get("/api/v1/users.list").json();
      assertThat(list.get("total").asInt()).isEqualTo(4);
      assertThat(list.get("users").toString()).contains("alice@example.com");
    }
  }
}
