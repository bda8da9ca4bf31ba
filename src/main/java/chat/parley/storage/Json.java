package chat.parley.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/** JSON for the document-like columns (message extras, id lists). */
final class Json {
  private static final ObjectMapper MAPPER = chat.parley.wire.RcJson.newMapper();

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new StorageException("Cannot encode a stored document", e);
    }
  }

  static Map<String, Object> readMap(String json) {
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    try {
      return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new StorageException("Cannot decode a stored document", e);
    }
  }

  static List<String> readStrings(String json) {
    if (json == null || json.isEmpty()) {
      return List.of();
    }
    try {
      return MAPPER.readValue(json, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new StorageException("Cannot decode a stored list", e);
    }
  }
}
