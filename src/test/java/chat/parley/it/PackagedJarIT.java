package chat.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.RestClient;
import chat.parley.testing.TestServer;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as an operator runs it: {@code java -jar target/parley.jar} configured by
 * environment variables. Acknowledged messages survive {@code kill -9}; SIGTERM stops cleanly.
 */
class PackagedJarIT {
  private static final String JAR = System.getProperty("parley.jar", "target/parley.jar");

  private record Running(Process process, int port, Path log) {
    RestClient client() {
      return new RestClient("http://127.0.0.1:" + port);
    }
  }

  private static Running start(Path dataDir) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("parley-it-", ".log");
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR);
    pb.environment().put("PORT", String.valueOf(port));
    pb.environment().put("BIND_IP", "127.0.0.1");
    pb.environment().put("PARLEY_DATA", dataDir.toString());
    pb.environment().put("ADMIN_USERNAME", "trainer");
    pb.environment().put("ADMIN_PASS", "trainer-pass");
    pb.environment().put("ADMIN_EMAIL", "trainer@example.com");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = pb.start();
    Running running = new Running(process, port, log);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("Parley exited early:\n" + Files.readString(log));
      }
      try {
        if (running.client().get("/api/info").status() == 200) {
          return running;
        }
      } catch (RuntimeException notYet) {
        Thread.sleep(100);
      }
    }
    process.destroyForcibly();
    throw new AssertionError("Parley did not start:\n" + Files.readString(log));
  }

  @Test
  void acknowledged_messages_survive_kill_9() throws Exception {
    assertThat(new File(JAR)).exists();
    Path data = TestServer.tempDir();
    Running first = start(data);
    RestClient trainer = first.client().login("trainer", "trainer-pass");

    ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
    List<Future<?>> senders = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < 16; i++) {
        int sender = i;
        senders.add(pool.submit(() -> {
          for (int n = 0; n < 25; n++) {
            RestClient.Response r = trainer.postJson("/api/v1/chat.postMessage",
                Map.of("roomId", "GENERAL", "text", "durable " + sender + "/" + n));
            if (r.status() == 200) {
              acknowledged.add(r.json().at("/message/_id").asText());
            }
          }
        }));
      }
      for (Future<?> f : senders) {
        f.get();
      }
    }
    assertThat(acknowledged).hasSize(16 * 25);

    first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no flush
    assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

    Running second = start(data);
    try {
      RestClient again = second.client().as(trainer.userId(), trainer.token());
      for (String id : acknowledged) {
        assertThat(again.get("/api/v1/chat.getMessage?msgId=" + id).status()).as(id).isEqualTo(200);
      }
    } finally {
      second.process().destroy();
      second.process().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void sigterm_shuts_down_gracefully() throws Exception {
    Running running = start(TestServer.tempDir());
    running.process().destroy(); // SIGTERM
    assertThat(running.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(running.log())).contains("Parley stopped").doesNotContain("Exception");
  }

  @Test
  void the_start_line_names_the_url_database_and_version() throws Exception {
    Running running = start(TestServer.tempDir());
    try {
      String log = Files.readString(running.log());
      assertThat(log).contains("listening on http://127.0.0.1:" + running.port()).contains("SQLite")
          .contains("Parley 0.1.0");
    } finally {
      running.process().destroy();
      running.process().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
