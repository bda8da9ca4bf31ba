package chat.parley.rest;

import chat.parley.Services;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.messages.Message;
import chat.parley.messages.MessageService;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomMembership;
import chat.parley.rooms.RoomQueries;
import chat.parley.rooms.RoomService;
import chat.parley.rooms.RoomSettings;
import chat.parley.rooms.RoomType;
import chat.parley.rooms.SubscriptionService;
import chat.parley.settings.Settings;
import chat.parley.users.User;
import chat.parley.users.UserService;
import chat.parley.wire.RcJson;
import chat.parley.wire.RcMessage;
import chat.parley.wire.RcRoom;
import chat.parley.wire.RcSubscription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The {@code rooms.*} family: any room by id or name, whatever its type. */
final class RoomRoutes {
  private static final Set<String> SETTINGS_FIELDS = Set.of("rid", "roomName", "roomTopic",
      "roomAnnouncement", "roomDescription", "roomType", "readOnly", "default", "favorite",
      "joinCode", "roomCustomFields", "reactWhenReadOnly", "featured", "systemMessages", "encrypted",
      "roomAvatar");

  private final RoomService rooms;
  private final RoomQueries queries;
  private final RoomMembership membership;
  private final RoomSettings roomSettings;
  private final SubscriptionService subscriptions;
  private final MessageService messages;
  private final UserService users;
  private final Paging paging;
  private final chat.parley.files.AvatarService avatars;

  RoomRoutes(Services s) {
    this.avatars = s.avatars();
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
    api.get("rooms.get", this::roomsGet);
    api.get("rooms.info", this::info);
    api.post("rooms.leave", req -> {
      membership.leave(req.session(), find(req));
      return Map.of();
    });
    api.post("rooms.favorite", this::favorite);
    api.get("rooms.nameExists", this::nameExists);
    api.get("rooms.adminRooms", this::adminRooms);
    api.get("rooms.adminRooms.getRoom", this::adminRoom);
    api.post("rooms.saveRoomSettings", this::saveRoomSettings);
    api.post("rooms.changeArchivationState", this::changeArchivationState);
    api.post("rooms.delete", req -> {
      roomSettings.delete(req.session(), byRid(req, "roomId"));
      return Map.of();
    });
    api.get("rooms.roles", this::roles);
    api.get("rooms.membersOrderedByRole", this::membersOrderedByRole);
    api.post("rooms.createDiscussion", this::createDiscussion);
    api.get("rooms.getDiscussions", this::getDiscussions);
    api.get("rooms.autocomplete.channelAndPrivate", this::autocomplete);
    api.post("rooms.cleanHistory", this::cleanHistory);
  }

  private Map<String, Object> roomsGet(Request req) {
    Instant since = req.queryDate("updatedSince", "error-updatedSince-param-invalid");
    List<Room> mine = rooms.roomsOf(req.session(), since);
    // One query for every room's last message, never one per room.
    Map<String, Message> last = messages.byIds(mine.stream()
        .map(Room::lastMessageId).filter(Objects::nonNull).toList());
    List<Map<String, Object>> update = mine.stream()
        .map(r -> RcRoom.of(r, r.lastMessageId() == null ? null : last.get(r.lastMessageId())))
        .toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("update", update);
    out.put("remove", subscriptions.removedSince(req.session(), since).stream()
        .map(RcSubscription::removedRoom).toList());
    return out;
  }

  /** A room by {@code roomId} or {@code roomName} ({@code findRoomByIdOrName}). */
  private Room find(Request req) {
    String roomId = req.param("roomId");
    String roomName = req.param("roomName");
    if (roomId == null && roomName == null) {
      throw new ParleyException.Invalid("error-roomid-param-not-provided",
          "The parameter \"roomId\" or \"roomName\" is required [error-roomid-param-not-provided]");
    }
    Optional<Room> room = roomId != null ? queries.byId(roomId) : queries.byName(roomName);
    return room.filter(r -> queries.canAccess(req.session(), r)).orElseThrow(() ->
        new ParleyException.Invalid("error-room-not-found",
            "The required \"roomId\" or \"roomName\" param provided does not match any channel"
                + " [error-room-not-found]"));
  }

