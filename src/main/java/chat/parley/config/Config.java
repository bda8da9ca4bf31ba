package chat.parley.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything Parley reads from its environment, named as Rocket.Chat names it ({@code PORT},
 * {@code ROOT_URL}, {@code ADMIN_PASS}, {@code OVERWRITE_SETTING_<id>}...).
 *
 * @param port HTTP port; 0 picks a free one (tests)
 * @param databaseUrl PostgreSQL JDBC or postgres:// URL; empty means SQLite under {@code dataDir}
 * @param bcryptCost bcrypt work factor; Rocket.Chat uses 10, tests use less
 * @param settingOverrides values forced on every start, by setting id
 */
public record Config(
    String host,
    int port,
    String rootUrl,
    Path dataDir,
    Optional<String> databaseUrl,
    Optional<String> adminUsername,
    Optional<String> adminPass,
    Optional<String> adminEmail,
    Optional<String> adminName,
    Map<String, String> settingOverrides,
    int bcryptCost) {

  public static final String SETTING_OVERRIDE_PREFIX = "OVERWRITE_SETTING_";

  public static Config fromEnvironment(Map<String, String> env) {
    int port = Integer.parseInt(env.getOrDefault("PORT", "3000"));
    Map<String, String> overrides = new TreeMap<>();
    env.forEach(
        (key, value) -> {
          if (key.startsWith(SETTING_OVERRIDE_PREFIX)) {
            overrides.put(key.substring(SETTING_OVERRIDE_PREFIX.length()), value);
          }
        });
    return new Config(
        env.getOrDefault("BIND_IP", "0.0.0.0"),
        port,
        env.getOrDefault("ROOT_URL", "http://localhost:" + port),
        Path.of(env.getOrDefault("PARLEY_DATA", "data")),
        nonBlank(env.get("DATABASE_URL")),
        nonBlank(env.get("ADMIN_USERNAME")),
        nonBlank(env.get("ADMIN_PASS")),
        nonBlank(env.get("ADMIN_EMAIL")),
        nonBlank(env.get("ADMIN_NAME")),
        Map.copyOf(overrides),
        10);
  }

  /** A config for tests: loopback, a random port, the given data directory, cheap hashing. */
  public static Config forTests(Path dataDir, Optional<String> databaseUrl) {
    return new Config(
        "127.0.0.1",
        0,
        "http://localhost",
        dataDir,
        databaseUrl,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        4);
  }

  public Config withPort(int newPort) {
    return new Config(host, newPort, rootUrl, dataDir, databaseUrl, adminUsername, adminPass,
        adminEmail, adminName, settingOverrides, bcryptCost);
  }

  public Config withDataDir(Path newDataDir) {
    return new Config(host, port, rootUrl, newDataDir, databaseUrl, adminUsername, adminPass,
        adminEmail, adminName, settingOverrides, bcryptCost);
  }

  public Config withAdmin(String username, String pass, String email) {
    return new Config(host, port, rootUrl, dataDir, databaseUrl, Optional.of(username),
        Optional.of(pass), Optional.of(email), adminName, settingOverrides, bcryptCost);
  }

  public Config withSettingOverrides(Map<String, String> overrides) {
    return new Config(host, port, rootUrl, dataDir, databaseUrl, adminUsername, adminPass,
        adminEmail, adminName, Map.copyOf(overrides), bcryptCost);
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
