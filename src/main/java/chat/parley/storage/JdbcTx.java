package chat.parley.storage;

import chat.parley.common.Tx;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/** A {@link Tx} over one JDBC connection; stores unwrap it with {@link #of(Tx)}. */
final class JdbcTx implements Tx {
  final Connection connection;
  final Dialect dialect;
  private final List<Runnable> afterCommit = new ArrayList<>(1);

  JdbcTx(Connection connection, Dialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
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
