package chat.parley.rest;

import chat.parley.common.ParleyException;
import chat.parley.settings.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code settings.public}, {@code settings}, {@code settings/:_id}. */
final class SettingsRoutes {
  private final Settings settings;
  private final Paging paging;

  SettingsRoutes(Settings settings) {
    this.settings = settings;
    this.paging = new Paging(settings);
  }

  void register(Api api) {
    api.publicGetAt(Api.V1 + "settings.public", req -> list(req, settings.ids().stream()
        .filter(settings::isPublic).toList()));
    api.get("settings", req -> {
      if (!req.session().can("view-privileged-setting")) {
        throw ParleyException.NotAllowed.unauthorized();
      }
      return list(req, settings.ids());
    });
    api.get("settings/{id}", req -> {
      String id = req.ctx().pathParam("id");
      if (!settings.exists(id) || (!settings.isPublic(id) && !req.session().can("view-privileged-setting"))) {
        throw ParleyException.NotAllowed.unauthorized();
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("_id", id);
      out.put("value", settings.typed(id));
      return out;
    });
    api.post("settings/{id}", req -> {
      String id = req.ctx().pathParam("id");
      if (!req.session().can("edit-privileged-setting")) {
        throw ParleyException.NotAllowed.unauthorized();
      }
      // Rocket.Chat marks POST settings/:_id twoFactorRequired.
      api.requireTwoFactor(req, chat.parley.auth.TwoFactorService.Options.DEFAULT);
      if (!settings.exists(id)) {
        throw new ParleyException.Invalid("error-setting-not-found", "Setting not found [error-setting-not-found]");
      }
      JsonNode value = req.body().get("value");
      if (value == null || value.isNull() || value.isContainerNode()) {
        throw RestErrors.invalidBody("must have required property 'value'");
      }
      Object current = settings.typed(id);
      if (current instanceof Boolean && !value.isBoolean()) {
        throw RestErrors.invalidBody("'value' must be boolean");
      }
      if (current instanceof Long && !value.canConvertToLong()) {
        throw RestErrors.invalidBody("'value' must be number");
      }
      settings.set(id, value.asText());
      return Map.of();
    });
  }

  private Map<String, Object> list(Request req, List<String> ids) {
    Paging.Window w = paging.of(req);
    List<Map<String, Object>> page = ids.stream().skip(w.offset()).limit(w.count()).map(id -> {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("_id", id);
      doc.put("value", settings.typed(id));
      return doc;
    }).toList();
    return Paging.page("settings", page, w.offset(), ids.size());
  }
}
