package chat.parley.rest;

import chat.parley.Services;
import chat.parley.auth.Session;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.messages.HistoryQuery;
import chat.parley.messages.Message;
import chat.parley.messages.MessageService;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomMembership;
import chat.parley.rooms.RoomQueries;
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
import java.util.Objects;

/**
 * The {@code channels.*} and {@code groups.*} families: the same operations over public channels
 * and private groups, with each family's words, response keys and lookup rules. A private group
 * that the caller is not in does not exist for them ({@code error-room-not-found}).
 */
final class RoomFamilyRoutes {
  enum Family {
    CHANNELS("channels", RoomType.CHANNEL, "channel", "channels", "channel"),
    GROUPS("groups", RoomType.PRIVATE_GROUP, "group", "groups", "private group");

    final String prefix;
    final RoomType type;
    final String one;
    final String many;
    final String noun;

    Family(String prefix, RoomType type, String one, String many, String noun) {
      this.prefix = prefix;
      this.type = type;
      this.one = one;
      this.many = many;
      this.noun = noun;
    }
  }

  private final Family family;
  private final RoomQueries queries;
  private final RoomMembership membership;
  private final RoomSettings roomSettings;
  private final SubscriptionService subscriptions;
  private final MessageService messages;
  private final UserService users;
  private final Settings settings;
  private final Paging paging;
  private final chat.parley.files.FileService fileService;
  private final chat.parley.integrations.IntegrationService integrations;
  private final String siteUrl;

  RoomFamilyRoutes(Family family, Services s) {
    this.fileService = s.files();
    this.integrations = s.integrations();
    this.siteUrl = s.siteUrl().replaceAll("/+$", "");
    this.family = family;
    this.queries = s.roomQueries();
    this.membership = s.membership();
    this.roomSettings = s.roomSettings();
    this.subscriptions = s.subscriptions();
    this.messages = s.messages();
    this.users = s.users();
    this.settings = s.settings();
    this.paging = new Paging(s.settings());
  }

  void register(Api api) {
    String p = family.prefix + ".";
    api.post(p + "create", this::create);
    api.get(p + "info", req -> withLastMessage(readable(req)));
    api.get(p + "list", this::list);
    api.post(p + "leave", this::leave);
    api.post(p + "invite", this::invite);
    api.post(p + "kick", this::kick);
    api.post(p + "addAll", this::addAll);
    api.get(p + "members", this::members);
    api.get(p + "online", this::online);
    api.get(p + "history", this::history);
    api.get(p + "messages", this::messagesPage);
    api.get(p + "counters", this::counters);
    api.get(p + "roles", this::roles);
    api.get(p + "moderators", this::moderators);
    api.post(p + "open", req -> open(req, true));
    api.post(p + "close", req -> open(req, false));
    api.post(p + "rename", this::rename);
    api.post(p + "setTopic", req -> setText(req, "topic", RoomSettings.Text.TOPIC));
    api.post(p + "setDescription", req -> setText(req, "description", RoomSettings.Text.DESCRIPTION));
    api.post(p + "setPurpose", req -> setText(req, "purpose", RoomSettings.Text.DESCRIPTION));
    api.post(p + "setAnnouncement", req -> setText(req, "announcement", RoomSettings.Text.ANNOUNCEMENT));
    api.post(p + "setType", this::setType);
    api.post(p + "setReadOnly", this::setReadOnly);
    api.post(p + "setCustomFields", this::setCustomFields);
    api.post(p + "archive", req -> archive(req, true));
    api.post(p + "unarchive", req -> archive(req, false));
    api.post(p + "delete", this::delete);
    api.get(p + "files", this::files);
    api.get(p + "getIntegrations", this::getIntegrations);
    for (String role : RoomMembership.ROOM_ROLES) {
      String name = Character.toUpperCase(role.charAt(0)) + role.substring(1);
      api.post(p + "add" + name, req -> setRole(req, role, true));
      api.post(p + "remove" + name, req -> setRole(req, role, false));
    }
    if (family == Family.CHANNELS) {
      api.get(p + "list.joined", this::listJoined);
      api.post(p + "join", this::join);
      api.post(p + "setDefault", this::setDefault);
      api.post(p + "setJoinCode", this::setJoinCode);
    } else {
      api.get(p + "listAll", this::listAll);
    }
  }

  // --- lookups ---------------------------------------------------------------------------------

