package chat.parley.storage;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import chat.parley.users.CustomStatus;
import chat.parley.users.CustomStatusStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

public final class JdbcCustomStatusStore implements CustomStatusStore {
  private static final String COLUMNS = "id, name, status_type, updated_at";

  @Override
  public Page<CustomStatus> list(Tx tx, String name, String id, int offset, int count) {
    StringBuilder where = new StringBuilder(" FROM custom_user_statuses WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (name != null && !name.isEmpty()) {
      where.append(" AND LOWER(name) LIKE ? ESCAPE '\\'");
      params.add("%" + name.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
          .replace("_", "\\_") + "%");
    }
    if (id != null && !id.isEmpty()) {
      where.append(" AND id = ?");
      params.add(id);
    }
    long total = Sql.count(tx, "SELECT COUNT(*)" + where, params.toArray());
    params.add(count);
    params.add(offset);
    List<CustomStatus> items = Sql.list(tx, "SELECT " + COLUMNS + where + " ORDER BY name LIMIT ? OFFSET ?",
        JdbcCustomStatusStore::map, params.toArray());
    return new Page<>(items, offset, total);
  }

  @Override
  public Optional<CustomStatus> byId(Tx tx, String id) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM custom_user_statuses WHERE id = ?",
        JdbcCustomStatusStore::map, id);
  }

  @Override
  public Optional<CustomStatus> byName(Tx tx, String name) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM custom_user_statuses WHERE name = ?",
        JdbcCustomStatusStore::map, name);
  }

  @Override
  public void upsert(Tx tx, CustomStatus s) {
    if (Sql.update(tx, "UPDATE custom_user_statuses SET name = ?, status_type = ?, updated_at = ?"
        + " WHERE id = ?", s.name(), s.statusType(), s.updatedAt(), s.id()) == 0) {
      Sql.update(tx, "INSERT INTO custom_user_statuses (" + COLUMNS + ") VALUES (?, ?, ?, ?)",
          s.id(), s.name(), s.statusType(), s.updatedAt());
    }
  }

  @Override
  public boolean delete(Tx tx, String id) {
    return Sql.update(tx, "DELETE FROM custom_user_statuses WHERE id = ?", id) > 0;
  }

  private static CustomStatus map(ResultSet rs) throws SQLException {
    return new CustomStatus(rs.getString("id"), rs.getString("name"), rs.getString("status_type"),
        Sql.instant(rs, "updated_at"));
  }
}
