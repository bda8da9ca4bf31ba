package chat.parley.storage;

import chat.parley.common.Transactor;
import chat.parley.common.Tx;
import chat.parley.config.Config;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The one place that chooses and opens the database: SQLite in the data directory by default,
 * PostgreSQL when {@code DATABASE_URL} is set. Writes go through one {@link GroupCommitWriter};
 * reads use a small pool. Schema changes are Flyway migrations, one folder per dialect.
 */
public final class Db implements Transactor, AutoCloseable {
  private final Dialect dialect;
  private final HikariDataSource readPool;
  private final GroupCommitWriter writer;
  private final String description;
  /** SQLite's message search index, or null (PostgreSQL searches with pg_trgm). */
  private final SearchIndex searchIndex;

  private Db(Dialect dialect, HikariDataSource readPool, GroupCommitWriter writer, String description,
      SearchIndex searchIndex) {
    this.dialect = dialect;
    this.readPool = readPool;
    this.writer = writer;
    this.description = description;
    this.searchIndex = searchIndex;
  }

  public static Db open(Config config) {
    return config.databaseUrl().map(Db::openPostgres).orElseGet(() -> openSqlite(config.dataDir()));
  }

  private static Db openSqlite(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (java.io.IOException e) {
      throw new StorageException("Cannot create the data directory " + dataDir, e);
    }
    Path file = dataDir.resolve("parley.db").toAbsolutePath();
    String url = "jdbc:sqlite:" + file;

    SQLiteDataSource writable = sqliteDataSource(url);
    migrate(writable, Dialect.SQLITE);
    SearchIndex searchIndex = SearchIndex.open(file);

    HikariConfig pool = new HikariConfig();
    // Readers are ordinary connections: sqlite-jdbc refuses the read-only flag Hikari would set,
    // and WAL already keeps readers and the writer out of each other's way.
    pool.setDataSource(sqliteDataSource(url));
    pool.setPoolName("parley-sqlite-read");
    pool.setMaximumPoolSize(Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
    pool.setAutoCommit(true);
    // Local file connections never go stale: keep them, and with them their statement caches.
    pool.setMaxLifetime(0);
    pool.setIdleTimeout(0);
    pool.setMinimumIdle(pool.getMaximumPoolSize());
    // Searches join the index kept in its own file (SearchIndex).
    pool.setConnectionInitSql(SearchIndex.attachSql(file));
    HikariDataSource readPool = new HikariDataSource(pool);

    GroupCommitWriter writer = new GroupCommitWriter(() -> writerConnection(writable),
        Dialect.SQLITE, new SearchIndexFeed(searchIndex));
    return new Db(Dialect.SQLITE, readPool, writer, "SQLite " + file, searchIndex);
  }

  /**
   * The writer runs every job in its own savepoint, and SQLite keeps the original of each page a
   * savepoint touches in a statement journal that spills to a temporary file past 64 KiB: at a
   * few thousand messages a second that was 70% of the writer's write syscalls. In memory it is
   * a memcpy; it lives for one batch (at most 1,024 jobs of a few pages each).
   */
  private static Connection writerConnection(DataSource ds) {
    Connection conn = connect(ds);
    try (var statement = conn.createStatement()) {
      statement.execute("PRAGMA temp_store = MEMORY");
    } catch (SQLException e) {
      throw new StorageException("Cannot configure the writer connection", e);
    }
    return conn;
  }

  private static SQLiteDataSource sqliteDataSource(String url) {
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: a commit is on disk before it is acknowledged. Group commit keeps that affordable.
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    cfg.setBusyTimeout(10_000);
    cfg.enforceForeignKeys(true);
    // Nothing reads generated keys; without this every INSERT also runs SELECT last_insert_rowid().
    cfg.setGetGeneratedKeys(false);
    SQLiteDataSource ds = new SQLiteDataSource(cfg);
    ds.setUrl(url);
    return ds;
  }

  private static Db openPostgres(String databaseUrl) {
    String jdbcUrl = toJdbcUrl(databaseUrl);
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(jdbcUrl);
    cfg.setPoolName("parley-pg");
    cfg.setMaximumPoolSize(12);
    cfg.setAutoCommit(true);
    HikariDataSource pool = new HikariDataSource(cfg);
    migrate(pool, Dialect.POSTGRES);
    warnIfTrigramsIgnoreNonAscii(pool);
    GroupCommitWriter writer = new GroupCommitWriter(() -> connect(pool), Dialect.POSTGRES);
    return new Db(Dialect.POSTGRES, pool, writer, "PostgreSQL " + redact(jdbcUrl), null);
  }

  /** Accepts {@code jdbc:postgresql://...} and the common {@code postgres://user:pw@host/db}. */
  static String toJdbcUrl(String url) {
    if (url.startsWith("jdbc:")) {
      return url;
    }
    URI uri = URI.create(url);
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
    if (uri.getPort() > 0) {
      jdbc.append(':').append(uri.getPort());
    }
    jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath());
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    if (uri.getUserInfo() != null) {
      String[] parts = uri.getUserInfo().split(":", 2);
      query = (query.isEmpty() ? "" : query + "&") + "user=" + parts[0]
          + (parts.length > 1 ? "&password=" + parts[1] : "");
    }
    return query.isEmpty() ? jdbc.toString() : jdbc + "?" + query;
  }

