package chat.parley.storage;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import chat.parley.users.AccountStore;
import chat.parley.users.User;
import chat.parley.users.UserQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public final class JdbcAccountStore implements AccountStore {
  private static final String USER_COLUMNS =
      "id, username, name, email, email_verified, password_bcrypt, roles, type, active, status,"
          + " require_password_change, created_at, updated_at, last_login";
  private static final Map<String, String> SORT_COLUMNS = Map.of(
      "username", "username_lower", "name", "LOWER(name)", "createdAt", "created_at",
      "lastLogin", "last_login", "status", "status", "active", "active", "type", "type",
      "_updatedAt", "updated_at");
  private static final Map<String, String> TEXT_COLUMNS = Map.of(
      "username", "username_lower", "name", "LOWER(name)", "emails.address", "email_lower");


  @Override
  public Profile profile(Tx tx, String userId) {
    return Sql.one(tx, "SELECT nickname, bio, status_text, preferences FROM users WHERE id = ?",
        rs -> new Profile(rs.getString(1), rs.getString(2), rs.getString(3),
            Json.readMap(rs.getString(4))), userId)
        .orElse(new Profile(null, null, null, Map.of()));
  }

  @Override
  public void save(Tx tx, User u, String nickname, String bio, Instant at) {
    try {
      Sql.update(tx, "UPDATE users SET username = ?, username_lower = ?, name = ?, email = ?,"
              + " email_lower = ?, email_verified = ?, password_bcrypt = ?, roles = ?, active = ?,"
              + " require_password_change = ?, nickname = ?, bio = ?, updated_at = ? WHERE id = ?",
          u.username(), lower(u.username()), u.name(), u.email(), lower(u.email()),
          u.emailVerified(), u.passwordBcrypt(), String.join(",", u.roles()), u.active(),
          u.requirePasswordChange(), nickname, bio, at, u.id());
    } catch (Sql.UniqueViolation e) {
      throw new chat.parley.users.UserStore.DuplicateUser(e.getMessage());
    }
  }

  @Override
  public void setStatusText(Tx tx, String userId, String statusText, Instant at) {
    Sql.update(tx, "UPDATE users SET status_text = ?, updated_at = ? WHERE id = ?", statusText, at, userId);
  }

  @Override
  public void setPreferences(Tx tx, String userId, Map<String, Object> preferences, Instant at) {
    Sql.update(tx, "UPDATE users SET preferences = ?, updated_at = ? WHERE id = ?",
        Json.write(preferences), at, userId);
  }

  @Override
  public void renameEverywhere(Tx tx, String userId, String oldUsername, String newUsername,
      String newName) {
    Sql.update(tx, "UPDATE subscriptions SET username = ?, user_name = ? WHERE user_id = ?",
        newUsername, newName, userId);
    Sql.update(tx, "UPDATE messages SET username = ?, user_name = ? WHERE user_id = ?",
        newUsername, newName, userId);
    // The other side of each direct room is named after this user.
    String dmRooms = "SELECT id FROM rooms WHERE t = 'd' AND uids LIKE ?";
    String uidLike = "%\"" + userId + "\"%";
    Sql.update(tx, "UPDATE subscriptions SET name = ?, fname = ? WHERE t = 'd' AND user_id <> ?"
        + " AND name = ? AND room_id IN (" + dmRooms + ")", newUsername, newName, userId,
        oldUsername, uidLike);
    if (!oldUsername.equals(newUsername)) {
      Sql.update(tx, "UPDATE rooms SET usernames = REPLACE(usernames, ?, ?) WHERE t = 'd' AND uids LIKE ?",
          "\"" + oldUsername + "\"", "\"" + newUsername + "\"", uidLike);
    }
  }

  @Override
  public Page<User> list(Tx tx, UserQuery q) {
    StringBuilder where = new StringBuilder(" FROM users WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (q.active() != null) {
      where.append(" AND active = ?");
      params.add(q.active());
    }
    in(where, params, "type", q.types());
    in(where, params, "status", q.statuses());
    if (!q.roles().isEmpty()) {
      where.append(" AND (");
      for (int i = 0; i < q.roles().size(); i++) {
        where.append(i == 0 ? "" : " OR ").append("(',' || roles || ',') LIKE ?");
        params.add("%," + q.roles().get(i) + ",%");
      }
      where.append(")");
    }
    for (UserQuery.Text t : q.allOf()) {
      where.append(" AND ");
      text(where, params, t);
    }
    if (!q.anyOf().isEmpty()) {
      where.append(" AND (");
      for (int i = 0; i < q.anyOf().size(); i++) {
        where.append(i == 0 ? "" : " OR ");
        text(where, params, q.anyOf().get(i));
      }
      where.append(")");
    }
    long total = Sql.count(tx, "SELECT COUNT(*)" + where, params.toArray());
    String order = SORT_COLUMNS.getOrDefault(q.sortKey(), "username_lower")
        + (q.ascending() ? " ASC" : " DESC") + ", id";
    params.add(q.count());
    params.add(q.offset());
    List<User> items = Sql.list(tx, "SELECT " + USER_COLUMNS + where + " ORDER BY " + order
        + " LIMIT ? OFFSET ?", JdbcAccountStore::mapUser, params.toArray());
    return new Page<>(items, q.offset(), total);
  }

  private static void in(StringBuilder where, List<Object> params, String column, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    where.append(" AND ").append(column).append(" IN (")
        .append(String.join(", ", java.util.Collections.nCopies(values.size(), "?"))).append(")");
    params.addAll(values);
  }

  private static void text(StringBuilder where, List<Object> params, UserQuery.Text t) {
    String column = TEXT_COLUMNS.get(t.field());
    if (column == null) {
      throw new IllegalArgumentException("Not a text field: " + t.field());
    }
    String value = t.value().toLowerCase(Locale.ROOT);
    if (t.exact()) {
      where.append(column).append(" = ?");
      params.add(value);
      return;
    }
    where.append(column).append(" LIKE ? ESCAPE '\\'");
    params.add((t.prefix() ? "" : "%") + escapeLike(value) + "%");
  }

  @Override
  public List<User> autocomplete(Tx tx, String term, List<String> exceptUsernames, int limit) {
    List<Object> params = new ArrayList<>();
    String like = escapeLike(term.toLowerCase(Locale.ROOT));
    params.add(like + "%");
    params.add("%" + like + "%");
    params.add("%" + like + "%");
    StringBuilder sql = new StringBuilder("SELECT " + USER_COLUMNS + " FROM users WHERE active = ?"
        + " AND (username_lower LIKE ? ESCAPE '\\' OR username_lower LIKE ? ESCAPE '\\'"
        + " OR LOWER(name) LIKE ? ESCAPE '\\')");
    params.add(0, true);
    if (!exceptUsernames.isEmpty()) {
      sql.append(" AND username_lower NOT IN (")
          .append(String.join(", ", java.util.Collections.nCopies(exceptUsernames.size(), "?")))
          .append(")");
      exceptUsernames.forEach(u -> params.add(u.toLowerCase(Locale.ROOT)));
    }
    // Prefix matches first, as Rocket.Chat's autocomplete ranks them.
    sql.append(" ORDER BY CASE WHEN username_lower LIKE ? ESCAPE '\\' THEN 0 ELSE 1 END, username_lower LIMIT ?");
    params.add(like + "%");
    params.add(limit);
    return Sql.list(tx, sql.toString(), JdbcAccountStore::mapUser, params.toArray());
  }

  @Override
  public List<String> deleteMessagesOf(Tx tx, String userId, Instant at) {
    List<String> roomIds = Sql.list(tx, "SELECT DISTINCT room_id FROM messages WHERE user_id = ?",
        rs -> rs.getString(1), userId);
    String where = " FROM messages WHERE user_id = ?";
    Sql.update(tx, "INSERT INTO message_deletions (message_id, room_id, tmid, deleted_at)"
        + " SELECT id, room_id, tmid, ?" + where, at, userId);
    Sql.update(tx, "DELETE FROM message_mentions WHERE message_id IN (SELECT id" + where + ")", userId);
    Sql.update(tx, "DELETE FROM message_stars WHERE message_id IN (SELECT id" + where + ")", userId);
    Sql.update(tx, "DELETE" + where, userId);
    return roomIds;
  }

  @Override
  public void delete(Tx tx, String userId) {
    Sql.update(tx, "DELETE FROM login_tokens WHERE user_id = ?", userId);
    Sql.update(tx, "DELETE FROM subscriptions WHERE user_id = ?", userId);
    Sql.update(tx, "DELETE FROM users WHERE id = ?", userId);
  }

  @Override
  public void disableIntegrationsOf(Tx tx, String userId) {
    Sql.update(tx, "UPDATE integrations SET enabled = ? WHERE user_id = ?", false, userId);
  }

  @Override
  public List<String> idleWithRole(Tx tx, String role, Instant lastLoginBefore) {
    return Sql.list(tx, "SELECT id FROM users WHERE active = ? AND (',' || roles || ',') LIKE ?"
        + " AND last_login IS NOT NULL AND last_login <= ?", rs -> rs.getString(1), true,
        "%," + role + ",%", lastLoginBefore);
  }

  @Override
  public Map<String, Object> statistics(Tx tx) {
    Map<String, Object> out = new LinkedHashMap<>();
    Sql.list(tx, "SELECT COUNT(*),"
        + " SUM(CASE WHEN active = ? THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN active = ? THEN 0 ELSE 1 END),"
        + " SUM(CASE WHEN status = 'online' THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN status = 'away' THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN status = 'busy' THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN type = 'bot' THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN type = 'user' AND active = ? THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN type = 'bot' AND active = ? THEN 1 ELSE 0 END)"
        + " FROM users", rs -> {
          out.put("totalUsers", rs.getLong(1));
          out.put("activeUsers", rs.getLong(2));
          out.put("nonActiveUsers", rs.getLong(3));
          out.put("onlineUsers", rs.getLong(4));
          out.put("awayUsers", rs.getLong(5));
          out.put("busyUsers", rs.getLong(6));
          out.put("totalBots", rs.getLong(7));
          out.put("activeHumanUsers", rs.getLong(8));
          out.put("activeBotUsers", rs.getLong(9));
          return null;
        }, true, true, true, true);
    out.put("offlineUsers", (long) out.get("totalUsers") - (long) out.get("onlineUsers")
        - (long) out.get("awayUsers") - (long) out.get("busyUsers"));
    out.put("activeGuests", Sql.count(tx, "SELECT COUNT(*) FROM users WHERE active = ?"
        + " AND (',' || roles || ',') LIKE ?", true, "%,guest,%"));
    out.put("appUsers", Sql.count(tx, "SELECT COUNT(*) FROM users WHERE type = 'app'"));
    Sql.one(tx, "SELECT MAX(last_login) AS t FROM users", rs -> Sql.instant(rs, "t"))
        .ifPresent(t -> out.put("lastLogin", t));
    Sql.list(tx, "SELECT COUNT(*),"
        + " SUM(CASE WHEN t = 'c' THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN t = 'p' THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN t = 'd' THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN t = 'c' THEN msgs ELSE 0 END),"
        + " SUM(CASE WHEN t = 'p' THEN msgs ELSE 0 END),"
        + " SUM(CASE WHEN t = 'd' THEN msgs ELSE 0 END),"
        + " SUM(msgs)"
        + " FROM rooms", rs -> {
          out.put("totalRooms", rs.getLong(1));
          out.put("totalChannels", rs.getLong(2));
          out.put("totalPrivateGroups", rs.getLong(3));
          out.put("totalDirect", rs.getLong(4));
          out.put("totalChannelMessages", rs.getLong(5));
          out.put("totalPrivateGroupMessages", rs.getLong(6));
          out.put("totalDirectMessages", rs.getLong(7));
          out.put("totalMessages", rs.getLong(8));
          return null;
        });
    Sql.one(tx, "SELECT MAX(last_message_at) AS t FROM rooms", rs -> Sql.instant(rs, "t"))
        .ifPresent(t -> out.put("lastMessageSentAt", t));
    out.put("totalDiscussionsMessages",
        Sql.count(tx, "SELECT COALESCE(SUM(msgs), 0) FROM rooms WHERE prid IS NOT NULL"));
    Sql.list(tx, "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM uploads WHERE complete = ?", rs -> {
      out.put("uploadsTotal", rs.getLong(1));
      out.put("uploadsTotalSize", rs.getLong(2));
      return null;
    }, true);
    out.put("totalThreads", Sql.count(tx, "SELECT COUNT(*) FROM messages WHERE tcount > 0"));
    out.put("totalDiscussions", Sql.count(tx, "SELECT COUNT(*) FROM rooms WHERE prid IS NOT NULL"));
    out.put("totalIntegrations", Sql.count(tx, "SELECT COUNT(*) FROM integrations"));
    out.put("totalIncomingIntegrations",
        Sql.count(tx, "SELECT COUNT(*) FROM integrations WHERE type = 'webhook-incoming'"));
    return out;
  }

  private static String escapeLike(String value) {
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  private static User mapUser(java.sql.ResultSet rs) throws java.sql.SQLException {
    return JdbcUserStore.mapRow(rs);
  }
}
