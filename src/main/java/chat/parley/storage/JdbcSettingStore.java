package chat.parley.storage;

import chat.parley.common.Tx;
import chat.parley.settings.SettingStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

public final class JdbcSettingStore implements SettingStore {
  @Override
  public Map<String, String> all(Tx tx) {
    Map<String, String> out = new LinkedHashMap<>();
    Sql.list(tx, "SELECT id, value FROM settings ORDER BY id",
        rs -> out.put(rs.getString(1), rs.getString(2)));
    return out;
  }

  @Override
  public void put(Tx tx, String id, String jsonValue, Instant at) {
    if (Sql.update(tx, "UPDATE settings SET value = ?, updated_at = ? WHERE id = ?",
        jsonValue, at, id) == 0) {
      Sql.update(tx, "INSERT INTO settings (id, value, updated_at) VALUES (?, ?, ?)",
          id, jsonValue, at);
    }
  }
}
