package chat.parley.storage;

import chat.parley.common.Tx;
import chat.parley.common.UserRef;
import chat.parley.messages.HistoryQuery;
import chat.parley.messages.Message;
import chat.parley.messages.MessageStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Messages: the queried parts (room, time, author, text, thread) are columns; the rest of the
 * Rocket.Chat document is one JSON column, {@code extra}.
 */
public final class JdbcMessageStore implements MessageStore {
  private static final String COLUMNS =
      "id, room_id, ts, updated_at, user_id, username, user_name, msg, t, tmid, extra";

  @Override
  public void insert(Tx tx, Message m) {
    try {
      Sql.update(tx,
          "INSERT INTO messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          m.id(), m.roomId(), m.ts(), m.updatedAt(), m.author().id(), m.author().username(),
          m.author().name(), m.text(), m.type(), m.threadId(), extra(m));
    } catch (Sql.UniqueViolation e) {
      throw new DuplicateMessage(e.getMessage());
    }
  }

  @Override
  public Optional<Message> findById(Tx tx, String id) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM messages WHERE id = ?",
        JdbcMessageStore::map, id);
  }

  @Override
  public Map<String, Message> findByIds(Tx tx, java.util.Collection<String> ids) {
    Map<String, Message> out = new LinkedHashMap<>();
    List<String> all = List.copyOf(ids);
    // Chunks keep the statement under both databases' parameter limits.
    for (int from = 0; from < all.size(); from += 500) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
      String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
      Sql.list(tx, "SELECT " + COLUMNS + " FROM messages WHERE id IN (" + marks + ")",
          JdbcMessageStore::map, chunk.toArray()).forEach(m -> out.put(m.id(), m));
    }
    return out;
  }

  @Override
  public chat.parley.common.Page<Message> page(Tx tx, String roomId, int offset, int count) {
    long total = Sql.count(tx, "SELECT COUNT(*) FROM messages WHERE room_id = ?", roomId);
    List<Message> items = Sql.list(tx, "SELECT " + COLUMNS + " FROM messages WHERE room_id = ?"
        + " ORDER BY ts DESC, seq DESC LIMIT ? OFFSET ?", JdbcMessageStore::map, roomId, count, offset);
    return new chat.parley.common.Page<>(items, offset, total);
  }

  @Override
  public int deleteRange(Tx tx, String roomId, java.time.Instant oldest, java.time.Instant latest,
      boolean inclusive, List<String> usernames) {
    StringBuilder sql = new StringBuilder("DELETE FROM messages WHERE room_id = ?");
    List<Object> params = new ArrayList<>(List.of(roomId));
    sql.append(inclusive ? " AND ts >= ? AND ts <= ?" : " AND ts > ? AND ts < ?");
    params.add(oldest);
    params.add(latest);
    if (!usernames.isEmpty()) {
      sql.append(" AND username IN (")
          .append(String.join(", ", java.util.Collections.nCopies(usernames.size(), "?")))
          .append(")");
      params.addAll(usernames);
    }
    return Sql.update(tx, sql.toString(), params.toArray());
  }

  @Override
  public List<Message> history(Tx tx, HistoryQuery q) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM messages WHERE room_id = ?");
    List<Object> params = new ArrayList<>();
    params.add(q.roomId());
    if (q.latest() != null) {
      sql.append(q.inclusive() ? " AND ts <= ?" : " AND ts < ?");
      params.add(q.latest());
    }
    if (q.oldest() != null) {
      sql.append(q.inclusive() ? " AND ts >= ?" : " AND ts > ?");
      params.add(q.oldest());
    }
    sql.append(" ORDER BY ts DESC, seq DESC LIMIT ? OFFSET ?");
    params.add(q.count());
    params.add(q.offset());
    return Sql.list(tx, sql.toString(), JdbcMessageStore::map, params.toArray());
  }

  private static String extra(Message m) {
    Map<String, Object> extra = new LinkedHashMap<>();
    putIfPresent(extra, "alias", m.alias());
    putIfPresent(extra, "emoji", m.emoji());
    putIfPresent(extra, "avatar", m.avatar());
    putIfPresent(extra, "attachments", m.attachments());
    putIfPresent(extra, "customFields", m.customFields());
    putIfPresent(extra, "groupable", m.groupable());
    putIfPresent(extra, "parseUrls", m.parseUrls());
    if (m.bot()) {
      extra.put("bot", true);
    }
    if (!m.systemFields().isEmpty()) {
      extra.put("system", m.systemFields());
    }
    return extra.isEmpty() ? null : Json.write(extra);
  }

  private static void putIfPresent(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  @SuppressWarnings("unchecked")
  private static Message map(ResultSet rs) throws SQLException {
    Map<String, Object> extra = Json.readMap(rs.getString("extra"));
    return new Message(
        rs.getString("id"),
        rs.getString("room_id"),
        Sql.instant(rs, "ts"),
        Sql.instant(rs, "updated_at"),
        new UserRef(rs.getString("user_id"), rs.getString("username"), rs.getString("user_name")),
        rs.getString("msg"),
        rs.getString("t"),
        rs.getString("tmid"),
        (String) extra.get("alias"),
        (String) extra.get("emoji"),
        (String) extra.get("avatar"),
        (List<Map<String, Object>>) extra.get("attachments"),
        (Map<String, Object>) extra.get("customFields"),
        (Boolean) extra.get("groupable"),
        (Boolean) extra.get("parseUrls"),
        Boolean.TRUE.equals(extra.get("bot")),
        (Map<String, Object>) extra.get("system"));
  }
}
