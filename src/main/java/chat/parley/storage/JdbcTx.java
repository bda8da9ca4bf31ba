package chat.parley.storage;

import chat.parley.common.Tx;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/** A {@link Tx} over one JDBC connection; stores unwrap it with {@link #of(Tx)}. */
final class JdbcTx implements Tx {
  final Connection connection;
  final Dialect dialect;
  /** Prepared statements kept across transactions on the writer's connection, or null. */
  final java.util.Map<String, java.sql.PreparedStatement> statements;
  private final List<Runnable> afterCommit = new ArrayList<>(1);
  /** Set when this transaction ran a statement that bumps {@link AccessVersion}. */
  boolean changedAccess;
  /** The writer batch's tally of plain sends, or null outside the writer (written at once). */
  final SendTally tally;
  /** SQLite's search index, on read transactions; null elsewhere. */
  SearchIndex searchIndex;
  /** This job's sends, joining {@link #tally} when its savepoint is released. */
  final List<SendTally.Send> sends = new ArrayList<>(1);

  JdbcTx(Connection connection, Dialect dialect) {
    this(connection, dialect, null, null);
  }

  JdbcTx(Connection connection, Dialect dialect,
      java.util.Map<String, java.sql.PreparedStatement> statements, SendTally tally) {
    this.connection = connection;
    this.dialect = dialect;
    this.statements = statements;
    this.tally = tally;
  }

  /**
   * A statement for {@code sql}: from the cache on the writer (SQLite compiles SQL on every
   * prepare, which dominated the write path), fresh elsewhere. Cached ones must not be closed.
   */
  java.sql.PreparedStatement prepare(String sql) throws java.sql.SQLException {
    if (statements == null) {
      return connection.prepareStatement(sql);
    }
    java.sql.PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    } else {
      ps.clearParameters();
    }
    return ps;
  }

  boolean cached() {
    return statements != null;
  }

  static JdbcTx of(Tx tx) {
    return (JdbcTx) tx;
  }

  @Override
  public void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  List<Runnable> afterCommitActions() {
    return afterCommit;
  }
}
