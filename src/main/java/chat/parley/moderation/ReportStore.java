package chat.parley.moderation;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Message reports; "open" reports are those not yet dismissed. */
public interface ReportStore {
  void insert(Tx tx, Report report);

  Optional<Report> find(Tx tx, String id);

  /** Open reports grouped by reported user, the most recently reported first. */
  Page<UserSummary> openByUser(Tx tx, int offset, int count);

  record UserSummary(String userId, Report latest, long count, List<String> roomIds) {}

  Page<Report> openForUser(Tx tx, String userId, int offset, int count);

  Page<Report> forMessage(Tx tx, String messageId, int offset, int count);

  /** A report about a user rather than a message. */
  record UserReport(String id, String reportedUserId, String description, chat.parley.common.UserRef reportedBy,
      Instant ts) {}

  void insertUserReport(Tx tx, UserReport report);

  /** Reported users with open reports, most recently reported first: (user id, count, latest). */
  Page<UserReportSummary> openUserReports(Tx tx, int offset, int count);

  record UserReportSummary(String userId, long count, Instant latest) {}

  int dismissUserReports(Tx tx, String userId, Instant at);

  /** Dismisses open reports of a user or of a message; returns how many. */
  int dismiss(Tx tx, String userId, String messageId, String by, String reason, Instant at);
}
