package chat.parley.storage;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import chat.parley.files.CustomSound;
import chat.parley.files.CustomSoundStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

public final class JdbcCustomSoundStore implements CustomSoundStore {
  private static final String COLUMNS = "id, name, extension, store_key, type, updated_at";

  @Override
  public void insert(Tx tx, CustomSound s) {
    Sql.update(tx, "INSERT INTO custom_sounds (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
        s.id(), s.name(), s.extension(), s.storeKey(), s.type(), s.updatedAt());
  }

  @Override
  public void update(Tx tx, CustomSound s) {
    Sql.update(tx, "UPDATE custom_sounds SET name = ?, extension = ?, store_key = ?, type = ?,"
        + " updated_at = ? WHERE id = ?", s.name(), s.extension(), s.storeKey(), s.type(),
        s.updatedAt(), s.id());
  }

  @Override
  public Optional<CustomSound> find(Tx tx, String id) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM custom_sounds WHERE id = ?",
        JdbcCustomSoundStore::map, id);
  }

  @Override
  public boolean nameTaken(Tx tx, String name, String exceptId) {
    return Sql.count(tx, "SELECT COUNT(*) FROM custom_sounds WHERE name = ? AND id <> ?", name,
        exceptId == null ? "" : exceptId) > 0;
  }

  @Override
  public Page<CustomSound> page(Tx tx, String nameContains, int offset, int count) {
    String where = nameContains == null || nameContains.isEmpty() ? ""
        : " WHERE lower(name) LIKE ? ESCAPE '\\'";
    Object[] filter = where.isEmpty() ? new Object[0]
        : new Object[] {"%" + JdbcMessageStore.escapeLike(nameContains.toLowerCase(Locale.ROOT)) + "%"};
    long total = Sql.count(tx, "SELECT COUNT(*) FROM custom_sounds" + where, filter);
    List<Object> params = new ArrayList<>(Arrays.asList(filter));
    params.add(count);
    params.add(offset);
    return new Page<>(Sql.list(tx, "SELECT " + COLUMNS + " FROM custom_sounds" + where
        + " ORDER BY name LIMIT ? OFFSET ?", JdbcCustomSoundStore::map, params.toArray()), offset, total);
  }

  @Override
  public void delete(Tx tx, String id) {
    Sql.update(tx, "DELETE FROM custom_sounds WHERE id = ?", id);
  }

  private static CustomSound map(ResultSet rs) throws SQLException {
    return new CustomSound(rs.getString("id"), rs.getString("name"), rs.getString("extension"),
        rs.getString("store_key"), rs.getString("type"), Sql.instant(rs, "updated_at"));
  }
}
