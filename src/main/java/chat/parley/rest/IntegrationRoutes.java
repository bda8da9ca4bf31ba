package chat.parley.rest;

import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.integrations.IncomingWebhook;
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

/** {@code integrations.*} (incoming webhooks) and the {@code /hooks/{id}/{token}} receiver. */
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
      requireIncoming(req.body());
      return Map.of("integration", doc(integrations.create(req.session(), spec(req))));
    });
    api.get("integrations.list", req -> {
      Paging.Window w = paging.of(req);
      Page<Integration> page = integrations.list(req.session(), w.offset(), w.count());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("integrations", page.items().stream().map(this::doc).toList());
      out.put("offset", w.offset());
      out.put("items", page.items().size());
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
      requireIncoming(req.body());
      String id = req.requiredString(req.body(), "integrationId");
      return Map.of("integration", doc(integrations.update(req.session(), id, spec(req))));
    });
    api.post("integrations.remove", req -> {
      String id = req.requiredString(req.body(), "integrationId");
      return Map.of("integration", doc(integrations.remove(req.session(), id)));
    });
    routes.post("/hooks/{id}/{token}", ctx -> receive(ctx, ctx.pathParam("id"), ctx.pathParam("token")));
    routes.get("/hooks/{id}/{token}", ctx -> receive(ctx, ctx.pathParam("id"), ctx.pathParam("token")));
    // The older form that also names the user.
    routes.post("/hooks/{id}/{userId}/{token}", ctx -> receive(ctx, ctx.pathParam("id"), ctx.pathParam("token")));
  }

  private static void requireIncoming(ObjectNode body) {
    JsonNode type = body.get("type");
    if (type == null || !Integration.INCOMING.equals(type.asText())) {
      throw new ParleyException.Invalid("error-invalid-type",
          "Only incoming webhooks (type \"webhook-incoming\") are supported yet [error-invalid-type]");
    }
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
    doc.put("overrideDestinationChannelEnabled", i.overrideDestinationChannelEnabled());
    doc.put("_createdAt", i.createdAt());
    doc.put("_createdBy", Map.of("_id", i.createdBy().id(), "username", i.createdBy().username()));
    doc.put("_updatedAt", i.updatedAt());
    doc.put("url", siteUrl + "/hooks/" + i.id() + "/" + i.token());
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
