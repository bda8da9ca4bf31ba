package chat.parley.storage;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import chat.parley.files.Upload;
import chat.parley.files.UploadStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

public final class JdbcUploadStore implements UploadStore {
  private static final String COLUMNS = "id, room_id, user_id, name, type, size, store_key,"
      + " description, type_group, extension, width, height, complete, message_id,"
      + " original_file_id, uploaded_at, updated_at, expires_at";

  @Override
  public void insert(Tx tx, Upload u) {
    Sql.update(tx, "INSERT INTO uploads (" + COLUMNS + ") VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        u.id(), u.roomId(), u.userId(), u.name(), u.type(), u.size(), u.storeKey(),
        u.description(), u.typeGroup(), u.extension(), u.width(), u.height(), u.complete(),
        u.messageId(), u.originalFileId(), u.uploadedAt(), u.updatedAt(), u.expiresAt());
  }

  @Override
  public void update(Tx tx, Upload u) {
    Sql.update(tx, "UPDATE uploads SET description = ?, complete = ?, message_id = ?,"
            + " updated_at = ?, expires_at = ? WHERE id = ?",
        u.description(), u.complete(), u.messageId(), u.updatedAt(), u.expiresAt(), u.id());
  }

  @Override
  public Optional<Upload> find(Tx tx, String id) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM uploads WHERE id = ?", JdbcUploadStore::map, id);
  }

  @Override
  public Page<Upload> page(Tx tx, String roomId, String nameContains, String typeGroup,
      boolean newestFirst, int offset, int count) {
    StringBuilder where = new StringBuilder(" FROM uploads WHERE room_id = ?"
        + " AND original_file_id IS NULL AND message_id IS NOT NULL");
    List<Object> params = new ArrayList<>();
    params.add(roomId);
    if (nameContains != null && !nameContains.isEmpty()) {
      where.append(" AND lower(name) LIKE ? ESCAPE '\\'");
      params.add("%" + JdbcMessageStore.escapeLike(nameContains.toLowerCase(Locale.ROOT)) + "%");
    }
    if (typeGroup != null && !typeGroup.isEmpty()) {
      where.append(" AND type_group = ?");
      params.add(typeGroup);
    }
    long total = Sql.count(tx, "SELECT COUNT(*)" + where, params.toArray());
    List<Object> pageParams = new ArrayList<>(params);
    pageParams.add(count);
    pageParams.add(offset);
    List<Upload> items = Sql.list(tx, "SELECT " + COLUMNS + where
            + (newestFirst ? " ORDER BY uploaded_at DESC, id" : " ORDER BY name, id")
            + " LIMIT ? OFFSET ?", JdbcUploadStore::map, pageParams.toArray());
    return new Page<>(items, offset, total);
  }

  @Override
  public List<Upload> byMessage(Tx tx, String messageId) {
    return Sql.list(tx, "SELECT " + COLUMNS + " FROM uploads WHERE message_id = ?"
        + " AND original_file_id IS NULL", JdbcUploadStore::map, messageId);
  }

  @Override
  public List<Upload> byRoom(Tx tx, String roomId) {
    return Sql.list(tx, "SELECT " + COLUMNS + " FROM uploads WHERE room_id = ?"
        + " AND original_file_id IS NULL", JdbcUploadStore::map, roomId);
  }

  @Override
  public List<Upload> thumbnailsOf(Tx tx, String originalId) {
    return Sql.list(tx, "SELECT " + COLUMNS + " FROM uploads WHERE original_file_id = ?",
        JdbcUploadStore::map, originalId);
  }

  @Override
  public List<Upload> expired(Tx tx, Instant now, int limit) {
    return Sql.list(tx, "SELECT " + COLUMNS + " FROM uploads WHERE expires_at IS NOT NULL"
        + " AND expires_at < ? ORDER BY expires_at LIMIT ?", JdbcUploadStore::map, now, limit);
  }

  @Override
  public List<Upload> orphans(Tx tx, int limit) {
    return Sql.list(tx, "SELECT " + COLUMNS + " FROM uploads u WHERE (u.message_id IS NOT NULL"
        + " AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = u.message_id))"
        + " OR (u.original_file_id IS NOT NULL"
        + " AND NOT EXISTS (SELECT 1 FROM uploads o WHERE o.id = u.original_file_id))"
        + " LIMIT ?", JdbcUploadStore::map, limit);
  }

  @Override
  public void delete(Tx tx, String id) {
    Sql.update(tx, "DELETE FROM uploads WHERE id = ?", id);
  }

  @Override
  public Optional<Avatar> avatar(Tx tx, String subject) {
    return Sql.one(tx, "SELECT subject, store_key, type, etag, origin, updated_at FROM avatars"
        + " WHERE subject = ?", rs -> new Avatar(rs.getString("subject"), rs.getString("store_key"),
        rs.getString("type"), rs.getString("etag"), rs.getString("origin"),
        Sql.instant(rs, "updated_at")), subject);
  }

  @Override
  public void putAvatar(Tx tx, Avatar a) {
    Sql.update(tx, "DELETE FROM avatars WHERE subject = ?", a.subject());
    Sql.update(tx, "INSERT INTO avatars (subject, store_key, type, etag, origin, updated_at)"
        + " VALUES (?, ?, ?, ?, ?, ?)", a.subject(), a.storeKey(), a.type(), a.etag(), a.origin(),
        a.updatedAt());
  }

  @Override
  public boolean deleteAvatar(Tx tx, String subject) {
    return Sql.update(tx, "DELETE FROM avatars WHERE subject = ?", subject) > 0;
  }

  private static Upload map(ResultSet rs) throws SQLException {
    int width = rs.getInt("width");
    boolean noWidth = rs.wasNull();
    int height = rs.getInt("height");
    return new Upload(rs.getString("id"), rs.getString("room_id"), rs.getString("user_id"),
        rs.getString("name"), rs.getString("type"), rs.getLong("size"), rs.getString("store_key"),
        rs.getString("description"), rs.getString("type_group"), rs.getString("extension"),
        noWidth ? null : width, noWidth ? null : height, rs.getBoolean("complete"),
        rs.getString("message_id"), rs.getString("original_file_id"),
        Sql.instant(rs, "uploaded_at"), Sql.instant(rs, "updated_at"),
        Sql.instant(rs, "expires_at"));
  }
}
