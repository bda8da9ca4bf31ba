package chat.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.config.Config;
import chat.parley.testing.Backend;
import chat.parley.testing.RestClient;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment configures Parley as it configures Rocket.Chat. */
class ConfigurationTest {

  @Test
  void admin_from_the_environment_exists_after_the_first_start_and_only_once() {
    Config config = Config.forTests(TestServer.tempDir(), Backend.SQLITE.freshDatabaseUrl())
        .withAdmin("trainer", "s3cret-pass", "trainer@example.com");
    try (TestServer server = TestServer.start(config)) {
      RestClient trainer = server.client().login("trainer", "s3cret-pass");
      JsonNode me = trainer.get("/api/v1/me").json();
      assertThat(me.get("roles").toString()).contains("admin");
      assertThat(me.get("email").asText()).isEqualTo("trainer@example.com");
      // Someone registering afterwards is not made admin: an admin exists.
      server.client().postJson("/api/v1/users.register", Map.of("username", "trainee",
          "email", "trainee@example.com", "pass", "pw", "name", "Trainee"));
      JsonNode trainee = server.client().login("trainee", "pw").get("/api/v1/me").json();
      assertThat(trainee.get("roles").toString()).doesNotContain("admin");
    }
    // A second start with another ADMIN_PASS neither duplicates nor resets the admin.
    try (TestServer again = TestServer.start(config.withAdmin("trainer", "other-pass", "x@example.com"))) {
      assertThat(again.client().postForm("/api/v1/login",
          Map.of("user", "trainer", "password", "s3cret-pass")).status()).isEqualTo(200);
      assertThat(again.client().postForm("/api/v1/login",
          Map.of("user", "trainer", "password", "other-pass")).status()).isEqualTo(401);
    }
  }

  @Test
  void overwrite_setting_variables_change_limits() {
    try (TestServer server = TestServer.start(Backend.SQLITE,
        Map.of("Message_MaxAllowedSize", "10"))) {
      server.client().postJson("/api/v1/users.register", Map.of("username", "alice",
          "email", "alice@example.com", "pass", "pw", "name", "Alice"));
      RestClient alice = server.client().login("alice", "pw");
      assertThat(SeedFlowContract.send(alice, "GENERAL", "0123456789").status()).isEqualTo(200);
      assertThat(SeedFlowContract.send(alice, "GENERAL", "0123456789!").json().get("errorType")
          .asText()).isEqualTo("error-message-size-exceeded");
    }
  }

  @Test
  void registration_can_be_closed_by_setting() {
    try (TestServer server = TestServer.start(Backend.SQLITE,
        Map.of("Accounts_RegistrationForm", "Disabled"))) {
      RestClient.Response r = server.client().postJson("/api/v1/users.register", Map.of(
          "username", "alice", "email", "alice@example.com", "pass", "pw", "name", "Alice"));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("errorType").asText()).isEqualTo("error-user-registration-disabled");
    }
  }

  @Test
  void environment_variables_are_read_with_rocket_chat_names() {
    Config config = Config.fromEnvironment(Map.of(
        "PORT", "4000",
        "ROOT_URL", "https://chat.example.com",
        "PARLEY_DATA", "/var/lib/parley",
        "DATABASE_URL", "postgres://u:p@db:5432/parley",
        "ADMIN_USERNAME", "boss",
        "ADMIN_PASS", "pw",
        "OVERWRITE_SETTING_Message_MaxAllowedSize", "100"));
    assertThat(config.port()).isEqualTo(4000);
    assertThat(config.rootUrl()).isEqualTo("https://chat.example.com");
    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/parley"));
    assertThat(config.databaseUrl()).contains("postgres://u:p@db:5432/parley");
    assertThat(config.adminUsername()).contains("boss");
    assertThat(config.settingOverrides()).containsEntry("Message_MaxAllowedSize", "100");
    assertThat(Config.fromEnvironment(Map.of()).port()).isEqualTo(3000);
    assertThat(Config.fromEnvironment(Map.of()).dataDir()).isEqualTo(Path.of("data"));
  }
}
