package chat.parley.api;

import static chat.parley.api.SeedFlowContract.send;
import static chat.parley.api.SeedFlowContract.texts;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.config.Config;
import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.RestClient;
import chat.parley.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SQLite keeps the search index in its own file (search.db), filled behind the writes. It is
 * derived data: whatever happens to that file between starts (lost, or older or newer than the
 * messages, as when a backup of one file is restored), searches must answer from the messages
 * as they are.
 */
class SearchIndexFileTest {
  private static final List<String> DB_FILES = List.of("parley.db", "parley.db-wal", "parley.db-shm");

  private static List<String> search(RestClient client, String text) {
    return texts(client.get("/api/v1/chat.search?roomId=GENERAL&count=100&searchText="
        + RestClient.q(text)).json().get("messages"));
  }

  @Test
  void a_lost_index_file_is_rebuilt_from_the_messages() throws Exception {
    Config config;
    try (TestServer server = TestServer.start(Backend.SQLITE)) {
      Cast cast = Cast.register(server);
      send(cast.alice(), "GENERAL", "kept across restarts: marmalade");
      String edited = send(cast.alice(), "GENERAL", "to be edited: quince").json().at("/message/_id").asText();
      cast.alice().postJson("/api/v1/chat.update",
          Map.of("roomId", "GENERAL", "msgId", edited, "text", "edited to: persimmon"));
      assertThat(search(cast.alice(), "marmalade")).containsExactly("kept across restarts: marmalade");
      config = server.config();
    }
    Path index = config.dataDir().resolve("search.db");
    assertThat(index).exists();
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(config.dataDir().resolve("search.db" + suffix));
    }
    try (TestServer server = TestServer.start(config)) {
      RestClient alice = server.client().login("alice", Cast.PASSWORD);
      assertThat(search(alice, "marmalade")).containsExactly("kept across restarts: marmalade");
      assertThat(search(alice, "persimmon")).containsExactly("edited to: persimmon");
      assertThat(search(alice, "quince")).isEmpty();
    }
  }

  /**
   * parley.db restored from an older copy while search.db stayed newer: the index holds
   * messages that no longer exist under their seq, and new messages will reuse those seqs.
   * Trusting it would answer with the wrong messages; it must be rebuilt.
   */
  @Test
  void an_index_newer_than_the_messages_is_rebuilt() throws Exception {
    Config config;
    Path backup = TestServer.tempDir();
    try (TestServer server = TestServer.start(Backend.SQLITE)) {
      Cast cast = Cast.register(server);
      send(cast.alice(), "GENERAL", "before the backup: apricot");
      config = server.config();
    }
    copy(config.dataDir(), backup);
    try (TestServer server = TestServer.start(config)) {
      RestClient alice = server.client().login("alice", Cast.PASSWORD);
      for (int i = 0; i < 5; i++) {
        send(alice, "GENERAL", "after the backup, lost with it: blackcurrant " + i);
      }
      assertThat(search(alice, "blackcurrant")).hasSize(5);
    }
    copy(backup, config.dataDir());
    try (TestServer server = TestServer.start(config)) {
      RestClient alice = server.client().login("alice", Cast.PASSWORD);
      for (int i = 0; i < 5; i++) {
        send(alice, "GENERAL", "new after the restore: cloudberry " + i);
      }
      assertThat(search(alice, "blackcurrant")).isEmpty();
      assertThat(search(alice, "cloudberry")).hasSize(5).allMatch(t -> t.contains("cloudberry"));
      assertThat(search(alice, "apricot")).containsExactly("before the backup: apricot");
    }
  }

  private static void copy(Path fromDir, Path toDir) throws Exception {
    for (String name : DB_FILES) {
      Path from = fromDir.resolve(name);
      Path to = toDir.resolve(name);
      if (Files.exists(from)) {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.deleteIfExists(to);
      }
    }
  }
}
