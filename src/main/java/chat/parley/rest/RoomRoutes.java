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
}