  private Room byRid(Request req, String key) {
    String rid = req.param(key);
    if (rid == null) {
      throw RestErrors.invalidBody("must have required property '" + key + "'");
    }
    return queries.byId(rid).filter(r -> queries.canAccess(req.session(), r)
            || req.session().can("view-room-administration"))
        .orElseThrow(() -> new ParleyException.Invalid("error-invalid-room",
            "Invalid room [error-invalid-room]"));
  }

  private Map<String, Object> info(Request req) {
    String roomId = req.query("roomId");
    String roomName = req.query("roomName");
    if (roomId == null && roomName == null) {
      throw RestErrors.invalidQuery("must have required property 'roomId'");
    }
    Optional<Room> room = roomId != null ? queries.byId(roomId) : queries.byName(roomName);
    if (room.isEmpty() || !queries.canAccess(req.session(), room.get())) {
      // Rocket.Chat answers exactly this, with error and errorType swapped.
      throw new ParleyException.Invalid("Not Allowed", "not-allowed");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    String lastId = room.get().lastMessageId();
    out.put("room", RcRoom.of(room.get(),
        lastId == null ? null : messages.byIds(List.of(lastId)).get(lastId)));
    if (room.get().prid() != null) {
      queries.byId(room.get().prid()).ifPresent(parent -> {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("_id", parent.id());
        p.put("name", parent.name());
        p.put("fname", parent.fname());
        p.put("t", parent.type().code());
        out.put("parent", p);
      });
    }
    return out;
  }

  private Map<String, Object> favorite(Request req) {
    Room room = find(req);
    Boolean favorite = req.optionalBoolean(req.body(), "favorite");
    if (favorite == null) {
      throw RestErrors.invalidBody("must have required property 'favorite'");
    }
    if (queries.subscription(req.session(), room.id()).isEmpty()) {
      throw new ParleyException.Invalid("error-invalid-subscription",
          "You must be part of a room to favorite it [error-invalid-subscription]");
    }
    subscriptions.setFavorite(req.session(), room.id(), favorite);
    return Map.of();
  }

  private Map<String, Object> nameExists(Request req) {
    String name = req.query("roomName");
    if (name == null) {
      throw RestErrors.invalidQuery("must have required property 'roomName'");
    }
    return Map.of("exists", queries.byName(name).isPresent());
  }

  private Map<String, Object> adminRooms(Request req) {
    if (!req.session().can("view-room-administration")) {
      throw new ParleyException.Invalid("error-not-authorized", "error-not-authorized");
    }
    Set<RoomType> types = EnumSet.noneOf(RoomType.class);
    List<String> requested = new ArrayList<>(req.ctx().queryParams("types"));
    requested.addAll(req.ctx().queryParams("types[]"));
    for (String t : requested) {
      switch (t) {
        case "c" -> types.add(RoomType.CHANNEL);
        case "p" -> types.add(RoomType.PRIVATE_GROUP);
        case "d" -> types.add(RoomType.DIRECT);
        default -> { }
      }
    }
    if (types.isEmpty()) {
      types = EnumSet.allOf(RoomType.class);
    }
    Paging.Window w = paging.of(req);
    String filter = req.query("filter");
    Page<Room> page = queries.listAll(req.session(), types, filter == null ? null : filter.trim(),
        w.offset(), w.count(), Paging.roomSort(req));
    return Paging.page("rooms", page.items().stream().map(RcRoom::of).toList(), w.offset(), page.total());
  }

  private Map<String, Object> adminRoom(Request req) {
    if (!req.session().can("view-room-administration")) {
      throw new ParleyException.Invalid("error-not-authorized", "error-not-authorized");
    }
    String rid = req.query("rid");
    Room room = (rid == null ? Optional.<Room>empty() : queries.byId(rid))
        .orElseThrow(() -> new ParleyException.Invalid("Not Allowed", "not-allowed"));
    return RcRoom.of(room);
  }

  private Map<String, Object> saveRoomSettings(Request req) {
    ObjectNode body = req.body();
    req.allowOnly(body, SETTINGS_FIELDS);
    Room room = byRid(req, "rid");
    var session = req.session();
    if (body.has("roomName")) {
      room = roomSettings.rename(session, room, req.requiredString(body, "roomName"));
    }
    if (body.has("roomTopic")) {
      room = roomSettings.setText(session, room, RoomSettings.Text.TOPIC, req.optionalString(body, "roomTopic"));
    }
    if (body.has("roomAnnouncement")) {
      room = roomSettings.setText(session, room, RoomSettings.Text.ANNOUNCEMENT,
          req.optionalString(body, "roomAnnouncement"));
    }
    if (body.has("roomDescription")) {
      room = roomSettings.setText(session, room, RoomSettings.Text.DESCRIPTION,
          req.optionalString(body, "roomDescription"));
    }
    if (body.has("roomType")) {
      String type = req.requiredString(body, "roomType");
      if (!type.equals(room.type().code())) {
        room = roomSettings.setType(session, room, RoomType.fromCode(type));
      }
    }
    Boolean readOnly = req.optionalBoolean(body, "readOnly");
    if (readOnly != null && readOnly != room.readOnly()) {
      room = roomSettings.setReadOnly(session, room, readOnly);
    }
    Boolean isDefault = req.optionalBoolean(body, "default");
    if (isDefault != null && isDefault != room.isDefault()) {
      room = roomSettings.setDefault(session, room, isDefault);
    }
    if (body.has("joinCode")) {
      room = roomSettings.setJoinCode(session, room, req.optionalString(body, "joinCode"));
    }
    if (body.has("roomCustomFields")) {
      Map<String, Object> fields = req.optionalObject(body, "roomCustomFields");
      room = roomSettings.setCustomFields(session, room, fields == null ? Map.of() : fields);
    }
    if (body.has("roomAvatar")) {
      avatars.setRoomAvatar(session, room, req.optionalString(body, "roomAvatar"));
    }
    JsonNode favorite = body.get("favorite");
    if (favorite != null && favorite.isObject() && favorite.has("favorite")) {
      subscriptions.setFavorite(session, room.id(), favorite.get("favorite").asBoolean());
    }
    return Map.of("rid", room.id());
  }

  private Map<String, Object> changeArchivationState(Request req) {
    Room room = byRid(req, "rid");
    boolean archive = "archive".equals(req.param("action"));
    roomSettings.setArchived(req.session(), room, archive);
    return Map.of();
  }

  private Map<String, Object> roles(Request req) {
    String rid = req.query("rid");
    if (rid == null) {
      throw RestErrors.invalidQuery("must have required property 'rid'");
    }
    Room room = queries.byId(rid).orElseThrow(() ->
        new ParleyException.Invalid("error-invalid-room", "Invalid room [error-invalid-room]"));
    if (!queries.canAccess(req.session(), room)) {
      throw new ParleyException.Invalid("error-invalid-user", "Invalid user [error-invalid-user]");
    }
    List<Map<String, Object>> roles = queries.roleHolders(room.id()).stream().map(s -> {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("_id", s.id());
      doc.put("rid", s.roomId());
      doc.put("u", Map.of("_id", s.user().id(), "username", s.user().username()));
      doc.put("roles", s.roles());
      return doc;
    }).toList();
    return Map.of("roles", roles);
  }

  private Map<String, Object> membersOrderedByRole(Request req) {
    Room room = find(req);
    if (room.isDirect()) {
      throw new ParleyException.Invalid("error-room-type-not-supported",
          "Room type not supported [error-room-type-not-supported]");
    }
    Paging.Window w = paging.of(req);
    Page<RoomQueries.Member> page = queries.membersByRole(room.id(), req.query("filter"), w.offset(),
        w.count());
    List<Map<String, Object>> members = page.items().stream().map(m -> {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("_id", m.user().id());
      doc.put("username", m.user().username());
      doc.put("name", m.user().name());
      doc.put("status", m.user().status());
      doc.put("_updatedAt", m.user().updatedAt());
      doc.put("roles", m.subscription().roles());
      doc.put("subscription", Map.of("_id", m.subscription().id(), "ts", m.subscription().createdAt(),
          "roles", m.subscription().roles()));
      return doc;
    }).toList();
    return Paging.page("members", members, w.offset(), page.total());
  }

  private Map<String, Object> createDiscussion(Request req) {
    ObjectNode body = req.body();
    String prid = req.requiredString(body, "prid");
    String title = req.requiredString(body, "t_name");
    Room parent = queries.byId(prid).filter(r -> queries.canAccess(req.session(), r)).orElseThrow(() ->
        new ParleyException.Invalid("error-invalid-room", "Invalid room [error-invalid-room]"));
    List<User> invitees = new ArrayList<>();
    JsonNode usernames = body.get("users");
    if (usernames != null && usernames.isArray()) {
      for (JsonNode u : usernames) {
        invitees.add(users.findByUsername(u.asText()).orElseThrow(() ->
            new ParleyException.Invalid("error-invalid-user", "Invalid user [error-invalid-user]")));
      }
    }
    Room discussion = membership.createDiscussion(req.session(), parent, title, invitees);
    String reply = req.optionalString(body, "reply");
    if (reply != null && !reply.isBlank()) {
      messages.send(req.session(), new chat.parley.messages.SendMessage(null, discussion.id(), reply,
          null, null, null, null, null, null, null));
    }
    Map<String, Object> doc = new LinkedHashMap<>(RcRoom.of(queries.byId(discussion.id()).orElse(discussion)));
    doc.put("rid", discussion.id());
    return Map.of("discussion", doc);
  }

  private Map<String, Object> getDiscussions(Request req) {
    Room room = find(req);
    Paging.Window w = paging.of(req);
    Page<Room> page = queries.discussions(room.id(), w.offset(), w.count());
    return Paging.page("discussions", page.items().stream().map(RcRoom::of).toList(), w.offset(),
        page.total());
  }

  private Map<String, Object> autocomplete(Request req) {
    String selector = req.query("selector");
    if (selector == null) {
      throw RestErrors.invalidQuery("must have required property 'selector'");
    }
    String name;
    try {
      name = RcJson.rest().readTree(selector).path("name").asText("");
    } catch (Exception e) {
      throw RestErrors.invalidQuery("'selector' must be a JSON object");
    }
    Page<Room> page = queries.listJoined(req.session(),
        EnumSet.of(RoomType.CHANNEL, RoomType.PRIVATE_GROUP), name.isEmpty() ? null : name, 0, 10);
    List<Map<String, Object>> items = page.items().stream().filter(r -> r.prid() == null).map(r -> {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("_id", r.id());
      doc.put("name", r.name());
      doc.put("fname", r.fname());
      doc.put("t", r.type().code());
      return doc;
    }).toList();
    return Map.of("items", items);
  }

  private Map<String, Object> cleanHistory(Request req) {
    Room room = find(req);
    ObjectNode body = req.body();
    Instant latest = date(req.requiredString(body, "latest"), "latest");
    Instant oldest = date(req.requiredString(body, "oldest"), "oldest");
    List<String> only = new ArrayList<>();
    JsonNode usersNode = body.get("users");
    if (usersNode != null && usersNode.isArray()) {
      usersNode.forEach(u -> only.add(u.asText()));
    }
    int count = messages.cleanHistory(req.session(), room, oldest, latest,
        Boolean.TRUE.equals(req.optionalBoolean(body, "inclusive")), only);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("_id", room.id());
    out.put("count", count);
    return out;
  }

  private static Instant date(String text, String name) {
    try {
      return RcJson.parseDate(text);
    } catch (RuntimeException e) {
      throw RestErrors.invalidBody("'" + name + "' must be a date");
    }
  }
}
