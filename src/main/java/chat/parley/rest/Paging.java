package chat.parley.rest;

import chat.parley.settings.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code count}/{@code offset} as Rocket.Chat's {@code getPaginationItems} reads them. */
final class Paging {
  /** Even with {@code API_Allow_Infinite_Count}, one page never holds more than this. */
  static final int HARD_PAGE_LIMIT = 10_000;

  private final Settings settings;

  Paging(Settings settings) {
    this.settings = settings;
  }

  record Window(int offset, int count) {}

  Window of(Request req) {
    Integer offset = req.queryInt("offset");
    if (offset != null && offset < 0) {
      throw RestErrors.invalidQuery("'offset' must be >= 0");
    }
    return new Window(offset == null ? 0 : offset, count(req.queryInt("count")));
  }

  int count(Integer requested) {
    int defaultCount = settings.integer("API_Default_Count");
    int upper = settings.integer("API_Upper_Count_Limit");
    if (requested == null) {
      return defaultCount;
    }
    if (requested < 0) {
      throw RestErrors.invalidQuery("'count' must be >= 0");
    }
    if (requested == 0) {
      return settings.bool("API_Allow_Infinite_Count") ? HARD_PAGE_LIMIT : defaultCount;
    }
    return Math.min(requested, upper);
  }

  /**
   * Rocket.Chat's {@code sort} query parameter for room lists: a JSON object with one sortable
   * key and 1 or -1; anything else is {@code error-invalid-sort}.
   */
  static chat.parley.rooms.RoomSort roomSort(Request req) {
    String raw = req.query("sort");
    if (raw == null) {
      return chat.parley.rooms.RoomSort.BY_NAME;
    }
    try {
      var node = chat.parley.wire.RcJson.rest().readTree(raw);
      if (node.isObject() && node.size() >= 1) {
        var field = node.fieldNames().next();
        var key = chat.parley.rooms.RoomSort.keyOf(field);
        int dir = node.get(field).asInt(0);
        if (key != null && (dir == 1 || dir == -1)) {
          return new chat.parley.rooms.RoomSort(key, dir == 1);
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // Falls through to the error below.
    }
    throw new chat.parley.common.ParleyException.Invalid("error-invalid-sort",
        "Invalid sort parameter provided: \"" + raw + "\" [error-invalid-sort]");
  }

  /** {@code {<key>: items, count, offset, total}}, Rocket.Chat's paged answer. */
  static Map<String, Object> page(String key, List<?> items, int offset, long total) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(key, items);
    out.put("count", items.size());
    out.put("offset", offset);
    out.put("total", total);
    return out;
  }
}
