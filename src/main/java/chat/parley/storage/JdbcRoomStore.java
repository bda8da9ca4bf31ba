package chat.parley.storage;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import chat.parley.rooms.Removal;
import chat.parley.rooms.RoomQuery;
import chat.parley.common.UserRef;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomStore;
import chat.parley.rooms.RoomType;
import chat.parley.rooms.Subscription;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

public final class JdbcRoomStore implements RoomStore {
  // What every message send writes: counters, alerts and read marks, never access facts.
  // Declared so they do not invalidate cached access checks (AccessVersion).
  private static final String COUNT_SYSTEM_MESSAGE = AccessVersion.counterOnly(
      "UPDATE rooms SET msgs = msgs + 1, updated_at = ? WHERE id = ?");
  private static final String COUNT_MESSAGE = AccessVersion.counterOnly(
      "UPDATE rooms SET msgs = msgs + 1, last_message_at = ?, updated_at = ?,"
          + " last_message_id = COALESCE(CAST(? AS TEXT), last_message_id) WHERE id = ?");
  private static final String COUNT_UNREAD_FOR_OTHERS = AccessVersion.counterOnly(
      "UPDATE subscriptions SET unread = unread + 1, alert = ?, open = ?, updated_at = ?"
          + " WHERE room_id = ? AND user_id <> ?");
  private static final String ALERT_OTHERS = AccessVersion.counterOnly(
      "UPDATE subscriptions SET alert = ?, open = ?, updated_at = ?"
          + " WHERE room_id = ? AND user_id <> ? AND (alert = ? OR open = ?)");
  private static final String COUNT_USER_MENTION = AccessVersion.counterOnly(
      "UPDATE subscriptions SET user_mentions = user_mentions + 1, unread = unread + ?,"
          + " alert = ?, open = ?, updated_at = ? WHERE room_id = ? AND user_id = ?");
  private static final String COUNT_GROUP_MENTION = AccessVersion.counterOnly(
      "UPDATE subscriptions SET group_mentions = group_mentions + 1, unread = unread + ?,"
          + " alert = ?, open = ?, updated_at = ? WHERE room_id = ? AND user_id <> ?");
  private static final String MARK_READ = AccessVersion.counterOnly(
      "UPDATE subscriptions SET unread = 0, alert = ?, user_mentions = 0, group_mentions = 0,"
          + " open = ?, last_seen = ?, last_read = ?, updated_at = ? WHERE room_id = ? AND user_id = ?");

  private static final String ROOM_COLUMNS =
      "r.id, r.t, r.name, r.fname, r.creator_id, r.creator_name, r.topic, r.description,"
          + " r.announcement, r.is_default, r.read_only, r.archived, r.msgs, r.users_count,"
          + " r.last_message_at, r.last_message_id, r.usernames, r.uids, r.created_at, r.updated_at,"
          + " r.join_code, r.custom_fields, r.prid, r.featured, r.react_when_read_only,"
          + " r.discussion_count";
  private static final String SUB_COLUMNS =
      "id, room_id, user_id, username, user_name, t, name, fname, open, alert, unread,"
          + " user_mentions, group_mentions, favorite, roles, last_seen, created_at, updated_at,"
          + " last_read, archived, prid, ignored";
  private static final String PREFIXED_SUB_COLUMNS =
      java.util.Arrays.stream(SUB_COLUMNS.split(",\\s*")).map(c -> "s." + c)
          .collect(java.util.stream.Collectors.joining(", "));

