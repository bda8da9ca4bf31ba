package chat.parley.rest;

import chat.parley.common.Page;
import chat.parley.moderation.ModerationService;
import chat.parley.moderation.Report;
import chat.parley.moderation.ReportStore;
import chat.parley.rooms.RoomQueries;
import chat.parley.settings.Settings;
import chat.parley.users.User;
import chat.parley.users.UserService;
import chat.parley.wire.RcMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code chat.reportMessage} and the {@code moderation.*} console. */
final class ModerationRoutes {
  private final ModerationService moderation;
  private final RoomQueries rooms;
  private final UserService users;
  private final Paging paging;

  ModerationRoutes(ModerationService moderation, RoomQueries rooms, UserService users, Settings settings) {
    this.moderation = moderation;
    this.rooms = rooms;
    this.users = users;
    this.paging = new Paging(settings);
  }

  void register(Api api) {
    api.post("chat.reportMessage", req -> {
      moderation.report(req.session(), req.requiredString(req.body(), "messageId"),
          req.optionalString(req.body(), "description"));
      return Map.of();
    });
    api.get("moderation.reportsByUsers", this::reportsByUsers);
    api.get("moderation.user.reportedMessages", this::reportedMessages);
    api.post("moderation.user.deleteReportedMessages", req -> {
      moderation.deleteReportedMessages(req.session(), req.requiredString(req.body(), "userId"),
          req.optionalString(req.body(), "reason"));
      return Map.of();
    });
    api.post("moderation.dismissReports", req -> {
      moderation.dismiss(req.session(), req.optionalString(req.body(), "userId"),
          req.optionalString(req.body(), "msgId"), req.optionalString(req.body(), "reason"));
      return Map.of();
    });
    api.get("moderation.reports", this::reports);
    api.post("moderation.reportUser", req -> {
      String userId = req.requiredString(req.body(), "userId");
      users.resolve(userId, null);
      moderation.reportUser(req.session(), userId, req.optionalString(req.body(), "description"));
      return Map.of();
    });
    api.get("moderation.userReports", req -> {
      Paging.Window w = paging.of(req);
      var page = moderation.userReports(req.session(), w.offset(), w.count());
      List<Map<String, Object>> reports = page.items().stream().map(s -> {
        Map<String, Object> doc = new LinkedHashMap<>();
        users.findById(s.userId()).ifPresentOrElse(u -> doc.put("reportedUser",
                Map.of("_id", u.id(), "username", u.username(), "name", u.name() == null ? u.username() : u.name())),
            () -> doc.put("reportedUser", Map.of("_id", s.userId())));
        doc.put("count", s.count());
        doc.put("ts", s.latest());
        return doc;
      }).toList();
      return Paging.page("reports", reports, w.offset(), page.total());
    });
    api.post("moderation.dismissUserReports", req -> {
      moderation.dismissUserReports(req.session(), req.requiredString(req.body(), "userId"));
      return Map.of();
    });
    api.get("moderation.reportInfo", req -> {
      String id = req.query("reportId");
      if (id == null) {
        throw RestErrors.invalidQuery("must have required property 'reportId'");
      }
      return Map.of("report", doc(moderation.info(req.session(), id)));
    });
  }

  private Map<String, Object> reportsByUsers(Request req) {
    Paging.Window w = paging.of(req);
    Page<ReportStore.UserSummary> page = moderation.byUser(req.session(), w.offset(), w.count());
    List<Map<String, Object>> reports = page.items().stream().map(s -> {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("userId", s.userId());
      doc.put("username", s.latest().message().author().username());
      doc.put("name", s.latest().message().author().name());
      doc.put("message", s.latest().message().text());
      doc.put("msgId", s.latest().message().id());
      doc.put("ts", s.latest().ts());
      doc.put("rooms", s.roomIds().stream().map(this::roomDoc).toList());
      doc.put("count", s.count());
      doc.put("isUserDeleted", users.findById(s.userId()).isEmpty());
      return doc;
    }).toList();
    return Paging.page("reports", reports, w.offset(), page.total());
  }

  private Map<String, Object> roomDoc(String roomId) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("_id", roomId);
    rooms.byId(roomId).ifPresent(r -> {
      doc.put("name", r.name());
      doc.put("fname", r.fname());
      doc.put("t", r.type().code());
    });
    return doc;
  }

  private Map<String, Object> reportedMessages(Request req) {
    String userId = req.query("userId");
    if (userId == null) {
      throw RestErrors.invalidQuery("must have required property 'userId'");
    }
    Paging.Window w = paging.of(req);
    Page<Report> page = moderation.ofUser(req.session(), userId, w.offset(), w.count());
    Map<String, Object> out = Paging.page("messages", page.items().stream().map(r -> {
      Map<String, Object> m = new LinkedHashMap<>(RcMessage.of(r.message()));
      m.put("room", roomDoc(r.message().roomId()));
      return m;
    }).toList(), w.offset(), page.total());
    users.findById(userId).map(User::ref).ifPresent(u -> out.put("user",
        Map.of("_id", u.id(), "username", u.username(), "name", u.name() == null ? u.username() : u.name())));
    return out;
  }

  private Map<String, Object> reports(Request req) {
    String msgId = req.query("msgId");
    if (msgId == null) {
      throw RestErrors.invalidQuery("must have required property 'msgId'");
    }
    Paging.Window w = paging.of(req);
    Page<Report> page = moderation.ofMessage(req.session(), msgId, w.offset(), w.count());
    return Paging.page("reports", page.items().stream().map(this::doc).toList(), w.offset(), page.total());
  }

  private Map<String, Object> doc(Report r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("_id", r.id());
    doc.put("description", r.description());
    doc.put("reportedBy", Map.of("_id", r.reportedBy().id(), "username", r.reportedBy().username()));
    doc.put("ts", r.ts());
    doc.put("message", RcMessage.of(r.message()));
    doc.put("room", roomDoc(r.message().roomId()));
    if (r.dismissedAt() != null) {
      doc.put("_hidden", true);
    }
    return doc;
  }
}
