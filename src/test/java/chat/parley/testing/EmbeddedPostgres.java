package chat.parley.testing;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL (zonky) per test JVM, started on first use; every test server gets a
 * database of its own.
 */
public final class EmbeddedPostgres {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres instance;

  private EmbeddedPostgres() {}

  private static synchronized io.zonky.test.db.postgres.embedded.EmbeddedPostgres instance() {
    if (instance == null) {
      try {
        instance = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
      } catch (Exception e) {
        throw new IllegalStateException("Embedded PostgreSQL did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          instance.close();
        } catch (Exception ignored) {
          // The JVM is exiting.
        }
      }));
    }
    return instance;
  }

  /** Creates an empty database and returns its JDBC URL. */
  public static String freshDatabase() {
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = instance();
    String name = "parley_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot create test database " + name, e);
    }
    return pg.getJdbcUrl("postgres", name);
  }
}
