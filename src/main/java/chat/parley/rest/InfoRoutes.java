package chat.parley.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/info}: which Rocket.Chat API this server speaks. */
final class InfoRoutes {
  /** The Rocket.Chat release whose API Parley implements; clients gate features on it. */
  static final String RC_API_VERSION = "8.8.0";

  private final String parleyVersion;

  InfoRoutes(String parleyVersion) {
    this.parleyVersion = parleyVersion;
  }

  void register(Api api) {
    api.publicGetAt("/api/info", req -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("version", RC_API_VERSION);
      out.put("minimumClientVersions", Map.of("desktop", "3.9.6", "mobile", "4.39.0"));
      out.put("parley", Map.of("version", parleyVersion));
      return out;
    });
  }
}