  @Override
  public void insert(Tx tx, Room r) {
    UserRef creator = r.creator();
    try {
      Sql.update(tx,
          "INSERT INTO rooms (id, t, name, fname, creator_id, creator_name, topic, description,"
              + " announcement, is_default, read_only, archived, msgs, users_count,"
              + " last_message_at, last_message_id, usernames, uids, created_at, updated_at,"
              + " join_code, custom_fields, prid, featured, react_when_read_only,"
              + " discussion_count)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
              + " ?, ?, ?, ?, ?, ?)",
          r.id(), r.type().code(), r.name(), r.fname(),
          creator == null ? null : creator.id(), creator == null ? null : creator.username(),
          r.topic(), r.description(), r.announcement(), r.isDefault(), r.readOnly(),
          r.archived(), r.msgs(), r.usersCount(), r.lastMessageAt(), r.lastMessageId(),
          r.usernames().isEmpty() ? null : Json.write(r.usernames()),
          r.uids().isEmpty() ? null : Json.write(r.uids()),
          r.createdAt(), r.updatedAt(), r.joinCode(),
          r.customFields().isEmpty() ? null : Json.write(r.customFields()), r.prid(),
          r.featured(), r.reactWhenReadOnly(), r.discussionCount());
    } catch (Sql.UniqueViolation e) {
      throw new DuplicateRoom(e.getMessage());
    }
  }

  @Override
  public Optional<Room> findById(Tx tx, String id) {
    return Sql.one(tx, "SELECT " + ROOM_COLUMNS + " FROM rooms r WHERE r.id = ?",
        JdbcRoomStore::mapRoom, id);
  }

  @Override
  public Optional<Room> findByName(Tx tx, String name) {
    return Sql.one(tx,
        "SELECT " + ROOM_COLUMNS + " FROM rooms r WHERE r.name = ? AND r.t IN ('c', 'p')",
        JdbcRoomStore::mapRoom, name);
  }

  @Override
  public List<Room> defaultRooms(Tx tx) {
    return Sql.list(tx,
        "SELECT " + ROOM_COLUMNS + " FROM rooms r WHERE r.is_default = ? ORDER BY r.created_at",
        JdbcRoomStore::mapRoom, true);
  }

  @Override
  public List<Room> roomsOfUser(Tx tx, String userId, Instant since) {
    String sql = "SELECT " + ROOM_COLUMNS + " FROM rooms r JOIN subscriptions s ON s.room_id = r.id"
        + " WHERE s.user_id = ?";
    if (since == null) {
      return Sql.list(tx, sql + " ORDER BY r.created_at, r.id", JdbcRoomStore::mapRoom, userId);
    }
    return Sql.list(tx, sql + " AND r.updated_at > ? ORDER BY r.created_at, r.id",
        JdbcRoomStore::mapRoom, userId, since);
  }

  @Override
  public void recordMessage(Tx tx, String roomId, String messageId, Instant at) {
    if (messageId == null) {
      // System messages count, but are neither lm nor lastMessage (Rooms.incMsgCountById).
      Sql.update(tx, COUNT_SYSTEM_MESSAGE, at, roomId);
      return;
    }
    Sql.update(tx,
        COUNT_MESSAGE,
        at, at, messageId, roomId);
  }

  @Override
  public void recordSend(Tx tx, String roomId, String senderId, String messageId, Instant at,
      boolean threadOnly, boolean countUnread) {
    JdbcTx jdbc = JdbcTx.of(tx);
    SendTally.Send send = new SendTally.Send(roomId, senderId, messageId, at, threadOnly,
        countUnread && !threadOnly);
    if (jdbc.tally == null) {
      SendTally.writeNow(jdbc, java.util.List.of(send));
    } else {
      jdbc.sends.add(send);
    }
  }

  @Override
  public boolean subscribe(Tx tx, Subscription s) {
    if (subscription(tx, s.roomId(), s.user().id()).isPresent()) {
      return false;
    }
    Sql.update(tx,
        "INSERT INTO subscriptions (" + SUB_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s.id(), s.roomId(), s.user().id(), s.user().username(), s.user().name(), s.type().code(),
        s.name(), s.fname(), s.open(), s.alert(), s.unread(), s.userMentions(),
        s.groupMentions(), s.favorite(), s.roles().isEmpty() ? null : String.join(",", s.roles()),
        s.lastSeen(), s.createdAt(), s.updatedAt(), s.lastRead(), s.archived(), s.prid(),
        s.ignored().isEmpty() ? null : Json.write(s.ignored()));
    Sql.update(tx, "UPDATE rooms SET users_count = users_count + 1, updated_at = ? WHERE id = ?",
        s.createdAt(), s.roomId());
    return true;
  }

