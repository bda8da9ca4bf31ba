package chat.parley.wire;

import java.util.LinkedHashMap;

/** An ordered JSON object under construction that skips null values. */
final class Doc extends LinkedHashMap<String, Object> {
  Doc with(String key, Object value) {
    if (value != null) {
      put(key, value);
    }
    return this;
  }
}
