package chat.parley.rest;

import chat.parley.Services;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.messages.HistoryQuery;
import chat.parley.messages.Message;
import chat.parley.messages.MessageService;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomMembership;
import chat.parley.rooms.RoomQueries;
import chat.parley.rooms.RoomService;
import chat.parley.rooms.RoomSettings;
import chat.parley.rooms.RoomType;
import chat.parley.rooms.Subscription;
import chat.parley.rooms.SubscriptionService;
import chat.parley.settings.Settings;
import chat.parley.users.User;
import chat.parley.users.UserService;
import chat.parley.wire.RcMessage;
import chat.parley.wire.RcRoom;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code im.*} family, also served as {@code dm.*}: direct messages, 1:1 and group. */
final class ImRoutes {
  private final RoomService rooms;
  private final RoomQueries queries;
  private final RoomMembership membership;
  private final RoomSettings roomSettings;
  private final SubscriptionService subscriptions;
  private final MessageService messages;
  private final UserService users;
  private final Paging paging;
  private final chat.parley.files.FileService files;

  ImRoutes(Services s) {
    this.files = s.files();
    this.rooms = s.rooms();
    this.queries = s.roomQueries();
    this.membership = s.membership();
    this.roomSettings = s.roomSettings();
    this.subscriptions = s.subscriptions();
    this.messages = s.messages();
    this.users = s.users();
    this.paging = new Paging(s.settings());
  }

  void register(Api api) {
    for (String prefix : List.of("im.", "dm.")) {
      api.post(prefix + "create", this::create);
      api.post(prefix + "open", req -> open(req, true));
      api.post(prefix + "close", req -> open(req, false));
      api.get(prefix + "list", this::list);
      api.get(prefix + "list.everyone", this::listEveryone);
      api.get(prefix + "history", this::history);
      api.get(prefix + "messages", this::messagesPage);
      api.get(prefix + "messages.others", this::messagesOthers);
      api.get(prefix + "members", this::members);
      api.get(prefix + "counters", this::counters);
      api.post(prefix + "setTopic", this::setTopic);
      api.post(prefix + "delete", this::delete);
      api.post(prefix + "leave", this::leave);
      api.get(prefix + "files", req -> FileRoutes.list(req, find(req), files, paging));
    }
  }

  /** {@code findDirectMessageRoom}: by {@code roomId}, or by the other user's {@code username}. */
  private Room find(Request req) {
    String roomId = req.param("roomId");
    String username = req.param("username");
    if (roomId == null && username == null) {
      throw new ParleyException.Invalid("error-room-param-not-provided",
          "Query param \"roomId\" or \"username\" is required [error-room-param-not-provided]");
    }
    Optional<Room> room;
    if (roomId != null) {
      room = queries.byId(roomId);
    } else {
      User other = users.findByUsername(username).orElseThrow(() ->
          new ParleyException.Invalid("error-invalid-user", "Invalid user [error-invalid-user]"));
      List<String> ids = new ArrayList<>(List.of(req.session().userId(), other.id()));
      ids.sort(null);
      room = queries.byId(ids.get(0).equals(ids.get(1)) ? ids.get(0) : String.join("", ids));
    }
    return room.filter(r -> r.type() == RoomType.DIRECT)
        .filter(r -> queries.canAccess(req.session(), r))
        .orElseThrow(() -> new ParleyException.Invalid("error-room-not-found",
            "The required \"roomId\" param provided does not match any direct message"
                + " [error-room-not-found]"));
  }

  private Map<String, Object> create(Request req) {
    ObjectNode body = req.body();
    req.allowOnly(body, java.util.Set.of("username", "usernames", "excludeSelf"));
    List<String> names = new ArrayList<>();
    String single = req.optionalString(body, "username");
    String many = req.optionalString(body, "usernames");
    if (single != null) {
      names.add(single.trim());
    } else if (many != null) {
      for (String part : many.split(",")) {
        if (!part.isBlank()) {
          names.add(part.trim());
        }
      }
    } else {
      throw RestErrors.invalidBody("must have required property 'username'");
    }
    List<User> others = new ArrayList<>();
    for (String name : names) {
      others.add(users.findByUsername(name).orElseThrow(() ->
          new ParleyException.Invalid("error-invalid-user", "Invalid user [error-invalid-user]")));
    }
    if (others.isEmpty()) {
      throw new ParleyException.Invalid("error-invalid-user", "Invalid user [error-invalid-user]");
    }
    Room room = rooms.openDirect(req.session(), others);
    Map<String, Object> doc = new LinkedHashMap<>(RcRoom.of(room));
    doc.put("rid", room.id());
    return Map.of("room", doc);
  }

