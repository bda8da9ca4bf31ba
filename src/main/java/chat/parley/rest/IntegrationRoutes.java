package chat.parley.rest;

import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.integrations.HistoryEntry;
import chat.parley.integrations.IncomingWebhook;
import chat.parley.integrations.OutgoingSpec;
import chat.parley.integrations.Integration;
import chat.parley.integrations.IntegrationService;
import chat.parley.messages.Message;
import chat.parley.settings.Settings;
import chat.parley.wire.RcJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code integrations.*} (incoming and outgoing webhooks, {@code integrations.history}) and the
 * {@code /hooks/{id}/{token}} receiver.
 */
final class IntegrationRoutes {
  private final IntegrationService integrations;
  private final String siteUrl;
  private final Paging paging;

  IntegrationRoutes(IntegrationService integrations, String siteUrl, Settings settings) {
    this.integrations = integrations;
    this.siteUrl = siteUrl.replaceAll("/+$", "");
    this.paging = new Paging(settings);
  }

  void register(Api api, RoutesConfig routes) {
    api.post("integrations.create", req -> {
      String type = type(req.body());
      refuseScripts(req.body());
      Integration created = Integration.OUTGOING.equals(type)
          ? integrations.createOutgoing(req.session(), outgoingSpec(req))
          : integrations.create(req.session(), spec(req));
      return Map.of("integration", doc(created));
    });
    api.get("integrations.list", req -> {
      Paging.Window w = paging.of(req);
      Page<Integration> page = integrations.list(req.session(), w.offset(), w.count());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("integrations", page.items().stream().map(this::doc).toList());
      out.put("offset", w.offset());
      out.put("items", page.items().size());
      out.put("count", page.items().size());
      out.put("total", page.total());
      return out;
    });
    api.get("integrations.get", req -> {
      String id = req.query("integrationId");
      if (id == null) {
        throw RestErrors.invalidQuery("must have required property 'integrationId'");
      }
      return Map.of("integration", doc(integrations.get(req.session(), id)));
    });
    api.put("integrations.update", req -> {
      String type = type(req.body());
      refuseScripts(req.body());
      if (Integration.OUTGOING.equals(type)) {
        String id = outgoingId(req);
        return Map.of("integration", doc(integrations.updateOutgoing(req.session(), id, outgoingSpec(req))));
      }
      String id = req.requiredString(req.body(), "integrationId");
      return Map.of("integration", doc(integrations.update(req.session(), id, spec(req))));
    });
    api.post("integrations.remove", req -> {
      String type = type(req.body());
      String id = Integration.OUTGOING.equals(type) ? outgoingId(req)
          : req.requiredString(req.body(), "integrationId");
      Integration removed = integrations.get(req.session(), id);
      if (!removed.type().equals(type)) {
        throw new ParleyException.Invalid("error-invalid-integration", "No integration found.");
      }
      return Map.of("integration", doc(integrations.remove(req.session(), id)));
    });
    api.get("integrations.history", req -> {
      String id = req.query("id");
      if (id == null) {
        throw RestErrors.invalidQuery("must have required property 'id'");
      }
      if (id.isBlank()) {
        throw new ParleyException.Invalid("error-invalid-params", "Invalid integration id.");
      }
      Paging.Window w = paging.of(req);
      Page<HistoryEntry> page = integrations.history(req.session(), id.trim(), w.offset(), w.count());
      Integration owner = page.items().isEmpty() ? null : integrations.get(req.session(), id.trim());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("history", page.items().stream().map(h -> historyDoc(h, owner)).toList());
      out.put("offset", w.offset());
      out.put("items", page.items().size());
      out.put("count", page.items().size());
      out.put("total", page.total());
      return out;
    });
    api.post("integrations.clearHistory", req -> {
      integrations.clearHistory(req.session(), req.requiredString(req.body(), "integrationId"));
      return Map.of();
    });
    api.post("integrations.replayOutgoing", req -> {
      String id = req.requiredString(req.body(), "integrationId");
      String historyId = req.requiredString(req.body(), "historyId");
      integrations.replay(req.session(), id, historyId);
      return Map.of();
    });
    routes.post("/hooks/{id}/{token}", ctx -> receive(ctx, ctx.pathParam("id"), ctx.pathParam("token")));
    routes.get("/hooks/{id}/{token}", ctx -> receive(ctx, ctx.pathParam("id"), ctx.pathParam("token")));
    // The older form that also names the user.
    routes.post("/hooks/{id}/{userId}/{token}", ctx -> receive(ctx, ctx.pathParam("id"), ctx.pathParam("token")));
  }

