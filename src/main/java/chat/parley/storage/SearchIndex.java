package chat.parley.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * SQLite's message search index (FTS5, trigram: substrings in any script, Japanese included),
 * kept in its own database file beside {@code parley.db} and filled by its own thread, so the
 * single writer never spends time on it: fed a few messages per group commit, the index cost
 * that writer a third of its CPU per message (bench/README.md).
 *
 * <p>The index is derived data. New messages are found by {@code seq} (AUTOINCREMENT, never
 * reused); edits and deletions by the {@code search_changes} log that triggers in parley.db fill
 * (V23). Progress is stored in the index's own file, in the same transaction as the index, so
 * after a crash the indexer simply goes on from there. A search first calls {@link #awaitCurrent},
 * which indexes whatever is still pending, so it sees every message committed before it; the
 * whole catch-up reads parley.db in one snapshot.
 *
 * <p>When the file is missing, damaged, or does not fit parley.db (a restored backup, a data
 * directory copied mid-write), it is rebuilt from the messages.
 */
final class SearchIndex implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);
  static final String FILE_NAME = "search.db";
  /** Bump to rebuild every index file on its next start. */
  private static final int FORMAT = 1;
  /**
   * At most this often under load. Chunks index far faster per message than small batches
   * (offline, trigram index, 150k messages: 31 µs per message in chunks of 20, 17 in chunks of
   * 1,000, 6–9 in chunks of 3,000 — about 250 ms of peak traffic — with {@link #AUTOMERGE} 8).
   */
  private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  /**
   * FTS5 merges a level's segments once this many exist (default 4). 8 halves the merge work
   * at the price of a few more segments per search; searches read pages, not whole segments.
   */
  private static final int AUTOMERGE = 8;

  private static final String MAXIMA = "SELECT"
      + " (SELECT COALESCE(MAX(seq), 0) FROM chat.sqlite_sequence WHERE name = 'messages'),"
      + " (SELECT COALESCE(MAX(seq), 0) FROM chat.sqlite_sequence WHERE name = 'search_changes'),"
      + " (SELECT changes_pruned_upto FROM chat.search_state WHERE id = 1)";
  private static final String CHANGED = "SELECT DISTINCT seq FROM chat.search_changes"
      + " WHERE id > ? AND id <= ? AND seq <= ?";
  private static final String REMOVE_CHANGED = "DELETE FROM messages_fts WHERE rowid IN (" + CHANGED + ")";
  private static final String ADD_CHANGED = "INSERT INTO messages_fts(rowid, msg)"
      + " SELECT seq, msg FROM chat.messages WHERE seq IN (" + CHANGED + ")";
  private static final String ADD_NEW = "INSERT INTO messages_fts(rowid, msg)"
      + " SELECT seq, msg FROM chat.messages WHERE seq > ? AND seq <= ?";
  private static final String MARK = "UPDATE search_progress SET last_seq = ?, last_change = ? WHERE id = 1";

  private final Path file;
  private final Path messagesFile;
  private final Object lock = new Object();
  private Connection conn;
  /** What the index holds (changed under the lock). */
  private volatile long indexedSeq;
  private volatile long indexedChange;
  private volatile boolean running = true;
  private final Thread thread;

  private SearchIndex(Path file, Path messagesFile) {
    this.file = file;
    this.messagesFile = messagesFile;
    this.thread = Thread.ofPlatform().name("parley-search-indexer").daemon(true).unstarted(this::loop);
  }

  /** Opens (or rebuilds) the index beside {@code messagesFile} and starts its indexer. */
  static SearchIndex open(Path messagesFile) {
    SearchIndex index = new SearchIndex(fileBeside(messagesFile), messagesFile);
    try {
      index.openChecked();
    } catch (SQLException | StorageException e) {
      log.warn("The search index {} cannot be used ({}); rebuilding it", index.file, e.getMessage());
      index.closeConnection();
      index.deleteFiles();
      try {
        index.openChecked();
      } catch (SQLException again) {
        throw new StorageException("Cannot create the search index " + index.file, again);
      }
    }
    index.thread.start();
    return index;
  }

  static Path fileBeside(Path messagesFile) {
    return messagesFile.resolveSibling(FILE_NAME);
  }

  /** What reader connections run once so that searches can join {@code search.messages_fts}. */
  static String attachSql(Path messagesFile) {
    return "ATTACH DATABASE '" + fileBeside(messagesFile).toString().replace("'", "''") + "' AS search";
  }

  private void openChecked() throws SQLException {
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // Derived data: after a power loss the indexer redoes what the last commits held.
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    cfg.setBusyTimeout(10_000);
    cfg.setGetGeneratedKeys(false);
    conn = cfg.createConnection("jdbc:sqlite:" + file);
    try (Statement st = conn.createStatement()) {
      // parley.db is only read here; the single writer owns it.
      st.execute("ATTACH DATABASE '" + messagesFile.toString().replace("'", "''") + "' AS chat");
      int format;
      try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
        format = rs.next() ? rs.getInt(1) : 0;
      }
      if (format != FORMAT) {
        create(st);
      }
    }
    conn.setAutoCommit(false);
    long[] progress = progress();
    long[] maxima = maxima();
    conn.commit();
    boolean fits = progress[0] <= maxima[0] && progress[1] <= maxima[1] && progress[1] >= maxima[2];
    if (!fits) {
      log.warn("The search index {} does not match the messages (indexed up to {}/{}, messages"
          + " up to {}/{}, changes pruned up to {}); rebuilding it", file, progress[0], progress[1],
          maxima[0], maxima[1], maxima[2]);
      conn.setAutoCommit(true);
      try (Statement st = conn.createStatement()) {
        create(st);
      }
      conn.setAutoCommit(false);
      progress = progress();
      conn.commit();
    }
    indexedSeq = progress[0];
    indexedChange = progress[1];
  }

  /** A new, empty index that owes every message there is, and no change made before it. */
  private void create(Statement st) throws SQLException {
    st.execute("DROP TABLE IF EXISTS messages_fts");
    st.execute("DROP TABLE IF EXISTS search_progress");
    st.execute("CREATE VIRTUAL TABLE messages_fts USING fts5(msg, content='',"
        + " contentless_delete=1, tokenize='trigram')");
    st.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES ('automerge', " + AUTOMERGE + ")");
    st.execute("CREATE TABLE search_progress (id INTEGER PRIMARY KEY CHECK (id = 1),"
        + " last_seq INTEGER NOT NULL, last_change INTEGER NOT NULL)");
    st.execute("INSERT INTO search_progress (id, last_seq, last_change) SELECT 1, 0,"
        + " (SELECT COALESCE(MAX(seq), 0) FROM chat.sqlite_sequence WHERE name = 'search_changes')");
    st.execute("PRAGMA user_version = " + FORMAT);
  }

  private long[] progress() throws SQLException {
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT last_seq, last_change FROM search_progress WHERE id = 1")) {
      if (!rs.next()) {
        throw new SQLException("The search index has no progress row");
      }
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  /** Newest message seq, newest change id, and how far parley.db's change log was pruned. */
  private long[] maxima() throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(MAXIMA); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
    }
  }

  /** How far the index got in the change log: the writer may forget what is up to here. */
  long indexedChange() {
    return indexedChange;
  }

  /** Wakes the indexer: something was committed. */
  void poke() {
    LockSupport.unpark(thread);
  }

  /** Makes every message committed before this call searchable (a search is about to run). */
  void awaitCurrent() {
    catchUp();
  }

  private void loop() {
    long lastChunkAt = System.nanoTime() - INTERVAL_NANOS;
    while (running) {
      LockSupport.park(this);
      long wait = lastChunkAt + INTERVAL_NANOS - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(this, wait);
      }
      if (!running) {
        return;
      }
      lastChunkAt = System.nanoTime();
      try {
        catchUp();
      } catch (RuntimeException e) {
        log.warn("Indexing messages for search failed; retrying with the next message", e);
      }
    }
  }

  /** Indexes new messages and applies logged edits and deletions. */
  private void catchUp() {
    synchronized (lock) {
      while (!catchUpChunk()) {
        // A rebuild or a long absence: keep each transaction (and the WAL) bounded.
      }
    }
  }

  /** At most {@link #MAX_CHUNK} new messages per transaction. */
  private static final long MAX_CHUNK = 50_000;

  /** One transaction of {@link #catchUp}; true when nothing newer was left. */
  private boolean catchUpChunk() {
    try {
      long[] maxima = maxima();
      long fromSeq = indexedSeq;
      long fromChange = indexedChange;
      long toSeq = Math.min(maxima[0], fromSeq + MAX_CHUNK);
      long toChange = maxima[1];
      boolean last = toSeq == maxima[0];
      if (toSeq <= fromSeq && toChange <= fromChange) {
        conn.commit();
        return true;
      }
      if (toChange > fromChange) {
        // Only rows already indexed: newer ones are added below with their current text.
        for (String sql : new String[] {REMOVE_CHANGED, ADD_CHANGED}) {
          try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, fromChange);
            ps.setLong(2, toChange);
            ps.setLong(3, fromSeq);
            ps.executeUpdate();
          }
        }
      }
      if (toSeq > fromSeq) {
        try (PreparedStatement ps = conn.prepareStatement(ADD_NEW)) {
          ps.setLong(1, fromSeq);
          ps.setLong(2, toSeq);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps = conn.prepareStatement(MARK)) {
        ps.setLong(1, Math.max(toSeq, fromSeq));
        ps.setLong(2, Math.max(toChange, fromChange));
        ps.executeUpdate();
      }
      conn.commit();
      indexedSeq = Math.max(toSeq, fromSeq);
      indexedChange = Math.max(toChange, fromChange);
      return last;
    } catch (SQLException e) {
      try {
        conn.rollback();
      } catch (SQLException ignored) {
        // The failure below is what matters.
      }
      throw new StorageException("Indexing messages for search failed", e);
    }
  }

  private void closeConnection() {
    if (conn != null) {
      try {
        conn.close();
      } catch (SQLException ignored) {
        // Being replaced or shut down.
      }
      conn = null;
    }
  }

  private void deleteFiles() {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      try {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
      } catch (java.io.IOException e) {
        throw new StorageException("Cannot remove the damaged search index " + file, e);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      closeConnection();
    }
  }
}
