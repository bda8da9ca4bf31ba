package chat.parley.storage;

import chat.parley.common.Tx;
import chat.parley.users.PresenceStore;
import java.time.Instant;
import java.util.List;

public final class JdbcPresenceStore implements PresenceStore {
  @Override
  public void setNodeStatus(Tx tx, String nodeId, String userId, String status) {
    if (status == null) {
      Sql.update(tx, "DELETE FROM presence_connections WHERE node_id = ? AND user_id = ?", nodeId, userId);
    } else if (Sql.update(tx, "UPDATE presence_connections SET status = ? WHERE node_id = ? AND user_id = ?",
        status, nodeId, userId) == 0) {
      Sql.update(tx, "INSERT INTO presence_connections (node_id, user_id, status) VALUES (?, ?, ?)",
          nodeId, userId, status);
    }
  }

  @Override
  public List<String> nodeStatuses(Tx tx, String userId) {
    return Sql.list(tx, "SELECT status FROM presence_connections WHERE user_id = ?",
        rs -> rs.getString(1), userId);
  }

  @Override
  public void stampNode(Tx tx, String nodeId, Instant at) {
    if (Sql.update(tx, "UPDATE presence_nodes SET seen_at = ? WHERE node_id = ?", at, nodeId) == 0) {
      Sql.update(tx, "INSERT INTO presence_nodes (node_id, seen_at) VALUES (?, ?)", nodeId, at);
    }
  }

  @Override
  public List<String> nodesNotSeenSince(Tx tx, Instant before, String self) {
    // Rows whose node never stamped (or was already forgotten) belong to a dead node too.
    return Sql.list(tx, "SELECT node_id FROM presence_nodes WHERE seen_at < ? AND node_id <> ?"
        + " UNION SELECT DISTINCT node_id FROM presence_connections WHERE node_id <> ?"
        + " AND node_id NOT IN (SELECT node_id FROM presence_nodes)",
        rs -> rs.getString(1), before, self, self);
  }

  @Override
  public List<String> removeNode(Tx tx, String nodeId) {
    List<String> users = Sql.list(tx, "SELECT user_id FROM presence_connections WHERE node_id = ?",
        rs -> rs.getString(1), nodeId);
    Sql.update(tx, "DELETE FROM presence_connections WHERE node_id = ?", nodeId);
    Sql.update(tx, "DELETE FROM presence_nodes WHERE node_id = ?", nodeId);
    return users;
  }

  @Override
  public List<String> onlineWithoutConnections(Tx tx, int limit) {
    return Sql.list(tx, "SELECT u.id FROM users u WHERE u.status <> ? AND NOT EXISTS"
        + " (SELECT 1 FROM presence_connections c WHERE c.user_id = u.id) LIMIT ?",
        rs -> rs.getString(1), "offline", limit);
  }
}