  /**
   * pg_trgm only makes trigrams of characters the database locale calls alphanumeric: under the
   * C locale that is ASCII only, and Japanese search falls back to scanning the room.
   */
  private static void warnIfTrigramsIgnoreNonAscii(DataSource ds) {
    try (Connection c = ds.getConnection();
        var rs = c.createStatement().executeQuery("SELECT array_length(show_trgm('会議室'), 1)")) {
      if (rs.next() && rs.getObject(1) == null) {
        org.slf4j.LoggerFactory.getLogger(Db.class).warn("This PostgreSQL database uses a non-UTF-8"
            + " locale (e.g. C): search cannot index Japanese or other non-ASCII text; create the"
            + " database with a UTF-8 locale such as C.UTF-8 or en_US.UTF-8");
      }
    } catch (SQLException e) {
      org.slf4j.LoggerFactory.getLogger(Db.class).warn("Could not check pg_trgm's locale support", e);
    }
  }

  private static String redact(String jdbcUrl) {
    return jdbcUrl.replaceAll("password=[^&]*", "password=***");
  }

  private static void migrate(DataSource ds, Dialect dialect) {
    Flyway.configure()
        .dataSource(ds)
        .locations(dialect.migrationLocation())
        .load()
        .migrate();
  }

  private static Connection connect(DataSource ds) {
    try {
      return ds.getConnection();
    } catch (SQLException e) {
      throw new StorageException("Cannot connect to the database", e);
    }
  }

  public Dialect dialect() {
    return dialect;
  }

  /** For the start-up log line: which database, without secrets. */
  public String description() {
    return description;
  }

  /** SQLite has exactly one writer, this process's; PostgreSQL may be shared by other nodes. */
  @Override
  public long accessVersion() {
    return dialect == Dialect.SQLITE ? AccessVersion.current() : NO_ACCESS_VERSION;
  }

  @Override
  public <T> T write(Function<Tx, T> work) {
    return writer.submit(work);
  }

  /**
   * SQLite compiles SQL on every prepare; each pooled SQLite connection keeps its statements
   * (a connection serves one reader at a time, so its cache needs no locking).
   */
  private final java.util.Map<Connection, java.util.Map<String, java.sql.PreparedStatement>> readStatements =
      new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public <T> T read(Function<Tx, T> work) {
    try (Connection conn = readPool.getConnection()) {
      if (dialect != Dialect.SQLITE) {
        return work.apply(new JdbcTx(conn, dialect));
      }
      Connection physical = conn.unwrap(org.sqlite.SQLiteConnection.class);
      var cache = readStatements.computeIfAbsent(physical, c -> boundedCache());
      JdbcTx tx = new JdbcTx(physical, dialect, cache, null);
      tx.searchIndex = searchIndex;
      return work.apply(tx);
    } catch (SQLException e) {
      throw new StorageException("Read failed", e);
    }
  }

  static java.util.Map<String, java.sql.PreparedStatement> boundedCache() {
    return new java.util.LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(java.util.Map.Entry<String, java.sql.PreparedStatement> eldest) {
        if (size() > 512) {
          try {
            eldest.getValue().close();
          } catch (SQLException ignored) {
            // Evicted; nothing to do.
          }
          return true;
        }
        return false;
      }
    };
  }

  @Override
  public void close() {
    writer.close();
    readPool.close();
    if (searchIndex != null) {
      searchIndex.close();
    }
  }
}
