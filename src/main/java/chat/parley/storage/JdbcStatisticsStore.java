package chat.parley.storage;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import chat.parley.users.StatisticsStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Snapshots as JSON; instants are written as {@code {"$date": millis}} and read back as such. */
public final class JdbcStatisticsStore implements StatisticsStore {
  @Override
  public void insert(Tx tx, String id, Instant createdAt, Map<String, Object> body) {
    Sql.update(tx, "INSERT INTO statistics (id, created_at, body) VALUES (?, ?, ?)", id, createdAt,
        Json.write(encode(body)));
  }

  @Override
  public Optional<Map<String, Object>> latest(Tx tx) {
    return Sql.one(tx, "SELECT body FROM statistics ORDER BY created_at DESC, id DESC LIMIT 1",
        rs -> decode(Json.readMap(rs.getString("body"))));
  }

  @Override
  public Page<Map<String, Object>> page(Tx tx, int offset, int count, boolean newestFirst) {
    String order = newestFirst ? "created_at DESC, id DESC" : "created_at, id";
    List<Map<String, Object>> items = Sql.list(tx, "SELECT body FROM statistics ORDER BY " + order
        + " LIMIT ? OFFSET ?", rs -> decode(Json.readMap(rs.getString("body"))), count, offset);
    return new Page<>(items, offset, Sql.count(tx, "SELECT COUNT(*) FROM statistics"));
  }

  private static Map<String, Object> encode(Map<String, Object> body) {
    Map<String, Object> out = new LinkedHashMap<>();
    body.forEach((k, v) -> out.put(k, v instanceof Instant i ? Map.of("$date", i.toEpochMilli()) : v));
    return out;
  }

  private static Map<String, Object> decode(Map<String, Object> body) {
    Map<String, Object> out = new LinkedHashMap<>();
    body.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m && m.size() == 1
        && m.get("$date") instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : v));
    return out;
  }
}
