package chat.parley.storage;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import chat.parley.files.CustomEmoji;
import chat.parley.files.CustomEmojiStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

public final class JdbcCustomEmojiStore implements CustomEmojiStore {
  private static final String COLUMNS =
      "id, name, aliases, extension, store_key, type, etag, updated_at";

  @Override
  public void insert(Tx tx, CustomEmoji e) {
    Sql.update(tx, "INSERT INTO custom_emoji (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        e.id(), e.name(), joined(e.aliases()), e.extension(), e.storeKey(), e.type(), e.etag(),
        e.updatedAt());
    Sql.update(tx, "DELETE FROM custom_emoji_removed WHERE id = ?", e.id());
  }

  @Override
  public void update(Tx tx, CustomEmoji e) {
    Sql.update(tx, "UPDATE custom_emoji SET name = ?, aliases = ?, extension = ?, store_key = ?,"
            + " type = ?, etag = ?, updated_at = ? WHERE id = ?",
        e.name(), joined(e.aliases()), e.extension(), e.storeKey(), e.type(), e.etag(),
        e.updatedAt(), e.id());
  }

  @Override
  public Optional<CustomEmoji> find(Tx tx, String id) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM custom_emoji WHERE id = ?",
        JdbcCustomEmojiStore::map, id);
  }

  @Override
  public Optional<CustomEmoji> findByName(Tx tx, String name) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM custom_emoji WHERE name = ?",
        JdbcCustomEmojiStore::map, name);
  }

  @Override
  public List<CustomEmoji> usingAny(Tx tx, List<String> names, String exceptId) {
    List<CustomEmoji> out = new ArrayList<>();
    for (String n : names) {
      out.addAll(Sql.list(tx, "SELECT " + COLUMNS + " FROM custom_emoji WHERE (name = ?"
              + " OR aliases LIKE ? ESCAPE '\\') AND id <> ?", JdbcCustomEmojiStore::map,
          n, "%," + JdbcMessageStore.escapeLike(n) + ",%", exceptId == null ? "" : exceptId));
    }
    return out;
  }

  @Override
  public boolean exists(Tx tx, String nameOrAlias) {
    return Sql.count(tx, "SELECT COUNT(*) FROM custom_emoji WHERE name = ? OR aliases LIKE ?"
        + " ESCAPE '\\'", nameOrAlias, "%," + JdbcMessageStore.escapeLike(nameOrAlias) + ",%") > 0;
  }

  @Override
  public List<CustomEmoji> changedSince(Tx tx, Instant since) {
    return since == null
        ? Sql.list(tx, "SELECT " + COLUMNS + " FROM custom_emoji ORDER BY name",
            JdbcCustomEmojiStore::map)
        : Sql.list(tx, "SELECT " + COLUMNS + " FROM custom_emoji WHERE updated_at > ?"
            + " ORDER BY name", JdbcCustomEmojiStore::map, since);
  }

  @Override
  public Page<CustomEmoji> page(Tx tx, String nameContains, int offset, int count) {
    String where = nameContains == null || nameContains.isEmpty() ? ""
        : " WHERE name LIKE ? ESCAPE '\\'";
    Object[] filter = where.isEmpty() ? new Object[0]
        : new Object[] {"%" + JdbcMessageStore.escapeLike(nameContains.toLowerCase(Locale.ROOT)) + "%"};
    long total = Sql.count(tx, "SELECT COUNT(*) FROM custom_emoji" + where, filter);
    List<Object> params = new ArrayList<>(Arrays.asList(filter));
    params.add(count);
    params.add(offset);
    return new Page<>(Sql.list(tx, "SELECT " + COLUMNS + " FROM custom_emoji" + where
        + " ORDER BY name LIMIT ? OFFSET ?", JdbcCustomEmojiStore::map, params.toArray()), offset, total);
  }

  @Override
  public void delete(Tx tx, String id, Instant at) {
    Sql.update(tx, "DELETE FROM custom_emoji WHERE id = ?", id);
    Sql.update(tx, "DELETE FROM custom_emoji_removed WHERE id = ?", id);
    Sql.update(tx, "INSERT INTO custom_emoji_removed (id, removed_at) VALUES (?, ?)", id, at);
  }

  @Override
  public List<Removed> removedSince(Tx tx, Instant since) {
    return Sql.list(tx, "SELECT id, removed_at FROM custom_emoji_removed WHERE removed_at > ?"
        + " ORDER BY removed_at", rs -> new Removed(rs.getString("id"),
        Sql.instant(rs, "removed_at")), since);
  }

  private static String joined(List<String> aliases) {
    return "," + String.join(",", aliases) + (aliases.isEmpty() ? "" : ",");
  }

  private static CustomEmoji map(ResultSet rs) throws SQLException {
    List<String> aliases = Arrays.stream(rs.getString("aliases").split(","))
        .filter(s -> !s.isEmpty()).toList();
    return new CustomEmoji(rs.getString("id"), rs.getString("name"), aliases,
        rs.getString("extension"), rs.getString("store_key"), rs.getString("type"),
        rs.getString("etag"), Sql.instant(rs, "updated_at"));
  }
}
