package chat.parley.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Adds new messages to SQLite's FTS5 search index once per group commit, inside the batch's
 * transaction, so search is exactly as fresh as the data while the per-message cost drops from
 * a per-row trigger's ≈105 µs to a share of one {@code INSERT ... SELECT} (see bench/README.md).
 * Progress lives in {@code search_index_progress}, written in the same transaction: a rolled-back
 * batch leaves index and marker consistent. Statements are prepared on the writer's
 * connection once; this runs once per batch, not per message.
 */
final class SearchIndexer implements GroupCommitWriter.BeforeCommit {
  private static final String PENDING = "SELECT p.last_seq, COALESCE(s.seq, 0) FROM search_index_progress p"
      + " LEFT JOIN sqlite_sequence s ON s.name = 'messages'";
  private static final String INDEX =
      "INSERT INTO messages_fts(rowid, msg) SELECT seq, msg FROM messages WHERE seq > ? AND seq <= ?";
  private static final String MARK = "UPDATE search_index_progress SET last_seq = ?";

  /** Statements prepared once on the writer's connection (preparing the FTS insert is costly). */
  private Connection preparedOn;
  private PreparedStatement pending;
  private PreparedStatement index;
  private PreparedStatement mark;

  @Override
  public void run(Connection conn) throws SQLException {
    if (conn != preparedOn) {
      pending = conn.prepareStatement(PENDING);
      index = conn.prepareStatement(INDEX);
      mark = conn.prepareStatement(MARK);
      preparedOn = conn;
    }
    indexPending(pending, index, mark);
  }

  /** Indexes every message inserted since the last call, on a connection used once (start-up). */
  static long indexPending(Connection conn) throws SQLException {
    try (PreparedStatement p = conn.prepareStatement(PENDING);
        PreparedStatement i = conn.prepareStatement(INDEX);
        PreparedStatement m = conn.prepareStatement(MARK)) {
      return indexPending(p, i, m);
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
