package chat.parley.rest;

import chat.parley.commands.SlashCommands;
import chat.parley.common.ParleyException;
import chat.parley.settings.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code commands.list}, {@code commands.get}, {@code commands.run}. */
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
      out.put("result", result);
      return out;
    });
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