  @Override
  public Optional<Subscription> subscription(Tx tx, String roomId, String userId) {
    return Sql.one(tx,
        "SELECT " + SUB_COLUMNS + " FROM subscriptions WHERE room_id = ? AND user_id = ?",
        JdbcRoomStore::mapSubscription, roomId, userId);
  }

  @Override
  public void markUnreadForOthers(Tx tx, String roomId, String authorId, boolean countUnread,
      Instant at) {
    if (countUnread) {
      Sql.update(tx,
          COUNT_UNREAD_FOR_OTHERS,
          true, true, at, roomId, authorId);
      return;
    }
    // Only rows that change are touched: in a busy channel, after the first message nobody's
    // subscription needs writing until they read it again.
    Sql.update(tx,
        ALERT_OTHERS,
        true, true, at, roomId, authorId, false, false);
  }

  private static Room mapRoom(ResultSet rs) throws SQLException {
    String creatorId = rs.getString("creator_id");
    return new Room(
        rs.getString("id"),
        RoomType.fromCode(rs.getString("t")),
        rs.getString("name"),
        rs.getString("fname"),
        creatorId == null ? null : new UserRef(creatorId, rs.getString("creator_name"), null),
        rs.getString("topic"),
        rs.getString("description"),
        rs.getString("announcement"),
        rs.getBoolean("is_default"),
        rs.getBoolean("read_only"),
        rs.getBoolean("archived"),
        rs.getLong("msgs"),
        rs.getInt("users_count"),
        Sql.instant(rs, "last_message_at"),
        rs.getString("last_message_id"),
        Json.readStrings(rs.getString("usernames")),
        Json.readStrings(rs.getString("uids")),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"),
        rs.getString("join_code"),
        Json.readMap(rs.getString("custom_fields")),
        rs.getString("prid"),
        rs.getBoolean("featured"),
        rs.getBoolean("react_when_read_only"),
        rs.getInt("discussion_count"));
  }

