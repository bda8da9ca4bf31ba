package chat.parley.storage;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import chat.parley.common.UserRef;
import chat.parley.integrations.Integration;
import chat.parley.integrations.IntegrationStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

public final class JdbcIntegrationStore implements IntegrationStore {
  private static final String COLUMNS = "id, type, name, enabled, user_id, username, channels, token,"
      + " alias, avatar, emoji, override_destination, created_by_id, created_by_username,"
      + " created_at, updated_at, outgoing";

  @Override
  public void insert(Tx tx, Integration i) {
    Sql.update(tx, "INSERT INTO integrations (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        i.id(), i.type(), i.name(), i.enabled(), i.postAs().id(), i.postAs().username(),
        Json.write(i.channels()), i.token(), i.alias(), i.avatar(), i.emoji(),
        i.overrideDestinationChannelEnabled(), i.createdBy().id(), i.createdBy().username(),
        i.createdAt(), i.updatedAt(), outgoing(i.outgoing()));
  }

  @Override
  public void update(Tx tx, Integration i) {
    Sql.update(tx, "UPDATE integrations SET name = ?, enabled = ?, user_id = ?, username = ?,"
            + " channels = ?, token = ?, alias = ?, avatar = ?, emoji = ?, override_destination = ?,"
            + " updated_at = ?, outgoing = ? WHERE id = ?",
        i.name(), i.enabled(), i.postAs().id(), i.postAs().username(), Json.write(i.channels()),
        i.token(), i.alias(), i.avatar(), i.emoji(), i.overrideDestinationChannelEnabled(),
        i.updatedAt(), outgoing(i.outgoing()), i.id());
  }

  @Override
  public boolean delete(Tx tx, String id) {
    return Sql.update(tx, "DELETE FROM integrations WHERE id = ?", id) > 0;
  }

  @Override
  public Optional<Integration> find(Tx tx, String id) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM integrations WHERE id = ?", JdbcIntegrationStore::map, id);
  }

  @Override
  public Optional<Integration> findOutgoingByUrl(Tx tx, String url) {
    // Few outgoing webhooks exist; their URLs live inside the JSON document.
    return outgoing(tx).stream().filter(i -> i.outgoing().urls().contains(url)).findFirst();
  }

  @Override
  public List<Integration> outgoing(Tx tx) {
    return Sql.list(tx, "SELECT " + COLUMNS + " FROM integrations WHERE type = ? ORDER BY created_at",
        JdbcIntegrationStore::map, Integration.OUTGOING);
  }

  @Override
  public Page<Integration> list(Tx tx, Set<String> allTypes, Set<String> ownTypes, String ownerId,
      int offset, int count) {
    List<String> clauses = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    for (String type : allTypes) {
      clauses.add("type = ?");
      params.add(type);
    }
    for (String type : ownTypes) {
      clauses.add("(type = ? AND created_by_id = ?)");
      params.add(type);
      params.add(ownerId);
    }
    if (clauses.isEmpty()) {
      return new Page<>(List.of(), offset, 0);
    }
    String where = " WHERE " + String.join(" OR ", clauses);
    long total = Sql.count(tx, "SELECT COUNT(*) FROM integrations" + where, params.toArray());
    params.add(count);
    params.add(offset);
    List<Integration> items = Sql.list(tx, "SELECT " + COLUMNS + " FROM integrations" + where
        + " ORDER BY created_at LIMIT ? OFFSET ?", JdbcIntegrationStore::map, params.toArray());
    return new Page<>(items, offset, total);
  }

  @Override
  public List<Integration> withChannels(Tx tx, Set<String> allTypes, Set<String> ownTypes,
      String ownerId, Set<String> channels) {
    List<String> clauses = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    for (String type : allTypes) {
      clauses.add("type = ?");
      params.add(type);
    }
    for (String type : ownTypes) {
      clauses.add("(type = ? AND created_by_id = ?)");
      params.add(type);
      params.add(ownerId);
    }
    if (clauses.isEmpty() || channels.isEmpty()) {
      return List.of();
    }
    // The channel list is JSON text: LIKE narrows the rows, the exact match is made here.
    List<String> likes = new ArrayList<>();
    for (String channel : channels) {
      likes.add("channels LIKE ? ESCAPE '\\'");
      params.add("%" + Json.write(channel).replace("\\", "\\\\").replace("%", "\\%")
          .replace("_", "\\_") + "%");
    }
    List<Integration> rows = Sql.list(tx, "SELECT " + COLUMNS + " FROM integrations WHERE ("
        + String.join(" OR ", clauses) + ") AND (" + String.join(" OR ", likes) + ")"
        + " ORDER BY created_at", JdbcIntegrationStore::map, params.toArray());
    return rows.stream().filter(i -> i.channels().stream().anyMatch(channels::contains)).toList();
  }

  private static String outgoing(Integration.Outgoing o) {
    if (o == null) {
      return null;
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("event", o.event());
    doc.put("urls", o.urls());
    doc.put("triggerWords", o.triggerWords());
    doc.put("triggerWordAnywhere", o.triggerWordAnywhere());
    doc.put("runOnEdits", o.runOnEdits());
    doc.put("impersonateUser", o.impersonateUser());
    doc.put("retryFailedCalls", o.retryFailedCalls());
    doc.put("retryCount", o.retryCount());
    doc.put("retryDelay", o.retryDelay());
    doc.put("targetRoom", o.targetRoom());
    return Json.write(doc);
  }

  @SuppressWarnings("unchecked")
  private static Integration.Outgoing readOutgoing(String json) {
    if (json == null) {
      return null;
    }
    Map<String, Object> d = Json.readMap(json);
    return new Integration.Outgoing((String) d.get("event"), (List<String>) d.get("urls"),
        (List<String>) d.get("triggerWords"), Boolean.TRUE.equals(d.get("triggerWordAnywhere")),
        Boolean.TRUE.equals(d.get("runOnEdits")), Boolean.TRUE.equals(d.get("impersonateUser")),
        Boolean.TRUE.equals(d.get("retryFailedCalls")),
        d.get("retryCount") instanceof Number n ? n.intValue() : 0, (String) d.get("retryDelay"),
        (String) d.get("targetRoom"));
  }

  private static Integration map(ResultSet rs) throws SQLException {
    return new Integration(rs.getString("id"), rs.getString("type"), rs.getString("name"),
        rs.getBoolean("enabled"), new UserRef(rs.getString("user_id"), rs.getString("username"), null),
        Json.readStrings(rs.getString("channels")), rs.getString("token"), rs.getString("alias"),
        rs.getString("avatar"), rs.getString("emoji"), rs.getBoolean("override_destination"),
        new UserRef(rs.getString("created_by_id"), rs.getString("created_by_username"), null),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"),
        readOutgoing(rs.getString("outgoing")));
  }
}