  private static String type(ObjectNode body) {
    JsonNode type = body.get("type");
    String value = type == null || !type.isTextual() ? "" : type.asText();
    if (!Integration.INCOMING.equals(value) && !Integration.OUTGOING.equals(value)) {
      throw new ParleyException.Invalid("error-invalid-type", "Invalid integration type.");
    }
    return value;
  }

  /**
   * Parley runs no integration scripts (Rocket.Chat runs them in isolated-vm): a request that
   * enables one is refused rather than silently ignored.
   */
  private static void refuseScripts(ObjectNode body) {
    JsonNode enabled = body.get("scriptEnabled");
    JsonNode script = body.get("script");
    if (enabled != null && enabled.asBoolean(false) && script != null && !script.asText("").isBlank()) {
      throw new ParleyException.Invalid("error-scripts-not-supported",
          "Integration scripts are not supported by Parley; set scriptEnabled to false"
              + " [error-scripts-not-supported]");
    }
  }

  private String outgoingId(Request req) {
    String targetUrl = req.optionalString(req.body(), "target_url");
    String id = req.optionalString(req.body(), "integrationId");
    if (targetUrl == null && id == null) {
      throw new ParleyException.Invalid("error-invalid-params",
          "An integrationId or target_url needs to be provided.");
    }
    return integrations.findOutgoing(req.session(), id, targetUrl);
  }

  private static OutgoingSpec outgoingSpec(Request req) {
    ObjectNode body = req.body();
    JsonNode channel = body.get("channel");
    String channels = null;
    if (channel != null && channel.isArray()) {
      List<String> parts = new ArrayList<>();
      channel.forEach(c -> parts.add(c.asText()));
      channels = String.join(",", parts);
    } else if (channel != null && channel.isTextual()) {
      channels = channel.asText();
    }
    List<String> urls = strings(body.get("urls"));
    JsonNode words = body.get("triggerWords");
    List<String> triggerWords = strings(words);
    Boolean enabled = req.optionalBoolean(body, "enabled");
    JsonNode retryCount = body.get("retryCount");
    Integer count = null;
    if (retryCount != null && retryCount.isNumber() && retryCount.canConvertToInt()) {
      count = retryCount.asInt();
    } else if (retryCount != null && retryCount.isTextual() && retryCount.asText().matches("-?\\d{1,9}")) {
      count = Integer.valueOf(retryCount.asText());
    }
    return new OutgoingSpec(req.optionalString(body, "name"), enabled == null || enabled,
        req.optionalString(body, "username"), channels, req.optionalString(body, "event"), urls,
        urls != null, triggerWords, words == null || words.isNull() || triggerWords != null,
        Boolean.TRUE.equals(req.optionalBoolean(body, "triggerWordAnywhere")),
        req.optionalBoolean(body, "runOnEdits"),
        Boolean.TRUE.equals(req.optionalBoolean(body, "impersonateUser")),
        Boolean.TRUE.equals(req.optionalBoolean(body, "retryFailedCalls")), count,
        req.optionalString(body, "retryDelay"), req.optionalString(body, "targetRoom"),
        req.optionalString(body, "token"), req.optionalString(body, "alias"),
        req.optionalString(body, "avatar"), req.optionalString(body, "emoji"));
  }

