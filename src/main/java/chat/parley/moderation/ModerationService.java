package chat.parley.moderation;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.messages.Message;
import chat.parley.messages.MessageService;
import chat.parley.messages.MessageStore;
import java.time.Clock;
import java.time.Instant;

/**
 * Reporting messages and the moderation console: members report what they can see; holders of
 * {@code view-moderation-console} review reports grouped by user, and {@code
 * manage-moderation-actions} holders dismiss them or delete the reported messages.
 */
public final class ModerationService {
  private final Transactor db;
  private final ReportStore reports;
  private final MessageStore messages;
  private final MessageService messageService;
  private final EventHub events;
  private final Clock clock;

  public ModerationService(Transactor db, ReportStore reports, MessageStore messages,
      MessageService messageService, EventHub events, Clock clock) {
    this.db = db;
    this.reports = reports;
    this.messages = messages;
    this.messageService = messageService;
    this.events = events;
    this.clock = clock;
  }

  /** {@code chat.reportMessage}: the reporter must be able to read the message. */
  public void report(Session session, String messageId, String description) {
    if (description == null || description.isBlank()) {
      throw new ParleyException.Invalid("error-invalid-description",
          "The description is required [error-invalid-description]");
    }
    Message message;
    try {
      message = messageService.get(session, messageId);
    } catch (ParleyException e) {
      throw new ParleyException.Invalid("error-invalid-message", "Invalid message [error-invalid-message]");
    }
    Report report = new Report(Ids.newId(), message, description.trim(), session.ref(),
        clock.instant(), null);
    db.write(tx -> {
      reports.insert(tx, report);
      return null;
    });
  }

  /** {@code moderation.reportUser}: anyone may report another user. */
  public void reportUser(Session session, String userId, String description) {
    if (description == null || description.isBlank()) {
      throw new ParleyException.Invalid("error-invalid-description",
          "The description is required [error-invalid-description]");
    }
    if (userId == null || userId.equals(session.userId())) {
      throw new ParleyException.Invalid("error-invalid-user", "Invalid user [error-invalid-user]");
    }
    db.write(tx -> {
      reports.insertUserReport(tx, new ReportStore.UserReport(Ids.newId(), userId, description.trim(),
          session.ref(), clock.instant()));
      return null;
    });
  }

  public Page<ReportStore.UserReportSummary> userReports(Session session, int offset, int count) {
    requireConsole(session);
    return db.read(tx -> reports.openUserReports(tx, offset, count));
  }

  public int dismissUserReports(Session session, String userId) {
    requireActions(session);
    return db.write(tx -> reports.dismissUserReports(tx, userId, clock.instant()));
  }

  public Page<ReportStore.UserSummary> byUser(Session session, int offset, int count) {
    requireConsole(session);
    return db.read(tx -> reports.openByUser(tx, offset, count));
  }

  public Page<Report> ofUser(Session session, String userId, int offset, int count) {
    requireConsole(session);
    return db.read(tx -> reports.openForUser(tx, userId, offset, count));
  }

  public Page<Report> ofMessage(Session session, String messageId, int offset, int count) {
    requireConsole(session);
    return db.read(tx -> reports.forMessage(tx, messageId, offset, count));
  }

  public Report info(Session session, String reportId) {
    requireConsole(session);
    return db.read(tx -> reports.find(tx, reportId)).orElseThrow(() ->
        new ParleyException.Invalid("error-invalid-report", "Report not found [error-invalid-report]"));
  }

  public int dismiss(Session session, String userId, String messageId, String reason) {
    requireActions(session);
    if (userId == null && messageId == null) {
      throw new ParleyException.Invalid("error-invalid-params",
          "The required \"userId\" or \"msgId\" param is missing.");
    }
    return db.write(tx -> reports.dismiss(tx, userId, messageId, session.userId(), reason, clock.instant()));
  }

  /** Deletes every message of {@code userId} that has an open report, then closes the reports. */
  public int deleteReportedMessages(Session session, String userId, String reason) {
    requireActions(session);
    return db.write(tx -> {
      Instant now = clock.instant();
      Page<Report> open = reports.openForUser(tx, userId, 0, Integer.MAX_VALUE);
      int deleted = 0;
      for (Report report : open.items()) {
        var current = messages.findById(tx, report.message().id());
        if (current.isPresent()) {
          Message m = current.get();
          messages.delete(tx, m, now);
          tx.afterCommit(() -> events.publish(new Event.MessageDeleted(m.id(), m.roomId(), m.threadId())));
          deleted++;
        }
      }
      reports.dismiss(tx, userId, null, session.userId(), reason, now);
      return deleted;
    });
  }

  private static void requireConsole(Session session) {
    if (!session.can("view-moderation-console")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
  }

  private static void requireActions(Session session) {
    if (!session.can("manage-moderation-actions")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
  }
}
