package chat.parley.rest;

import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomQueries;
import chat.parley.rooms.RoomType;
import chat.parley.settings.Settings;
import chat.parley.users.User;
import chat.parley.users.UserService;
import chat.parley.wire.RcJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code spotlight} and {@code directory}: finding people and rooms. */
final class DirectoryRoutes {
  private static final int SPOTLIGHT_LIMIT = 10;

  private final RoomQueries rooms;
  private final UserService users;
  private final Paging paging;

  DirectoryRoutes(RoomQueries rooms, UserService users, Settings settings) {
    this.rooms = rooms;
    this.users = users;
    this.paging = new Paging(settings);
  }

  void register(Api api) {
    api.get("spotlight", this::spotlight);
    api.get("directory", this::directory);
  }

  /**
   * Users and rooms matching {@code query}; {@code #} searches only rooms, {@code @} only users.
   * Rooms are the caller's own plus public channels; never a private room they are not in.
   */
  private Map<String, Object> spotlight(Request req) {
    String query = req.query("query");
    if (query == null) {
      throw RestErrors.invalidQuery("must have required property 'query'");
    }
    boolean roomsOnly = query.startsWith("#");
    boolean usersOnly = query.startsWith("@");
    String text = roomsOnly || usersOnly ? query.substring(1) : query;
    List<Map<String, Object>> userItems = new ArrayList<>();
    if (!roomsOnly && req.session().can("view-outside-room")) {
      users.search(text, 0, SPOTLIGHT_LIMIT).items().forEach(u -> userItems.add(userDoc(u, false)));
    }
    List<Map<String, Object>> roomItems = new ArrayList<>();
    if (!usersOnly) {
      List<Room> found = new ArrayList<>(rooms.listJoined(req.session(),
          EnumSet.of(RoomType.CHANNEL, RoomType.PRIVATE_GROUP), text, 0, SPOTLIGHT_LIMIT).items());
      if (req.session().can("view-c-room")) {
        for (Room r : rooms.listChannels(req.session(), text, 0, SPOTLIGHT_LIMIT).items()) {
          if (found.stream().noneMatch(f -> f.id().equals(r.id()))) {
            found.add(r);
          }
        }
      }
      found.stream().limit(SPOTLIGHT_LIMIT).forEach(r -> roomItems.add(roomDoc(r)));
    }
    return Map.of("users", userItems, "rooms", roomItems);
  }

  private Map<String, Object> directory(Request req) {
    String type = req.query("type") == null ? "channels" : req.query("type");
    String text = req.query("text");
    Paging.Window w = paging.of(req);
    String sort = req.query("sort");
    if (sort != null) {
      try {
        JsonNode node = RcJson.rest().readTree(sort);
        if (!node.isObject() || node.size() > 1) {
          throw new ParleyException.Invalid("error-invalid-params",
              "This method support only one \"sort\" parameter");
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw RestErrors.invalidQuery("'sort' must be a JSON object");
      }
    }
    return switch (type) {
      case "channels" -> {
        if (!req.session().can("view-c-room")) {
          throw ParleyException.NotAllowed.unauthorized();
        }
        Page<Room> page = rooms.listChannels(req.session(), text, w.offset(), w.count());
        yield Paging.page("result", page.items().stream().map(DirectoryRoutes::roomDoc).toList(),
            w.offset(), page.total());
      }
      case "users" -> {
        if (!req.session().can("view-outside-room")) {
          throw ParleyException.NotAllowed.unauthorized();
        }
        boolean full = req.session().can("view-full-other-user-info");
        Page<User> page = users.search(text, w.offset(), w.count());
        yield Paging.page("result", page.items().stream().map(u -> userDoc(u, full)).toList(),
            w.offset(), page.total());
      }
      default -> throw new ParleyException.Invalid("error-invalid-params", "Please verify the parameters");
    };
  }

  private static Map<String, Object> userDoc(User u, boolean withEmails) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("_id", u.id());
    doc.put("username", u.username());
    doc.put("name", u.name());
    doc.put("status", u.status());
    doc.put("createdAt", u.createdAt());
    if (withEmails && u.email() != null) {
      doc.put("emails", List.of(Map.of("address", u.email(), "verified", u.emailVerified())));
    }
    return doc;
  }

  private static Map<String, Object> roomDoc(Room r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("_id", r.id());
    doc.put("t", r.type().code());
    doc.put("name", r.name());
    doc.put("fname", r.fname());
    if (r.topic() != null) {
      doc.put("topic", r.topic());
    }
    if (r.description() != null) {
      doc.put("description", r.description());
    }
    doc.put("usersCount", r.usersCount());
    doc.put("ts", r.createdAt());
    doc.put("default", r.isDefault());
    doc.put("archived", r.archived());
    if (r.joinCode() != null) {
      doc.put("joinCodeRequired", true);
    }
    if (r.prid() != null) {
      doc.put("prid", r.prid());
    }
    return doc;
  }
}