  /** The strings of a JSON array of strings, or null when it is absent or anything else. */
  private static List<String> strings(JsonNode node) {
    if (node == null || !node.isArray()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        return null;
      }
      out.add(item.asText());
    }
    return out;
  }

  private static IntegrationService.Spec spec(Request req) {
    ObjectNode body = req.body();
    List<String> channels = new ArrayList<>();
    JsonNode channel = body.get("channel");
    if (channel != null && channel.isArray()) {
      channel.forEach(c -> channels.add(c.asText().trim()));
    } else if (channel != null && channel.isTextual()) {
      for (String part : channel.asText().split(",")) {
        if (!part.isBlank()) {
          channels.add(part.trim());
        }
      }
    }
    Boolean enabled = req.optionalBoolean(body, "enabled");
    Boolean override = req.optionalBoolean(body, "overrideDestinationChannelEnabled");
    return new IntegrationService.Spec(req.optionalString(body, "name"), enabled == null || enabled,
        req.requiredString(body, "username"), channels, req.optionalString(body, "alias"),
        req.optionalString(body, "avatar"), req.optionalString(body, "emoji"),
        Boolean.TRUE.equals(override));
  }

  private Map<String, Object> doc(Integration i) {
    return doc(i, siteUrl);
  }

  /** An integration as Rocket.Chat's REST API shows it ({@code siteUrl} without trailing slash). */
  static Map<String, Object> doc(Integration i, String siteUrl) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("_id", i.id());
    doc.put("type", i.type());
    doc.put("name", i.name());
    doc.put("enabled", i.enabled());
    doc.put("username", i.postAs().username());
    doc.put("userId", i.postAs().id());
    doc.put("channel", i.channels());
    doc.put("token", i.token());
    if (i.alias() != null) {
      doc.put("alias", i.alias());
    }
    if (i.avatar() != null) {
      doc.put("avatar", i.avatar());
    }
    if (i.emoji() != null) {
      doc.put("emoji", i.emoji());
    }
    doc.put("scriptEnabled", false);
    if (i.outgoing() != null) {
      Integration.Outgoing o = i.outgoing();
      doc.put("event", o.event());
      doc.put("urls", o.urls());
      if (o.triggerWords() != null) {
        doc.put("triggerWords", o.triggerWords());
      }
      doc.put("triggerWordAnywhere", o.triggerWordAnywhere());
      doc.put("runOnEdits", o.runOnEdits());
      doc.put("impersonateUser", o.impersonateUser());
      doc.put("retryFailedCalls", o.retryFailedCalls());
      if (o.retryFailedCalls()) {
        doc.put("retryCount", o.retryCount());
        doc.put("retryDelay", o.retryDelay());
      }
      if (o.targetRoom() != null) {
        doc.put("targetRoom", o.targetRoom());
      }
    } else {
      doc.put("overrideDestinationChannelEnabled", i.overrideDestinationChannelEnabled());
    }
    doc.put("_createdAt", i.createdAt());
    doc.put("_createdBy", Map.of("_id", i.createdBy().id(), "username", i.createdBy().username()));
    doc.put("_updatedAt", i.updatedAt());
    if (i.outgoing() == null) {
      doc.put("url", siteUrl + "/hooks/" + i.id() + "/" + i.token());
    }
    return doc;
  }

  /**
   * Rocket.Chat's {@code IIntegrationHistory}: {@code integration} is the webhook's document and
   * {@code httpResult} the answer as {@code JSON.stringify(content, null, 2)} writes it.
   */
  private Map<String, Object> historyDoc(HistoryEntry h, Integration integration) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("_id", h.id());
    Map<String, Object> fields = new LinkedHashMap<>(h.fields());
    Object type = fields.remove("type");
    doc.put("type", type);
    doc.put("step", fields.remove("step"));
    doc.put("integration", integration == null ? Map.of("_id", h.integrationId()) : doc(integration));
    doc.put("event", fields.remove("event"));
    doc.put("_createdAt", h.createdAt());
    doc.put("_updatedAt", h.updatedAt());
    Object result = fields.get("httpResult");
    if (result instanceof String content) {
      try {
        fields.put("httpResult", RcJson.rest().writerWithDefaultPrettyPrinter().writeValueAsString(content));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        fields.remove("httpResult");
      }
    }
    doc.putAll(fields);
    return doc;
  }

  private void receive(Context ctx, String id, String token) {
    try {
      IncomingWebhook hook = decode(ctx);
      List<Message> sent = integrations.receive(id, token, hook);
      RestServer.writeSuccess(ctx, sent.isEmpty() ? Map.of() : Map.of());
    } catch (ParleyException e) {
      RestServer.write(ctx, RestErrors.of(e));
    }
  }

  /** JSON, form {@code payload=<json>} (Slack), form fields, or query parameters (GET). */
  private static IncomingWebhook decode(Context ctx) {
    ObjectNode body;
    String contentType = String.valueOf(ctx.contentType()).toLowerCase();
    try {
      if (contentType.startsWith("application/x-www-form-urlencoded")) {
        String payload = ctx.formParam("payload");
        if (payload != null) {
          body = (ObjectNode) RcJson.rest().readTree(payload);
        } else {
          body = RcJson.rest().createObjectNode();
          ctx.formParamMap().forEach((k, v) -> body.put(k, v.get(0)));
        }
      } else if (ctx.method().name().equals("GET")) {
        body = RcJson.rest().createObjectNode();
        ctx.queryParamMap().forEach((k, v) -> body.put(k, v.get(0)));
      } else {
        String text = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8).strip();
        JsonNode node = text.isEmpty() ? RcJson.rest().createObjectNode() : RcJson.rest().readTree(text);
        if (node.isTextual()) {
          node = RcJson.rest().readTree(node.asText());
        }
        if (!(node instanceof ObjectNode object)) {
          throw RestErrors.invalidBody("The payload must be a JSON object");
        }
        body = object;
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException | ClassCastException e) {
      throw RestErrors.invalidBody("The payload is not valid JSON");
    }
    List<String> channels = new ArrayList<>();
    JsonNode channel = body.hasNonNull("channel") ? body.get("channel") : body.get("roomId");
    if (channel != null && channel.isArray()) {
      channel.forEach(c -> channels.add(c.asText()));
    } else if (channel != null && channel.isTextual() && !channel.asText().isBlank()) {
      channels.add(channel.asText());
    }
    List<Map<String, Object>> attachments = null;
    JsonNode att = body.get("attachments");
    if (att != null && att.isArray()) {
      attachments = new ArrayList<>();
      for (JsonNode a : att) {
        if (!a.isObject()) {
          throw RestErrors.invalidBody("'attachments' items must be object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = RcJson.rest().convertValue(a, Map.class);
        // Rocket.Chat renames an attachment's msg to text.
        if (map.containsKey("msg") && !map.containsKey("text")) {
          map.put("text", map.remove("msg"));
        }
        attachments.add(map);
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> customFields = body.has("customFields") && body.get("customFields").isObject()
        ? RcJson.rest().convertValue(body.get("customFields"), Map.class) : null;
    return new IncomingWebhook(text(body, "text", "msg"), text(body, "alias", "username"),
        text(body, "avatar", "icon_url"), text(body, "emoji", "icon_emoji"), attachments, channels,
        text(body, "tmid", "tmid"), customFields);
  }

  private static String text(ObjectNode body, String name, String alternative) {
    JsonNode v = body.hasNonNull(name) ? body.get(name) : body.get(alternative);
    return v != null && v.isValueNode() && !v.asText().isEmpty() ? v.asText() : null;
  }
}