  /** The family's room, as {@code findChannelByIdOrName}/{@code findPrivateGroupByIdOrName}. */
  private Room find(Request req) {
    String roomId = req.param("roomId");
    String roomName = req.param("roomName");
    if (roomId == null && roomName == null) {
      if (family == Family.GROUPS) {
        throw new ParleyException.Invalid("error-room-param-not-provided",
            "The parameter \"roomId\" or \"roomName\" is required [error-room-param-not-provided]");
      }
      throw new ParleyException.Invalid("error-room-not-found", notFoundMessage());
    }
    Room room = (roomId != null ? queries.byId(roomId) : queries.byName(roomName))
        .filter(r -> r.type() == family.type)
        .orElseThrow(this::notFound);
    // A private group the caller is not in does not exist for them.
    if (family == Family.GROUPS && queries.subscription(req.session(), room.id()).isEmpty()) {
      throw notFound();
    }
    return room;
  }

  private Room readable(Request req) {
    Room room = find(req);
    if (!queries.canAccess(req.session(), room)) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    return room;
  }

  private Room writable(Request req) {
    Room room = find(req);
    if (room.archived()) {
      throw new ParleyException.Invalid("error-room-archived", "The " + family.noun + ", "
          + (room.fname() != null ? room.fname() : room.name()) + ", is archived [error-room-archived]");
    }
    return room;
  }

  private ParleyException notFound() {
    return new ParleyException.Invalid("error-room-not-found", notFoundMessage());
  }

  private String notFoundMessage() {
    return "The required \"roomId\" or \"roomName\" param provided does not match any " + family.one
        + " [error-room-not-found]";
  }

  private User user(Request req) {
    String userId = req.param("userId");
    String username = req.param("username");
    if (username == null) {
      username = req.param("user");
    }
    return users.resolve(userId, username);
  }

  private Map<String, Object> one(Room room) {
    return Map.of(family.one, RcRoom.of(room));
  }

  /** {@code channels.info}: Rocket.Chat's room document carries its {@code lastMessage}. */
  private Map<String, Object> withLastMessage(Room room) {
    chat.parley.messages.Message last = room.lastMessageId() == null ? null
        : messages.byIds(List.of(room.lastMessageId())).get(room.lastMessageId());
    return Map.of(family.one, RcRoom.of(room, last));
  }

  private Map<String, Object> fresh(Room room) {
    return one(queries.byId(room.id()).orElse(room));
  }

