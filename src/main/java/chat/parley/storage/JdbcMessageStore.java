package chat.parley.storage;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import chat.parley.common.UserRef;
import chat.parley.messages.HistoryQuery;
import chat.parley.messages.Message;
import chat.parley.messages.MessageDetails;
import chat.parley.messages.MessageStore;
import chat.parley.messages.SearchQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Messages: the queried parts (room, time, author, text, thread, edit, pin) are columns; the rest
 * of the Rocket.Chat document is one JSON column, {@code extra}. Mentions, stars and thread
 * followers have tables of their own so that "my mentions", "my stars" and "threads I follow"
 * are index lookups.
 */
public final class JdbcMessageStore implements MessageStore {
  private static final String COLUMNS = "id, room_id, ts, updated_at, user_id, username, user_name,"
      + " msg, t, tmid, extra, tcount, tlm, tshow, edited_at, edited_by_id, edited_by_username, pinned";
  private static final String M_COLUMNS = "m." + COLUMNS.replace(", ", ", m.");

  @Override
  public void insert(Tx tx, Message m) {
    MessageDetails d = m.details();
    try {
      Sql.update(tx, "INSERT INTO messages (" + COLUMNS + ")"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          m.id(), m.roomId(), m.ts(), m.updatedAt(), m.author().id(), m.author().username(),
          m.author().name(), m.text(), m.type(), m.threadId(), extra(m), d.tcount(), d.tlm(),
          d.tshow(), d.editedAt(), d.editedBy() == null ? null : d.editedBy().id(),
          d.editedBy() == null ? null : d.editedBy().username(), d.pinned());
    } catch (Sql.UniqueViolation e) {
      throw new DuplicateMessage(e.getMessage());
    }
    indexMentions(tx, m);
  }

  @Override
  public void update(Tx tx, Message m) {
    MessageDetails d = m.details();
    Sql.update(tx, "UPDATE messages SET msg = ?, t = ?, updated_at = ?, extra = ?, tcount = ?,"
            + " tlm = ?, tshow = ?, edited_at = ?, edited_by_id = ?, edited_by_username = ?,"
            + " pinned = ? WHERE id = ?",
        m.text(), m.type(), m.updatedAt(), extra(m), d.tcount(), d.tlm(), d.tshow(), d.editedAt(),
        d.editedBy() == null ? null : d.editedBy().id(),
        d.editedBy() == null ? null : d.editedBy().username(), d.pinned(), m.id());
    Sql.update(tx, "DELETE FROM message_mentions WHERE message_id = ?", m.id());
    indexMentions(tx, m);
  }

  private static void indexMentions(Tx tx, Message m) {
    for (UserRef mention : m.details().mentions()) {
      if (!mention.id().equals("all") && !mention.id().equals("here")) {
        Sql.update(tx, "INSERT INTO message_mentions (message_id, room_id, user_id, ts)"
            + " VALUES (?, ?, ?, ?)", m.id(), m.roomId(), mention.id(), m.ts());
      }
    }
  }

  @Override
  public void delete(Tx tx, Message m, Instant at) {
    Sql.update(tx, "DELETE FROM message_mentions WHERE message_id = ?", m.id());
    Sql.update(tx, "DELETE FROM message_stars WHERE message_id = ?", m.id());
    Sql.update(tx, "DELETE FROM messages WHERE id = ?", m.id());
    Sql.update(tx, "INSERT INTO message_deletions (message_id, room_id, tmid, deleted_at)"
        + " VALUES (?, ?, ?, ?)", m.id(), m.roomId(), m.threadId(), at);
  }