  private static Subscription mapSubscription(ResultSet rs) throws SQLException {
    String roles = rs.getString("roles");
    return new Subscription(
        rs.getString("id"),
        rs.getString("room_id"),
        new UserRef(rs.getString("user_id"), rs.getString("username"), rs.getString("user_name")),
        RoomType.fromCode(rs.getString("t")),
        rs.getString("name"),
        rs.getString("fname"),
        rs.getBoolean("open"),
        rs.getBoolean("alert"),
        rs.getInt("unread"),
        rs.getInt("user_mentions"),
        rs.getInt("group_mentions"),
        rs.getBoolean("favorite"),
        roles == null || roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",")),
        Sql.instant(rs, "last_seen"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"),
        Sql.instant(rs, "last_read"),
        rs.getBoolean("archived"),
        rs.getString("prid"),
        Json.readStrings(rs.getString("ignored")));
  }

  @Override
  public void update(Tx tx, Room r) {
    Sql.update(tx,
        "UPDATE rooms SET name = ?, fname = ?, t = ?, topic = ?, description = ?,"
            + " announcement = ?, is_default = ?, read_only = ?, archived = ?, join_code = ?,"
            + " custom_fields = ?, featured = ?, react_when_read_only = ?, usernames = ?,"
            + " uids = ?, updated_at = ? WHERE id = ?",
        r.name(), r.fname(), r.type().code(), r.topic(), r.description(), r.announcement(),
        r.isDefault(), r.readOnly(), r.archived(), r.joinCode(),
        r.customFields().isEmpty() ? null : Json.write(r.customFields()), r.featured(),
        r.reactWhenReadOnly(), r.usernames().isEmpty() ? null : Json.write(r.usernames()),
        r.uids().isEmpty() ? null : Json.write(r.uids()), r.updatedAt(), r.id());
  }

  @Override
  public void delete(Tx tx, String roomId, Instant at) {
    Sql.update(tx,
        "INSERT INTO removals (kind, object_id, user_id, room_id, removed_at)"
            + " SELECT 'subscription', id, user_id, room_id, ? FROM subscriptions WHERE room_id = ?",
        at, roomId);
    Sql.update(tx, "DELETE FROM messages WHERE room_id = ?", roomId);
    Sql.update(tx, "DELETE FROM subscriptions WHERE room_id = ?", roomId);
    Sql.update(tx, "DELETE FROM invites WHERE room_id = ?", roomId);
    Sql.update(tx, "DELETE FROM rooms WHERE id = ?", roomId);
  }

  @Override
  public boolean unsubscribe(Tx tx, String roomId, String userId, Instant at) {
    Optional<Subscription> sub = subscription(tx, roomId, userId);
    if (sub.isEmpty()) {
      return false;
    }
    Sql.update(tx,
        "INSERT INTO removals (kind, object_id, user_id, room_id, removed_at)"
            + " VALUES ('subscription', ?, ?, ?, ?)",
        sub.get().id(), userId, roomId, at);
    Sql.update(tx, "DELETE FROM subscriptions WHERE id = ?", sub.get().id());
    Sql.update(tx, "UPDATE rooms SET users_count = users_count - 1, updated_at = ? WHERE id = ?",
        at, roomId);
    return true;
  }

  @Override
  public List<Subscription> reachableMembers(Tx tx, String roomId, String excludeUserId) {
    return Sql.list(tx, "SELECT " + PREFIXED_SUB_COLUMNS
        + " FROM subscriptions s JOIN users u ON u.id = s.user_id"
        + " WHERE s.room_id = ? AND s.user_id <> ? AND u.active = ? AND u.status IN ('online', 'away')",
        JdbcRoomStore::mapSubscription, roomId, excludeUserId == null ? "" : excludeUserId, true);
  }

  @Override
  public Page<Subscription> members(Tx tx, String roomId, String usernameFilter, int offset,
      int count) {
    return members(tx, roomId, usernameFilter, offset, count, false);
  }

  @Override
  public Page<Subscription> members(Tx tx, String roomId, String usernameFilter, int offset,
      int count, boolean ownersFirst) {
    String where = " FROM subscriptions WHERE room_id = ?"
        + (usernameFilter == null ? "" : " AND (LOWER(username) LIKE ? ESCAPE '\\' OR LOWER(user_name) LIKE ? ESCAPE '\\')");
    Object[] params = usernameFilter == null
        ? new Object[] {roomId}
        : new Object[] {roomId, like(usernameFilter), like(usernameFilter)};
    long total = Sql.count(tx, "SELECT COUNT(*)" + where, params);
    Object[] paged = java.util.Arrays.copyOf(params, params.length + 2);
    paged[params.length] = count;
    paged[params.length + 1] = offset;
    List<Subscription> items = Sql.list(tx,
        "SELECT " + SUB_COLUMNS + where + " ORDER BY "
            + (ownersFirst ? "CASE WHEN (',' || COALESCE(roles, '') || ',') LIKE '%,owner,%' THEN 0"
                + " WHEN (',' || COALESCE(roles, '') || ',') LIKE '%,moderator,%' THEN 1 ELSE 2 END, " : "")
            + "username LIMIT ? OFFSET ?",
        JdbcRoomStore::mapSubscription, paged);
    return new Page<>(items, offset, total);
  }

  @Override
  public List<Subscription> membersWithRole(Tx tx, String roomId, String role) {
    return Sql.list(tx,
        "SELECT " + SUB_COLUMNS + " FROM subscriptions WHERE room_id = ?"
            + " AND (',' || roles || ',') LIKE ? ORDER BY username",
        JdbcRoomStore::mapSubscription, roomId, "%," + role + ",%");
  }

  @Override
  public List<Subscription> subscriptionsOfUser(Tx tx, String userId, Instant since) {
    if (since == null) {
      return Sql.list(tx, "SELECT " + SUB_COLUMNS + " FROM subscriptions WHERE user_id = ?"
          + " ORDER BY created_at, id", JdbcRoomStore::mapSubscription, userId);
    }
    return Sql.list(tx, "SELECT " + SUB_COLUMNS + " FROM subscriptions WHERE user_id = ?"
        + " AND updated_at > ? ORDER BY created_at, id", JdbcRoomStore::mapSubscription, userId, since);
  }

  @Override
  public List<Removal> removalsSince(Tx tx, String userId, Instant since) {
    return Sql.list(tx,
        "SELECT room_id, object_id, removed_at FROM removals WHERE user_id = ?"
            + " AND kind = 'subscription' AND removed_at > ? ORDER BY removed_at",
        rs -> new Removal(rs.getString(1), rs.getString(2), Sql.instant(rs, "removed_at")),
        userId, since == null ? Instant.EPOCH : since);
  }

  @Override
  public Page<Room> list(Tx tx, RoomQuery q) {
    StringBuilder where = new StringBuilder(" FROM rooms r");
    List<Object> params = new java.util.ArrayList<>();
    if (q.memberId() != null) {
      where.append(" JOIN subscriptions s ON s.room_id = r.id AND s.user_id = ?");
      params.add(q.memberId());
    }
    where.append(" WHERE r.t IN (")
        .append(String.join(", ", java.util.Collections.nCopies(q.types().size(), "?")))
        .append(")");
    q.types().stream().map(RoomType::code).sorted().forEach(params::add);
    if (q.nameFilter() != null) {
      where.append(" AND (LOWER(r.name) LIKE ? ESCAPE '\\' OR LOWER(r.fname) LIKE ? ESCAPE '\\')");
      params.add(like(q.nameFilter()));
      params.add(like(q.nameFilter()));
    }
    if (q.parentId() != null) {
      where.append(" AND r.prid = ?");
      params.add(q.parentId());
    }
    if (q.defaultOnly()) {
      where.append(" AND r.is_default = ?");
      params.add(true);
    }
    long total = Sql.count(tx, "SELECT COUNT(*)" + where, params.toArray());
    params.add(q.count());
    params.add(q.offset());
    List<Room> items = Sql.list(tx, "SELECT " + ROOM_COLUMNS + where
        + " ORDER BY " + orderBy(q.sort()) + " LIMIT ? OFFSET ?",
        JdbcRoomStore::mapRoom, params.toArray());
    return new Page<>(items, q.offset(), total);
  }

  @Override
  public void setSubscriptionRoles(Tx tx, String roomId, String userId, List<String> roles,
      Instant at) {
    Sql.update(tx, "UPDATE subscriptions SET roles = ?, updated_at = ? WHERE room_id = ? AND user_id = ?",
        roles.isEmpty() ? null : String.join(",", roles), at, roomId, userId);
  }

  @Override
  public void countUserMentions(Tx tx, String roomId, java.util.Collection<String> userIds,
      boolean countUnread, Instant at) {
    for (String userId : userIds) {
      Sql.update(tx,
          COUNT_USER_MENTION,
          countUnread ? 1 : 0, true, true, at, roomId, userId);
    }
  }

  @Override
  public void countGroupMention(Tx tx, String roomId, String authorId, boolean countUnread,
      Instant at) {
    Sql.update(tx,
        COUNT_GROUP_MENTION,
        countUnread ? 1 : 0, true, true, at, roomId, authorId);
  }

  @Override
  public void markRead(Tx tx, String roomId, String userId, Instant at) {
    Sql.update(tx,
        MARK_READ,
        false, true, at, at, at, roomId, userId);
  }

  @Override
  public void markUnread(Tx tx, String roomId, String userId, int unreadCount, Instant lastSeen,
      Instant at) {
    Sql.update(tx,
        "UPDATE subscriptions SET unread = ?, alert = ?, last_seen = ?, updated_at = ?"
            + " WHERE room_id = ? AND user_id = ?",
        unreadCount, true, lastSeen, at, roomId, userId);
  }

  @Override
  public void setOpen(Tx tx, String roomId, String userId, boolean open, Instant at) {
    Sql.update(tx, "UPDATE subscriptions SET open = ?, updated_at = ? WHERE room_id = ? AND user_id = ?",
        open, at, roomId, userId);
  }

  @Override
  public void setIgnored(Tx tx, String roomId, String userId, List<String> ignored, Instant at) {
    Sql.update(tx, "UPDATE subscriptions SET ignored = ?, updated_at = ? WHERE room_id = ? AND user_id = ?",
        ignored.isEmpty() ? null : Json.write(ignored), at, roomId, userId);
  }

  @Override
  public void setFavorite(Tx tx, String roomId, String userId, boolean favorite, Instant at) {
    Sql.update(tx, "UPDATE subscriptions SET favorite = ?, updated_at = ? WHERE room_id = ? AND user_id = ?",
        favorite, at, roomId, userId);
  }

  @Override
  public boolean isMuted(Tx tx, String roomId, String userId) {
    return Sql.count(tx, "SELECT COUNT(*) FROM room_mutes WHERE room_id = ? AND user_id = ?",
        roomId, userId) > 0;
  }

  @Override
  public boolean setMuted(Tx tx, String roomId, String userId, boolean muted) {
    if (muted == isMuted(tx, roomId, userId)) {
      return false;
    }
    if (muted) {
      Sql.update(tx, "INSERT INTO room_mutes (room_id, user_id) VALUES (?, ?)", roomId, userId);
    } else {
      Sql.update(tx, "DELETE FROM room_mutes WHERE room_id = ? AND user_id = ?", roomId, userId);
    }
    return true;
  }

  @Override
  public void countDiscussion(Tx tx, String parentId, Instant at) {
    Sql.update(tx, "UPDATE rooms SET discussion_count = discussion_count + 1, updated_at = ?"
        + " WHERE id = ?", at, parentId);
  }

  @Override
  public void setOpenForAll(Tx tx, String roomId, boolean open, Instant at) {
    Sql.update(tx, "UPDATE subscriptions SET open = ?, alert = ?, updated_at = ? WHERE room_id = ?",
        open, false, at, roomId);
  }

  @Override
  public void syncSubscriptions(Tx tx, Room room, Instant at) {
    if (room.isDirect()) {
      Sql.update(tx, "UPDATE subscriptions SET archived = ?, updated_at = ? WHERE room_id = ?",
          room.archived(), at, room.id());
      return;
    }
    Sql.update(tx,
        "UPDATE subscriptions SET name = ?, fname = ?, t = ?, archived = ?, updated_at = ?"
            + " WHERE room_id = ?",
        room.name(), room.fname(), room.type().code(), room.archived(), at, room.id());
  }

  @Override
  public int countUnread(Tx tx, String roomId, String userId, Instant after) {
    return (int) Sql.count(tx,
        "SELECT COUNT(*) FROM messages WHERE room_id = ? AND ts >= ? AND user_id <> ? AND t IS NULL",
        roomId, after, userId);
  }

  /** Only whitelisted columns ever reach the SQL text. */
  private static String orderBy(chat.parley.rooms.RoomSort sort) {
    String dir = sort.ascending() ? " ASC" : " DESC";
    String column = switch (sort.key()) {
      case NAME -> "LOWER(COALESCE(r.name, r.id))";
      case CREATED -> "r.created_at";
      case USERS_COUNT -> "r.users_count";
      case MSGS -> "r.msgs";
      case UPDATED -> "r.updated_at";
      case LAST_MESSAGE -> "COALESCE(r.last_message_at, 0)";
    };
    return column + dir + ", r.id" + dir;
  }

  private static String like(String filter) {
    String escaped = filter.toLowerCase(java.util.Locale.ROOT)
        .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return "%" + escaped + "%";
  }
}