  private Map<String, Object> open(Request req, boolean open) {
    Room room = find(req);
    Optional<Subscription> sub = queries.subscription(req.session(), room.id());
    if (sub.isEmpty()) {
      throw new ParleyException.Invalid("error-not-subscribed", "The user is not subscribed to the room");
    }
    if (!open && !sub.get().open()) {
      throw new ParleyException.Invalid("error-already-closed",
          "The direct message room, is already closed to the sender");
    }
    if (sub.get().open() != open) {
      subscriptions.setOpen(req.session(), room.id(), open);
    }
    return Map.of();
  }

  private Map<String, Object> list(Request req) {
    Paging.Window w = paging.of(req);
    Page<Room> page = queries.listJoined(req.session(), EnumSet.of(RoomType.DIRECT), null, w.offset(),
        w.count(), Paging.roomSort(req));
    return Paging.page("ims", page.items().stream().map(RcRoom::of).toList(), w.offset(), page.total());
  }

  private Map<String, Object> listEveryone(Request req) {
    Paging.Window w = paging.of(req);
    Page<Room> page = queries.listAll(req.session(), EnumSet.of(RoomType.DIRECT), null, w.offset(),
        w.count(), Paging.roomSort(req));
    return Paging.page("ims", page.items().stream().map(RcRoom::of).toList(), w.offset(), page.total());
  }

  private Map<String, Object> history(Request req) {
    Room room = find(req);
    Instant latest = req.queryDate("latest", "error-invalid-params");
    Instant oldest = req.queryDate("oldest", "error-invalid-params");
    Paging.Window w = paging.of(req);
    Integer count = req.queryInt("count");
    HistoryQuery query = new HistoryQuery(room.id(), latest == null ? Instant.now() : latest,
        oldest, req.queryFlag("inclusive"), w.offset(), count == null ? 20 : w.count(),
        req.queryFlag("showThreadMessages"));
    List<Message> page = messages.history(req.session(), room, query);
    return Map.of("messages", page.stream().map(RcMessage::of).toList());
  }

  private Map<String, Object> messagesPage(Request req) {
    return RoomFamilyRoutes.messagesPage(messages, paging, req, find(req));
  }

  /** Admins reading any DM; off unless {@code API_Enable_Direct_Message_History_EndPoint}. */
  private Map<String, Object> messagesOthers(Request req) {
    throw new ParleyException.Invalid("error-endpoint-disabled",
        "This endpoint is disabled [error-endpoint-disabled]");
  }

  private Map<String, Object> members(Request req) {
    Room room = find(req);
    Paging.Window w = paging.of(req);
    Page<RoomQueries.Member> page = queries.members(room.id(), req.query("filter"), w.offset(), w.count());
    List<Map<String, Object>> members = page.items().stream().map(m -> {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("_id", m.user().id());
      doc.put("username", m.user().username());
      doc.put("name", m.user().name());
      doc.put("status", m.user().status());
      doc.put("utcOffset", 0);
      return doc;
    }).toList();
    return Paging.page("members", members, w.offset(), page.total());
  }

  private Map<String, Object> counters(Request req) {
    String roomId = req.query("roomId");
    if (roomId == null) {
      throw RestErrors.invalidQuery("must have required property 'roomId'");
    }
    Room room = find(req);
    return RcRoom.counters(queries.counters(req.session(), room, req.query("userId")));
  }

  private Map<String, Object> setTopic(Request req) {
    Room room = find(req);
    String topic = req.optionalString(req.body(), "topic");
    roomSettings.setText(req.session(), room, RoomSettings.Text.TOPIC, topic == null ? "" : topic);
    return Map.of("topic", topic == null ? "" : topic);
  }

  private Map<String, Object> delete(Request req) {
    roomSettings.delete(req.session(), find(req));
    return Map.of();
  }

  private Map<String, Object> leave(Request req) {
    membership.leave(req.session(), find(req));
    return Map.of();
  }
}
