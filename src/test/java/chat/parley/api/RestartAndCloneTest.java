package chat.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.config.Config;
import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.RestClient;
import chat.parley.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Tokens and messages outlive the process, and a copy of the data directory is a working clone
 * that accepts the original's tokens (the seed's "cloned server" case).
 */
class RestartAndCloneTest {

  @Test
  void sqlite_tokens_and_messages_survive_a_restart() {
    assertSurvivesRestart(Backend.SQLITE);
  }

  @Test
  void postgres_tokens_and_messages_survive_a_restart() {
    assertSurvivesRestart(Backend.POSTGRES);
  }

  private void assertSurvivesRestart(Backend backend) {
    Config config;
    String token;
    String userId;
    String msgId;
    try (TestServer first = TestServer.start(backend)) {
      config = first.config();
      Cast cast = Cast.register(first);
      token = cast.alice().token();
      userId = cast.alice().userId();
      msgId = SeedFlowContract.send(cast.alice(), "GENERAL", "before restart").json()
          .at("/message/_id").asText();
    }
    try (TestServer second = TestServer.start(config)) {
      RestClient alice = second.client().as(userId, token);
      assertThat(alice.get("/api/v1/me").status()).isEqualTo(200);
      assertThat(alice.get("/api/v1/chat.getMessage?msgId=" + msgId).json().at("/message/msg").asText())
          .isEqualTo("before restart");
    }
  }

  @Test
  void a_copied_data_directory_serves_the_original_tokens_on_another_port() throws IOException {
    try (TestServer original = TestServer.start(Backend.SQLITE)) {
      Cast cast = Cast.register(original);
      String msgId = SeedFlowContract.send(cast.alice(), "GENERAL", "cloned").json()
          .at("/message/_id").asText();

      // Copy the files while the original keeps running, as a disk clone would.
      Path copy = TestServer.tempDir();
      copyDirectory(original.config().dataDir(), copy);
      try (TestServer clone = TestServer.start(original.config().withDataDir(copy))) {
        assertThat(clone.parley().port()).isNotEqualTo(original.parley().port());
        RestClient alice = clone.client().as(cast.alice().userId(), cast.alice().token());
        assertThat(alice.get("/api/v1/me").json().get("username").asText()).isEqualTo("alice");
        assertThat(alice.get("/api/v1/chat.getMessage?msgId=" + msgId).json().at("/message/msg")
            .asText()).isEqualTo("cloned");
        assertThat(SeedFlowContract.send(alice, "GENERAL", "on the clone").status()).isEqualTo(200);
        // The two servers are independent from here on.
        assertThat(cast.alice().get("/api/v1/rooms.get").status()).isEqualTo(200);
      }
    }
  }

  private static void copyDirectory(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }
}
