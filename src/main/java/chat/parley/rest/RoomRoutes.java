package chat.parley.rest;

import chat.parley.common.ParleyException;
import chat.parley.messages.HistoryQuery;
import chat.parley.messages.Message;
import chat.parley.messages.MessageService;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomService;
import chat.parley.rooms.RoomType;
import chat.parley.settings.Settings;
import chat.parley.wire.RcMessage;
import chat.parley.wire.RcRoom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code rooms.get}, {@code channels.history}. */
final class RoomRoutes {
  /** Even with {@code API_Allow_Infinite_Count}, one page never holds more than this. */
  static final int HARD_PAGE_LIMIT = 10_000;

  private final RoomService rooms;
  private final MessageService messages;
  private final Settings settings;

  RoomRoutes(RoomService rooms, MessageService messages, Settings settings) {
    this.rooms = rooms;
    this.messages = messages;
    this.settings = settings;
  }

  void register(Api api) {
    api.get("rooms.get", this::roomsGet);
    api.get("channels.history", this::channelsHistory);
  }

  private Map<String, Object> roomsGet(Request req) {
    Instant since = req.queryDate("updatedSince", "error-updatedSince-param-invalid");
    List<Room> mine = rooms.roomsOf(req.session(), since);
    // One query for every room's last message, never one per room.
    Map<String, Message> last = messages.byIds(mine.stream()
        .map(Room::lastMessageId).filter(java.util.Objects::nonNull).toList());
    List<Map<String, Object>> update = mine.stream()
        .map(r -> RcRoom.of(r, r.lastMessageId() == null ? null : last.get(r.lastMessageId())))
        .toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("update", update);
    // Rooms left or deleted are reported here once rooms can be left (issue #3).
    out.put("remove", List.of());
    return out;
  }

  private Map<String, Object> channelsHistory(Request req) {
    Room room = findChannel(req);
    Instant latest = req.queryDate("latest", "error-invalid-params");
    Instant oldest = req.queryDate("oldest", "error-invalid-params");
    int offset = Optional.ofNullable(req.queryInt("offset")).orElse(0);
    if (offset < 0) {
      throw RestErrors.invalidQuery("'offset' must be >= 0");
    }
    HistoryQuery query = new HistoryQuery(room.id(), latest == null ? Instant.now() : latest,
        oldest, req.queryFlag("inclusive"), offset, pageSize(req.queryInt("count")));
    List<Message> page = messages.history(req.session(), room, query);
    return Map.of("messages", page.stream().map(RcMessage::of).toList());
  }

  /** {@code count} as Rocket.Chat's {@code getPaginationItems} reads it. */
  int pageSize(Integer requested) {
    int defaultCount = settings.integer("API_Default_Count");
    int upper = settings.integer("API_Upper_Count_Limit");
    if (requested == null) {
      return defaultCount;
    }
    if (requested == 0 && settings.bool("API_Allow_Infinite_Count")) {
      return HARD_PAGE_LIMIT;
    }
    if (requested < 0) {
      throw RestErrors.invalidQuery("'count' must be >= 0");
    }
    return Math.min(requested == 0 ? defaultCount : requested, upper);
  }

  private Room findChannel(Request req) {
    String roomId = req.query("roomId");
    String roomName = req.query("roomName");
    if (roomId == null && roomName == null) {
      throw RestErrors.invalidQuery("must have required property 'roomId'");
    }
    Optional<Room> room = roomId != null ? rooms.findById(roomId) : rooms.findByName(roomName);
    return room.filter(r -> r.type() == RoomType.CHANNEL).orElseThrow(() ->
        new ParleyException.NotFound("error-room-not-found",
            "The required \"roomId\" or \"roomName\" param provided does not match any channel"
                + " [error-room-not-found]"));
  }
}
