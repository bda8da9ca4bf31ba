package chat.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official {@code @rocket.chat/sdk} (0.2.9, pinned in e2e/sdk) as a bot: it connects over
 * DDP, logs in, reacts to a message a person posted over REST, answers, and reads the answer
 * back with its REST helper. .ci/run installs its node_modules with {@code npm ci}.
 */
class RocketChatSdkIT {

  @Test
  void the_official_sdk_runs_a_bot_against_parley() throws Exception {
    Path sdk = Path.of("e2e/sdk");
    assertThat(sdk.resolve("node_modules/@rocket.chat/sdk")).as("run: cd e2e/sdk && npm ci").exists();
    try (TestServer server = TestServer.start(Backend.SQLITE)) {
      Cast.register(server);
      Path log = Files.createTempFile("parley-sdk-", ".log");
      ProcessBuilder pb = new ProcessBuilder("node", "run.js").directory(sdk.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("PARLEY_URL", server.baseUrl());
      pb.environment().put("BOT_USER", "bob");
      pb.environment().put("BOT_PASS", Cast.PASSWORD);
      pb.environment().put("OTHER_USER", "alice");
      pb.environment().put("OTHER_PASS", Cast.PASSWORD);
      Process node = pb.start();
      assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = Files.readString(log);
      assertThat(node.exitValue()).as(output).isZero();
      assertThat(output).contains("bot received: ping from a human").contains("SDK E2E OK");
    }
  }
}
