package chat.parley.testing;

import chat.parley.Parley;
import chat.parley.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A real Parley on a random loopback port, built by the same {@code Parley.build} as main. */
public final class TestServer implements AutoCloseable {
  private final Config config;
  private final Parley parley;

  private TestServer(Config config) {
    this.config = config;
    this.parley = Parley.build(config).start();
  }

  public static TestServer start(Backend backend) {
    return start(backend, Map.of());
  }

  /**
   * A fresh server; the API rate limiter is off unless {@code settingOverrides} turns it on (as
   * Rocket.Chat's own CI runs), since tests post far faster than any client.
   */
  public static TestServer start(Backend backend, Map<String, String> settingOverrides) {
    Map<String, String> settings = new java.util.HashMap<>(Map.of("API_Enable_Rate_Limiter", "false"));
    settings.putAll(settingOverrides);
    Config config = Config.forTests(tempDir(), backend.freshDatabaseUrl())
        .withSettingOverrides(settings);
    return new TestServer(config);
  }

  /** A server over an existing data directory / database, e.g. to restart or clone one. */
  public static TestServer start(Config config) {
    return new TestServer(config);
  }

  private static final java.util.List<Path> TEMP_DIRS = new java.util.concurrent.CopyOnWriteArrayList<>();

  static {
    // Data directories outlive their server (restart and clone tests reuse them): clean at exit.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> TEMP_DIRS.forEach(TestServer::deleteTree)));
  }

  public static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("parley-test-");
      TEMP_DIRS.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Best effort at JVM exit.
    }
  }

  public Config config() {
    return config;
  }

  public Parley parley() {
    return parley;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + parley.port();
  }

  public RestClient client() {
    return new RestClient(baseUrl());
  }

  public Optional<String> databaseUrl() {
    return config.databaseUrl();
  }

  @Override
  public void close() {
    parley.close();
  }
}