  private static String requiredBody(Request req, String name) {
    JsonNode value = req.body().get(name);
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
      throw new ParleyException.Invalid("error-invalid-params",
          "The bodyParam \"" + name + "\" is required");
    }
    if (!value.isTextual()) {
      throw RestErrors.invalidBody("'" + name + "' must be string");
    }
    return value.asText();
  }

  // --- create, list ------------------------------------------------------------------------------

  private Map<String, Object> create(Request req) {
    ObjectNode body = req.body();
    String name = req.optionalString(body, "name");
    if (name == null || name.isBlank()) {
      throw new ParleyException.Invalid("error-invalid-params", family == Family.CHANNELS
          ? "Param \"name\" is required" : "Body param \"name\" is required");
    }
    List<String> members = new ArrayList<>();
    JsonNode memberNode = body.get("members");
    if (memberNode != null && !memberNode.isNull()) {
      if (!memberNode.isArray()) {
        throw new ParleyException.Invalid("error-invalid-params",
            "Param \"members\" must be an array if provided");
      }
      memberNode.forEach(m -> members.add(m.asText()));
    }
    Map<String, Object> customFields = req.optionalObject(body, "customFields");
    Room room = membership.create(req.session(), new RoomMembership.NewRoom(family.type, name.trim(),
        members, Boolean.TRUE.equals(req.optionalBoolean(body, "readOnly")),
        Boolean.TRUE.equals(req.optionalBoolean(body, "excludeSelf")),
        customFields == null ? Map.of() : customFields));
    return one(room);
  }

  private Map<String, Object> list(Request req) {
    Paging.Window w = paging.of(req);
    chat.parley.rooms.RoomSort sort = Paging.roomSort(req);
    Page<Room> page = family == Family.CHANNELS
        ? queries.listChannels(req.session(), req.query("name"), w.offset(), w.count(), sort)
        : queries.listJoined(req.session(), EnumSet.of(family.type), req.query("name"), w.offset(),
            w.count(), sort);
    return Paging.page(family.many, page.items().stream().map(RcRoom::of).toList(), w.offset(), page.total());
  }

  private Map<String, Object> listJoined(Request req) {
    Paging.Window w = paging.of(req);
    Page<Room> page = queries.listJoined(req.session(), EnumSet.of(family.type), req.query("name"),
        w.offset(), w.count(), Paging.roomSort(req));
    return Paging.page(family.many, page.items().stream().map(RcRoom::of).toList(), w.offset(), page.total());
  }

  private Map<String, Object> listAll(Request req) {
    Paging.Window w = paging.of(req);
    Page<Room> page = queries.listAll(req.session(), EnumSet.of(family.type), req.query("name"),
        w.offset(), w.count(), Paging.roomSort(req));
    return Paging.page(family.many, page.items().stream().map(RcRoom::of).toList(), w.offset(), page.total());
  }

  // --- membership ---------------------------------------------------------------------------------

  private Map<String, Object> join(Request req) {
    Room room = writable(req);
    return one(membership.join(req.session(), room, req.param("joinCode")));
  }

  private Map<String, Object> leave(Request req) {
    Room room = find(req);
    membership.leave(req.session(), room);
    return family == Family.CHANNELS ? fresh(room) : Map.of();
  }

  private Map<String, Object> invite(Request req) {
    Room room = writable(req);
    List<User> invitees = new ArrayList<>();
    for (String id : listParam(req, "userIds")) {
      invitees.add(users.resolve(id, null));
    }
    for (String username : listParam(req, "usernames")) {
      invitees.add(users.findByUsername(username).orElseThrow(() ->
          new ParleyException.Invalid("error-user-not-found", "User not found [error-user-not-found]")));
    }
    if (req.param("userId") != null || req.param("username") != null || req.param("user") != null) {
      invitees.add(user(req));
    }
    if (invitees.isEmpty()) {
      throw new ParleyException.Invalid("error-empty-invite-list",
          "Cannot invite if no valid users are provided [error-empty-invite-list]");
    }
    return one(membership.invite(req.session(), room, invitees));
  }

  private static List<String> listParam(Request req, String name) {
    JsonNode node = req.body().get(name);
    List<String> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(v -> out.add(v.asText()));
    } else if (node != null && node.isTextual()) {
      for (String part : node.asText().split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  private Map<String, Object> kick(Request req) {
    Room room = writable(req);
    Room after = membership.kick(req.session(), room, user(req));
    return family == Family.CHANNELS ? one(after) : Map.of();
  }

  private Map<String, Object> addAll(Request req) {
    Room room = writable(req);
    return one(membership.addAll(req.session(), room,
        users.allActive(settings.integer("API_User_Limit"))));
  }

  private Map<String, Object> setRole(Request req, String role, boolean add) {
    Room room = writable(req);
    membership.setRole(req.session(), room, user(req), role, add);
    return Map.of();
  }

  // --- reading -------------------------------------------------------------------------------

  private Map<String, Object> members(Request req) {
    Room room = readable(req);
    Paging.Window w = paging.of(req);
    Page<RoomQueries.Member> page = queries.members(room.id(), req.query("filter"), w.offset(), w.count());
    List<Map<String, Object>> members = page.items().stream().map(m -> {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("_id", m.user().id());
      doc.put("username", m.user().username());
      doc.put("name", m.user().name());
      doc.put("status", m.user().status());
      doc.put("_updatedAt", m.user().updatedAt());
      return doc;
    }).toList();
    return Paging.page("members", members, w.offset(), page.total());
  }

  private Map<String, Object> online(Request req) {
    Room room = readable(req);
    List<Map<String, Object>> online = queries.members(room.id(), null, 0, Paging.HARD_PAGE_LIMIT)
        .items().stream()
        .filter(m -> !"offline".equals(m.user().status()))
        .map(m -> Map.<String, Object>of("_id", m.user().id(), "username", m.user().username()))
        .toList();
    return Map.of("online", online);
  }

  private Map<String, Object> history(Request req) {
    Room room = readable(req);
    Instant latest = req.queryDate("latest", "error-invalid-params");
    Instant oldest = req.queryDate("oldest", "error-invalid-params");
    Paging.Window w = paging.of(req);
    HistoryQuery query = new HistoryQuery(room.id(), latest == null ? Instant.now() : latest,
        oldest, req.queryFlag("inclusive"), w.offset(), w.count(),
        req.queryFlag("showThreadMessages"));
    List<Message> page = messages.history(req.session(), room, query);
    return Map.of("messages", page.stream().map(RcMessage::of).toList());
  }

  private Map<String, Object> messagesPage(Request req) {
    return messagesPage(messages, paging, req, readable(req));
  }

  /** {@code channels.messages}, {@code groups.messages}, {@code im.messages} of a readable room. */
  static Map<String, Object> messagesPage(MessageService messages, Paging paging, Request req,
      Room room) {
    Paging.Window w = paging.of(req);
    Page<Message> page = messages.page(req.session(), room, filter(req), w.offset(), w.count());
    return Paging.page("messages", page.items().stream().map(RcMessage::of).toList(), w.offset(),
        page.total());
  }

  /** {@code pinned=true}, {@code starredIds}, {@code mentionIds}: narrowed to the caller's view. */
  static chat.parley.messages.MessageStore.Filter filter(Request req) {
    if (req.queryFlag("pinned")) {
      return chat.parley.messages.MessageStore.Filter.PINNED;
    }
    if (req.query("starredIds") != null) {
      return chat.parley.messages.MessageStore.Filter.STARRED_BY_USER;
    }
    if (req.query("mentionIds") != null) {
      return chat.parley.messages.MessageStore.Filter.MENTIONING_USER;
    }
    return chat.parley.messages.MessageStore.Filter.NONE;
  }

  private Map<String, Object> counters(Request req) {
    Room room = readable(req);
    return RcRoom.counters(queries.counters(req.session(), room, req.query("userId")));
  }

  private Map<String, Object> roles(Request req) {
    Room room = readable(req);
    List<Map<String, Object>> roles = queries.roleHolders(room.id()).stream()
        .map(s -> Map.<String, Object>of("_id", s.id(), "rid", s.roomId(), "u", userRef(s),
            "roles", s.roles()))
        .toList();
    return Map.of("roles", roles);
  }

  private Map<String, Object> moderators(Request req) {
    Room room = readable(req);
    return Map.of("moderators", queries.withRole(room.id(), "moderator").stream()
        .map(RoomFamilyRoutes::userRef).toList());
  }

  private static Map<String, Object> userRef(Subscription s) {
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("_id", s.user().id());
    u.put("username", s.user().username());
    if (s.user().name() != null) {
      u.put("name", s.user().name());
    }
    return u;
  }

  /**
   * {@code channels.getIntegrations} / {@code groups.getIntegrations}: the integrations aimed at
   * {@code #name}, plus those on {@code all_public_channels} / {@code all_private_groups} unless
   * {@code includeAllPublicChannels} / {@code includeAllPrivateGroups} is not {@code "true"}.
   */
  private Map<String, Object> getIntegrations(Request req) {
    Session session = req.session();
    if (!session.can("manage-outgoing-integrations") && !session.can("manage-own-outgoing-integrations")
        && !session.can("manage-incoming-integrations")
        && !session.can("manage-own-incoming-integrations")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    Room room = readable(req);
    String flag = req.query(family == Family.CHANNELS ? "includeAllPublicChannels"
        : "includeAllPrivateGroups");
    java.util.Set<String> channels = new java.util.HashSet<>();
    channels.add("#" + room.name());
    if (flag == null || "true".equals(flag)) {
      channels.add(family == Family.CHANNELS ? "all_public_channels" : "all_private_groups");
    }
    Paging.Window w = paging.of(req);
    Page<chat.parley.integrations.Integration> page =
        integrations.forChannels(session, channels, w.offset(), w.count());
    return Paging.page("integrations", page.items().stream()
        .map(i -> IntegrationRoutes.doc(i, siteUrl)).toList(), w.offset(), page.total());
  }

  private Map<String, Object> files(Request req) {
    return FileRoutes.list(req, readable(req), fileService, paging);
  }

  // --- open/close, settings --------------------------------------------------------------------

  private Map<String, Object> open(Request req, boolean open) {
    Room room = find(req);
    Session session = req.session();
    Subscription sub = queries.subscription(session, room.id()).orElseThrow(() ->
        new ParleyException.Invalid("error-user-not-in-room",
            "The user/callee is not in the " + family.one + " \"" + room.name() + "\"."));
    if (sub.open() == open) {
      throw new ParleyException.Invalid("error-" + (open ? "already-open" : "already-closed"),
          "The " + family.noun + ", " + room.name() + ", is already " + (open ? "open" : "closed")
              + " to the sender");
    }
    subscriptions.setOpen(session, room.id(), open);
    return Map.of();
  }

  private Map<String, Object> rename(Request req) {
    Room room = writable(req);
    String name = requiredBody(req, "name");
    if (family == Family.CHANNELS && name.equals(room.name())) {
      throw new ParleyException.Invalid("error-invalid-params",
          "The channel name is the same as what it would be renamed to.");
    }
    return one(roomSettings.rename(req.session(), room, name));
  }

  private Map<String, Object> setText(Request req, String key, RoomSettings.Text field) {
    Room room = writable(req);
    JsonNode node = req.body().get(key);
    if (node == null || node.isNull() || (field != RoomSettings.Text.ANNOUNCEMENT
        && node.isTextual() && node.asText().isEmpty() && family == Family.CHANNELS)) {
      throw new ParleyException.Invalid("error-invalid-params", "The bodyParam \"" + key + "\" is required");
    }
    String value = node.asText();
    String current = switch (field) {
      case TOPIC -> room.topic();
      case DESCRIPTION -> room.description();
      case ANNOUNCEMENT -> room.announcement();
    };
    if (family == Family.CHANNELS && field != RoomSettings.Text.ANNOUNCEMENT
        && Objects.equals(current, value)) {
      String label = key.equals("purpose") ? "purpose (description)" : key;
      throw new ParleyException.Invalid("error-invalid-params",
          "The channel " + label + " is the same as what it would be changed to.");
    }
    roomSettings.setText(req.session(), room, field, value);
    return Map.of(key, value);
  }

  private Map<String, Object> setType(Request req) {
    Room room = writable(req);
    String type = requiredBody(req, "type");
    if (!type.equals("c") && !type.equals("p")) {
      throw new ParleyException.Invalid("error-invalid-room-type",
          "The room type is not valid [error-invalid-room-type]");
    }
    if (type.equals(room.type().code())) {
      throw new ParleyException.Invalid("error-invalid-params", "The " + (family == Family.CHANNELS
          ? "channel" : "private group") + " type is the same as what it would be changed to.");
    }
    return one(roomSettings.setType(req.session(), room, RoomType.fromCode(type)));
  }

  private Map<String, Object> setReadOnly(Request req) {
    Room room = writable(req);
    Boolean readOnly = req.optionalBoolean(req.body(), "readOnly");
    if (readOnly == null) {
      throw new ParleyException.Invalid("error-invalid-params", "The bodyParam \"readOnly\" is required");
    }
    if (readOnly == room.readOnly()) {
      throw new ParleyException.Invalid("error-invalid-params", "The " + (family == Family.CHANNELS
          ? "channel" : "private group") + " read only setting is the same as what it would be changed to.");
    }
    return one(roomSettings.setReadOnly(req.session(), room, readOnly));
  }

  private Map<String, Object> setDefault(Request req) {
    Room room = writable(req);
    JsonNode node = req.body().get("default");
    if (node == null || node.isNull()) {
      throw new ParleyException.Invalid("error-channels-setdefault-is-same",
          "The bodyParam \"default\" is required");
    }
    boolean value = node.asBoolean() || "true".equals(node.asText()) || "1".equals(node.asText());
    if (value == room.isDefault()) {
      throw new ParleyException.Invalid("error-channels-setdefault-missing-default-param",
          "The channel default setting is the same as what it would be changed to.");
    }
    return one(roomSettings.setDefault(req.session(), room, value));
  }

  private Map<String, Object> setJoinCode(Request req) {
    Room room = writable(req);
    return one(roomSettings.setJoinCode(req.session(), room, requiredBody(req, "joinCode")));
  }

  private Map<String, Object> setCustomFields(Request req) {
    Room room = writable(req);
    JsonNode node = req.body().get("customFields");
    if (node == null || !node.isObject()) {
      throw new ParleyException.Invalid("error-invalid-params",
          "The bodyParam \"customFields\" is required with a type like object.");
    }
    return one(roomSettings.setCustomFields(req.session(), room, req.optionalObject(req.body(), "customFields")));
  }

  private Map<String, Object> archive(Request req, boolean archive) {
    Room room = archive ? writable(req) : find(req);
    if (!archive && !room.archived() && family == Family.CHANNELS) {
      throw new ParleyException.Invalid("error-room-not-archived",
          "The channel, " + room.name() + ", is not archived");
    }
    roomSettings.setArchived(req.session(), room, archive);
    return Map.of();
  }

  private Map<String, Object> delete(Request req) {
    roomSettings.delete(req.session(), find(req));
    return Map.of();
  }
}
