package chat.parley.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Adds new messages to SQLite's FTS5 search index in chunks, inside a group commit's
 * transaction: at a commit when {@link #INTERVAL_NANOS} have passed since the last chunk (so at
 * once when traffic is light), and before any search that finds the index behind
 * ({@link #catchUp}, run as a write), so a search still sees every message sent before it.
 * Why chunks: the trigram index costs the single writer about a third of its CPU per message
 * when fed a few messages per commit, mostly per-flush work (bench/README.md); fed a chunk of a
 * hundred milliseconds of messages it costs less than half of that. Progress lives in
 * {@code search_index_progress}, written in the same transaction: a rolled-back batch leaves
 * index and marker consistent. Statements are prepared on the writer's connection once.
 */
final class SearchIndexer implements GroupCommitWriter.BeforeCommit {
  private static final String PENDING = "SELECT p.last_seq, COALESCE(s.seq, 0) FROM search_index_progress p"
      + " LEFT JOIN sqlite_sequence s ON s.name = 'messages'";
  private static final String INDEX =
      "INSERT INTO messages_fts(rowid, msg) SELECT seq, msg FROM messages WHERE seq > ? AND seq <= ?";
  private static final String MARK = "UPDATE search_index_progress SET last_seq = ?";
  /** At most this long between chunks under load: a chunk of 100 ms is ≈1,000 messages. */
  static final long INTERVAL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

  /** Statements prepared once on the writer's connection (preparing the FTS insert is costly). */
  private Connection preparedOn;
  private PreparedStatement pending;
  private PreparedStatement index;
  private PreparedStatement mark;
  /** Writer thread only. */
  private long lastChunkAt = System.nanoTime() - INTERVAL_NANOS;

  @Override
  public void run(Connection conn) throws SQLException {
    long now = System.nanoTime();
    if (now - lastChunkAt < INTERVAL_NANOS) {
      return;
    }
    if (conn != preparedOn) {
      pending = conn.prepareStatement(PENDING);
      index = conn.prepareStatement(INDEX);
      mark = conn.prepareStatement(MARK);
      preparedOn = conn;
    }
    indexPending(pending, index, mark);
    lastChunkAt = now;
  }

  /** Indexes every message inserted since the last call, on a connection used once (start-up). */
  static long indexPending(Connection conn) throws SQLException {
    try (PreparedStatement p = conn.prepareStatement(PENDING);
        PreparedStatement i = conn.prepareStatement(INDEX);
        PreparedStatement m = conn.prepareStatement(MARK)) {
      return indexPending(p, i, m);
    }
  }

  /** Whether committed messages are not in the index yet. */
  static boolean behind(Connection conn) {
    try (PreparedStatement p = conn.prepareStatement(PENDING); ResultSet rs = p.executeQuery()) {
      return rs.next() && rs.getLong(2) > rs.getLong(1);
    } catch (SQLException e) {
      throw new StorageException("Cannot read the search index's progress", e);
    }
  }

  /** Indexes what is pending now, inside a write job (a search found the index behind). */
  static void catchUp(Connection conn) {
    try {
      indexPending(conn);
    } catch (SQLException e) {
      throw new StorageException("Cannot bring the search index up to date", e);
    }
  }

  /** Returns how many seq values it covered. */
  private static long indexPending(PreparedStatement pending, PreparedStatement index,
      PreparedStatement mark) throws SQLException {
    long indexed;
    long newest;
    try (ResultSet rs = pending.executeQuery()) {
      if (!rs.next()) {
        return 0;
      }
      indexed = rs.getLong(1);
      newest = rs.getLong(2);
    }
    if (newest <= indexed) {
      return 0;
    }
    index.setLong(1, indexed);
    index.setLong(2, newest);
    index.executeUpdate();
    mark.setLong(1, newest);
    mark.executeUpdate();
    return newest - indexed;
  }
}