  @Override
  public Optional<Message> findById(Tx tx, String id) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM messages WHERE id = ?", JdbcMessageStore::map, id);
  }

  @Override
  public Map<String, Message> findByIds(Tx tx, Collection<String> ids) {
    Map<String, Message> out = new LinkedHashMap<>();
    List<String> all = List.copyOf(ids);
    // Chunks keep the statement under both databases' parameter limits.
    for (int from = 0; from < all.size(); from += 500) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
      Sql.list(tx, "SELECT " + COLUMNS + " FROM messages WHERE id IN (" + marks(chunk.size()) + ")",
          JdbcMessageStore::map, chunk.toArray()).forEach(m -> out.put(m.id(), m));
    }
    return out;
  }

  @Override
  public Page<Message> page(Tx tx, String roomId, Filter filter, String userId, int offset,
      int count) {
    String from = switch (filter) {
      case NONE -> " FROM messages m WHERE m.room_id = ?";
      case PINNED -> " FROM messages m WHERE m.room_id = ? AND m.pinned = ?";
      case STARRED_BY_USER -> " FROM messages m JOIN message_stars s ON s.message_id = m.id"
          + " WHERE m.room_id = ? AND s.user_id = ?";
      case MENTIONING_USER -> " FROM messages m JOIN message_mentions x ON x.message_id = m.id"
          + " WHERE m.room_id = ? AND x.user_id = ?";
      case DISCUSSIONS -> " FROM messages m WHERE m.room_id = ? AND m.t = 'discussion-created'";
    };
    Object[] params = switch (filter) {
      case NONE, DISCUSSIONS -> new Object[] {roomId};
      case PINNED -> new Object[] {roomId, true};
      case STARRED_BY_USER, MENTIONING_USER -> new Object[] {roomId, userId};
    };
    return paged(tx, from, " ORDER BY m.ts DESC, m.seq DESC", params, offset, count);
  }

  private static Page<Message> paged(Tx tx, String from, String order, Object[] params, int offset,
      int count) {
    long total = Sql.count(tx, "SELECT COUNT(*)" + from, params);
    Object[] withPage = java.util.Arrays.copyOf(params, params.length + 2);
    withPage[params.length] = count;
    withPage[params.length + 1] = offset;
    List<Message> items = Sql.list(tx, "SELECT " + M_COLUMNS + from + order + " LIMIT ? OFFSET ?",
        JdbcMessageStore::map, withPage);
    return new Page<>(items, offset, total);
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
    if (!q.showThreadMessages()) {
      sql.append(" AND (tmid IS NULL OR tshow = ?)");
      params.add(true);
    }
    sql.append(" ORDER BY ts DESC, seq DESC LIMIT ? OFFSET ?");
    params.add(q.count());
    params.add(q.offset());
    return Sql.list(tx, sql.toString(), JdbcMessageStore::map, params.toArray());
  }

  @Override
  public Page<Message> threadMessages(Tx tx, String threadId, int offset, int count) {
    return paged(tx, " FROM messages m WHERE m.tmid = ?", " ORDER BY m.ts, m.seq",
        new Object[] {threadId}, offset, count);
  }

  @Override
  public Page<Message> threads(Tx tx, String roomId, ThreadFilter filter, String userId,
      String text, int offset, int count) {
    StringBuilder from = new StringBuilder(" FROM messages m");
    List<Object> params = new ArrayList<>();
    if (filter != ThreadFilter.ALL) {
      from.append(" JOIN thread_followers f ON f.thread_id = m.id AND f.user_id = ?");
      params.add(userId);
    }
    from.append(" WHERE m.room_id = ? AND m.tcount > 0");
    params.add(roomId);
    if (filter == ThreadFilter.UNREAD) {
      // Unread: replies newer than the user's last look at the room.
      from.append(" AND m.tlm > COALESCE((SELECT s.last_seen FROM subscriptions s"
          + " WHERE s.room_id = m.room_id AND s.user_id = ?), 0)");
      params.add(userId);
    }
    if (text != null && !text.isBlank()) {
      from.append(" AND LOWER(m.msg) LIKE ? ESCAPE '\\'");
      params.add("%" + escapeLike(text.toLowerCase(java.util.Locale.ROOT)) + "%");
    }
    return paged(tx, from.toString(), " ORDER BY m.tlm DESC, m.seq DESC", params.toArray(), offset,
        count);
  }

  @Override
  public List<Message> updatedSince(Tx tx, String roomId, String threadId, Instant since, int limit) {
    if (threadId != null) {
      return Sql.list(tx, "SELECT " + COLUMNS + " FROM messages WHERE tmid = ? AND updated_at > ?"
          + " ORDER BY updated_at LIMIT ?", JdbcMessageStore::map, threadId, since, limit);
    }
    return Sql.list(tx, "SELECT " + COLUMNS + " FROM messages WHERE room_id = ? AND updated_at > ?"
        + " ORDER BY updated_at LIMIT ?", JdbcMessageStore::map, roomId, since, limit);
  }

  @Override
  public List<Message> threadsUpdatedSince(Tx tx, String roomId, Instant since, int limit) {
    return Sql.list(tx, "SELECT " + COLUMNS + " FROM messages WHERE room_id = ? AND tcount > 0"
        + " AND updated_at > ? ORDER BY updated_at LIMIT ?", JdbcMessageStore::map, roomId, since, limit);
  }

  @Override
  public Page<Deletion> deletedSince(Tx tx, String roomId, String threadId, Instant since,
      int offset, int count) {
    String where = threadId == null
        ? " FROM message_deletions WHERE room_id = ? AND deleted_at > ?"
        : " FROM message_deletions WHERE tmid = ? AND deleted_at > ?";
    Object key = threadId == null ? roomId : threadId;
    long total = Sql.count(tx, "SELECT COUNT(*)" + where, key, since);
    List<Deletion> items = Sql.list(tx, "SELECT message_id, deleted_at" + where
            + " ORDER BY deleted_at LIMIT ? OFFSET ?",
        rs -> new Deletion(rs.getString(1), Sql.instant(rs, "deleted_at")), key, since, count, offset);
    return new Page<>(items, offset, total);
  }

  @Override
  public void follow(Tx tx, String threadId, String roomId, String userId) {
    if (Sql.count(tx, "SELECT COUNT(*) FROM thread_followers WHERE thread_id = ? AND user_id = ?",
        threadId, userId) == 0) {
      Sql.update(tx, "INSERT INTO thread_followers (thread_id, room_id, user_id) VALUES (?, ?, ?)",
          threadId, roomId, userId);
    }
  }

  @Override
  public void unfollow(Tx tx, String threadId, String userId) {
    Sql.update(tx, "DELETE FROM thread_followers WHERE thread_id = ? AND user_id = ?", threadId, userId);
  }

  @Override
  public boolean star(Tx tx, Message m, String userId, boolean star, Instant at) {
    boolean starred = Sql.count(tx, "SELECT COUNT(*) FROM message_stars WHERE message_id = ?"
        + " AND user_id = ?", m.id(), userId) > 0;
    if (starred == star) {
      return false;
    }
    if (star) {
      Sql.update(tx, "INSERT INTO message_stars (message_id, room_id, user_id, ts) VALUES (?, ?, ?, ?)",
          m.id(), m.roomId(), userId, at);
    } else {
      Sql.update(tx, "DELETE FROM message_stars WHERE message_id = ? AND user_id = ?", m.id(), userId);
    }
    Sql.update(tx, "UPDATE messages SET updated_at = ? WHERE id = ?", at, m.id());
    return true;
  }

  @Override
  public Set<String> starredAmong(Tx tx, String userId, Collection<String> messageIds) {
    Set<String> out = new HashSet<>();
    List<String> all = List.copyOf(messageIds);
    for (int from = 0; from < all.size(); from += 500) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
      List<Object> params = new ArrayList<>(List.of(userId));
      params.addAll(chunk);
      out.addAll(Sql.list(tx, "SELECT message_id FROM message_stars WHERE user_id = ?"
          + " AND message_id IN (" + marks(chunk.size()) + ")", rs -> rs.getString(1), params.toArray()));
    }
    return out;
  }

  @Override
  public void awaitSearchIndex(Tx tx) {
    SearchIndex index = JdbcTx.of(tx).searchIndex;
    if (index != null) {
      index.awaitCurrent();
    }
  }

  @Override
  public List<Message> search(Tx tx, String roomId, SearchQuery q, int offset, int count) {
    StringBuilder sql = new StringBuilder();
    List<Object> params = new ArrayList<>();
    String needle = q.text().strip();
    boolean fts = JdbcTx.of(tx).dialect == Dialect.SQLITE && needle.codePointCount(0, needle.length()) >= 3;
    if (fts) {
      // Walk the FTS5 trigram index newest-first (rowid = seq = arrival order) and stop at the
      // page: no sort of every match. Any script matches, Japanese included.
      sql.append("SELECT ").append(M_COLUMNS)
          .append(" FROM search.messages_fts f CROSS JOIN messages m ON m.seq = f.rowid");
    } else {
      sql.append("SELECT ").append(M_COLUMNS).append(" FROM messages m");
    }
    if (q.starredByUserId() != null) {
      sql.append(" JOIN message_stars s ON s.message_id = m.id AND s.user_id = ?");
      params.add(q.starredByUserId());
    }
    sql.append(" WHERE m.room_id = ? AND m.t IS NULL");
    params.add(roomId);
    if (fts) {
      sql.append(" AND f.messages_fts MATCH ?");
      params.add("\"" + needle.replace("\"", "\"\"") + "\"");
    } else if (!needle.isEmpty()) {
      // PostgreSQL: the pg_trgm GIN index serves ILIKE; SQLite: one- or two-character needles.
      sql.append(JdbcTx.of(tx).dialect == Dialect.POSTGRES ? " AND m.msg ILIKE ?" : " AND m.msg LIKE ?")
          .append(" ESCAPE '\\'");
      params.add("%" + escapeLike(needle) + "%");
    }
    if (q.fromUsername() != null) {
      sql.append(" AND LOWER(m.username) = ?");
      params.add(q.fromUsername().toLowerCase(java.util.Locale.ROOT));
    }
    if (q.pinnedOnly()) {
      sql.append(" AND m.pinned = ?");
      params.add(true);
    }
    if (q.before() != null) {
      sql.append(" AND m.ts < ?");
      params.add(q.before());
    }
    if (q.after() != null) {
      sql.append(" AND m.ts >= ?");
      params.add(q.after());
    }
    sql.append(fts ? " ORDER BY f.rowid DESC" : " ORDER BY m.ts DESC, m.seq DESC").append(" LIMIT ? OFFSET ?");
    params.add(count);
    params.add(offset);
    return Sql.list(tx, sql.toString(), JdbcMessageStore::map, params.toArray());
  }

  @Override
  public int deleteRange(Tx tx, String roomId, Instant oldest, Instant latest, boolean inclusive,
      List<String> usernames) {
    StringBuilder where = new StringBuilder(" FROM messages WHERE room_id = ?");
    List<Object> params = new ArrayList<>(List.of(roomId));
    where.append(inclusive ? " AND ts >= ? AND ts <= ?" : " AND ts > ? AND ts < ?");
    params.add(oldest);
    params.add(latest);
    if (!usernames.isEmpty()) {
      where.append(" AND username IN (").append(marks(usernames.size())).append(")");
      params.addAll(usernames);
    }
    Object[] p = params.toArray();
    Instant now = Instant.now();
    Object[] tombstoneParams = new Object[p.length + 1];
    tombstoneParams[0] = now;
    System.arraycopy(p, 0, tombstoneParams, 1, p.length);
    Sql.update(tx, "INSERT INTO message_deletions (message_id, room_id, tmid, deleted_at)"
        + " SELECT id, room_id, tmid, ?" + where, tombstoneParams);
    Sql.update(tx, "DELETE FROM message_mentions WHERE message_id IN (SELECT id" + where + ")", p);
    Sql.update(tx, "DELETE FROM message_stars WHERE message_id IN (SELECT id" + where + ")", p);
    return Sql.update(tx, "DELETE" + where, p);
  }

  private static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
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
    MessageDetails d = m.details();
    if (!d.replies().isEmpty()) {
      extra.put("replies", d.replies());
    }
    if (d.pinnedAt() != null) {
      extra.put("pinnedAt", d.pinnedAt().toEpochMilli());
      extra.put("pinnedBy", List.of(d.pinnedBy().id(), d.pinnedBy().username()));
    }
    if (!d.reactions().isEmpty()) {
      extra.put("reactions", d.reactions());
    }
    if (!d.mentions().isEmpty()) {
      extra.put("mentions", d.mentions().stream()
          .map(u -> java.util.Arrays.asList(u.id(), u.username(), u.name())).toList());
    }
    if (!d.channels().isEmpty()) {
      extra.put("channels", d.channels().stream().map(c -> List.of(c.id(), c.name())).toList());
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
    String editorId = rs.getString("edited_by_id");
    List<String> pinnedBy = (List<String>) extra.get("pinnedBy");
    List<List<String>> mentions = (List<List<String>>) extra.getOrDefault("mentions", List.of());
    List<List<String>> channels = (List<List<String>>) extra.getOrDefault("channels", List.of());
    MessageDetails details = new MessageDetails(
        rs.getBoolean("tshow"),
        rs.getInt("tcount"),
        Sql.instant(rs, "tlm"),
        (List<String>) extra.getOrDefault("replies", List.of()),
        Sql.instant(rs, "edited_at"),
        editorId == null ? null : new UserRef(editorId, rs.getString("edited_by_username"), null),
        rs.getBoolean("pinned"),
        extra.get("pinnedAt") == null ? null
            : Instant.ofEpochMilli(((Number) extra.get("pinnedAt")).longValue()),
        pinnedBy == null ? null : new UserRef(pinnedBy.get(0), pinnedBy.get(1), null),
        (Map<String, List<String>>) extra.getOrDefault("reactions", Map.of()),
        mentions.stream().map(u -> new UserRef(u.get(0), u.get(1), u.size() > 2 ? u.get(2) : null)).toList(),
        channels.stream().map(c -> new MessageDetails.ChannelMention(c.get(0), c.get(1))).toList());
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
        (Map<String, Object>) extra.get("system"),
        details);
  }
}
