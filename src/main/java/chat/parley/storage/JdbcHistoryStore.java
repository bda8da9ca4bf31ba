package chat.parley.storage;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import chat.parley.integrations.HistoryEntry;
import chat.parley.integrations.HistoryStore;
import java.util.List;
import java.util.Optional;

public final class JdbcHistoryStore implements HistoryStore {
  @Override
  public void insert(Tx tx, HistoryEntry e, int keep) {
    Sql.update(tx, "INSERT INTO integration_history (id, integration_id, created_at, updated_at, doc)"
        + " VALUES (?, ?, ?, ?, ?)", e.id(), e.integrationId(), e.createdAt(), e.updatedAt(),
        Json.write(e.fields()));
    // Bounded per integration: everything older than the newest `keep` goes.
    Sql.update(tx, "DELETE FROM integration_history WHERE integration_id = ? AND id NOT IN"
        + " (SELECT id FROM integration_history WHERE integration_id = ?"
        + " ORDER BY updated_at DESC, id DESC LIMIT ?)", e.integrationId(), e.integrationId(), keep);
  }

  @Override
  public Page<HistoryEntry> page(Tx tx, String integrationId, int offset, int count) {
    long total = Sql.count(tx, "SELECT COUNT(*) FROM integration_history WHERE integration_id = ?",
        integrationId);
    List<HistoryEntry> items = Sql.list(tx, "SELECT id, integration_id, created_at, updated_at, doc"
            + " FROM integration_history WHERE integration_id = ?"
            + " ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?",
        JdbcHistoryStore::map,
        integrationId, count, offset);
    return new Page<>(items, offset, total);
  }

  @Override
  public Optional<HistoryEntry> find(Tx tx, String integrationId, String historyId) {
    return Sql.one(tx, "SELECT id, integration_id, created_at, updated_at, doc"
            + " FROM integration_history WHERE id = ? AND integration_id = ?",
        JdbcHistoryStore::map, historyId, integrationId);
  }

  private static HistoryEntry map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new HistoryEntry(rs.getString("id"), rs.getString("integration_id"),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"), Json.readMap(rs.getString("doc")));
  }

  @Override
  public void deleteAll(Tx tx, String integrationId) {
    Sql.update(tx, "DELETE FROM integration_history WHERE integration_id = ?", integrationId);
  }
}
