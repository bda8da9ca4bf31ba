package chat.parley.storage;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import chat.parley.common.UserRef;
import chat.parley.integrations.Integration;
import chat.parley.integrations.IntegrationStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

public final class JdbcIntegrationStore implements IntegrationStore {
  private static final String COLUMNS = "id, type, name, enabled, user_id, username, channels, token,"
      + " alias, avatar, emoji, override_destination, created_by_id, created_by_username,"
      + " created_at, updated_at";

  @Override
  public void insert(Tx tx, Integration i) {
    Sql.update(tx, "INSERT INTO integrations (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        i.id(), i.type(), i.name(), i.enabled(), i.postAs().id(), i.postAs().username(),
        Json.write(i.channels()), i.token(), i.alias(), i.avatar(), i.emoji(),
        i.overrideDestinationChannelEnabled(), i.createdBy().id(), i.createdBy().username(),
        i.createdAt(), i.updatedAt());
  }

  @Override
  public void update(Tx tx, Integration i) {
    Sql.update(tx, "UPDATE integrations SET name = ?, enabled = ?, user_id = ?, username = ?,"
            + " channels = ?, alias = ?, avatar = ?, emoji = ?, override_destination = ?,"
            + " updated_at = ? WHERE id = ?",
        i.name(), i.enabled(), i.postAs().id(), i.postAs().username(), Json.write(i.channels()),
        i.alias(), i.avatar(), i.emoji(), i.overrideDestinationChannelEnabled(), i.updatedAt(), i.id());
  }

  @Override
  public boolean delete(Tx tx, String id) {
    return Sql.update(tx, "DELETE FROM integrations WHERE id = ?", id) > 0;
  }

  @Override
  public Optional<Integration> find(Tx tx, String id) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM integrations WHERE id = ?", JdbcIntegrationStore::map, id);
  }

  @Override
  public Page<Integration> list(Tx tx, String createdById, int offset, int count) {
    String where = createdById == null ? "" : " WHERE created_by_id = ?";
    Object[] params = createdById == null ? new Object[] {} : new Object[] {createdById};
    long total = Sql.count(tx, "SELECT COUNT(*) FROM integrations" + where, params);
    Object[] paged = java.util.Arrays.copyOf(params, params.length + 2);
    paged[params.length] = count;
    paged[params.length + 1] = offset;
    List<Integration> items = Sql.list(tx, "SELECT " + COLUMNS + " FROM integrations" + where
        + " ORDER BY created_at LIMIT ? OFFSET ?", JdbcIntegrationStore::map, paged);
    return new Page<>(items, offset, total);
  }

  private static Integration map(ResultSet rs) throws SQLException {
    return new Integration(rs.getString("id"), rs.getString("type"), rs.getString("name"),
        rs.getBoolean("enabled"), new UserRef(rs.getString("user_id"), rs.getString("username"), null),
        Json.readStrings(rs.getString("channels")), rs.getString("token"), rs.getString("alias"),
        rs.getString("avatar"), rs.getString("emoji"), rs.getBoolean("override_destination"),
        new UserRef(rs.getString("created_by_id"), rs.getString("created_by_username"), null),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }
}
