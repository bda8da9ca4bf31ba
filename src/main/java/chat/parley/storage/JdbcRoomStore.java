package chat.parley.storage;

import chat.parley.common.Tx;
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
  private static final String ROOM_COLUMNS =
      "r.id, r.t, r.name, r.fname, r.creator_id, r.creator_name, r.topic, r.description,"
          + " r.announcement, r.is_default, r.read_only, r.archived, r.msgs, r.users_count,"
          + " r.last_message_at, r.last_message_id, r.usernames, r.uids, r.created_at, r.updated_at,"
          + " r.join_code, r.custom_fields, r.prid, r.featured, r.react_when_read_only,"
          + " r.discussion_count";
  private static final String SUB_COLUMNS =
      "id, room_id, user_id, username, user_name, t, name, fname, open, alert, unread,"
          + " user_mentions, group_mentions, favorite, roles, last_seen, created_at, updated_at";

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
    Sql.update(tx,
        "UPDATE rooms SET msgs = msgs + 1, last_message_at = ?, updated_at = ?,"
            + " last_message_id = COALESCE(CAST(? AS TEXT), last_message_id) WHERE id = ?",
        at, at, messageId, roomId);
  }

  @Override
  public boolean subscribe(Tx tx, Subscription s) {
    if (subscription(tx, s.roomId(), s.user().id()).isPresent()) {
      return false;
    }
    Sql.update(tx,
        "INSERT INTO subscriptions (" + SUB_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s.id(), s.roomId(), s.user().id(), s.user().username(), s.user().name(), s.type().code(),
        s.name(), s.fname(), s.open(), s.alert(), s.unread(), s.userMentions(),
        s.groupMentions(), s.favorite(), s.roles().isEmpty() ? null : String.join(",", s.roles()),
        s.lastSeen(), s.createdAt(), s.updatedAt());
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
  public void markUnreadForOthers(Tx tx, String roomId, String authorId, Instant at) {
    Sql.update(tx,
        "UPDATE subscriptions SET unread = unread + 1, alert = ?, open = ?, updated_at = ?"
            + " WHERE room_id = ? AND user_id <> ?",
        true, true, at, roomId, authorId);
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
        Sql.instant(rs, "updated_at"));
  }
}
