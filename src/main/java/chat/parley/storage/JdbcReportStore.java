package chat.parley.storage;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import chat.parley.common.UserRef;
import chat.parley.messages.Message;
import chat.parley.messages.MessageDetails;
import chat.parley.moderation.Report;
import chat.parley.moderation.ReportStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reports keep a JSON snapshot of the message, so a later edit or delete does not erase them. */
public final class JdbcReportStore implements ReportStore {
  private static final String COLUMNS = "id, message_id, room_id, reported_user_id, message,"
      + " description, reporter_id, reporter_name, ts, dismissed_at";

  @Override
  public void insert(Tx tx, Report r) {
    Message m = r.message();
    Map<String, Object> snapshot = new LinkedHashMap<>();
    snapshot.put("id", m.id());
    snapshot.put("rid", m.roomId());
    snapshot.put("msg", m.text());
    snapshot.put("ts", m.ts().toEpochMilli());
    snapshot.put("u", java.util.Arrays.asList(m.author().id(), m.author().username(), m.author().name()));
    Sql.update(tx, "INSERT INTO message_reports (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        r.id(), m.id(), m.roomId(), m.author().id(), Json.write(snapshot), r.description(),
        r.reportedBy().id(), r.reportedBy().username(), r.ts(), r.dismissedAt());
  }

  @Override
  public Optional<Report> find(Tx tx, String id) {
    return Sql.one(tx, "SELECT " + COLUMNS + " FROM message_reports WHERE id = ?", JdbcReportStore::map, id);
  }

  @Override
  public Page<UserSummary> openByUser(Tx tx, int offset, int count) {
    long total = Sql.count(tx, "SELECT COUNT(DISTINCT reported_user_id) FROM message_reports"
        + " WHERE dismissed_at IS NULL");
    List<String> users = Sql.list(tx, "SELECT reported_user_id FROM message_reports WHERE dismissed_at IS NULL"
            + " GROUP BY reported_user_id ORDER BY MAX(ts) DESC LIMIT ? OFFSET ?",
        rs -> rs.getString(1), count, offset);
    List<UserSummary> items = new ArrayList<>();
    for (String userId : users) {
      List<Report> open = openForUser(tx, userId, 0, Integer.MAX_VALUE).items();
      items.add(new UserSummary(userId, open.get(0), open.size(),
          open.stream().map(r -> r.message().roomId()).distinct().toList()));
    }
    return new Page<>(items, offset, total);
  }

  @Override
  public Page<Report> openForUser(Tx tx, String userId, int offset, int count) {
    long total = Sql.count(tx, "SELECT COUNT(*) FROM message_reports WHERE reported_user_id = ?"
        + " AND dismissed_at IS NULL", userId);
    List<Report> items = Sql.list(tx, "SELECT " + COLUMNS + " FROM message_reports WHERE reported_user_id = ?"
        + " AND dismissed_at IS NULL ORDER BY ts DESC LIMIT ? OFFSET ?", JdbcReportStore::map, userId, count, offset);
    return new Page<>(items, offset, total);
  }

  @Override
  public Page<Report> forMessage(Tx tx, String messageId, int offset, int count) {
    long total = Sql.count(tx, "SELECT COUNT(*) FROM message_reports WHERE message_id = ?", messageId);
    List<Report> items = Sql.list(tx, "SELECT " + COLUMNS + " FROM message_reports WHERE message_id = ?"
        + " ORDER BY ts DESC LIMIT ? OFFSET ?", JdbcReportStore::map, messageId, count, offset);
    return new Page<>(items, offset, total);
  }

  @Override
  public void insertUserReport(Tx tx, UserReport r) {
    Sql.update(tx, "INSERT INTO user_reports (id, reported_user_id, description, reporter_id,"
            + " reporter_name, ts) VALUES (?, ?, ?, ?, ?, ?)",
        r.id(), r.reportedUserId(), r.description(), r.reportedBy().id(), r.reportedBy().username(), r.ts());
  }

  @Override
  public Page<UserReportSummary> openUserReports(Tx tx, int offset, int count) {
    long total = Sql.count(tx, "SELECT COUNT(DISTINCT reported_user_id) FROM user_reports"
        + " WHERE dismissed_at IS NULL");
    List<UserReportSummary> items = Sql.list(tx, "SELECT reported_user_id, COUNT(*), MAX(ts)"
            + " FROM user_reports WHERE dismissed_at IS NULL GROUP BY reported_user_id"
            + " ORDER BY MAX(ts) DESC LIMIT ? OFFSET ?",
        rs -> new UserReportSummary(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3))),
        count, offset);
    return new Page<>(items, offset, total);
  }

  @Override
  public int dismissUserReports(Tx tx, String userId, Instant at) {
    return Sql.update(tx, "UPDATE user_reports SET dismissed_at = ? WHERE reported_user_id = ?"
        + " AND dismissed_at IS NULL", at, userId);
  }

  @Override
  public int dismiss(Tx tx, String userId, String messageId, String by, String reason, Instant at) {
    if (messageId != null) {
      return Sql.update(tx, "UPDATE message_reports SET dismissed_at = ?, dismissed_by = ?,"
          + " dismiss_reason = ? WHERE message_id = ? AND dismissed_at IS NULL", at, by, reason, messageId);
    }
    return Sql.update(tx, "UPDATE message_reports SET dismissed_at = ?, dismissed_by = ?,"
        + " dismiss_reason = ? WHERE reported_user_id = ? AND dismissed_at IS NULL", at, by, reason, userId);
  }

  @SuppressWarnings("unchecked")
  private static Report map(ResultSet rs) throws SQLException {
    Map<String, Object> s = Json.readMap(rs.getString("message"));
    List<String> u = (List<String>) s.get("u");
    Instant ts = Instant.ofEpochMilli(((Number) s.get("ts")).longValue());
    Message snapshot = new Message((String) s.get("id"), (String) s.get("rid"), ts, ts,
        new UserRef(u.get(0), u.get(1), u.size() > 2 ? u.get(2) : null), (String) s.get("msg"), null,
        null, null, null, null, null, null, null, null, false, Map.of(), MessageDetails.NONE);
    return new Report(rs.getString("id"), snapshot, rs.getString("description"),
        new UserRef(rs.getString("reporter_id"), rs.getString("reporter_name"), null),
        Sql.instant(rs, "ts"), Sql.instant(rs, "dismissed_at"));
  }
}
