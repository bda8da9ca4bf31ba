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
 * batch leaves index and marker consistent. Statements are prepared per call on the writer's
 * connection; this runs once per batch, not per message.
 */
final class SearchIndexer {
  private static final String PENDING = "SELECT p.last_seq, COALESCE(s.seq, 0) FROM search_index_progress p"
      + " LEFT JOIN sqlite_sequence s ON s.name = 'messages'";

  private SearchIndexer() {}

  /** Indexes every message inserted since the last call; returns how many seq values it covered. */
  static long indexPending(Connection conn) throws SQLException {
    long indexed;
    long newest;
    try (PreparedStatement ps = conn.prepareStatement(PENDING); ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return 0;
      }
      indexed = rs.getLong(1);
      newest = rs.getLong(2);
    }
    if (newest <= indexed) {
      return 0;
    }
    try (PreparedStatement insert = conn.prepareStatement(
        "INSERT INTO messages_fts(rowid, msg) SELECT seq, msg FROM messages WHERE seq > ? AND seq <= ?")) {
      insert.setLong(1, indexed);
      insert.setLong(2, newest);
      insert.executeUpdate();
    }
    try (PreparedStatement mark = conn.prepareStatement("UPDATE search_index_progress SET last_seq = ?")) {
      mark.setLong(1, newest);
      mark.executeUpdate();
    }
    return newest - indexed;
  }
}
