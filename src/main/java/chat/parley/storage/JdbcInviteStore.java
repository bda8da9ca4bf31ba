package chat.parley.storage;

import chat.parley.common.Tx;
import chat.parley.invites.Invite;
import chat.parley.invites.InviteStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class JdbcInviteStore implements InviteStore {
  private static final String COLUMNS =
      "id, room_id, user_id, days, max_uses, uses, created_at, expires_at, updated_at";

  @Override
  public void insert(Tx tx, Invite i) {
    Sql.update(tx, "INSERT INTO invites (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        i.id(), i.roomId(), i.userId(), i.days(), i.maxUses(), i.uses(), i.createdAt(),
        i.expiresAt(), i.updatedAt());
  }

  @Override
  public Optional<Invite> find(Tx tx, String id) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM invites WHERE id = ?", JdbcInviteStore::map, id);
  }

  @Override
  public Optional<Invite> findReusable(Tx tx, String roomId, String userId, int days, int maxUses,
      Instant now) {
    return Sql.list(tx, "SELECT " + COLUMNS + " FROM invites WHERE room_id = ? AND user_id = ?"
            + " AND days = ? AND max_uses = ? ORDER BY created_at DESC",
        JdbcInviteStore::map, roomId, userId, days, maxUses).stream()
        .filter(i -> !i.expiredAt(now))
        .findFirst();
  }

  @Override
  public List<Invite> all(Tx tx) {
    return Sql.list(tx, "SELECT " + COLUMNS + " FROM invites ORDER BY created_at", JdbcInviteStore::map);
  }

  @Override
  public boolean delete(Tx tx, String id) {
    return Sql.update(tx, "DELETE FROM invites WHERE id = ?", id) > 0;
  }

  @Override
  public void countUse(Tx tx, String id, Instant at) {
    Sql.update(tx, "UPDATE invites SET uses = uses + 1, updated_at = ? WHERE id = ?", at, id);
  }

  private static Invite map(ResultSet rs) throws SQLException {
    return new Invite(rs.getString("id"), rs.getString("room_id"), rs.getString("user_id"),
        rs.getInt("days"), rs.getInt("max_uses"), rs.getInt("uses"), Sql.instant(rs, "created_at"),
        Sql.instant(rs, "expires_at"), Sql.instant(rs, "updated_at"));
  }
}
