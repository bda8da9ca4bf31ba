package chat.parley.rest;

import chat.parley.commands.SlashCommands;
import chat.parley.common.ParleyException;
import chat.parley.settings.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code commands.list}, {@code commands.get}, {@code commands.run}, {@code commands.preview}. */
final class CommandRoutes {
  private final SlashCommands commands;
  private final Paging paging;

  CommandRoutes(SlashCommands commands, Settings settings) {
    this.commands = commands;
    this.paging = new Paging(settings);
  }

  void register(Api api) {
    api.get("commands.list", req -> {
      Paging.Window w = paging.of(req);
      List<SlashCommands.Command> all = commands.list();
      List<Map<String, Object>> page = all.stream().skip(w.offset()).limit(w.count()).map(CommandRoutes::doc).toList();
      return Paging.page("commands", page, w.offset(), all.size());
    });
    api.get("commands.get", req -> {
      String name = req.query("command");
      if (name == null) {
        throw RestErrors.invalidQuery("must have required property 'command'");
      }
      return Map.of("command", doc(commands.get(name).orElseThrow(() ->
          new ParleyException.Invalid("error-invalid-command",
              "There is no command in the system by the name of: " + name))));
    });
    api.post("commands.run", req -> {
      var body = req.body();
      String command = req.requiredString(body, "command");
      String roomId = req.requiredString(body, "roomId");
      Object result = commands.run(req.session(), command.replaceFirst("^/", ""),
          req.optionalString(body, "params"), roomId, req.optionalString(body, "tmid"));
      Map<String, Object> out = new LinkedHashMap<>();
      if (result != null) {
        out.put("result", result); // Rocket.Chat omits an undefined result
      }
      return out;
    });
    api.get("commands.preview", req -> {
      preview(req, req.query("command"), req.query("params") == null ? "" : req.query("params"),
          req.query("roomId"), false);
      return Map.of();
    });
    api.post("commands.preview", req -> {
      var body = req.body();
      preview(req, text(body.get("command"), null), text(body.get("params"), ""),
          text(body.get("roomId"), null), true);
      return Map.of();
    });
  }

  /** Rocket.Chat's checks and messages for both forms of {@code commands.preview}. */
  private void preview(Request req, String command, String params, String roomId, boolean execute) {
    if (command == null) {
      throw fail(execute ? "You must provide a command to run the preview item on."
          : "You must provide a command to get the previews from.");
    }
    if (params == null) {
      throw fail("The parameters for the command must be a single string.");
    }
    if (roomId == null) {
      throw fail(execute ? "The room's id where the preview is being executed in must be provided and be a string."
          : "The room's id where the previews are being displayed must be provided and be a string.");
    }
    if (execute) {
      var item = req.body().get("previewItem");
      if (item == null || item.isNull()) {
        throw fail("The preview item being executed must be provided.");
      }
      if (!item.hasNonNull("id") || !item.hasNonNull("type") || !item.has("value")) {
        throw fail("The preview item being executed is in the wrong format.");
      }
    }
    commands.requirePreviews(req.session(), command.toLowerCase(java.util.Locale.ROOT), roomId);
  }

  private static ParleyException.Invalid fail(String message) {
    return new ParleyException.Invalid(null, message);
  }

  /** A string field, "" when absent, null when present but not a string. */
  private static String text(com.fasterxml.jackson.databind.JsonNode value, String absent) {
    if (value == null || value.isNull()) {
      return absent;
    }
    return value.isTextual() ? value.asText() : null;
  }

  private static Map<String, Object> doc(SlashCommands.Command c) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("command", c.command());
    doc.put("params", c.params());
    doc.put("description", c.description());
    doc.put("clientOnly", false);
    doc.put("providesPreview", false);
    return doc;
  }
}
